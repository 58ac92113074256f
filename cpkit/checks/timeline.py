"""Dates: measures run inside the planning period, and nothing ends before it starts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from cpkit.core import rules
from cpkit.core.diagnostics import Diagnostic
from cpkit.model.entities import Plan
from cpkit.model.fields import Entity, PartialDate, name_of
from cpkit.model.metadata import Period
from cpkit.model.services import Fund


def check_period(plan: Plan) -> Iterator[Diagnostic]:
    period = plan.info.period if plan.info else None
    if period and period.start and period.end and period.start.first_day() > period.end.last_day():
        yield rules.DATES_REVERSED(
            period.at("end"), "planning-period-ends", end=period.end, start=period.start
        )


def _period(plan: Plan) -> Period | None:
    """The planning period when it can judge dates: a reversed one is reported once (CP302),
    not again at every date and amount it would put "outside"."""
    period = plan.info.period if plan.info else None
    if period and period.start and period.end and period.start.first_day() > period.end.last_day():
        return None
    return period


def check_measure_dates(plan: Plan) -> Iterator[Diagnostic]:
    period = _period(plan)
    first = period.start.first_day() if period and period.start else None
    last = period.end.last_day() if period and period.end else None
    days = _Days()
    for m in plan.measures():
        start, end = m.start, m.end
        if start and end and days(start)[0] > days(end)[1]:
            yield rules.DATES_REVERSED(
                m.at("end"), "ends-before-it", entity=name_of(m), end=end, start=start
            )
        if first is None or last is None:
            continue
        for name, when in (("start", start), ("end", end)):
            if when:
                since, until = days(when)
                if until < first or since > last:
                    yield rules.DATE_OUTSIDE_PERIOD(
                        m.at(name),
                        f"{name}-outside-period",
                        entity=name_of(m),
                        name=name,
                        when=when,
                        start=period.start,
                        end=period.end,
                    )


class _Days(dict):  # type: ignore[type-arg]
    """The first and the last day of each date, worked out once: thousands of measures
    share a few dozen dates."""

    def __call__(self, when: PartialDate) -> tuple[dt.date, dt.date]:
        key = (when.year, when.month, when.day)
        found = self.get(key)
        if found is None:
            found = self[key] = (when.first_day(), when.last_day())
        return found


def check_money_years(plan: Plan) -> Iterator[Diagnostic]:
    period = _period(plan)
    if not (period and period.start and period.end):
        return
    years = range(period.start.year, period.end.year + 1)
    span = f"{period.start.year}–{period.end.year}"
    for m in plan.measures():
        if m.costs:
            for year in m.costs.per_year:
                if year not in years:
                    yield rules.YEAR_OUTSIDE_PERIOD(
                        m.costs.at("per_year"),
                        "has-costs-for",
                        entity=name_of(m),
                        year=year,
                        span=span,
                    )
        if m.funds:
            yield from _fund_years(m.funds, m, years, span)
    yield from _allocated_years(plan, period.end.year, span)


def _allocated_years(plan: Plan, last: int, span: str) -> Iterator[Diagnostic]:
    """A service's funding is Part C.1, the funds allocated to what exists: the plan's
    starting point, often of a year before the period (the funds of 2002 for a plan of
    2004–2006), so only a year after the period is out of place."""
    for s in plan.services:
        for f in s.funding:
            if f.year is not None and f.year > last:
                yield rules.YEAR_OUTSIDE_PERIOD(
                    f.at("year"), "has-funds-allocated", entity=name_of(s), year=f.year, span=span
                )


def _fund_years(funds: list[Fund], owner: Entity, years: range, span: str) -> Iterator[Diagnostic]:
    for f in funds:
        if f.year is not None and f.year not in years:
            yield rules.YEAR_OUTSIDE_PERIOD(
                f.at("year"), "has-funds-for", owner=name_of(owner), year=f.year, span=span
            )


CHECKS = (check_period, check_measure_dates, check_money_years)
