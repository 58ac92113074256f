"""The format's building blocks, and the conversion of YAML nodes into typed entities.

Entities are dataclasses whose fields carry their documentation and constraints
(:func:`spec`). From that one description cpkit converts and type-checks plan files
(:class:`Builder`), writes the JSON Schema (:mod:`cpkit.interchange.jsonschema`) and lists the
fields in docs/format.md, so that the three cannot drift apart.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import difflib
import functools
import re
import types
import typing
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

import yaml

from cpkit.core import rules
from cpkit.core.diagnostics import Diagnostic, Loc

NOWHERE = Loc("")
STR, INT, FLOAT, BOOL, NULL, TIMESTAMP = (
    f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")
)


def spec(
    doc: str,
    *,
    default: Any = None,
    factory: Callable[[], Any] | None = None,
    required: bool = False,
    ref: str | None = None,
    key_ref: str | None = None,
    example: Any = None,
) -> Any:
    """A documented field. `ref` names the kind of entity the value (or each item) refers to."""
    meta = {"doc": doc, "required": required, "ref": ref, "key_ref": key_ref, "example": example}
    if factory is not None:
        return field(default_factory=factory, metadata=meta)
    return field(default=default, metadata=meta)


INTERNAL = {"internal": True}


@dataclass(kw_only=True, slots=True)
class Entity:
    """Base of every mapping in the format: it remembers where it, and each field, was written."""

    loc: Loc = field(default=NOWHERE, repr=False, compare=False, metadata=INTERNAL)
    # field (or `field.N` item) → where it was written: a Loc, or a YAML mark in self.loc's file
    pos: dict[str, Any] = field(default_factory=dict, repr=False, compare=False, metadata=INTERNAL)

    label: ClassVar[str] = ""  # how messages name one, e.g. "measure"

    def at(self, name: str) -> Loc:
        """Where a field (or `field.N` item) was written, else where the entity was."""
        where = self.pos.get(name) or self.pos.get(name.split(".", 1)[0])
        if where is None:
            return self.loc
        if isinstance(where, Loc):
            return where
        return Loc(self.loc.file, where.line + 1, where.column + 1)  # a YAML mark


@functools.total_ordering
@dataclass(frozen=True, slots=True)
class PartialDate:
    """A year, a month or a day: plans say "2004", "2004-03" or "2004-03-15"."""

    year: int
    month: int | None = None
    day: int | None = None

    PATTERN: ClassVar[re.Pattern[str]] = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$")

    @classmethod
    def parse(cls, text: str) -> PartialDate | None:
        m = cls.PATTERN.match(text.strip())
        if not m or (m.group(3) and not m.group(2)):
            return None
        year, month, day = (int(g) if g else None for g in m.groups())
        try:
            dt.date(year, month or 1, day or 1)
        except ValueError:
            return None
        return cls(year, month, day)

    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date:
        if self.day:
            return dt.date(self.year, self.month or 1, self.day)
        month = self.month or 12
        return dt.date(self.year, month, calendar.monthrange(self.year, month)[1])

    def __lt__(self, other: PartialDate) -> bool:
        return self.first_day() < other.first_day()

    def __str__(self) -> str:
        if self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}"


# --- conversion --------------------------------------------------------------------------

_constructor = yaml.constructor.SafeConstructor()
_INVALID = object()
Converter = Callable[[yaml.Node, "Builder"], Any]


def describe(tp: Any) -> str:
    """A type as a planner would name it, for messages."""
    origin = typing.get_origin(tp)
    if origin is Literal:
        return "one of " + ", ".join(map(str, typing.get_args(tp)))
    if origin in (typing.Union, types.UnionType):
        return " or ".join(describe(a) for a in typing.get_args(tp) if a is not type(None))
    if origin is list:
        return "a list"
    if origin is dict:
        return "a mapping"
    if isinstance(tp, type) and issubclass(tp, Entity):
        return "a mapping"
    return {
        str: "text",
        int: "a whole number",
        float: "a number",
        bool: "true or false",
        PartialDate: "a date (YYYY, YYYY-MM or YYYY-MM-DD)",
    }.get(tp, getattr(tp, "__name__", str(tp)))


def _found(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    short = node.value if len(node.value) <= 40 else node.value[:37] + "..."
    return f"{short!r}"


class Builder:
    """Turns one file's nodes into entities, collecting a diagnostic for each mistake."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.diagnostics: list[Diagnostic] = []

    def loc(self, node: yaml.Node) -> Loc:
        mark = node.start_mark
        return Loc(self.file, mark.line + 1, mark.column + 1)

    def wrong_type(self, node: yaml.Node, tp: Any, what: str, hint: str | None = None) -> object:
        self.diagnostics.append(
            rules.WRONG_TYPE(
                self.loc(node), f"{what} should be {describe(tp)}, not {_found(node)}", hint
            )
        )
        return _INVALID

    def convert(self, node: yaml.Node, tp: Any, what: str) -> Any:
        return converter(tp)(node, self, what)


def is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == NULL


@functools.cache
def converter(tp: Any) -> Callable[[yaml.Node, Builder, str], Any]:
    """The function converting a node to `tp`, built once per type."""
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        if len(inner) != 1:
            raise TypeError(f"unsupported union {tp}")
        return converter(inner[0])
    if origin is Literal:
        return functools.partial(_literal, args)
    if origin is list:
        return functools.partial(_list, converter(args[0]), args[0])
    if origin is dict:
        return functools.partial(_dict, converter(args[0]), converter(args[1]), tp)
    if isinstance(tp, type) and issubclass(tp, Entity):
        custom = getattr(tp, "from_node", None)
        return custom if custom is not None else functools.partial(_entity, tp)
    simple = {str: _str, int: _int, float: _float, bool: _bool, PartialDate: _date}
    if tp in simple:
        return simple[tp]
    raise TypeError(f"unsupported type {tp}")


def _scalar(node: yaml.Node, b: Builder, tp: Any, what: str) -> yaml.ScalarNode | None:
    if isinstance(node, yaml.ScalarNode):
        return node
    b.wrong_type(node, tp, what)
    return None


def _str(node: yaml.Node, b: Builder, what: str) -> Any:
    # The text as written: `version: 2.10` stays "2.10", `id: 1.10` stays "1.10".
    s = _scalar(node, b, str, what)
    if s is None:
        return _INVALID
    if s.tag == NULL:  # an empty list item: `- ` or `~`
        return b.wrong_type(s, str, what, "remove the empty item, or write its value")
    return s.value


MAX_WHOLE = 2**53  # the largest whole number a float holds exactly; no plan counts further


def _build(construct: Callable[[yaml.ScalarNode], Any], s: yaml.ScalarNode) -> Any:
    """The value as its tag says, or None: a tag can be forced on text unfit for it (`!!int x`)."""
    try:
        return construct(s)
    except (ValueError, KeyError, IndexError):  # `!!int ''` fails on an index
        return None


def _whole(s: yaml.ScalarNode, b: Builder, tp: Any, what: str) -> Any:
    # Length first: int() refuses over 4300 digits, and a long sexagesimal 1:2:3:... is slow.
    value = _build(_constructor.construct_yaml_int, s) if len(s.value) <= 64 else None
    if value is None:
        return b.wrong_type(s, tp, what)
    if abs(value) > MAX_WHOLE:
        return b.wrong_type(s, tp, what, f"no plan has a number larger than {MAX_WHOLE:,}")
    return value


def _int(node: yaml.Node, b: Builder, what: str) -> Any:
    s = _scalar(node, b, int, what)
    if s is None:
        return _INVALID
    if s.tag != INT:
        return b.wrong_type(s, int, what, _number_hint(s.value))
    return _whole(s, b, int, what)


def _float(node: yaml.Node, b: Builder, what: str) -> Any:
    s = _scalar(node, b, float, what)
    if s is None:
        return _INVALID
    if s.tag == INT:
        return _whole(s, b, float, what)
    if s.tag == FLOAT:
        value = _build(_constructor.construct_yaml_float, s)
        if value is None:
            return b.wrong_type(s, float, what)
        if value != value or value in (float("inf"), float("-inf")):
            return b.wrong_type(s, float, what, "write a finite number")
        return value
    return b.wrong_type(s, float, what, _number_hint(s.value))


def _number_hint(text: str) -> str | None:
    """The number a planner most likely meant: `3 848 250`, `80,5` (a Czech decimal comma)."""
    joined = re.sub(r"[\s\u00a0\u202f]", "", text)  # spaces only ever group thousands
    if re.fullmatch(r"-?\d+,(\d{1,2}|\d{4,})", joined):
        return f"write a decimal point, not a comma: {joined.replace(',', '.')}"
    if re.fullmatch(r"-?\d{1,3},\d{3}", joined):
        whole, decimal = joined.replace(",", ""), f"{float(joined.replace(',', '.')):g}"
        return f"write {whole} without the separator, or {decimal} if the comma marks decimals"
    compact = joined.replace(",", "")
    if compact != text and re.fullmatch(r"-?\d+(\.\d+)?", compact):
        return f"write the number without spaces or separators: {compact}"
    return None


def _bool(node: yaml.Node, b: Builder, what: str) -> Any:
    s = _scalar(node, b, bool, what)
    if s is None:
        return _INVALID
    value = _build(_constructor.construct_yaml_bool, s) if s.tag == BOOL else None
    if value is None:
        return b.wrong_type(s, bool, what)
    return value


def _date(node: yaml.Node, b: Builder, what: str) -> Any:
    s = _scalar(node, b, PartialDate, what)
    if s is None:
        return _INVALID
    parsed = PartialDate.parse(s.value) if s.tag in (INT, STR, TIMESTAMP) else None
    if parsed is None:
        return b.wrong_type(s, PartialDate, what)
    return parsed


def _literal(choices: tuple[str, ...], node: yaml.Node, b: Builder, what: str) -> Any:
    s = _scalar(node, b, Literal[choices], what)  # type: ignore[valid-type]
    if s is None:
        return _INVALID
    value = s.value
    if value in choices:
        return value
    close = difflib.get_close_matches(value.lower(), choices, n=1, cutoff=0.5)
    b.diagnostics.append(
        rules.BAD_VALUE(
            b.loc(s),
            f"{what} is {value!r}; allowed: {', '.join(choices)}",
            f"did you mean {close[0]!r}?" if close else None,
        )
    )
    return _INVALID


def _list(item: Converter, item_tp: Any, node: yaml.Node, b: Builder, what: str) -> Any:
    if not isinstance(node, yaml.SequenceNode):
        hint = "write a list, one item per line starting with '- '"
        return b.wrong_type(node, list[item_tp], what, hint)  # type: ignore[valid-type]
    out = []
    for i, child in enumerate(node.value):
        value = item(child, b, f"{what}[{i + 1}]")
        if value is not _INVALID:
            out.append(value)
    return out


def _dict(key: Converter, value: Converter, tp: Any, node: yaml.Node, b: Builder, what: str) -> Any:
    if not isinstance(node, yaml.MappingNode):
        return b.wrong_type(node, tp, what)
    out = {}
    for k, v in node.value:
        kv = key(k, b, f"a key of {what}")
        if kv is _INVALID:
            continue
        vv = value(v, b, f"{what}.{kv}")
        if vv is not _INVALID:
            out[kv] = vv
    return out


@functools.cache
def fields_of(cls: type[Entity]) -> dict[str, tuple[dataclasses.Field[Any], Any]]:
    """The format's fields of an entity class with their resolved types (internal ones left out)."""
    hints = typing.get_type_hints(cls)
    return {
        f.name: (f, hints[f.name])
        for f in dataclasses.fields(cls)
        if not f.metadata.get("internal")
    }


@dataclass(frozen=True, slots=True)
class _Field:
    field: dataclasses.Field[Any]
    type: Any
    convert: Callable[[yaml.Node, Builder, str], Any]
    required: bool
    scalar_list: bool  # a list of text or numbers: each item's position is kept


@functools.cache
def _plan(cls: type[Entity]) -> dict[str, _Field]:
    """Per class, once: each field with its converter, so that a mapping converts fast."""
    out = {}
    for name, (f, tp) in fields_of(cls).items():
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        inner = args[0] if typing.get_origin(tp) in (typing.Union, types.UnionType) else tp
        item = typing.get_args(inner)[0] if typing.get_origin(inner) is list else None
        scalar_list = item is not None and not (isinstance(item, type) and issubclass(item, Entity))
        out[name] = _Field(f, tp, converter(tp), bool(f.metadata.get("required")), scalar_list)
    return out


def entity_kwargs(
    cls: type[Entity], node: yaml.Node, b: Builder, what: str
) -> dict[str, Any] | None:
    """Convert a mapping node field by field; None when it is not a mapping at all.

    Positions are kept as the nodes' marks and turned into locations only when a
    diagnostic asks (Entity.at): most values are never reported on.
    """
    if not isinstance(node, yaml.MappingNode):
        b.wrong_type(node, cls, what)
        return None
    known = _plan(cls)
    label = cls.__dict__.get("label")
    if label:
        ident = next(
            (
                v.value
                for k, v in node.value
                if k.value == "id" and isinstance(v, yaml.ScalarNode) and v.tag != NULL
            ),
            None,
        )
        what = f"{label} {ident}" if ident else what
    kwargs: dict[str, Any] = {}
    pos: dict[str, Any] = {}
    present: set[str] = set()
    meant: set[str] = set()
    for key, value in node.value:
        if not isinstance(key, yaml.ScalarNode):
            b.wrong_type(key, str, f"a key of {what}")
            continue
        name = key.value
        entry = known.get(name)
        if entry is None:
            close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
            if close:
                meant.add(close[0])  # `nmae:` is reported once, not also as a missing `name`
            if str(name).isdigit():  # `{amount: 2,400,000}`: YAML splits it at each comma
                hint = "inside { } a comma separates fields: write the number without commas"
            elif close:
                hint = f"did you mean {close[0]!r}?"
            else:
                hint = "known fields: " + ", ".join(known)
            b.diagnostics.append(
                rules.UNKNOWN_FIELD(b.loc(key), f"{what} has no field {name!r}", hint)
            )
            continue
        present.add(name)
        if value.tag == NULL and isinstance(value, yaml.ScalarNode):
            continue
        pos[name] = value.start_mark
        converted = entry.convert(value, b, f"{what}.{name}")
        if converted is _INVALID:
            kwargs[name] = _fallback(entry.field, entry.type)  # reported once, not as missing
            continue
        if entry.required and isinstance(converted, str) and not converted.strip():
            continue  # `title: "  "` says nothing: reported below as having no value
        if entry.scalar_list and isinstance(value, yaml.SequenceNode):
            for i, item in enumerate(value.value):
                pos[f"{name}.{i}"] = item.start_mark
        kwargs[name] = converted
    for name, entry in known.items():
        if entry.required and name not in kwargs:
            if name in meant and name not in present:
                kwargs[name] = _fallback(entry.field, entry.type)
                continue
            if name in present:
                message = f"{what}.{name} has no value"
            else:
                message = f"{what} lacks the required field {name!r}"
            doc = entry.field.metadata["doc"]
            b.diagnostics.append(rules.MISSING_FIELD(b.loc(node), message, doc))
            kwargs[name] = _fallback(entry.field, entry.type)
    kwargs["loc"] = b.loc(node)
    kwargs["pos"] = pos
    return kwargs


def _fallback(f: dataclasses.Field[Any], tp: Any) -> Any:
    """The value a field takes when what was written is unusable: "" for required text."""
    if f.default_factory is not dataclasses.MISSING:
        return f.default_factory()
    if f.metadata.get("required") and tp is str:
        return ""
    return f.default


def _entity(cls: type[Entity], node: yaml.Node, b: Builder, what: str) -> Any:
    kwargs = entity_kwargs(cls, node, b, what)
    return _INVALID if kwargs is None else cls(**kwargs)


def invalid() -> object:
    """The marker a custom converter returns for a value it could not convert."""
    return _INVALID


def walk(entity: Entity) -> Iterator[Entity]:
    """The entity and every entity nested in it, depth first."""
    stack = [entity]
    while stack:
        e = stack.pop()
        yield e
        for name in fields_of(type(e)):
            value = getattr(e, name)
            if isinstance(value, Entity):
                stack.append(value)
            elif isinstance(value, list) and value and isinstance(value[0], Entity):
                stack.extend(reversed(value))
            elif isinstance(value, dict) and value:
                stack.extend(v for v in value.values() if isinstance(v, Entity))


def name_of(entity: Entity) -> str:
    """How a message names an entity: "measure 1.2.3", "service dd-bukov"."""
    label = type(entity).label or type(entity).__name__.lower()
    ident = getattr(entity, "id", None)
    return f"{label} {ident}" if ident else label


def closest(word: str, choices: Iterable[str]) -> str | None:
    match = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean {match[0]!r}?" if match else None
