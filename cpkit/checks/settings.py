"""The plan's own settings for `cpkit check`."""

from __future__ import annotations

from collections.abc import Iterator

from cpkit.core import rules
from cpkit.core.diagnostics import Diagnostic
from cpkit.model.entities import Plan
from cpkit.model.fields import closest


def check_disabled_rules(plan: Plan) -> Iterator[Diagnostic]:
    settings = plan.info.check if plan.info else None
    if settings is None:
        return
    for i, key in enumerate(settings.disable):
        if key not in rules.BY_KEY:
            yield rules.BAD_VALUE(
                settings.at(f"disable.{i}"),
                "check-disable-names",
                rule=key,
                advice=closest(key, rules.BY_KEY) or "see docs/rules.md for the rule codes",
            )
        elif rules.BY_KEY[key].code in rules.ALWAYS_ON:
            yield rules.BAD_VALUE(settings.at(f"disable.{i}"), "check-disable-names-2", rule=key)


CHECKS = (check_disabled_rules,)
