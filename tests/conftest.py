"""Shared helpers: a minimal valid plan to mutate, and two ways of running `cpkit`.

`invoke` runs the command line in this process, through click's test runner: what almost
every CLI test uses, at the cost of a function call. `run_cpkit` starts the real entry point
in a new process; only tests/test_entry_point.py uses it, for what a process alone shows
(start-up, exit statuses, the encoding of a pipe, a traceback that must never reach a user).
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext

ROOT = Path(__file__).resolve().parent.parent

# the command line keeps a per-file cache in the user's cache folder: the tests' runs keep
# theirs in a folder of their own
if "CPKIT_CACHE_DIR" not in os.environ:
    _CACHE = tempfile.mkdtemp(prefix="cpkit-test-cache-")
    os.environ["CPKIT_CACHE_DIR"] = _CACHE
    atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)  # each run left one behind
EXAMPLES = ROOT / "examples"

# The smallest plan that passes `cpkit check --strict`; rule tests add or replace files.
MINIMAL: dict[str, str] = {
    "plan.yaml": """\
plan:
  title: Minimal plan
  period: {start: 2025, end: 2027}
  currency: CZK
""",
    "stakeholders.yaml": """\
stakeholders:
  - {id: city, name: City Hall, side: commissioner}
  - {id: ngo, name: Home Care NGO, side: provider}
  - {id: council, name: Seniors' Council, side: user}
groups:
  - {id: cg, name: Coordination group for seniors, members: [city, ngo, council]}
""",
    "areas.yaml": """\
target_groups:
  - {id: seniors, name: Senior citizens}
areas:
  - {id: seniors, name: Care for senior citizens, group: cg, target_groups: [seniors]}
swot:
  - area: seniors
    strengths: [Committed providers]
    weaknesses: [Waiting lists]
    opportunities: [EU funds]
    threats: [Ageing population]
""",
    "services.yaml": """\
service_types:
  - {id: home-care, name: Home care}
services:
  - id: care
    name: Home care service
    provider: ngo
    type: home-care
    target_groups: [seniors]
    capacity: {value: 10, unit: places}
needs:
  - {id: housing, name: Housing}
needs_matrix:
  - id: seniors-care
    target_group: seniors
    service_type: home-care
    cells: {housing: missing}
""",
    "objectives.yaml": """\
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
            answers: [seniors-care/housing]
""",
}


def write_plan(folder: Path, changes: Mapping[str, str | bytes | None] | None = None) -> Path:
    """MINIMAL with `changes` applied: text replaces or adds a file, None deletes it."""
    files: dict[str, str | bytes | None] = {**MINIMAL, **(changes or {})}
    folder.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        if content is None:
            continue
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return folder


@pytest.fixture
def plan_dir(tmp_path: Path) -> Path:
    return write_plan(tmp_path / "plan")


# What both ways of running cpkit set: no colour, a terminal 100 columns wide and no more.
TERMINAL = {"NO_COLOR": "1", "COLUMNS": "100", "TERM": "dumb"}


@dataclass(frozen=True)
class Result:
    """What a user sees of one command: the attributes of a finished subprocess."""

    returncode: int
    stdout: str
    stderr: str


def invoke(
    *args: str,
    cwd: Path | None = None,
    input: str | None = None,
    env: Mapping[str, str] | None = None,
) -> Result:
    """`cpkit *args` in this process, as run_cpkit runs it in another (cwd: ROOT by default).

    click's test runner swaps in its own stdin, stdout, stderr and environment for the call;
    rich consoles and sys.stdout.write reach its streams, since both look sys.stdout up when
    they print, and stdout and stderr are kept apart (click 8.2 and newer). An exception the
    command does not handle is raised here (catch_exceptions=False): it would be a traceback
    in front of a user, so it fails the test instead of becoming exit code 1 (CPKIT_DEBUG=1:
    the command line raises it rather than turning it into its internal-error line, exit 70;
    pass env={"CPKIT_DEBUG": ""} to see what a user sees).
    """
    from click.testing import CliRunner

    from cpkit.cli.main import cli

    environ = {"CPKIT_DEBUG": "1", **TERMINAL, **(env or {})}
    # The runner fixes the width of --help at 80; a process takes it from COLUMNS, as here.
    help_width = max(min(int(environ["COLUMNS"]), 80) - 2, 50)
    before = os.getcwd()
    os.chdir(cwd or ROOT)
    try:
        done = CliRunner().invoke(
            cli,
            list(args),
            input=input,
            env=environ,
            catch_exceptions=False,
            prog_name="cpkit",
            terminal_width=help_width,
        )
    finally:
        os.chdir(before)
    return Result(done.exit_code, done.stdout, done.stderr)


def run_cpkit(
    *args: str, cwd: Path | None = None, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """The real entry point in a new process, as a user runs it (colour off, wide terminal)."""
    return subprocess.run(
        [sys.executable, "-m", "cpkit", *args],
        cwd=cwd or ROOT,
        env={**os.environ, **TERMINAL, **(env or {})},
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="rewrite golden files from current output"
    )


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserContext]:
    """One headless Chromium for every browser test: Playwright's sync API runs one at a time."""
    from browser_tools import chromium_context

    with chromium_context(tmp_path_factory.mktemp("chromium-profile")) as context:
        yield context


def unsafe_markdown_view(markdown_text: str) -> str:
    """Markdown as a viewer that does not sanitise shows it: cmark-gfm in unsafe mode, which
    keeps raw HTML and every URL as written (the worst case for plan text in plan.md)."""
    import cmarkgfm
    from cmarkgfm.cmark import Options

    return cmarkgfm.markdown_to_html_with_extensions(
        markdown_text,
        options=Options.CMARK_OPT_UNSAFE,
        extensions=["table", "strikethrough", "autolink"],
    )
