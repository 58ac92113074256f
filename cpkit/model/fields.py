"""The format's building blocks: documented fields, entities, dates, and the kinds of type.

Entities are dataclasses whose fields carry their documentation and constraints
(:func:`spec`). Each field's type annotation is classified once (:func:`field_type`), and
everything that treats a field by its type dispatches on that one :class:`FieldType`:
converting YAML (:mod:`cpkit.model.convert`), spreadsheet cells (:mod:`cpkit.model.flatten`),
the JSON Schema (:mod:`cpkit.interchange.jsonschema`) and the tables of docs/format.md, so
that they cannot drift apart.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
import functools
import re
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

from cpkit.core.diagnostics import Loc, Named, TypeName

NOWHERE = Loc("")


def spec(
    doc: str,
    *,
    default: Any = None,
    factory: Callable[[], Any] | None = None,
    required: bool = False,
    ref: str | None = None,
    key_ref: str | None = None,
    example: Any = None,
    hint: str | None = None,
) -> Any:
    """A documented field. `ref` names the kind of entity the value (or each item) refers to;
    `hint` is what a value that is not one of a choice's words is told to write instead."""
    meta = {"doc": doc, "required": required, "ref": ref, "key_ref": key_ref, "example": example,
            "hint": hint}  # fmt: skip
    if factory is not None:
        return field(default_factory=factory, metadata=meta)
    return field(default=default, metadata=meta)


INTERNAL = {"internal": True}


@dataclass(kw_only=True, slots=True)
class Entity:
    """Base of every mapping in the format: it remembers where it, and each field, was written."""

    loc: Loc = field(default=NOWHERE, repr=False, compare=False, metadata=INTERNAL)
    # field (or `field.N` item) → where it was written: a Loc, or a place in self.loc's file
    # as `position` packs it (what the converter keeps, and the per-file cache stores)
    pos: dict[str, Any] = field(default_factory=dict, repr=False, compare=False, metadata=INTERNAL)
    # fields written but not read (a wrong value, or a misspelt name; each reported): their
    # values are fallbacks, which a rule that must fail closed does not trust
    unread: frozenset[str] = field(
        default=frozenset(), repr=False, compare=False, metadata=INTERNAL
    )

    label: ClassVar[str] = ""  # how messages name one, e.g. "measure"
    # A value that means nothing without each of its required fields (a capacity without its
    # number or unit, a fund without its source): when one of them cannot be read, the value
    # is left out, as if it were not written, so that no later stage meets a None where the
    # type promises a number. The mistake itself is already reported where it was written.
    incomplete_is_absent: ClassVar[bool] = False

    def at(self, name: str) -> Loc:
        """Where a field (or `field.N` item) was written, else where the entity was."""
        where = self.pos.get(name) or self.pos.get(name.split(".", 1)[0])
        if where is None:
            return self.loc
        if isinstance(where, Loc):
            return where
        return Loc(self.loc.file, where >> _COLUMN_BITS, where & _COLUMN_MASK)


_COLUMN_BITS = 32  # a plan file has at most 10 MB: fewer columns than that
_COLUMN_MASK = (1 << _COLUMN_BITS) - 1


def position(line: int, column: int) -> int:
    """A place in a file, from a YAML mark's 0-based line and column, as `Entity.pos` keeps
    it: one number, the 1-based line and column packed together (never 0).

    A plan keeps a place for nearly every value it holds, half a million of them in a large
    one; a YAML mark takes 80 bytes, a pair of numbers as many with its line, and one
    number 32.
    """
    return (line + 1) << _COLUMN_BITS | (column + 1)


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


# --- the kinds of type -------------------------------------------------------------------

Kind = Literal["text", "whole", "number", "bool", "date", "choice", "list", "map", "entity"]
SCALAR_KINDS: dict[Any, Kind] = {
    str: "text",
    int: "whole",
    float: "number",
    bool: "bool",
    PartialDate: "date",
}


@dataclass(frozen=True, slots=True)
class FieldType:
    """A field's type annotation, classified once: what every use of a field's type reads.

    `item` is a list's item type or a map's value type; `key` a map's key type; `choices`
    the words of a choice; `entity` the class of an entity. `optional`: written `X | None`.
    """

    kind: Kind
    annotation: Any  # the type without `| None`
    optional: bool = False
    choices: tuple[str, ...] = ()
    item: FieldType | None = None
    key: FieldType | None = None
    entity: type[Entity] | None = None

    @property
    def custom(self) -> bool:
        """An entity written in YAML in a form of its own (its class converts it: `from_node`)."""
        return self.entity is not None and getattr(self.entity, "from_node", None) is not None


@functools.cache
def field_type(tp: Any) -> FieldType:
    """The kind of a type annotation, with its parts; TypeError for a type the format lacks."""
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        if len(inner) != 1:
            raise TypeError(f"unsupported union {tp}")
        return dataclasses.replace(field_type(inner[0]), optional=True)
    if origin is Literal:
        return FieldType("choice", tp, choices=args)
    if origin is list:
        return FieldType("list", tp, item=field_type(args[0]))
    if origin is dict:
        return FieldType("map", tp, key=field_type(args[0]), item=field_type(args[1]))
    if isinstance(tp, type) and issubclass(tp, Entity):
        return FieldType("entity", tp, entity=tp)
    if tp in SCALAR_KINDS:
        return FieldType(SCALAR_KINDS[tp], tp)
    raise TypeError(f"unsupported type {tp}")


def describe(tp: FieldType | Any) -> TypeName:
    """A type (a FieldType, or an annotation) as a planner would name it, for messages: the
    words are the rules catalogue's `types:` ("should be a whole number"); an entity is
    written as a mapping."""
    ft = tp if isinstance(tp, FieldType) else field_type(tp)
    if ft.kind == "choice":
        return TypeName("choice", tuple(map(str, ft.choices)))
    return TypeName("map" if ft.kind == "entity" else ft.kind)


@functools.cache
def fields_of(cls: type[Entity]) -> dict[str, tuple[dataclasses.Field[Any], Any]]:
    """The format's fields of an entity class with their resolved types (internal ones left out)."""
    hints = typing.get_type_hints(cls)
    return {
        f.name: (f, hints[f.name])
        for f in dataclasses.fields(cls)
        if not f.metadata.get("internal")
    }


def name_of(entity: Entity) -> Named:
    """How a message names an entity: "measure 1.2.3", "service dd-bukov" (its kind in the
    reader's words, its id as written)."""
    label = type(entity).label or type(entity).__name__.lower()
    ident = getattr(entity, "id", None)
    return Named(label, str(ident) if ident else "")
