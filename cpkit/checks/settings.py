"""The plan's own settings for `cpkit check`."""

from __future__ import annotations

from collections.abc import Iterator

from cpkit.core import rules
from cpkit.core.diagnostics import Diagnostic
from cpkit.model.entities import Plan
from cpkit.model.suggest import Suggester


def check_disabled_rules(plan: Plan) -> Iterator[Diagnostic]:
    settings = plan.info.check if plan.info else None
    if settings is None:
        return
    for i, key in enumerate(settings.disable):
        if key not in rules.BY_KEY:
            meant = Suggester(rules.BY_KEY).closest(key)
            yield rules.BAD_VALUE(
                settings.at(f"disable.{i}"),
                "check-disable-names" if meant is None else "check-disable-names-meant",
                rule=key,
                **({} if meant is None else {"meant": meant}),
            )
        elif rules.BY_KEY[key].code in rules.ALWAYS_ON:
            yield rules.BAD_VALUE(settings.at(f"disable.{i}"), "check-disable-names-2", rule=key)


CHECKS = (check_disabled_rules,)
