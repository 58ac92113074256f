"""The rows of the district plan's and the service unit's annual plan's own tables.

A district plan shows each committee with its kind, chair and who may attend, and each
strategy's actions with the unit that leads them and when; a unit's annual plan shows each
objective's targets and outputs beside the parent plan's objectives it works toward.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cpkit.publish.views.cells import GapTable, PartViews

if TYPE_CHECKING:
    from cpkit.model.entities import Group, Indicator, Measure, Objective, Priority
    from cpkit.publish.document import AreaView


class ShapeViews(PartViews):
    """Committees and actions (district), objectives with targets and links (unit)."""

    HELPERS = ("stakeholder_name", "group_facts", "missing_needs", "action_table", "unit_table")

    def stakeholder_name(self, ident: str | None) -> str:
        return self.name(ident)

    def group_facts(self, group: Group) -> list[list[str]]:
        """A committee's kind, chair and whether non-members attend: only what is recorded."""
        t = self.m.t
        rows = [[t("district.kind"), t(f"group_kinds.{group.kind}")]]
        if group.chair:
            rows.append([t("district.chair"), self.name(group.chair)])
        if group.non_members:
            rows.append([t("district.non_members"),
                         t(f"district.non_members_values.{group.non_members}")])  # fmt: skip
        return rows

    def missing_needs(self, area: AreaView) -> str:
        """The needs of the area's matrix rows that no service meets, by name, once each."""
        names: list[str] = []
        for row in area.matrix_rows:
            for need, cell in row.cells.items():
                name = self.name(need)
                if cell.status == "missing" and name not in names:
                    names.append(name)
        return self.join(names)

    def action_table(self, priority: Priority) -> GapTable:
        """Each objective's actions with their lead unit, timetable and status."""
        t = self.m.t
        headers = [t("district.columns.objective"), t("district.columns.action"),
                   t("district.columns.lead"), t("district.columns.timetable"),
                   t("district.columns.status")]  # fmt: skip
        rows = []
        for o in priority.objectives:
            label = f"{o.id} {o.title}"
            measures = _all(o.measures)
            if not measures:
                rows.append([label, "", "", "", ""])
            for m in measures:
                status = t(f"measure.status_values.{m.status}")
                lead = self.name(m.implementer or "")
                rows.append([label, f"{m.id} {m.title}", lead, self._timetable(m), status])
        return GapTable(headers, rows, [])

    def _timetable(self, m: Measure) -> str:
        if not (m.start or m.end):
            return ""
        return f"{self.m.date(m.start)} – {self.m.date(m.end)}".strip(" –")

    def unit_table(self, priority: Priority) -> GapTable:
        """Objectives with their targets, outputs and, when the plan names a parent plan or
        any link, the parent plan's objectives each one works toward."""
        t = self.m.t
        plan = self.doc.plan
        linked = (
            bool(plan.info and plan.info.aligns_with)
            or any(o.aligns_with for o in plan.objectives())
            or any(m.aligns_with for m in plan.measures())
        )
        columns = ["objective", "targets", "outputs"] + (["aligns"] if linked else [])
        rows = []
        for o in priority.objectives:
            measures = _all(o.measures)
            row = [f"{o.id} {o.title}", self._targets(o, measures),
                   self.join_clauses(f"{m.id} {m.title}" for m in measures)]  # fmt: skip
            if linked:
                row.append(self._joined(self._parent_names(_links(o, measures))))
            rows.append(row)
        return GapTable([t(f"unit.columns.{c}") for c in columns], rows, [])

    def _parent_names(self, ids: list[str]) -> list[str]:
        """Each linked id with its title in the parent plan (`2.2 Elderly at home`), when the
        parent plan was read; the id alone otherwise, or when the parent lacks it (check
        reports that)."""
        parent = self.doc.parent
        if parent is None:
            return ids
        titles = {e.id: e.title for e in [*parent.objectives(), *parent.measures()]}
        return [f"{i} {titles[i]}" if titles.get(i) else i for i in ids]

    def _joined(self, names: list[str]) -> str:
        """The names in one cell: titles hold commas of their own, so "; " between them."""
        return self.join_clauses(names) if self.doc.parent is not None else self.join(names)

    def _targets(self, objective: Objective, measures: list[Measure]) -> str:
        """Every indicator's target, the objective's first, then its measures'."""
        indicators: list[Indicator] = list(objective.indicators)
        for m in measures:
            indicators.extend(m.indicators)
        parts = []
        for ind in indicators:
            target = ind.target
            if target is None:
                parts.append(ind.name)
                continue
            value = (
                f"{self.m.number(target.value)} {ind.unit or ''}".strip()
                if target.value is not None
                else ""
            )
            when = self.paren(self.lang.date(target.year)) if target.year else ""
            parts.append(self.lang.words(self.label(ind.name), value, when, target.comment or ""))
        return self.join_clauses(parts)


def _all(measures: list[Measure]) -> list[Measure]:
    """Measures and their sub-measures in plan order."""
    from cpkit.model.entities import depth_first

    return list(depth_first(measures))


def _links(objective: Objective, measures: list[Measure]) -> list[str]:
    """The parent plan's ids the objective and its measures work toward, once each."""
    out: list[str] = []
    for ident in [*objective.aligns_with, *(i for m in measures for i in m.aligns_with)]:
        if ident not in out:
            out.append(ident)
    return out
