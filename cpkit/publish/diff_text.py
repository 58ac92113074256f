"""`cpkit diff` as text: plain for a terminal or a log, Markdown for a review comment.

The comparison is cpkit.analysis.diff's; this module only shortens values to what a reader
needs to see and lays them out with the templates in templates/diff/.
"""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING, Any

from cpkit.analysis.changes import LONG, Change, Item, as_text
from cpkit.analysis.changes import _is_year as is_year
from cpkit.analysis.diff import PlanDiff
from cpkit.publish.templating import environment

if TYPE_CHECKING:
    from cpkit.core.language import Language


def shown_text(value: Any, key: str = "", words: Language | None = None) -> str:
    """`as_text` of a value as a reader of `words`' language writes it: numbers in its
    format ("1 234,5" in Czech), lists and mappings with its separators. The comparison
    stays on `as_text`; only what is shown changes. English's `as_text` without `words`."""
    if words is None:
        return as_text(value, key)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value) if is_year(key) else words.number(value)
    if isinstance(value, list):
        return words.join(shown_text(v, key, words) for v in value)
    if isinstance(value, dict):
        return words.join(
            words.label(str(k), shown_text(v, f"{key}.{k}", words)) for k, v in value.items()
        )
    return as_text(value, key)


def short(value: Any, limit: int = 80, key: str = "", words: Language | None = None) -> str:
    """A value as one readable line; `key` is its field's path (a year has no separator)."""
    text = shown_text(value, key, words)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def excerpt(
    change: Change | Item, side: str, context: int = 3, words: Language | None = None
) -> str:
    """One side of a change, shortened around what differs and never through it: a long
    text keeps the words from the first to the last difference, a list its items; numbers
    in `words`' language."""
    old, new = change.old, change.new
    value = old if side == "old" else new
    key = getattr(change, "path", "")
    if isinstance(old, list) and isinstance(new, list):
        a = [shown_text(v, key, words) for v in old]
        b = [shown_text(v, key, words) for v in new]
        return _window(a, b, side, 1, words.join(["", ""]) if words else ", ")
    if not (isinstance(old, str) and isinstance(new, str)) or len(value) <= LONG:
        return short(value, LONG, key, words)
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
    before, after = ("…", "…") if sep == " " else ("…" + sep, sep + "…")
    text = sep.join(seq[start:end])
    return (before if start else "") + text + (after if end < len(seq) else "")


def render_diff(result: PlanDiff, fmt: str, words: Language | None = None) -> str:
    """The diff as plain text (a terminal, a log) or Markdown (a review comment), with
    cpkit's words and numbers in `words`' language (English without it)."""
    from cpkit.core.language import language

    w = words or language("en")

    def shown(value: Any, limit: int = 80, key: str = "") -> str:
        number = isinstance(value, int | float) and not isinstance(value, bool)
        if number and not key:
            return w.number(value)
        return short(value, limit, key, w)

    def signed(value: float, decimals: int | None = None) -> str:
        if not value:
            return w.number(0)
        text = w.number(abs(value), decimals)
        return ("+" if value > 0 else "-") + text

    def known(key: str, value: str) -> str:
        return w.t(key) if w.has(key) else value

    env = environment(trim=True)
    env.filters["short"] = shown
    env.filters["signed"] = lambda v: signed(v, 0)
    env.filters["delta"] = signed
    env.globals["excerpt"] = lambda change, side: excerpt(change, side, words=w)
    env.globals["w"] = lambda key, **values: w.t(f"diff.{key}", "cli", **values)
    env.globals["kind"] = lambda k: w.t(f"diff.kinds.{k}", "cli")
    env.globals["unit"] = lambda u: known(f"render.units.{u}", u)
    env.globals["part"] = lambda p: known(f"render.network.parts.{p}", p)
    env.globals["join"] = w.join
    env.globals["area_title"] = lambda m: (
        w.t("render.chart.joint") if m["area"] == "(joint)" else (m["title"] or m["area"])
    )
    template = env.get_template(f"diff/diff.{'md' if fmt == 'md' else 'txt'}.j2")
    return template.render(d=result)
