"""Gap tables: pure functions plan → rows (Table), and the same as a pandas.DataFrame.

The CLI, the rendered document and the spreadsheet export all take their numbers
from here, so that every view of a plan shows the same figures. Each table's
arithmetic is documented in docs/gaps.md. The document reads the rows (`ROWS`), so
that `cpkit render` never imports pandas; `cpkit gaps`, the export and the roll-up read
the DataFrames (`TABLES`), which are built from those very rows.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cpkit.analysis.monitoring import (
    AT_RISK,
    DONE,
    NO_ACTUAL,
    NO_TARGET,
    OFF_TRACK,
    ON_TRACK,
    QUALITATIVE,
)
from cpkit.analysis.monitoring import actuals as from_monitoring
from cpkit.checks.areas import sides
from cpkit.model.entities import TRIAD, Indicator, Measure, Period, Plan, depth_first

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True, slots=True)
class Table:
    """A gap table as plain rows, one dict per row with every column as a key.

    The numbers are typed as in the table's DataFrame: a column of numbers that has a
    float or a missing value in it holds floats only (None where missing), as pandas
    would make it float64, so that the document shows what the CLI and export show."""

    columns: list[str]
    rows: list[dict[str, Any]]
    floats: tuple[str, ...] = ()  # the columns the DataFrame makes float64 whatever they hold

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.rows)

    def frame(self) -> pd.DataFrame:
        """The table as the DataFrame `cpkit gaps` and the export show."""
        import pandas as pd  # only here: importing the tables must not import pandas

        frame = pd.DataFrame(self.rows, columns=self.columns)
        return frame.astype(dict.fromkeys(self.floats, "float64")) if self.floats else frame


def table(rows: list[dict[str, Any]], columns: list[str], floats: tuple[str, ...] = ()) -> Table:
    """The rows with each column's numbers typed as its DataFrame types them (see Table)."""
    for c in columns:
        values = [r.get(c) for r in rows]
        numbers = [v for v in values if v is not None]
        kinds = set(map(type, numbers))  # a few types, not a test of every value
        if c not in floats and not (
            numbers
            and all(_is_number_type(k) for k in kinds)
            and (len(numbers) < len(values) or any(issubclass(k, float) for k in kinds))
        ):
            continue
        for r in rows:
            if r.get(c) is not None:
                r[c] = float(r[c])
    return Table(columns, rows, floats)


def _is_number_type(kind: type) -> bool:
    return issubclass(kind, int | float) and not issubclass(kind, bool)


def service_gaps(plan: Plan) -> pd.DataFrame:
    """Every needs-matrix cell marked missing, and the measures that answer it."""
    return service_rows(plan).frame()


def service_rows(plan: Plan) -> Table:
    """service_gaps as rows."""
    answers: dict[str, list[str]] = defaultdict(list)
    for m in plan.measures():
        for key in m.answers:
            answers[key].append(m.id)
    names = {
        "need": _names(plan.needs),
        "target_group": _names(plan.target_groups),
        "service_type": _names(plan.service_types),
    }
    rows = []
    for r in plan.needs_matrix:
        for need, cell in r.cells.items():
            if cell.status != "missing":
                continue
            by = answers.get(f"{r.id}/{need}", [])
            rows.append(
                {
                    "row": r.id,
                    "target_group": names["target_group"].get(r.target_group or "", r.target_group),
                    "service_type": names["service_type"].get(r.service_type or "", r.service_type),
                    "need": names["need"].get(need, need),
                    "answered_by": ", ".join(by),
                    "answered": bool(by),
                }
            )
    columns = ["row", "target_group", "service_type", "need", "answered_by", "answered"]
    return table(rows, columns)


def capacity_gaps(plan: Plan, year: int | None = None) -> pd.DataFrame:
    """capacity_rows as a DataFrame."""
    return capacity_rows(plan, year).frame()


def capacity_rows(plan: Plan, year: int | None = None) -> Table:
    """Demand (population × share) against existing and planned capacity.

    One row per demand entry (target group × service type, in one unit). Existing
    capacity is the capacity of services of that type serving the target group in
    that unit; planned capacity is what measures add. gap = demand − existing − planned;
    a positive gap is capacity still missing.
    """
    year = year or (plan.info.period.end.year if plan.info and plan.info.period else None)
    existing_by, planned_by, years_by = _capacity_index(plan)
    rows = []
    for d in plan.demand:
        pop_year, population = _population(plan, years_by, d.target_group, year)
        key = (d.service_type, d.target_group, d.unit)
        # sum() over the values in plan order: the same additions, so the same floats, as
        # scanning every service and measure for each row.
        existing, planned = sum(existing_by.get(key, ())), sum(planned_by.get(key, ()))
        demand = population * d.share if population is not None else None
        rows.append(
            {
                "target_group": d.target_group,
                "service_type": d.service_type,
                "unit": d.unit,
                "year": pop_year,
                "population": population,
                "share": d.share,
                "demand": demand,
                "existing": existing,
                "planned": planned,
                "gap": None if demand is None else demand - existing - planned,
            }
        )
    columns = [
        "target_group", "service_type", "unit", "year", "population", "share", "demand",
        "existing", "planned", "gap",
    ]  # fmt: skip
    return table(rows, columns, floats=("population", "demand", "gap"))


_Key = tuple[str | None, str, str | None]  # (service type, target group, unit)


def _capacity_index(
    plan: Plan,
) -> tuple[dict[_Key, list[float]], dict[_Key, list[float]], dict[str, list[int]]]:
    """One pass over services, measures and population counts, so that each demand row
    is a look-up (the table was a scan of every service and measure per row: quadratic).

    Existing capacity: services of that type serving the target group, in that unit (a
    service for several groups counts once for each). Planned capacity: what measures
    add, a cancelled measure none. Values stay in plan order under each key."""
    existing: dict[_Key, list[float]] = defaultdict(list)
    for s in plan.services:
        if s.capacity is None:
            continue
        for group in dict.fromkeys(s.target_groups):
            existing[(s.type, group, s.capacity.unit)].append(s.capacity.value)
    planned: dict[_Key, list[float]] = defaultdict(list)
    for m in plan.measures():
        if m.status == "cancelled":
            continue
        for a in m.adds_capacity:
            for group in dict.fromkeys(a.target_groups):
                planned[(a.service_type, group, a.unit)].append(a.value)
    years: dict[str, list[int]] = defaultdict(list)
    for g, y in plan.demographics.population:
        years[g].append(y)
    for ys in years.values():
        ys.sort()
    return existing, planned, years


def _population(
    plan: Plan, years_by: dict[str, list[int]], group: str, year: int | None
) -> tuple[int | None, float | None]:
    """The count for `year`, else the latest year before it, else none."""
    years = years_by.get(group, [])
    usable = years if year is None else years[: bisect_right(years, year)]
    if not usable:
        return None, None
    chosen = usable[-1]
    return chosen, plan.demographics.population[(group, chosen)]


@dataclass(slots=True)
class _Money:
    """A measure's money keyed the way the funding table adds it up, by year and "total"."""

    costs: dict[str, float]  # year (or "total") → amount
    funds: dict[tuple[str, str], float]  # (year or "total", source) → amount


def _measure_money(m: Measure) -> _Money:
    """A measure's costs and funds by year and in total. A total given in the plan wins over
    the sum of its years (the years need not add up to it); a fund with no year counts in
    the total only, and a fund with no amount counts as none."""
    costs: dict[str, float] = defaultdict(float)
    if m.costs:
        for y, amount in m.costs.per_year.items():
            costs[str(y)] += amount
        costs["total"] = (
            m.costs.total if m.costs.total is not None else sum(m.costs.per_year.values())
        )
    funds: dict[tuple[str, str], float] = defaultdict(float)
    for f in m.funds:
        amount = f.amount or 0.0
        if f.year is not None:
            funds[(str(f.year), f.source)] += amount
        funds[("total", f.source)] += amount
    return _Money(costs, funds)


def funding_gaps(plan: Plan) -> pd.DataFrame:
    """funding_rows as a DataFrame."""
    return funding_rows(plan).frame()


def funding_rows(plan: Plan) -> Table:
    """Costs of measures against expected funds, by source and year, rolled up.

    Rows per measure, objective, area and the whole plan; `year` is a year or
    "total". gap = costs − funds; positive means money still to be found.
    """
    money = {m.id: _measure_money(m) for m in plan.measures()}
    sources = sorted({src for mm in money.values() for _, src in mm.funds})
    rows: list[dict[str, object]] = []

    def emit(scope: str, ident: str, title: str, parts: Iterable[_Money]) -> None:
        rows.extend(_money_rows(scope, ident, title, parts, sources))

    measures_of: dict[str, list[Measure]] = {
        o.id: list(depth_first(o.measures)) for o in plan.objectives()
    }
    emit("plan", (plan.info.id or "") if plan.info else "", _title(plan), money.values())
    for a in [*plan.areas, None]:
        prios = [p for p in plan.priorities if p.area == (a.id if a else None)]
        if a is None and not prios:
            continue
        parts = [money[m.id] for p in prios for o in p.objectives for m in measures_of[o.id]]
        emit("area", a.id if a else JOINT, a.name if a else "joint objectives", parts)
    for o in plan.objectives():
        emit("objective", o.id, o.title, [money[m.id] for m in measures_of[o.id]])
    for m in plan.measures():
        emit("measure", m.id, m.title, [money[m.id]])
    columns = ["scope", "id", "title", "year", "costs", "funds", "gap", *sources]
    return table(rows, columns)


JOINT = "(joint)"  # the id under which priorities without an area are summed


def _money_rows(
    scope: str, ident: str, title: str, parts: Iterable[_Money], sources: list[str]
) -> list[dict[str, object]]:
    """The rows of one measure, objective, area or the plan: its parts' money added up, a
    row per year in order and then the total, with a column for every source of the plan
    (0 where this one expects none), so that the table's columns are the same everywhere."""
    costs: dict[str, float] = defaultdict(float)
    funds: dict[tuple[str, str], float] = defaultdict(float)
    for p in parts:
        for k, v in p.costs.items():
            costs[k] += v
        for k2, v in p.funds.items():
            funds[k2] += v
    rows: list[dict[str, object]] = []
    for y in [*sorted({*costs, *(y for y, _ in funds)} - {"total"}), "total"]:
        by_source = {src: funds.get((y, src), 0.0) for src in sources}
        total_funds = sum(by_source.values())
        c = costs.get(y, 0.0)
        rows.append(
            {"scope": scope, "id": ident, "title": title, "year": y, "costs": c,
             "funds": total_funds, "gap": c - total_funds, **by_source}
        )  # fmt: skip
    return rows


def _title(plan: Plan) -> str:
    """The plan's title for its row of the funding table; a plan without info has none."""
    return plan.info.title if plan.info else ""


def progress_status(achieved: float | None, expected: float | None) -> str:
    """done at 100 % of the way from baseline to target; on track at ≥ 90 % of where
    it should be by now (time elapsed in the plan's period); at risk at ≥ 60 %;
    else off track."""
    if achieved is None:
        return NO_ACTUAL
    if achieved >= 100:
        return DONE
    if expected is None or expected <= 0:
        return ON_TRACK
    ratio = achieved / expected
    return ON_TRACK if ratio >= 0.9 else AT_RISK if ratio >= 0.6 else OFF_TRACK


def _achieved(actual: float, start: float, target: float) -> float:
    """The share of the way from start (the baseline, else 0) to target, in percent.

    With start == target there is no way to go: the indicator is read as "keep at least
    the target" (keep 5 assistants), so at or above the target is 100 %, below it the
    share of the target reached. An indicator that must fall needs a baseline above it.
    """
    if target != start:
        return (actual - start) / (target - start) * 100
    if actual >= target:
        return 100.0
    return actual / target * 100 if target > 0 else 0.0


def progress_gaps(
    plan: Plan, actuals: dict[tuple[str, str], tuple[int, float]] | None = None
) -> pd.DataFrame:
    """progress_rows as a DataFrame."""
    return progress_rows(plan, actuals).frame()


def progress_rows(
    plan: Plan, actuals: dict[tuple[str, str], tuple[int, float]] | None = None
) -> Table:
    """Each indicator's target against its latest actual value.

    `actuals` maps (owner id, indicator id) → (year, value); by default the latest values
    of the plan's monitoring years. achieved is the share of the way from baseline to
    target, in percent; expected is the share of the planning period elapsed by the
    actual's year.
    """
    if actuals is None:
        actuals = from_monitoring(plan)
    period = plan.info.period if plan.info else None
    owners: list[tuple[str, str, list[Indicator]]] = [
        *(("objective", o.id, o.indicators) for o in plan.objectives()),
        *(("measure", m.id, m.indicators) for m in plan.measures()),
    ]
    rows = [
        _indicator_row(f"{kind} {owner}", ind, actuals.get((owner, ind.id), (None, None)), period)
        for kind, owner, indicators in owners
        for ind in indicators
    ]
    columns = [
        "owner", "indicator", "name", "unit", "baseline", "target", "actual", "actual_year",
        "achieved_pct", "status",
    ]  # fmt: skip
    return table(rows, columns, floats=("baseline", "target", "actual", "achieved_pct"))


def _indicator_row(
    owner: str, ind: Indicator, latest: tuple[int | None, float | None], period: Period | None
) -> dict[str, object]:
    """One indicator's row of the progress table, from its latest actual (year, value).

    An actual with no target to judge it by is "no target", not "no actual yet", which the
    actual beside it would deny; an indicator told in words is "qualitative", never judged.
    """
    base = ind.baseline.value if ind.baseline else None
    target = ind.target.value if ind.target else None
    year, actual = latest
    achieved = expected = None
    if actual is not None and target is not None:
        achieved = _achieved(actual, base if base is not None else 0.0, target)
    if year is not None and period is not None and period.start and period.end:
        span = period.end.year - period.start.year + 1
        expected = min(100.0, (year - period.start.year + 1) / span * 100)
    if ind.qualitative:
        status = QUALITATIVE
    elif actual is not None and target is None:
        status = NO_TARGET
    else:
        status = progress_status(achieved, expected)
    return {"owner": owner, "indicator": ind.id, "name": ind.name, "unit": ind.unit or "",
            "baseline": base, "target": target, "actual": actual, "actual_year": year,
            "achieved_pct": achieved, "status": status}  # fmt: skip


def participation_gaps(plan: Plan) -> pd.DataFrame:
    """Coordination groups and areas, with the number of members from each side of the triad."""
    return participation_rows(plan).frame()


def participation_rows(plan: Plan) -> Table:
    """participation_gaps as rows."""
    groups, people = plan.ids("groups"), plan.ids("stakeholders")
    rows = []

    def row(kind: str, ident: str, name: str, members: list[str]) -> None:
        """A member counts for the side it speaks for (a person: their organisation's)."""
        counts = {side: 0 for side in TRIAD}
        for member in members:
            for side in sides(people, [member]):
                counts[side] += 1
        missing = [side for side in TRIAD if not counts[side]]
        rows.append(
            {"kind": kind, "id": ident, "name": name, **counts, "missing": ", ".join(missing)}
        )

    for g in plan.groups:
        if g.kind == "coordination":
            row("group", g.id, g.name, g.members)
    for a in plan.areas:
        group = groups.get(a.group) if a.group else None
        row("area", a.id, a.name, group.members if group else [])
    return table(rows, ["kind", "id", "name", *TRIAD, "missing"])


def _names(items: Iterable[object]) -> dict[str, str]:
    """id → name, for the service gaps' names in place of ids."""
    return {i.id: i.name for i in items}  # type: ignore[attr-defined]


TABLES: dict[str, Callable[[Plan], pd.DataFrame]] = {
    "services": service_gaps,
    "capacity": capacity_gaps,
    "funding": funding_gaps,
    "progress": progress_gaps,
    "participation": participation_gaps,
}
#: The same tables as rows, for the document.
ROWS: dict[str, Callable[[Plan], Table]] = {
    "services": service_rows,
    "capacity": capacity_rows,
    "funding": funding_rows,
    "progress": progress_rows,
    "participation": participation_rows,
}


def comment_summary(plan: Plan) -> pd.DataFrame:
    """The book of comments per working group: how many, of which kind, how settled."""
    return comment_rows(plan).frame()


def comment_rows(plan: Plan) -> Table:
    """comment_summary as rows."""
    names = {g.id: g.name for g in plan.groups}
    counts: dict[str, dict[str, int]] = {}
    columns = ["substantive", "formal", "accepted", "partly", "rejected", "open"]
    for c in plan.filed_comments():
        row = counts.setdefault(c.group or "", dict.fromkeys(["total", *columns], 0))
        row["total"] += 1
        if c.kind:
            row[c.kind] += 1
        if c.status == "settled" and c.decision:
            row[c.decision] += 1
        else:
            row["open"] += 1
    rows = [
        {"group": g or "(none)", "name": names.get(g, ""), **v} for g, v in sorted(counts.items())
    ]
    if rows:
        sums = {k: sum(r[k] for r in rows) for k in ["total", *columns]}
        rows.append({"group": "total", "name": "", **sums})
    return table(rows, ["group", "name", "total", *columns])


@dataclass(frozen=True, slots=True)
class CommentCounts:
    """How many comments the book received, filed and did not file, and why not."""

    received: int
    filed: int
    not_filed: dict[str, int]  # reason → how many; a comment without one counts as "other"

    @property
    def not_filed_total(self) -> int:
        return sum(self.not_filed.values())


def comment_counts(plan: Plan) -> CommentCounts:
    """received 12, filed 11, not filed 1 (anonymous): the counts Part D and
    `cpkit comments` give, the not-filed ones by reason in the order of the vocabulary."""
    reasons = ("anonymous", "outside-window", "duplicate", "other")
    counts = Counter(c.reason or "other" for c in plan.comments if not c.filed)
    return CommentCounts(
        received=len(plan.comments),
        filed=len(plan.filed_comments()),
        not_filed={r: counts[r] for r in reasons if counts[r]},
    )


def settlement(plan: Plan) -> pd.DataFrame:
    """The settlement annex: each comment's target, decision and reasons; never the author,
    unless the author allowed it. A comment not filed is not settled, so not listed."""
    rows = []
    for c in plan.filed_comments():
        published = c.author is not None and c.author.publish and c.author.name
        rows.append(
            {"id": c.id, "received": str(c.received) if c.received else "",
             "target": c.target or "", "author": c.author.name if published else "",
             "kind": c.kind or "", "text": c.text, "decision": c.decision or "",
             "reasons": c.reasons or "", "status": c.status}
        )  # fmt: skip
    columns = [
        "id",
        "received",
        "target",
        "author",
        "kind",
        "text",
        "decision",
        "reasons",
        "status",
    ]
    return table(rows, columns).frame()
