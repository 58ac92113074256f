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
from typing import TYPE_CHECKING, Any

from cpkit.analysis import gaps as tables
from cpkit.model.entities import Plan, depth_first

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
    missing = tables.service_rows(plan)  # rows, not a DataFrame: no pandas in the workers
    answered = sum(1 for row in missing if row["answered"])
    return PlanDigest(
        plan=plan if whole else _compared(plan),
        is_whole=whole,
        missing=len(missing),
        unanswered=len(missing) - answered,
        capacity=_capacity(plan),
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


def _capacity(plan: Plan) -> list[tuple[str, str, str, float]]:
    """The gap of each row of the plan's capacity table (gaps.capacity_gaps), by the same
    index and the same additions, without the table: a gap that cannot be told is NaN, as
    in the table's float column."""
    year = plan.info.period.end.year if plan.info and plan.info.period else None
    existing_by, planned_by, years_by = tables._capacity_index(plan)
    out = []
    for d in plan.demand:
        _, population = tables._population(plan, years_by, d.target_group, year)
        key = (d.service_type, d.target_group, d.unit)
        existing, planned = sum(existing_by.get(key, ())), sum(planned_by.get(key, ()))
        demand = population * d.share if population is not None else None
        gap = float("nan") if demand is None else float(demand - existing - planned)
        out.append((d.target_group, d.service_type, d.unit, gap))
    return out


_COLUMNS = {"scope", "id", "title", "year", "costs", "funds", "gap"}  # the table's own


def _money(plan: Plan) -> Money:
    """The plan's and its areas' rows of the funding table (gaps.funding_gaps), totals
    only, added up by the table's own functions (the measures' and objectives' rows,
    most of the table, are not needed)."""
    money = {m.id: tables._measure_money(m) for m in plan.measures()}
    sources = sorted({src for mm in money.values() for _, src in mm.funds})

    def total(parts: list[tables._Money] | Any) -> dict[str, Any]:
        return tables._money_rows("", "", "", parts, sources)[-1]  # the "total" row comes last

    measures_of = {o.id: list(depth_first(o.measures)) for o in plan.objectives()}
    whole = total(money.values())
    areas = []
    for a in [*plan.areas, None]:
        prios = [p for p in plan.priorities if p.area == (a.id if a else None)]
        if a is None and not prios:
            continue
        row = total([money[m.id] for p in prios for o in p.objectives for m in measures_of[o.id]])
        areas.append((a.id if a else tables.JOINT, row["costs"], row["funds"], row["gap"]))
    return Money(
        costs=whole["costs"],
        funds=whole["funds"],
        gap=whole["gap"],
        sources=[(src, whole[src]) for src in sources if src not in _COLUMNS],
        areas=areas,
    )
