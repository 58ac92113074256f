"""Parts B and C: what the plan starts from, its population, services and needs, and the
money the existing services have."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cpkit.publish.views.cells import GapTable, PartViews

if TYPE_CHECKING:
    from cpkit.model.demographics import Table
    from cpkit.model.entities import Service


class Information(PartViews):
    """Part B's population, services and needs matrix; Part C's money of the services."""

    HELPERS = ("demographic_table", "catalogue_rows", "matrix_table", "allocated_rows",
               "statute_rows")  # fmt: skip
    FILTERS = ("source_name",)

    # --- Part A ------------------------------------------------------------------------

    def statute_rows(self) -> list[list[str]]:
        """Each item Act 108/2006 Coll. § 3(h) requires, with where the plan states it; none
        for a plan the check does not apply to (another shape, or a draft)."""
        from cpkit.checks.statutory import applies, statutory_items

        plan = self.doc.plan
        if not applies(plan):
            return []
        t = self.m.t
        return [
            [
                t(f"a.statute_items.{item.key}"),
                self.join_clauses(t(f"a.statute_places.{p}") for p in places)
                or t("a.statute_missing"),
            ]
            for item, places in statutory_items(plan)
        ]

    # --- Part B --------------------------------------------------------------------------

    def demographic_table(self, table: Table) -> GapTable:
        """A CSV table of Part B with readable headers; counts right-aligned."""
        text = {"year", "target_group", "source", "note"}
        headers = [
            self.m.t(f"columns.{h}") if h in ("year", "target_group", "source", "count") else h
            for h in table.header
        ]
        right = [i for i, h in enumerate(table.header) if h not in text]
        return GapTable(headers, self.demographic_rows(table), right)

    def demographic_rows(self, table: Table) -> list[list[str]]:
        """The first column and text columns as written (a target group by name); the
        others in the language's number format, where they are numbers."""
        text = {"target_group", "source", "note"}
        out = []
        for row in table.rows:
            cells = []
            for i, (name, value) in enumerate(zip(table.header, row.values, strict=True)):
                if i == 0 or name in text or value == "":
                    cells.append(self.name(value) if name == "target_group" else value)
                else:
                    try:
                        cells.append(self.m.number(float(value)))
                    except ValueError:
                        cells.append(value)
            out.append(cells)
        return out

    def catalogue_rows(self, services: list[Service]) -> list[list[str]]:
        rows = []
        for s in services:
            capacity = (
                f"{self.m.number(s.capacity.value)} {self.m.t('units.' + s.capacity.unit)}"
                if s.capacity
                else ""
            )
            rows.append([s.name, self.name(s.provider), self.name(s.type), capacity])
        return rows

    def matrix_table(self) -> GapTable:
        """The needs matrix in words: a missing cell names the measures that answer it.
        Every need is a column, as in the chart, even one that no row has filled yet: an
        empty column is what the planners have still to map."""
        plan = self.doc.plan
        needs = plan.needs
        answered: dict[str, list[str]] = {}  # ROW/NEED → the measures answering it
        for measure in plan.measures():
            for key in measure.answers:
                answered.setdefault(key, []).append(measure.id)
        headers = [self.m.t("columns.row"), *[n.name for n in needs]]
        rows = []
        for r in plan.needs_matrix:
            label = " / ".join(self.name(x) for x in (r.target_group, r.service_type) if x)
            cells = [label]
            for n in needs:
                cell = r.cells.get(n.id)
                if cell is None:
                    cells.append("")
                elif cell.services:
                    cells.append(self.join(self.name(s) for s in cell.services))
                else:
                    word = self.m.t(f"cells.{cell.status}")
                    if cell.status == "missing" and f"{r.id}/{n.id}" in answered:
                        word += " → " + self.join(answered[f"{r.id}/{n.id}"])
                    cells.append(word)
            rows.append(cells)
        return GapTable(headers, rows, [])

    # --- Part C --------------------------------------------------------------------------

    def allocated_rows(self) -> list[list[str]]:
        return [
            [
                row["year"] or "—",
                *[self.m.number(v) for v in row["by_source"]],
                self.m.number(row["total"]),
            ]
            for row in self.doc.allocated
        ]
