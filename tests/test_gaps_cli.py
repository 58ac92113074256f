"""`cpkit gaps`, `cpkit export` and `cpkit import`, run in this process (conftest.invoke)."""

from __future__ import annotations

import csv
import io
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


def test_gaps_terminal_tables_fit_80_columns() -> None:
    result = invoke("gaps", USTI)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 100  # COLUMNS=100 in invoke
    for title in ("Service gaps", "Capacity gaps", "Funding gaps", "Participation gaps"):
        assert any(line.startswith(title) for line in lines), title


def test_gaps_csv_single_table() -> None:
    result = invoke("gaps", USTI, "capacity", "--format", "csv")
    assert result.returncode == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    beds = next(r for r in rows if r["unit"] == "beds")
    assert float(beds["gap"]) == pytest.approx(42.85)


def test_gaps_json_and_markdown() -> None:
    data = json.loads(invoke("gaps", USTI, "funding", "--format", "json").stdout)
    plan = next(r for r in data["funding"] if r["scope"] == "plan" and r["year"] == "total")
    assert plan["costs"] == 32368250
    md = invoke("gaps", USTI, "services", "participation", "--format", "md").stdout
    assert "## Service gaps" in md and "## Participation gaps" in md
    assert "| Target group | Service type |" in md
    assert "| ---: |" in md  # numbers right-aligned in GitHub tables


def test_gaps_xlsx_keeps_numbers(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "gaps.xlsx"
    assert invoke("gaps", USTI, "--format", "xlsx", "-o", str(out)).returncode == 0
    wb = load_workbook(out)
    assert wb.sheetnames == ["services", "capacity", "funding", "progress", "participation"]
    ws = wb["capacity"]
    header = [c.value for c in ws[1]]
    assert header[:3] == ["Target group", "Service type", "Unit"]
    assert isinstance(ws.cell(2, header.index("Demand") + 1).value, float)


def test_gaps_usage_errors(tmp_path: Path) -> None:
    assert invoke("gaps", USTI, "nonsense").returncode == 2
    assert invoke("gaps", USTI, "--format", "xlsx").returncode == 2
    assert invoke("gaps", str(tmp_path / "none")).returncode == 2


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
    assert wb["comments"].max_row == 1 + 5
    spent = [r for r in wb["monitoring_measures"].iter_rows(min_row=2, values_only=True)]
    assert (2004, "1.1.1.1", "in-progress", 1250000) in [r[:4] for r in spent]
    assert {"monitoring", "monitoring_values"} <= set(wb.sheetnames)
    folder = tmp_path / "csv"
    assert invoke("export", USTI, "-o", str(folder)).returncode == 0
    assert (folder / "services.csv").is_file()


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
