"""Money: never negative, always in the plan's currency, and totals that add up."""

from __future__ import annotations

import re
from collections.abc import Iterator

from cpkit.core import rules
from cpkit.core.diagnostics import Diagnostic
from cpkit.model.entities import Plan
from cpkit.model.fields import Entity, name_of
from cpkit.model.measures import Costs, Measure, depth_first
from cpkit.model.services import Fund


def amount(value: float) -> str:
    """1100000.0 → "1,100,000", 80.5 → "80.5": as a planner writes money, never 1.1e+06."""
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _money(plan: Plan) -> Iterator[tuple[Entity, Entity]]:
    """Every Costs and Fund in the plan, with its owner (named only in a finding: naming
    each of thousands of owners cost more than the checks)."""
    for m in plan.measures():
        if m.costs:
            yield m, m.costs
        for f in m.funds:
            yield m, f
    for s in plan.services:
        for f in s.funding:
            yield s, f


def check_negative(plan: Plan) -> Iterator[Diagnostic]:
    for owner, item in _money(plan):
        if isinstance(item, Fund):
            if item.amount is not None and item.amount < 0:
                yield rules.NEGATIVE_MONEY(
                    item.at("amount"), "funds", owner=name_of(owner), amount=item.amount
                )
        elif isinstance(item, Costs):
            if item.total is not None and item.total < 0:
                yield rules.NEGATIVE_MONEY(
                    item.at("total"), "costs", owner=name_of(owner), total=item.total
                )
            for year, amount in item.per_year.items():
                if amount < 0:
                    yield rules.NEGATIVE_MONEY(
                        item.at("per_year"),
                        "costs-2",
                        owner=name_of(owner),
                        amount=amount,
                        year=year,
                    )


ISO_4217 = re.compile(r"[A-Z]{3}")


def check_currency(plan: Plan) -> Iterator[Diagnostic]:
    currency = plan.info.currency if plan.info else None
    if currency is not None and not ISO_4217.fullmatch(currency):
        yield rules.BAD_VALUE(plan.info.at("currency"), "plan-currency-not", currency=currency)
    for owner, item in _money(plan):
        stated = item.currency  # type: ignore[attr-defined]
        if stated is None or stated == currency:
            continue
        if currency is None:
            yield rules.FOREIGN_CURRENCY(
                item.at("currency"), "states-money-but", owner=name_of(owner), stated=stated
            )
        else:
            yield rules.FOREIGN_CURRENCY(
                item.at("currency"),
                "states-money-plan",
                owner=name_of(owner),
                stated=stated,
                currency=currency,
            )


def check_costs_add_up(plan: Plan) -> Iterator[Diagnostic]:
    for m in plan.measures():
        c = m.costs
        if c and c.total is not None and c.per_year:
            by_year = sum(c.per_year.values())
            if abs(by_year - c.total) > 0.005:
                yield rules.COSTS_MISMATCH(
                    c.at("total"),
                    "costs-per-year",
                    entity=name_of(m),
                    amount=round(by_year, 2),  # a number: formatted in the reader's language
                    amount2=round(c.total, 2),
                )


def check_counted_once(plan: Plan) -> Iterator[Diagnostic]:
    """A measure's money is its own, so money stated on a measure *and* on its
    sub-measures is counted twice in every total: almost always a copied sum."""
    for m in plan.measures():
        for kind, has, where in (
            ("costs", _has_costs, "costs"),
            ("expected funds", _has_funds, "funds"),
        ):
            if not has(m):
                continue
            also = [s.id for s in depth_first(m.measures) if has(s)]
            if also:
                yield rules.MONEY_TWICE(
                    m.at(where),
                    "states-so-do",
                    entity=name_of(m),
                    kind=kind,
                    also=list(also),
                    id=m.id,
                )


def _has_costs(m: Measure) -> bool:
    return m.costs is not None and (m.costs.total is not None or bool(m.costs.per_year))


def _has_funds(m: Measure) -> bool:
    return any(f.amount for f in m.funds)


CHECKS = (check_negative, check_currency, check_costs_add_up, check_counted_once)
