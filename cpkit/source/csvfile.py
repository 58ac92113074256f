"""CSV tables kept in the plan folder (demographics/), read with every cell's position.

Plan files are small and written by hand or exported from a spreadsheet, so a line is a
row: a value may not span lines, which lets every diagnostic name its line and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cpkit.core import rules
from cpkit.core.diagnostics import Diagnostic, Loc
from cpkit.source.characters import FORBIDDEN, describe

DATA_FOLDER = "demographics"


@dataclass(slots=True)
class Row:
    line: int
    values: list[str]
    columns: list[int]  # 1-based character column where each value starts


@dataclass(slots=True)
class Table:
    """A CSV file as written: header and rows, every cell with its position."""

    path: str
    header: list[str]
    rows: list[Row] = field(default_factory=list)

    def loc(self, row: Row, index: int) -> Loc:
        return Loc(self.path, row.line, row.columns[index] if index < len(row.columns) else 1)


def split_line(text: str) -> tuple[list[str], list[int]] | None:
    """One CSV line → values and the 1-based column each starts at; None if a quote is open."""
    values: list[str] = []
    starts: list[int] = [1]
    buf: list[str] = []
    quoted = False
    i = 0
    while i < len(text):
        ch = text[i]
        if quoted:
            if ch == '"' and i + 1 < len(text) and text[i + 1] == '"':
                buf.append('"')
                i += 1
            elif ch == '"':
                quoted = False
            else:
                buf.append(ch)
        elif ch == '"':
            quoted = True
        elif ch == ",":
            values.append("".join(buf).strip())
            buf = []
            starts.append(i + 2)
        else:
            buf.append(ch)
        i += 1
    if quoted:
        return None
    values.append("".join(buf).strip())
    return values, starts


_EDITOR_LINES = re.compile(r"\r\n|\r|\n")


def _control_character(rel: str, number: int, found: re.Match[str]) -> Diagnostic:
    return rules.CONTROL_CHARACTER(
        Loc(rel, number, found.start() + 1), "this-line-holds", character=describe(found.group())
    )


def parse_csv(text: str, rel: str, out: list[Diagnostic]) -> Table | None:
    """A CSV text as a Table, every cell with its position; rows that cannot be split into
    the header's columns are left out with a diagnostic (None: no header at all)."""
    table: Table | None = None
    # lines end where editors end them: str.splitlines() also splits at U+000B, U+001C,
    # U+0085, U+2028 ..., and every later line number would be wrong
    for number, line in enumerate(_EDITOR_LINES.split(text.removesuffix("\n")), start=1):
        if not line.strip():
            continue
        odd = FORBIDDEN.search(line)
        if odd:
            out.append(_control_character(rel, number, odd))
        split = split_line(line)
        if split is None:
            out.append(rules.CSV_STRUCTURE(Loc(rel, number, 1), "quoted-value-not"))
            continue
        values, columns = split
        if table is None:
            table = Table(rel, [v.lower() for v in values])
            continue
        if len(values) != len(table.header):
            out.append(
                rules.CSV_STRUCTURE(
                    Loc(rel, number, 1),
                    "row-has-values",
                    values_count=len(values),
                    header_count=len(table.header),
                )
            )
            continue
        table.rows.append(Row(number, values, columns))
    if table is None:
        out.append(rules.CSV_STRUCTURE(Loc(rel), "empty", rel=rel))
    return table
