"""The stages after the source stage read no file: a plan read from strings is the plan.

The layers contract in pyproject.toml (run by `make lint`) says which stage may import
which; this says that the model and the checks do their work on what the source stage
handed them, whatever is on the disk.
"""

from __future__ import annotations

import builtins
import io
import os
from pathlib import Path

import pytest

from cpkit.api import check_plan
from cpkit.checks import run_checks
from cpkit.model.build import build_plan
from cpkit.source.folder import from_texts

from conftest import MINIMAL, write_plan

# a population table with one bad cell (CP602, line 3) and one missing year (CP604)
POPULATION = "year,target_group,count\n2024,seniors,1200\n2025,seniors,many\n2027,seniors,1300\n"
FILES = {**MINIMAL, "demographics/population.csv": POPULATION}


@pytest.fixture
def no_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every way of opening, listing or stat-ing a file fails the test."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"a file was touched: {args[:1]}")

    for owner, name in [
        (builtins, "open"),
        (io, "open"),
        (os, "open"),
        (os, "stat"),
        (os, "scandir"),
        (os, "listdir"),
        (os, "walk"),
        (Path, "read_text"),
        (Path, "read_bytes"),
        (Path, "stat"),
    ]:
        monkeypatch.setattr(owner, name, refuse)


def findings(found: object) -> list[tuple[str, str, int, int]]:
    return sorted((d.code, d.loc.file, d.loc.line, d.loc.column) for d in found)  # type: ignore[attr-defined]


def test_a_plan_from_strings_is_the_plan_from_its_folder(tmp_path: Path) -> None:
    _, report = check_plan(write_plan(tmp_path / "plan", FILES))
    source = from_texts(FILES, root=tmp_path / "nowhere")
    plan, built = build_plan(source)
    found = source.diagnostics + built + list(run_checks(plan))
    assert findings(found) == findings(report)
    assert ("CP602", "demographics/population.csv", 3) in {f[:3] for f in findings(found)}
    assert plan.demographics.population[("seniors", 2024)] == 1200
    assert [s.id for s in plan.services] == ["care"]


def test_building_and_checking_touch_no_file(no_disk: None) -> None:
    source = from_texts(FILES, root="/nowhere")
    plan, built = build_plan(source)
    found = list(run_checks(plan))
    codes = {d.code for d in source.diagnostics + built + found}
    assert {"CP602", "CP604"} <= codes  # the table was read from its string, and checked
    assert plan.info is not None and plan.info.title == "Minimal plan"
