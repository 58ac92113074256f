"""Group kinds and fund sources in the words of the plan's territory.

The model reads every word of the Czech and the Hong Kong vocabularies; here a plan is held
to its own (cpkit.model.vocabularies): `source: state` in a Hong Kong district plan would
publish as the central government, where the planner meant the SWD subvention.
"""

from __future__ import annotations

from collections.abc import Iterator

from cpkit.core import rules
from cpkit.core.diagnostics import Diagnostic, Named, Term
from cpkit.model.entities import Fund, Plan
from cpkit.model.fields import Entity, name_of
from cpkit.model.suggest import Suggester
from cpkit.model.vocabularies import (
    COUNTERPARTS,
    FUND_SOURCES,
    GROUP_KINDS,
    territory_of,
)


def _meant(word: str, allowed: tuple[str, ...]) -> str | None:
    """The allowed word the planner most likely meant: the counterpart in meaning, else the
    nearest spelling, else None (the hint then lists the allowed words)."""
    meant = COUNTERPARTS.get(word)
    if meant in allowed:
        return meant
    return Suggester(allowed).closest(word)


def _wrong_word(entity: Entity, name: str, key: str, what: Named, word: str,
                allowed: tuple[str, ...], plan: Plan, territory: str) -> Diagnostic:  # fmt: skip
    shape = plan.info.shape if plan.info else "community"
    meant = _meant(word, allowed)
    return rules.BAD_VALUE(
        entity.at(name),
        key if meant is None else f"{key}-meant",
        what=what,
        word=word,
        territory=Term("territories", territory),
        shape=shape,
        allowed=list(allowed),
        **({} if meant is None else {"meant": meant}),
    )


def _funds(plan: Plan) -> Iterator[tuple[Fund, Entity, str]]:
    """Every fund of the plan with its owner and the owner's field that holds it: a message
    names it "service dd.funding" (named only in a finding)."""
    for s in plan.services:
        for f in s.funding:
            yield f, s, "funding"
    for m in plan.measures():
        for f in m.funds:
            yield f, m, "funds"


def check_vocabulary(plan: Plan) -> Iterator[Diagnostic]:
    """Each group's kind and each fund's source among the territory's words."""
    info = plan.info
    territory = territory_of(info.shape if info else "community", info.currency if info else None)
    kinds, sources = GROUP_KINDS[territory], FUND_SOURCES[territory]
    for g in plan.groups:
        if g.kind not in kinds:
            key = "group-kind" if "kind" in g.pos else "group-kind-left-out"
            yield _wrong_word(g, "kind", key, name_of(g), g.kind, kinds, plan, territory)
    for fund, owner, field in _funds(plan):
        if fund.source not in sources:
            yield _wrong_word(fund, "source", "fund-source", name_of(owner).dot(field),
                              fund.source, sources, plan, territory)  # fmt: skip


CHECKS = (check_vocabulary,)
