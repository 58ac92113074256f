"""Demand and demographic data: shares are shares, and tables name known target groups."""

from __future__ import annotations

from collections.abc import Iterator

from cpkit.core import rules
from cpkit.core.diagnostics import Diagnostic
from cpkit.model.entities import Plan
from cpkit.model.suggest import Suggester


def check_shares(plan: Plan) -> Iterator[Diagnostic]:
    for d in plan.demand:
        if d.share is not None and not 0 <= d.share <= 1:
            # 3.5 for 3.5 %: the fraction to write, as YAML writes it (a decimal point)
            percent = 1 < d.share <= 100
            yield rules.BAD_SHARE(
                d.at("share"),
                "demand-for-by-percent" if percent else "demand-for-by",
                service_type=d.service_type,
                target_group=d.target_group,
                share=d.share,
                **({"meant": f"{d.share / 100:g}"} if percent else {}),
            )


def check_population_groups(plan: Plan) -> Iterator[Diagnostic]:
    known = plan.ids("target_groups")
    reported: set[str] = set()
    for (group, _year), loc in plan.demographics.population_loc.items():
        if group not in known and group not in reported:
            reported.add(group)
            meant = Suggester(known).closest(group)
            yield rules.DANGLING_REF(
                loc,
                "counts-target-group" if meant is None else "counts-meant",
                file=loc.file,
                group=group,
                **({"meant": meant} if meant is not None else {}),
            )


CHECKS = (check_shares, check_population_groups)
