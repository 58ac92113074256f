"""Ids: well formed, unique per kind, and numbered under their parent."""

from __future__ import annotations

import re
from collections.abc import Iterator

from cpkit.core import rules
from cpkit.core.diagnostics import Diagnostic
from cpkit.model.entities import Plan, depth_first
from cpkit.model.fields import name_of

SLUG = re.compile(r"[^\W_][\w.-]{0,79}")  # used with fullmatch: no trailing newline
NUMBERED = re.compile(r"[1-9]\d*(\.[1-9]\d*)*")

SLUG_KINDS = (
    "stakeholders", "groups", "target_groups", "needs", "service_types", "areas", "services",
    "needs_matrix", "comments",
)  # fmt: skip
NUMBERED_KINDS = ("priorities", "objectives", "measures")


def check_id_form(plan: Plan) -> Iterator[Diagnostic]:
    for kind in SLUG_KINDS:
        for e in plan.section(kind):
            if e.id and not SLUG.fullmatch(e.id):
                yield rules.BAD_ID(e.at("id"), "not-valid-id", entity=name_of(e), id=e.id)
    for kind in NUMBERED_KINDS:
        for e in plan.section(kind):
            if e.id and not NUMBERED.fullmatch(e.id):
                yield rules.BAD_ID(
                    e.at("id"), "not-hierarchical-number", entity=name_of(e), id=e.id
                )


def check_unique_ids(plan: Plan) -> Iterator[Diagnostic]:
    for kind in (*SLUG_KINDS, *NUMBERED_KINDS):
        first: dict[str, object] = {}
        for e in plan.section(kind):
            if not e.id:
                continue  # reported as missing
            seen = first.setdefault(e.id, e)
            if seen is not e:
                yield rules.DUPLICATE_ID(
                    e.at("id"), "defined-twice", entity=name_of(e), at=seen.at("id")
                )


def check_numbering(plan: Plan) -> Iterator[Diagnostic]:
    children = [*plan.objectives(), *plan.measures()]
    numbered = {e.id for e in [*plan.priorities, *children]}
    for e in children:
        if not (NUMBERED.fullmatch(e.id) and NUMBERED.fullmatch(e.parent)):
            continue  # reported as a bad id
        head, _, _ = e.id.rpartition(".")
        if head != e.parent:
            move = f", or move it under {head}" if head in numbered else ""
            yield rules.ID_PARENT(
                e.at("id"), "written-under-so", entity=name_of(e), parent=e.parent, move=move
            )


def check_local_numbers(plan: Plan) -> Iterator[Diagnostic]:
    """A measure's own `number` is unique under its objective: the cards show it as their
    title, so two measures with one number would read as one."""
    for objective in plan.objectives():
        first: dict[str, object] = {}
        for m in depth_first(objective.measures):
            if not m.number:
                continue
            other = first.setdefault(m.number, m)
            if other is not m:
                yield rules.DUPLICATE_NUMBER(
                    m.at("number"),
                    "has-number-as",
                    entity=name_of(m),
                    number=m.number,
                    other=name_of(other),
                    id=objective.id,
                )


def check_indicator_ids(plan: Plan) -> Iterator[Diagnostic]:
    """Monitoring names an indicator by its owner and id, so each must be one of a kind."""
    for owner in [*plan.objectives(), *plan.measures()]:
        seen: dict[str, object] = {}
        for ind in owner.indicators:
            if not ind.id:
                continue
            if not SLUG.fullmatch(ind.id):
                yield rules.BAD_ID(
                    ind.at("id"), "indicator-not-valid", id=ind.id, owner=name_of(owner)
                )
            first = seen.setdefault(ind.id, ind)
            if first is not ind:
                yield rules.DUPLICATE_ID(
                    ind.at("id"),
                    "has-two-indicators",
                    owner=name_of(owner),
                    id=ind.id,
                    at=first.at("id"),
                )


def check_adoption(plan: Plan) -> Iterator[Diagnostic]:
    info = plan.info
    if info and info.status == "adopted" and info.adopted_by is None:
        yield rules.NO_RESOLUTION(info.at("status"), "plan-adopted-but")


CHECKS = (
    check_id_form, check_unique_ids, check_numbering, check_local_numbers, check_indicator_ids,
    check_adoption,
)  # fmt: skip
