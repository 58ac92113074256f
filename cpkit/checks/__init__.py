"""The rules `cpkit check` applies to a built plan.

Each rule is a small generator over the plan that yields diagnostics; they never
stop at the first problem and never touch a file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from cpkit.checks import (
    areas,
    demand,
    identity,
    life,
    money,
    needs,
    network,
    references,
    settings,
    statutory,
    timeline,
    vocabulary,
)
from cpkit.core.diagnostics import Diagnostic
from cpkit.model.entities import Plan

Check = Callable[[Plan], Iterable[Diagnostic]]

CHECKS: tuple[Check, ...] = (
    *identity.CHECKS,
    *references.CHECKS,
    *timeline.CHECKS,
    *money.CHECKS,
    *areas.CHECKS,
    *needs.CHECKS,
    *demand.CHECKS,
    *life.CHECKS,
    *settings.CHECKS,
    *vocabulary.CHECKS,
    *network.CHECKS,
    *statutory.CHECKS,
)


def run_checks(plan: Plan) -> Iterator[Diagnostic]:
    with plan.walked():  # every measure listed once, not once per check
        for check in CHECKS:
            yield from check(plan)
