"""What the monitoring years say, and the words a status is told in.

The indicator table (gaps.progress_gaps) judges each indicator against its target; the
roll-up (progress.Progress) puts those judgements together per measure, objective, area and
plan. Both read the monitoring years and speak of the same statuses, so both take them from
here: the roll-up imports the indicator table, never the other way round.
"""

from __future__ import annotations

from cpkit.model.entities import Monitoring, Plan

# An indicator's status, from how far it got against how far it should be (docs/progress.md).
ON_TRACK, AT_RISK, OFF_TRACK, DONE, NO_ACTUAL, NO_TARGET, QUALITATIVE = (
    "on track", "at risk", "off track", "done", "no actual yet", "no target", "qualitative",
)  # fmt: skip


def _dated(plan: Plan, year: int | None) -> list[Monitoring]:
    """The monitoring years up to `year`, oldest first. A year written so that it cannot be
    read (check reports it) tells no time, so its values judge nothing."""
    known = [r for r in plan.monitoring if isinstance(r.year, int)]
    return sorted((r for r in known if year is None or r.year <= year), key=lambda r: r.year)


def actuals(plan: Plan, year: int | None = None) -> dict[tuple[str, str], tuple[int, float]]:
    """(owner, indicator) → (year, value) of the latest monitoring value up to `year`."""
    out: dict[tuple[str, str], tuple[int, float]] = {}
    for report in _dated(plan, year):
        for v in report.indicators:
            if v.value is not None:
                out[(v.owner, v.indicator)] = (report.year, v.value)
    return out


def reported_status(plan: Plan, year: int | None = None) -> dict[str, str]:
    """Measure id → the status of its latest report up to `year`."""
    out: dict[str, str] = {}
    for report in _dated(plan, year):
        for r in report.measures:
            if r.status:
                out[r.measure] = r.status
    return out


def current_year(plan: Plan, year: int | None) -> int | None:
    """The year progress is judged at: asked, else the latest monitoring year."""
    if year is not None:
        return year
    years = [r.year for r in plan.monitoring if isinstance(r.year, int)]
    return max(years) if years else None
