"""`cpkit render --annual-report Y`: the annual report on the state of the service network.

The report a council receives each year (seed 004's "materials for the annual reports on
the state of the social and community service network"): for year Y, measured against the
plan,

- the capacity and clients by service type and territory: what the network of social
  services commits for Y (`network`), against Y-1 and against the capacity recorded in the
  services;
- the money spent on the measures of Y's implementation plan against their planned costs
  for Y, and the services' funding for Y by source;
- the measures done and late, by the rule of `cpkit progress` (cpkit.analysis.progress):
  done as progress says done; late as progress says off track or at risk;
- the progress of every indicator with a value for Y, towards its target;
- the changes from Y-1, and the year's written evaluations.

The figures are computed first (:func:`annual_figures`, plain numbers the tests check by
hand); the words come from the catalogue domain ``annual`` (cpkit/i18n/annual/) and the
numbers, money and percentages from the plan's :class:`~cpkit.core.language.Language`.
The report is Markdown from templates/render/annual/, and HTML, PDF, ODT and DOCX are made
from it exactly as the plan's document is (cpkit.publish.render, cpkit.publish.office).

A year the plan has no monitoring report for, or one outside its period, is a located
diagnostic (CP730, CP731), raised as :class:`AnnualError`.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cpkit.analysis.monitoring import AT_RISK, DONE, OFF_TRACK
from cpkit.analysis.progress import CANCELLED, Progress
from cpkit.core import rules
from cpkit.core.diagnostics import Diagnostic, Loc

if TYPE_CHECKING:
    from cpkit.core.language import Language
    from cpkit.model.entities import Plan
    from cpkit.model.life import Monitoring
    from cpkit.model.measures import Measure

DOMAIN = "annual"


class AnnualError(Exception):
    """The report cannot be made for this year; `diagnostic` says where and why."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(f"{diagnostic.loc}: {diagnostic.code} {diagnostic.message}")
        self.diagnostic = diagnostic


# --- the figures -----------------------------------------------------------------------------


@dataclass(slots=True)
class CapacityRow:
    type: str  # service type id
    territory: str
    unit: str
    planned: float | None  # the network's capacity for the year
    previous: float | None  # … for the year before
    recorded: float | None  # the services' own capacity in this unit


@dataclass(slots=True)
class MeasureRow:
    measure: Measure
    status: str | None  # as reported for the year; None: not reported
    planned: float | None  # costs.per_year[year]
    spent: float | None
    late: bool  # progress says off track or at risk
    progress: str = ""  # the status `cpkit progress --measures` gives it for the year


@dataclass(slots=True)
class IndicatorRow:
    owner: str
    indicator: str
    name: str
    unit: str
    baseline: float | None
    target: float | None
    previous: float | None
    value: float | None
    progress: float | None  # per cent of the way from baseline to target


@dataclass(slots=True)
class AnnualFigures:
    year: int
    previous_year: int | None  # the year before, when the plan reports on it
    capacity: list[CapacityRow]
    measures: list[MeasureRow]
    sources: list[tuple[str, float, float]]  # source, secured, expected: services' funding
    indicators: list[IndicatorRow]
    done: int  # measures of the implementation plan done by the end of the year
    late: int
    spent: float
    previous_spent: float | None
    network_services: int
    previous_network_services: int | None  # None: no network for the year before
    previous_done: int | None = None
    previous_late: int | None = None
    report: Monitoring | None = None
    previous_report: Monitoring | None = None


def _period_at(plan: Plan) -> Loc:
    info = plan.info
    return info.at("period") if info is not None and "period" in info.pos else Loc("plan.yaml")


def check_period(plan: Plan, year: int, of: str = "report") -> None:
    """Raise AnnualError (CP731) for a year outside the planning period: neither the annual
    report (`of="report"`) nor the completion table of the returns (`of="completion"`) of it
    can be asked for."""
    info = plan.info
    period = info.period if info is not None else None
    if period is not None and not (period.start.year <= year <= period.end.year):
        raise AnnualError(
            rules.ANNUAL_OUTSIDE_PERIOD(
                _period_at(plan),
                "outside" if of == "report" else "outside-completion",
                year=year,
                start=period.start.year,
                end=period.end.year,
            )
        )


def year_report(plan: Plan, year: int) -> Monitoring:
    """The monitoring report of `year`, or the diagnostic that says there is none."""
    where = _period_at(plan)
    check_period(plan, year)
    for report in plan.monitoring:
        if report.year == year:
            return report
    years = sorted(r.year for r in plan.monitoring if r.year is not None)
    raise AnnualError(
        rules.ANNUAL_NO_MONITORING(
            where, "none" if years else "no-years", year=year, years=[str(y) for y in years]
        )
    )


def annual_figures(plan: Plan, year: int) -> AnnualFigures:
    """Every figure of the report of `year`, as plain numbers."""
    report = year_report(plan, year)
    previous = next((r for r in plan.monitoring if r.year == year - 1), None)
    scope = _scope(plan, report, year)
    rows = _measure_rows(plan, report, scope, year)
    spent = sum(r.spent or 0.0 for r in rows)
    figures = AnnualFigures(
        year=year,
        previous_year=previous.year if previous else None,
        capacity=_capacity(plan, year),
        measures=rows,
        sources=_sources(plan, year),
        indicators=_indicators(plan, report, previous),
        done=sum(1 for r in rows if r.progress == DONE),
        late=sum(1 for r in rows if r.late),
        spent=spent,
        previous_spent=sum(m.spent or 0.0 for m in previous.measures) if previous else None,
        network_services=len({e.service for e in plan.network if year in e.years}),
        previous_network_services=(
            len({e.service for e in plan.network if year - 1 in e.years}) or None
        ),
        report=report,
        previous_report=previous,
    )
    if previous is not None:
        # like with like: the same measures, where progress put them a year earlier
        before = Progress(plan, year - 1).measures
        figures.previous_done = sum(1 for m in scope if before.get(m.id) == DONE)
        figures.previous_late = sum(1 for m in scope if before.get(m.id) in BEHIND)
    return figures


#: The progress statuses the report calls late.
BEHIND = frozenset({OFF_TRACK, AT_RISK})


def _scope(plan: Plan, report: Monitoring, year: int) -> list[Measure]:
    """The measures the report of `year` is about, in plan order: its implementation plan
    (`action_plan`) and those reported on; with no implementation plan, every measure
    (sub-measures rather than the measure made of them) that runs in the year, or is
    reported on in it, or should have ended before it and is neither done nor cancelled."""
    reported = {m.measure for m in report.measures}
    if report.action_plan:
        chosen = set(report.action_plan) | reported
        return [m for m in plan.measures() if m.id in chosen]
    state = Progress(plan, year).measures
    out = []
    for m in plan.measures():
        if m.id in reported:
            out.append(m)
            continue
        if m.measures:
            continue
        start = m.start.year if m.start else None
        end = m.end.year if m.end else None
        running = (start is None or start <= year) and (end is None or end >= year)
        open_ = end is not None and end < year and state.get(m.id) not in (DONE, CANCELLED)
        if running or open_:
            out.append(m)
    return out


def _measure_rows(
    plan: Plan, report: Monitoring, scope: list[Measure], year: int
) -> list[MeasureRow]:
    """A row per measure of the scope: its report of the year and where progress puts it."""
    reported = {m.measure: m for m in report.measures}
    state = Progress(plan, year).measures
    rows = []
    for measure in scope:
        r = reported.get(measure.id)
        status = state.get(measure.id, "")
        planned = measure.costs.per_year.get(year) if measure.costs else None
        rows.append(
            MeasureRow(
                measure,
                r.status if r else None,
                planned,
                r.spent if r else None,
                status in BEHIND,
                status,
            )
        )
    return rows


def _territory(plan: Plan, service_id: str) -> str:
    service = plan.ids("services").get(service_id)
    loc = service.location if service else None
    if loc and (loc.district or loc.municipality):
        return loc.district or loc.municipality or ""
    info = plan.info
    return info.territory.name if info and info.territory else ""


def _capacity(plan: Plan, year: int) -> list[CapacityRow]:
    """The network's capacity of `year` and of the year before, summed by service type,
    territory and unit; what the services record in that unit beside it."""
    services = plan.ids("services")
    planned: dict[tuple[str, str, str], float] = defaultdict(float)
    previous: dict[tuple[str, str, str], float] = defaultdict(float)
    members: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for entry in plan.network:
        service = services.get(entry.service)
        if service is None:
            continue
        for c in entry.capacity:
            key = (service.type, _territory(plan, service.id), c.unit)
            if year in entry.years:
                planned[key] += c.value
                members[key].add(service.id)
            if year - 1 in entry.years:
                previous[key] += c.value
                members[key].add(service.id)
    had_network = bool(previous)  # a network for the year before: a missing row there is 0
    rows = []
    for key in sorted(set(planned) | set(previous)):
        recorded = [
            services[s].capacity.value
            for s in sorted(members[key])
            if services[s].capacity and services[s].capacity.unit == key[2]
        ]
        rows.append(
            CapacityRow(
                type=key[0],
                territory=key[1],
                unit=key[2],
                planned=planned.get(key, 0.0 if key in previous else None),
                previous=previous.get(key, 0.0 if had_network else None),
                recorded=sum(recorded) if recorded else None,
            )
        )
    return rows


def _sources(plan: Plan, year: int) -> list[tuple[str, float, float]]:
    """The services' funding of `year` by source: secured and expected."""
    secured: dict[str, float] = defaultdict(float)
    expected: dict[str, float] = defaultdict(float)
    for s in plan.services:
        for f in s.funding:
            if f.year == year and f.amount is not None:
                (secured if f.secured else expected)[f.source] += f.amount
    return [(src, secured.get(src, 0.0), expected.get(src, 0.0)) for src in sorted(
        set(secured) | set(expected)
    )]  # fmt: skip


def _indicators(plan: Plan, report: Monitoring, previous: Monitoring | None) -> list[IndicatorRow]:
    """Each indicator with a value for the year: where it started, where it is going."""
    owners = {o.id: o for o in [*plan.objectives(), *plan.measures()]}
    before = {(v.owner, v.indicator): v.value for v in previous.indicators} if previous else {}
    rows = []
    for v in report.indicators:
        owner = owners.get(v.owner)
        ind = next((i for i in owner.indicators if i.id == v.indicator), None) if owner else None
        if ind is None:
            continue  # CP712 reports it
        base = ind.baseline.value if ind.baseline else None
        target = ind.target.value if ind.target else None
        progress = None
        if v.value is not None and base is not None and target is not None and target != base:
            progress = (v.value - base) / (target - base) * 100
        rows.append(
            IndicatorRow(
                owner=v.owner,
                indicator=v.indicator,
                name=ind.name,
                unit=ind.unit or "",
                baseline=base,
                target=target,
                previous=before.get((v.owner, v.indicator)),
                value=v.value,
                progress=progress,
            )
        )
    return rows


# --- the words -------------------------------------------------------------------------------


class AnnualViews:
    """The report's cells as text in the plan's language: the templates only lay out."""

    def __init__(self, plan: Plan, figures: AnnualFigures, lang: Language, m: Any) -> None:
        self.plan, self.f, self.lang, self.m = plan, figures, lang, m
        self.currency = (plan.info.currency if plan.info else None) or ""
        self.names = {e.id: e.name for e in plan.service_types}

    def a(self, key: str, **values: Any) -> str:
        """A word of the report; years are passed as text (never grouped: 2005, not 2,005)."""
        return self.lang.t(key, DOMAIN, **values)

    def num(self, value: float | None) -> str:
        return self.lang.number(value) if value is not None else "—"

    def money(self, value: float | None) -> str:
        if value is None:
            return "—"
        return self.lang.money(value, self.currency) if self.currency else self.lang.number(value)

    def change(self, now: float | None, before: float | None, *, money: bool = False) -> str:
        if now is None or before is None:
            return "—"
        diff = now - before
        text = self.money(abs(diff)) if money else self.lang.number(abs(diff))
        return ("+" if diff > 0 else "−" if diff < 0 else "±") + text

    def _word(self, key: str, default: str) -> str:
        """A word of the plan's document (units, sources), else the code as written."""
        try:
            return str(self.m.t(key))
        except KeyError:
            return default

    def unit(self, unit: str) -> str:
        return self._word("units." + unit, unit)

    def source(self, source: str) -> str:
        return self._word("sources." + source, source)

    def capacity_rows(self) -> list[list[str]]:
        return [
            [
                self.names.get(r.type, r.type),
                r.territory or "—",
                self.unit(r.unit),
                self.num(r.previous),
                self.num(r.planned),
                self.change(r.planned, r.previous),
                self.num(r.recorded),
            ]
            for r in self.f.capacity
        ]

    def measure_rows(self) -> list[list[str]]:
        rows = []
        for r in self.f.measures:
            status = (
                self.a(f"measures.statuses.{r.status}")
                if r.status
                else self.a("measures.not_reported")
            )
            diff = r.spent - r.planned if r.spent is not None and r.planned is not None else None
            rows.append(
                [
                    f"{r.measure.id} {r.measure.title}",
                    status,
                    _date(self.lang, r.measure.end),
                    self.money(r.planned),
                    self.money(r.spent),
                    self.change(diff, 0.0, money=True) if diff is not None else "—",
                    self._word("gaps.status." + r.progress, r.progress) if r.progress else "",
                ]
            )
        planned = sum(r.planned or 0.0 for r in self.f.measures)
        rows.append(
            [
                self.a("total"),
                "",
                "",
                self.money(planned),
                self.money(self.f.spent),
                self.change(self.f.spent, planned, money=True),
                "",
            ]
        )
        return rows

    def source_rows(self) -> list[list[str]]:
        rows = [
            [self.source(src), self.money(sec), self.money(exp), self.money(sec + exp)]
            for src, sec, exp in self.f.sources
        ]
        if rows:
            sec = sum(s for _, s, _ in self.f.sources)
            exp = sum(e for _, _, e in self.f.sources)
            rows.append([self.a("total"), self.money(sec), self.money(exp), self.money(sec + exp)])
        return rows

    def indicator_rows(self) -> list[list[str]]:
        return [
            [
                f"{r.owner} {r.name}",
                r.unit,
                self.num(r.baseline),
                self.num(r.target),
                self.num(r.previous) if self.f.previous_year else "—",
                self.num(r.value),
                self.lang.percent(r.progress) if r.progress is not None else "—",
            ]
            for r in self.f.indicators
        ]

    def change_rows(self) -> list[list[str]]:
        f = self.f
        before_values = sum(1 for r in f.indicators if r.previous is not None)
        pairs = [
            ("changes.spent", f.previous_spent, f.spent, True),
            ("changes.done", f.previous_done, f.done, False),
            ("changes.late", f.previous_late, f.late, False),
            ("changes.network", f.previous_network_services, f.network_services, False),
            ("changes.indicators", before_values, len(f.indicators), False),
        ]
        return [
            [
                self.a(key),
                self.money(before) if money else self.num(before),
                self.money(now) if money else self.num(now),
                self.change(now, before, money=money),
            ]
            for key, before, now, money in pairs
        ]


def _date(lang: Language, d: Any) -> str:
    if d is None:
        return "—"
    return lang.date(d.year, d.month, d.day)


# --- the files -------------------------------------------------------------------------------


def annual_files(
    plan: Plan,
    year: int,
    *,
    formats: tuple[str, ...] = ("md", "html"),
    templates: Path | None = None,
    references: tuple[Path, ...] = (),
) -> dict[str, str | bytes]:
    """annual-Y.md, annual-Y.html, annual-Y.pdf, .odt, .docx, as asked: nothing written."""
    import jinja2

    from cpkit.core.language import language
    from cpkit.publish.document import build_document, territory
    from cpkit.publish.render import (
        RenderError,
        document_environment,
        document_messages,
        office_file,
        to_html,
    )
    from cpkit.publish.safe_text import clean_text

    tag = plan.info.language if plan.info else "en"
    m = document_messages(tag, templates)
    figures = annual_figures(plan, year)
    views = AnnualViews(plan, figures, language(tag), m)
    doc = build_document(plan, m, "md")
    doc.charts, doc.blocks = {}, {}  # the report draws no chart of the plan's
    title = views.a("title", year=str(year), territory=territory(plan.info))
    stem = f"annual-{year}"

    def markdown(target: str) -> str:
        doc.target = target
        env = document_environment(templates, m)
        env.globals["a"] = views.a
        env.globals["v"] = views
        return env.get_template("render/annual/report.md.j2").render(
            doc=doc, m=m, f=figures, title=title, plan=plan
        )

    def page(text: str, *, office: bool = False) -> str:
        html = to_html(text, title=title, language=tag, doc=doc, m=m, templates=templates,
                       page="annual", office=office)  # fmt: skip
        return clean_text(html)

    files: dict[str, str | bytes] = {}
    try:
        if "md" in formats:
            files[f"{stem}.md"] = clean_text(markdown("md"))
        if {"html", "pdf", "odt", "docx"} & set(formats):
            text = markdown("html")
            html = page(text)
            if "html" in formats:
                files[f"{stem}.html"] = html
            if "pdf" in formats:
                files[f"{stem}.pdf"] = office_file("pdf", html, doc, m, references, templates)
            office_page = page(text, office=True) if {"odt", "docx"} & set(formats) else ""
            for target in (t for t in ("odt", "docx") if t in formats):
                files[f"{stem}.{target}"] = office_file(
                    target, office_page, doc, m, references, templates
                )
    except jinja2.TemplateError as exc:
        where = f" ({exc.filename}:{exc.lineno})" if getattr(exc, "lineno", None) else ""
        raise RenderError("render.template", where=where, reason=str(exc)) from None
    return files
