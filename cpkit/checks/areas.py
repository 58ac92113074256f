"""Areas and participation: a SWOT per area, and the whole triad in every coordination group."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from cpkit.core import rules
from cpkit.core.diagnostics import Diagnostic
from cpkit.model.entities import Plan
from cpkit.model.people import TRIAD, Stakeholder
from cpkit.model.services import Swot

QUADRANTS = ("strengths", "weaknesses", "opportunities", "threats")


def check_swot(plan: Plan) -> Iterator[Diagnostic]:
    by_area: dict[str, Swot] = {}
    for s in plan.swot:
        first = by_area.setdefault(s.area, s)
        if first is not s:
            yield rules.DUPLICATE_SWOT(s.loc, "area-has-second", area=s.area, loc=first.loc)
        for q in QUADRANTS:
            if not getattr(s, q):
                yield rules.SWOT_QUADRANT(s.at(q), "swot-area-has", area=s.area, q=q)
    for a in plan.areas:
        if a.id not in by_area:
            yield rules.MISSING_SWOT(a.loc, "area-has-no", id=a.id)


def sides(people: Mapping[str, Stakeholder], members: list[str]) -> set[str]:
    """Sides of the triad that stakeholders speak for (a person: via their organisation);
    `people` is the plan's stakeholders by id (`plan.ids("stakeholders")`), made once by
    the caller: remade for each member, it made a table of a region's groups quadratic."""
    found: set[str] = set()
    for ident in members:
        s = people.get(ident)
        while s is not None:
            if s.side:
                found.add(s.side)
                break
            s = people.get(s.organisation) if s.organisation and s.organisation != s.id else None
    return found


def check_triad(plan: Plan) -> Iterator[Diagnostic]:
    people = plan.ids("stakeholders")
    for g in plan.groups:
        if g.kind != "coordination":
            continue
        missing = [side for side in TRIAD if side not in sides(people, g.members)]
        if missing:
            yield rules.TRIAD_SIDE(
                g.at("members"), "coordination-group-does", id=g.id, missing=list(missing)
            )


CHECKS = (check_swot, check_triad)
