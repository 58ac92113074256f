"""What cpkit writes, run in this process (conftest.invoke): file modes, -o paths that cannot be
written, gap tables in files, and numbers that are whole and never cut."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import stat
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import EXAMPLES, MINIMAL, invoke, unsafe_markdown_view, write_plan

USTI = str(EXAMPLES / "usti-seniors")
HKCSS = [str(EXAMPLES / "hkcss-2023"), str(EXAMPLES / "hkcss-2025")]
UMASK = 0o027  # not the usual 022, so that a mode computed without the umask shows


@pytest.fixture
def umask() -> Iterator[int]:
    """The umask of the test process, which the command run in it uses."""
    old = os.umask(UMASK)
    try:
        yield UMASK
    finally:
        os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_new_output_files_get_the_mode_the_umask_gives(tmp_path: Path, umask: int) -> None:
    out = tmp_path / "out"
    assert invoke("render", USTI, "-o", str(out)).returncode == 0
    assert invoke("gaps", USTI, "-f", "md", "-o", str(tmp_path / "gaps.md")).returncode == 0
    assert invoke("export", USTI, "-o", str(tmp_path / "usti.xlsx")).returncode == 0
    written = [p for p in out.rglob("*") if p.is_file()]
    written += [tmp_path / "gaps.md", tmp_path / "usti.xlsx"]
    assert {p.name: _mode(p) for p in written} == {p.name: 0o666 & ~umask for p in written}
    assert not list(tmp_path.rglob("*.tmp"))


def test_a_rewritten_file_keeps_its_mode(tmp_path: Path, umask: int) -> None:
    usti = Path(shutil.copytree(USTI, tmp_path / "usti"))
    services = usti / "services.yaml"
    services.chmod(0o604)  # neither what mkstemp gives (0600) nor what the umask gives (0640)
    source = tmp_path / "services.csv"
    source.write_text(
        "id,name,provider,type,capacity value,capacity unit\n"
        "dd-residential,Retirement homes — residential care,dd,residential-care,440,beds\n",
        encoding="utf-8",
    )
    result = invoke("import", str(usti), str(source), "--merge")
    assert result.returncode == 0, result.stderr
    assert "value: 440" in services.read_text(encoding="utf-8")
    assert _mode(services) == 0o604
    gaps = tmp_path / "gaps.md"
    gaps.write_text("old\n")
    gaps.chmod(0o644)
    assert invoke("gaps", USTI, "-f", "md", "-o", str(gaps)).returncode == 0
    assert _mode(gaps) == 0o644


def test_write_atomic_modes(tmp_path: Path, umask: int) -> None:
    from cpkit.core.files import write_atomic

    new = tmp_path / "a" / "new.txt"
    write_atomic(new, "x\n")
    assert (new.read_bytes(), _mode(new)) == (b"x\n", 0o666 & ~umask)
    new.chmod(0o755)
    write_atomic(new, b"y")
    assert (new.read_bytes(), _mode(new)) == (b"y", 0o755)


@pytest.mark.parametrize(
    "args",
    [
        ["render", USTI, "-o", "afile"],
        ["render", USTI, "-o", "afile/sub"],
        ["rollup", *HKCSS, "-o", "afile"],
        ["export", USTI, "-o", "afile"],
        ["export", USTI, "-o", "afile/x.xlsx"],
        ["gaps", USTI, "-f", "csv", "-o", "afile"],
        ["gaps", USTI, "capacity", "-f", "csv", "-o", "afile/x.csv"],
        ["gaps", USTI, "-f", "xlsx", "-o", "afile/x.xlsx"],
        ["gaps", USTI, "-f", "md", "-o", "afile/x.md"],
        ["gaps", USTI, "-o", "afile/x.txt"],
        ["schema", "-o", "afile/x.json"],
    ],
    ids=lambda args: " ".join(a for a in args if a not in (USTI, *HKCSS)),
)
def test_a_file_in_the_way_of_output_is_a_usage_error(tmp_path: Path, args: list[str]) -> None:
    (tmp_path / "afile").write_text("keep me")
    result = invoke(*args, cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("Error: --output afile")
    assert "afile is a file, not a folder" in result.stderr
    assert "Traceback" not in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["afile"]
    assert (tmp_path / "afile").read_text() == "keep me"


@pytest.mark.parametrize(
    "args",
    [["gaps", USTI, "-f", "md", "-o", "adir"], ["export", USTI, "-o", "adir.xlsx"]],
    ids=["gaps", "export"],
)
def test_a_folder_where_a_file_goes_is_a_usage_error(tmp_path: Path, args: list[str]) -> None:
    (tmp_path / args[-1]).mkdir()
    result = invoke(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == f"Error: --output {args[-1]}: {args[-1]} is a folder, not a file\n"


def test_gaps_table_output_goes_to_the_file_as_plain_text(tmp_path: Path) -> None:
    out = tmp_path / "gaps.txt"
    result = invoke("gaps", USTI, "capacity", "funding", "-o", str(out))
    assert (result.returncode, result.stdout) == (0, "")
    text = out.read_text(encoding="utf-8")
    assert text.startswith("Capacity gaps (population of 2006)\n")
    assert "Funding gaps\n" in text and "Expected funds by source\n" in text
    assert "42.85" in text and "3,848,250" in text
    assert "\x1b" not in text  # no colour codes
    assert all(line == line.rstrip() for line in text.splitlines())


@pytest.mark.parametrize("command", ["progress", "comments"])
def test_commands_without_output_offer_no_xlsx(command: str) -> None:
    help_text = invoke(command, "--help").stdout
    assert "table|csv|json|md" in help_text
    assert "xlsx" not in help_text
    result = invoke(command, USTI, "-f", "xlsx")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.endswith(
        "Error: Invalid value for '--format' / '-f': 'xlsx' is not one of 'table', 'csv', 'json',"
        " 'md'.\n"
    )


def test_years_and_counts_are_whole_and_sums_rounded() -> None:
    md = invoke("gaps", USTI, "progress", "-f", "md").stdout
    assert "| 2005 |" in md and "2,005" not in md
    rows = list(csv.DictReader(io.StringIO(invoke("gaps", USTI, "progress", "-f", "csv").stdout)))
    first = rows[0]
    assert (first["actual_year"], first["baseline"], first["target"]) == ("2005", "72", "85")
    assert first["achieved_pct"] == "53.85"
    assert rows[4]["actual_year"] == ""  # a qualitative indicator has none
    data = json.loads(invoke("gaps", USTI, "capacity", "-f", "json").stdout)["capacity"][0]
    assert (data["population"], data["demand"], data["gap"], data["share"]) == (
        13910,
        486.85,
        42.85,
        0.035,
    )
    assert isinstance(data["population"], int)
    capacity = invoke("gaps", USTI, "capacity", "-f", "csv").stdout
    assert ",13910,0.035,486.85,430,14,42.85\n" in capacity


def test_round_number_keeps_small_values_and_exact_ones() -> None:
    from cpkit.interchange.export import round_number

    assert round_number(42.85000000000002) == 42.85
    assert round_number(486.85) == 486.85
    assert round_number(66.66666666666666) == 66.67
    assert round_number(0.035) == 0.035
    assert round_number(0.123456) == 0.123


def _run_at(columns: int, *args: str) -> str:
    """The command at another terminal width (invoke sets COLUMNS=100 otherwise)."""
    done = invoke(*args, env={"COLUMNS": str(columns)})
    assert done.returncode == 0, done.stderr
    return done.stdout


def _numbers_shown(names: tuple[str, ...]) -> Counter[str]:
    """Every number the terminal views of these tables show, as formatted for them."""
    from cpkit.analysis.gaps import TABLES
    from cpkit.api import check_plan
    from cpkit.interchange.export import for_terminal, shown, tidy

    plan, _report = check_plan(Path(USTI))
    cells: Counter[str] = Counter()
    for name in names:
        for _title, view in for_terminal(name, tidy(TABLES[name](plan))):
            s = shown(name, view)
            numeric = [i for i, column in enumerate(s.columns) if column in s.numeric]
            cells.update(row[i] for row in s.rows for i in numeric)
    return cells


@pytest.mark.parametrize("columns", [30, 60, 80])
def test_numbers_are_never_cut_at_narrow_terminals(columns: int) -> None:
    names = ("capacity", "funding")
    expected = _numbers_shown(names)
    assert {"42.85", "27.75", "55.5", "486.85", "3,848,250", "32,368,250"} <= set(expected)
    tokens = Counter(_run_at(columns, "gaps", USTI, *names).split())
    assert expected - tokens == Counter()


def test_plan_text_is_not_read_as_terminal_markup(tmp_path: Path) -> None:
    services = MINIMAL["services.yaml"].replace(
        "{id: housing, name: Housing}", '{id: housing, name: "Housing [/] [bold]"}'
    )
    plan = write_plan(tmp_path / "p", {"services.yaml": services})
    result = invoke("gaps", str(plan), "services")
    assert result.returncode == 0, result.stderr
    assert "Housing [/] [bold]" in result.stdout


def test_ids_in_narrow_columns_break_after_a_hyphen() -> None:
    """At 80 columns no word is cut: the table shows target groups, service types and units
    by name ("clients per month"), and an id that is shown breaks only after a hyphen (the
    Breakable cells; tests of ids in tests/test_cli.py)."""
    out = _run_at(80, "gaps", str(EXAMPLES / "usti-seniors"), "capacity")
    words = out.split()
    assert {"clients", "per", "month"} <= set(words)
    assert not any(w.startswith("mont") and w != "month" for w in words)
    assert "Senior" in words and "citizens" in words


def test_markdown_tables_show_plan_text_as_text(tmp_path: Path) -> None:
    """Raw HTML and script links in plan text never reach a Markdown table as markup."""
    hostile = "<script>alert(1)</script> [x](javascript:alert(2))"
    objectives = MINIMAL["objectives.yaml"].replace(
        "title: Provision of residential services", f"title: '{hostile}'"
    )
    plan = write_plan(tmp_path / "p", {"objectives.yaml": objectives})
    result = invoke("gaps", str(plan), "funding", "-f", "md")
    assert result.returncode == 0, result.stderr
    viewed = unsafe_markdown_view(result.stdout)
    assert "<script>" not in viewed and 'href="javascript:' not in viewed
    assert "&lt;script>alert(1)&lt;/script> [x\\](javascript:alert(2))" in result.stdout
