"""A plan with errors never crashes a command: each value that once did, as the issue found it.

`cpkit check` reports a wrong-typed or unknown value where it was written; every other
command works on what can be read, says the plan has errors (results may be incomplete) and
ends with exit 0. Before the fix each case below was a traceback in one or more of gaps,
render, export, diff, rollup and progress (a None sorted with strings, `KeyError
'units.nan'`, a None multiplied). The values left out are those check reports: a capacity
without a readable number is no capacity, a fund without a known source no fund.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_properties import POPULATION, RICH_TEXT

from cpkit.api import check_plan

from conftest import MINIMAL, invoke, write_plan

# case → (file, text in RICH, the text written instead, the error check reports at its line)
CASES: dict[str, tuple[str, str, str, tuple[str, int]]] = {
    "period.end": ("plan.yaml", "end: 2027", "end: [2027]", ("CP101", 3)),
    "capacity.value": ("services.yaml", "value: 10,", "value: ten,", ("CP101", 9)),
    "adds_capacity.value": ("objectives.yaml", "value: 5,", "value: five,", ("CP101", 20)),
    "demand.share": ("demand.yaml", "share: 0.02", "share: 2 %", ("CP101", 2)),
    "monitoring.year": ("monitoring/2025.yaml", "year: 2025", "year: this year", ("CP101", 2)),
    "fund source": ("objectives.yaml", "source: eu", "source: lottery", ("CP104", 18)),
    "funding source": ("services.yaml", "source: municipality", "source: city", ("CP104", 11)),
    "capacity unit": ("services.yaml", "unit: places}", "unit: seats}", ("CP104", 9)),
    "demand unit": ("demand.yaml", "unit: places", "unit: seats", ("CP104", 2)),
}


def _plan(folder: Path, file: str, was: str, now: str) -> Path:
    assert RICH_TEXT[file].count(was) == 1, (file, was)
    changed = {**RICH_TEXT, file: RICH_TEXT[file].replace(was, now)}
    return write_plan(folder, {**changed, "demographics/population.csv": POPULATION})


@pytest.mark.parametrize("case", list(CASES))
def test_check_reports_it_and_every_command_works_around_it(tmp_path: Path, case: str) -> None:
    file, was, now, (code, line) = CASES[case]
    plan = _plan(tmp_path / "plan", file, was, now)
    pristine = write_plan(
        tmp_path / "pristine", {**RICH_TEXT, "demographics/population.csv": POPULATION}
    )
    checked = invoke("check", str(plan), "--format", "json")
    assert checked.returncode == 1

    shown = json.loads(checked.stdout)["diagnostics"]
    assert [(d["code"], d["file"], d["line"]) for d in shown] == [(code, str(plan / file), line)]
    warning = f"Warning: the plan has 1 error; results may be incomplete (cpkit check {plan})\n"
    out = tmp_path / "out"
    for args in (
        ["gaps", str(plan)],
        ["gaps", str(plan), "-f", "md"],
        ["render", str(plan), "-o", str(out / "render")],
        ["export", str(plan), "-o", str(out / "plan.xlsx")],
        ["progress", str(plan), "--measures"],
        ["progress", str(plan), "--year", "2026"],
    ):
        result = invoke(*args)
        assert (result.returncode, result.stderr.splitlines()[0] + "\n") == (0, warning), args
    rolled = invoke("rollup", str(pristine), str(plan), "-o", str(out / "rollup"))
    assert rolled.returncode == 0, rolled.stderr
    for a, b in ((pristine, plan), (plan, pristine)):
        diffed = invoke("diff", str(a), str(b))
        assert (diffed.returncode, diffed.stderr) == (0, ""), diffed.stderr


# RICH's capacity row: demand = population 1000 × share 0.02 = 20; existing 10 places (care);
# planned 5 (measure 1.1.1); gap = 20 − 10 − 5 = 5. What is left out changes it so:
CAPACITY = "target_group,service_type,unit,year,population,share,demand,existing,planned,gap\n"
ROW = "seniors,home-care,places,2025,1000,0.02,20,{existing},{planned},{gap}\n"


@pytest.mark.parametrize(
    ("case", "rows"),
    [
        ("period.end", ROW.format(existing=10, planned=5, gap=5)),  # the latest population
        ("capacity.value", ROW.format(existing=0, planned=5, gap=15)),  # care's capacity out
        ("capacity unit", ROW.format(existing=0, planned=5, gap=15)),
        ("adds_capacity.value", ROW.format(existing=10, planned=0, gap=10)),  # nothing added
        ("demand.share", ""),  # no demand, no row
        ("demand unit", ""),
    ],
)
def test_the_capacity_table_leaves_out_what_check_reports(
    tmp_path: Path, case: str, rows: str
) -> None:
    file, was, now, _ = CASES[case]
    plan = _plan(tmp_path / "plan", file, was, now)
    result = invoke("gaps", str(plan), "capacity", "--format", "csv")
    assert (result.returncode, result.stdout) == (0, CAPACITY + rows)


def test_a_fund_of_an_unknown_source_is_no_fund(tmp_path: Path) -> None:
    """Measure 1.1.1 costs 100 (60 in 2025, 40 in 2026); its one fund, 70 from `lottery`
    (not a source), is left out: funds 0 and the gap the whole cost, in every row."""
    plan = _plan(tmp_path / "plan", *CASES["fund source"][:3])
    result = invoke("gaps", str(plan), "funding", "--format", "csv")
    lines = result.stdout.splitlines()
    assert (result.returncode, lines[0]) == (0, "scope,id,title,year,costs,funds,gap")
    assert lines[-3:] == [
        "measure,1.1.1,Sheltered flats,2025,60,0,60",
        "measure,1.1.1,Sheltered flats,2026,40,0,40",
        "measure,1.1.1,Sheltered flats,total,100,0,100",
    ]


def test_a_huge_sexagesimal_float_is_a_wrong_type_not_a_crash(tmp_path: Path) -> None:
    """YAML 1.1 reads `1:59:59` as base 60; 400 such places overflow a float (OverflowError),
    which is the plan's problem, not a bug: CP101 on its line."""
    huge = ":".join(["59"] * 400)
    services = MINIMAL["services.yaml"].replace("value: 10", f"value: !!float 1:{huge}")
    assert services != MINIMAL["services.yaml"]
    plan = write_plan(tmp_path / "p", {"services.yaml": services})
    found = {(c, f) for c, f, _ in check_plan(plan)[1].flatten()}
    assert ("CP101", "services.yaml") in found
