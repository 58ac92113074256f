"""Progress of the plan from its monitoring years: measures → objectives → areas → the plan.

The rule (documented in docs/progress.md):

- A measure made of sub-measures, with no report or indicator of its own, takes their status.
- A measure is **done** or **cancelled** when the latest report up to the year says so (or,
  with no report, its own `status`); cancelled measures leave the roll-up.
- Otherwise its indicators decide: the worst status among those judged against a target.
  An indicator with no actual value ("no actual yet"), or with an actual but no target to
  judge it by ("no target"), judges nothing: neither can put a measure or objective off track.
- With no judged indicator, its dates decide: **off track** if it should have ended
  before the year and is not done; **at risk** if postponed; else **on track**.
- An objective, an area and the plan take the worst status of what they contain (their own
  indicators included); they are **done** only when everything in them is done.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from cpkit.analysis.monitoring import (
    AT_RISK,
    DONE,
    NO_ACTUAL,
    NO_TARGET,
    OFF_TRACK,
    ON_TRACK,
    QUALITATIVE,
    actuals,
    current_year,
    reported_status,
)
from cpkit.model.entities import Measure, Objective, Plan

if TYPE_CHECKING:
    import pandas as pd

CANCELLED = "cancelled"
NO_DATA = "no data"
ORDER = {OFF_TRACK: 0, AT_RISK: 1, ON_TRACK: 2, DONE: 3}
#: Indicator statuses the roll-up leaves out: a value with nothing to judge it by (or no
#: value) says nothing of where its measure stands, and words are not measured.
UNJUDGED = frozenset({NO_ACTUAL, NO_TARGET, QUALITATIVE})


def worst(statuses: Iterable[str]) -> str:
    """The status of what is made of these: done when all of them are, else the worst of
    those not done; NO_DATA when none counts (cancelled and unjudged ones do not)."""
    counted = [s for s in statuses if s in ORDER]
    if not counted:
        return NO_DATA
    if all(s == DONE for s in counted):
        return DONE
    return min((s for s in counted if s != DONE), key=ORDER.__getitem__)


class Progress:
    """Statuses of every measure, objective, area and of the plan, at one year."""

    def __init__(self, plan: Plan, year: int | None = None) -> None:
        from cpkit.analysis.gaps import progress_gaps  # pandas: only once progress is asked for

        self.plan = plan
        self.year = current_year(plan, year)
        self.actuals = actuals(plan, self.year)
        self.reported = reported_status(plan, self.year)
        table = progress_gaps(plan, self.actuals)
        self.indicators: dict[str, list[str]] = {}
        for owner, status in zip(table["owner"], table["status"], strict=True):
            self.indicators.setdefault(owner.split(" ", 1)[1], []).append(status)
        self.measures: dict[str, str] = {}
        for m in reversed(list(plan.measures())):  # sub-measures before their parent
            self.measures[m.id] = self._measure(m)

    def _judged(self, owner: str) -> list[str]:
        """The statuses of the owner's indicators that judge it (UNJUDGED left out)."""
        return [s for s in self.indicators.get(owner, []) if s not in UNJUDGED]

    def _measure(self, m: Measure) -> str:
        status = self.reported.get(m.id, m.status)
        if m.measures and m.id not in self.reported and not self.indicators.get(m.id):
            # a measure made of sub-measures stands where they stand
            return worst(self.measures[c.id] for c in m.measures)
        if status == "done":
            return DONE
        if status == "cancelled":
            return CANCELLED
        measured = self._judged(m.id)
        if measured:
            return worst(measured)
        if self.year is None:
            return NO_DATA
        if m.end is not None and m.end.year < self.year:
            return OFF_TRACK
        if status == "postponed":
            return AT_RISK
        return ON_TRACK

    def objective(self, o: Objective) -> str:
        inside = self._judged(o.id)
        stack = list(o.measures)
        while stack:
            m = stack.pop()
            inside.append(self.measures[m.id])
            stack.extend(m.measures)
        return worst(inside)

    def table(self) -> pd.DataFrame:
        """One row per measure, objective, area (or joint) and the plan."""
        import pandas as pd

        rows: list[dict[str, object]] = []
        objective_status = {o.id: self.objective(o) for o in self.plan.objectives()}
        by_area: dict[str, list[str]] = {}
        for p in self.plan.priorities:
            key = p.area or "(joint)"
            by_area.setdefault(key, []).extend(objective_status[o.id] for o in p.objectives)
        info = self.plan.info
        rows.append({"level": "plan", "id": info.id or "" if info else "",
                     "title": info.title if info else "",
                     "status": worst(s for v in by_area.values() for s in v)})  # fmt: skip
        names = {a.id: a.name for a in self.plan.areas}
        for area, statuses in by_area.items():
            rows.append({"level": "area", "id": area, "title": names.get(area, "joint objectives"),
                         "status": worst(statuses)})  # fmt: skip
        for o in self.plan.objectives():
            rows.append({"level": "objective", "id": o.id, "title": o.title,
                         "status": objective_status[o.id]})  # fmt: skip
        for m in self.plan.measures():
            rows.append({"level": "measure", "id": m.id, "title": m.title,
                         "status": self.measures[m.id]})  # fmt: skip
        return pd.DataFrame(rows, columns=["level", "id", "title", "status"])
