"""Entities as spreadsheet rows and back: one column per field, nested fields joined.

Export and import share these functions, so a spreadsheet written by `cpkit export`
reads back through `cpkit import` unchanged.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
from typing import Any

from cpkit.model.fields import Entity, FieldType, PartialDate, field_type, fields_of
from cpkit.model.numbers import PLAIN_NUMBER, meant_number

LIST_SEPARATOR = "; "


@functools.cache
def columns(cls: type[Entity], prefix: str = "") -> tuple[tuple[str, FieldType], ...]:
    """(path, type) per column: nested single entities are spread out, lists kept whole."""
    out: list[tuple[str, FieldType]] = []
    for name, (_f, tp) in fields_of(cls).items():
        ft = field_type(tp)
        path = f"{prefix}{name}"
        if ft.kind == "entity" and not ft.custom:
            assert ft.entity is not None
            out.extend(columns(ft.entity, f"{path}."))
        else:
            out.append((path, ft))
    return tuple(out)


def label(path: str) -> str:
    """`capacity.value` → `Capacity value`."""
    text = path.replace(".", " ").replace("_", " ")
    return text[:1].upper() + text[1:]


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


class CellError(ValueError):
    """A cell that cannot be read as its field's type, as data: `key` names its message
    (``errors.import.cell.<key>`` in the cli catalogue, said with the row and column by the
    import), `data` its fields; `path` names the field, once known. ``str()`` is a key and
    the data, for logs."""

    def __init__(self, key: str, path: str = "", /, **data: str) -> None:
        super().__init__(f"{key} {data}")
        self.key = key
        self.data = data
        self.path = path


def unflatten(cls: type[Entity], row: dict[str, Any]) -> dict[str, Any]:
    """A row (by column label) → plain data ready to write as YAML; empty cells left out.

    Raises CellError with the field's path, so that the caller can name the column.
    """
    out: dict[str, Any] = {}
    for path, ft in columns(cls):
        raw = row.get(label(path))
        if raw is None or (isinstance(raw, float) and raw != raw) or raw == "":
            continue
        try:
            value = from_cell(raw, ft)
        except CellError as exc:
            exc.path = path
            raise
        target = out
        *parents, last = path.split(".")
        for p in parents:
            target = target.setdefault(p, {})
        target[last] = value
    return out


def from_cell(raw: Any, ft: FieldType) -> Any:
    """A cell as a value of type `ft`; a cell that is not one raises CellError."""
    if ft.kind == "list":
        assert ft.item is not None
        if ft.item.kind == "entity":
            return _json(raw, list)
        return [s.strip() for s in str(raw).split(";") if s.strip()]
    if ft.kind == "map":
        assert ft.key is not None
        return {_key(k, ft.key.annotation): v for k, v in _json(raw, dict).items()}
    if ft.kind == "date":
        if isinstance(raw, dt.datetime | dt.date):
            return str(PartialDate(raw.year, raw.month, raw.day))
        return str(raw).split(" ")[0] if not isinstance(raw, int | float) else int(raw)
    if ft.kind == "number":
        number = _number(raw)
        return int(number) if number.is_integer() else number
    if ft.kind == "whole":
        number = _number(raw)
        if not number.is_integer():
            raise CellError("not_whole", value=_shown(raw))
        return int(number)
    if ft.kind == "bool":
        return str(raw).strip().lower() in ("true", "yes", "1")
    # text, a choice, or an entity written in a form of its own: the cell's text
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw)


def _number(raw: Any) -> float:
    """A numeric cell; text that only looks like a number gets a hint of what it means."""
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        number = float(raw)
    elif isinstance(raw, str) and PLAIN_NUMBER.fullmatch(raw.strip()):
        number = float(raw.strip())
    else:
        raise _not_a_number(raw)
    if not math.isfinite(number):
        raise CellError("not_number", value=_shown(raw))
    return number


def _not_a_number(raw: Any) -> CellError:
    """Text that is not a number, with the number it probably means (`1 200`, `80,5`)."""
    meant = meant_number(str(raw))
    if meant is None:
        return CellError("not_number", value=_shown(raw))
    if meant.how == "ambiguous":  # 1,200: 1200, or 1.2 if the comma marks decimals
        return CellError("ambiguous", value=_shown(raw), meant=meant.value, decimal=meant.decimal)
    return CellError("meant", value=_shown(raw), meant=meant.value)


def _json(raw: Any, shape: type[list] | type[dict]) -> Any:
    """A cell that `cpkit export` wrote as JSON: a list of objects, or an object."""
    held = "list" if shape is list else "object"  # the catalogue's words for each
    text = raw if isinstance(raw, str) else str(raw)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CellError(
            f"bad_json_{held}", value=_shown(text), reason=exc.msg, character=str(exc.pos + 1)
        ) from None
    items = data if isinstance(data, list) else []
    if not isinstance(data, shape) or not all(isinstance(i, dict) for i in items):
        raise CellError(f"not_json_{held}", value=_shown(text))
    return data


def _key(text: str, tp: type) -> Any:
    try:
        return tp(text)
    except ValueError:
        kind = "whole" if tp is int else "number" if tp is float else "text"
        raise CellError(f"key_not_{kind}", key=repr(text)) from None


def _shown(raw: Any, limit: int = 60) -> str:
    text = str(raw)
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")
