"""Rows of the document's tables, as text in the plan's language.

The templates lay out; these functions decide what goes in each cell (and which personal
data may not): one place for the formatting of numbers, money, dates and names.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

    from cpkit.model.demographics import Table
    from cpkit.model.entities import Indicator, Measure, Monitoring, Objective, Service, Stakeholder
    from cpkit.publish.document import Document
    from cpkit.publish.messages import Messages


@dataclass(slots=True)
class GapTable:
    headers: list[str]
    rows: list[list[str]]
    right: list[int]


@dataclass(slots=True)
class MonitoringYear:
    """What Part F shows of one monitoring year; empty parts are left out."""

    year: int
    action_plan: list[str]  # "id title" of each measure chosen for the year
    spent: GapTable | None  # money spent per measure, with its total
    evaluation: str
    financial: str


# Which columns each gap table shows in the document (the export has them all).
DOCUMENT_COLUMNS = {
    "services": ["target_group", "service_type", "need", "answered_by"],
    "capacity": [
        "target_group", "service_type", "unit", "population", "demand", "existing", "planned",
        "gap",
    ],
    "funding": ["scope", "id", "title", "costs", "funds", "gap"],
    "progress": ["owner", "indicator", "baseline", "target", "actual", "achieved_pct", "status"],
    "participation": ["name", "commissioner", "provider", "user", "missing"],
}  # fmt: skip
NUMERIC = {"population", "demand", "existing", "planned", "gap", "costs", "funds", "baseline",
           "target", "actual", "achieved_pct", "commissioner", "provider", "user"}  # fmt: skip


class Views:
    def __init__(self, doc: Document, m: Messages) -> None:
        self.doc = doc
        self.m = m
        self.names = doc.names

    def globals(self) -> dict[str, Any]:
        return {
            name: getattr(self, name)
            for name in (
                "gap_table", "demographic_table", "catalogue_rows", "matrix_table",
                "allocated_rows", "member_rows", "measure_list", "card_rows", "indicator_rows",
                "contact_rows", "directory_rows", "territory", "contact_point_rows",
                "comment_table", "settlement_table", "monitoring_years",
            )
        }  # fmt: skip

    def name(self, ident: str | None) -> str:
        return self.names.get(ident or "", ident or "")

    def source_name(self, source: str) -> str:
        return self.m.t(f"sources.{source}")

    def money(self, amount: float | None) -> str:
        if amount is None:
            return ""
        currency = self.doc.info.currency if self.doc.info else None
        return f"{self.m.number(amount)} {currency}" if currency else self.m.number(amount)

    # --- gap tables ----------------------------------------------------------------------

    def gap_table(self, name: str, rows_filter: str | None = None) -> GapTable:
        from cpkit.analysis.gaps import JOINT

        frame = self.doc.tables[name]
        if name == "funding" and rows_filter == "summary":
            frame = frame[(frame["year"] == "total") & (frame["scope"] != "measure")]
        columns = DOCUMENT_COLUMNS[name]
        headers = [self.m.t(f"gaps.{name}.{c}") for c in columns]
        rows = []
        for record in frame[columns].to_dict("records"):
            if record.get("id") == JOINT and "title" in record:  # the tables name it in English
                record["title"] = self.m.t("chart.joint")
            rows.append([self._gap_cell(name, c, record[c]) for c in columns])
        right = [i for i, c in enumerate(columns) if c in NUMERIC]
        return GapTable(headers, rows, right)

    def _gap_cell(self, table: str, column: str, value: Any) -> str:
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
            return ", ".join(self.m.t(f"sides.{s.strip()}") for s in value.split(",") if s.strip())
        if column == "owner":
            kind, _, ident = str(value).partition(" ")
            return f"{self.m.t(f'gaps.scope.{kind}')} {ident}"
        return str(value)

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
        plan = self.doc.plan
        needs = [n for n in plan.needs if any(n.id in r.cells for r in plan.needs_matrix)]
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
                    cells.append(", ".join(self.name(s) for s in cell.services))
                else:
                    word = self.m.t(f"cells.{cell.status}")
                    if cell.status == "missing" and f"{r.id}/{n.id}" in answered:
                        word += " → " + ", ".join(answered[f"{r.id}/{n.id}"])
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

    # --- Parts D, E, F -------------------------------------------------------------------

    def member_rows(self, members: list[Stakeholder]) -> list[list[str]]:
        people = self.doc.people
        rows = []
        for s in members:
            org = people.get(s.organisation) if s.organisation else None
            side = s.side or (org.side if org else None)
            rows.append(
                [s.name, org.name if org else "", self.m.t(f"sides.{side}") if side else ""]
            )
        return rows

    def measure_list(self, objective: Objective) -> list[Measure]:
        out: list[Measure] = []
        stack = list(reversed(objective.measures))
        while stack:
            m = stack.pop()
            out.append(m)
            stack.extend(reversed(m.measures))
        return out

    def card_rows(self, m: Measure) -> list[list[str]]:
        t = self.m.t
        rows: list[list[str]] = []

        def add(key: str, value: str | None) -> None:
            if value:
                rows.append([t(key), value])

        add("measure.characteristics", m.characteristics)
        add("measure.impact", m.impact)
        if m.costs:
            total = m.costs.total if m.costs.total is not None else sum(m.costs.per_year.values())
            text = self.money(total)
            if m.costs.per_year:
                years = "; ".join(
                    f"{y}: {self.m.number(v)}" for y, v in sorted(m.costs.per_year.items())
                )
                text += f" ({t('measure.per_year')}: {years})"
            if m.costs.note:
                text += f" — {m.costs.note}"
            add("measure.costs", text)
        if m.funds:
            parts = []
            for f in m.funds:
                piece = self.source_name(f.source)
                if f.amount is not None:
                    piece += f" {self.money(f.amount)}"
                extra = [str(f.year)] if f.year else []
                extra.append(t("measure.secured") if f.secured else t("measure.expected"))
                if f.note:
                    extra.append(f.note)
                parts.append(f"{piece} ({', '.join(extra)})")
            add("measure.funds", "; ".join(parts))
        if m.clients:
            c = m.clients
            counts = (
                (c.per_day, "per_day"), (c.per_month, "per_month"),
                (c.per_year, "per_year_clients"),
            )  # fmt: skip
            bits = [f"{self.m.number(v)} {t('measure.' + k)}" for v, k in counts if v is not None]
            add("measure.clients", ", ".join(bits))
        organisations = [self.name(o) for o in m.organisations] + list(m.other_organisations)
        add("measure.organisations", ", ".join(organisations))
        if m.new_service:
            text = t(f"measure.new_service_values.{m.new_service}")
            add(
                "measure.new_service",
                f"{text} — {m.new_service_note}" if m.new_service_note else text,
            )
        add("measure.implementer", self.name(m.implementer) if m.implementer else None)
        add("measure.responsible", self.name(m.responsible) if m.responsible else None)
        if m.start or m.end:
            add("measure.period", f"{self.m.date(m.start)} – {self.m.date(m.end)}")
        add("measure.status", t(f"measure.status_values.{m.status}"))
        add("measure.risks", "; ".join(m.risks))
        return rows

    def indicator_rows(self, indicators: list[Indicator]) -> list[list[str]]:
        rows = []
        for ind in indicators:
            rows.append(
                [
                    ind.name,
                    self._observation(ind.baseline, ind.unit),
                    self._observation(ind.target, ind.unit),
                ]
            )
        return rows

    def _observation(self, obs: Any, unit: str | None) -> str:
        if obs is None:
            return ""
        parts = []
        if obs.value is not None:
            parts.append(f"{self.m.number(obs.value)} {unit or ''}".strip())
        if obs.year:
            parts.append(f"({obs.year})")
        if obs.comment:
            parts.append(obs.comment)
        return " ".join(parts)

    def monitoring_years(self) -> list[MonitoringYear]:
        """The monitoring years in order, each with only what it has: a year with nothing
        to show (only indicator values, which the progress table gives) gets no heading."""
        titles = {m.id: m.title for m in self.doc.plan.measures()}

        def measure(ident: str) -> str:  # an id alone tells a reader nothing
            return f"{ident} {titles[ident]}" if ident in titles else ident

        out = []
        for report in sorted(self.doc.plan.monitoring, key=lambda r: r.year or 0):
            year = MonitoringYear(
                year=report.year,
                action_plan=[measure(i) for i in report.action_plan],
                spent=self._spent_table(report, measure),
                evaluation=(report.evaluation or "").strip(),
                financial=(report.financial_evaluation or "").strip(),
            )
            if year.action_plan or year.spent or year.evaluation or year.financial:
                out.append(year)
        return out

    def _spent_table(self, report: Monitoring, measure: Callable[[str], str]) -> GapTable | None:
        """Money spent per measure in the year and its total, in the plan's currency."""
        spent = [(r.measure, r.spent) for r in report.measures if r.spent is not None]
        if not spent:
            return None
        t = self.m.t
        rows = [[measure(ident), self.money(amount)] for ident, amount in spent]
        rows.append([t("columns.total"), self.money(sum(amount for _, amount in spent))])
        headers = [t("f.spent_columns.measure"), t("f.spent_columns.spent")]
        return GapTable(headers, rows, [1])

    # --- Part D: consultation ----------------------------------------------------------

    def channel_name(self, channel: str) -> str:
        return self.m.t(f"d.channel_values.{channel}")

    def contact_point_rows(self, points: list[Any]) -> list[list[str]]:
        return [[p.name, p.address or "", p.hours or ""] for p in points]

    def comment_table(self) -> GapTable:
        frame = self.doc.comments
        t = self.m.t
        headers = [t("d.columns.group"), t("d.columns.total"), t("d.kind_values.substantive"),
                   t("d.kind_values.formal"), t("d.decision_values.accepted"),
                   t("d.decision_values.partly"), t("d.decision_values.rejected"),
                   t("d.decision_values.open")]  # fmt: skip
        rows = []
        for r in frame.to_dict("records"):
            label = r["name"] or (t("columns.total") if r["group"] == "total" else r["group"])
            counts = ["total", "substantive", "formal", "accepted", "partly", "rejected", "open"]
            rows.append([label, *[self.m.number(r[k]) for k in counts]])
        return GapTable(headers, rows, list(range(1, 8)))

    def settlement_table(self) -> GapTable:
        t = self.m.t
        columns = ["id", "received", "target", "author", "kind", "text", "decision", "reasons"]
        headers = [t(f"d.columns.{c}") for c in columns]
        rows = []
        for c in self.doc.plan.comments:
            published = c.author is not None and c.author.publish and c.author.name
            decision = c.decision if c.status == "settled" and c.decision else "open"
            rows.append([
                c.id, self.m.date(c.received), c.target or "",
                c.author.name if published and c.author else "",
                t(f"d.kind_values.{c.kind}") if c.kind else "", c.text,
                t(f"d.decision_values.{decision}"), c.reasons or "",
            ])  # fmt: skip
        return GapTable(headers, rows, [])

    # --- Part G and the directory --------------------------------------------------------

    def _contact(self, s: Stakeholder | None) -> str:
        if s is None or s.contact is None or not s.contact_is_public():
            return ""  # personal data: only what the record allows to publish
        c = s.contact
        return ", ".join(x for x in (c.address, c.phone, c.email, c.web) if x)

    def contact_rows(self, contacts: list[Stakeholder]) -> list[list[str]]:
        return [[s.name, self._contact(s)] for s in contacts]

    def directory_rows(self, services: list[Service]) -> list[list[str]]:
        people = self.doc.people
        rows = []
        for s in services:
            provider = people.get(s.provider)
            place = (
                ", ".join(
                    x
                    for x in (s.location.address, s.location.district, s.location.municipality)
                    if x
                )
                if s.location
                else ""
            )
            contact = ""
            if s.contact:
                c = s.contact
                contact = ", ".join(x for x in (c.phone, c.email, c.web) if x)
            rows.append(
                [
                    s.name,
                    provider.name if provider else s.provider,
                    place,
                    contact or self._contact(provider),
                ]
            )
        return rows

    def territory(self) -> str:
        info = self.doc.info
        if info and info.territory:
            return info.territory.name
        return info.title if info else ""
