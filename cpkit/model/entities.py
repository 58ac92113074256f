"""The plan's entities, as typed dataclasses; each field documents itself.

A plan is a folder of YAML files; each file is a mapping of *sections* (see
:data:`SECTIONS`), and a section's entities may be spread over several files.
Entities have stable ids and refer to one another by id.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, Literal

import yaml

from cpkit.core import rules
from cpkit.model.convert import Builder, invalid
from cpkit.model.demographics import Demographics
from cpkit.model.fields import Entity, PartialDate, spec

Language = Literal["en", "cs", "zh-Hant"]
Shape = Literal["community", "district", "ngo"]
Status = Literal["draft", "consultation", "final", "adopted"]
Side = Literal["commissioner", "provider", "user"]
TRIAD: tuple[str, ...] = ("commissioner", "provider", "user")
Role = Literal[
    "public", "job-centre", "employer", "school", "health", "police", "ethnic-group",
    "funder", "research", "media", "other",
]  # fmt: skip
Sector = Literal["municipal", "regional", "state", "ngo", "church", "private", "informal", "other"]
FundSource = Literal[
    "municipality", "city-district", "region", "state", "eu", "sponsors", "foundations",
    "clients", "own-income", "health-insurance", "other",
]  # fmt: skip
CapacityUnit = Literal[
    "places", "beds", "clients-per-day", "clients-per-month", "clients-per-year",
    "staff-fte", "hours-per-week", "flats",
]  # fmt: skip
MeasureStatus = Literal["proposed", "planned", "in-progress", "done", "postponed", "cancelled"]


# --- plan metadata -------------------------------------------------------------------------


@dataclass(kw_only=True, slots=True)
class Territory(Entity):
    name: str = spec("Name of the municipality, region or district.", required=True)
    kind: Literal["municipality", "city-district", "region", "district", "country", "other"] = spec(
        "What kind of territory it is.", default="municipality"
    )
    code: str | None = spec("Official code (e.g. the statistical office's), if any.")


@dataclass(kw_only=True, slots=True)
class Period(Entity):
    start: PartialDate = spec("First year (or month, or day) of the plan.", required=True)
    end: PartialDate = spec("Last year (or month, or day) of the plan.", required=True)


@dataclass(kw_only=True, slots=True)
class Resolution(Entity):
    body: str = spec("Who adopted the plan, e.g. the City Council.", required=True)
    number: str | None = spec("Number of the resolution.", example="RM/123/2004")
    date: PartialDate | None = spec("Date of the resolution.")


@dataclass(kw_only=True, slots=True)
class CheckSettings(Entity):
    disable: list[str] = spec(
        "Rule codes or names `cpkit check` does not report for this plan.",
        factory=list,
        example=["CP403"],
    )


@dataclass(kw_only=True, slots=True)
class PlanInfo(Entity):
    label: ClassVar[str] = "plan"
    id: str | None = spec("Short id of the plan, e.g. usti-2004.")
    title: str = spec("Title of the plan as published.", required=True)
    shape: Shape = spec(
        "community: community plan of social services; district: district plan; "
        "ngo: an organisation's business plan.",
        default="community",
    )
    territory: Territory | None = spec("The territory the plan covers.")
    period: Period = spec("The planning period.", required=True)
    language: Language = spec("Language of the plan's text and published document.", default="en")
    currency: str | None = spec("ISO 4217 code all money in the plan is in.", example="CZK")
    version: str | None = spec("Version of the plan, e.g. 2 for the second plan.")
    status: Status = spec("draft, consultation, final or adopted.", default="draft")
    owner: str | None = spec(
        "Stakeholder that keeps the plan (the commissioner, or the NGO).", ref="stakeholders"
    )
    adopted_by: Resolution | None = spec("The resolution that adopted the plan.")
    purpose: str | None = spec("Objective of the plan (Part A.1). Markdown.")
    vision: str | None = spec("The vision the plan works towards. Markdown.")
    principles: list[str] = spec("Principles the plan follows.", factory=list)
    values: list[str] = spec("Values the plan is based on.", factory=list)
    process: str | None = spec("How the plan was developed (Part A.4). Markdown.")
    context: str | None = spec("National and regional context (Part A.5). Markdown.")
    based_on: str | None = spec("What the plan is based on (Part B.3). Markdown.")
    check: CheckSettings | None = spec("Settings for `cpkit check`.")


# --- people and organisations --------------------------------------------------------------


@dataclass(kw_only=True, slots=True)
class Contact(Entity):
    email: str | None = spec("E-mail address.")
    phone: str | None = spec("Telephone number.")
    address: str | None = spec("Postal address.")
    web: str | None = spec("Web site.")


@dataclass(kw_only=True, slots=True)
class Stakeholder(Entity):
    label: ClassVar[str] = "stakeholder"
    id: str = spec("Stable id, referred to from groups, services and measures.", required=True)
    name: str = spec("Name of the organisation or person.", required=True)
    kind: Literal["organisation", "person"] = spec(
        "organisation or person.", default="organisation"
    )
    side: Side | None = spec("Side of the triad: commissioner, provider or user.")
    roles: list[Role] = spec("Other roles, e.g. job-centre, employer, public.", factory=list)
    sector: Sector | None = spec("Sector, e.g. municipal, ngo, private.")
    organisation: str | None = spec(
        "For a person: the organisation they represent.", ref="stakeholders"
    )
    position: str | None = spec("For a person: their position or function.")
    contact: Contact | None = spec(
        "Contact details. A person's contacts are personal data: see `publish_contact`."
    )
    publish_contact: bool | None = spec(
        "May the contact be published? Default: yes for organisations, no for persons."
    )

    def contact_is_public(self) -> bool:
        if self.publish_contact is not None:
            return self.publish_contact
        return self.kind == "organisation"


@dataclass(kw_only=True, slots=True)
class Group(Entity):
    label: ClassVar[str] = "group"
    id: str = spec("Stable id.", required=True)
    name: str = spec("Name of the group.", required=True)
    kind: Literal["management", "coordination", "agreement", "information", "working", "other"] = (
        spec("management team, coordination group, agreement group, ...", default="coordination")
    )
    members: list[str] = spec("Members, by stakeholder id.", factory=list, ref="stakeholders")
    chair: str | None = spec("Who chairs the group.", ref="stakeholders")
    description: str | None = spec("What the group does. Markdown.")


# --- areas and vocabularies ----------------------------------------------------------------


@dataclass(kw_only=True, slots=True)
class TargetGroup(Entity):
    label: ClassVar[str] = "target group"
    id: str = spec("Stable id.", required=True)
    name: str = spec("Name, e.g. senior citizens.", required=True)
    description: str | None = spec("Who belongs to it.")


@dataclass(kw_only=True, slots=True)
class Need(Entity):
    label: ClassVar[str] = "need"
    id: str = spec("Stable id; a column of the needs matrix.", required=True)
    name: str = spec("Name, e.g. help in the home.", required=True)
    description: str | None = spec("What the need covers.")


@dataclass(kw_only=True, slots=True)
class ServiceType(Entity):
    label: ClassVar[str] = "service type"
    id: str = spec("Stable id.", required=True)
    name: str = spec("Name, e.g. field services.", required=True)
    description: str | None = spec("What the type covers.")


@dataclass(kw_only=True, slots=True)
class Area(Entity):
    label: ClassVar[str] = "area"
    id: str = spec("Stable id.", required=True)
    name: str = spec("Name, e.g. social assistance and care for senior citizens.", required=True)
    group: str | None = spec("Its coordination group.", ref="groups")
    target_groups: list[str] = spec("Target groups it serves.", factory=list, ref="target_groups")
    description: str | None = spec("Introduction to the area (Part E). Markdown.")


# --- services ------------------------------------------------------------------------------


@dataclass(kw_only=True, slots=True)
class Capacity(Entity):
    value: float = spec("How much.", required=True)
    unit: CapacityUnit = spec("Unit of the capacity.", required=True)


@dataclass(kw_only=True, slots=True)
class Location(Entity):
    address: str | None = spec("Street address.")
    municipality: str | None = spec("Municipality.")
    district: str | None = spec("District or part of town.")


@dataclass(kw_only=True, slots=True)
class Fund(Entity):
    source: FundSource = spec("Where the money comes from.", required=True)
    amount: float | None = spec("Amount, in the plan's currency.")
    currency: str | None = spec("Currency, if stated; must be the plan's.")
    year: int | None = spec("Year the money is for.")
    secured: bool = spec("Is the money secured (true) or only expected (false)?", default=False)
    note: str | None = spec("Anything else, e.g. the name of the grant.")


@dataclass(kw_only=True, slots=True)
class Service(Entity):
    label: ClassVar[str] = "service"
    id: str = spec("Stable id.", required=True)
    name: str = spec("Name of the service.", required=True)
    provider: str = spec("The provider, by stakeholder id.", required=True, ref="stakeholders")
    type: str = spec("Service type.", required=True, ref="service_types")
    target_groups: list[str] = spec("Target groups served.", factory=list, ref="target_groups")
    capacity: Capacity | None = spec("Capacity, with its unit.")
    location: Location | None = spec("Where the service is provided.")
    funding: list[Fund] = spec("How the service is funded.", factory=list)
    contact: Contact | None = spec("Public contact for clients.")
    registry_id: str | None = spec("Id in the national registry of providers.")
    description: str | None = spec("What the service offers. Markdown.")


@dataclass(kw_only=True, slots=True)
class Cell(Entity):
    """One cell of the needs matrix: the services providing it, `missing` or `not-needed`."""

    label: ClassVar[str] = "needs-matrix cell"

    status: Literal["provided", "missing", "not-needed"] = "provided"
    services: list[str] = field(default_factory=list, metadata={"ref": "services"})

    WORDS: ClassVar[dict[str, str]] = {
        "missing": "missing", "not-needed": "not-needed", "not needed": "not-needed",
        "not_needed": "not-needed", "provided": "provided",
    }  # fmt: skip

    def to_plain(self) -> str | list[str]:
        """The cell as it is written in YAML."""
        return list(self.services) if self.services else self.status

    @classmethod
    def from_node(cls, node: yaml.Node, b: Builder, what: str) -> Any:
        loc = b.loc(node)
        if isinstance(node, yaml.ScalarNode):
            status = cls.WORDS.get(node.value.strip().lower())
            if status is not None:
                return cls(status=status, loc=loc)
            b.diagnostics.append(
                rules.BAD_VALUE(
                    loc,
                    f"{what} is {node.value!r}",
                    "write missing, not-needed, provided, or a list of service ids",
                )
            )
            return invalid()
        if (
            isinstance(node, yaml.SequenceNode)
            and node.value
            and all(
                isinstance(n, yaml.ScalarNode) and n.tag != "tag:yaml.org,2002:null"
                for n in node.value
            )
        ):
            pos = {f"services.{i}": b.loc(n) for i, n in enumerate(node.value)}
            return cls(services=[n.value for n in node.value], loc=loc, pos=pos)
        b.diagnostics.append(
            rules.WRONG_TYPE(
                loc, f"{what} should be missing, not-needed, provided or a list of service ids"
            )
        )
        return invalid()


@dataclass(kw_only=True, slots=True)
class NeedsRow(Entity):
    label: ClassVar[str] = "needs-matrix row"
    id: str = spec("Stable id; measures answer a cell as ROW/NEED.", required=True)
    area: str | None = spec("Area the row belongs to.", ref="areas")
    target_group: str | None = spec("Target group of the row.", ref="target_groups")
    service_type: str | None = spec("Service type of the row.", ref="service_types")
    cells: dict[str, Cell] = spec(
        "Need id → list of providing service ids, `missing`, `not-needed` or `provided`.",
        factory=dict,
        key_ref="needs",
    )


@dataclass(kw_only=True, slots=True)
class Swot(Entity):
    label: ClassVar[str] = "SWOT"
    area: str = spec("The area analysed.", required=True, ref="areas")
    group: str | None = spec("The group that made the analysis.", ref="groups")
    date: PartialDate | None = spec("When it was made.")
    strengths: list[str] = spec("Strengths.", factory=list)
    weaknesses: list[str] = spec("Weaknesses.", factory=list)
    opportunities: list[str] = spec("Opportunities.", factory=list)
    threats: list[str] = spec("Threats.", factory=list)


@dataclass(kw_only=True, slots=True)
class Demand(Entity):
    label: ClassVar[str] = "demand"
    target_group: str = spec(
        "Target group whose population is counted.", required=True, ref="target_groups"
    )
    service_type: str = spec("Type of service needed.", required=True, ref="service_types")
    share: float = spec(
        "Share of the target group expected to need the service, from 0 to 1 (0.03 = 3 %).",
        required=True,
        example=0.03,
    )
    unit: CapacityUnit = spec("Unit in which demand and capacity are compared.", required=True)
    source: str | None = spec("Where the share comes from (a survey, a norm).")


# --- priorities, objectives, measures ------------------------------------------------------


@dataclass(kw_only=True, slots=True)
class Observation(Entity):
    value: float | None = spec("The value; leave out for a qualitative indicator.")
    year: int | None = spec("Year of the value.")
    comment: str | None = spec("Comment, or the qualitative statement.")


@dataclass(kw_only=True, slots=True)
class Indicator(Entity):
    label: ClassVar[str] = "indicator"
    id: str = spec("Stable id.", required=True)
    name: str = spec("What is measured.", required=True)
    unit: str | None = spec("Unit, e.g. clients, %, places.")
    baseline: Observation | None = spec("Starting value.")
    target: Observation | None = spec("Value to reach.")
    qualitative: bool = spec("A qualitative indicator has a comment and no value.", default=False)


@dataclass(kw_only=True, slots=True)
class Costs(Entity):
    total: float | None = spec("Expected financial costs in all.", example=3848250)
    currency: str | None = spec("Currency, if stated; must be the plan's.")
    per_year: dict[int, float] = spec("Costs by year.", factory=dict, example={2004: 1282750})
    note: str | None = spec("What the costs include or leave out.")


@dataclass(kw_only=True, slots=True)
class Clients(Entity):
    per_day: float | None = spec("Expected clients per day.")
    per_month: float | None = spec("Expected clients per month.")
    per_year: float | None = spec("Expected clients per year.")


@dataclass(kw_only=True, slots=True)
class AddedCapacity(Entity):
    service_type: str = spec(
        "Type of service the capacity is added to.", required=True, ref="service_types"
    )
    target_groups: list[str] = spec("Target groups it serves.", factory=list, ref="target_groups")
    value: float = spec("How much capacity is added (negative: removed).", required=True)
    unit: CapacityUnit = spec("Unit of the capacity.", required=True)


@dataclass(kw_only=True, slots=True)
class Measure(Entity):
    label: ClassVar[str] = "measure"
    id: str = spec("Hierarchical id continuing its parent's, e.g. 1.2.3.", required=True)
    title: str = spec("Title of the measure.", required=True)
    characteristics: str | None = spec("Characteristics of the measure. Markdown.")
    impact: str | None = spec("Expected impact of the measure. Markdown.")
    costs: Costs | None = spec("Expected financial costs.")
    funds: list[Fund] = spec("Expected funds, by source.", factory=list)
    clients: Clients | None = spec("Expected number of clients per day, month, year.")
    organisations: list[str] = spec(
        "Organisations involved, by stakeholder id.", factory=list, ref="stakeholders"
    )
    other_organisations: list[str] = spec(
        "Others involved that are not stakeholders, e.g. volunteers.", factory=list
    )
    new_service: Literal["yes", "no", "partly"] | None = spec(
        "Does it establish a new service or programme?"
    )
    new_service_note: str | None = spec("Explains a `partly`.")
    implementer: str | None = spec("Implementing entity.", ref="stakeholders")
    responsible: str | None = spec("Responsible person.", ref="stakeholders")
    start: PartialDate | None = spec("When it starts.")
    end: PartialDate | None = spec("When it ends.")
    status: MeasureStatus = spec("Where the measure stands.", default="planned")
    indicators: list[Indicator] = spec("How its progress is measured.", factory=list)
    risks: list[str] = spec("Risks to the measure.", factory=list)
    answers: list[str] = spec(
        "Needs-matrix cells it answers, as ROW/NEED.",
        factory=list,
        ref="cells",
        example=["seniors-sheltered/help-home"],
    )
    adds_capacity: list[AddedCapacity] = spec("Capacity it adds to services.", factory=list)
    measures: list[Measure] = spec(
        "Sub-measures (activities), numbered under this one.", factory=list
    )
    parent: str = field(default="", repr=False, compare=False, metadata={"internal": True})


@dataclass(kw_only=True, slots=True)
class Objective(Entity):
    label: ClassVar[str] = "objective"
    id: str = spec("Hierarchical id under its priority, e.g. 1.2.", required=True)
    title: str = spec("Title of the objective.", required=True)
    description: str | None = spec("Brief description of the objective. Markdown.")
    indicators: list[Indicator] = spec("How its progress is measured.", factory=list)
    measures: list[Measure] = spec("Measures that will lead to the objective.", factory=list)
    parent: str = field(default="", repr=False, compare=False, metadata={"internal": True})


@dataclass(kw_only=True, slots=True)
class Priority(Entity):
    label: ClassVar[str] = "priority"
    id: str = spec("Number of the priority, e.g. 1.", required=True)
    title: str = spec("Title of the priority or strategic area.", required=True)
    area: str | None = spec(
        "The area it belongs to (Part E); none for joint objectives (Part F).", ref="areas"
    )
    description: str | None = spec("What the priority is about. Markdown.")
    objectives: list[Objective] = spec("Its objectives.", factory=list)


# --- consultation ---------------------------------------------------------------------------

Channel = Literal["post", "email", "contact-point", "meeting", "online", "phone", "other"]


@dataclass(kw_only=True, slots=True)
class ContactPoint(Entity):
    name: str = spec(
        "Where comments can be handed in, e.g. the City Hall reception.", required=True
    )
    address: str | None = spec("Address.")
    hours: str | None = spec("Opening hours.")


@dataclass(kw_only=True, slots=True)
class Consultation(Entity):
    label: ClassVar[str] = "consultation"
    start: PartialDate = spec("First day on which comments are received.", required=True)
    end: PartialDate = spec("Last day on which comments are received.", required=True)
    channels: list[Channel] = spec("How comments may be sent.", factory=list)
    contact_points: list[ContactPoint] = spec("Where comments can be handed in.", factory=list)
    description: str | None = spec("How the consultation runs (Part D.2). Markdown.")


@dataclass(kw_only=True, slots=True)
class Author(Entity):
    name: str | None = spec(
        "The commenter's name. Personal data: never published unless `publish`."
    )
    organisation: str | None = spec("Organisation the commenter speaks for, if any.")
    contact: str | None = spec("Address, e-mail or phone, to send the settlement to.")
    publish: bool = spec("May the name be published with the comment?", default=False)


@dataclass(kw_only=True, slots=True)
class Comment(Entity):
    label: ClassVar[str] = "comment"
    id: str = spec("Number in the book of comments.", required=True)
    received: PartialDate = spec("Date received.", required=True)
    channel: Channel | None = spec("How it arrived.")
    author: Author | None = spec("Who sent it; anonymous comments are not filed.")
    target: str | None = spec(
        "What it is about: an entity id (1.2.3, a service id) or a Part of the document (A–G).",
        example="1.1.2",
    )
    text: str = spec("The comment, as received.", required=True)
    kind: Literal["substantive", "formal"] | None = spec("substantive or formal.")
    group: str | None = spec("Working group that settles it.", ref="groups")
    decision: Literal["accepted", "partly", "rejected"] | None = spec("How it was settled.")
    reasons: str | None = spec("Why: published in the settlement annex.")
    status: Literal["received", "assigned", "settled"] = spec(
        "received, assigned (to a group) or settled (decided).", default="received"
    )


# --- monitoring ------------------------------------------------------------------------------


@dataclass(kw_only=True, slots=True)
class MeasureReport(Entity):
    label: ClassVar[str] = "measure report"
    measure: str = spec("The measure reported on.", required=True, ref="measures")
    status: MeasureStatus | None = spec("Where the measure stood at the end of the year.")
    spent: float | None = spec("Money spent in the year, in the plan's currency.")
    note: str | None = spec("What was done. Markdown.")


@dataclass(kw_only=True, slots=True)
class IndicatorValue(Entity):
    label: ClassVar[str] = "indicator value"
    owner: str = spec("Id of the objective or measure the indicator belongs to.", required=True)
    indicator: str = spec("Id of the indicator.", required=True)
    value: float | None = spec("The actual value at the end of the year.")
    comment: str | None = spec("Comment, or the qualitative statement.")


@dataclass(kw_only=True, slots=True)
class Monitoring(Entity):
    label: ClassVar[str] = "monitoring year"
    year: int = spec("The year reported on.", required=True)
    action_plan: list[str] = spec(
        "Measures chosen for the year (the annual implementation plan).",
        factory=list,
        ref="measures",
    )
    measures: list[MeasureReport] = spec("What happened to each measure.", factory=list)
    indicators: list[IndicatorValue] = spec("Actual values of indicators.", factory=list)
    evaluation: str | None = spec("The written evaluation of the year. Markdown.")
    financial_evaluation: str | None = spec("The financial evaluation of the year. Markdown.")


# --- the plan as a whole -------------------------------------------------------------------

#: Section name → entity class; the `plan` section is one mapping, the others are lists.
SECTIONS: dict[str, type[Entity]] = {
    "plan": PlanInfo,
    "stakeholders": Stakeholder,
    "groups": Group,
    "target_groups": TargetGroup,
    "needs": Need,
    "service_types": ServiceType,
    "areas": Area,
    "services": Service,
    "needs_matrix": NeedsRow,
    "swot": Swot,
    "demand": Demand,
    "priorities": Priority,
    "consultation": Consultation,
    "comments": Comment,
    "monitoring": Monitoring,
}
#: Sections that hold one mapping in the whole plan; the others are lists.
SINGLE_SECTIONS = ("plan", "consultation")
LIST_SECTIONS = tuple(s for s in SECTIONS if s not in ("plan", "consultation"))


@dataclass(slots=True)
class Plan:
    """A whole plan: its metadata and every section's entities, in file order."""

    root: Path
    info: PlanInfo | None = None
    stakeholders: list[Stakeholder] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    target_groups: list[TargetGroup] = field(default_factory=list)
    needs: list[Need] = field(default_factory=list)
    service_types: list[ServiceType] = field(default_factory=list)
    areas: list[Area] = field(default_factory=list)
    services: list[Service] = field(default_factory=list)
    needs_matrix: list[NeedsRow] = field(default_factory=list)
    swot: list[Swot] = field(default_factory=list)
    demand: list[Demand] = field(default_factory=list)
    priorities: list[Priority] = field(default_factory=list)
    consultation: Consultation | None = None
    comments: list[Comment] = field(default_factory=list)
    monitoring: list[Monitoring] = field(default_factory=list)
    demographics: Demographics = field(default_factory=Demographics)
    files: list[str] = field(default_factory=list)

    def objectives(self) -> Iterator[Objective]:
        for p in self.priorities:
            yield from p.objectives

    def measures(self) -> Iterator[Measure]:
        """Every measure and sub-measure, depth first, in plan order."""
        return depth_first([m for o in self.objectives() for m in o.measures])

    def section(self, name: str) -> list[Any]:
        if name == "objectives":
            return list(self.objectives())
        if name == "measures":
            return list(self.measures())
        return getattr(self, name)

    def ids(self, kind: str) -> dict[str, Any]:
        """Id → first entity of that kind."""
        out: dict[str, Any] = {}
        for e in self.section(kind):
            out.setdefault(e.id, e)
        return out

    def cells(self) -> dict[str, Cell]:
        """ROW/NEED → cell, the form in which measures name the cells they answer."""
        return {f"{r.id}/{need}": c for r in self.needs_matrix for need, c in r.cells.items()}


def depth_first(measures: list[Measure]) -> Iterator[Measure]:
    """The measures and all their sub-measures, in plan order; a loop, as nesting is unbounded."""
    stack = measures[::-1]
    while stack:
        m = stack.pop()
        yield m
        stack.extend(reversed(m.measures))
