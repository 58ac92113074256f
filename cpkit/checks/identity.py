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
                yield rules.BAD_ID(
                    e.at("id"),
                    f"{name_of(e)}: {e.id!r} is not a valid id",
                    "use letters, digits, '-', '_' or '.', starting with a letter or digit, "
                    "no spaces",
                )
    for kind in NUMBERED_KINDS:
        for e in plan.section(kind):
            if e.id and not NUMBERED.fullmatch(e.id):
                yield rules.BAD_ID(
                    e.at("id"),
                    f"{name_of(e)}: {e.id!r} is not a hierarchical number",
                    "number it like 1, 1.2 or 1.2.3 (quote it if YAML reads it as a number)",
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
                    e.at("id"),
                    f"{name_of(e)} is defined twice",
                    f"the first is at {seen.at('id')}; give one of them another id",  # type: ignore[attr-defined]
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
                e.at("id"),
                f"{name_of(e)} is written under {e.parent}, so its id should start with "
                f"{e.parent}.",
                f"renumber it {e.parent}.N{move}",
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
                    f"{name_of(m)} has the number {m.number!r}, as {name_of(other)} has, "
                    f"under objective {objective.id}",
                    "give each measure of an objective its own number",
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
                    ind.at("id"),
                    f"indicator {ind.id!r} of {name_of(owner)} is not a valid id",
                    "use letters, digits, '-', '_' or '.', no spaces",
                )
            first = seen.setdefault(ind.id, ind)
            if first is not ind:
                yield rules.DUPLICATE_ID(
                    ind.at("id"),
                    f"{name_of(owner)} has two indicators {ind.id!r}",
                    f"the first is at {first.at('id')}; give one of them another id",  # type: ignore[attr-defined]
                )


def check_adoption(plan: Plan) -> Iterator[Diagnostic]:
    info = plan.info
    if info and info.status == "adopted" and info.adopted_by is None:
        yield rules.NO_RESOLUTION(
            info.at("status"),
            "the plan is adopted, but `adopted_by` does not say by whom and by which resolution",
            "add `adopted_by: {body: ..., number: ..., date: ...}`",
        )


CHECKS = (
    check_id_form, check_unique_ids, check_numbering, check_local_numbers, check_indicator_ids,
    check_adoption,
)  # fmt: skip
