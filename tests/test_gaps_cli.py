"""`cpkit gaps`, `cpkit export` and `cpkit import`, run in this process (conftest.invoke)."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLES, invoke

USTI = str(EXAMPLES / "usti-seniors")


@pytest.fixture
def usti_copy(tmp_path: Path) -> Path:
    return Path(shutil.copytree(USTI, tmp_path / "usti"))


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# Figures computed by hand from the Ústí plan's files in tests/test_tables.py:
# capacity (test_capacity_gaps): demand 13,910 × 0.035 = 486.85 beds − 430 − 14 = 42.85;
#   13,910 × 0.025 = 347.75 flats − 250 − 70 = 27.75; 13,910 × 0.05 = 695.5 clients − 640 = 55.5
# funding (test_funding_gaps): costs 32,368,250, funds 28,520,000, gap 3,848,250


def test_gaps_terminal_tables_fit_the_terminal() -> None:
    result = invoke("gaps", USTI)
    assert (result.returncode, result.stderr) == (0, "")
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 100  # COLUMNS=100 in invoke
    titles = [line.strip() for line in lines if line[:1].isupper()]
    assert titles == [
        "Service gaps", "Capacity gaps (population of 2006)", "Funding gaps",
        "Expected funds by source", "Progress gaps", "Participation gaps",
        "Network of social services",
    ]  # fmt: skip
    rows = [line.split() for line in lines]
    # names where a person reads (the CSV and JSON keep the ids): target groups, service
    # types, the plan's title, the area's name, an objective's number and title
    for row in (
        # (the service type's name wraps: "Institutional residential" / "care")
        "Senior citizens Institutional residential beds 486.85 430 14 42.85",
        "Senior citizens Sheltered housing flats 347.75 250 70 27.75",
        "Senior citizens Field services clients per month 695.5 640 0 55.5",
        "plan 2nd Care Community Plan of Ústí nad Labem 32,368,250 28,520,000 3,848,250",
        "area Social assistance and care for senior citizens 29,158,250 25,310,000 3,848,250",
        "area joint objectives 3,210,000 3,210,000 0",
        "objective 1.1 Provision of residential services 23,398,250 19,550,000 3,848,250",
    ):
        assert row.split() in rows, row
    for ident in (
        "senior-citizens",
        "residential-care",
        "usti-2cpp-seniors",
        "(joint)",
        "residents-satisfaction",
        "dd-residential",
        "city-district",
    ):
        assert ident not in result.stdout, ident


def test_gaps_csv_single_table() -> None:
    result = invoke("gaps", USTI, "capacity", "--format", "csv")
    assert result.returncode == 0
    assert result.stdout == (
        "target_group,service_type,unit,year,population,share,demand,existing,planned,gap\n"
        "senior-citizens,residential-care,beds,2006,13910,0.035,486.85,430,14,42.85\n"
        "senior-citizens,sheltered-housing,flats,2006,13910,0.025,347.75,250,70,27.75\n"
        "senior-citizens,field,clients-per-month,2006,13910,0.05,695.5,640,0,55.5\n"
    )


def test_gaps_json_and_markdown() -> None:
    data = json.loads(invoke("gaps", USTI, "funding", "--format", "json").stdout)
    plan = next(r for r in data["funding"] if r["scope"] == "plan" and r["year"] == "total")
    assert (plan["costs"], plan["funds"], plan["gap"]) == (32368250, 28520000, 3848250)
    md = invoke("gaps", USTI, "services", "participation", "--format", "md").stdout
    assert md.startswith("## Service gaps\n\n| Row | Target group | Service type | Need |")
    # 8 missing cells, each answered (tests/test_tables.py::test_service_gaps)
    assert md.count(" | yes |\n") == 8
    assert (
        "| seniors-sheltered | Senior citizens | Sheltered housing | Help in the home | 1.1.2.3 | yes |\n"
    ) in md
    # numbers right-aligned in GitHub tables; 2 commissioners, 9 providers, 2 users
    # (tests/test_tables.py::test_participation)
    assert "| Kind | Id | Name | Commissioner | Provider | User | Missing |\n" in md
    assert "| --- | --- | --- | ---: | ---: | ---: | --- |\n" in md
    assert (
        "| group | cg-seniors | Coordination Group for Care for Senior Citizens | 2 | 9 | 2 |  |\n"
    ) in md  # a name column of its own beside the id


def test_gaps_xlsx_keeps_numbers(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "gaps.xlsx"
    assert invoke("gaps", USTI, "--format", "xlsx", "-o", str(out)).returncode == 0
    wb = load_workbook(out)
    assert wb.sheetnames == [
        "services", "capacity", "funding", "progress", "participation", "network",
    ]  # fmt: skip
    rows = list(wb["capacity"].iter_rows(values_only=True))
    assert rows == [
        ("Target group", "Service type", "Unit", "Year", "Population", "Share", "Demand",
         "Existing", "Planned", "Gap"),
        ("senior-citizens", "residential-care", "beds", 2006, 13910, 0.035, 486.85, 430, 14, 42.85),
        ("senior-citizens", "sheltered-housing", "flats", 2006, 13910, 0.025, 347.75, 250, 70, 27.75),
        ("senior-citizens", "field", "clients-per-month", 2006, 13910, 0.05, 695.5, 640, 0, 55.5),
    ]  # fmt: skip
    assert isinstance(rows[1][6], float) and isinstance(rows[1][4], int)  # numbers, not text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "xlsx"], "--format xlsx needs --output FILE.xlsx"),
        (["-f", "csv"], "several tables as CSV need --output FOLDER (or name one table)"),
    ],
    ids=["xlsx-to-stdout", "csv-to-stdout"],
)
def test_gaps_usage_errors(args: list[str], message: str) -> None:
    result = invoke("gaps", USTI, *args)
    assert (result.returncode, result.stdout, result.stderr) == (2, "", f"Error: {message}\n")


def test_an_unknown_gap_table_is_a_usage_error_naming_the_tables() -> None:
    result = invoke("gaps", USTI, "nonsense")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.startswith("Usage: cpkit gaps ")
    assert result.stderr.endswith(
        "Error: Invalid value for 'tables': 'nonsense' is not one of 'services', 'capacity', "
        "'funding', 'progress', 'participation', 'network'.\n"
    )


def test_gaps_of_no_plan_is_a_usage_error(tmp_path: Path) -> None:
    result = invoke("gaps", str(tmp_path / "none"))
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"Error: {tmp_path / 'none'}: no such folder\n"


def test_export_workbook_and_csv_folder(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "usti.xlsx"
    assert invoke("export", USTI, "-o", str(out)).returncode == 0
    wb = load_workbook(out)
    assert {"services", "measures", "needs_matrix", "gaps-funding", "population"} <= set(
        wb.sheetnames
    )
    measures = wb["measures"]
    header = [c.value for c in measures[1]]
    costs = [
        r[header.index("Costs total")] for r in measures.iter_rows(min_row=2, values_only=True)
    ]
    assert 3848250 in costs  # a number, not text
    # the plan's life too: the book of comments and each monitoring year's reports
    assert wb["comments"].max_row == 1 + 6  # the whole book: five filed, one not filed
    spent = [r for r in wb["monitoring_measures"].iter_rows(min_row=2, values_only=True)]
    assert (2004, "1.1.1.1", "in-progress", 1250000) in [r[:4] for r in spent]
    assert {"monitoring", "monitoring_values"} <= set(wb.sheetnames)
    folder = tmp_path / "csv"
    result = invoke("export", USTI, "-o", str(folder))
    assert (result.returncode, result.stdout) == (0, "")
    assert result.stderr == f"Wrote {len(wb.sheetnames)} sheets to {folder}\n"
    assert sorted(p.stem for p in folder.iterdir()) == sorted(wb.sheetnames)
    services = list(csv.DictReader((folder / "services.csv").open(encoding="utf-8")))
    assert len(services) == 11  # the services of services.yaml
    dd = next(r for r in services if r["Id"] == "dd-residential")
    assert (dd["Capacity value"], dd["Capacity unit"], dd["Provider"]) == ("430", "beds", "dd")
    assert (folder / "gaps-capacity.csv").read_text(encoding="utf-8").splitlines()[1] == (
        "senior-citizens,residential-care,beds,2006,13910,0.035,486.85,430,14,42.85"
    )


def test_export_then_import_round_trips(tmp_path: Path, usti_copy: Path) -> None:
    folder = tmp_path / "csv"
    invoke("export", str(usti_copy), "-o", str(folder))
    before = _tree(usti_copy)
    result = invoke("import", str(usti_copy), str(folder / "services.csv"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "unchanged: 11" in result.stdout
    assert _tree(usti_copy) == before


REGISTRY = """\
Provider ID,Provider name,Service,Service type,Address,Client type
12345,Charita Ústí nad Labem,Charity home care,Field services,Hrnčířská 5,Senior citizens; Adults with disabilities
67890,Diakonie Ústí,Day centre for seniors,Day care,Dlouhá 2,Senior citizens
"""


def test_import_registry_then_reimport_changes_nothing(tmp_path: Path, usti_copy: Path) -> None:
    source = tmp_path / "registry.csv"
    source.write_text(REGISTRY, encoding="utf-8")
    result = invoke("import", str(usti_copy), str(source))
    assert result.returncode == 0, result.stderr
    assert "added 2 services" in result.stdout
    assert "added 1 service_types: day-care" in result.stdout
    assert invoke("check", str(usti_copy), "--strict").returncode == 0
    before = _tree(usti_copy)
    again = invoke("import", str(usti_copy), str(source))
    assert again.returncode == 0
    assert "unchanged: 2" in again.stdout
    assert _tree(usti_copy) == before


def test_import_conflict_is_reported_then_merged_keeping_layout(
    tmp_path: Path, usti_copy: Path
) -> None:
    source = tmp_path / "services.csv"
    source.write_text(
        "id,name,provider,type,capacity value,capacity unit\n"
        "dd-residential,Retirement homes — residential care,dd,residential-care,440,beds\n",
        encoding="utf-8",
    )
    before = _tree(usti_copy)
    result = invoke("import", str(usti_copy), str(source))
    assert result.returncode == 1
    assert "conflict: services dd-residential (services.yaml:22:5)" in result.stdout
    assert _tree(usti_copy) == before  # nothing written
    result = invoke("import", str(usti_copy), str(source), "--merge")
    assert result.returncode == 0
    original = before["services.yaml"].decode().splitlines()
    merged = (usti_copy / "services.yaml").read_text(encoding="utf-8").splitlines()
    changed = [(a, b) for a, b in zip(original, merged, strict=True) if a != b]
    assert changed == [
        ("    capacity: {value: 430, unit: beds}", "    capacity: {value: 440, unit: beds}")
    ]


def test_import_with_column_mapping_and_needs_matrix(tmp_path: Path, usti_copy: Path) -> None:
    source = tmp_path / "sluzby.csv"
    source.write_text(
        "Název,Poskytovatel,Druh služby\nDenní stacionář,dd,Day care\n", encoding="utf-8"
    )
    result = invoke(
        "import", str(usti_copy), str(source),
        "--map", "Název=name", "--map", "Poskytovatel=provider", "--map", "Druh služby=type",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    matrix = tmp_path / "matrix.csv"
    matrix.write_text(
        "target_group,service_type,Housing,Catering\nsenior-citizens,day-care,not needed,missing\n",
        encoding="utf-8",
    )
    result = invoke("import", str(usti_copy), str(matrix), "--kind", "needs")
    assert result.returncode == 0, result.stderr
    check = invoke("check", str(usti_copy), "--format", "json")
    codes = [d["code"] for d in json.loads(check.stdout)["diagnostics"]]
    assert codes == ["CP501"]  # the new missing cell: no measure answers it yet
