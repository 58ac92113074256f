"""Chart 3, progress of indicators: a track from baseline (0 %) to target (100 %) per
quantitative indicator, filled as far as it got, with the share and the status in words."""

from __future__ import annotations

import math
from collections import Counter
from typing import TYPE_CHECKING, Any

from cpkit.analysis.monitoring import (
    AT_RISK,
    DONE,
    NO_ACTUAL,
    NO_TARGET,
    OFF_TRACK,
    ON_TRACK,
    QUALITATIVE,
)
from cpkit.publish.charts.layout import (
    AXIS,
    MARGIN,
    MUTED,
    Chart,
    FormatNumber,
    Translate,
    coord,
    frame,
    label,
    label_height,
    one_line,
    render_svg,
)
from cpkit.publish.messages import half_up

if TYPE_CHECKING:
    from cpkit.analysis.gaps import Table

#: progress_gaps status → (label key, bar fill).
PROGRESS_STYLES: dict[str, tuple[str, str]] = {
    DONE: ("chart.progress.done", "#1b6e3a"),
    ON_TRACK: ("chart.progress.on-track", "#1f5fa8"),
    AT_RISK: ("chart.progress.at-risk", "#8a5a00"),
    OFF_TRACK: ("chart.progress.off-track", "#b71c1c"),
    NO_ACTUAL: ("chart.progress.no-actual", AXIS),
    NO_TARGET: ("chart.progress.no-target", MUTED),  # neutral: nothing to judge it by
}

MAX_PROGRESS_BARS = 40
#: Which indicators are furthest behind: off track first, done last.
_BEHIND = {OFF_TRACK: 0, AT_RISK: 1, NO_ACTUAL: 2, NO_TARGET: 2, ON_TRACK: 3, DONE: 4}

WIDTH, LABEL_W, TRACK_W, BAR_H = 780.0, 290.0, 300.0, 18.0
X0 = MARGIN + LABEL_W + 14  # where the tracks start, right of the indicators' names


def progress_chart(
    progress: Table, t: Translate, *, fmt_number: FormatNumber = "{:,.0f}".format
) -> Chart | None:
    """One bar per quantitative indicator of `progress`, the plan's
    cpkit.analysis.gaps.progress_gaps (the table the document shows, computed once): how
    far it got from baseline to target, with its status in words. None without
    quantitative indicators.

    Past MAX_PROGRESS_BARS a chart is a wall no one reads: it then shows the indicators
    furthest behind, worst first, and says so in its title (the table lists them all).
    """
    indicators = [r for r in progress if r["status"] != QUALITATIVE]
    if not indicators:
        return None
    total = len(indicators)
    description = _description(Counter(r["status"] for r in indicators), total, t, fmt_number)
    title = t("chart.progress.title")
    if total > MAX_PROGRESS_BARS:
        indicators = _furthest_behind(indicators)
        title = t("chart.progress.title_behind").format(
            shown=fmt_number(MAX_PROGRESS_BARS), count=fmt_number(total)
        )
    rows, plot_bottom = _rows(indicators, t, fmt_number)
    ticks = [
        {
            "x": coord(X0 + TRACK_W * p / 100),
            "label": label(t("chart.percent").format(value=fmt_number(p)),
                           X0 + TRACK_W * p / 100, top=plot_bottom + 9, size=12,
                           anchor="middle"),
        }
        for p in (0, 25, 50, 75, 100)
    ]  # fmt: skip
    axis_label = label(t("chart.progress.axis"), X0 + TRACK_W / 2, top=plot_bottom + 30,
                       width=WIDTH - X0, anchor="middle")  # fmt: skip
    height = plot_bottom + 30 + 13 + MARGIN
    svg = render_svg(
        "progress",
        **frame("progress", title, description, WIDTH, height),
        rows=rows,
        ticks=ticks,
        x0=coord(X0),
        track_w=coord(TRACK_W),
        plot_top=coord(MARGIN - 2),
        plot_bottom=coord(plot_bottom),
        tick_bottom=coord(plot_bottom + 5),
        axis_label=axis_label,
    )
    return Chart(name="progress", title=title, description=description, svg=svg, width=WIDTH,
                 smallest_text=12)  # fmt: skip


def _furthest_behind(indicators: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The MAX_PROGRESS_BARS indicators furthest behind: by status, then by share done
    (an unknown share last among its status), in table order on a tie."""

    def behind(r: dict[str, Any]) -> tuple[int, bool, float]:
        pct = r["achieved_pct"]
        return _BEHIND.get(r["status"], len(_BEHIND)), _missing(pct), 0.0 if _missing(pct) else pct

    return sorted(indicators, key=behind)[:MAX_PROGRESS_BARS]


def _description(counts: Counter[str], total: int, t: Translate, fmt: FormatNumber) -> str:
    """The counts of every status, which add up to `total` (all indicators, even those the
    chart leaves out)."""
    description = t("chart.progress.desc").format(
        count=fmt(total),
        done=fmt(counts[DONE]),
        on_track=fmt(counts[ON_TRACK]),
        at_risk=fmt(counts[AT_RISK]),
        off_track=fmt(counts[OFF_TRACK]),
        no_actual=fmt(counts[NO_ACTUAL]),
    )
    if counts[NO_TARGET]:  # so that the counts add up to the total
        description = t("chart.progress.desc_no_target").format(
            desc=description, count=fmt(counts[NO_TARGET])
        )
    return description


def _rows(
    indicators: list[dict[str, Any]], t: Translate, fmt_number: FormatNumber
) -> tuple[list[dict[str, Any]], float]:
    """An indicator a row: its name and owner, its track filled as far as it got, its
    share and status in words; with the foot of the last row, where the axis goes."""

    def value(v: Any) -> str:
        return "–" if v is None or _missing(v) else fmt_number(float(v))

    y = MARGIN + 4
    rows = []
    for r in indicators:
        kind, _, owner = str(r["owner"]).partition(" ")
        key = f"chart.progress.{kind}"
        owner_text = t(key).format(id=owner) if kind in ("objective", "measure") else r["owner"]
        span = t("chart.progress.range").format(
            baseline=value(r["baseline"]), target=value(r["target"]), unit=r["unit"]
        )
        name_h = label_height(str(r["name"]), LABEL_W, 13, 2)
        row_h = max(BAR_H + 12, name_h + 20)
        middle = y + row_h / 2
        status_text, fill, share = _status(r, t, fmt_number)
        rows.append(
            {
                "y": coord(middle - BAR_H / 2), "h": coord(BAR_H), "w": coord(TRACK_W * share),
                "fill": fill,
                "name": label(str(r["name"]), MARGIN, top=y, width=LABEL_W, max_lines=2),
                "note": label(f"{owner_text} · {one_line(span)}", MARGIN, top=y + name_h + 6,
                              width=LABEL_W, size=12, fill=MUTED),
                "status": label(status_text, X0 + TRACK_W + 8, middle=middle,
                                width=WIDTH - MARGIN - X0 - TRACK_W - 8, css="status"),
                "tip": f"{r['name']}: {status_text}",
            }
        )  # fmt: skip
        y += row_h + 10
    return rows, y - 4


def _status(r: Any, t: Translate, fmt_number: FormatNumber) -> tuple[str, str, float]:
    """An indicator's status in words (with its share done, if known), its bar's fill,
    and the share of the track the bar fills (0 to 1: overshooting stays in the track)."""
    status_key, fill = PROGRESS_STYLES.get(r["status"], PROGRESS_STYLES[NO_ACTUAL])
    achieved = None if _missing(r["achieved_pct"]) else float(r["achieved_pct"])
    if achieved is None:
        return t(status_key), fill, 0.0
    pct = t("chart.percent").format(value=fmt_number(half_up(achieved)))
    return f"{pct} · {t(status_key)}", fill, min(max(achieved, 0.0), 100.0) / 100


def _missing(value: Any) -> bool:
    """None, or NaN, for a missing number."""
    return value is None or (isinstance(value, float) and math.isnan(value))
