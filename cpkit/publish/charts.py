"""Charts of the published plan, as inline SVG with a text alternative.

Python only lays the charts out: it picks the figures from the gap tables, so a chart
never disagrees with the tables beside it, and computes every coordinate, rounded to
0.1, so that the same plan always gives byte-identical SVG. The markup lives in
templates/render/charts/*.svg.j2, rendered with autoescape: plan text (names of needs,
areas, indicators) may be hostile and must come out as text.

Accessibility (WCAG 2.1 AA): each SVG is `role="img"`, named by its own <title> and
<desc>; colour is never the only carrier of meaning (segments carry the legend's
number, cells a symbol, bars a status word); graphics have a contrast of at least 3:1
against white and their neighbours, and text at least 4.5:1 against what it sits on.
Text inside an SVG image is not read by screen readers, so `Chart.description` summarises
the figures, and the page must give the data table as well.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, get_args

from cpkit.analysis.gaps import (
    AT_RISK,
    DONE,
    JOINT,
    NO_ACTUAL,
    NO_TARGET,
    OFF_TRACK,
    ON_TRACK,
    QUALITATIVE,
    funding_gaps,
    progress_gaps,
)
from cpkit.model.entities import FundSource, Plan
from cpkit.publish.messages import half_up
from cpkit.publish.templating import environment

Translate = Callable[[str], str]
FormatNumber = Callable[[float], str]

#: The labels the charts use, in English. A label with {placeholders} is filled with
#: str.format, so a catalogue must keep the placeholders (it may reorder them).
LABELS_EN: dict[str, str] = {
    # shared
    "chart.money": "{amount} {currency}",  # an amount in the plan's currency
    "chart.percent": "{value} %",
    "chart.with_unit": "{label} ({unit})",  # an axis label and its unit
    "chart.pair": "{name}: {value}",  # one item of a list in a description or tooltip
    "chart.list_sep": "; ",  # between the items of such a list
    "chart.joint": "joint objectives",  # the bar of priorities without an area
    # 1. expected funds by area and source
    "chart.funds.title": "Expected funds by area and source",
    "chart.funds.axis": "Expected funds",
    "chart.funds.desc": (
        "Expected funds come to {total}: {areas}. The largest source is {source}, with {amount}."
    ),
    "chart.source.municipality": "municipality",
    "chart.source.city-district": "city districts",
    "chart.source.region": "region",
    "chart.source.state": "state",
    "chart.source.eu": "EU funds",
    "chart.source.sponsors": "sponsors",
    "chart.source.foundations": "foundations",
    "chart.source.clients": "clients",
    "chart.source.own-income": "own income",
    "chart.source.health-insurance": "health insurance",
    "chart.source.other": "other",
    # 2. the needs matrix
    "chart.needs.title": "Needs matrix: which needs the services meet",
    "chart.needs.rows": "Target group / service type",
    "chart.needs.desc": (
        "The needs matrix sets {rows} × {needs} cells: target groups and service types "
        "against needs. Provided: {provided}; missing but answered by a measure: {answered}; "
        "missing with no measure yet: {missing}; not needed: {not_needed}; "
        "not assessed: {unknown}."
    ),
    "chart.status.provided": "provided (number of services)",
    "chart.status.answered": "missing, answered by a measure",
    "chart.status.missing": "missing, no measure yet",
    "chart.status.not-needed": "not needed",
    "chart.status.unknown": "not assessed",
    # 3. progress of indicators
    "chart.progress.title": "Progress of indicators from baseline to target",
    "chart.progress.title_behind": "The {shown} indicators furthest behind, of {count}",
    "chart.progress.axis": "Share of the way from baseline to target",
    "chart.progress.desc": (
        "Quantitative indicators: {count}. Done: {done}; on track: {on_track}; "
        "at risk: {at_risk}; off track: {off_track}; no actual value yet: {no_actual}."
    ),
    "chart.progress.objective": "Objective {id}",
    "chart.progress.measure": "Measure {id}",
    "chart.progress.range": "from {baseline} to {target} {unit}",
    "chart.progress.done": "done",
    "chart.progress.on-track": "on track",
    "chart.progress.at-risk": "at risk",
    "chart.progress.off-track": "off track",
    "chart.progress.no-actual": "no actual yet",
    "chart.progress.no-target": "no target",
    # the description ({desc}) when some indicator has an actual but no target
    "chart.progress.desc_no_target": (
        "{desc} With an actual value but no target to judge it by: {count}."
    ),
}

WHITE = "#ffffff"
INK = "#1a1a1a"  # text on white: 17:1
MUTED = "#595959"  # secondary text on white: 7:1
AXIS = "#767676"  # axis lines and outlines on white: 4.5:1
GRID = "#d9d9d9"  # gridlines only guide the eye; the numbers are in the labels

#: Segment fills, given to the sources in use in order; white numbers on them ≥ 5:1.
SOURCE_COLOURS: tuple[str, ...] = (
    "#1f5fa8", "#b2410f", "#2e7d32", "#7b3294", "#00695c", "#a3136b",
    "#8a5a00", "#4d4d4d", "#9e2a2b", "#5c6b00", "#3949ab",
)  # fmt: skip

#: Needs-matrix cell status → (fill, text colour, symbol); "unknown" is drawn outlined.
CELL_STYLES: dict[str, tuple[str, str, str]] = {
    "provided": ("#2e7d32", WHITE, "✓"),
    "answered": ("#8a5a00", WHITE, "→"),
    "missing": ("#b71c1c", WHITE, "!"),
    "not-needed": ("#6b6b6b", WHITE, "–"),
    "unknown": (WHITE, INK, "?"),
}

#: progress_gaps status → (label key, bar fill).
PROGRESS_STYLES: dict[str, tuple[str, str]] = {
    DONE: ("chart.progress.done", "#1b6e3a"),
    ON_TRACK: ("chart.progress.on-track", "#1f5fa8"),
    AT_RISK: ("chart.progress.at-risk", "#8a5a00"),
    OFF_TRACK: ("chart.progress.off-track", "#b71c1c"),
    NO_ACTUAL: ("chart.progress.no-actual", AXIS),
    NO_TARGET: ("chart.progress.no-target", MUTED),  # neutral: nothing to judge it by
}

FONT = "system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, sans-serif"
MARGIN = 16.0


@dataclass(frozen=True, slots=True)
class Chart:
    """One chart: `svg` is markup to insert as is; `description` is its text alternative."""

    name: str
    title: str
    description: str
    svg: str

    @property
    def title_id(self) -> str:
        return f"{self.name}-chart-title"

    @property
    def desc_id(self) -> str:
        return f"{self.name}-chart-desc"


# --- layout helpers ------------------------------------------------------------------------


def _n(value: float) -> str:
    """A coordinate rounded to 0.1, without a trailing .0 or a negative zero."""
    text = f"{round(value, 1):.1f}".removesuffix(".0")
    return "0" if text == "-0" else text


_WIDE = (
    "\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6"
)
# Spaces a line may break at: not the no-break spaces of "1 500" or "29. dubna"
_BREAK = "\t\n\r\f\v "
_TOKEN = re.compile(rf"([{_BREAK}]*)([{_WIDE}]|[^{_BREAK}{_WIDE}]+)")
_SPACES = re.compile(rf"[{_BREAK}]+")
_NARROW = set("fijlrtI.,:;|!'’()[]/ -")


def _em(ch: str) -> float:
    """One character's width in ems (cached: labels repeat the same few hundred)."""
    em = _EMS.get(ch)
    if em is None:
        if unicodedata.east_asian_width(ch) in "WF":
            em = 1.0
        elif ch in _NARROW:
            em = 0.32
        elif ch.isupper() or ch in "mwMW@%—":
            em = 0.74
        else:
            em = 0.6
        _EMS[ch] = em
    return em


_EMS: dict[str, float] = {}


def _width(text: str, size: float, bold: bool = False) -> float:
    """Estimated width of `text` in a sans-serif font, erring on the wide side."""
    return sum(map(_em, text)) * size * (1.12 if bold else 1.0)


def _prefix_fitting(text: str, width: float, size: float, bold: bool) -> int:
    """How many leading characters of `text` fit `width` (at least one): one pass."""
    scale = size * (1.12 if bold else 1.0)
    used = 0.0
    for i, ch in enumerate(text):
        used += _em(ch) * scale
        if used > width:
            return max(i, 1)
    return len(text)


def _fit(text: str, width: float, size: float, bold: bool, *, cut: bool = False) -> str:
    """`text` cut with an ellipsis to fit `width` (an ellipsis in any case if it was `cut`)."""
    if not cut and _width(text, size, bold) <= width:
        return text
    keep = _prefix_fitting(text, width - _width("…", size, bold), size, bold)
    if keep >= len(text) and _width(text + "…", size, bold) > width:
        keep = len(text) - 1
    return text[:keep].rstrip() + "…"


def _wrap(
    text: str, width: float, size: float, max_lines: int, bold: bool = False
) -> tuple[list[str], bool]:
    """Lines of at most `width`, broken at spaces (between any two CJK characters), and
    whether the text had to be shortened to `max_lines`.

    Linear in the text, and it stops once more lines than fit are made: a name may be a
    single word of thousands of letters.
    """
    lines: list[str] = []
    line, used = "", 0.0  # `used`: the width of `line`, kept as it grows
    gap = _width(" ", size, bold)
    for space, token in _TOKEN.findall(_SPACES.sub(" ", text).strip(_BREAK)):
        if len(lines) > max_lines:
            break
        token_w = _width(token, size, bold)
        if not line:
            line, used = token, token_w
        elif used + (gap if space else 0.0) + token_w <= width:
            line, used = (
                line + (" " if space else "") + token,
                used + (gap if space else 0.0) + token_w,
            )
        else:
            lines.append(line)
            line, used = token, token_w
        while len(line) > 1 and len(lines) <= max_lines and used > width:
            cut = _prefix_fitting(line, width, size, bold)  # a word wider than a line
            lines.append(line[:cut])
            line = line[cut:]
            used = _width(line, size, bold)
    if line or not lines:
        lines.append(line)
    if len(lines) <= max_lines:
        return lines, False
    return [*lines[: max_lines - 1], _fit(lines[max_lines - 1], width, size, bold, cut=True)], True


@dataclass(frozen=True, slots=True)
class Label:
    """Text at a place: `lines` as (baseline y, text); `full` is the whole text when the
    lines shorten it, given as a tooltip."""

    x: str
    lines: list[tuple[str, str]]
    anchor: str = "start"
    size: int = 13
    weight: str = "normal"
    fill: str = INK
    full: str = ""
    css: str = ""


def _label(
    text: str,
    x: float,
    *,
    top: float | None = None,
    middle: float | None = None,
    bottom: float | None = None,
    width: float = 10_000.0,
    size: int = 13,
    max_lines: int = 1,
    weight: str = "normal",
    **style: str,
) -> Label:
    """A wrapped label placed by its top, vertical middle or last baseline."""
    lines, cut = _wrap(text, width, size, max_lines, weight == "bold")
    step = round(size * 1.25)
    ascent = size * 0.72  # cap height and a little: from the top of a line to its baseline
    block = (len(lines) - 1) * step + ascent
    if top is not None:
        first = top + ascent
    elif middle is not None:
        first = middle - block / 2 + ascent
    else:
        first = (bottom or 0.0) - (len(lines) - 1) * step
    return Label(
        x=_n(x),
        lines=[(_n(first + i * step), s) for i, s in enumerate(lines)],
        size=size,
        weight=weight,
        full=text if cut else "",
        **style,
    )


def _label_height(text: str, width: float, size: int, max_lines: int, bold: bool = False) -> float:
    lines, _ = _wrap(text, width, size, max_lines, bold)
    return (len(lines) - 1) * round(size * 1.25) + size


def _nice_step(top: float, ticks: int = 5) -> float:
    """A round step (1, 2, 2.5 or 5 × 10ⁿ) giving about `ticks` intervals up to `top`."""
    raw = top / ticks
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)


@functools.cache
def _templates() -> Any:
    return environment(autoescape=True)


def _render(template: str, **context: Any) -> str:
    return (
        _templates().get_template(f"render/charts/{template}.svg.j2").render(font=FONT, **context)
    )


def _money(t: Translate, fmt: FormatNumber, amount: float, currency: str) -> str:
    if not currency:
        return fmt(amount)
    return t("chart.money").format(amount=fmt(amount), currency=currency)


def _list(t: Translate, pairs: Sequence[tuple[str, str]]) -> str:
    pair = t("chart.pair")
    return t("chart.list_sep").join(pair.format(name=n, value=v) for n, v in pairs)


def _frame(name: str, title: str, description: str, width: float, height: float) -> dict[str, Any]:
    chart = Chart(name=name, title=title, description=description, svg="")
    return {"chart": chart, "w": _n(width), "h": _n(height)}


# --- 1. expected funds by area and source --------------------------------------------------


@dataclass(slots=True)
class _Bar:
    label: str
    values: dict[str, float]
    total: float = 0.0
    segments: list[dict[str, Any]] = field(default_factory=list)


def funds_chart(
    plan: Plan, t: Translate, *, fmt_number: FormatNumber = "{:,.0f}".format
) -> Chart | None:
    """Expected funds as one stacked bar per area (and one for joint objectives), a
    segment per source; the figures are funding_gaps' area totals. None without funds."""
    frame = funding_gaps(plan)
    rows = frame[(frame["scope"] == "area") & (frame["year"] == "total")]
    columns = list(frame.columns[7:])
    known = [s for s in get_args(FundSource) if s in columns]
    columns = known + sorted(set(columns) - set(known))
    bars = [
        _Bar(
            label=t("chart.joint") if row["id"] == JOINT else str(row["title"]),
            values={s: float(row[s]) for s in columns},
        )
        for _, row in rows.iterrows()
    ]
    for bar in bars:
        bar.total = sum(bar.values.values())
    sources = [s for s in columns if any(b.values[s] > 0 for b in bars)]
    if not bars or not sources:
        return None
    currency = (plan.info.currency if plan.info else None) or ""

    def money(amount: float) -> str:
        return _money(t, fmt_number, amount, currency)

    def source_name(source: str) -> str:
        return t(f"chart.source.{source}") if source in get_args(FundSource) else source

    by_source = {s: sum(b.values[s] for b in bars) for s in sources}
    total = sum(by_source.values())
    largest = max(sources, key=lambda s: by_source[s])  # first in order on a tie
    title = t("chart.funds.title")
    description = t("chart.funds.desc").format(
        total=money(total),
        areas=_list(t, [(b.label, money(b.total)) for b in bars]),
        source=source_name(largest),
        amount=money(by_source[largest]),
    )

    width, label_w, bar_h, gap = 760.0, 200.0, 24.0, 14.0
    x0 = MARGIN + label_w + 8
    total_w = max(_width(money(b.total), 13) for b in bars) + 12
    bar_w = width - MARGIN - x0 - total_w
    top_value = max(max(b.total for b in bars), 1.0)
    step = _nice_step(top_value)
    axis_max = math.ceil(top_value / step - 1e-9) * step
    scale = bar_w / axis_max
    colours = {s: SOURCE_COLOURS[i % len(SOURCE_COLOURS)] for i, s in enumerate(sources)}
    marks = {s: str(i + 1) for i, s in enumerate(sources)}

    y = MARGIN
    drawn = []
    for bar in bars:
        row_h = max(bar_h + 4, _label_height(bar.label, label_w, 13, 3) + 4)
        middle = y + row_h / 2
        left = x0
        for s in sources:
            value = bar.values[s]
            if value <= 0:
                continue
            w = value * scale
            mark = marks[s] if w >= _width(marks[s], 11, True) + 6 else ""
            bar.segments.append(
                {
                    "x": _n(left), "w": _n(w), "fill": colours[s],
                    "tip": t("chart.pair").format(
                        name=f"{bar.label} — {source_name(s)}", value=money(value)
                    ),
                    "mark": _label(mark, left + w / 2, middle=middle, size=11,
                                   anchor="middle", weight="bold", fill=WHITE) if mark else None,
                }
            )  # fmt: skip
            left += w
        drawn.append(
            {
                "y": _n(middle - bar_h / 2),
                "h": _n(bar_h),
                "label": _label(bar.label, x0 - 8, middle=middle, width=label_w, max_lines=3,
                                anchor="end"),
                "segments": bar.segments,
                "total": _label(money(bar.total), left + 6, middle=middle, css="total"),
            }
        )  # fmt: skip
        y += row_h + gap
    plot_bottom = y - gap + 6
    ticks = []
    for i in range(round(axis_max / step) + 1):
        x = x0 + i * step * scale
        ticks.append({"x": _n(x), "label": _label(fmt_number(i * step), x, top=plot_bottom + 9,
                                                    size=12, anchor="middle")})  # fmt: skip
    axis_text = t("chart.funds.axis")
    if currency:
        axis_text = t("chart.with_unit").format(label=axis_text, unit=currency)
    axis_label = _label(axis_text, x0 + bar_w / 2, top=plot_bottom + 30, anchor="middle")

    legend_top = plot_bottom + 60
    column_w = (width - 2 * MARGIN) / 2
    legend = []
    for i, s in enumerate(sources):
        x = MARGIN + (i % 2) * column_w
        top = legend_top + (i // 2) * 26
        text = t("chart.pair").format(name=source_name(s), value=money(by_source[s]))
        legend.append(
            {
                "x": _n(x), "y": _n(top), "fill": colours[s],
                "mark": _label(marks[s], x + 10, middle=top + 10, size=11, anchor="middle",
                               weight="bold", fill=WHITE),
                "label": _label(text, x + 28, middle=top + 10, width=column_w - 36),
            }
        )  # fmt: skip
    height = legend_top + math.ceil(len(sources) / 2) * 26 + MARGIN - 6
    svg = _render(
        "funds",
        **_frame("funds", title, description, width, height),
        bars=drawn,
        ticks=ticks,
        plot_top=_n(MARGIN - 6),
        plot_bottom=_n(plot_bottom),
        tick_bottom=_n(plot_bottom + 5),
        x0=_n(x0),
        axis_label=axis_label,
        legend=legend,
    )
    return Chart(name="funds", title=title, description=description, svg=svg)


# --- 2. the needs matrix -------------------------------------------------------------------


def needs_chart(
    plan: Plan, t: Translate, *, fmt_number: FormatNumber = "{:,.0f}".format
) -> Chart | None:
    """The needs matrix as a grid of cells coloured, and marked, by status. A missing cell
    counts as answered when a measure names it, as in service_gaps. None without a matrix."""
    if not plan.needs_matrix or not plan.needs:
        return None
    groups = {g.id: g.name for g in plan.target_groups}
    types = {s.id: s.name for s in plan.service_types}
    services = {s.id: s.name for s in plan.services}
    answered: dict[str, list[str]] = {}
    for m in plan.measures():
        for key in m.answers:
            answered.setdefault(key, []).append(m.id)

    def row_name(r: Any) -> str:
        parts = [
            groups.get(r.target_group, r.target_group) if r.target_group else None,
            types.get(r.service_type, r.service_type) if r.service_type else None,
        ]
        return " / ".join(p for p in parts if p) or r.id

    counts: Counter[str] = Counter()
    grid = []
    for r in plan.needs_matrix:
        cells = []
        for need in plan.needs:
            cell = r.cells.get(need.id)
            detail = ""
            if cell is None:
                status = "unknown"
            elif cell.status == "missing":
                by = answered.get(f"{r.id}/{need.id}", [])
                status = "answered" if by else "missing"
                detail = ", ".join(by)
            else:
                status = cell.status
                detail = ", ".join(services.get(s, s) for s in cell.services)
            counts[status] += 1
            text = CELL_STYLES[status][2]
            if cell is not None and cell.status == "provided" and cell.services:
                text = f"{text} {fmt_number(len(cell.services))}"
            cells.append((need, status, text, detail))
        grid.append((row_name(r), cells))

    title = t("chart.needs.title")
    description = t("chart.needs.desc").format(
        rows=fmt_number(len(grid)),
        needs=fmt_number(len(plan.needs)),
        provided=fmt_number(counts["provided"]),
        answered=fmt_number(counts["answered"]),
        missing=fmt_number(counts["missing"]),
        not_needed=fmt_number(counts["not-needed"]),
        unknown=fmt_number(counts["unknown"]),
    )

    # a column is as wide as the longest word of its header, so that no word is broken
    longest = max(_width(w, 12, True) for n in plan.needs for w in n.name.split() or [""])
    label_w, cell_w, min_row_h = 230.0, min(max(84.0, longest + 12), 140.0), 36.0
    x0 = MARGIN + label_w + 8
    width = max(x0 + cell_w * len(plan.needs) + MARGIN, 560.0)
    head_h = max(_label_height(n.name, cell_w - 8, 12, 4, True) for n in plan.needs) + 10
    head_h = max(head_h, _label_height(t("chart.needs.rows"), label_w, 12, 3, True) + 10)
    head_bottom = MARGIN + head_h
    columns = [
        _label(n.name, x0 + (i + 0.5) * cell_w, bottom=head_bottom - 8, width=cell_w - 8,
               size=12, max_lines=4, anchor="middle", weight="bold")
        for i, n in enumerate(plan.needs)
    ]  # fmt: skip
    corner = _label(t("chart.needs.rows"), MARGIN, bottom=head_bottom - 8, width=label_w,
                    size=12, max_lines=3, weight="bold")  # fmt: skip

    y = head_bottom
    rows = []
    for name, cells in grid:
        row_h = max(min_row_h, _label_height(name, label_w, 13, 3) + 12)
        middle = y + row_h / 2
        drawn = []
        for i, (need, status, text, detail) in enumerate(cells):
            fill, ink, _ = CELL_STYLES[status]
            tip = f"{name} — {need.name}: {t(f'chart.status.{status}')}"
            drawn.append(
                {
                    "x": _n(x0 + i * cell_w + 2), "y": _n(y + 2), "w": _n(cell_w - 4),
                    "h": _n(row_h - 4), "fill": fill, "outlined": status == "unknown",
                    "tip": f"{tip} ({detail})" if detail else tip,
                    "text": _label(text, x0 + (i + 0.5) * cell_w, middle=middle, size=14,
                                   anchor="middle", weight="bold", fill=ink),
                }
            )  # fmt: skip
        rows.append(
            {
                "label": _label(name, x0 - 8, middle=middle, width=label_w, max_lines=3,
                                anchor="end"),
                "cells": drawn,
            }
        )  # fmt: skip
        y += row_h

    legend_top = y + 20
    column_w = (width - 2 * MARGIN) / 2
    legend = []
    for i, status in enumerate(CELL_STYLES):
        fill, ink, symbol = CELL_STYLES[status]
        x = MARGIN + (i % 2) * column_w
        top = legend_top + (i // 2) * 30
        legend.append(
            {
                "x": _n(x), "y": _n(top), "fill": fill, "outlined": status == "unknown",
                "text": _label(symbol, x + 18, middle=top + 11, size=14, anchor="middle",
                               weight="bold", fill=ink),
                "label": _label(t(f"chart.status.{status}"), x + 44, middle=top + 11,
                                width=column_w - 52),
            }
        )  # fmt: skip
    height = legend_top + math.ceil(len(CELL_STYLES) / 2) * 30 + MARGIN - 8
    svg = _render(
        "needs",
        **_frame("needs", title, description, width, height),
        columns=columns,
        corner=corner,
        rows=rows,
        legend=legend,
    )
    return Chart(name="needs", title=title, description=description, svg=svg)


# --- 3. progress of indicators -------------------------------------------------------------


MAX_PROGRESS_BARS = 40
#: Which indicators are furthest behind: off track first, done last.
_BEHIND = {OFF_TRACK: 0, AT_RISK: 1, NO_ACTUAL: 2, NO_TARGET: 2, ON_TRACK: 3, DONE: 4}


def progress_chart(
    plan: Plan,
    t: Translate,
    actuals: dict[tuple[str, str], tuple[int, float]] | None = None,
    *,
    fmt_number: FormatNumber = "{:,.0f}".format,
) -> Chart | None:
    """One bar per quantitative indicator: how far it got from baseline to target, from
    progress_gaps, with its status in words. None without quantitative indicators.

    Past MAX_PROGRESS_BARS a chart is a wall no one reads: it then shows the indicators
    furthest behind, worst first, and says so in its title (the table lists them all).
    """
    frame = progress_gaps(plan, actuals)
    frame = frame[frame["status"] != QUALITATIVE]
    if frame.empty:
        return None
    total = len(frame)
    counts = Counter(frame["status"])
    title = t("chart.progress.title")
    if total > MAX_PROGRESS_BARS:
        rank = frame["status"].map(_BEHIND).fillna(len(_BEHIND))
        frame = (
            frame.assign(_rank=rank, _pct=frame["achieved_pct"].astype(float))
            .sort_values(["_rank", "_pct"], kind="stable", na_position="last")
            .head(MAX_PROGRESS_BARS)
        )
        title = t("chart.progress.title_behind").format(
            shown=fmt_number(MAX_PROGRESS_BARS), count=fmt_number(total)
        )

    def value(v: Any) -> str:
        return "–" if v is None or _missing(v) else fmt_number(float(v))

    description = t("chart.progress.desc").format(
        count=fmt_number(total),
        done=fmt_number(counts[DONE]),
        on_track=fmt_number(counts[ON_TRACK]),
        at_risk=fmt_number(counts[AT_RISK]),
        off_track=fmt_number(counts[OFF_TRACK]),
        no_actual=fmt_number(counts[NO_ACTUAL]),
    )
    if counts[NO_TARGET]:  # so that the counts add up to the total
        description = t("chart.progress.desc_no_target").format(
            desc=description, count=fmt_number(counts[NO_TARGET])
        )

    width, label_w, track_w, bar_h = 780.0, 290.0, 300.0, 18.0
    x0 = MARGIN + label_w + 14
    y = MARGIN + 4
    rows = []
    for _, r in frame.iterrows():
        kind, _, owner = str(r["owner"]).partition(" ")
        key = f"chart.progress.{kind}"
        owner_text = t(key).format(id=owner) if kind in ("objective", "measure") else r["owner"]
        span = t("chart.progress.range").format(
            baseline=value(r["baseline"]), target=value(r["target"]), unit=r["unit"]
        )
        sub = f"{owner_text} · {_SPACES.sub(' ', span).strip()}"
        name_h = _label_height(str(r["name"]), label_w, 13, 2)
        row_h = max(bar_h + 12, name_h + 20)
        middle = y + row_h / 2
        name = _label(str(r["name"]), MARGIN, top=y, width=label_w, max_lines=2)
        note = _label(sub, MARGIN, top=y + name_h + 6, width=label_w, size=12, fill=MUTED)
        status_key, fill = PROGRESS_STYLES.get(r["status"], PROGRESS_STYLES[NO_ACTUAL])
        achieved = None if _missing(r["achieved_pct"]) else float(r["achieved_pct"])
        if achieved is None:
            status_text = t(status_key)
        else:
            pct = t("chart.percent").format(value=fmt_number(half_up(achieved)))
            status_text = f"{pct} · {t(status_key)}"
        share = 0.0 if achieved is None else min(max(achieved, 0.0), 100.0) / 100
        rows.append(
            {
                "y": _n(middle - bar_h / 2), "h": _n(bar_h), "w": _n(track_w * share),
                "fill": fill, "name": name, "note": note,
                "status": _label(status_text, x0 + track_w + 8, middle=middle,
                                 width=width - MARGIN - x0 - track_w - 8, css="status"),
                "tip": f"{r['name']}: {status_text}",
            }
        )  # fmt: skip
        y += row_h + 10
    plot_bottom = y - 4
    ticks = [
        {
            "x": _n(x0 + track_w * p / 100),
            "label": _label(t("chart.percent").format(value=fmt_number(p)),
                            x0 + track_w * p / 100, top=plot_bottom + 9, size=12,
                            anchor="middle"),
        }
        for p in (0, 25, 50, 75, 100)
    ]  # fmt: skip
    axis_label = _label(t("chart.progress.axis"), x0 + track_w / 2, top=plot_bottom + 30,
                        width=width - x0, anchor="middle")  # fmt: skip
    height = plot_bottom + 30 + 13 + MARGIN
    svg = _render(
        "progress",
        **_frame("progress", title, description, width, height),
        rows=rows,
        ticks=ticks,
        x0=_n(x0),
        track_w=_n(track_w),
        plot_top=_n(MARGIN - 2),
        plot_bottom=_n(plot_bottom),
        tick_bottom=_n(plot_bottom + 5),
        axis_label=axis_label,
    )
    return Chart(name="progress", title=title, description=description, svg=svg)


def _missing(value: Any) -> bool:
    """None, or pandas' NaN for a missing number."""
    return value is None or (isinstance(value, float) and math.isnan(value))
