"""The command line, run in this process (conftest.invoke); start-up and exit statuses as a
process sees them are in tests/test_entry_point.py."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from cpkit.core.diagnostics import Severity

from conftest import ROOT, invoke, write_plan

GOLDEN = ROOT / "tests" / "golden"
SEVERAL = "tests/plans/several"


@pytest.mark.parametrize("command", ["check", "init", "schema"])
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = invoke(command, "--help")
    assert result.returncode == 0
    assert "Example: cpkit " + command in result.stdout.replace("\n", " ")


def test_clean_plan_exits_0(plan_dir: Path) -> None:
    result = invoke("check", str(plan_dir))
    assert result.returncode == 0, result.stdout
    assert result.stdout == "No problems. Files checked: 5.\n"


def test_one_dangling_reference_is_one_error_at_its_line(tmp_path: Path) -> None:
    services = (
        "service_types:\n  - {id: home-care, name: Home care}\n"
        "services:\n  - id: care\n    name: Home care\n    provider: ngx\n    type: home-care\n"
        "needs:\n  - {id: housing, name: Housing}\n"
        "needs_matrix:\n  - id: seniors-care\n    target_group: seniors\n"
        "    service_type: home-care\n    cells: {housing: missing}\n"
    )
    plan = write_plan(tmp_path / "p", {"services.yaml": services})
    result = invoke("check", "p", "--format", "json", cwd=tmp_path)
    assert result.returncode == 1
    found = json.loads(result.stdout)["diagnostics"]
    assert [(d["code"], d["file"], d["line"], d["severity"]) for d in found] == [
        ("CP202", "p/services.yaml", 6, "error")
    ]
    assert plan.is_dir()


def test_warnings_fail_only_with_strict(tmp_path: Path) -> None:
    groups = "groups:\n  - {id: cg2, name: Another group, members: [city]}\n"
    plan = write_plan(tmp_path / "p", {"more.yaml": groups})
    # cg2 has only the city, a commissioner: a warning (CP403) at its members, not an error
    result = invoke("check", str(plan))
    assert result.returncode == 0
    assert result.stdout == (
        f"{plan / 'more.yaml'}:2:45: warning CP403 coordination group cg2 does not hear the"
        " provider and user side\n"
        "    hint: invite a member from that side, and record their `side` in stakeholders\n"
        "Found 1 warning in 1 of 6 files.\n"
    )
    strict = invoke("check", str(plan), "--strict")
    assert (strict.returncode, strict.stdout) == (1, result.stdout)
    result = invoke("check", str(plan), "--strict", "--disable", "CP403")
    assert (result.returncode, result.stdout) == (0, "No problems. Files checked: 6.\n")


def test_unreadable_plan_is_a_usage_error(tmp_path: Path) -> None:
    result = invoke("check", str(tmp_path / "nowhere"))
    assert result.returncode == 2
    assert result.stderr == f"Error: {tmp_path / 'nowhere'}: no such folder\n"
    result = invoke("check", str(tmp_path))  # empty: no plan files
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        f"Error: {tmp_path}: no plan files here (`cpkit init {tmp_path}` starts a plan)\n"
    )
    result = invoke("check", str(tmp_path), "--format", "xml")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.endswith(
        "Error: Invalid value for '--format' / '-f': 'xml' is not one of 'text', 'json', 'github'.\n"
    )
    result = invoke("check", str(tmp_path), "--disable", "CP999")
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == "Error: --disable CP999: no such rule (see docs/rules.md)\n"


def _digest(folder: Path) -> dict[str, tuple[str, int]]:
    return {
        p.relative_to(folder).as_posix(): (
            hashlib.sha256(p.read_bytes()).hexdigest(),
            p.stat().st_mtime_ns,
        )
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_check_leaves_every_file_byte_identical() -> None:
    for folder in [ROOT / SEVERAL, *sorted((ROOT / "examples").iterdir())]:
        if not folder.is_dir():
            continue
        before = _digest(folder)
        for fmt in ("text", "json", "github"):
            result = invoke("check", str(folder), "--format", fmt)
            # the examples are clean; tests/plans/several has errors
            assert (result.returncode, result.stderr) == (int(folder.name == "several"), "")
        assert _digest(folder) == before


@pytest.mark.parametrize("fmt,suffix", [("text", "txt"), ("json", "json"), ("github", "github")])
def test_golden_output(request: pytest.FixtureRequest, fmt: str, suffix: str) -> None:
    """The three reports of tests/plans/several against files written by --update-golden,
    which say only that the output has not changed; the findings in them (codes, severities,
    files, lines, the counts in the summary) are worked out from the plan's files in
    test_several_findings_by_hand."""
    result = invoke("check", SEVERAL, "--format", fmt)
    assert result.returncode == 1
    golden = GOLDEN / "several" / f"check.{suffix}"
    if request.config.getoption("--update-golden"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == golden.read_text(encoding="utf-8")


def test_several_findings_by_hand() -> None:
    """What tests/plans/several gets wrong, line by line, read from its files."""
    from cpkit.api import check_plan

    _, report = check_plan(ROOT / SEVERAL)
    assert [(d.code, d.severity.value, d.loc.file, d.loc.line) for d in report] == [
        ("CP401", "error", "areas.yaml", 4),  # area seniors: no `swot` section anywhere
        ("CP203", "error", "objectives.yaml", 9),  # measure "1.2.1" under objective 1.1
        ("CP301", "error", "objectives.yaml", 11),  # end: 2029-12, the period is 2025–2027
        ("CP306", "warning", "objectives.yaml", 13),  # total: 1000, per_year only {2025: 600}
        ("CP304", "error", "objectives.yaml", 14),  # currency: EUR in a plan in CZK
        ("CP103", "error", "plan.yaml", 5),  # `langauge`
        ("CP202", "error", "services.yaml", 6),  # provider: ngoo, the stakeholder is ngo
        ("CP101", "error", "services.yaml", 8),  # capacity value "3 000" is text
        ("CP403", "warning", "stakeholders.yaml", 7),  # group cg: city and ngo, no user side
    ]
    # 7 errors, 2 warnings, in the 5 files of the folder
    assert (report.counts()[Severity.ERROR], report.counts()[Severity.WARNING]) == (7, 2)
    assert report.files == len(list((ROOT / SEVERAL).glob("*.yaml"))) == 5
    assert "costs per year add up to 600, but the total is 1,000" in report.diagnostics[3].message


def test_schema_command_writes_the_schema(tmp_path: Path) -> None:
    out = tmp_path / "plan.schema.json"
    result = invoke("schema", "-o", str(out))
    assert result.returncode == 0
    schema = json.loads(out.read_text(encoding="utf-8"))
    assert "plan" in schema["properties"]
    assert invoke("schema").stdout == out.read_text(encoding="utf-8")


def test_init_writes_a_plan_that_passes_check(tmp_path: Path) -> None:
    result = invoke("init", str(tmp_path / "p"), "--shape", "community", "--language", "cs")
    assert result.returncode == 0, result.stderr
    assert invoke("check", str(tmp_path / "p"), "--strict").returncode == 0
    first = (tmp_path / "p" / "plan.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=plan.schema.json"


def test_init_refuses_a_non_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("keep me")
    result = invoke("init", str(tmp_path))
    assert result.returncode == 2
    assert result.stderr.startswith("Error: ")
    assert "not empty" in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]
    result = invoke("init", str(tmp_path / "x"), "--language", "fr")
    assert result.returncode == 2
    assert result.stderr.startswith("Usage: cpkit init ")
    assert result.stderr.endswith(
        "Error: Invalid value for '--language' / '-l': 'fr' is not one of 'en', 'cs', 'zh-Hant'.\n"
    )
    assert not (tmp_path / "x").exists()


def test_example_schema_files_are_current() -> None:
    from cpkit.interchange.jsonschema import schema_text

    for folder in sorted((ROOT / "examples").iterdir()):
        if folder.is_dir():
            assert (folder / "plan.schema.json").read_text(encoding="utf-8") == schema_text(), (
                folder
            )


def test_cli_reference_is_current_and_every_command_has_help(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """docs/cli.md is what scripts/gen_cli_docs.py writes, each command's --help being taken
    in this process at the script's width (COLUMNS=90) instead of by starting one per command;
    tests/test_entry_point.py checks that --help is the same in a process."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "gen_cli_docs", ROOT / "scripts" / "gen_cli_docs.py"
    )
    assert spec is not None and spec.loader is not None
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)

    def help_text(*args: str) -> str:
        result = invoke(*args, "--help", env={"COLUMNS": "90"})
        assert result.returncode == 0, result.stderr
        return result.stdout.rstrip() + "\n"

    monkeypatch.setattr(script, "help_text", help_text)
    reference = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert script.document() == reference, "docs/cli.md is out of date: run scripts/gen_cli_docs.py"
    names = script.commands()
    assert {"check", "init", "schema", "gaps", "render", "diff", "rollup"} <= set(names)
    for name in names:
        assert f"## cpkit {name}\n" in reference
        assert "Example: cpkit " + name in help_text(name).replace("\n", " ")


def test_choices_on_the_command_line_are_the_librarys() -> None:
    """The CLI declares the values its options and arguments accept without importing the
    library (so that --help stays fast): they are the library's own, in its order."""
    from cpkit.analysis.network import gap_tables
    from cpkit.cli import common
    from cpkit.interchange.importer import KINDS
    from cpkit.interchange.scaffold import LANGUAGES, SHAPES
    from cpkit.publish.messages import languages

    assert common.SHAPES == SHAPES
    assert common.LANGUAGES == LANGUAGES
    assert sorted(common.LANGUAGES) == languages()  # what render and rollup can write
    assert tuple(gap_tables()) == common.GAP_TABLES
    assert common.IMPORT_KINDS == KINDS


@pytest.mark.parametrize(
    ("args", "option"),
    [
        (["init", "x", "--shape", "city"], "'--shape' / '-s': 'city'"),
        (["init", "x", "--language", "fr"], "'--language' / '-l': 'fr'"),
        (["gaps", "p", "nonsense"], "'tables': 'nonsense'"),
        (["import", "p", "s.csv", "--kind", "people"], "'--kind' / '-k': 'people'"),
        (["render", "p", "--format", "rtf"], "'--format' / '-f': 'rtf'"),
        (["diff", "--format", "html"], "'--format' / '-f': 'html'"),
        (["rollup", "a", "b", "-o", "out", "--language", "fr"], "'--language' / '-l': 'fr'"),
    ],
)
def test_a_value_not_among_the_choices_is_a_usage_error(
    tmp_path: Path, args: list[str], option: str
) -> None:
    """Refused by the parser before the command runs: exit 2, the usage line, the choices."""
    result = invoke(*args, cwd=tmp_path)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.startswith(f"Usage: cpkit {args[0]} [OPTIONS]")
    assert f"Error: Invalid value for {option} is not one of " in result.stderr
    assert list(tmp_path.iterdir()) == []
