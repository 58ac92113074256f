"""A Czech community plan as a newcomer encodes it from the Ústí 2004–2006 method: each case
below is a stumble met that way, reproduced from the plan as written, not from the example."""

from __future__ import annotations

import csv
from pathlib import Path

from conftest import invoke, write_plan

# Seed 004's needs matrix: eight needs, the last two (Catering, Education and retraining)
# with no filled cell in any row.
EIGHT_NEEDS = """\
service_types:
  - {id: assistance, name: Assistance services}
  - {id: sheltered, name: Sheltered housing}
services:
  - id: care
    name: Home care service
    provider: ngo
    type: assistance
    target_groups: [seniors]
    capacity: {value: 10, unit: places}
needs:
  - {id: information, name: Information on provision}
  - {id: finance, name: Financial management}
  - {id: leisure, name: Active leisure activities}
  - {id: personal-care, name: Personal care}
  - {id: home-help, name: Help in the home}
  - {id: housing, name: Housing}
  - {id: catering, name: Catering}
  - {id: education, name: Education and retraining}
needs_matrix:
  - id: seniors-assistance
    target_group: seniors
    service_type: assistance
    cells: {information: [care], finance: missing, leisure: not needed, personal-care: [care]}
  - id: seniors-sheltered
    target_group: seniors
    service_type: sheltered
    cells: {home-help: missing, housing: missing}
"""
OBJECTIVES_ANSWERING = """\
priorities:
  - id: "1"
    title: Care for senior citizens
    area: seniors
    objectives:
      - id: "1.1"
        title: Provision of residential services
        measures:
          - id: "1.1.1"
            title: Sheltered flats
            start: 2025-01
            end: 2026-12
            costs: {total: 100, per_year: {2025: 60, 2026: 40}}
            answers: [seniors-sheltered/housing, seniors-sheltered/home-help,
                      seniors-assistance/finance]
"""


def eight_needs_plan(tmp_path: Path) -> Path:
    return write_plan(
        tmp_path / "plan",
        {"services.yaml": EIGHT_NEEDS, "objectives.yaml": OBJECTIVES_ANSWERING},
    )


def test_a_need_no_row_fills_is_still_a_column_of_the_rendered_matrix(tmp_path: Path) -> None:
    plan = eight_needs_plan(tmp_path)
    assert invoke("check", str(plan), "--strict").returncode == 0
    out = tmp_path / "out"
    assert invoke("render", str(plan), "-o", str(out)).returncode == 0
    md = (out / "plan.md").read_text(encoding="utf-8")
    header = next(line for line in md.splitlines() if "Information on provision" in line)
    # the row label, then all eight needs in the plan's order
    assert header.count("|") == 1 + 1 + 8
    assert header.rstrip(" |").endswith("Catering | Education and retraining")
    html = (out / "plan.html").read_text(encoding="utf-8")
    assert "<th>Education and retraining</th>" in html


def test_a_need_no_row_fills_is_still_a_column_of_the_exported_matrix(tmp_path: Path) -> None:
    plan = eight_needs_plan(tmp_path)
    out = tmp_path / "csv"
    assert invoke("export", str(plan), "-o", str(out)).returncode == 0
    with (out / "needs_matrix.csv").open(encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert rows[0][4:] == [
        "information", "finance", "leisure", "personal-care",
        "home-help", "housing", "catering", "education",
    ]  # fmt: skip
    assert rows[1][-2:] == ["", ""]
    assert rows[2][4:] == ["", "", "", "", "missing", "missing", "", ""]
