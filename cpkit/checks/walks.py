"""The walks of a plan that many checks take, taken once per run of the checks.

Every measure and sub-measure is a walk of the whole tree (`Plan.measures`), and a dozen
checks each took it again: on a plan of 2,000 measures those walks cost more than some of
the checks. While `run_checks` runs, the lists are made once and shared; a check called on
its own walks the plan itself. Checks never change the plan, so the lists stay true.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from cpkit.model.entities import Measure, Objective, Plan

# id(plan) → (the plan, its objectives, its measures), while its checks run
_WALKED: dict[int, tuple[Plan, list[Objective], list[Measure]]] = {}


@contextmanager
def shared(plan: Plan) -> Iterator[None]:
    """The walks of `plan` made once and shared by the checks run inside."""
    key = id(plan)
    if key in _WALKED:
        yield
        return
    _WALKED[key] = (plan, list(plan.objectives()), list(plan.measures()))
    try:
        yield
    finally:
        del _WALKED[key]


def _walked(plan: Plan) -> tuple[Plan, list[Objective], list[Measure]] | None:
    found = _WALKED.get(id(plan))
    return found if found is not None and found[0] is plan else None


def measures(plan: Plan) -> list[Measure]:
    """Every measure and sub-measure, depth first, in plan order (`Plan.measures`)."""
    found = _walked(plan)
    return found[2] if found is not None else list(plan.measures())


def objectives(plan: Plan) -> list[Objective]:
    found = _walked(plan)
    return found[1] if found is not None else list(plan.objectives())


def section(plan: Plan, kind: str) -> list[Any]:
    """`Plan.section`, with the shared walks."""
    if kind == "measures":
        return measures(plan)
    if kind == "objectives":
        return objectives(plan)
    return plan.section(kind)


def ids(plan: Plan, kind: str) -> dict[str, Any]:
    """`Plan.ids`: id → the first entity of that kind."""
    out: dict[str, Any] = {}
    for e in section(plan, kind):
        out.setdefault(e.id, e)
    return out
