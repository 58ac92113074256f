"""YAML nodes → typed values and entities, with a diagnostic for each mistake.

A converter is chosen once per field type by its kind (:class:`cpkit.model.fields.FieldType`);
a mapping converts field by field (:func:`entity_kwargs`), keeping where each value was
written so that a later check can point at it.
"""

from __future__ import annotations

import dataclasses
import difflib
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml

from cpkit.core import rules
from cpkit.core.diagnostics import Diagnostic, Documented, Loc, Named, TypeName
from cpkit.model.fields import (
    Entity,
    FieldType,
    PartialDate,
    describe,
    field_type,
    fields_of,
    position,
)
from cpkit.model.numbers import meant_number

STR, INT, FLOAT, BOOL, NULL, TIMESTAMP = (
    f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")
)

MAP, SEQ = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"

_constructor = yaml.constructor.SafeConstructor()
_INVALID = object()

# What a converter converts, as its messages name it: a Named, or a step under one,
# `(owner, step, how)`, that is the Named `how(named(owner), step)`. Most values are never
# reported on, and making a Named for each of them (a frozen dataclass) cost a fifth of
# building a plan; a step is a tuple, made into a Named only when a message needs it.
Naming = Named | tuple[Any, Any, Callable[[Named, Any], Named]]
Converter = Callable[[yaml.Node, "Builder", Naming], Any]


def named(what: Naming) -> Named:
    """The Named a message names `what` by (see Naming)."""
    if type(what) is tuple:
        owner, step, how = what
        return how(named(owner), step)
    return what  # type: ignore[return-value]


def _key_of(owner: Named, _: object) -> Named:
    return owner.key()


_DOT, _ITEM = Named.dot, Named.item


def _found(node: yaml.Node) -> str | TypeName:
    if isinstance(node, yaml.MappingNode):
        return TypeName("map")
    if isinstance(node, yaml.SequenceNode):
        return TypeName("list")
    short = node.value if len(node.value) <= 40 else node.value[:37] + "..."
    return f"{short!r}"


class Builder:
    """Turns one file's nodes into entities, collecting a diagnostic for each mistake."""

    def __init__(self, file: str, tagged: frozenset[int] = frozenset()) -> None:
        self.file = file
        self.diagnostics: list[Diagnostic] = []
        self.tagged = tagged  # ids of the nodes the file writes a tag on (source stage)

    def forced_tag(self, node: yaml.Node) -> bool:
        """Whether the file writes a tag on the node that gives it a meaning of its own.

        cpkit reads text as it is written, so `!!binary aGk=`, `!!timestamp 2025-01-01` or
        `!custom x` would mean one thing to another YAML reader and another to cpkit.
        Only `!!str` on text and `!!map`/`!!seq` on mappings and lists say nothing more.
        """
        if id(node) not in self.tagged:
            return False
        if isinstance(node, yaml.ScalarNode):
            return node.tag != STR
        return node.tag != (MAP if isinstance(node, yaml.MappingNode) else SEQ)

    def loc(self, node: yaml.Node) -> Loc:
        mark = node.start_mark
        return Loc(self.file, mark.line + 1, mark.column + 1)

    def wrong_type(
        self,
        node: yaml.Node,
        tp: FieldType | Any,
        what: Naming,
        key: str = "should-be-not",
        **advice: object,
    ) -> object:
        """Report `node` as not of type `tp` (a FieldType, or an annotation); `key` names
        the message whose hint says what to write (CP101's "not-a-list", ...), `advice`
        its fields."""
        self.diagnostics.append(
            rules.WRONG_TYPE(
                self.loc(node),
                key,
                what=named(what),
                expected=describe(tp),
                found=_found(node),
                **advice,
            )
        )
        return _INVALID

    def convert(self, node: yaml.Node, tp: Any, what: Naming) -> Any:
        return converter(tp)(node, self, what)


def converter(tp: Any) -> Converter:
    """The function converting a node to the type annotation `tp`."""
    return _converter(field_type(tp))


@functools.cache
def _converter(ft: FieldType) -> Converter:
    """Built once per type, by its kind."""
    if ft.kind == "choice":
        return functools.partial(_literal, ft)
    if ft.kind == "list":
        assert ft.item is not None
        return functools.partial(_list, _converter(ft.item), ft)
    if ft.kind == "map":
        assert ft.key is not None and ft.item is not None
        return functools.partial(_dict, _converter(ft.key), _converter(ft.item), ft)
    if ft.kind == "entity":
        custom = getattr(ft.entity, "from_node", None)
        if custom is not None:
            return functools.partial(_custom, custom)
        return functools.partial(_entity, ft.entity)
    return _SCALARS[ft.kind]


def _custom(convert: Callable[..., Any], node: yaml.Node, b: Builder, what: Naming) -> Any:
    """An entity's own converter (`from_node`), told what it converts as a Named."""
    return convert(node, b, named(what))


TEXT, WHOLE, NUMBER, BOOLEAN, DATE = map(field_type, (str, int, float, bool, PartialDate))


def _scalar(node: yaml.Node, b: Builder, ft: FieldType, what: Naming) -> yaml.ScalarNode | None:
    if isinstance(node, yaml.ScalarNode):
        return node
    b.wrong_type(node, ft, what)
    return None


def _shown_tag(tag: str) -> str:
    return "!!" + tag.removeprefix(_YAML_TAG) if tag.startswith(_YAML_TAG) else tag


_YAML_TAG = "tag:yaml.org,2002:"


def refuse_tag(node: yaml.Node, b: Builder, what: Naming) -> object:
    """Report a forced tag (CP109) at the node, which starts at its tag (or anchor)."""
    b.diagnostics.append(
        rules.FORCED_TAG(
            b.loc(node), "tagged-cpkit-reads", what=named(what), shown_tag=_shown_tag(node.tag)
        )
    )
    return _INVALID


def _str(node: yaml.Node, b: Builder, what: Naming) -> Any:
    # The text as written: `version: 2.10` stays "2.10", `id: 1.10` stays "1.10".
    # (`b.tagged and`: most files write no tag, and then no node needs a look for one.)
    if not isinstance(node, yaml.ScalarNode):
        return b.wrong_type(node, TEXT, what)
    if b.tagged and b.forced_tag(node):
        return refuse_tag(node, b, what)
    if node.tag == NULL:  # an empty list item: `- ` or `~`
        return b.wrong_type(node, TEXT, what, "empty-item")
    return node.value


MAX_WHOLE = 2**53  # the largest whole number a float holds exactly; no plan counts further


def _build(construct: Callable[[yaml.ScalarNode], Any], s: yaml.ScalarNode) -> Any:
    """The value as its tag says, or None: a tag can be forced on text unfit for it (`!!int x`)."""
    try:
        return construct(s)
    except (ValueError, KeyError, IndexError, OverflowError):  # `!!int ''` fails on an index,
        return None  # a huge sexagesimal `!!float 1:59:59:…` overflows


def _whole(s: yaml.ScalarNode, b: Builder, ft: FieldType, what: Naming) -> Any:
    # Length first: int() refuses over 4300 digits, and a long sexagesimal 1:2:3:... is slow.
    text = s.value
    if len(text) > 64:
        value = None
    elif text.isdigit() and text.isascii() and text[0] != "0":
        value = int(text)  # plain digits, as good as every number: what YAML's int says
    else:
        value = _build(_constructor.construct_yaml_int, s)
    if value is None:
        return b.wrong_type(s, ft, what)
    if abs(value) > MAX_WHOLE:
        return b.wrong_type(s, ft, what, "too-large", largest=MAX_WHOLE)
    return value


def _number_hint(text: str) -> tuple[str, dict[str, str]]:
    """CP101's message for a value that should be a number and its fields: what to write
    instead (`80,5` → "decimal-comma", meant 80.5), or the plain message."""
    meant = meant_number(text)
    if meant is None:
        return "should-be-not", {}
    if meant.how == "ambiguous":  # 1,200: 1200, or 1.2 if the comma marks decimals
        return "ambiguous", {"meant": meant.value, "decimal": f"{float(meant.decimal):g}"}
    return meant.how, {"meant": meant.value}


def _int(node: yaml.Node, b: Builder, what: Naming) -> Any:
    s = _scalar(node, b, WHOLE, what)
    if s is None:
        return _INVALID
    if s.tag != INT:
        key, advice = _number_hint(s.value)
        return b.wrong_type(s, WHOLE, what, key, **advice)
    return _whole(s, b, WHOLE, what)


def _float(node: yaml.Node, b: Builder, what: Naming) -> Any:
    s = _scalar(node, b, NUMBER, what)
    if s is None:
        return _INVALID
    if s.tag == INT:
        return _whole(s, b, NUMBER, what)
    if s.tag == FLOAT:
        value = _build(_constructor.construct_yaml_float, s)
        if value is None:
            return b.wrong_type(s, NUMBER, what)
        if value != value or value in (float("inf"), float("-inf")):
            return b.wrong_type(s, NUMBER, what, "not-finite")
        return value
    key, advice = _number_hint(s.value)
    return b.wrong_type(s, NUMBER, what, key, **advice)


def _bool(node: yaml.Node, b: Builder, what: Naming) -> Any:
    s = _scalar(node, b, BOOLEAN, what)
    if s is None:
        return _INVALID
    value = _build(_constructor.construct_yaml_bool, s) if s.tag == BOOL else None
    if value is None:
        return b.wrong_type(s, BOOLEAN, what)
    return value


def _date(node: yaml.Node, b: Builder, what: Naming) -> Any:
    s = _scalar(node, b, DATE, what)
    if s is None:
        return _INVALID
    parsed = PartialDate.parse(s.value) if s.tag in (INT, STR, TIMESTAMP) else None
    if parsed is None:
        return b.wrong_type(s, DATE, what)
    return parsed


_SCALARS: dict[str, Converter] = {
    "text": _str,
    "whole": _int,
    "number": _float,
    "bool": _bool,
    "date": _date,
}


def _literal(ft: FieldType, node: yaml.Node, b: Builder, what: Naming) -> Any:
    s = _scalar(node, b, ft, what)
    if s is None:
        return _INVALID
    if b.tagged and b.forced_tag(s):
        return refuse_tag(s, b, what)
    value = s.value
    if value in ft.choices:
        return value
    close = difflib.get_close_matches(value.lower(), ft.choices, n=1, cutoff=0.5)
    b.diagnostics.append(
        rules.BAD_VALUE(
            b.loc(s),
            "allowed-meant" if close else "allowed",
            what=named(what),
            value=value,
            choices=list(ft.choices),
            **({"meant": close[0]} if close else {"advice": None}),
        )
    )
    return _INVALID


def _list(item: Converter, ft: FieldType, node: yaml.Node, b: Builder, what: Naming) -> Any:
    if not isinstance(node, yaml.SequenceNode):
        return b.wrong_type(node, ft, what, "not-a-list")
    if b.tagged and b.forced_tag(node):  # reported; the items are still read, so that
        refuse_tag(node, b, what)  # nothing else is lost
    out = []
    for number, child in enumerate(node.value, 1):
        value = item(child, b, (what, number, _ITEM))
        if value is not _INVALID:
            out.append(value)
    if node.value and not out:
        return _INVALID  # every item reported: the list is unread, not written empty
    return out


def _dict(
    key: Converter, value: Converter, ft: FieldType, node: yaml.Node, b: Builder, what: Naming
) -> Any:
    if not isinstance(node, yaml.MappingNode):
        return b.wrong_type(node, ft, what)
    if b.tagged and b.forced_tag(node):
        refuse_tag(node, b, what)
    out = {}
    key_of = (what, None, _key_of)
    for k, v in node.value:
        kv = key(k, b, key_of)
        if kv is _INVALID:
            continue
        vv = value(v, b, (what, kv, _DOT))
        if vv is not _INVALID:
            out[kv] = vv
    return out


# --- entities ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Field:
    name: str  # the field's own name, which every entity's `pos` shares (not the YAML key's)
    field: dataclasses.Field[Any]
    type: FieldType
    convert: Converter
    required: bool
    scalar_list: bool  # a list of text or numbers: each item's position is kept


@functools.cache
def _plan(cls: type[Entity]) -> dict[str, _Field]:
    """Per class, once: each field with its converter, so that a mapping converts fast."""
    out = {}
    for name, (f, tp) in fields_of(cls).items():
        ft = field_type(tp)
        scalar_list = ft.kind == "list" and ft.item is not None and ft.item.kind != "entity"
        required = bool(f.metadata.get("required"))
        out[name] = _Field(name, f, ft, _converter(ft), required, scalar_list)
    return out


@functools.cache
def _required(cls: type[Entity]) -> tuple[tuple[str, _Field], ...]:
    """The required fields of `_plan(cls)`, in its order: what `_missing` looks at."""
    return tuple((name, e) for name, e in _plan(cls).items() if e.required)


def entity_kwargs(
    cls: type[Entity], node: yaml.Node, b: Builder, what: Naming
) -> dict[str, Any] | None:
    """Convert a mapping node field by field; None when it is not a mapping at all.

    Positions are kept as where each value starts (`position`), and turned into locations
    only when a diagnostic asks (Entity.at): most values are never reported on. A YAML
    mark would do as well, but it holds more than that, and a plan keeps one for nearly
    every value it holds. For the same reason each field's name for messages is a step
    (Naming), made into a Named only if a message is written.
    """
    if not isinstance(node, yaml.MappingNode):
        b.wrong_type(node, cls, what)
        return None
    known = _plan(cls)
    label = cls.__dict__.get("label")
    if label:  # named by its label and id, if it has one: found only for a message
        what = (what, (label, node), _labelled)
    tagged = b.tagged  # empty in most files: then no node needs a look for a tag
    if tagged and b.forced_tag(node):
        refuse_tag(node, b, what)
    kwargs: dict[str, Any] = {}
    pos: dict[str, Any] = {}
    empty: set[str] = set()  # fields written without a value
    meant: set[str] = set()
    unread: set[str] = set()
    diagnostics = b.diagnostics
    scalar = yaml.ScalarNode
    for key, value in node.value:
        if not isinstance(key, scalar):
            b.wrong_type(key, TEXT, (what, None, _key_of))
            continue
        if tagged and b.forced_tag(key):
            refuse_tag(key, b, (what, None, _key_of))
            continue
        entry = known.get(key.value)
        if entry is None:
            _unknown_field(key, known, b, what, meant)
            continue
        name = entry.name
        if value.tag == NULL and isinstance(value, scalar) and not (tagged and b.forced_tag(value)):
            empty.add(name)
            continue
        mark = value.start_mark
        pos[name] = position(mark.line, mark.column)
        reported = len(diagnostics)
        converted = entry.convert(value, b, (what, name, _DOT))
        if converted is _INVALID:
            _field_hint(entry, b, reported)
            kwargs[name] = _fallback(entry)  # reported once, not as missing
            unread.add(name)
            continue
        if entry.required and isinstance(converted, str) and not converted.strip():
            empty.add(name)  # `title: "  "` says nothing: reported below as having no value
            continue
        if entry.scalar_list and isinstance(value, yaml.SequenceNode):
            for i, item in enumerate(value.value):
                mark = item.start_mark
                pos[_item_key(name, i)] = position(mark.line, mark.column)
        kwargs[name] = converted
    _missing(cls, node, b, what, kwargs, empty, meant)
    kwargs["loc"] = b.loc(node)
    kwargs["pos"] = pos
    if unread or meant:
        kwargs["unread"] = frozenset(unread | meant)
    return kwargs


@functools.lru_cache(maxsize=4096)
def _item_key(name: str, i: int) -> str:
    """`name.i`, the key of a list's item in `pos`: one string for every entity's."""
    return f"{name}.{i}"


def _field_hint(entry: _Field, b: Builder, reported: int) -> None:
    """A value not among a choice's words gets the field's own hint, when it has one
    (`new_service: Ano i ne` → write `partly` and a note), after any close word."""
    hint = entry.field.metadata.get("hint")
    if not hint or len(b.diagnostics) != reported + 1:
        return
    found = b.diagnostics[reported]
    if found.code == rules.BAD_VALUE.code:
        fields = tuple({**dict(found.fields), "advice": hint}.items())
        key = "allowed-meant-or" if found.key == "allowed-meant" else found.key
        b.diagnostics[reported] = dataclasses.replace(found, key=key, fields=fields)


def _labelled(what: Named, step: tuple[str, yaml.MappingNode]) -> Named:
    """How messages name an entity with a label: by its label and id when it has an id
    (`measure 1.2`), else as `what`, where it is written."""
    label, node = step
    for k, v in node.value:
        if k.value == "id" and isinstance(v, yaml.ScalarNode) and v.tag != NULL:
            return Named(label, str(v.value)) if v.value else what
    return what


def _unknown_field(
    key: yaml.ScalarNode, known: dict[str, _Field], b: Builder, what: Naming, meant: set[str]
) -> None:
    """Report a field the entity lacks; a close name goes into `meant`."""
    what = named(what)
    name = key.value
    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.6)
    if close:
        meant.add(close[0])  # `nmae:` is reported once, not also as a missing `name`
    at = b.loc(key)
    if str(name).isdigit():  # `{amount: 2,400,000}`: YAML splits it at each comma
        found = rules.UNKNOWN_FIELD(at, "number-with-commas", what=what, name=name)
    elif close:
        found = rules.UNKNOWN_FIELD(at, "meant", what=what, name=name, meant=close[0])
    else:
        found = rules.UNKNOWN_FIELD(at, "known", what=what, name=name, known=list(known))
    b.diagnostics.append(found)


def _missing(
    cls: type[Entity],
    node: yaml.MappingNode,
    b: Builder,
    what: Naming,
    kwargs: dict[str, Any],
    empty: set[str],
    meant: set[str],
) -> None:
    """Report each required field without a value, and give it its fallback value: written
    without one (in `empty`), or not written (`meant` holds those written misspelt)."""
    for name, entry in _required(cls):
        if name in kwargs:
            continue
        kwargs[name] = _fallback(entry)
        if name in meant and name not in empty:
            continue  # a misspelt field, already reported
        # docs/format.md's description of the field, or a pointer to it in another language
        doc = Documented(cls.__name__, name, entry.field.metadata["doc"])
        if name in empty:
            found = rules.MISSING_FIELD(
                b.loc(node), "has-no-value", what=named(what).dot(name), doc=doc
            )
        else:
            found = rules.MISSING_FIELD(
                b.loc(node), "lacks-field", what=named(what), name=name, doc=doc
            )
        b.diagnostics.append(found)


def _fallback(entry: _Field) -> Any:
    """The value a field takes when what was written is unusable: "" for required text."""
    f = entry.field
    if f.default_factory is not dataclasses.MISSING:
        return f.default_factory()
    if entry.required and entry.type.kind == "text" and not entry.type.optional:
        return ""
    return f.default


def _entity(cls: type[Entity], node: yaml.Node, b: Builder, what: Naming) -> Any:
    kwargs = entity_kwargs(cls, node, b, what)
    if kwargs is None or (cls.incomplete_is_absent and _incomplete(cls, kwargs)):
        return _INVALID  # already reported: the node, or the field that could not be read
    return cls(**kwargs)


def _incomplete(cls: type[Entity], kwargs: dict[str, Any]) -> bool:
    """A required field left without a value: missing, or written so that it cannot be read."""
    return any(e.required and kwargs.get(name) is None for name, e in _plan(cls).items())


def invalid() -> object:
    """The marker a custom converter returns for a value it could not convert."""
    return _INVALID
