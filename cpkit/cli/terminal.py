"""Tables and records on a terminal, with rich; imported only by the commands that print them.

A table is printed whole: a number is never cut, since a cut number is a wrong one, and a
text column folds but is never squeezed out of sight. Text in a table breaks where a reader
expects, after a hyphen too: rich wraps only at spaces, so an id such as `senior-citizens` in
a narrow column was cut mid-word (`senior-citi` / `zens`).
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions
from rich.containers import Lines
from rich.measure import Measurement
from rich.padding import Padding
from rich.segment import Segment, Segments
from rich.table import Table
from rich.text import Text

from cpkit.core.language import language
from cpkit.publish.safe_text import terminal_text

if TYPE_CHECKING:
    import pandas as pd

    from cpkit.core.language import Language
    from cpkit.interchange.export import Headers

FILE_WIDTH = 100  # a file has no terminal: lay its tables out for a wide editor window
TEXT_FLOOR = 4  # a text column at a narrow terminal folds down to this, no further

_MARK = "\u2009"  # a thin space: whitespace to rich, so a break opportunity, then removed
_PIECES = re.compile(r"[^\s-]*-+|[^\s-]+")


class Breakable(Text):
    """Plain text that may also break after a hyphen: `senior-` / `citizens`."""

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        pieces = _PIECES.findall(self.plain) or [""]
        longest = max(cell_len(p) for p in pieces)
        return Measurement(min(longest, options.max_width), cell_len(self.plain))

    def wrap(self, console: Console, width: int, **kwargs: Any) -> Lines:
        text = self.plain
        if "-" not in text or _MARK in text or cell_len(text) <= width:
            return super().wrap(console, width, **kwargs)
        marked = Text(re.sub(r"-(?=\S)", "-" + _MARK, text), style=self.style)
        lines = marked.wrap(console, width, **kwargs)
        return Lines(Text(line.plain.replace(_MARK, ""), style=self.style) for line in lines)


def print_records(
    console: Console,
    title: str,
    records: list[dict[str, Any]],
    headers: Headers | None = None,
    words: Language | None = None,
) -> None:
    """A table whose cells are paragraphs (the settlement of comments) as one block per
    record: its short fields on a line, its texts below it, wrapped at the terminal's width;
    cpkit's own words in `words`' language (English without it)."""
    from cpkit.interchange.export import Headers

    h = headers or Headers(words)
    console.print(Text(terminal_text(title), style="bold"))
    for r in records:
        fields = ("id", "received", "target", "kind", "decision", "status")
        head = [terminal_text(str(h.value(k, r.get(k)) or ""), lines=False) for k in fields]
        author = terminal_text(str(r.get("author") or ""), lines=False)
        console.print()
        console.print(Text("  ".join(filter(None, head)), style="bold"))
        if author:
            said = words.t("comments.from", "cli", author=author) if words else f"from {author}"
            console.print(Padding(Text(said), (0, 0, 0, 2)))
        if r.get("text"):
            console.print(Padding(Text(terminal_text(str(r["text"]))), (0, 0, 0, 2)))
        if r.get("reasons"):
            text = terminal_text(str(r["reasons"]))
            said = words.t("comments.reasons", "cli", text=text) if words else f"Reasons: {text}"
            console.print(Padding(Text(said), (0, 0, 0, 2)))


def tables_text(frames: Mapping[str, pd.DataFrame], headers: Headers | None = None) -> str:
    """The terminal's tables for a file: plain text, no colour, no trailing blanks."""
    buf = io.StringIO()
    console = Console(file=buf, width=FILE_WIDTH, color_system=None, highlight=False)
    print_tables(frames, console=console, headers=headers)
    return "".join(line.rstrip() + "\n" for line in buf.getvalue().splitlines())


def print_tables(
    frames: Mapping[str, pd.DataFrame],
    titles: dict[str, str] | None = None,
    console: Console | None = None,
    headers: Headers | None = None,
) -> None:
    """Each table as the terminal shows it (export.for_terminal may split one into views),
    with the titles and headers of `headers` (English without it)."""
    from cpkit.interchange.export import for_terminal, shown

    console = console or Console(highlight=False)
    for name, frame in frames.items():
        if titles and name in titles:
            views = [(titles[name], frame)]
        else:
            views = for_terminal(name, frame, headers)
        for raw_title, view in views:
            title = terminal_text(raw_title, lines=False)
            s = shown(name, view, headers)
            if not s.rows:
                words = headers.words if headers and headers.words else language("en")
                # "Title: none", with the colon the language writes (Chinese's full width)
                console.print(Text.assemble((title, "bold"), words.label("", s.empty) + "\n"))
                continue
            table = Table(
                title=Text(title), box=box.SIMPLE_HEAD, title_justify="left", collapse_padding=True
            )
            s.columns = [terminal_text(c, lines=False) for c in s.columns]
            s.rows = [[terminal_text(cell) for cell in row] for row in s.rows]
            for i, column in enumerate(s.columns):
                longest = max(len(column), *(len(row[i]) for row in s.rows))
                if column in s.numeric:
                    # a number is never cut or wrapped: its full width is reserved, text wraps
                    table.add_column(column, justify="right", no_wrap=True, min_width=longest)
                else:
                    # folded, but never squeezed out of sight
                    # a header's words are not cut either: "Jednotka", not "Jednotk" / "a"
                    word = max((cell_len(w) for w in column.split()), default=0)
                    floor = max(min(longest, TEXT_FLOOR), word)
                    table.add_column(column, overflow="fold", min_width=floor)
            for row in s.rows:  # plain Text: plan text is not rich markup, nor a control
                table.add_row(*(Breakable(cell) for cell in row))
            _print_whole(console, table)


def _print_whole(console: Console, table: Table) -> None:
    """Print `table`, wider than the console if its numbers need it: a cut number is a wrong one.

    Rich crops a line that overflows, and squeezes a text column to nothing before that; so
    the table gets at least every column's min_width, and more if rich still lays it out wider.
    """
    width = console.width
    try:
        console.width = max(width, _least_width(table))
        segments = list(console.render(table, console.options))
        needed = max(Segment.get_line_length(line) for line in Segment.split_lines(segments))
        if needed > console.width:  # rare: lay it out again at the width it takes
            console.width = needed
            segments = list(console.render(table, console.options))
        console.print(Segments(segments))  # printed as laid out: a large table is costly
    finally:
        console.width = width


def _least_width(table: Table) -> int:
    """Every column at its min_width with its padding, the two edges and the gaps between."""
    pad = table.padding[1] + table.padding[3]
    return sum((c.min_width or 0) + pad for c in table.columns) + len(table.columns) + 1
