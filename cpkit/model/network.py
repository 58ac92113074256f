"""The network of social services (síť sociálních služeb, Act 108/2006 Coll. § 3(i)).

A region sets, and yearly updates by council resolution, which services it counts on in
sufficient capacity; some regions split it into a basic and a development part. The
`network` section lists, per service, the part it is in, the years and the capacity the
network commits in each unit; one service may have several entries when its capacity
changes from one year to the next, but never two for the same year.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

from cpkit.model.fields import Entity, spec
from cpkit.model.services import Capacity

NetworkPart = Literal["basic", "development"]


@dataclass(kw_only=True, slots=True)
class NetworkEntry(Entity):
    label: ClassVar[str] = "network entry"
    service: str = spec("The service in the network, by id.", required=True, ref="services")
    part: NetworkPart = spec(
        "basic (základní síť) or development (rozvojová síť).", default="basic"
    )
    years: list[int] = spec(
        "The years the service is in the network with this capacity.",
        factory=list,
        example=[2005, 2006],
    )
    capacity: list[Capacity] = spec(
        "The capacity the network commits, one value per unit (beds, staff-fte of "
        "direct-care staff, clients, contacts, interventions ...).",
        factory=list,
    )
    area: str | None = spec(
        "The area the service counts in; by default the first area that serves one of its "
        "target groups.",
        ref="areas",
    )
    note: str | None = spec("Anything else, e.g. the resolution that put it in.")
