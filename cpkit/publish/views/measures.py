"""Parts D, E and F: the members of groups, the cards of measures, their indicators, and
what each monitoring year reports."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cpkit.publish.views.cells import GapTable, PartViews

if TYPE_CHECKING:
    from collections.abc import Callable

    from cpkit.model.entities import (
        Costs,
        Fund,
        Indicator,
        Measure,
        Monitoring,
        Objective,
        Stakeholder,
    )
    from cpkit.publish.document import Document
    from cpkit.publish.messages import Messages


@dataclass(slots=True)
class MonitoringYear:
    """What Part F shows of one monitoring year; empty parts are left out."""

    year: int
    action_plan: list[str]  # "id title" of each measure chosen for the year
    spent: GapTable | None  # money spent per measure, with its total
    evaluation: str
    financial: str


class Measures(PartViews):
    """Groups, measures and monitoring: the rows of Parts D, E and F."""

    HELPERS = ("member_rows", "measure_list", "card_rows", "indicator_rows", "monitoring_years",
               "swot_made")  # fmt: skip

    def __init__(self, doc: Document, m: Messages) -> None:
        super().__init__(doc, m)
        self._by_measure: dict[str, list[tuple[int, Any]]] | None = None

    def member_rows(self, members: list[Stakeholder]) -> list[list[str]]:
        """A member's name, organisation and side of the triad (a person's own side, else
        their organisation's)."""
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
        """An objective's measures and their sub-measures, depth first: the order of the plan."""
        out: list[Measure] = []
        stack = list(reversed(objective.measures))
        while stack:
            m = stack.pop()
            out.append(m)
            stack.extend(reversed(m.measures))
        return out

    def card_rows(self, m: Measure) -> list[list[str]]:
        """A measure's card: a row per field it has, none for a field left empty."""
        t = self.m.t
        rows: list[list[str]] = []

        def add(key: str, value: str | None) -> None:
            if value:
                rows.append([t(key), value])

        if m.number:  # the title shows the plan's own number; comments and answers name the id
            add("measure.id", m.id)
        add("measure.characteristics", m.characteristics)
        add("measure.impact", m.impact)
        if m.costs:
            add("measure.costs", self._costs(m.costs))
        if m.funds:
            add("measure.funds", self._funds(m.funds))
        if m.clients:
            c = m.clients
            counts = (
                (c.per_day, "per_day"), (c.per_month, "per_month"),
                (c.per_year, "per_year_clients"),
            )  # fmt: skip
            bits = [f"{self.m.number(v)} {t('measure.' + k)}" for v, k in counts if v is not None]
            add("measure.clients", self.join(bits))
        organisations = [self.name(o) for o in m.organisations] + list(m.other_organisations)
        add("measure.organisations", self.join(organisations))
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
        add("measure.status", self._status(m))
        add("measure.monitoring", self._monitoring_notes(m))
        add("measure.risks", self.join_clauses(m.risks))
        return rows

    def _reports(self, m: Measure) -> list[tuple[int, Any]]:
        """(year, report) of every monitoring year that reports on the measure, in order."""
        if self._by_measure is None:  # one pass over the years, not one per measure's card
            index: dict[str, list[tuple[int, Any]]] = {}
            for y in sorted(self.doc.plan.monitoring, key=lambda y: y.year or 0):
                for r in y.measures:
                    index.setdefault(r.measure, []).append((y.year, r))
            self._by_measure = index
        return self._by_measure.get(m.id, [])

    def _status(self, m: Measure) -> str:
        """The status the latest monitoring year reports, with that year; else the card's own
        (a measure reported done in 2005 is no longer "planned")."""
        t = self.m.t
        reported = [(year, r.status) for year, r in self._reports(m) if r.status]
        if not reported:
            return t(f"measure.status_values.{m.status}")
        year, status = reported[-1]
        return t("measure.status_reported", status=t(f"measure.status_values.{status}"),
                 year=year)  # fmt: skip

    def _monitoring_notes(self, m: Measure) -> str:
        """What each monitoring year noted of the measure, year by year."""
        return self.join_clauses(self.label(year, r.note) for year, r in self._reports(m) if r.note)

    def swot_made(self, swot: Any) -> str:
        """Who made the SWOT analysis and when: the seed's "SWOT analysis of the Coordination
        Group for Care for Senior Citizens - December 2003"."""
        t = self.m.t
        group = self.name(swot.group) if swot.group else ""
        when = self.when(swot.date) if swot.date else ""
        if group and when:
            return t("swot.made", group=group, date=when)
        if group:
            return t("swot.made_by", group=group)
        return t("swot.made_on", date=when) if when else ""

    def _costs(self, costs: Costs) -> str:
        """The total cost (the years' sum when no total is given), the years, the note."""
        total = costs.total if costs.total is not None else sum(costs.per_year.values())
        text = self.money(total)
        if costs.per_year:
            years = self.join_clauses(
                self.label(y, self.m.number(v)) for y, v in sorted(costs.per_year.items())
            )
            text = self.lang.words(
                text, self.paren(self.label(self.m.t("measure.per_year"), years))
            )
        if costs.note:
            text += f" — {costs.note}"
        return text

    def _funds(self, funds: list[Fund]) -> str:
        """Each source with its amount, year, whether it is secured, and its note."""
        t = self.m.t
        parts = []
        for f in funds:
            piece = self.source_name(f.source)
            if f.amount is not None:
                piece = self.lang.words(piece, self.money(f.amount))
            extra = [str(f.year)] if f.year else []
            extra.append(t("measure.secured") if f.secured else t("measure.expected"))
            if f.note:
                extra.append(f.note)
            parts.append(self.lang.words(piece, self.paren(self.join(extra))))
        return self.join_clauses(parts)

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
        """A baseline or target: its value and unit, its year, its comment."""
        if obs is None:
            return ""
        parts = []
        if obs.value is not None:
            parts.append(f"{self.m.number(obs.value)} {unit or ''}".strip())
        if obs.year:
            parts.append(self.paren(self.lang.date(obs.year)))
        if obs.comment:
            parts.append(obs.comment)
        return self.lang.words(*parts)

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
