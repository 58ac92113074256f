"""The gap tables of cpkit.analysis.gaps as the document shows them: fewer columns than
the export, and every cell in the plan's language."""

from __future__ import annotations

from typing import Any

from cpkit.publish.views.cells import GapTable, PartViews

# Which columns each gap table shows in the document (the export has them all).
DOCUMENT_COLUMNS = {
    "services": ["target_group", "service_type", "need", "answered_by"],
    "capacity": [
        "target_group", "service_type", "unit", "population", "demand", "existing", "planned",
        "gap",
    ],
    # the plan and its areas by name; an objective or measure by number and name, as a
    # reviewer finds it in Part E ("1.1 Provision of residential services")
    "funding": ["scope", "title", "costs", "funds", "gap"],
    "progress": ["owner", "indicator", "baseline", "target", "actual", "achieved_pct", "status"],
    "participation": ["name", "commissioner", "provider", "user", "missing"],
}  # fmt: skip
NUMERIC = {"population", "demand", "existing", "planned", "gap", "costs", "funds", "baseline",
           "target", "actual", "achieved_pct", "commissioner", "provider", "user"}  # fmt: skip


class GapTables(PartViews):
    """The gap tables, which Parts B, C, E and F show."""

    HELPERS = ("gap_table",)

    def gap_table(self, name: str, rows_filter: str | None = None) -> GapTable:
        """The document's table `name`. The "summary" of funding keeps the totals of the
        plan, its areas and its objectives: each measure's card gives its own money."""
        from cpkit.analysis.gaps import JOINT

        records = self.doc.tables[name].rows
        if name == "funding" and rows_filter == "summary":
            records = [r for r in records if r["year"] == "total" and r["scope"] != "measure"]
        columns = DOCUMENT_COLUMNS[name]
        headers = [self.m.t(f"gaps.{name}.{c}") for c in columns]
        rows = []
        for shown in records:
            record = dict(shown)  # the view names rows its own way; the table stays as it is
            if name == "funding":
                record["title"] = self._funding_title(record, JOINT)
            elif name == "progress":  # the indicator by its name, as the chart above it
                record["indicator"] = record.get("name") or record["indicator"]
            rows.append([self._gap_cell(name, c, record[c]) for c in columns])
        right = [i for i, c in enumerate(columns) if c in NUMERIC]
        return GapTable(headers, rows, right)

    def _funding_title(self, record: dict[str, Any], joint: str) -> str:
        """The row's name; an objective's or a measure's with its number before it."""
        if record.get("id") == joint:  # the tables name it in English
            return self.m.t("chart.joint")
        if record.get("scope") in ("objective", "measure", "priority"):
            return f"{record['id']} {record['title']}"
        return str(record["title"])

    def _gap_cell(self, table: str, column: str, value: Any) -> str:
        """One cell in words: numbers in the language's format, codes (status, scope, unit,
        side) in the catalogue's words, ids of the capacity table by name."""
        if value is None or (isinstance(value, float) and value != value):
            return ""
        if column == "achieved_pct":
            return self.m.percent(value)
        if column in NUMERIC:
            return self.m.number(value)
        if column == "status":
            return self.m.t(f"gaps.status.{value}")
        if column == "scope":
            return self.m.t(f"gaps.scope.{value}")
        if column == "unit":
            return self.m.t(f"units.{value}")
        if column in ("target_group", "service_type") and table == "capacity":
            return self.name(value)
        if column == "missing":
            return self.join(self.m.t(f"sides.{s.strip()}") for s in value.split(",") if s.strip())
        if column == "owner":
            kind, _, ident = str(value).partition(" ")
            return f"{self.m.t(f'gaps.scope.{kind}')} {ident}"
        return str(value)
