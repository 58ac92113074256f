"""Chart 1, expected funds: one stacked bar per area (and one for joint objectives), a
numbered segment per source, a legend of the sources under the axis."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, get_args

from cpkit.analysis.gaps import JOINT
from cpkit.model.entities import FundSource
from cpkit.publish.charts.layout import (
    MARGIN,
    WHITE,
    Chart,
    FormatNumber,
    Key,
    Translate,
    coord,
    frame,
    label,
    label_height,
    legend,
    money,
    nice_step,
    pair_list,
    render_svg,
    text_width,
)

if TYPE_CHECKING:
    from cpkit.analysis.gaps import Table

#: Segment fills, given to the sources in use in order; white numbers on them ≥ 5:1.
SOURCE_COLOURS: tuple[str, ...] = (
    "#1f5fa8", "#b2410f", "#2e7d32", "#7b3294", "#00695c", "#a3136b",
    "#8a5a00", "#4d4d4d", "#9e2a2b", "#5c6b00", "#3949ab",
)  # fmt: skip

WIDTH, LABEL_W, BAR_H, GAP = 760.0, 200.0, 24.0, 14.0
X0 = MARGIN + LABEL_W + 8  # where the bars start, right of their labels


@dataclass(slots=True)
class _Bar:
    """An area's funds by source, then its segments as laid out."""

    label: str
    values: dict[str, float]
    total: float = 0.0
    segments: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class _Words:
    """How the chart says an amount and a source, in the plan's language and currency."""

    t: Translate
    fmt_number: FormatNumber
    currency: str
    fmt_money: FormatNumber | None = None  # the plan's language's CLDR form: 3 848 250 Kč
    language: str = "en"  # without fmt_money: CLDR's form in this language

    def money(self, amount: float) -> str:
        if self.fmt_money is not None:
            return self.fmt_money(amount)
        return money(self.fmt_number, amount, self.currency, self.language)

    def source(self, source: str) -> str:
        return self.t(f"chart.source.{source}") if source in get_args(FundSource) else source


def funds_chart(
    funding: Table,
    t: Translate,
    *,
    currency: str = "",
    fmt_number: FormatNumber = "{:,.0f}".format,
    fmt_money: FormatNumber | None = None,
    language: str = "en",
) -> Chart | None:
    """Expected funds as one stacked bar per area (and one for joint objectives), a
    segment per source. The figures are the area totals of `funding`, the plan's
    cpkit.analysis.gaps.funding_gaps: the very table the document shows beside the chart,
    computed once. None without funds."""
    bars, sources = _bars(funding, t)
    if not bars or not sources:
        return None
    words = _Words(t, fmt_number, currency, fmt_money, language)
    by_source = {s: sum(b.values[s] for b in bars) for s in sources}
    largest = max(sources, key=lambda s: by_source[s])  # first in order on a tie
    title = t("chart.funds.title")
    description = t("chart.funds.desc").format(
        total=words.money(sum(by_source.values())),
        areas=pair_list(t, [(b.label, words.money(b.total)) for b in bars]),
        sources=pair_list(t, [(words.source(s), words.money(by_source[s])) for s in sources]),
        source=words.source(largest),
        amount=words.money(by_source[largest]),
    )
    keys = {  # a source's colour and number, on its segments and in the legend
        s: Key(SOURCE_COLOURS[i % len(SOURCE_COLOURS)], str(i + 1), WHITE,
               t("chart.pair").format(name=words.source(s), value=words.money(by_source[s])))
        for i, s in enumerate(sources)
    }  # fmt: skip
    plot, plot_bottom = _plot(bars, keys, words)
    items, foot = legend(list(keys.values()), top=plot_bottom + 60, width=WIDTH,
                         swatch=(20.0, 20.0), row_step=26.0, symbol_size=11)  # fmt: skip
    svg = render_svg(
        "funds", **frame("funds", title, description, WIDTH, foot + MARGIN), **plot, legend=items
    )
    return Chart(name="funds", title=title, description=description, svg=svg, width=WIDTH)


def _bars(funding: Table, t: Translate) -> tuple[list[_Bar], list[str]]:
    """The areas' totals by source, and the sources any bar has money from, in the
    order of FundSource (a source cpkit does not know comes after, by name)."""
    rows = [r for r in funding if r["scope"] == "area" and r["year"] == "total"]
    columns = list(funding.columns[7:])  # the sources: after scope, id, title, year … gap
    known = [s for s in get_args(FundSource) if s in columns]
    columns = known + sorted(set(columns) - set(known))
    bars = [
        _Bar(
            label=t("chart.joint") if row["id"] == JOINT else str(row["title"]),
            values={s: float(row[s]) for s in columns},
        )
        for row in rows
    ]
    for bar in bars:
        bar.total = sum(bar.values.values())
    return bars, [s for s in columns if any(b.values[s] > 0 for b in bars)]


def _plot(bars: list[_Bar], keys: dict[str, Key], words: _Words) -> tuple[dict[str, Any], float]:
    """The bars on a scale of round steps, the axis under them and its ticks; and the
    plot's foot, under which the legend goes."""
    total_w = max(text_width(words.money(b.total), 13) for b in bars) + 12
    bar_w = WIDTH - MARGIN - X0 - total_w
    top_value = max(max(b.total for b in bars), 1.0)
    step = nice_step(top_value)
    axis_max = math.ceil(top_value / step - 1e-9) * step
    scale = bar_w / axis_max
    y = MARGIN
    drawn = []
    for bar in bars:
        row_h = max(BAR_H + 4, label_height(bar.label, LABEL_W, 13, 3) + 4)
        middle = y + row_h / 2
        right = _segments(bar, keys, words, scale, middle)
        drawn.append(
            {
                "y": coord(middle - BAR_H / 2),
                "h": coord(BAR_H),
                "label": label(bar.label, X0 - 8, middle=middle, width=LABEL_W, max_lines=3,
                               anchor="end"),
                "segments": bar.segments,
                "total": label(words.money(bar.total), right + 6, middle=middle, css="total"),
            }
        )  # fmt: skip
        y += row_h + GAP
    plot_bottom = y - GAP + 6
    ticks = []
    for i in range(round(axis_max / step) + 1):
        x = X0 + i * step * scale
        ticks.append({"x": coord(x), "label": label(words.fmt_number(i * step), x,
                                                    top=plot_bottom + 9, size=12,
                                                    anchor="middle")})  # fmt: skip
    axis_text = words.t("chart.funds.axis")
    if words.currency:
        axis_text = words.t("chart.with_unit").format(label=axis_text, unit=words.currency)
    context = {
        "bars": drawn,
        "ticks": ticks,
        "plot_top": coord(MARGIN - 6),
        "plot_bottom": coord(plot_bottom),
        "tick_bottom": coord(plot_bottom + 5),
        "x0": coord(X0),
        "axis_label": label(axis_text, X0 + bar_w / 2, top=plot_bottom + 30, anchor="middle"),
    }
    return context, plot_bottom


def _segments(bar: _Bar, keys: dict[str, Key], words: _Words, scale: float, middle: float) -> float:
    """Lay out `bar`'s segments, left to right, each numbered if the number fits in it;
    return where the bar ends."""
    left = X0
    for s, key in keys.items():
        value = bar.values[s]
        if value <= 0:
            continue
        w = value * scale
        mark = key.symbol if w >= text_width(key.symbol, 11, True) + 6 else ""
        bar.segments.append(
            {
                "x": coord(left), "w": coord(w), "fill": key.fill,
                "tip": words.t("chart.pair").format(
                    name=f"{bar.label} — {words.source(s)}", value=words.money(value)
                ),
                "mark": label(mark, left + w / 2, middle=middle, size=11,
                              anchor="middle", weight="bold", fill=WHITE) if mark else None,
            }
        )  # fmt: skip
        left += w
    return left
