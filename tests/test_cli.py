"""The command line, through the real entry point (`python -m cpkit`)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from conftest import ROOT, run_cpkit, write_plan

GOLDEN = ROOT / "tests" / "golden"
SEVERAL = "tests/plans/several"


def test_version_and_help() -> None:
    from cpkit import __version__

    result = run_cpkit("--version")
    assert (result.returncode, result.stdout) == (0, f"cpkit {__version__}\n")
    result = run_cpkit("--help")
    assert result.returncode == 0
    for command in ("check", "init", "schema"):
        assert command in result.stdout


@pytest.mark.parametrize("command", ["check", "init", "schema"])
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = run_cpkit(command, "--help")
    assert result.returncode == 0
    assert "Example: cpkit " + command in result.stdout.replace("\n", " ")


def test_clean_plan_exits_0(plan_dir: Path) -> None:
    result = run_cpkit("check", str(plan_dir))
    assert result.returncode == 0, result.stdout
    assert result.stdout == "No problems in 5 files.\n"


def test_one_dangling_reference_is_one_error_at_its_line(tmp_path: Path) -> None:
    services = (
        "service_types:\n  - {id: home-care, name: Home care}\n"
        "services:\n  - id: care\n    name: Home care\n    provider: ngx\n    type: home-care\n"
        "needs:\n  - {id: housing, name: Housing}\n"
        "needs_matrix:\n  - id: seniors-care\n    target_group: seniors\n"
        "    service_type: home-care\n    cells: {housing: missing}\n"
    )
    plan = write_plan(tmp_path / "p", {"services.yaml": services})
    result = run_cpkit("check", "p", "--format", "json", cwd=tmp_path)
    assert result.returncode == 1
    found = json.loads(result.stdout)["diagnostics"]
    assert [(d["code"], d["file"], d["line"], d["severity"]) for d in found] == [
        ("CP202", "p/services.yaml", 6, "error")
    ]
    assert plan.is_dir()


def test_warnings_fail_only_with_strict(tmp_path: Path) -> None:
    groups = "groups:\n  - {id: cg2, name: Another group, members: [city]}\n"
    plan = write_plan(tmp_path / "p", {"more.yaml": groups})
    assert run_cpkit("check", str(plan)).returncode == 0
    assert run_cpkit("check", str(plan), "--strict").returncode == 1
    assert run_cpkit("check", str(plan), "--strict", "--disable", "CP403").returncode == 0


def test_unreadable_plan_is_a_usage_error(tmp_path: Path) -> None:
    result = run_cpkit("check", str(tmp_path / "nowhere"))
    assert result.returncode == 2
    assert result.stderr == f"Error: {tmp_path / 'nowhere'}: no such folder\n"
    assert run_cpkit("check", str(tmp_path)).returncode == 2  # empty: no plan files
    assert run_cpkit("check", str(tmp_path), "--format", "xml").returncode == 2
    result = run_cpkit("check", str(tmp_path), "--disable", "CP999")
    assert result.returncode == 2
    assert "no such rule" in result.stderr


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
            run_cpkit("check", str(folder), "--format", fmt)
        assert _digest(folder) == before


@pytest.mark.parametrize("fmt,suffix", [("text", "txt"), ("json", "json"), ("github", "github")])
def test_golden_output(request: pytest.FixtureRequest, fmt: str, suffix: str) -> None:
    result = run_cpkit("check", SEVERAL, "--format", fmt)
    assert result.returncode == 1
    golden = GOLDEN / "several" / f"check.{suffix}"
    if request.config.getoption("--update-golden"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == golden.read_text(encoding="utf-8")


def test_schema_command_writes_the_schema(tmp_path: Path) -> None:
    out = tmp_path / "plan.schema.json"
    result = run_cpkit("schema", "-o", str(out))
    assert result.returncode == 0
    schema = json.loads(out.read_text(encoding="utf-8"))
    assert "plan" in schema["properties"]
    assert run_cpkit("schema").stdout == out.read_text(encoding="utf-8")


def test_init_writes_a_plan_that_passes_check(tmp_path: Path) -> None:
    result = run_cpkit("init", str(tmp_path / "p"), "--shape", "community", "--language", "cs")
    assert result.returncode == 0, result.stderr
    assert run_cpkit("check", str(tmp_path / "p"), "--strict").returncode == 0
    first = (tmp_path / "p" / "plan.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first == "# yaml-language-server: $schema=plan.schema.json"


def test_init_refuses_a_non_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("keep me")
    result = run_cpkit("init", str(tmp_path))
    assert result.returncode == 2
    assert result.stderr.startswith("Error: ")
    assert "not empty" in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]
    assert run_cpkit("init", str(tmp_path / "x"), "--language", "fr").returncode == 2


def test_example_schema_files_are_current() -> None:
    from cpkit.jsonschema import schema_text

    for folder in sorted((ROOT / "examples").iterdir()):
        if folder.is_dir():
            assert (folder / "plan.schema.json").read_text(encoding="utf-8") == schema_text(), (
                folder
            )


def test_cli_reference_is_current_and_every_command_has_help() -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "gen_cli_docs.py"), "--check"],
        capture_output=True, text=True, cwd=ROOT,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout
    reference = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    for line in run_cpkit("--help").stdout.split("Commands:")[1].splitlines():
        if line.strip():
            name = line.split()[0]
            assert f"## cpkit {name}\n" in reference
            assert "Example: cpkit " + name in run_cpkit(name, "--help").stdout.replace("\n", " ")
