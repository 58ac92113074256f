"""Gap tables of the Ústí example against figures computed by hand from its files."""

from __future__ import annotations

from pathlib import Path

import pytest

from cpkit.analysis.gaps import (
    capacity_gaps,
    funding_gaps,
    participation_gaps,
    progress_gaps,
    service_gaps,
)
from cpkit.api import load_plan
from cpkit.model.entities import Plan

from conftest import EXAMPLES


@pytest.fixture(scope="module")
def usti() -> Plan:
    return load_plan(EXAMPLES / "usti-seniors")


def test_service_gaps(usti: Plan) -> None:
    table = service_gaps(usti)
    # needs.yaml marks 8 cells missing; each names the measure that answers it in objectives/
    assert len(table) == 8
    assert table["answered"].all()
    row = table[(table["row"] == "seniors-sheltered") & (table["need"] == "Help in the home")]
    assert row["answered_by"].tolist() == ["1.1.2.3"]


def test_capacity_gaps(usti: Plan) -> None:
    table = capacity_gaps(usti).set_index(["service_type", "unit"])
    # population of senior-citizens in 2006 (the plan's last year): 13,910
    beds = table.loc[("residential-care", "beds")]
    # demand 13,910 × 0.035 = 486.85; existing: dd-residential 430 beds;
    # planned: 1.1.2.2 adds 14 beds; gap 486.85 − 430 − 14 = 42.85
    assert (beds["population"], beds["demand"], beds["existing"], beds["planned"]) == (
        13910,
        pytest.approx(486.85),
        430,
        14,
    )
    assert beds["gap"] == pytest.approx(42.85)
    flats = table.loc[("sheltered-housing", "flats")]
    # 13,910 × 0.025 = 347.75; existing dps-flats 250; planned 40 (1.1.2.3) + 30 (1.1.2.4) = 70
    # gap 347.75 − 250 − 70 = 27.75
    assert (flats["demand"], flats["existing"], flats["planned"]) == (
        pytest.approx(347.75),
        250,
        70,
    )
    assert flats["gap"] == pytest.approx(27.75)
    field = table.loc[("field", "clients-per-month")]
    # 13,910 × 0.05 = 695.5; existing 520 (city-home-care) + 120 (ngo-home-care-service) = 640;
    # meals-on-wheels counts clients per day, another unit, so it is left out; gap 55.5
    assert (field["demand"], field["existing"], field["planned"], field["gap"]) == (
        pytest.approx(695.5),
        640,
        0,
        pytest.approx(55.5),
    )


def test_capacity_uses_latest_population_before_the_year(usti: Plan) -> None:
    table = capacity_gaps(usti, year=2010)
    assert set(table["year"]) == {2006}
    table = capacity_gaps(usti, year=2003)
    # 13,290 × 0.035 = 465.15
    assert table.iloc[0]["demand"] == pytest.approx(465.15)


def test_funding_gaps(usti: Plan) -> None:
    table = funding_gaps(usti)
    totals = table[table["year"] == "total"].set_index(["scope", "id"])
    # objective 1.1: 3,848,250 (1.1.1.1) + 450,000 + 2,400,000 + 700,000 + 6,500,000
    #   + 9,200,000 + 300,000 = 23,398,250; funds: all but 1.1.1.1, whose card names sources
    #   without amounts, so 23,398,250 − 3,848,250 = 19,550,000 and the gap is 3,848,250
    o11 = totals.loc[("objective", "1.1")]
    assert (o11["costs"], o11["funds"], o11["gap"]) == (23398250, 19550000, 3848250)
    # area seniors: 23,398,250 + 4,140,000 (1.2) + 1,350,000 (1.3) + 270,000 (1.4) = 29,158,250
    assert totals.loc[("area", "seniors")]["costs"] == 29158250
    # joint objectives (priority 2): 900,000 + 1,500,000 + 360,000 + 450,000 = 3,210,000
    assert totals.loc[("area", "(joint)")]["costs"] == 3210000
    # plan: 29,158,250 + 3,210,000 = 32,368,250
    plan = totals.loc[("plan", "usti-2cpp-seniors")]
    assert (plan["costs"], plan["gap"]) == (32368250, 3848250)
    # funds of the other objectives, all of whose measures are paid for in full:
    # 1.2: 2,700,000 + 900,000 (1.2.1) + 360,000 + 180,000 (1.2.2) = 4,140,000
    # 1.3: 450,000 + 150,000 + 120,000 + 150,000 + 240,000 + 240,000 = 1,350,000
    # 1.4: 112,500 + 37,500 + 120,000 = 270,000
    # 2.1 (joint): 900,000 + 1,125,000 + 375,000 + 360,000 + 300,000 + 150,000 = 3,210,000
    for objective, money in (("1.2", 4140000), ("1.3", 1350000), ("1.4", 270000)):
        row = totals.loc[("objective", objective)]
        assert (row["costs"], row["funds"], row["gap"]) == (money, money, 0), objective
    joint = totals.loc[("area", "(joint)")]
    assert (joint["funds"], joint["gap"]) == (3210000, 0)
    # seniors: 19,550,000 + 4,140,000 + 1,350,000 + 270,000 = 25,310,000; plan: + 3,210,000
    assert totals.loc[("area", "seniors")]["funds"] == 25310000
    assert plan["funds"] == 28520000
    # municipality over all measures: 1.6M + 0.7M + 4.5M + 5.2M + 0.1M + 2.7M + 0.18M + 0.45M
    #   + 37,500 + 120,000 (area: 15,587,500) + 0.9M + 375,000 + 360,000 + 300,000 = 17,522,500
    assert plan["municipality"] == 17522500
    assert totals.loc[("area", "seniors")]["municipality"] == 15587500
    # costs in 2004: 1,282,750 + 150,000 + 400,000 + 100,000 + 900,000 + 180,000 + 250,000
    #   + 90,000 + 160,000 + 50,000 (area: 3,562,750) + 300,000 + 1,000,000 + 120,000
    #   + 150,000 = 5,132,750; no fund names a year, so none is counted in 2004
    y2004 = table[(table["scope"] == "plan") & (table["year"] == "2004")].iloc[0]
    assert (y2004["costs"], y2004["funds"], y2004["gap"]) == (5132750, 0, 5132750)
    area2004 = table[(table["id"] == "seniors") & (table["year"] == "2004")].iloc[0]
    assert area2004["costs"] == 3562750


def test_hkcss_states_no_money_so_every_funding_row_is_zero() -> None:
    """Its measures give no costs, and its one list of funds (4.5.2, applications still in
    progress) no amounts, as the YAML itself shows: the funding table has a row of zeros for
    the plan, the joint objectives and each of its 15 objectives."""
    import yaml

    def measures(items: list[dict]) -> list[dict]:
        return [m for item in items for m in (item, *measures(item.get("measures", [])))]

    folder = EXAMPLES / "hkcss-2023"
    objectives = []
    for path in sorted((folder / "objectives").glob("*.yaml")):
        for priority in yaml.safe_load(path.read_text(encoding="utf-8"))["priorities"]:
            for objective in priority["objectives"]:
                objectives.append(objective["id"])
                for measure in measures(objective.get("measures", [])):
                    assert "costs" not in measure, measure["id"]
                    assert all("amount" not in f for f in measure.get("funds", [])), measure["id"]
    assert len(objectives) == 15
    table = funding_gaps(load_plan(folder))
    assert set(table["year"]) == {"total"}  # no year has money either
    shown = table[table["scope"] != "measure"]
    assert shown["id"].tolist() == ["hkcss-2023-24", "(joint)", *objectives]
    assert (shown[["costs", "funds", "gap"]] == 0).all().all()


def test_progress_without_and_with_actuals(usti: Plan) -> None:
    table = progress_gaps(usti, {})  # as if no monitoring year were recorded
    assert len(table) == 7
    assert set(table["status"]) == {"no actual yet", "qualitative"}
    actuals = {
        ("1.1", "residents-satisfaction"): (2005, 80.0),
        ("1.1.1.2", "community-clubs"): (2006, 8.0),
    }
    table = progress_gaps(usti, actuals).set_index("indicator")
    row = table.loc["residents-satisfaction"]
    # achieved (80 − 72) / (85 − 72) = 61.5 %; expected by 2005: 2 of 3 years = 66.7 %;
    # 61.5 / 66.7 = 0.92 ≥ 0.9 → on track
    assert row["achieved_pct"] == pytest.approx(61.538, abs=0.001)
    assert row["status"] == "on track"
    # (8 − 4) / (8 − 4) = 100 % → done
    assert table.loc["community-clubs"]["status"] == "done"


def test_participation(usti: Plan) -> None:
    table = participation_gaps(usti).set_index(["kind", "id"])
    row = table.loc[("group", "cg-seniors")]
    # commissioner: usti-city-hall, city-districts; user: seniors-council, residents-committee;
    # provider: dd, dpd-bukov, dpd-kb, dpd-st, city-care-service, ngo-home-care, ngo-assistance,
    # ldn, and cg-seniors-chair, a person of dd; job-centre has no side
    assert (row["commissioner"], row["provider"], row["user"], row["missing"]) == (2, 9, 2, "")
    assert table.loc[("area", "seniors")]["missing"] == ""


def test_participation_reports_missing_side(tmp_path) -> None:
    from conftest import write_plan

    groups = "groups:\n  - {id: cg2, name: Youth group, members: [city]}\n"
    table = participation_gaps(load_plan(write_plan(tmp_path, {"more.yaml": groups})))
    assert table.set_index("id").loc["cg2"]["missing"] == "provider, user"


def test_progress_from_the_monitoring_years(usti: Plan) -> None:
    from cpkit.analysis.progress import Progress

    table = progress_gaps(usti).set_index("indicator")
    clubs = table.loc["community-clubs"]
    # monitoring/2005.yaml: 5 clubs; (5 − 4) / (8 − 4) = 25 %; expected by 2005: 2 of 3 years
    # = 66.7 %; 25 / 66.7 = 0.375 < 0.6 → off track
    assert (clubs["actual"], clubs["actual_year"], clubs["status"]) == (5, 2005, "off track")
    satisfaction = table.loc["residents-satisfaction"]
    # 79 in 2005: (79 − 72) / (85 − 72) = 53.8 %; 53.8 / 66.7 = 0.81 → at risk
    assert satisfaction["achieved_pct"] == pytest.approx(53.846, abs=0.001)
    assert satisfaction["status"] == "at risk"
    rollup = Progress(usti).table().set_index(["level", "id"])["status"]
    # 1.1.2.1 reported done in 2005; 1.1.2.3 postponed → at risk; 1.1.1.2's clubs off track
    assert rollup[("measure", "1.1.2.1")] == "done"
    assert rollup[("measure", "1.1.2.3")] == "at risk"
    assert rollup[("measure", "1.1.1")] == "off track"  # its sub-measure 1.1.1.2 is
    # objective 1.1: the worst of its own indicator (at risk) and its measures (off track)
    assert rollup[("objective", "1.1")] == "off track"
    assert rollup[("objective", "1.2")] == "at risk"  # evening home care: 40 % of the way
    assert rollup[("area", "seniors")] == "off track"
    assert rollup[("area", "(joint)")] == "on track"
    # as of 2004: clubs have no value yet, 1.1.2.3 is not postponed yet
    early = Progress(usti, 2004).table().set_index(["level", "id"])["status"]
    assert early[("measure", "1.1.2.3")] == "on track"


def _indicator_plan(tmp_path: Path, indicators: str, monitoring: str | None = None) -> Plan:
    """MINIMAL with `indicators` (YAML list items) on measure 1.1.1 and a monitoring file."""
    from conftest import MINIMAL, write_plan

    objectives = MINIMAL["objectives.yaml"].replace(
        "            answers:", "            indicators:\n" + indicators + "            answers:"
    )
    files = {"objectives.yaml": objectives, "monitoring/2025.yaml": monitoring}
    return load_plan(write_plan(tmp_path, files))


def test_progress_actual_without_target_is_no_target(tmp_path: Path) -> None:
    """An actual with no target is "no target": "no actual yet" would deny the actual."""
    plan = _indicator_plan(
        tmp_path,
        "              - {id: visits, name: Home visits, baseline: {value: 10}}\n"
        "              - {id: calls, name: Calls answered}\n",
    )
    table = progress_gaps(plan, {("1.1.1", "visits"): (2025, 12.0)}).set_index("indicator")
    visits = table.loc["visits"]
    assert (visits["actual"], visits["status"]) == (12, "no target")
    assert visits["achieved_pct"] != visits["achieved_pct"]  # NaN: nothing to measure against
    assert table.loc["calls"]["status"] == "no actual yet"  # neither actual nor target


def test_progress_no_target_does_not_judge_the_roll_up(tmp_path: Path) -> None:
    """Like "no actual yet", an indicator with no target leaves the measure to its dates."""
    from cpkit.analysis.progress import Progress

    monitoring = (
        "monitoring:\n  year: 2025\n"
        '  indicators:\n    - {owner: "1.1.1", indicator: visits, value: 3}\n'
    )
    plan = _indicator_plan(
        tmp_path, "              - {id: visits, name: Home visits, baseline: {value: 10}}\n",
        monitoring,
    )  # fmt: skip
    progress = Progress(plan)
    assert progress.indicators["1.1.1"] == ["no target"]
    rollup = progress.table().set_index(["level", "id"])["status"]
    # 1.1.1 ends in 2026, judged as of 2025: on track by its dates, not off track
    assert rollup[("measure", "1.1.1")] == "on track"
    assert rollup[("objective", "1.1")] == "on track"
    # as of 2027 its end has passed and it is not done: off track, by its dates alone
    late = Progress(plan, 2027).table().set_index(["level", "id"])["status"]
    assert late[("measure", "1.1.1")] == "off track"


@pytest.mark.parametrize(
    "baseline,target,actual,achieved,status",
    [
        (5, 5, 5, 100.0, "done"),  # keep 5 assistants: at the target
        (5, 5, 7, 100.0, "done"),  # beyond it: kept
        (5, 5, 4, 80.0, "on track"),  # 4 of 5; expected by 2025: 1 of 3 years = 33 %
        (None, 0, 0, 100.0, "done"),  # no baseline: 0, equal to the target
        (0, 0, -1, 0.0, "off track"),  # below a target of 0: 0 %
        (35, 20, 30, pytest.approx(33.333, abs=0.001), "on track"),  # must fall: 5 of 15
    ],
)
def test_progress_baseline_equal_to_target_means_keep_at_least(
    tmp_path: Path,
    baseline: float | None,
    target: float,
    actual: float,
    achieved: object,
    status: str,
) -> None:
    """Baseline == target reads as "keep at least the target" (docs/progress.md)."""
    base = "" if baseline is None else f", baseline: {{value: {baseline}}}"
    plan = _indicator_plan(
        tmp_path,
        f"              - {{id: staff, name: Assistants{base}, target: {{value: {target}}}}}\n",
    )
    row = progress_gaps(plan, {("1.1.1", "staff"): (2025, float(actual))}).iloc[0]
    assert (row["achieved_pct"], row["status"]) == (achieved, status)


def _capacity_by_scanning(plan: Plan, year: int) -> list[tuple[object, ...]]:
    """The capacity table as it was computed before the index: for each demand row, a scan of
    every service and every measure (kept here as the reference the index must equal)."""
    rows = []
    for d in plan.demand:
        years = sorted(y for g, y in plan.demographics.population if g == d.target_group)
        usable = [y for y in years if y <= year]
        pop = plan.demographics.population[(d.target_group, usable[-1])] if usable else None
        existing = sum(
            s.capacity.value
            for s in plan.services
            if s.type == d.service_type
            and d.target_group in s.target_groups
            and s.capacity is not None
            and s.capacity.unit == d.unit
        )
        planned = sum(
            a.value
            for m in plan.measures()
            if m.status != "cancelled"
            for a in m.adds_capacity
            if a.service_type == d.service_type
            and d.target_group in a.target_groups
            and a.unit == d.unit
        )
        rows.append((d.target_group, d.service_type, d.unit, pop, existing, planned))
    return rows


def test_capacity_index_equals_the_scan_on_a_generated_plan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import importlib

    monkeypatch.syspath_prepend(str(Path(__file__).parent.parent / "benchmarks"))
    generate = importlib.import_module("generate")
    generate.generate(tmp_path, generate.sizes_for(200), seed=3)
    plan = load_plan(tmp_path)
    year = plan.info.period.end.year
    table = capacity_gaps(plan)
    got = [
        (r.target_group, r.service_type, r.unit, r.population, r.existing, r.planned)
        for r in table.itertuples()
    ]
    expected = _capacity_by_scanning(plan, year)
    assert len(expected) == 6  # 2 areas × 3 demand rows at 200 measures
    assert all(row[4] for row in expected) and any(row[5] for row in expected)
    # the same sums in the same order: equal exactly, not approximately
    assert [tuple(None if v != v else v for v in row) for row in got] == expected
