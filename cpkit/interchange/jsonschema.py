"""The JSON Schema of one plan file, generated from the model so that it cannot drift.

Editors (through the yaml-language-server) use it to complete field names and flag
mistakes while a planner types; `cpkit check` remains the judge. The schema follows what
the converters in :mod:`cpkit.model.convert` accept: text fields take any scalar (the raw text is
kept), an optional field may be left empty, and keys that are whole numbers are matched as
text, since JSON has no other keys.
"""

from __future__ import annotations

import copy
import dataclasses
import json
from typing import Any

from cpkit.model.entities import SECTIONS, SINGLE_SECTIONS
from cpkit.model.fields import Entity, FieldType, field_type, fields_of
from cpkit.model.services import Cell

DRAFT = "https://json-schema.org/draft/2020-12/schema"
TITLE = "cpkit plan file"

# YAML keeps the written text of a scalar, so `id: 1` or `version: 2.10` are text too.
TEXT: dict[str, Any] = {"type": ["string", "number", "boolean"]}
MONTH = "(0?[1-9]|1[0-2])"
DAY = "(0?[1-9]|[12][0-9]|3[01])"
DATE: dict[str, Any] = {
    "anyOf": [
        {"type": "integer", "minimum": 1000, "maximum": 9999},
        {"type": "string", "pattern": f"^[0-9]{{4}}(-{MONTH}(-{DAY})?)?$"},
    ]
}
SIMPLE: dict[str, dict[str, Any]] = {
    "text": TEXT,
    "whole": {"type": "integer"},
    "number": {"type": "number"},
    "bool": {"type": "boolean"},
    "date": DATE,
}
INT_KEY = {"pattern": "^-?[0-9]+$"}


def entity_classes() -> list[type[Entity]]:
    """Every entity class the format uses, in the order a reader meets them from SECTIONS."""
    found: list[type[Entity]] = []

    def visit(ft: FieldType) -> None:
        cls = ft.entity
        if cls is not None:
            if cls in found:
                return
            found.append(cls)
            if ft.custom:
                return
            for _f, field_tp in fields_of(cls).values():
                visit(field_type(field_tp))
        for part in (ft.key, ft.item):
            if part is not None:
                visit(part)

    for cls in SECTIONS.values():
        visit(field_type(cls))
    return found


def plan_schema() -> dict[str, Any]:
    """The schema of one file: a mapping of sections, each optional."""
    defs: dict[str, Any] = {}
    sections: dict[str, Any] = {}
    for name, cls in SECTIONS.items():
        ref = _entity_ref(cls, defs)
        label = cls.label or cls.__name__
        if name in SINGLE_SECTIONS:
            sections[name] = {**ref, "description": f"The {label}; one per plan folder."}
        else:
            sections[name] = {
                "description": f"A list, each entry one {label}; "
                "the list may continue in other files. A single entry may stand alone.",
                "anyOf": [{"type": ["array", "null"], "items": ref}, ref],
            }
    schema = {
        "$schema": DRAFT,
        "title": TITLE,
        "description": "One YAML file of a cpkit plan folder: a mapping of sections, each "
        "optional. A section may be split over several files.",
        "type": "object",
        "properties": sections,
        "additionalProperties": False,
        "$defs": defs,
    }
    return copy.deepcopy(schema)  # the caller's to change: nothing shared with the constants


def schema_text() -> str:
    """The schema as the file `cpkit schema` writes: stable, so that it diffs cleanly."""
    return json.dumps(plan_schema(), indent=2, ensure_ascii=False) + "\n"


# --- types -------------------------------------------------------------------------------


def _entity_ref(cls: type[Entity], defs: dict[str, Any]) -> dict[str, Any]:
    name = cls.__name__
    if name not in defs:
        defs[name] = {}  # claimed first, so that recursive types (sub-measures) terminate
        defs[name] = _cell() if cls is Cell else _entity(cls, defs)
    return {"$ref": f"#/$defs/{name}"}


def _entity(cls: type[Entity], defs: dict[str, Any]) -> dict[str, Any]:
    if field_type(cls).custom:
        raise TypeError(f"{cls.__name__} is written in a form of its own; describe it here")
    properties: dict[str, Any] = {}
    required: list[str] = []
    for name, (f, tp) in fields_of(cls).items():
        meta = f.metadata
        prop: dict[str, Any] = {"description": meta.get("doc", "")}
        prop.update(_type(field_type(tp), defs))
        if meta.get("required"):
            required.append(name)
        else:
            prop = _nullable(prop)
        default = _default(f)
        if default is not None:
            prop["default"] = default
        if meta.get("example") is not None:
            prop["examples"] = [_jsonable(meta["example"])]
        properties[name] = prop
    out: dict[str, Any] = {"title": cls.label or cls.__name__}
    doc = _docstring(cls)
    if doc:
        out["description"] = doc
    out.update({"type": "object", "properties": properties, "additionalProperties": False})
    if required:
        out["required"] = required
    return out


def _type(ft: FieldType, defs: dict[str, Any]) -> dict[str, Any]:
    """The schema of a value of type `ft`, without description or nullability."""
    if ft.kind == "choice":
        return {"enum": list(ft.choices)}
    if ft.kind == "list":
        assert ft.item is not None
        return {"type": "array", "items": _type(ft.item, defs)}
    if ft.kind == "map":
        assert ft.key is not None and ft.item is not None
        out: dict[str, Any] = {"type": "object", "additionalProperties": _type(ft.item, defs)}
        if ft.key.kind == "whole":
            out["propertyNames"] = INT_KEY
        elif ft.key.kind != "text":
            raise TypeError(f"unsupported key type in {ft.annotation}")
        return out
    if ft.kind == "entity":
        assert ft.entity is not None
        return _entity_ref(ft.entity, defs)
    return copy.copy(SIMPLE[ft.kind])


def _cell() -> dict[str, Any]:
    words = list(Cell.WORDS)
    return {
        "title": Cell.label,
        "description": "The services that meet the need (a list of service ids), or one "
        "of: " + ", ".join(words) + ".",
        "anyOf": [{"enum": words}, {"type": "array", "items": TEXT}],
    }


def _nullable(prop: dict[str, Any]) -> dict[str, Any]:
    """An optional field may be written with no value: cpkit reads that as left out."""
    kind = prop.get("type")
    if isinstance(kind, str):
        return {**prop, "type": [kind, "null"]}
    if isinstance(kind, list):
        return {**prop, "type": [*kind, "null"]}
    if "enum" in prop:
        return {**prop, "enum": [*prop["enum"], None]}
    if "anyOf" in prop:
        return {**prop, "anyOf": [*prop["anyOf"], {"type": "null"}]}
    body = {k: v for k, v in prop.items() if k != "description"}
    return {"description": prop["description"], "anyOf": [body, {"type": "null"}]}


def _default(f: dataclasses.Field[Any]) -> Any:
    """A scalar default worth showing in an editor (not None, not an empty list)."""
    if f.default is dataclasses.MISSING or f.default is None:
        return None
    return f.default if isinstance(f.default, (str, int, float, bool)) else None


def _docstring(cls: type) -> str | None:
    # dataclasses invent a docstring (the signature) for classes that have none
    doc = cls.__doc__
    if not doc or doc.startswith(f"{cls.__name__}("):
        return None
    return " ".join(doc.split())


def _jsonable(value: Any) -> Any:
    """An example as JSON holds it: mapping keys become text (`2004` → "2004")."""
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    return value
