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
COMMANDS += ("comments", "diff", "rollup", "align", "forms", "collect")


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
        (["check", "examples/usti-seniors"], 0, "No problems. Files checked: ", ""),
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


# A stand-in for a bug: the library raising what no command expects, in a process of its own.
BUG = """\
import sys
import cpkit.api

def bug(*args, **kwargs):
    raise ZeroDivisionError("a secret from the plan")

cpkit.api.check_plan = bug
sys.argv = ["cpkit", *sys.argv[1:]]
from cpkit.cli.main import main
main()
"""


def _bug_line(command: str) -> str:
    from cpkit import __version__

    return (
        f"Internal error: a bug in cpkit {__version__}, not a problem in the plan: `cpkit "
        f"{command}` failed with ZeroDivisionError. Please report it, with the traceback that "
        f"CPKIT_DEBUG=1 cpkit {command} ... shows.\n"
    )


def test_a_bug_is_one_line_and_exit_70_not_a_traceback() -> None:
    """Exit 70 (EX_SOFTWARE), which CI tells apart from findings (1) and usage (2); the one
    line names the command and the version and leaves the exception's message (which may
    quote the plan) out. CPKIT_DEBUG=1 gives a developer the traceback."""
    env = {**os.environ, **TERMINAL}
    env.pop("CPKIT_DEBUG", None)
    done = subprocess.run(
        [sys.executable, "-c", BUG, "gaps", USTI],
        capture_output=True, text=True, timeout=60, cwd=ROOT, env=env,
    )  # fmt: skip
    assert (done.returncode, done.stdout, done.stderr) == (70, "", _bug_line("gaps"))
    debug = subprocess.run(
        [sys.executable, "-c", BUG, "gaps", USTI],
        capture_output=True, text=True, timeout=60, cwd=ROOT, env={**env, "CPKIT_DEBUG": "1"},
    )  # fmt: skip
    assert debug.returncode == 1 and debug.stdout == ""
    assert debug.stderr.startswith("Traceback (most recent call last):\n")
    assert debug.stderr.endswith("ZeroDivisionError: a secret from the plan\n")


@pytest.mark.parametrize(
    "args",
    [
        ["check", USTI],
        ["gaps", USTI, "--format", "md"],
        ["render", USTI, "-o", "{out}"],
        ["export", USTI, "-o", "{out}.xlsx"],
        ["import", USTI, "{out}.csv", "--dry-run"],
        ["progress", USTI],
        ["comments", USTI],
        ["rollup", USTI, "tests/plans/region/decin", "-o", "{out}"],
    ],
    ids=lambda args: args[0],
)
def test_a_bug_in_any_command_is_the_same_line(
    args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In this process: every command goes through the one handler in the command group."""
    import cpkit.api

    def bug(*_args: object, **_kwargs: object) -> None:
        raise ZeroDivisionError("a secret from the plan")

    monkeypatch.setattr(cpkit.api, "check_plan", bug)
    (tmp_path / "out.csv").write_text("name,provider,type\nA,dd,field\n", encoding="utf-8")
    argv = [a.replace("{out}", str(tmp_path / "out")) for a in args]
    result = invoke(*argv, env={"CPKIT_DEBUG": ""})
    assert (result.returncode, result.stdout, result.stderr) == (70, "", _bug_line(args[0]))
    assert not (tmp_path / "out").exists() and not (tmp_path / "out.xlsx").exists()


def test_a_plan_with_every_value_that_once_crashed_shows_no_traceback(tmp_path: Path) -> None:
    """All the cases of tests/test_broken_values.py in one plan, as a shell sees the commands
    that crashed on them: exit 0, and on stderr only the warning that the plan has errors."""
    from test_broken_values import CASES, POPULATION, RICH_TEXT

    files = dict(RICH_TEXT)
    for file, was, now, _ in CASES.values():
        files[file] = files[file].replace(was, now)
    plan = write_plan(tmp_path / "plan", {**files, "demographics/population.csv": POPULATION})
    warning = f"Warning: the plan has {len(CASES)} errors; results may be incomplete"
    for args in (["gaps"], ["render", "-o", str(tmp_path / "out")], ["progress", "-y", "2026"]):
        done = run_cpkit(args[0], str(plan), *args[1:])
        assert done.returncode == 0, done.stderr
        assert done.stderr.startswith(warning) and "Traceback" not in done.stderr, done.stderr


@pytest.mark.parametrize("example", ["usti-seniors", "hkcss-2025"])
def test_render_does_not_import_pandas(tmp_path: Path, example: str) -> None:
    """The document reads its gap tables as rows: pandas (and numpy under it), a third of
    a second to import, stays out of `cpkit render`, a plan's network annex included."""
    done = run_cpkit(
        "render", "--no-cache", str(EXAMPLES / example), "-o", str(tmp_path / "out"),
        env={"PYTHONPROFILEIMPORTTIME": "1"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "out" / "plan.html").is_file()
    imported = {line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if "|" in line}
    assert "cpkit.publish.render" in imported  # the import times were shown
    assert not {m for m in imported if m.split(".")[0] in ("pandas", "numpy")}
