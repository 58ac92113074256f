"""The words, numbers and dates of the published plan, in the plan's language.

Labels come from the message catalogues (cpkit/i18n/<language>.yaml, key `render`);
every catalogue has the same keys, which a test keeps true.
"""

from __future__ import annotations

import functools
import math
from pathlib import Path
from typing import Any

import yaml

from cpkit.model.fields import PartialDate

I18N = Path(__file__).resolve().parent.parent / "i18n"


class UnknownLanguage(Exception):
    """The plan's language has no message catalogue."""


def languages() -> list[str]:
    return sorted(p.stem for p in I18N.glob("*.yaml"))


@functools.cache
def _load(language: str) -> dict[str, Any]:
    path = I18N / f"{language}.yaml"
    if not path.is_file():
        raise UnknownLanguage(
            f"no messages for language {language!r}; cpkit renders {', '.join(languages())}"
        )
    return yaml.safe_load(path.read_text(encoding="utf-8"))["render"]


def half_up(value: float) -> int:
    """Round half away from zero: Python's round() gives 62 for 62.5, a reader expects 63."""
    return int(math.copysign(math.floor(abs(value) + 0.5), value))


@functools.cache
def _flat(language: str) -> dict[str, Any]:
    """Every dotted key of a catalogue ("part", "part.a") with its value."""
    out: dict[str, Any] = {}
    stack: list[tuple[str, Any]] = [("", _load(language))]
    while stack:
        prefix, node = stack.pop()
        for name, value in node.items():
            key = f"{prefix}{name}"
            out[key] = value
            if isinstance(value, dict):
                stack.append((key + ".", value))
    return out


class Messages:
    """`t("part.a")` for a label; `number`, `money` and `date` for values."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.data = _load(language)
        self.keys = _flat(language)  # a document asks for some 60 labels per measure
        fmt = self.data["format"]
        self.decimal: str = fmt["decimal"]
        self.group: str = fmt["group"]
        self.months: list[str] = fmt["months"]
        self.months_of: list[str] = fmt.get("months_of", fmt["months"])
        self.month_pattern: str = fmt["month"]
        self.day_pattern: str = fmt["day"]

    def t(self, key: str, **values: Any) -> str:
        try:
            node = self.keys[key]
        except KeyError:
            raise KeyError(
                f"message {key!r} is missing from the {self.language} catalogue"
            ) from None
        return str(node).format(**values) if values else node

    def number(self, value: float | int | None, decimals: int | None = None) -> str:
        """1234567.5 → "1,234,567.5" (en) or "1 234 567,5" (cs); whole numbers stay whole."""
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return ""
        if decimals is None:
            decimals = 0 if float(value).is_integer() else 2
        text = f"{abs(value):,.{decimals}f}"
        whole, _, frac = text.partition(".")
        whole = whole.replace(",", self.group)
        if frac:
            frac = frac.rstrip("0") if decimals == 2 else frac
        out = whole + (self.decimal + frac if frac else "")
        return ("−" if value < 0 and out.strip("0" + self.group + self.decimal) else "") + out

    def percent(self, value: float | None) -> str:
        """62.5 → "63 %" (en, cs) or "63%" (zh-Hant): half up, as people round."""
        if value is None or math.isnan(value):
            return ""
        return self.t("chart.percent", value=self.number(half_up(value), 0))

    def date(self, value: PartialDate | None) -> str:
        if value is None:
            return ""
        if value.month is None:
            return str(value.year)
        if value.day is None:
            return self.month_pattern.format(month=self.months[value.month - 1], year=value.year)
        return self.day_pattern.format(
            day=value.day, month=self.months_of[value.month - 1], year=value.year,
            m=value.month,
        )  # fmt: skip
