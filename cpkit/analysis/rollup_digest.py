"""What a roll-up reads of one plan: its digest.

A roll-up of a hundred plans spent most of its time handing whole plans from the processes
that load them to the one that rolls them up, and computing each plan's gap tables there,
one plan after another. A digest is computed where the plan is loaded (cpkit.api's
`check_plans(..., keep=checked_digest)`): the plan's own figures, from cpkit.analysis.gaps
as before, and the few sections the roll-up compares across plans. The objectives and
measures, the bulk of a plan, stay behind; the roll-up per district objective, which needs
them, reads the plans it concerns again (`PlanDigest.whole`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from cpkit.analysis import gaps as tables
from cpkit.model.entities import Plan

if TYPE_CHECKING:
    from cpkit.core.diagnostics import Report


@dataclass(frozen=True, slots=True)
class Money:
    """A plan's funding totals (no years): the plan's row, each source's funds in the
    plan's row, and each area's row, in the order of the plan's funding table."""

    costs: float
    funds: float
    gap: float
    sources: list[tuple[str, float]]  # source → funds, sorted by source
    areas: list[tuple[str, float, float, float]]  # area id (or JOINT), costs, funds, gap


@dataclass(frozen=True, slots=True)
class PlanDigest:
    """One plan as the roll-up reads it."""

    # the plan's metadata, vocabularies, needs matrix, services and stakeholders; its
    # objectives and everything else only when `is_whole`
    plan: Plan
    is_whole: bool
    missing: int  # needs-matrix cells marked missing
    unanswered: int  # of those, the cells no measure answers
    capacity: list[tuple[str, str, str, float]]  # target group, service type, unit, gap
    money: Money

    def whole(self) -> Plan:
        """The whole plan: kept, or read again from its folder (as check read it)."""
        if self.is_whole:
            return self.plan
        from cpkit.api import load_plan

        return load_plan(self.plan.root)


def digest(plan: Plan, *, whole: bool = True) -> PlanDigest:
    """The plan's digest; `whole`: keep the whole plan in it (in this process), else only
    what the roll-up compares across plans (to hand to another process)."""
    missing = tables.service_gaps(plan)
    answered = int(missing["answered"].astype(bool).sum())
    capacity = [
        (r["target_group"], r["service_type"], r["unit"], r["gap"])
        for r in tables.capacity_gaps(plan).to_dict("records")
    ]
    return PlanDigest(
        plan=plan if whole else _compared(plan),
        is_whole=whole,
        missing=len(missing),
        unanswered=len(missing) - answered,
        capacity=capacity,
        money=_money(plan),
    )


def checked_digest(plan: Plan, report: Report) -> tuple[PlanDigest, int]:
    """In a process that loaded and checked the plan: its digest without the sections the
    roll-up does not compare, and the number of errors check found."""
    from cpkit.core.diagnostics import Severity

    return digest(plan, whole=False), report.counts()[Severity.ERROR]


def _compared(plan: Plan) -> Plan:
    """The sections of `plan` the roll-up compares across plans, in a plan of their own."""
    return Plan(
        root=plan.root,
        info=plan.info,
        stakeholders=plan.stakeholders,
        target_groups=plan.target_groups,
        needs=plan.needs,
        service_types=plan.service_types,
        areas=plan.areas,
        services=plan.services,
        needs_matrix=plan.needs_matrix,
    )


def _money(plan: Plan) -> Money:
    frame = tables.funding_gaps(plan)
    frame = frame[frame["year"] == "total"]
    total = frame[frame["scope"] == "plan"].iloc[0]
    fixed = {"scope", "id", "title", "year", "costs", "funds", "gap"}
    return Money(
        costs=total["costs"],
        funds=total["funds"],
        gap=total["gap"],
        sources=[(c, total[c]) for c in frame.columns if c not in fixed],
        areas=[
            (r["id"], r["costs"], r["funds"], r["gap"])
            for r in frame[frame["scope"] == "area"].to_dict("records")
        ],
    )
