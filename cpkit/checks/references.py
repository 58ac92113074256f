"""References by id: each must name an entity that exists."""

from __future__ import annotations

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


def _refs(cls: type[Entity]) -> list[tuple[str, str | None, str | None]]:
    return [
        (name, f.metadata.get("ref"), f.metadata.get("key_ref"))
        for name, (f, _tp) in fields_of(cls).items()
        if f.metadata.get("ref") or f.metadata.get("key_ref")
    ]


def check_references(plan: Plan) -> Iterator[Diagnostic]:
    ids: dict[str, Any] = {kind: plan.ids(kind) for kind in KIND_NAMES if kind != "cells"}
    known = _Known(ids | {"cells": plan.cells()})
    owners: list[Entity] = [plan.info] if plan.info else []
    for section in LIST_SECTIONS:
        owners.extend(getattr(plan, section))
    cache: dict[type, list[tuple[str, str | None, str | None]]] = {}
    for top in owners:
        for e, owner in _walk(top):
            refs = cache.get(type(e))
            if refs is None:
                refs = cache[type(e)] = _refs(type(e))
            for name, ref, key_ref in refs:
                value = getattr(e, name)
                if ref and isinstance(value, str):
                    yield from _check(e, owner, name, value, name, ref, known)
                elif ref and isinstance(value, list):
                    for i, item in enumerate(value):
                        yield from _check(e, owner, name, item, f"{name}.{i}", ref, known)
                if key_ref and isinstance(value, dict):
                    for key, cell in value.items():
                        if key not in known[key_ref]:
                            yield _dangling(
                                name_of(cell), "a column", key, key_ref, known, cell.loc
                            )


def _walk(top: Entity) -> Iterator[tuple[Entity, tuple[Entity, str]]]:
    """Each entity with whom a message names it by: itself, or a part without a name of
    its own (a capacity a measure adds) by its owner and field, "measure 1.1.2 adds_capacity"."""
    stack: list[tuple[Entity, tuple[Entity, str]]] = [(top, (top, ""))]
    while stack:
        e, named = stack.pop()
        yield e, named
        for field in _entity_fields(type(e)):
            value = getattr(e, field)
            if isinstance(value, dict):
                value = list(value.values())
            for child in value if isinstance(value, list) else (value,):
                if isinstance(child, Entity):
                    stack.append((child, (child, "") if type(child).label else (named[0], field)))


@functools.cache
def _entity_fields(cls: type[Entity]) -> tuple[str, ...]:
    """The fields of `cls` whose type can hold an entity, in order: the walk looks at no
    other (text, numbers and lists of ids were most of the fields it read)."""
    return tuple(name for name, (_f, tp) in fields_of(cls).items() if _may_hold_entity(tp))


def _may_hold_entity(tp: Any) -> bool:
    if tp is Any or tp is object:
        return True
    if isinstance(tp, type) and not typing.get_args(tp):
        return issubclass(tp, Entity)
    return any(_may_hold_entity(a) for a in typing.get_args(tp) if a is not type(None))


def _name(named: tuple[Entity, str]) -> Named:
    owner, field = named
    return name_of(owner).part(field) if field else name_of(owner)


def _check(
    e: Entity,
    named: tuple[Entity, str],
    field: str,
    value: str,
    where: str,
    kind: str,
    known: _Known,
) -> Iterator[Diagnostic]:
    if value and value not in known[kind]:  # an empty required id is reported as missing
        yield _dangling(_name(named), field, value, kind, known, e.at(where))


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
