"""The document model: what the templates of `cpkit render` see of a plan.

A plan is read once into a Document (its gap tables and charts computed once) and then
written twice, as Markdown and as HTML; the views and the templates only read it. It
lives apart from the writing (render) and the cell formatting (views) so that both
import it and neither imports the other back.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cpkit.model.entities import Area, Group, Plan, Priority, Service, Stakeholder

if TYPE_CHECKING:
    from cpkit.analysis.gaps import Table
    from cpkit.publish.charts import Chart
    from cpkit.publish.messages import Messages

#: The kinds of entity whose ids a document shows by name, the first name of an id winning.
NAMED_KINDS = (
    "target_groups",
    "service_types",
    "needs",
    "areas",
    "stakeholders",
    "groups",
    "services",
)


@dataclass(slots=True)
class AreaView:
    """One area of Part E with what its chapter shows: its group, services, SWOT, priorities."""

    number: int
    area: Area
    group: Group | None
    members: list[Stakeholder]
    services: list[Service]
    swot: Any
    priorities: list[Priority]
    matrix_rows: list[Any]


@dataclass(slots=True)
class CommitteeView:
    """A district committee with its chair, members, and the areas whose work it plans."""

    group: Group
    chair: Stakeholder | None
    members: list[Stakeholder]
    areas: list[AreaView]


@dataclass(slots=True)
class Document:
    """What the templates see; documented here because it is the templates' contract."""

    plan: Plan
    info: Any
    target: str  # "md" or "html"
    areas: list[AreaView]
    joint: list[Priority]
    management: list[tuple[Group, list[Stakeholder]]]
    groups: list[tuple[Group, list[Stakeholder]]]
    people: dict[str, Stakeholder]
    names: dict[str, str]
    tables: dict[str, Table]  # the gap tables' rows, by their names in cpkit.analysis.gaps.ROWS
    comments: Table  # cpkit.analysis.gaps.comment_rows, for Part D
    charts: dict[str, Any]
    allocated: list[dict[str, Any]]
    allocated_sources: list[str]
    funds_needed: dict[str, Any]
    contacts: list[Stakeholder]
    directory: list[tuple[str, list[Service]]]
    shape: str = "community"
    committees: list[CommitteeView] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)  # templates, from cpkit.publish.shapes
    parts: list[str] = field(default_factory=list)  # a community plan's Parts shown: "a" … "g"
    blocks: dict[str, str] = field(default_factory=dict)  # HTML both pages show, by name
    extra: dict[str, Any] = field(default_factory=dict)
    parent: Plan | None = None  # the plan this one aligns with, read by the caller, if any


def build_document(plan: Plan, m: Messages, target: str) -> Document:
    """The plan read for its document: every table computed once for both targets, and
    the charts drawn from those same tables, so that a chart never disagrees with its
    table."""
    from cpkit.analysis.gaps import ROWS, comment_rows

    people = plan.ids("stakeholders")
    tables = {name: f(plan) for name, f in ROWS.items()}
    names: dict[str, str] = {}
    for kind in NAMED_KINDS:
        for e in plan.section(kind):
            names.setdefault(e.id, e.name)

    def members(g: Group | None) -> list[Stakeholder]:
        return [people[i] for i in (g.members if g else []) if i in people]

    allocated, sources = _allocated(plan)
    needed = next(
        (dict(r) for r in tables["funding"] if r["scope"] == "plan" and r["year"] == "total"), {}
    )
    areas = _areas(plan, members)
    return Document(
        plan=plan,
        info=plan.info,
        target=target,
        areas=areas,
        joint=[p for p in plan.priorities if not p.area],
        management=[(g, members(g)) for g in plan.groups if g.kind == "management"],
        groups=[(g, members(g)) for g in plan.groups],
        people=people,
        names=names,
        tables=tables,
        comments=comment_rows(plan),
        charts=_charts(plan, tables, m),
        allocated=allocated,
        allocated_sources=sources,
        funds_needed=needed,
        contacts=[s for s in plan.stakeholders if s.contact and s.contact_is_public()],
        directory=_directory(plan),
        shape=plan.info.shape if plan.info else "community",
        committees=_committees(plan, areas, members),
    )


def territory(info: Any) -> str:
    """The name of the territory a document is for, in its titles and headings; the
    plan's title when the plan names no territory."""
    if info and info.territory:
        return info.territory.name
    return info.title if info else ""


def _areas(plan: Plan, members: Any) -> list[AreaView]:
    """The areas of Part E, numbered, each with the services and matrix rows of its groups."""
    groups = plan.ids("groups")
    swots = {s.area: s for s in plan.swot}
    areas = []
    for number, a in enumerate(plan.areas, start=1):
        group = groups.get(a.group) if a.group else None
        tgs = set(a.target_groups)
        areas.append(
            AreaView(
                number=number,
                area=a,
                group=group,
                members=members(group),
                services=[s for s in plan.services if tgs & set(s.target_groups)],
                swot=swots.get(a.id),
                priorities=[p for p in plan.priorities if p.area == a.id],
                matrix_rows=[
                    r for r in plan.needs_matrix if r.area == a.id or r.target_group in tgs
                ],
            )
        )
    return areas


#: Kinds of group that plan a district's services, each for its areas (four District
#: Coordinating Committees and one or two Local Committees on Services for Young
#: People); forums and the planning team are part of the mechanism, not of one area.
COMMITTEE_KINDS = ("dcc", "local-committee", "coordination")


def _committees(plan: Plan, areas: list[AreaView], members: Any) -> list[CommitteeView]:
    """The district's committees in plan order, each with its chair and its areas."""
    people = plan.ids("stakeholders")
    return [
        CommitteeView(
            group=g,
            chair=people.get(g.chair) if g.chair else None,
            members=members(g),
            areas=[v for v in areas if v.area.group == g.id],
        )
        for g in plan.groups
        if g.kind in COMMITTEE_KINDS
    ]


def _charts(plan: Plan, tables: dict[str, Table], m: Messages) -> dict[str, Chart]:
    """The charts the plan has data for, by name, drawn from the document's own tables."""
    from cpkit.publish import charts

    currency = (plan.info.currency if plan.info else None) or ""
    drawn = [
        charts.funds_chart(
            tables["funding"],
            m.t,
            currency=currency,
            fmt_number=m.number,
            fmt_money=lambda amount: m.money(amount, currency),
        ),
        charts.needs_chart(plan, m.t),
        charts.progress_chart(tables["progress"], m.t, fmt_number=m.number),
    ]
    return {c.name: c for c in drawn if c is not None}


def _allocated(plan: Plan) -> tuple[list[dict[str, Any]], list[str]]:
    """Funding of existing services by year and source: Part C.1."""
    by_year: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    sources: set[str] = set()
    for s in plan.services:
        for f in s.funding:
            year = str(f.year) if f.year is not None else ""
            by_year[year][f.source] += f.amount or 0.0
            sources.add(f.source)
    ordered = sorted(sources)
    rows = [
        {"year": y, "by_source": [v[s] for s in ordered], "total": sum(v.values())}
        for y, v in sorted(by_year.items())
    ]
    return rows, ordered


def _directory(plan: Plan) -> list[tuple[str, list[Service]]]:
    """Services by target group, for the citizens' directory."""
    out = []
    seen: set[str] = set()
    for tg in plan.target_groups:
        services = [s for s in plan.services if tg.id in s.target_groups]
        if services:
            out.append((tg.name, sorted(services, key=lambda s: s.name)))
            seen.update(s.id for s in services)
    rest = [s for s in plan.services if s.id not in seen]
    if rest:
        out.append(("", sorted(rest, key=lambda s: s.name)))
    return out
