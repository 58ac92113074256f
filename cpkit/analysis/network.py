"""The network of social services as tables: who is in it, in which year, with how much.

`network_table` is what `cpkit gaps network`, the export and Part B show; `network_annex`
is the part of `cpkit diff` a council adopts each year: per year, the services added to
and removed from the network and those whose part or capacity changed.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, get_args

from cpkit.model.entities import CapacityUnit, NetworkEntry, Plan, Service

if TYPE_CHECKING:
    import pandas as pd

COLUMNS = ["year", "scope", "area", "municipality", "part", "service", "unit", "capacity"]
UNITS = frozenset(get_args(CapacityUnit))
#: The rows of the table: a service's capacity in a unit, a territory's and a year's sums.
SERVICE, TERRITORY, YEAR = "service", "territory", "year"


@dataclass(slots=True)
class NetworkLine:
    """One service in the network in one year: its part, territory and capacity by unit."""

    year: int
    service: str
    name: str
    part: str
    area: str
    municipality: str
    capacity: dict[str, float] = field(default_factory=dict)
    provider_ic: str = ""
    registry_id: str = ""
    form: str = ""


def network_years(plan: Plan) -> dict[int, dict[str, NetworkLine]]:
    """Year → service id → its line, years and services in plan order (years ascending).
    An entry for a service the plan lacks is left out (reported by the check, CP202)."""
    services = plan.ids("services")
    out: dict[int, dict[str, NetworkLine]] = defaultdict(dict)
    for entry in plan.network:
        s = services.get(entry.service)
        if s is None:
            continue
        for year in entry.years:
            if not isinstance(year, int) or isinstance(year, bool):
                continue  # written wrong, and reported
            out[year].setdefault(s.id, _line(plan, entry, s, year))
    return {y: out[y] for y in sorted(out)}


def _line(plan: Plan, entry: NetworkEntry, s: Service, year: int) -> NetworkLine:
    """The entry in one year; a capacity written wrong (reported by the check) counts none."""
    capacity: dict[str, float] = {}
    for c in entry.capacity:
        if c.unread & {"value", "unit"} or c.value is None or c.unit not in UNITS:
            continue
        capacity.setdefault(c.unit, c.value)
    return NetworkLine(
        year=year, service=s.id, name=s.name, part=entry.part, area=_area(plan, entry, s),
        municipality=_municipality(plan, s), capacity=capacity,
        provider_ic=s.provider_ic or "", registry_id=s.registry_id or "", form=s.form or "",
    )  # fmt: skip


def _area(plan: Plan, entry: NetworkEntry, s: Service) -> str:
    """The entry's area, else the first area serving one of the service's target groups."""
    if entry.area:
        return entry.area
    for a in plan.areas:
        if set(a.target_groups) & set(s.target_groups):
            return a.id
    return ""


def _municipality(plan: Plan, s: Service) -> str:
    """Where the service is provided, else the plan's territory."""
    if s.location and s.location.municipality:
        return s.location.municipality
    territory = plan.info.territory if plan.info else None
    return territory.name if territory else ""


def network_table(plan: Plan) -> pd.DataFrame:
    """Per year: each service's capacity per unit, then the sums per territory (area and
    municipality) and unit, then the year's sums per unit."""
    import pandas as pd  # only here: the document's network views need no DataFrame

    rows: list[dict[str, Any]] = []
    for year, lines in network_years(plan).items():
        ordered = sorted(lines.values(), key=lambda n: (n.area, n.municipality))
        territory: dict[tuple[str, str, str], float] = defaultdict(float)
        total: dict[str, float] = defaultdict(float)
        for n in ordered:
            for unit, value in n.capacity.items():
                rows.append(_row(year, SERVICE, n, unit, value))
                territory[(n.area, n.municipality, unit)] += value
                total[unit] += value
        for (area, municipality, unit), value in territory.items():
            rows.append(
                {"year": year, "scope": TERRITORY, "area": area, "municipality": municipality,
                 "unit": unit, "capacity": value}
            )  # fmt: skip
        for unit, value in total.items():
            rows.append({"year": year, "scope": YEAR, "unit": unit, "capacity": value})
    frame = pd.DataFrame(rows, columns=COLUMNS)
    text = [c for c in COLUMNS if c not in ("year", "capacity")]
    frame[text] = frame[text].fillna("")
    return frame.astype({"capacity": "float64"})


def _row(year: int, scope: str, n: NetworkLine, unit: str, value: float) -> dict[str, Any]:
    return {
        "year": year, "scope": scope, "area": n.area, "municipality": n.municipality,
        "part": n.part, "service": n.service, "unit": unit, "capacity": value,
    }  # fmt: skip


# --- the yearly update, as the annex a council adopts ---------------------------------------


@dataclass(slots=True)
class CapacityChange:
    unit: str
    before: float | None
    after: float | None

    @property
    def delta(self) -> float:
        return (self.after or 0.0) - (self.before or 0.0)


@dataclass(slots=True)
class NetworkYearChange:
    """What changed in one year's network: added, removed, and changed services."""

    year: int
    added: list[NetworkLine] = field(default_factory=list)
    removed: list[NetworkLine] = field(default_factory=list)
    #: (the new line, its part before if it moved between parts, the capacity changes)
    changed: list[tuple[NetworkLine, str | None, list[CapacityChange]]] = field(
        default_factory=list
    )


def network_annex(a: Plan, b: Plan) -> list[NetworkYearChange]:
    """Per year either version has, the change from `a` to `b`; years without one left out."""
    old, new = network_years(a), network_years(b)
    changes = (
        year_change(year, old.get(year, {}), new.get(year, {}))
        for year in sorted(old.keys() | new.keys())
    )
    return [c for c in changes if c.added or c.removed or c.changed]


def yearly_updates(plan: Plan) -> dict[int, NetworkYearChange]:
    """Within one plan, each year's network against the year before it that the network
    names: the update the council adopted for that year (the first year has none)."""
    years = network_years(plan)
    return {
        year: year_change(year, years[previous], years[year])
        for previous, year in itertools.pairwise(years)
    }


def year_change(
    year: int, before: dict[str, NetworkLine], after: dict[str, NetworkLine]
) -> NetworkYearChange:
    """One year's network `before` and `after`: who joined, who left, what changed."""
    change = NetworkYearChange(year)
    change.added = [n for k, n in after.items() if k not in before]
    change.removed = [n for k, n in before.items() if k not in after]
    for key, n in after.items():
        if key not in before:
            continue
        was = before[key]
        units = [*was.capacity, *(u for u in n.capacity if u not in was.capacity)]
        capacity = [
            CapacityChange(u, was.capacity.get(u), n.capacity.get(u))
            for u in units
            if was.capacity.get(u) != n.capacity.get(u)
        ]
        part = was.part if was.part != n.part else None
        if capacity or part:
            change.changed.append((n, part, capacity))
    return change


def gap_tables() -> dict[str, Any]:
    """Every table `cpkit gaps` can show: the gap tables, and the network's."""
    from cpkit.analysis.gaps import TABLES

    return {**TABLES, "network": network_table}
