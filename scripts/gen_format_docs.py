"""Regenerate the field tables of docs/format.md from the model, so that the two never drift.

Each table sits between `<!-- fields:NAME -->` and `<!-- /fields -->`, where NAME is a
section (`plan`, `services`) or an entity class (`Contact`, `Measure`); the prose around
the tables is written by hand and left alone. Every entity class needs exactly one table.

    python scripts/gen_format_docs.py           # rewrite the tables
    python scripts/gen_format_docs.py --check   # exit 1 if docs/format.md is out of date
"""

from __future__ import annotations

import argparse
import dataclasses
import re
import sys
from pathlib import Path
from typing import Any

from cpkit.checks.references import KIND_NAMES
from cpkit.interchange.jsonschema import entity_classes
from cpkit.model.entities import SECTIONS
from cpkit.model.fields import Entity, FieldType, field_type, fields_of
from cpkit.model.services import Cell

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "format.md"
BLOCK = re.compile(r"(<!-- fields:(?P<name>[\w.-]+) -->\n)(?P<body>.*?)(<!-- /fields -->)", re.S)
SIMPLE = {
    "text": "text",
    "whole": "whole number",
    "number": "number",
    "bool": "true or false",
    "date": "date: YYYY, YYYY-MM or YYYY-MM-DD",
}


def documented_classes() -> dict[str, type[Entity]]:
    """Table name → entity class: sections by their name, the other classes by theirs."""
    in_sections = set(SECTIONS.values())
    out: dict[str, type[Entity]] = dict(SECTIONS)
    for cls in entity_classes():
        if cls not in in_sections and getattr(cls, "from_node", None) is None:
            out[cls.__name__] = cls
    return out


def type_name(tp: FieldType | Any, ref: str | None = None, key_ref: str | None = None) -> str:
    """A type (a FieldType, or an annotation) as a planner reads it; text naming another
    entity is an id."""
    ft = tp if isinstance(tp, FieldType) else field_type(tp)
    if ft.kind == "text" and ref:
        return "`ROW/NEED`" if ref == "cells" else "id"
    if ft.kind == "choice":
        return "one of " + ", ".join(f"`{a}`" for a in ft.choices)
    if ft.kind == "list":
        assert ft.item is not None
        item = ft.item
        if item.kind == "choice":
            return "list, each " + type_name(item)
        if item.kind == "entity":
            return f"list of *{item.annotation.__name__}* mappings"
        if item.kind == "text" and ref:
            return "list of `ROW/NEED`" if ref == "cells" else "list of ids"
        return f"list of {type_name(item)}"
    if ft.kind == "map":
        assert ft.key is not None and ft.item is not None
        key = f"{KIND_NAMES[key_ref]} id" if key_ref else type_name(ft.key)
        return f"mapping: {key} → {type_name(ft.item)}"
    if ft.kind == "entity":
        return "cell" if ft.entity is Cell else f"*{ft.annotation.__name__}* mapping"
    return SIMPLE[ft.kind]


def refers_to(meta: Any) -> str:
    parts = []
    if meta.get("ref"):
        parts.append(KIND_NAMES[meta["ref"]])
    if meta.get("key_ref"):
        parts.append(f"{KIND_NAMES[meta['key_ref']]} (the keys)")
    return ", ".join(parts)


def description(f: dataclasses.Field[Any]) -> str:
    text = f.metadata.get("doc", "")
    default = f.default
    if isinstance(default, (str, int, float)) and not isinstance(default, bool):
        text += f" Default: `{default}`."
    elif isinstance(default, bool):
        text += f" Default: `{str(default).lower()}`."
    example = f.metadata.get("example")
    if example is not None:
        text += f" Example: `{_inline(example)}`."
    return text


def _inline(value: Any) -> str:
    """An example as it is written in YAML's one-line form."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_inline(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_inline(v) for v in value) + "]"
    return str(value)


def table(cls: type[Entity]) -> str:
    rows = [
        "| field | type | required | refers to | description |",
        "| --- | --- | --- | --- | --- |",
    ]
    for name, (f, tp) in fields_of(cls).items():
        cells = [
            f"`{name}`",
            type_name(tp, f.metadata.get("ref"), f.metadata.get("key_ref")),
            "yes" if f.metadata.get("required") else "no",
            refers_to(f.metadata),
            description(f),
        ]
        rows.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(rows)


def render(text: str) -> tuple[str, list[str]]:
    """The document with its tables regenerated, and what is wrong with its markers."""
    known = documented_classes()
    problems: list[str] = []
    seen: dict[type[Entity], str] = {}

    def replace(m: re.Match[str]) -> str:
        name = m.group("name")
        cls = known.get(name)
        if cls is None:
            problems.append(f"<!-- fields:{name} -->: no section or entity class {name!r}")
            return m.group(0)
        if cls in seen:
            problems.append(f"<!-- fields:{name} -->: {seen[cls]} already has a table")
        seen[cls] = name
        return f"{m.group(1)}\n{table(cls)}\n\n{m.group(4)}"

    out = BLOCK.sub(replace, text)
    for name, cls in known.items():
        if cls not in seen:
            problems.append(f"no <!-- fields:{name} --> table for {cls.__name__}")
    return out, problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the file is out of date")
    parser.add_argument("path", nargs="?", type=Path, default=DOC, help="default: docs/format.md")
    args = parser.parse_args(argv)
    text = args.path.read_text(encoding="utf-8")
    new, problems = render(text)
    shown = _shown(args.path)
    for p in problems:
        print(f"{shown}: {p}", file=sys.stderr)
    if problems:
        return 1
    if new == text:
        return 0
    if args.check:
        print(f"{args.path} is out of date: run python scripts/gen_format_docs.py", file=sys.stderr)
        return 1
    args.path.write_text(new, encoding="utf-8", newline="\n")
    print(f"Wrote {shown}", file=sys.stderr)
    return 0


def _shown(path: Path) -> str:
    """The path as the user would type it: relative to the project when it is inside."""
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


if __name__ == "__main__":
    sys.exit(main())
