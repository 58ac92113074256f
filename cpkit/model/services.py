"""What exists and what is needed: the vocabularies, areas and services, the needs matrix,
SWOT analyses and the demand for services."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

import yaml

from cpkit.core import rules
from cpkit.model.convert import Builder, invalid
from cpkit.model.fields import Entity, PartialDate, spec
from cpkit.model.people import Contact
from cpkit.model.vocabularies import FundSource

CapacityUnit = Literal[
    "places", "beds", "clients-per-day", "clients-per-month", "clients-per-year",
    "staff-fte", "hours-per-week", "flats", "clients", "contacts", "interventions",
]  # fmt: skip
#: How a service is provided (Act 108/2006 Coll. § 33): in a facility where clients live,
#: in a facility clients come to, or in the clients' own homes and surroundings.
ServiceForm = Literal["residential", "outpatient", "field"]


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
    incomplete_is_absent: ClassVar[bool] = True  # see Entity


@dataclass(kw_only=True, slots=True)
class Location(Entity):
    address: str | None = spec("Street address.")
    municipality: str | None = spec("Municipality.")
    district: str | None = spec("District or part of town.")


@dataclass(kw_only=True, slots=True)
class Fund(Entity):
    source: FundSource = spec(
        "Where the money comes from; the words of the plan's territory (docs/format.md).",
        required=True,
    )
    amount: float | None = spec("Amount, in the plan's currency.")
    currency: str | None = spec("Currency, if stated; must be the plan's.")
    year: int | None = spec("Year the money is for.")
    secured: bool = spec("Is the money secured (true) or only expected (false)?", default=False)
    note: str | None = spec("Anything else, e.g. the name of the grant.")
    incomplete_is_absent: ClassVar[bool] = True  # see Entity


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
    registry_id: str | None = spec(
        "Id in the national registry of providers; in a community plan the Czech registry's "
        "identifier of the service (identifikátor služby), 7 digits.",
        example="1234567",
    )
    provider_ic: str | None = spec(
        "The provider's company number (IČ): 8 digits, the last a check digit.",
        example="00081531",
    )
    form: ServiceForm | None = spec("residential, outpatient or field (the registry's form).")
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
            b.diagnostics.append(rules.BAD_VALUE(loc, "message", what=what, value=node.value))
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
        b.diagnostics.append(rules.WRONG_TYPE(loc, "should-be-missing", what=what))
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
    incomplete_is_absent: ClassVar[bool] = True  # see Entity
