"""Who takes part: stakeholders (the triad of commissioner, provider and user) and groups."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

from cpkit.model.fields import Entity, spec
from cpkit.model.vocabularies import GroupKind

Side = Literal["commissioner", "provider", "user"]
TRIAD: tuple[str, ...] = ("commissioner", "provider", "user")
Role = Literal[
    "public", "job-centre", "employer", "school", "health", "police", "ethnic-group",
    "funder", "research", "media", "other",
]  # fmt: skip
Sector = Literal["municipal", "regional", "state", "ngo", "church", "private", "informal", "other"]


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
    kind: GroupKind = spec(
        "management team, coordination group, ... (Czech); dcc, local-committee, ... (Hong "
        "Kong): the words of the plan's territory (docs/format.md).",
        default="coordination",
    )
    members: list[str] = spec("Members, by stakeholder id.", factory=list, ref="stakeholders")
    chair: str | None = spec("Who chairs the group.", ref="stakeholders")
    description: str | None = spec("What the group does. Markdown.")
    non_members: Literal["in-attendance", "members-only"] | None = spec(
        "Whether service units that are not members may join its meetings on an "
        "in-attendance basis, as some Hong Kong districts welcome them."
    )
