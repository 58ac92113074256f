"""Entities as spreadsheet rows and back: one column per field, nested fields joined.

Export and import share these functions, so a spreadsheet written by `cpkit export`
reads back through `cpkit import` unchanged.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import types
import typing
from typing import Any

from cpkit.schema import Entity, PartialDate, fields_of

LIST_SEPARATOR = "; "


@functools.cache
def columns(cls: type[Entity], prefix: str = "") -> tuple[tuple[str, Any], ...]:
    """(path, type) per column: nested single entities are spread out, lists kept whole."""
    out: list[tuple[str, Any]] = []
    for name, (_f, tp) in fields_of(cls).items():
        inner = _strip_optional(tp)
        path = f"{prefix}{name}"
        if (
            isinstance(inner, type)
            and issubclass(inner, Entity)
            and not hasattr(inner, "from_node")
        ):
            out.extend(columns(inner, f"{path}."))
        else:
            out.append((path, inner))
    return tuple(out)


def label(path: str) -> str:
    """`capacity.value` → `Capacity value`."""
    text = path.replace(".", " ").replace("_", " ")
    return text[:1].upper() + text[1:]


def _strip_optional(tp: Any) -> Any:
    args = [a for a in typing.get_args(tp) if a is not type(None)]
    if typing.get_origin(tp) in (typing.Union, types.UnionType) and len(args) == 1:
        return args[0]
    return tp


def _get(entity: Entity, path: str) -> Any:
    value: Any = entity
    for part in path.split("."):
        value = getattr(value, part, None)
        if value is None:
            return None
    return value


def to_cell(value: Any) -> Any:
    """A field value as a spreadsheet cell: numbers stay numbers, dates become dates."""
    if value is None:
        return None
    if isinstance(value, PartialDate):
        return value.year if value.month is None else value.first_day() if value.day else str(value)
    if isinstance(value, list):
        if value and isinstance(value[0], Entity):
            return json.dumps([plain(v) for v in value], ensure_ascii=False)
        return LIST_SEPARATOR.join(map(str, value))
    if isinstance(value, dict):
        return json.dumps({str(k): plain(v) for k, v in value.items()}, ensure_ascii=False)
    return value


def plain(value: Any) -> Any:
    """An entity as plain data, as it would be written in YAML."""
    to_plain = getattr(value, "to_plain", None)
    if to_plain is not None:
        return to_plain()
    if isinstance(value, Entity):
        out = {}
        for name in fields_of(type(value)):
            v = getattr(value, name)
            if v is None or v == [] or v == {}:
                continue
            out[name] = plain(v)
        return out
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, PartialDate):
        return str(value)
    return value


def flatten(entity: Entity) -> dict[str, Any]:
    return {label(path): to_cell(_get(entity, path)) for path, _tp in columns(type(entity))}


def unflatten(cls: type[Entity], row: dict[str, Any]) -> dict[str, Any]:
    """A row (by column label) → plain data ready to write as YAML; empty cells left out."""
    out: dict[str, Any] = {}
    for path, tp in columns(cls):
        raw = row.get(label(path))
        if raw is None or (isinstance(raw, float) and raw != raw) or raw == "":
            continue
        value = from_cell(raw, tp)
        target = out
        *parents, last = path.split(".")
        for p in parents:
            target = target.setdefault(p, {})
        target[last] = value
    return out


def from_cell(raw: Any, tp: Any) -> Any:
    origin = typing.get_origin(tp)
    if origin is list:
        (item,) = typing.get_args(tp)
        if isinstance(item, type) and issubclass(item, Entity):
            return json.loads(raw)
        return [s.strip() for s in str(raw).split(";") if s.strip()]
    if origin is dict:
        data = json.loads(raw)
        key = typing.get_args(tp)[0]
        return {key(k): v for k, v in data.items()}
    if tp is PartialDate:
        if isinstance(raw, dt.datetime | dt.date):
            return str(PartialDate(raw.year, raw.month, raw.day))
        return str(raw).split(" ")[0] if not isinstance(raw, int | float) else int(raw)
    if tp is float:
        number = float(raw)
        return int(number) if number.is_integer() else number
    if tp is int:
        return int(float(raw))
    if tp is bool:
        return str(raw).strip().lower() in ("true", "yes", "1")
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw)
