"""Group kinds and fund sources in the words of the plan's territory.

The model reads every word of the Czech and the Hong Kong vocabularies; here a plan is held
to its own (cpkit.model.vocabularies): `source: state` in a Hong Kong district plan would
publish as the central government, where the planner meant the SWD subvention.
"""

from __future__ import annotations

from collections.abc import Iterator

from cpkit.core import rules
from cpkit.core.diagnostics import Diagnostic
from cpkit.model.entities import Fund, Plan
from cpkit.model.fields import Entity, closest
from cpkit.model.vocabularies import (
    COUNTERPARTS,
    FUND_SOURCES,
    GROUP_KINDS,
    HONG_KONG,
    territory_of,
)

_TERRITORY_NAMES = {HONG_KONG: "Hong Kong", "cz": "Czech"}


def _hint(word: str, allowed: tuple[str, ...]) -> str:
    """The allowed word the planner most likely meant: the counterpart in meaning, else the
    nearest spelling, else the list itself."""
    meant = COUNTERPARTS.get(word)
    if meant in allowed:
        return f"did you mean {meant!r}?"
    return closest(word, allowed) or f"write one of {', '.join(allowed)}"


def _wrong_word(entity: Entity, name: str, what: str, word: str, allowed: tuple[str, ...],
                plan: Plan, territory: str) -> Diagnostic:  # fmt: skip
    shape = plan.info.shape if plan.info else "community"
    return rules.BAD_VALUE(
        entity.at(name),
        "which-not-word",
        what=what,
        word=word,
        territory=_TERRITORY_NAMES[territory],
        shape=shape,
        allowed=list(allowed),
        advice=_hint(word, allowed),
    )


def _funds(plan: Plan) -> Iterator[tuple[Fund, str]]:
    """Every fund of the plan with how a message names its owner."""
    for s in plan.services:
        for f in s.funding:
            yield f, f"the funding of service {s.id}"
    for m in plan.measures():
        for f in m.funds:
            yield f, f"the funds of measure {m.id}"


def check_vocabulary(plan: Plan) -> Iterator[Diagnostic]:
    """Each group's kind and each fund's source among the territory's words."""
    info = plan.info
    territory = territory_of(info.shape if info else "community", info.currency if info else None)
    kinds, sources = GROUP_KINDS[territory], FUND_SOURCES[territory]
    for g in plan.groups:
        if g.kind not in kinds:
            written = "kind" in g.pos
            what = f"the kind of group {g.id}" + ("" if written else " (left out, so coordination)")
            yield _wrong_word(g, "kind", what, g.kind, kinds, plan, territory)
    for fund, owner in _funds(plan):
        if fund.source not in sources:
            yield _wrong_word(fund, "source", f"the source of {owner}", fund.source, sources,
                              plan, territory)  # fmt: skip


CHECKS = (check_vocabulary,)
