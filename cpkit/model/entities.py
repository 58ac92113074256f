"""The plan as a whole: its sections and the entities each holds.

A plan is a folder of YAML files; each file is a mapping of *sections* (see
:data:`SECTIONS`), and a section's entities may be spread over several files.
Entities have stable ids and refer to one another by id. They are defined per part of
the plan: :mod:`~cpkit.model.metadata` (the `plan` section), :mod:`~cpkit.model.people`,
:mod:`~cpkit.model.services` (vocabularies, areas, services, needs matrix, SWOT, demand),
:mod:`~cpkit.model.measures` (priorities, objectives, measures) and
:mod:`~cpkit.model.life` (consultation, comments, monitoring).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cpkit.model.demographics import Demographics
from cpkit.model.fields import Entity
from cpkit.model.life import (
    Author,
    Channel,
    Comment,
    Consultation,
    ContactPoint,
    IndicatorValue,
    MeasureReport,
    Monitoring,
)
from cpkit.model.measures import (
    AddedCapacity,
    Clients,
    Costs,
    Indicator,
    Measure,
    MeasureStatus,
    Objective,
    Observation,
    Priority,
    depth_first,
)
from cpkit.model.metadata import (
    CheckSettings,
    Language,
    Period,
    PlanInfo,
    Resolution,
    Shape,
    Status,
    Territory,
)
from cpkit.model.network import NetworkEntry, NetworkPart
from cpkit.model.people import TRIAD, Contact, Group, Role, Sector, Side, Stakeholder
from cpkit.model.services import (
    Area,
    Capacity,
    CapacityUnit,
    Cell,
    Demand,
    Fund,
    FundSource,
    Location,
    Need,
    NeedsRow,
    Service,
    ServiceForm,
    ServiceType,
    Swot,
    TargetGroup,
)

# Every entity and vocabulary by name, for the other stages; each is defined in the module
# of its part of the plan, from which the model and the checks import it.
__all__ = [
    "LIST_SECTIONS", "SECTIONS", "SINGLE_SECTIONS", "TRIAD", "AddedCapacity", "Area", "Author",
    "Capacity", "CapacityUnit", "Cell", "Channel", "CheckSettings", "Clients", "Comment",
    "Consultation", "Contact", "ContactPoint", "Costs", "Demand", "Fund", "FundSource",
    "Group", "Indicator", "IndicatorValue", "Language", "Location", "Measure", "MeasureReport",
    "MeasureStatus", "Monitoring", "Need", "NeedsRow", "NetworkEntry", "NetworkPart",
    "Objective", "Observation", "Period", "Plan", "PlanInfo", "Priority", "Resolution", "Role",
    "Sector", "Service", "ServiceForm", "ServiceType", "Shape", "Side", "Stakeholder", "Status",
    "Swot", "TargetGroup", "Territory", "depth_first",
]  # fmt: skip

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
    "network": NetworkEntry,
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
    network: list[NetworkEntry] = field(default_factory=list)
    priorities: list[Priority] = field(default_factory=list)
    consultation: Consultation | None = None
    comments: list[Comment] = field(default_factory=list)
    monitoring: list[Monitoring] = field(default_factory=list)
    demographics: Demographics = field(default_factory=Demographics)
    files: list[str] = field(default_factory=list)
    # (objectives, measures) listed once while `walked()` holds: see there
    _walks: tuple[list[Objective], list[Measure]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def objectives(self) -> Iterator[Objective]:
        if self._walks is not None:
            return iter(self._walks[0])
        return (o for p in self.priorities for o in p.objectives)

    def measures(self) -> Iterator[Measure]:
        """Every measure and sub-measure, depth first, in plan order."""
        if self._walks is not None:
            return iter(self._walks[1])
        return depth_first([m for o in self.objectives() for m in o.measures])

    @contextmanager
    def walked(self) -> Iterator[None]:
        """The objectives and measures listed once, for work that reads them many times and
        changes nothing (the checks: a dozen of them each walked every measure, which on a
        plan of 2,000 measures cost more than some checks did)."""
        if self._walks is not None:
            yield
            return
        self._walks = (list(self.objectives()), list(self.measures()))
        try:
            yield
        finally:
            self._walks = None

    def filed_comments(self) -> list[Comment]:
        """The book of comments as it is settled and published: without the comments
        received but not filed (`filed: false`, e.g. anonymous ones)."""
        return [c for c in self.comments if c.filed]

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
