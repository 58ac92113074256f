"""What the plan will do: priorities, their objectives and measures, and indicators."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

from cpkit.model.fields import Entity, PartialDate, spec
from cpkit.model.services import CapacityUnit, Fund

# What measures and objectives share, written once (a dataclass field is one per class).
CONTINUES: dict[str, Any] = {
    "doc": "Id of the objective or measure of the previous version of the plan that this "
    'one carries on, e.g. "4.4": `cpkit diff` then reports the two as one, however the '
    "number and the wording changed.",
    "example": "4.4",
}
ALIGNS_WITH: dict[str, Any] = {
    "doc": "Ids of the objectives or measures of the plan named by `plan.aligns_with` that "
    "this one works toward.",
    "factory": list,
    "example": ["2.2", "4.1"],
}
ALIGNED: dict[str, Any] = {
    "doc": "Fingerprint of each `aligns_with` target's title and description when the link "
    "was last confirmed; written by `cpkit align --confirm`, not by hand.",
    "factory": dict,
    "example": {"2.2": "3f9a1c2b"},
}

MeasureStatus = Literal["proposed", "planned", "in-progress", "done", "postponed", "cancelled"]


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
    incomplete_is_absent: ClassVar[bool] = True  # see Entity


@dataclass(kw_only=True, slots=True)
class Measure(Entity):
    label: ClassVar[str] = "measure"
    id: str = spec("Hierarchical id continuing its parent's, e.g. 1.2.3.", required=True)
    title: str = spec("Title of the measure.", required=True)
    number: str | None = spec(
        "The plan's own number of the measure under its objective, as the document prints it "
        "(1, 1.1, 2.1 …), where it differs from the id; the id stays unique and is what "
        "answers, comments and monitoring name.",
        example="1.1",
    )
    continues: str | None = spec(**CONTINUES)
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
        "Does it establish a new service or programme?",
        hint='for yes in one sense and no in another ("Yes and No"), write `partly` and say '
        "how in `new_service_note`",
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
    aligns_with: list[str] = spec(**ALIGNS_WITH)
    aligned: dict[str, str] = spec(**ALIGNED)
    measures: list[Measure] = spec(
        "Sub-measures (activities), numbered under this one.", factory=list
    )
    parent: str = field(default="", repr=False, compare=False, metadata={"internal": True})


@dataclass(kw_only=True, slots=True)
class Objective(Entity):
    label: ClassVar[str] = "objective"
    id: str = spec("Hierarchical id under its priority, e.g. 1.2.", required=True)
    title: str = spec("Title of the objective.", required=True)
    continues: str | None = spec(**CONTINUES)
    description: str | None = spec("Brief description of the objective. Markdown.")
    indicators: list[Indicator] = spec("How its progress is measured.", factory=list)
    measures: list[Measure] = spec("Measures that will lead to the objective.", factory=list)
    aligns_with: list[str] = spec(**ALIGNS_WITH)
    aligned: dict[str, str] = spec(**ALIGNED)
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


def depth_first(measures: list[Measure]) -> Iterator[Measure]:
    """The measures and all their sub-measures, in plan order; a loop, as nesting is unbounded."""
    stack = measures[::-1]
    while stack:
        m = stack.pop()
        yield m
        stack.extend(reversed(m.measures))
