"""The JSON Schema: valid draft 2020-12, true to the examples, and in step with cpkit itself.

Editors validate what a YAML parser hands them, turned into JSON: a date written
2004-04-29 arrives as text and `per_year: {2004: 100}` has the key "2004". The tests feed
the schema the same.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from cpkit.interchange.jsonschema import entity_classes, plan_schema, schema_text
from cpkit.model.build import build_plan
from cpkit.model.fields import fields_of
from cpkit.model.services import Cell
from cpkit.source.folder import Document, Source

from conftest import EXAMPLES

SCHEMA = plan_schema()
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
FORMAT_CODES = {"CP005", "CP006", "CP101", "CP102", "CP103", "CP104"}
EXAMPLE_FILES = sorted(
    p
    for p in EXAMPLES.glob("*/**/*")
    if p.suffix in (".yaml", ".yml")
    and not any(part.startswith(".") for part in p.relative_to(EXAMPLES).parts)
)


def as_json(value: Any) -> Any:
    """What an editor's validator sees: dates as written, mapping keys as text."""

    def iso(v: Any) -> str:
        if isinstance(v, (dt.date, dt.datetime)):
            return v.isoformat()
        raise TypeError(f"not JSON: {v!r}")

    return json.loads(json.dumps(value, default=iso))


def errors(text: str) -> list[str]:
    data = as_json(yaml.safe_load(text))
    return [e.message for e in VALIDATOR.iter_errors(data)]


def cpkit_errors(text: str) -> list[str]:
    """What cpkit's own reading of one file says about its fields and types."""
    source = Source(Path("."), documents=[Document("f.yaml", yaml.compose(text))], files=["f.yaml"])
    _plan, found = build_plan(source)
    return [f"{d.code} {d.message}" for d in found if d.code in FORMAT_CODES]


def test_schema_is_valid_draft_2020_12() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert SCHEMA["title"] == "cpkit plan file"


def test_schema_text_is_stable_json() -> None:
    text = schema_text()
    assert text == schema_text()
    assert text.endswith("}\n")
    assert json.loads(text) == SCHEMA


def test_every_entity_class_and_field_is_in_the_schema() -> None:
    defs = SCHEMA["$defs"]
    for cls in entity_classes():
        assert cls.__name__ in defs
        if cls is Cell:
            continue
        assert set(defs[cls.__name__]["properties"]) == set(fields_of(cls))


def test_examples_given_in_the_model_are_valid() -> None:
    for name, definition in SCHEMA["$defs"].items():
        for field, prop in definition.get("properties", {}).items():
            for example in prop.get("examples", []):
                resolver = {"$defs": SCHEMA["$defs"], **prop}
                found = list(jsonschema.Draft202012Validator(resolver).iter_errors(example))
                assert not found, f"{name}.{field}: {found[0].message}"


@pytest.mark.parametrize(
    "path", EXAMPLE_FILES, ids=[p.relative_to(EXAMPLES).as_posix() for p in EXAMPLE_FILES]
)
def test_example_file_is_valid(path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if data is None:
        pytest.skip("empty file")
    found = sorted(VALIDATOR.iter_errors(as_json(data)), key=lambda e: list(e.absolute_path))
    assert not found, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in found[:10])


def test_unknown_field_fails() -> None:
    found = errors("stakeholders:\n  - {id: city, name: City Hall, colour: red}\n")
    assert len(found) == 1
    assert "colour" in found[0]


def test_unknown_section_fails() -> None:
    assert errors("servises:\n  - {id: care, name: Care}\n")


def test_wrong_enum_value_fails() -> None:
    found = errors("stakeholders:\n  - {id: city, name: City Hall, side: purchaser}\n")
    assert len(found) == 1
    assert "purchaser" in found[0]


# Each snippet is one plan file; the schema and cpkit must agree on whether its fields and
# types are right (references and the other checks are cpkit's alone).
MEASURE = """\
priorities:
  - id: 1
    title: Care for senior citizens
    objectives:
      - id: "1.1"
        title: Residential services
        measures:
          - id: 1.1.1
            title: Sheltered flats
            {extra}
"""
AGREE = [
    ("numbers as ids and text", "target_groups:\n  - {id: 1.10, name: 2004, description: yes}\n"),
    ("empty optional fields", "stakeholders:\n  - id: city\n    name: City\n    contact:\n"),
    ("empty section", "services:\n"),
    ("plan with dates", "plan: {title: T, period: {start: 2004, end: 2006-12-31}}\n"),
    ("month date", "swot:\n  - {area: seniors, date: 2003-12}\n"),
    ("costs by year", MEASURE.format(extra="costs: {total: 3, per_year: {2004: 1, 2005: 2}}")),
    (
        "cell forms",
        "needs_matrix:\n  - id: r\n    cells: {a: missing, b: not needed, c: not_needed,"
        " d: provided, e: not-needed, f: [care, 2]}\n",
    ),
    ("sub-measures", MEASURE.format(extra="measures: [{id: 1.1.1.1, title: Flats}]")),
    ("new service quoted", MEASURE.format(extra='new_service: "no"')),
]
DISAGREE = [
    ("unknown field", "stakeholders:\n  - {id: city, name: City, colour: red}\n"),
    ("unknown section", "servises:\n  - {id: care}\n"),
    ("wrong enum value", "stakeholders:\n  - {id: city, name: City, side: purchaser}\n"),
    ("missing required field", "target_groups:\n  - {id: youth}\n"),
    ("required field left empty", "target_groups:\n  - {id: youth, name: }\n"),
    ("list for text", "target_groups:\n  - {id: youth, name: [a, b]}\n"),
    ("text for a list", "areas:\n  - {id: a, name: A, target_groups: youth}\n"),
    (
        "number with spaces",
        "services:\n  - {id: s, name: S, provider: p, type: t,"
        " capacity: {value: 3 000, unit: places}}\n",
    ),
    (
        "text for a whole number",
        "services:\n  - id: s\n    name: S\n    provider: p\n"
        "    type: t\n    funding: [{source: state, year: next}]\n",
    ),
    (
        "fraction for a whole number",
        "services:\n  - id: s\n    name: S\n    provider: p\n"
        "    type: t\n    funding: [{source: state, year: 2004.5}]\n",
    ),
    ("text for true/false", "stakeholders:\n  - {id: c, name: C, publish_contact: maybe}\n"),
    ("bad cell word", "needs_matrix:\n  - id: r\n    cells: {housing: maybe}\n"),
    ("cell as a mapping", "needs_matrix:\n  - id: r\n    cells: {housing: {a: b}}\n"),
    ("month 13", "swot:\n  - {area: seniors, date: 2003-13}\n"),
    ("date in words", "swot:\n  - {area: seniors, date: March 2004}\n"),
    ("year key in words", MEASURE.format(extra="costs: {per_year: {next year: 5}}")),
    ("plan left empty", "plan:\n"),
    ("list at the top", "- id: youth\n"),
]


@pytest.mark.parametrize("text", [t for _, t in AGREE], ids=[n for n, _ in AGREE])
def test_schema_and_cpkit_both_accept(text: str) -> None:
    assert cpkit_errors(text) == []
    assert errors(text) == []


@pytest.mark.parametrize("text", [t for _, t in DISAGREE], ids=[n for n, _ in DISAGREE])
def test_schema_and_cpkit_both_refuse(text: str) -> None:
    assert cpkit_errors(text)
    assert errors(text)
