"""The real entry point, each command in a process of its own: what only a process shows.

Every other CLI test runs the command inside the test's process (conftest.invoke), which takes
milliseconds; these start `python -m cpkit` or the installed `cpkit` script (conftest.run_cpkit),
a fraction of a second each. Keep them few: start-up, exit statuses as a shell sees them, the
bytes a pipe gets, no traceback in front of a user, and that invoke shows what a process shows.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_hostile import expected_refusals, hostile_plan, refusals_shown

from conftest import EXAMPLES, MINIMAL, ROOT, TERMINAL, invoke, run_cpkit, write_plan

USTI = str(EXAMPLES / "usti-seniors")
COMMANDS = ("check", "init", "schema", "gaps", "export", "import", "render", "progress")
COMMANDS += ("comments", "diff", "rollup", "align")


def test_version_and_help() -> None:
    from cpkit import __version__

    result = run_cpkit("--version")
    assert (result.returncode, result.stdout, result.stderr) == (0, f"cpkit {__version__}\n", "")
    result = run_cpkit("--help")
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.startswith("Usage: cpkit [OPTIONS] COMMAND [ARGS]...\n")
    listed = result.stdout.split("Commands:\n")[1].splitlines()
    assert tuple(line.split()[0] for line in listed if line.strip()) == COMMANDS


def test_installed_script_starts() -> None:
    """`cpkit` as pip installs it (the console script calling cpkit.cli.main:main)."""
    from cpkit import __version__

    script = Path(sys.executable).parent / "cpkit"
    assert script.is_file(), f"{script}: install the package (pip install -e .)"
    done = subprocess.run(
        [str(script), "--version"], capture_output=True, text=True, timeout=60, cwd=ROOT
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, f"cpkit {__version__}\n", "")


@pytest.mark.parametrize(
    ("args", "code", "stdout", "stderr"),
    [
        (["check", "tests/plans/several"], 1, "tests/plans/several/", ""),
        (["check", "examples/usti-seniors"], 0, "No problems in ", ""),
        (["check", "nowhere"], 2, "", "Error: nowhere: no such folder\n"),
        (["check", ".", "--format", "xml"], 2, "", "Usage: cpkit check [OPTIONS] [plan]\n"),
    ],
    ids=["findings", "clean", "unreadable", "usage"],
)
def test_exit_status_as_a_shell_sees_it(
    args: list[str], code: int, stdout: str, stderr: str
) -> None:
    result = run_cpkit(*args)
    assert result.returncode == code, result.stderr
    assert result.stdout.startswith(stdout) and result.stderr.startswith(stderr)
    if code == 2:
        assert result.stdout == ""


def test_czech_and_chinese_reach_a_pipe_as_utf8(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In the C locale too, where a pipe's encoding would be ASCII but for Python's UTF-8
    coercion: what a rich console prints and what is written to sys.stdout, all UTF-8."""
    monkeypatch.delenv("PYTHONIOENCODING", raising=False)
    monkeypatch.delenv("PYTHONUTF8", raising=False)
    monkeypatch.setenv("LC_ALL", "C")
    areas = MINIMAL["areas.yaml"].replace(
        "target_groups: [seniors]}", "target_groups: [senioři-長者]}"
    )
    plan = write_plan(tmp_path / "p", {"areas.yaml": areas})
    said = "no target group 'senioři-長者'"
    for fmt, shown in (("text", f"{said}\n"), ("json", f'{said}",\n')):
        done = subprocess.run(
            [sys.executable, "-m", "cpkit", "check", str(plan), "--format", fmt],
            capture_output=True, timeout=60, cwd=ROOT, env={**os.environ, **TERMINAL},
        )  # fmt: skip
        assert (done.returncode, done.stderr) == (1, b""), done.stderr
        assert shown in done.stdout.decode("utf-8")  # strict: fails on a byte that is not UTF-8


def test_hostile_files_never_show_a_traceback(tmp_path: Path) -> None:
    """Every refusal of tests/test_hostile.py at once, as the user reads them: a report on
    stdout, nothing on stderr, exit 1."""
    plan = hostile_plan(tmp_path)
    result = run_cpkit("check", str(plan))
    assert (result.returncode, result.stderr) == (1, "")
    assert "Traceback" not in result.stdout
    expected = expected_refusals()
    assert expected <= refusals_shown(result.stdout, "text")


def test_output_does_not_depend_on_the_hash_seed(tmp_path: Path) -> None:
    """A process of its own has another hash seed, so another order of sets: the rendered
    plan and the roll-up are the same bytes all the same."""
    seed = "2" if os.environ.get("PYTHONHASHSEED") == "1" else "1"
    region = ROOT / "tests" / "plans" / "region"
    plans = [USTI, str(region / "decin"), str(region / "teplice")]
    for args in (["render", USTI], ["rollup", *plans]):
        process = run_cpkit(*args, "-o", str(tmp_path / "process"), env={"PYTHONHASHSEED": seed})
        here = invoke(*args, "-o", str(tmp_path / "here"))
        assert (process.returncode, here.returncode) == (0, 0), process.stderr + here.stderr
        written = sorted(p.relative_to(tmp_path / "here") for p in (tmp_path / "here").rglob("*"))
        assert written == sorted(
            p.relative_to(tmp_path / "process") for p in (tmp_path / "process").rglob("*")
        )
        for name in written:
            if (tmp_path / "here" / name).is_file():
                here_bytes = (tmp_path / "here" / name).read_bytes()
                assert here_bytes == (tmp_path / "process" / name).read_bytes(), name
        shutil.rmtree(tmp_path / "process")
        shutil.rmtree(tmp_path / "here")


def test_invoke_shows_what_a_process_shows(tmp_path: Path) -> None:
    """The in-process runner every other CLI test uses gives the same exit status, stdout and
    stderr as the real entry point: for help, a rich table at a narrow terminal, rich text,
    and a progress bar and warnings on stderr."""
    five = [str(shutil.copytree(ROOT / "tests/plans/region/decin", tmp_path / n)) for n in "abcde"]
    cases: list[tuple[list[str], dict[str, str]]] = [
        (["gaps", "--help"], {}),
        (["gaps", USTI, "capacity", "funding"], {"COLUMNS": "30"}),
        (["check", "tests/plans/several"], {}),
        (["rollup", *five, "-o", str(tmp_path / "out")], {}),
    ]
    for args, env in cases:
        process = run_cpkit(*args, env=env)
        here = invoke(*args, env=env)
        assert (here.returncode, here.stdout, here.stderr) == (
            process.returncode,
            process.stdout,
            process.stderr,
        ), args
