"""Entities as spreadsheet rows and back: one column per field, nested fields joined.

Export and import share these functions, so a spreadsheet written by `cpkit export`
reads back through `cpkit import` unchanged.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import math
import re
import types
import typing
from typing import Any

from cpkit.model.fields import Entity, PartialDate, fields_of

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


class CellError(ValueError):
    """A cell that cannot be read as its field's type; `path` names the field, once known."""

    def __init__(self, message: str, path: str = "") -> None:
        super().__init__(message)
        self.path = path


def unflatten(cls: type[Entity], row: dict[str, Any]) -> dict[str, Any]:
    """A row (by column label) → plain data ready to write as YAML; empty cells left out.

    Raises CellError with the field's path, so that the caller can name the column.
    """
    out: dict[str, Any] = {}
    for path, tp in columns(cls):
        raw = row.get(label(path))
        if raw is None or (isinstance(raw, float) and raw != raw) or raw == "":
            continue
        try:
            value = from_cell(raw, tp)
        except CellError as exc:
            exc.path = path
            raise
        target = out
        *parents, last = path.split(".")
        for p in parents:
            target = target.setdefault(p, {})
        target[last] = value
    return out


def from_cell(raw: Any, tp: Any) -> Any:
    """A cell as a value of type `tp`; a cell that is not one raises CellError."""
    origin = typing.get_origin(tp)
    if origin is list:
        (item,) = typing.get_args(tp)
        if isinstance(item, type) and issubclass(item, Entity):
            return _json(raw, list)
        return [s.strip() for s in str(raw).split(";") if s.strip()]
    if origin is dict:
        key = typing.get_args(tp)[0]
        return {_key(k, key): v for k, v in _json(raw, dict).items()}
    if tp is PartialDate:
        if isinstance(raw, dt.datetime | dt.date):
            return str(PartialDate(raw.year, raw.month, raw.day))
        return str(raw).split(" ")[0] if not isinstance(raw, int | float) else int(raw)
    if tp is float:
        number = _number(raw)
        return int(number) if number.is_integer() else number
    if tp is int:
        number = _number(raw)
        if not number.is_integer():
            raise CellError(f"{_shown(raw)} is not a whole number")
        return int(number)
    if tp is bool:
        return str(raw).strip().lower() in ("true", "yes", "1")
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw)


# A number as Python and YAML write it: no spaces, no thousands separators, a decimal point.
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def _number(raw: Any) -> float:
    """A numeric cell; text that only looks like a number gets a hint of what it means."""
    if isinstance(raw, int | float) and not isinstance(raw, bool):
        number = float(raw)
    elif isinstance(raw, str) and _NUMBER.fullmatch(raw.strip()):
        number = float(raw.strip())
    else:
        raise CellError(f"{_shown(raw)} is not a number{_number_hint(str(raw))}")
    if not math.isfinite(number):
        raise CellError(f"{_shown(raw)} is not a number")
    return number


def _number_hint(text: str) -> str:
    """What a number written the way people write it (`1 200`, `80,5`) probably means."""
    compact = re.sub(r"[\s'’]", "", text)
    if "," in compact and "." in compact:
        # The separator written last is the decimal one: 1.200,5 or 1,200.5.
        if compact.rindex(",") > compact.rindex("."):
            compact = compact.replace(".", "").replace(",", ".")
        else:
            compact = compact.replace(",", "")
    elif compact.count(",") == 1:
        whole, fraction = compact.split(",")
        if len(fraction) == 3 and whole.lstrip("+-"):
            return (
                f", and it is ambiguous: {whole}{fraction} (a thousands separator) or "
                f"{whole}.{fraction} (a decimal comma)? Write {whole}{fraction} or "
                f"{whole}.{fraction}"
            )
        compact = f"{whole}.{fraction}"
    elif compact.count(",") > 1:
        compact = compact.replace(",", "")
    if not _NUMBER.fullmatch(compact):
        return ""
    return (
        f"; did you mean {compact}? (write numbers without spaces or thousands separators, "
        "with a decimal point)"
    )


def _json(raw: Any, shape: type[list] | type[dict]) -> Any:
    """A cell that `cpkit export` wrote as JSON: a list of objects, or an object."""
    what = "a JSON list of objects" if shape is list else "a JSON object"
    text = raw if isinstance(raw, str) else str(raw)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CellError(
            f"{_shown(text)} is not valid JSON ({exc.msg}, character {exc.pos + 1}); this "
            f"column holds {what}, as `cpkit export` writes it"
        ) from None
    items = data if isinstance(data, list) else []
    if not isinstance(data, shape) or not all(isinstance(i, dict) for i in items):
        raise CellError(f"{_shown(text)} is not {what}, as `cpkit export` writes it")
    return data


def _key(text: str, tp: type) -> Any:
    try:
        return tp(text)
    except ValueError:
        raise CellError(f"key {text!r} is not a {tp.__name__}") from None


def _shown(raw: Any, limit: int = 60) -> str:
    text = str(raw)
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")
