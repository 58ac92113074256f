"""docs/format.md and the model say the same: generated tables, every field, valid examples."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from cpkit.interchange.jsonschema import entity_classes, plan_schema
from cpkit.model.build import build_plan
from cpkit.model.entities import SECTIONS
from cpkit.model.fields import fields_of
from cpkit.source.folder import Document, Source

from conftest import ROOT

DOC = ROOT / "docs" / "format.md"
TEXT = DOC.read_text(encoding="utf-8")
BLOCK = re.compile(r"<!-- fields:(?P<name>[\w.-]+) -->\n(?P<body>.*?)<!-- /fields -->", re.S)
YAML_BLOCK = re.compile(r"^```yaml\n(.*?)^```", re.S | re.M)
FORMAT_CODES = {"CP005", "CP006", "CP101", "CP102", "CP103", "CP104"}


def test_field_tables_are_up_to_date() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_format_docs.py"), "--check"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


def test_every_field_of_every_entity_class_is_documented() -> None:
    tables = {m.group("name"): m.group("body") for m in BLOCK.finditer(TEXT)}
    by_class = {SECTIONS.get(name): body for name, body in tables.items() if name in SECTIONS}
    for cls in entity_classes():
        if getattr(cls, "from_node", None) is not None:
            continue  # written in a form of its own (a needs-matrix cell), described in prose
        body = by_class.get(cls, tables.get(cls.__name__))
        assert body is not None, f"docs/format.md has no table for {cls.__name__}"
        for name in fields_of(cls):
            assert f"| `{name}` |" in body, f"{cls.__name__}.{name} is not in its table"


def test_every_section_has_a_heading() -> None:
    headings = [line for line in TEXT.splitlines() if line.startswith("## ")]
    for name in SECTIONS:
        assert any(f"`{name}`" in h for h in headings), f"no heading for the {name} section"


def _as_json(value: Any) -> Any:
    def iso(v: Any) -> str:
        if isinstance(v, (dt.date, dt.datetime)):
            return v.isoformat()
        raise TypeError(f"not JSON: {v!r}")

    return json.loads(json.dumps(value, default=iso))


# Blocks whose top-level keys are all sections are whole files; the others are excerpts.
FILES = [
    text
    for text in YAML_BLOCK.findall(TEXT)
    if isinstance(yaml.safe_load(text), dict) and set(yaml.safe_load(text)) <= set(SECTIONS)
]


def test_the_examples_cover_every_section() -> None:
    shown = {key for text in FILES for key in yaml.safe_load(text)}
    assert shown == set(SECTIONS)


@pytest.mark.parametrize("text", FILES, ids=[f"example-{i + 1}" for i in range(len(FILES))])
def test_example_file_is_valid(text: str) -> None:
    found = list(
        jsonschema.Draft202012Validator(plan_schema()).iter_errors(_as_json(yaml.safe_load(text)))
    )
    assert not found, found[0].message
    node = yaml.compose(text)
    source = Source(Path("."), documents=[Document("example.yaml", node)], files=["example.yaml"])
    _plan, diagnostics = build_plan(source)
    assert [d.message for d in diagnostics if d.code in FORMAT_CODES] == []
