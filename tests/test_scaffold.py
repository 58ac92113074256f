"""`init_plan`: every shape in every language is a clean plan, and nothing is ever overwritten."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from cpkit.api import check_plan
from cpkit.interchange.jsonschema import schema_text
from cpkit.interchange.scaffold import LANGUAGES, SHAPES, ScaffoldError, catalogue, init_plan

CASES = [(shape, language) for shape in SHAPES for language in LANGUAGES]
#: The fields of the measure card (seed 004, and what practice adds) the community plan shows.
CARD = (
    "characteristics", "impact", "costs", "funds", "clients", "organisations", "new_service",
    "implementer", "responsible", "start", "end", "indicators", "risks", "answers",
    "adds_capacity",
)  # fmt: skip


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """One plan per shape and language, written once for the module."""
    root = tmp_path_factory.mktemp("init")
    out = {}
    for shape, language in CASES:
        dest = root / f"{shape}-{language}"
        init_plan(dest, shape=shape, language=language, year=2025)
        out[shape, language] = dest
    return out


def yaml_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml"))


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.mark.parametrize(("shape", "language"), CASES)
def test_every_shape_and_language_is_a_clean_plan(
    written: dict[tuple[str, str], Path], shape: str, language: str
) -> None:
    plan, report = check_plan(written[shape, language])
    assert report.flatten() == []
    assert not report.failed(strict=True)
    assert plan.info is not None
    assert (plan.info.shape, plan.info.language) == (shape, language)
    assert plan.priorities, "every shape has priorities, objectives and measures"


@pytest.mark.parametrize(("shape", "language"), CASES)
def test_each_yaml_file_starts_with_the_schema_line_and_a_comment(
    written: dict[tuple[str, str], Path], shape: str, language: str
) -> None:
    folder = written[shape, language]
    for path in yaml_files(folder):
        depth = len(path.relative_to(folder).parts) - 1
        first, second = path.read_text(encoding="utf-8").splitlines()[:2]
        assert first == f"# yaml-language-server: $schema={'../' * depth}plan.schema.json"
        assert second.startswith("# ") and len(second) > 10, path
    assert (folder / "plan.schema.json").read_text(encoding="utf-8") == schema_text()


def test_files_per_shape(written: dict[tuple[str, str], Path]) -> None:
    full = {
        "plan.yaml", "stakeholders.yaml", "groups.yaml", "areas.yaml", "services.yaml",
        "needs.yaml", "swot.yaml", "objectives.yaml", "plan.schema.json",
    }  # fmt: skip
    for language in LANGUAGES:
        assert set(snapshot(written["community", language])) == full
        assert set(snapshot(written["district", language])) == full
        ngo = {"plan.yaml", "stakeholders.yaml", "objectives.yaml", "plan.schema.json"}
        assert set(snapshot(written["ngo", language])) == ngo


def test_shapes_hold_what_their_plans_have(written: dict[tuple[str, str], Path]) -> None:
    community, _ = check_plan(written["community", "en"])
    assert {s.side for s in community.stakeholders} >= {"commissioner", "provider", "user"}
    measure = next(community.measures())
    for name in CARD:
        assert getattr(measure, name), f"the full measure card lacks {name}"

    district, _ = check_plan(written["district", "en"])
    # the four District Coordinating Committees and the Local Committee on Services for
    # Young People of a Hong Kong district, each with its chair; all but volunteer
    # movement plan a service area, each area with its SWOT
    committees = [g for g in district.groups if g.kind in ("dcc", "local-committee")]
    assert [g.id for g in committees] == [
        "dcc-family", "dcc-elderly", "dcc-rehabilitation", "dcc-volunteer", "lc-youth"
    ]  # fmt: skip
    assert all(g.chair == "district-officer" for g in committees)
    assert len(district.areas) == len(district.swot) == 4
    assert {f.source for svc in district.services for f in svc.funding} == {"lump-sum-grant"}
    assert district.needs_matrix

    ngo, _ = check_plan(written["ngo", "en"])
    assert not (ngo.areas or ngo.swot or ngo.groups)
    assert ngo.priorities and all(p.area is None for p in ngo.priorities)


def test_period_defaults_to_this_year_and_spans_three_years_or_one(tmp_path: Path) -> None:
    this_year = dt.date.today().year
    init_plan(tmp_path / "c")
    plan, _ = check_plan(tmp_path / "c")
    assert plan.info is not None
    assert (plan.info.period.start.year, plan.info.period.end.year) == (this_year, this_year + 2)
    init_plan(tmp_path / "n", shape="ngo", year=2031)
    plan, report = check_plan(tmp_path / "n")
    assert plan.info is not None
    assert (plan.info.period.start.year, plan.info.period.end.year) == (2031, 2031)
    assert report.flatten() == []


def test_a_title_is_written_as_given_however_it_reads_in_yaml(tmp_path: Path) -> None:
    title = 'Plán: "Ústí" 2025 # návrh'
    files = init_plan(tmp_path / "p", language="cs", title=title)
    plan, report = check_plan(tmp_path / "p")
    assert plan.info is not None and plan.info.title == title
    assert report.flatten() == []
    assert files[0].name == "plan.yaml"


def test_a_missing_nested_folder_is_created(tmp_path: Path) -> None:
    dest = tmp_path / "plans" / "region" / "town"
    files = init_plan(dest, shape="district", language="zh-Hant")
    assert files and all(f.is_file() and dest in f.parents for f in files)
    assert check_plan(dest)[1].flatten() == []


def test_a_fresh_git_repository_is_used(tmp_path: Path) -> None:
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    (tmp_path / "repo" / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    init_plan(tmp_path / "repo", shape="ngo")
    assert (tmp_path / "repo" / "plan.yaml").is_file()
    assert (tmp_path / "repo" / ".git" / "HEAD").read_text() == "ref: refs/heads/main\n"


def test_an_empty_existing_folder_is_used(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    init_plan(tmp_path / "empty", shape="ngo")
    assert (tmp_path / "empty" / "plan.yaml").is_file()


@pytest.mark.parametrize(
    "existing",
    [
        {"plan.yaml": b"plan:\n  title: Our own plan\n"},
        {"notes.txt": b"minutes of the first meeting\n"},
        {"old/objectives.yaml": b"priorities: []\n", ".gitkeep": b""},
    ],
    ids=["same-name", "other-file", "nested"],
)
def test_a_folder_with_files_is_refused_and_left_as_it_was(
    tmp_path: Path, existing: dict[str, bytes]
) -> None:
    dest = tmp_path / "plan"
    for rel, content in existing.items():
        (dest / rel).parent.mkdir(parents=True, exist_ok=True)
        (dest / rel).write_bytes(content)
    before = snapshot(dest)
    with pytest.raises(ScaffoldError, match="not empty"):
        init_plan(dest)
    assert snapshot(dest) == before


def test_a_file_in_the_way_is_refused(tmp_path: Path) -> None:
    dest = tmp_path / "plan"
    dest.write_bytes(b"not a folder\n")
    with pytest.raises(ScaffoldError, match="not a folder"):
        init_plan(dest)
    assert dest.read_bytes() == b"not a folder\n"


@pytest.mark.parametrize(
    ("option", "value"), [("language", "de"), ("language", "zh"), ("shape", "regional")]
)
def test_an_unknown_choice_is_refused_with_the_allowed_ones(
    tmp_path: Path, option: str, value: str
) -> None:
    with pytest.raises(ScaffoldError) as caught:
        init_plan(tmp_path / "p", **{option: value})
    allowed = LANGUAGES if option == "language" else SHAPES
    assert value in str(caught.value)
    assert all(choice in str(caught.value) for choice in allowed)
    assert not (tmp_path / "p").exists()


def test_a_year_that_is_not_four_digits_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ScaffoldError, match="year"):
        init_plan(tmp_path / "p", year=25)
    assert not (tmp_path / "p").exists()


# --- catalogues ----------------------------------------------------------------------------


def shape_of(value: Any) -> Any:
    """The keys of a catalogue, with every text replaced by its type."""
    if isinstance(value, dict):
        return {k: shape_of(v) for k, v in value.items()}
    if isinstance(value, list):
        return [type(v).__name__ for v in value]
    return type(value).__name__


def texts(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        for v in value.values():
            yield from texts(v)
    elif isinstance(value, list):
        for v in value:
            yield from texts(v)
    else:
        yield str(value)


def test_catalogues_have_the_same_keys_under_init() -> None:
    english = shape_of(catalogue("en"))
    for language in LANGUAGES:
        assert shape_of(catalogue(language)) == english, language


@pytest.mark.parametrize("language", [lang for lang in LANGUAGES if lang != "en"])
def test_no_english_text_is_left_in_other_languages(
    written: dict[tuple[str, str], Path], language: str
) -> None:
    # Longer English phrases only: codes and field names in backticks are the same anywhere.
    english = {t for t in texts(catalogue("en")) if len(re.sub(r"`[^`]*`", "", t).split()) >= 3}
    for shape in SHAPES:
        for path in yaml_files(written[shape, language]):
            text = path.read_text(encoding="utf-8")
            assert not [t for t in english if t in text], path


@pytest.mark.parametrize(("shape", "language"), CASES)
def test_editors_accept_every_file_under_the_written_schema(
    written: dict[tuple[str, str], Path], shape: str, language: str
) -> None:
    import jsonschema  # a test dependency: its absence is an error, not a skip

    folder = written[shape, language]
    validator = jsonschema.Draft202012Validator(
        json.loads((folder / "plan.schema.json").read_text(encoding="utf-8"))
    )
    for path in yaml_files(folder):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data = json.loads(json.dumps(data, default=lambda v: v.isoformat()))
        assert [e.message for e in validator.iter_errors(data)] == [], path


def test_a_blank_title_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ScaffoldError, match="--title is empty"):
        init_plan(tmp_path / "plan", shape="community", language="en", title="   ")
    assert not (tmp_path / "plan").exists()
