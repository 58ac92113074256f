"""What the three charts share: the Chart they make, the palette, text measured and
wrapped without a font at hand, labels placed on a line, and the two-column legend.

Every coordinate goes through `coord`, rounded to 0.1, so that the same plan always gives
byte-identical SVG.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from cpkit.publish.safe_text import clean_text
from cpkit.publish.templating import environment

Translate = Callable[[str], str]
FormatNumber = Callable[[float], str]

WHITE = "#ffffff"
INK = "#1a1a1a"  # text on white: 17:1
MUTED = "#595959"  # secondary text on white: 7:1
AXIS = "#767676"  # axis lines and outlines on white: 4.5:1

# Chinese glyphs in the traditional faces (a zh-Hant plan's charts): a fallback chosen without
# the language would embed Japanese glyph shapes (Noto Sans CJK JP) in the PDF
FONT = (
    "system-ui, -apple-system, Segoe UI, Roboto, Helvetica, Arial, Noto Sans CJK TC, "
    "Noto Sans TC, PingFang TC, Microsoft JhengHei, sans-serif"
)
MARGIN = 16.0
SMALLEST_TEXT = 11  # the smallest font size a chart uses, unless it says (a legend's number)


@dataclass(frozen=True, slots=True)
class Chart:
    """One chart: `svg` is markup to insert as is; `description` is its text alternative."""

    name: str
    title: str
    description: str
    svg: str
    #: The width the chart is laid out for (its viewBox), in CSS px at 1:1: the page
    #: never shows it narrower than its smallest text allows (SMALLEST_TEXT).
    width: float = 0.0
    #: Its smallest font size, in the units of its viewBox.
    smallest_text: int = SMALLEST_TEXT

    @property
    def least_width(self) -> str:
        """The narrowest the chart may be shown so that no text is under 12 CSS px."""
        return str(math.ceil(self.width * 12 / self.smallest_text))  # whole px, rounded up

    @property
    def title_id(self) -> str:
        return f"{self.name}-chart-title"

    @property
    def desc_id(self) -> str:
        return f"{self.name}-chart-desc"


def coord(value: float) -> str:
    """A coordinate rounded to 0.1, without a trailing .0 or a negative zero."""
    text = f"{round(value, 1):.1f}".removesuffix(".0")
    return "0" if text == "-0" else text


# --- text widths and wrapping ----------------------------------------------------------------

_WIDE = (
    "\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6"
)
# Spaces a line may break at: not the no-break spaces of "1 500" or "29. dubna"
_BREAK = "\t\n\r\f\v "
_TOKEN = re.compile(rf"([{_BREAK}]*)([{_WIDE}]|[^{_BREAK}{_WIDE}]+)")
_SPACES = re.compile(rf"[{_BREAK}]+")
_NARROW = set("fijlrtI.,:;|!'’()[]/ -")
_EMS: dict[str, float] = {}


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


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Estimated width of `text` in a sans-serif font, erring on the wide side."""
    return sum(map(_em, text)) * size * (1.12 if bold else 1.0)


def one_line(text: str) -> str:
    """`text` with each run of breaking spaces (and line breaks) made one space."""
    return _SPACES.sub(" ", text).strip()


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
    if not cut and text_width(text, size, bold) <= width:
        return text
    keep = _prefix_fitting(text, width - text_width("…", size, bold), size, bold)
    if keep >= len(text) and text_width(text + "…", size, bold) > width:
        keep = len(text) - 1
    return text[:keep].rstrip() + "…"


def wrap(
    text: str, width: float, size: float, max_lines: int, bold: bool = False
) -> tuple[list[str], bool]:
    """Lines of at most `width`, broken at spaces (between any two CJK characters), and
    whether the text had to be shortened to `max_lines`.

    Linear in the text, and it stops once more lines than fit are made: a name may be a
    single word of thousands of letters.
    """
    lines: list[str] = []
    line, used = "", 0.0  # `used`: the width of `line`, kept as it grows
    gap = text_width(" ", size, bold)
    for space, token in _TOKEN.findall(_SPACES.sub(" ", text).strip(_BREAK)):
        if len(lines) > max_lines:
            break
        token_w = text_width(token, size, bold)
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
            used = text_width(line, size, bold)
    if line or not lines:
        lines.append(line)
    if len(lines) <= max_lines:
        return lines, False
    return [*lines[: max_lines - 1], _fit(lines[max_lines - 1], width, size, bold, cut=True)], True


# --- labels --------------------------------------------------------------------------------


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


def label(
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
    lines, cut = wrap(text, width, size, max_lines, weight == "bold")
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
        x=coord(x),
        lines=[(coord(first + i * step), s) for i, s in enumerate(lines)],
        size=size,
        weight=weight,
        full=text if cut else "",
        **style,
    )


def label_height(text: str, width: float, size: int, max_lines: int, bold: bool = False) -> float:
    """The height a label of `text` takes once wrapped, from its top to its last line's foot."""
    lines, _ = wrap(text, width, size, max_lines, bold)
    return (len(lines) - 1) * round(size * 1.25) + size


# --- axes, words and the frame ---------------------------------------------------------------


def nice_step(top: float, ticks: int = 5) -> float:
    """A round step (1, 2, 2.5 or 5 × 10ⁿ) giving about `ticks` intervals up to `top`."""
    raw = top / ticks
    power = 10 ** math.floor(math.log10(raw))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)


def money(fmt: FormatNumber, amount: float, currency: str, language: str = "en") -> str:
    """An amount in the plan's currency as CLDR writes it in `language` (Language.money:
    "3 848 250 Kč", "HK$1,200,000"); without a currency, the number as `fmt` writes it."""
    if not currency:
        return fmt(amount)
    from cpkit.core.language import language as words

    return words(language).money(amount, currency)


def pair_list(t: Translate, pairs: Sequence[tuple[str, str]]) -> str:
    """Pairs as "name: value; name: value" in the catalogue's words, for a description."""
    pair = t("chart.pair")
    return t("chart.list_sep").join(pair.format(name=n, value=v) for n, v in pairs)


def frame(name: str, title: str, description: str, width: float, height: float) -> dict[str, Any]:
    """What the frame every chart template extends reads: its names and its size."""
    chart = Chart(name=name, title=title, description=description, svg="")
    return {"chart": chart, "w": coord(width), "h": coord(height)}


@functools.cache
def _templates() -> Any:
    return environment(autoescape=True)


def render_svg(template: str, **context: Any) -> str:
    """A chart's markup from templates/render/charts/, autoescaped: plan text is text, and
    well-formed XML whatever it holds (no control character or noncharacter)."""
    svg = _templates().get_template(f"render/charts/{template}.svg.j2").render(font=FONT, **context)
    return clean_text(svg)


# --- the legend ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Key:
    """One entry of a legend: a swatch of `fill` marked with `symbol` in `ink`, and its words."""

    fill: str
    symbol: str
    ink: str
    text: str
    outlined: bool = False


@dataclass(frozen=True, slots=True)
class LegendItem:
    """A key placed: its swatch's corner, the symbol centred on the swatch, the words after."""

    x: str
    y: str
    fill: str
    outlined: bool
    symbol: Label
    label: Label

    @property
    def mark(self) -> Label:
        """The symbol, by the name templates/render/charts/funds.svg.j2 reads."""
        return self.symbol

    @property
    def text(self) -> Label:
        """The symbol, by the name templates/render/charts/needs.svg.j2 reads."""
        return self.symbol


def legend(
    keys: Sequence[Key],
    *,
    top: float,
    width: float,
    swatch: tuple[float, float],
    row_step: float,
    symbol_size: int,
) -> tuple[list[LegendItem], float]:
    """The keys in two columns across the chart, row by row, and the foot of the last row
    (a legend under the plot is as tall as it needs, and the chart ends below it)."""
    swatch_w, swatch_h = swatch
    column_w = (width - 2 * MARGIN) / 2
    items = []
    for i, key in enumerate(keys):
        x = MARGIN + (i % 2) * column_w
        row_top = top + (i // 2) * row_step
        middle = row_top + swatch_h / 2
        symbol = label(key.symbol, x + swatch_w / 2, middle=middle, size=symbol_size,
                       anchor="middle", weight="bold", fill=key.ink)  # fmt: skip
        words = label(key.text, x + (swatch_w + 8), middle=middle,
                      width=column_w - (swatch_w + 16))  # fmt: skip
        items.append(LegendItem(coord(x), coord(row_top), key.fill, key.outlined, symbol, words))
    rows = math.ceil(len(keys) / 2)
    return items, top + rows * row_step - (row_step - swatch_h)
