"""The words, numbers and dates of the published plan, in the plan's language.

Labels come from the message catalogues (cpkit/i18n/<language>.yaml, key `render`);
every catalogue has the same keys, which tests/test_catalogues.py keeps true. Numbers,
money, percentages and dates come from CLDR through :class:`cpkit.core.language.Language`,
never from a table written by hand.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cpkit.core.language import UnknownLanguage, catalogue_keys, half_up, language, resolve
from cpkit.core.language import languages as _languages

if TYPE_CHECKING:
    from collections.abc import Callable

    from cpkit.model.fields import PartialDate

__all__ = ["Messages", "UnknownLanguage", "half_up", "languages"]

RENDER = "render."


def languages() -> list[str]:
    return _languages()


class Messages:
    """`t("part.a")` for a label; `number`, `money`, `percent` and `date` for values, as
    CLDR writes them in the plan's language."""

    def __init__(self, tag: str) -> None:
        try:
            self.words = language(resolve(tag))
            self.keys = catalogue_keys("", self.words.tag)  # some 60 labels per measure
        except UnknownLanguage:
            raise UnknownLanguage(
                "language.no_messages", tag=repr(tag), known=languages()
            ) from None
        self.language = self.words.tag
        # What CLDR made of each value: a plan repeats its amounts, years and dates across
        # thousands of cells, and babel's formatting was a third of the time of a render.
        # The key is the value's type and text: 1, 1.0, True and -0.0 are each their own.
        self._formatted: dict[tuple[Any, ...], str] = {}

    def t(self, key: str, **values: Any) -> str:
        """A label (or a mapping of labels); its fields are filled as given (the views
        format their numbers)."""
        try:
            node = self.keys[RENDER + key]
        except KeyError:
            raise KeyError(
                f"message {key!r} is missing from the {self.language} catalogue"
            ) from None
        return str(node).format(**values) if values else node

    def _once(self, key: tuple[Any, ...], make: Callable[[], str]) -> str:
        """`make()`, formatted once per key."""
        text = self._formatted.get(key)
        if text is None:
            text = self._formatted[key] = make()
        return text

    def number(self, value: float | int | None, decimals: int | None = None) -> str:
        """1234567.5 → "1,234,567.5" (en) or "1 234 567,5" (cs); whole numbers stay whole."""
        key = ("number", type(value), str(value), decimals)
        return self._once(key, lambda: self.words.number(value, decimals))

    def money(self, amount: float | int | None, currency: str | None) -> str:
        """3848250 CZK → "3 848 250 Kč" (cs); the number alone when the plan names no currency."""
        if not currency:
            return self.number(amount)
        key = ("money", type(amount), str(amount), currency)
        return self._once(key, lambda: self.words.money(amount, currency))

    def percent(self, value: float | None) -> str:
        """62.5 → "63%" (en, zh-Hant) or "63 %" (cs): half up, as people round."""
        return self._once(("percent", type(value), str(value)), lambda: self.words.percent(value))

    def date(self, value: PartialDate | None) -> str:
        """A date as precise as the plan wrote it: "2025", "March 2025", "4. března 2025"."""
        if value is None:
            return ""
        y, mo, d = value.year, value.month, value.day
        return self._once(("date", y, mo, d), lambda: self.words.date(y, mo, d))
