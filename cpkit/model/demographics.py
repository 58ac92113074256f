"""The plan's demographics (Part B), from the CSV tables the source stage read.

A demographic table is a CSV file under `demographics/`. Its first column is `year`.
With a `target_group` column it is a *population* table (year, target_group, count)
and feeds the capacity gaps; otherwise every other column is a count for that year
(an age band, births, deaths, a forecast).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cpkit.core import rules
from cpkit.core.diagnostics import Diagnostic, Loc
from cpkit.source.csvfile import Table


@dataclass(slots=True)
class Demographics:
    """What the plan knows about its population: counts by year and column."""

    tables: list[Table] = field(default_factory=list)
    # (target group, year) → count, from population tables
    population: dict[tuple[str, int], float] = field(default_factory=dict)
    population_loc: dict[tuple[str, int], Loc] = field(default_factory=dict)


# Digits as a spreadsheet writes them: float() would also take "1_000", "١٢٣" or "１２"
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?", re.ASCII)
_YEAR = re.compile(r"\d{4}", re.ASCII)  # str.isdigit() is true of "²⁰²⁴", which int() refuses


def _number(text: str) -> float | None:
    if not _NUMBER.fullmatch(text):
        return None
    value = float(text)
    return value if abs(value) != float("inf") else None


def as_number(text: str) -> int | float | str:
    """A cell of a table as a value: 13120 an int, 0.35 a float, anything else as written."""
    value = _number(text.strip())
    if value is None:
        return text
    return int(value) if value.is_integer() and abs(value) < 2**53 else value


def build_demographics(tables: list[Table]) -> tuple[Demographics, list[Diagnostic]]:
    """The tables read under demographics/, checking what needs no other part of the plan."""
    out: list[Diagnostic] = []
    demo = Demographics()
    for table in tables:
        rel = table.path
        if not table.header or table.header[0] != "year":
            out.append(
                rules.CSV_STRUCTURE(
                    Loc(rel, 1, 1), "first-column-not", rel=rel, header=table.header[0]
                )
            )
            continue
        dupes = {h for h in table.header if table.header.count(h) > 1}
        if dupes:
            out.append(rules.CSV_STRUCTURE(Loc(rel, 1, 1), "column-twice", dupes=sorted(dupes)[0]))
            continue
        if "target_group" in table.header and "count" not in table.header:
            out.append(rules.CSV_STRUCTURE(Loc(rel, 1, 1), "has-target-group", rel=rel))
            continue
        demo.tables.append(table)
        _check_values(table, demo, out)
    return demo, out


def _check_values(table: Table, demo: Demographics, out: list[Diagnostic]) -> None:
    keyed = "target_group" in table.header
    text_columns = {"target_group", "source", "note"}
    seen: dict[tuple[str, int], int] = {}
    years: dict[str, set[int]] = {}
    for row in table.rows:
        year_text = row.values[0]
        year = int(year_text) if _YEAR.fullmatch(year_text) else None
        if year is None:
            out.append(rules.DATA_TYPE(table.loc(row, 0), "year-not-year", year_text=year_text))
            continue
        group = row.values[table.header.index("target_group")] if keyed else ""
        first = seen.setdefault((group, year), row.line)
        if first != row.line:
            what = f"{group} in {year}" if keyed else str(year)
            out.append(
                rules.DUPLICATE_DATA(
                    table.loc(row, 0), "has-twice", path=table.path, what=what, first_line=first
                )
            )
            continue
        years.setdefault(group, set()).add(year)
        for i, (name, text) in enumerate(zip(table.header, row.values, strict=True)):
            if i == 0 or name in text_columns or text == "":
                continue
            value = _number(text)
            if value is None:
                out.append(rules.DATA_TYPE(table.loc(row, i), "not-number", name=name, text=text))
            elif value < 0:
                out.append(
                    rules.NEGATIVE_COUNT(
                        table.loc(row, i), "counts-are-never", name=name, text=text
                    )
                )
            elif keyed and name == "count":
                demo.population[(group, year)] = value
                demo.population_loc[(group, year)] = table.loc(
                    row, table.header.index("target_group")
                )
    for group, found in years.items():
        gaps = sorted(set(range(min(found), max(found) + 1)) - found)
        if gaps:
            who = f" for {group}" if group else ""
            out.append(
                rules.MISSING_YEAR(
                    Loc(table.path, 1, 1),
                    "has-no-row",
                    path=table.path,
                    who=who,
                    gaps=list(map(str, gaps)),
                )
            )
