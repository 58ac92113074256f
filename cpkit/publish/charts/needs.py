"""Chart 2, the needs matrix: a row per target group and service type, a column per need,
each cell coloured and marked by its status; a legend of the statuses."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from cpkit.core.language import Language, language
from cpkit.model.entities import Need, Plan
from cpkit.publish.charts.layout import (
    INK,
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
    render_svg,
    text_width,
)

#: Needs-matrix cell status → (fill, text colour, symbol); "unknown" is drawn outlined.
CELL_STYLES: dict[str, tuple[str, str, str]] = {
    "provided": ("#2e7d32", WHITE, "✓"),
    "answered": ("#8a5a00", WHITE, "→"),
    "missing": ("#b71c1c", WHITE, "!"),
    "not-needed": ("#6b6b6b", WHITE, "–"),
    "unknown": (WHITE, INK, "?"),
}

LABEL_W, MIN_ROW_H = 230.0, 36.0
X0 = MARGIN + LABEL_W + 8  # where the cells start, right of the rows' names


@dataclass(frozen=True, slots=True)
class _Cell:
    need: Need
    status: str  # a key of CELL_STYLES
    text: str  # its symbol, and the number of services of a provided cell
    detail: str  # the services that provide it, or the measures that answer it


def needs_chart(
    plan: Plan, t: Translate, *, fmt_number: FormatNumber = "{:,.0f}".format
) -> Chart | None:
    """The needs matrix as a grid of cells coloured, and marked, by status. A missing cell
    counts as answered when a measure names it, as in service_gaps. None without a matrix."""
    if not plan.needs_matrix or not plan.needs:
        return None
    lang = language(plan.info.language if plan.info else "en")  # its punctuation
    grid = _grid(plan, fmt_number, lang)
    counts = Counter(cell.status for _, cells in grid for cell in cells)
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
    longest = max(text_width(w, 12, True) for n in plan.needs for w in n.name.split() or [""])
    cell_w = min(max(84.0, longest + 12), 140.0)
    width = max(X0 + cell_w * len(plan.needs) + MARGIN, 560.0)
    head, head_bottom = _head(plan.needs, t, cell_w)
    rows, y = _rows(grid, t, cell_w, head_bottom, lang)
    keys = [
        Key(fill, symbol, ink, t(f"chart.status.{status}"), outlined=status == "unknown")
        for status, (fill, ink, symbol) in CELL_STYLES.items()
    ]
    items, foot = legend(keys, top=y + 20, width=width, swatch=(36.0, 22.0), row_step=30.0,
                         symbol_size=14)  # fmt: skip
    svg = render_svg(
        "needs", **frame("needs", title, description, width, foot + MARGIN), **head, rows=rows,
        legend=items,
    )  # fmt: skip
    return Chart(name="needs", title=title, description=description, svg=svg, width=width,
                 smallest_text=12)  # fmt: skip


def _grid(plan: Plan, fmt_number: FormatNumber, lang: Language) -> list[tuple[str, list[_Cell]]]:
    """Each row of the matrix by its name, with a cell per need of the plan."""
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
                detail = lang.join(by)
            else:
                status = cell.status
                detail = lang.join(services.get(s, s) for s in cell.services)
            text = CELL_STYLES[status][2]
            if cell is not None and cell.status == "provided" and cell.services:
                text = f"{text} {fmt_number(len(cell.services))}"
            cells.append(_Cell(need, status, text, detail))
        grid.append((row_name(r), cells))
    return grid


def _head(needs: list[Need], t: Translate, cell_w: float) -> tuple[dict[str, Any], float]:
    """The needs' names over their columns, bottom-aligned, and the rows' heading in the
    corner; with the head's foot, where the rows begin."""
    head_h = max(label_height(n.name, cell_w - 8, 12, 4, True) for n in needs) + 10
    head_h = max(head_h, label_height(t("chart.needs.rows"), LABEL_W, 12, 3, True) + 10)
    head_bottom = MARGIN + head_h
    columns = [
        label(n.name, X0 + (i + 0.5) * cell_w, bottom=head_bottom - 8, width=cell_w - 8,
              size=12, max_lines=4, anchor="middle", weight="bold")
        for i, n in enumerate(needs)
    ]  # fmt: skip
    corner = label(t("chart.needs.rows"), MARGIN, bottom=head_bottom - 8, width=LABEL_W,
                   size=12, max_lines=3, weight="bold")  # fmt: skip
    return {"columns": columns, "corner": corner}, head_bottom


def _rows(
    grid: list[tuple[str, list[_Cell]]], t: Translate, cell_w: float, top: float, lang: Language
) -> tuple[list[dict[str, Any]], float]:
    """The rows from `top` down, each as tall as its wrapped name; with their foot."""
    y = top
    rows = []
    for name, cells in grid:
        row_h = max(MIN_ROW_H, label_height(name, LABEL_W, 13, 3) + 12)
        middle = y + row_h / 2
        drawn = []
        for i, cell in enumerate(cells):
            fill, ink, _ = CELL_STYLES[cell.status]
            tip = lang.label(f"{name} — {cell.need.name}", t(f"chart.status.{cell.status}"))
            drawn.append(
                {
                    "x": coord(X0 + i * cell_w + 2), "y": coord(y + 2), "w": coord(cell_w - 4),
                    "h": coord(row_h - 4), "fill": fill, "outlined": cell.status == "unknown",
                    "tip": lang.words(tip, lang.paren(cell.detail)) if cell.detail else tip,
                    "text": label(cell.text, X0 + (i + 0.5) * cell_w, middle=middle, size=14,
                                  anchor="middle", weight="bold", fill=ink),
                }
            )  # fmt: skip
        rows.append(
            {
                "label": label(name, X0 - 8, middle=middle, width=LABEL_W, max_lines=3,
                               anchor="end"),
                "cells": drawn,
            }
        )  # fmt: skip
        y += row_h
    return rows, y
