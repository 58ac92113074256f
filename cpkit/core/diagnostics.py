"""Diagnostics are data: a code, a severity, a location and the fields of its message.

A rule is called with the name of one of its messages and that message's named fields
(``rules.DUPLICATE_ID(loc, "twice", entity="service club", first=loc)``); the words come
from the catalogue domain "rules" (cpkit/i18n/rules/<tag>.yaml), key ``CODE.message.text``
and ``CODE.message.hint``, in whichever language the reader asks for. The code, the
location and the data are the same in every language, so scripts key on them, never on
English text. The library collects diagnostics into a :class:`Report`; reporters in
:mod:`cpkit.cli.reporters` turn a report into text, JSON or CI annotations. Nothing here
prints.
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, NamedTuple

#: A data value as JSON writes it; lists are kept as tuples so that a diagnostic hashes.
Value = Any

#: Fields shown as written, never as a formatted number: 2025 is a year, not "2,025".
_VERBATIM = ("year", "years", "line", "start", "end", "span", "id", "number", "column")


class _Worded:
    """What a message shows in its reader's words (`words(tag)`) and keeps as data
    (`data()`); in an f-string or `str()`, its English words, for logs."""

    __slots__ = ()

    def words(self, tag: str) -> str:
        raise NotImplementedError

    def __format__(self, spec: str) -> str:
        return format(self.words("en"), spec)

    def __str__(self) -> str:
        return self.words("en")


@dataclass(frozen=True, slots=True)
class Named(_Worded):
    """A thing of the plan as a message names it, in words of the reader's language: its
    kind and id ("measure 1.2.1", "opatření 1.2.1"), a field under it (`path`:
    "outputs[2]", YAML keys and so the same in every language), or a key of it.
    As data it is ``{"kind": "measure", "id": "1.2.1", "field": "outputs[2]"}``; the
    words of a kind are the rules catalogue's ``kinds.<kind>``."""

    kind: str = ""
    id: str = ""
    path: str = ""
    key_of: bool = False

    def dot(self, name: object) -> Named:
        path = f"{self.path}.{name}" if self.path or self.kind else str(name)
        return Named(self.kind, self.id, path, self.key_of)

    def part(self, name: str) -> Named:
        """A part without a name of its own, named by its owner and field: "measure 1.1.2
        adds_capacity"."""
        return Named(self.kind, self.id, f"{self.path} {name}", self.key_of)

    def item(self, number: int) -> Named:
        return Named(self.kind, self.id, f"{self.path}[{number}]", self.key_of)

    def key(self) -> Named:
        return Named(self.kind, self.id, self.path, True)

    def data(self) -> dict[str, Value]:
        field = self.path.lstrip(". ") if self.kind else self.path
        out: dict[str, Value] = {"kind": self.kind, "id": self.id, "field": field}
        if self.key_of:
            out["key"] = True
        return {k: v for k, v in out.items() if v != ""}

    def words(self, tag: str) -> str:
        from cpkit.core.language import language

        lang = language(tag)
        key = f"kinds.{self.kind.replace(' ', '-')}"
        head = lang.t(key, "rules") if lang.has(key, "rules") else self.kind
        text = f"{head} {self.id}".strip() + self.path if self.id else (head + self.path)
        return lang.t("kinds.key-of", "rules", what=text) if self.key_of else text


@dataclass(frozen=True, slots=True)
class TypeName(_Worded):
    """The name of a type of value in messages ("a list", "seznam"): the rules catalogue's
    ``types.<kind>``; a choice lists its words. As data: the kind, or the choices' list."""

    kind: str
    choices: tuple[str, ...] = ()

    def data(self) -> Value:
        return {"choice": list(self.choices)} if self.kind == "choice" else self.kind

    def words(self, tag: str) -> str:
        from cpkit.core.language import language

        lang = language(tag)
        if self.kind == "choice":
            return lang.t("types.choice", "rules", choices=lang.join(list(self.choices)))
        return lang.t(f"types.{self.kind}", "rules")


@dataclass(frozen=True, slots=True)
class Term(_Worded):
    """A word of the rules catalogue's section `section` (``territories.hk``: "Hong Kong",
    "hongkongské"), or a phrase with `fields` of its own, each shown as a message shows
    it (another plan's finding in the reader's words: "objectives.yaml:19:9: …"); as
    data, its name, and with fields the name and their data."""

    section: str
    name: str
    fields: tuple[tuple[str, Any], ...] = ()

    def data(self) -> Value:
        if not self.fields:
            return self.name
        return {"name": self.name, **{k: _field_data(v) for k, v in self.fields}}

    def words(self, tag: str) -> str:
        from cpkit.core.language import language

        key = f"{self.section}.{self.name}"
        return render(key, dict(self.fields), tag) if self.fields else language(tag).t(key, "rules")


#: The language docs/format.md describes the fields in (the `doc` of each field of the model).
FORMAT_DOCS_LANGUAGE = "en"


@dataclass(frozen=True, slots=True)
class Documented(_Worded):
    """A field of the format as a hint points to its documentation: in the language of
    docs/format.md the field's description itself, in another language the rules
    catalogue's ``docs.field``, which names the field and where it is described (the
    description is not pasted in a language the reader did not ask for). As data, the
    entity class and the field: ``{"entity": "Measure", "field": "title"}``."""

    entity: str
    field: str
    text: str = ""  # the field's description in docs/format.md

    def data(self) -> Value:
        return {"entity": self.entity, "field": self.field}

    def words(self, tag: str) -> str:
        from cpkit.core.language import language

        lang = language(tag)
        if lang.tag == FORMAT_DOCS_LANGUAGE and self.text:
            return self.text
        return lang.t("docs.field", "rules", field=self.field)


_WORDED = (Named, TypeName, Term, Documented)  # values a message shows in its reader's words
_PLAIN_TYPES = (str, int, float, bool, *_WORDED)


def _plain(value: object) -> Value:
    """A value as JSON data: text, a number, a truth value, None, or a tuple of these;
    anything else (a date, a location) as the text an f-string would show."""
    if value is None or type(value) in _PLAIN_TYPES:
        return value
    if isinstance(value, Loc):  # a place is shown as written, "services.yaml:3:5"
        return format(value, "")
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else value
        return tuple(_plain(v) for v in items)
    return format(value, "")


def render(key: str, data: dict[str, Value], tag: str) -> str:
    """The message `key` of the rules catalogue in language `tag`, its fields filled:
    lists joined as the language joins them (``{sides}``: "provider, user"; ``{sides_and}``:
    "provider and user"), numbers formatted unless they are years, ids or line numbers."""
    from cpkit.core.language import language

    lang = language(tag)
    shown: dict[str, Value] = {}
    for name, value in data.items():
        if isinstance(value, _WORDED):
            value = value.words(lang.tag)
        elif isinstance(value, Diagnostic):  # a finding quoted in another's words (Term)
            value = value.message_in(lang.tag)
        elif isinstance(value, tuple):
            from babel.lists import format_list

            items = [str(v) for v in value]
            # `{sides_and}`: the list as a sentence says it, "provider and user"
            shown[f"{name}_and"] = format_list(items, locale=lang.locale) if items else ""
            value = lang.join(items)
        elif isinstance(value, (int, float)) and name.endswith(_VERBATIM):
            value = str(value)
        shown[name] = value
    if not shown:  # a message without fields is a template all the same: "{{" is "{"
        return lang.t(key, "rules").format()
    return lang.t(key, "rules", **shown)


def _field_data(value: Any) -> Value:
    """A Term's field as data: a finding by its code and place."""
    if isinstance(value, Diagnostic):
        return {"code": value.code, "file": value.loc.file, "line": value.loc.line}
    return _data(_plain(value))


def _data(value: Value) -> Value:
    if isinstance(value, _WORDED):
        return value.data()
    if isinstance(value, tuple):
        return [_data(v) for v in value]
    return value


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


class Loc(NamedTuple):
    """A place in a plan file; line and column are 1-based, 0 means "the whole file".

    Immutable, hashable and ordered by file, line and column. A named tuple rather than a
    frozen dataclass: the per-file cache loads one for each entity, and a tuple is made in C
    (cpkit.model.cache), where a frozen dataclass runs its `__init__` in Python — a sixth of
    what loading a plan cost. A Loc equals the tuple of its fields."""

    file: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if not self.line:
            return self.file
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Rule:
    """A published check: its code and name are a contract, documented in docs/rules.md."""

    code: str
    name: str
    severity: Severity

    def summary_in(self, tag: str = "en") -> str:
        """What the rule checks, in one sentence (docs/rules.md's first line)."""
        from cpkit.core.language import language

        return language(tag).t(f"{self.code}.summary", "rules")

    @property
    def summary(self) -> str:
        return self.summary_in("en")

    def __call__(self, loc: Loc, message: str, /, **data: object) -> Diagnostic:
        """The diagnostic of message `message` of this rule (a key under the rule's code
        in the rules catalogue) with its named fields."""
        fields = tuple((k, _plain(v)) for k, v in data.items())
        return Diagnostic(self.code, self.name, self.severity, loc, message, fields)


@dataclass(frozen=True, slots=True)
class Diagnostic:
    code: str
    name: str
    severity: Severity
    loc: Loc
    key: str
    fields: tuple[tuple[str, Value], ...] = ()

    @property
    def data(self) -> dict[str, Value]:
        """The fields of the message as JSON data (lists as lists)."""
        return {k: _data(v) for k, v in self.fields}

    def message_in(self, tag: str) -> str:
        return render(f"{self.code}.{self.key}.text", dict(self.fields), tag)

    def hint_in(self, tag: str) -> str | None:
        """The hint in language `tag`; None when the message has none, or when a field the
        hint needs is None (a suggestion that found nothing)."""
        from cpkit.core.language import catalogue_keys, language, placeholders

        lang = language(tag)
        key = f"{self.code}.{self.key}.hint"
        if not lang.has(key, "rules"):
            return None
        data = dict(self.fields)
        needed = placeholders(catalogue_keys("rules", lang.tag)[key])
        if any(data.get(name.removesuffix("_and")) is None for name in needed):
            return None
        return render(key, data, tag)

    @property
    def message(self) -> str:
        return self.message_in("en")

    @property
    def hint(self) -> str | None:
        return self.hint_in("en")

    def sort_key(self) -> tuple[str, int, int, str, str, str]:
        return (
            self.loc.file,
            self.loc.line,
            self.loc.column,
            self.code,
            self.key,
            repr(self.fields),
        )

    def to_dict(self, tag: str = "en") -> dict[str, object]:
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "file": self.loc.file,
            "line": self.loc.line,
            "column": self.loc.column,
            "data": self.data,
            "message": self.message_in(tag),
            "hint": self.hint_in(tag),
        }


@dataclass(slots=True)
class Report:
    """All diagnostics of one run, sorted by place; settings decide which ones count."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    files: int = 0

    @classmethod
    def build(
        cls,
        found: Iterable[Diagnostic],
        *,
        files: int = 0,
        disabled: Iterable[str] = (),
    ) -> Report:
        off = set(disabled)
        kept = [d for d in found if d.code not in off and d.name not in off]
        kept = sorted(set(kept), key=Diagnostic.sort_key)
        return cls(kept, files)

    def __iter__(self) -> Iterator[Diagnostic]:
        return iter(self.diagnostics)

    def __len__(self) -> int:
        return len(self.diagnostics)

    def counts(self) -> dict[Severity, int]:
        c = Counter(d.severity for d in self.diagnostics)
        return {s: c.get(s, 0) for s in Severity}

    def failed(self, *, strict: bool = False) -> bool:
        counts = self.counts()
        return counts[Severity.ERROR] > 0 or (strict and counts[Severity.WARNING] > 0)

    def flatten(self) -> list[tuple[str, str, int]]:
        """(code, file, line) tuples: what tests assert, independent of message wording."""
        return [(d.code, d.loc.file, d.loc.line) for d in self.diagnostics]
