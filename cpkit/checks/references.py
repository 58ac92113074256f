"""References by id: each must name an entity that exists."""

from __future__ import annotations

import dataclasses
import functools
import typing
from collections.abc import Iterator
from typing import Any

from cpkit.core import rules
from cpkit.core.diagnostics import Diagnostic, Named
from cpkit.model.entities import LIST_SECTIONS, Plan
from cpkit.model.fields import Entity, fields_of, name_of
from cpkit.model.suggest import Suggester

KIND_NAMES = {
    "stakeholders": "stakeholder",
    "groups": "group",
    "areas": "area",
    "target_groups": "target group",
    "needs": "need",
    "service_types": "service type",
    "services": "service",
    "measures": "measure",
    "cells": "needs-matrix cell (ROW/NEED)",
}
# The catalogue's kind (kinds: in the rules catalogue) of a reference, where it is not the name
KIND_WORDS = {"cells": "cell key"}


# The hint's message when no id is alike: where an entity of the kind is defined
WHERE = {"measures": "names-define-measure", "cells": "names-define-cell"}


@functools.cache
def _refs(cls: type[Entity]) -> tuple[tuple[str, str | None, str | None], ...]:
    """The fields of `cls` that name other entities: (field, kind, kind of its keys)."""
    return tuple(
        (f.name, f.metadata.get("ref"), f.metadata.get("key_ref"))
        for f in dataclasses.fields(cls)
        if f.metadata.get("ref") or f.metadata.get("key_ref")
    )


def check_references(plan: Plan) -> Iterator[Diagnostic]:
    ids: dict[str, Any] = {kind: plan.ids(kind) for kind in KIND_NAMES if kind != "cells"}
    known = _Known(ids | {"cells": plan.cells()})
    owners: list[Entity] = [plan.info] if plan.info else []
    for section in LIST_SECTIONS:
        owners.extend(getattr(plan, section))
    refs_of: dict[type, tuple[tuple[str, str | None, str | None], ...]] = {}
    for top in owners:
        for e, owner in _walk(top):
            cls = type(e)
            refs = refs_of.get(cls)
            if refs is None:
                refs = refs_of[cls] = _refs(cls)
            for name, ref, key_ref in refs:
                value = getattr(e, name)
                if ref and isinstance(value, str):
                    if value and value not in known[ref]:  # an empty id is reported as missing
                        yield _dangling(_name(owner), name, value, ref, known, e.at(name))
                elif ref and isinstance(value, list):
                    ids_of = known[ref]
                    for i, item in enumerate(value):
                        if item and item not in ids_of:
                            where = e.at(f"{name}.{i}")
                            yield _dangling(_name(owner), name, item, ref, known, where)
                if key_ref and isinstance(value, dict):
                    for key, cell in value.items():
                        if key not in known[key_ref]:
                            yield _dangling(
                                name_of(cell), "a column", key, key_ref, known, cell.loc
                            )


def _walk(top: Entity) -> Iterator[tuple[Entity, tuple[Entity, str]]]:
    """Each entity that can hold a reference, with whom a message names it by: itself, or a
    part without a name of its own (a capacity a measure adds) by its owner and field,
    "measure 1.1.2 adds_capacity". A part whose type holds no reference, nor anything that
    could (a measure's costs, an indicator's observations), is not entered: they were most
    of the entities the walk met."""
    stack: list[tuple[Entity, tuple[Entity, str]]] = [(top, (top, ""))]
    fields_of_class: dict[type, tuple[str, ...]] = {}
    while stack:
        e, named = stack.pop()
        yield e, named
        cls = type(e)
        fields = fields_of_class.get(cls)
        if fields is None:
            fields = fields_of_class[cls] = _walked_fields(cls)
        for field in fields:
            value = getattr(e, field)
            if isinstance(value, dict):
                value = list(value.values())
            for child in value if isinstance(value, list) else (value,):
                if isinstance(child, Entity):
                    stack.append((child, (child, "") if type(child).label else (named[0], field)))


@functools.cache
def _walked_fields(cls: type[Entity]) -> tuple[str, ...]:
    """The fields of `cls` whose type can hold an entity with a reference in it, in order."""
    return tuple(
        name
        for name, (_f, tp) in fields_of(cls).items()
        if (classes := _entity_classes(tp)) is None or any(_reaches_refs(c) for c in classes)
    )


@functools.cache
def _entity_classes(tp: Any) -> frozenset[type[Entity]] | None:
    """The entity classes a value of type `tp` can be (subclasses too); None for any."""
    if tp is Any or tp is object:
        return None
    if isinstance(tp, type) and not typing.get_args(tp):
        return _with_subclasses(tp) if issubclass(tp, Entity) else frozenset()
    found: set[type[Entity]] = set()
    for arg in typing.get_args(tp):
        if arg is type(None):
            continue
        classes = _entity_classes(arg)
        if classes is None:
            return None
        found |= classes
    return frozenset(found)


@functools.cache
def _with_subclasses(cls: type[Entity]) -> frozenset[type[Entity]]:
    found, todo = {cls}, [cls]
    while todo:
        for sub in todo.pop().__subclasses__():
            if sub not in found:
                found.add(sub)
                todo.append(sub)
    return frozenset(found)


@functools.cache
def _reaches_refs(cls: type[Entity]) -> bool:
    """Whether an entity of `cls`, or one anywhere below it, has a reference field."""
    seen, todo = {cls}, [cls]
    while todo:
        c = todo.pop()
        if _refs(c):
            return True
        for _f, tp in fields_of(c).values():
            classes = _entity_classes(tp)
            if classes is None:
                return True
            for sub in classes - seen:
                seen.add(sub)
                todo.append(sub)
    return False


def _name(named: tuple[Entity, str]) -> Named:
    owner, field = named
    return name_of(owner).part(field) if field else name_of(owner)


def _dangling(
    owner: Named, field: str, value: str, kind: str, known: _Known, loc: Any
) -> Diagnostic:
    meant = known.suggester(kind).closest(value)
    words = {
        "owner": owner,
        "value": value,
        "field": field,
        "kind_name": Named(KIND_WORDS.get(kind, KIND_NAMES[kind])),
    }
    if meant is not None:
        return rules.DANGLING_REF(loc, "names-meant", **words, meant=meant)
    return rules.DANGLING_REF(loc, WHERE.get(kind, "names-define"), **words, section=kind)


class _Known(dict):  # type: ignore[type-arg]
    """The ids of each kind, and a Suggester per kind built when first needed: its index
    is built once per check, and each distinct missing id is looked up once."""

    def __init__(self, ids: dict[str, Any]) -> None:
        super().__init__(ids)
        self.suggesters: dict[str, Suggester] = {}

    def suggester(self, kind: str) -> Suggester:
        if kind not in self.suggesters:
            self.suggesters[kind] = Suggester(self[kind])
        return self.suggesters[kind]


CHECKS = (check_references,)
