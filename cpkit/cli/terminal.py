"""Text for terminal tables that breaks where a reader expects: after a hyphen.

rich wraps only at spaces, so an id such as `senior-citizens` in a narrow column was cut
mid-word (`senior-citi` / `zens`). Imported only by the commands that print tables.
"""

from __future__ import annotations

import re
from typing import Any

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions
from rich.containers import Lines
from rich.measure import Measurement
from rich.padding import Padding
from rich.text import Text

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


def print_records(console: Console, title: str, records: list[dict[str, Any]]) -> None:
    """A table whose cells are paragraphs (the settlement of comments) as one block per
    record: its short fields on a line, its texts below it, wrapped at the terminal's width."""
    console.print(Text(title, style="bold"))
    for r in records:
        head = [str(r.get(k) or "") for k in ("id", "received", "target", "kind", "decision")]
        head.append(str(r.get("status") or ""))
        author = r.get("author")
        console.print()
        console.print(Text("  ".join(filter(None, head)), style="bold"))
        if author:
            console.print(Padding(Text(f"from {author}"), (0, 0, 0, 2)))
        for label, key in (("", "text"), ("Reasons: ", "reasons")):
            if r.get(key):
                console.print(Padding(Text(f"{label}{r[key]}"), (0, 0, 0, 2)))
