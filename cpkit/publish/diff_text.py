"""`cpkit diff` as text: plain for a terminal or a log, Markdown for a review comment.

The comparison is cpkit.analysis.diff's; this module only shortens values to what a reader
needs to see and lays them out with the templates in templates/diff/.
"""

from __future__ import annotations

import difflib
from typing import Any

from cpkit.analysis.changes import LONG, Change, Item, as_text
from cpkit.analysis.diff import PlanDiff
from cpkit.publish.templating import environment


def short(value: Any, limit: int = 80, key: str = "") -> str:
    """A value as one readable line; `key` is its field's path (a year has no separator)."""
    text = as_text(value, key)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def excerpt(change: Change | Item, side: str, context: int = 3) -> str:
    """One side of a change, shortened around what differs and never through it: a long
    text keeps the words from the first to the last difference, a list its items."""
    old, new = change.old, change.new
    value = old if side == "old" else new
    key = getattr(change, "path", "")
    if isinstance(old, list) and isinstance(new, list):
        a, b = [as_text(v, key) for v in old], [as_text(v, key) for v in new]
        return _window(a, b, side, 1, ", ")
    if not (isinstance(old, str) and isinstance(new, str)) or len(value) <= LONG:
        return short(value, LONG, key)
    return _window(old.split(), new.split(), side, context, " ")


def _window(a: list[str], b: list[str], side: str, context: int, sep: str) -> str:
    """The span of `a` (old) or `b` (new) from the first to the last difference."""
    ops = [op for op in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
           if op[0] != "equal"]  # fmt: skip
    seq = a if side == "old" else b
    if not ops:
        return short(sep.join(seq), LONG)
    lo, hi = (ops[0][1], ops[-1][2]) if side == "old" else (ops[0][3], ops[-1][4])
    start, end = max(0, lo - context), min(len(seq), hi + context)
    if start == end:
        return "—"
    before, after = ("…", "…") if sep == " " else ("…, ", ", …")
    text = sep.join(seq[start:end])
    return (before if start else "") + text + (after if end < len(seq) else "")


def render_diff(result: PlanDiff, fmt: str) -> str:
    """The diff as plain text (a terminal, a log) or Markdown (a review comment)."""
    env = environment(trim=True)
    env.filters["short"] = short
    env.filters["signed"] = lambda v: f"{v:+,.0f}" if v else "0"
    env.filters["delta"] = lambda v: f"{v:+,g}" if v else "0"
    env.globals["excerpt"] = excerpt
    template = env.get_template(f"diff/diff.{'md' if fmt == 'md' else 'txt'}.j2")
    return template.render(d=result)
