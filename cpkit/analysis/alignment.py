"""Which plans of a roll-up work toward which: per objective of a district plan, the unit
plans whose objectives or measures align with it, and the objectives no unit serves.

A unit plan works toward a plan of the roll-up when its `plan.aligns_with` resolves to that
plan's folder (cpkit.source.aligned, so with the same limits as `cpkit check`). A link to a
district measure counts for the objective the measure is under. Links to ids the district
plan lacks are listed apart (`missing`), never counted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from cpkit.checks.alignment import links
from cpkit.model.entities import Objective, Plan, depth_first
from cpkit.source.aligned import target_folder

COLUMNS = ["objective", "title", "units", "via", "count"]


@dataclass(slots=True)
class Toward:
    """The unit plans of a roll-up that work toward one of its plans."""

    plan: str  # the name of the plan worked toward
    units: list[str]  # the names of the plans working toward it, in roll-up order
    # one row per objective of `plan`, in plan order: objective, title, units (the names of
    # the units serving it, joined), via (each unit's own ids that align with it), count
    objectives: pd.DataFrame
    missing: list[tuple[str, str, str]] = field(default_factory=list)  # unit, its id, the id

    @property
    def unserved(self) -> list[str]:
        """Ids of the objectives no unit works toward."""
        return [r["objective"] for r in self.objectives.to_dict("records") if not r["count"]]


def towards(plans: list[Plan], names: list[str]) -> list[Toward]:
    """For each plan of the roll-up that others align with, who works toward what."""
    index = {_real(p.root): i for i, p in enumerate(plans)}
    units: dict[int, list[int]] = {}
    for i, plan in enumerate(plans):
        written = plan.info.aligns_with if plan.info else None
        folder = target_folder(plan.root, written).path if written else None
        j = index.get(folder) if folder is not None else None
        if j is not None and j != i:
            units.setdefault(j, []).append(i)
    return [_toward(plans, names, j, found) for j, found in units.items()]


def _real(root: Path) -> Path:
    return root.resolve()


def _objective_of(plan: Plan) -> dict[str, Objective]:
    """Id of each objective and measure → the objective it is, or is under."""
    out: dict[str, Objective] = {}
    for objective in plan.objectives():
        out.setdefault(objective.id, objective)
        for m in depth_first(objective.measures):
            out.setdefault(m.id, objective)
    return out


def _toward(plans: list[Plan], names: list[str], j: int, units: list[int]) -> Toward:
    target = plans[j]
    under = _objective_of(target)
    via: dict[str, dict[str, list[str]]] = {}  # objective id → unit → the unit's own ids
    missing: list[tuple[str, str, str]] = []
    for i in units:
        for link in links(plans[i], target):
            if link.target is None:
                missing.append((names[i], link.owner.id, link.id))
                continue
            own = via.setdefault(under[link.id].id, {}).setdefault(names[i], [])
            if link.owner.id not in own:
                own.append(link.owner.id)
    rows = []
    for objective in target.objectives():
        serving = via.get(objective.id, {})
        rows.append(
            {"objective": objective.id, "title": objective.title, "units": ", ".join(serving),
             "via": "; ".join(f"{u}: {', '.join(ids)}" for u, ids in serving.items()),
             "count": len(serving)}
        )  # fmt: skip
    frame = pd.DataFrame(rows, columns=COLUMNS).astype({"count": "int64"})
    return Toward(names[j], [names[i] for i in units], frame, missing)
