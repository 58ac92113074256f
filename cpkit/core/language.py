"""The language a person reads: cpkit's own words from catalogues, formats from CLDR.

Every output a person reads (diagnostics, tables, the published plan) asks a
:class:`Language` for its words and its formats. Words live in YAML catalogues under
``cpkit/i18n/<domain>/<tag>.yaml`` (or ``cpkit/i18n/<tag>.yaml`` for the published plan's
historic catalogue), one file per language, with the same keys and placeholders as English.
Numbers, money, percentages, dates, plural forms and list separators come from CLDR
through Babel, never from hand-written tables.

Babel is imported on first use, so a command that formats nothing (a clean ``check``,
``--help``) does not pay for it.
"""

from __future__ import annotations

import copy
import datetime as _dt
import functools
import math
import os
import string
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any, TypeVar

import yaml

I18N = Path(__file__).resolve().parent.parent / "i18n"

#: The languages cpkit speaks: the tag a plan writes (BCP 47) and the CLDR locale whose
#: formats its readers expect. zh-Hant is Hong Kong's: HK$ and Hong Kong's date forms.
LOCALES: dict[str, str] = {"en": "en", "cs": "cs_CZ", "zh-Hant": "zh_Hant_HK"}

#: CLDR's plural categories; a catalogue entry that is a mapping of some of these is a
#: plural message, chosen by its ``count`` placeholder.
PLURAL_CATEGORIES = frozenset({"zero", "one", "two", "few", "many", "other"})


class Explained(Exception):
    """A refusal a person reads, as data: ``key`` names its message under ``errors`` in the
    cli catalogue (``cpkit/i18n/cli/<tag>.yaml``), ``data`` holds the message's fields.

    ``str(exc)`` is the English message, for logs and tracebacks; the CLI says it in the
    reader's language with :meth:`said`. Numbers in ``data`` are formatted for the language:
    pass line numbers and years as text, so that they are not grouped ("row 1234").
    A list is joined as the language joins lists ("a, b"; Chinese "a、b").
    """

    def __init__(self, key: str, /, **data: Any) -> None:
        self.key = key
        self.data = data
        super().__init__(self._english())

    def _fields(self, words: Language) -> dict[str, Any]:
        """The data as the message shows it: a list joined as the language joins lists."""
        return {
            k: words.join(map(str, v)) if isinstance(v, list | tuple) else v
            for k, v in self.data.items()
        }

    def _english(self) -> str:
        try:
            english = Language("en")
            return english.t(f"errors.{self.key}", "cli", **self._fields(english))
        except Exception:  # a missing message must not hide the error it is about
            fields = ", ".join(f"{k}={v!r}" for k, v in self.data.items())
            return f"{self.key} ({fields})" if fields else self.key

    @classmethod
    def of(cls: type[_E], other: Explained) -> _E:
        """This kind of error with the message of another (a git error met by diff)."""
        return cls(other.key, **other.data)

    def said(self, words: Language) -> str:
        """The message in ``words``' language; English when its catalogue lacks the key."""
        key = f"errors.{self.key}"
        if words.has(key, "cli"):
            return words.t(key, "cli", **self._fields(words))
        return str(self)


_E = TypeVar("_E", bound=Explained)


class UnknownLanguage(Explained, ValueError):
    """A language cpkit has no catalogue for."""


def languages() -> list[str]:
    return sorted(LOCALES)


def resolve(tag: str) -> str:
    """The supported tag a plan or a locale names: "cs-CZ", "cs_CZ.UTF-8" → "cs";
    "zh-TW", "zh-HK", "zh_Hant" → "zh-Hant". Raises UnknownLanguage otherwise."""
    raw = tag.strip().split(".")[0].split("@")[0].replace("_", "-")
    if raw in LOCALES:
        return raw
    parts = [p.lower() for p in raw.split("-") if p]
    if not parts:
        raise UnknownLanguage("language.unknown", tag=tag, known=sorted(LOCALES))
    if parts[0] == "zh" and ("hant" in parts[1:] or {"tw", "hk", "mo"} & set(parts[1:])):
        return "zh-Hant"
    if parts[0] in LOCALES and parts[0] != "zh":
        return parts[0]
    raise UnknownLanguage("language.unknown", tag=tag, known=sorted(LOCALES))


def user_language(environ: Mapping[str, str] | None = None) -> str:
    """The language of output that is about no plan (usage errors, ``init`` before a plan
    exists): the first of LC_ALL, LC_MESSAGES and LANG that is set, as POSIX orders them;
    English when that is unset, "C"/"POSIX", or a language cpkit does not speak."""
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name, "")
        if not value:
            continue
        if value in ("C", "POSIX") or value.startswith("C."):
            return "en"
        try:
            return resolve(value)
        except UnknownLanguage:
            return "en"
    return "en"


@functools.cache
def _catalogue(domain: str, tag: str) -> dict[str, Any]:
    """Every dotted key of one catalogue ("part", "part.a") with its value."""
    path = I18N / domain / f"{tag}.yaml" if domain else I18N / f"{tag}.yaml"
    if not path.is_file():
        raise UnknownLanguage("language.unknown", tag=tag, known=sorted(LOCALES))
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: 15 times faster
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=loader) or {}
    out: dict[str, Any] = {}
    stack: list[tuple[str, Any]] = [("", data)]
    while stack:
        prefix, node = stack.pop()
        for name, value in node.items():
            key = f"{prefix}{name}"
            out[key] = value
            if isinstance(value, dict) and not (value.keys() <= PLURAL_CATEGORIES):
                stack.append((key + ".", value))
    return out


def catalogue_keys(domain: str, tag: str) -> dict[str, Any]:
    """The flat catalogue, for the test that keeps every language's keys and placeholders
    those of English."""
    return _catalogue(domain, tag)


def placeholders(template: object) -> set[str]:
    """The named fields of a message (of each plural form, for a plural message)."""
    if isinstance(template, dict):
        return set().union(*(placeholders(v) for v in template.values()))
    if not isinstance(template, str):
        return set()
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def half_up(value: float) -> int:
    """Round half away from zero: Python's round() gives 62 for 62.5, a reader expects 63."""
    return int(math.copysign(math.floor(abs(value) + 0.5), value))


class Language:
    """Words and formats for one reader: ``t("key", count=3)``, ``number``, ``money``,
    ``percent``, ``date``, ``join``, ``label``."""

    def __init__(self, tag: str) -> None:
        self.tag = resolve(tag)
        # Babel's patterns, parsed once (`_pattern`), and the dates written so far: a plan
        # repeats its years and dates in thousands of cells, and each of Babel's date
        # formats looks its pattern up in CLDR's data anew
        self._patterns: dict[tuple[str, int], Any] = {}  # (kind, whole or decimals)
        self._dates: dict[tuple[int, int | None, int | None], str] = {}

    def __repr__(self) -> str:
        return f"Language({self.tag!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Language) and other.tag == self.tag

    def __hash__(self) -> int:
        return hash(self.tag)

    @functools.cached_property
    def locale(self) -> Any:
        from babel import Locale

        return Locale.parse(LOCALES[self.tag])

    @property
    def cjk(self) -> bool:
        return self.tag.startswith("zh")

    # -- words -----------------------------------------------------------------------

    def has(self, key: str, domain: str = "") -> bool:
        return key in _catalogue(domain, self.tag)

    def t(self, key: str, domain: str = "", **values: Any) -> str:
        """The message ``key`` of a catalogue with its fields filled; numbers are formatted
        for this language, and a plural message takes the form its ``count`` asks for."""
        try:
            node = _catalogue(domain, self.tag)[key]
        except KeyError:
            raise KeyError(
                f"message {key!r} is missing from the {self.tag} catalogue {domain or 'render'}"
            ) from None
        if isinstance(node, dict):
            node = node.get(self.plural(values.get("count", 0)), node.get("other", ""))
        if not values:
            return str(node)
        shown = {
            k: self.number(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v
            for k, v in values.items()
        }
        return str(node).format(**shown)

    def plural(self, count: float) -> str:
        """CLDR's plural category of a count: cs has one (1), few (2–4), many (1,5), other."""
        return self.locale.plural_form(abs(count))

    # -- formats ---------------------------------------------------------------------

    def number(self, value: float | int | None, decimals: int | None = None) -> str:
        """1234567.5 → "1,234,567.5" (en), "1 234 567,5" (cs); whole numbers stay whole."""
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return ""
        if decimals is None:
            decimals = 0 if float(value).is_integer() else 2
            pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
        else:
            pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
        rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP)
        return _pattern(pattern).apply(rounded, self.locale)  # what format_decimal does

    def money(self, amount: float | int | None, currency: str, *, whole: bool | None = None) -> str:
        """3848250 CZK → "3 848 250 Kč" (cs), 1200000 HKD → "HK$1,200,000" (zh-Hant): the
        locale's currency pattern and symbol; no decimals for a whole amount unless
        ``whole=False`` says the plan's amounts have cents."""
        if amount is None or (isinstance(amount, float) and math.isnan(amount)):
            return ""
        if whole is None:
            whole = float(amount).is_integer()
        pattern = self._patterns.get(("money", whole))
        if pattern is None:  # the locale's own, or a copy of it without decimals
            pattern = self.locale.currency_formats["standard"]
            if whole:
                pattern = copy.copy(pattern)
                pattern.frac_prec = (0, 0)
            self._patterns["money", whole] = pattern
        if whole:
            amount = Decimal(str(amount)).quantize(Decimal(1), ROUND_HALF_UP)
        text = pattern.apply(amount, self.locale, currency=currency, currency_digits=not whole)
        return _currency_spacing(text, self.currency_symbol(currency))

    def currency_symbol(self, currency: str) -> str:
        from babel.numbers import get_currency_symbol

        return get_currency_symbol(currency, locale=self.locale)

    def percent(self, value: float | None, decimals: int = 0) -> str:
        """62.5 (a percentage) → "63%" (en, zh-Hant), "63 %" (cs): half up, as people round,
        with the locale's sign and spacing."""
        if value is None or (isinstance(value, float) and math.isnan(value)):
            return ""
        step = Decimal(1).scaleb(-decimals)
        rounded = Decimal(str(value)).quantize(step, ROUND_HALF_UP) / 100
        pattern = self._patterns.get(("percent", decimals))
        if pattern is None:
            pattern = copy.copy(self.locale.percent_formats[None])
            pattern.frac_prec = (decimals, decimals)
            self._patterns["percent", decimals] = pattern
        return pattern.apply(rounded, self.locale)

    def date(self, year: int, month: int | None = None, day: int | None = None) -> str:
        """A date as precise as the plan wrote it: "2025", "březen 2025", "2025年3月",
        "4. března 2025", "March 4, 2025"."""
        key = (year, month, day)
        text = self._dates.get(key)
        if text is None:
            text = self._dates[key] = self._date(year, month, day)
        return text

    def _date(self, year: int, month: int | None, day: int | None) -> str:
        from babel.dates import format_date, format_skeleton

        if month is None:  # "2025", Chinese "2025年" (CLDR's skeleton y)
            return format_skeleton("y", _dt.date(year, 1, 1), locale=self.locale)

        if day is None:
            return format_skeleton("yMMMM", _dt.date(year, month, 1), locale=self.locale)
        return format_date(_dt.date(year, month, day), "long", locale=self.locale)

    # -- typography: the one rule table of every output (Markdown, HTML, SVG, terminal) --

    def join(self, items: Iterable[str]) -> str:
        """Items of a list as the language separates them: "a, b, c"; Chinese "a、b、c"."""
        items = list(items)
        if self.cjk:
            return "、".join(items)
        return ", ".join(items)

    def join_clauses(self, items: Iterable[str]) -> str:
        """Clauses that hold commas of their own: "a; b"; Chinese "a；b" (a clause that
        already ends in Chinese punctuation takes no second mark: "甲。乙", not "甲。；乙")."""
        items = [str(i) for i in items]
        if not self.cjk:
            return "; ".join(items)
        out = ""
        for i, item in enumerate(items):
            if i and not (out and out[-1] in _CJK_PUNCTUATION):
                out += "；"
            out += item
        return out

    def apposition(self, first: str, then: str) -> str:
        """A thing and what qualifies it: "Council, resolution no. 5"; Chinese uses the
        full-width comma: "區議會，第5號決議"."""
        if not then:
            return first
        return f"{first}，{then}" if self.cjk else f"{first}, {then}"

    def words(self, *parts: str) -> str:
        """Words of a phrase put together: a space between them in a language that spaces
        words, none between two runs of Chinese ("於" + "2025年" → "於2025年")."""
        out = ""
        for part in (str(p) for p in parts if p):
            if out and not (self.cjk and (_is_cjk(out[-1]) or _is_cjk(part[0]))):
                out += " "
            out += part
        return out

    def label(self, name: str, value: str = "") -> str:
        """ "Name: value", with Chinese's full-width colon and no space after it."""
        colon = "：" if self.cjk else ": "
        return f"{name}{colon}{value}" if value else f"{name}{colon.rstrip()}"

    def paren(self, text: str) -> str:
        """ "(text)", full-width in Chinese: "（text）"."""
        return f"（{text}）" if self.cjk else f"({text})"


def _currency_spacing(text: str, symbol: str) -> str:
    """CLDR's currencySpacing, which Babel does not apply: a currency sign that ends (or
    begins) with a letter, not a symbol, is kept from the digits by a no-break space:
    "CZK\u00a0450,000", while "HK$1,200,000" and "450 000 Kč" stay as they are."""
    import unicodedata

    if not symbol:
        return text

    def letter(char: str) -> bool:
        return not unicodedata.category(char).startswith(("S", "Z"))

    if text.startswith(symbol) and letter(symbol[-1]):
        rest = text[len(symbol) :]
        if rest[:1].isdigit():
            return f"{symbol}\u00a0{rest}"
    if text.endswith(symbol) and letter(symbol[0]):
        rest = text[: -len(symbol)]
        if rest[-1:].isdigit():
            return f"{rest}\u00a0{symbol}"
    return text


#: Chinese punctuation after which no separator is added.
_CJK_PUNCTUATION = frozenset("。，、；：！？）」』】")


def _is_cjk(char: str) -> bool:
    """A Han character, CJK punctuation or a full-width form: no space goes next to it."""
    code = ord(char)
    return (
        0x3000 <= code <= 0x303F  # CJK symbols and punctuation
        or 0x3400 <= code <= 0x9FFF  # Han
        or 0xF900 <= code <= 0xFAFF
        or 0xFF00 <= code <= 0xFFEF  # full-width forms
        or 0x20000 <= code <= 0x3FFFF
    )


@functools.cache
def _pattern(text: str) -> Any:
    """A number pattern of CLDR's syntax ("#,##0.##"), parsed by Babel once."""
    from babel.numbers import parse_pattern

    return parse_pattern(text)


@functools.cache
def language(tag: str) -> Language:
    """One shared Language per tag (its Babel locale is parsed once)."""
    return Language(tag)
