"""What every command shares: refusing with an exit code, opening a plan, writing its output.

Exit codes: 0 done, 1 findings (or conflicts), 2 a usage error or a plan that cannot be read,
70 a bug in cpkit (cpkit.cli.base.Group.invoke).
Nothing heavy is imported here at module level: `cpkit --help` loads this module too.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from pathlib import Path

    import pandas as pd

    from cpkit.core.diagnostics import Report
    from cpkit.model.entities import Plan

# The accepted values of options and arguments, declared here so that --help needs no library
# module; tests/test_cli.py checks them against the library's own lists.
SHAPES = ("community", "district", "ngo")
LANGUAGES = ("en", "cs", "zh-Hant")
GAP_TABLES = ("services", "capacity", "funding", "progress", "participation", "network")
IMPORT_KINDS = ("services", "needs")

F = TypeVar("F", bound="Callable[..., Any]")


def language_option(f: F) -> F:
    """`--language TAG`: the language of what a command prints or writes for people; None
    (the default) means the plan's `language`, or the user's locale when there is no plan."""
    return click.option(
        "--language",
        "language",
        type=click.Choice(LANGUAGES, case_sensitive=False),
        default=None,
        metavar="TAG",
        help="Language of the output: en, cs or zh-Hant; by default the plan's `language` "
        "(the user's locale when the plan cannot be read). Example: --language cs",
    )(f)


def fail(message: str, code: int = 2) -> NoReturn:
    """Say what is wrong on stderr, `Error: ...`, and end the command with `code`."""
    from cpkit.publish.safe_text import terminal_text

    click.echo(f"Error: {terminal_text(message)}", err=True)
    raise click.exceptions.Exit(code)


def open_plan(plan: Path, *, run: bool = True, warn: bool = False) -> tuple[Plan, Report]:
    """The plan and its report; a plan that cannot be read is a usage error (exit 2).

    With `warn`, errors in the plan are mentioned on stderr: what the command computes from
    a broken plan may be incomplete.
    """
    from cpkit.api import PlanNotFound, check_plan
    from cpkit.core.diagnostics import Severity

    try:
        loaded, report = check_plan(plan, run=run)
    except PlanNotFound as exc:
        fail(str(exc))
    errors = report.counts()[Severity.ERROR]
    if warn and errors:
        click.echo(
            f"Warning: the plan has {errors} error(s); results may be incomplete "
            f"(cpkit check {plan})",
            err=True,
        )
    return loaded, report


def check_output(output: Path, *, folder: bool, why: str = "") -> None:
    """Refuse, before any work, an --output that cannot be what the command writes."""
    from cpkit.core.files import OutputError, check_file, check_folder

    try:
        check_folder(output) if folder else check_file(output)
    except OutputError as exc:
        fail(f"--output {output}: {exc}{why}")


def write(output: Path | None, text: str) -> None:
    """`text` to the file `output` (atomically), or to standard output, where plan text's
    escape sequences and control characters are shown, not obeyed."""
    if output is None:
        from cpkit.publish.safe_text import terminal_text

        sys.stdout.write(terminal_text(text))
        return
    from cpkit.core.files import OutputError, write_atomic

    try:
        write_atomic(output, text)
    except OutputError as exc:
        fail(str(exc))


def write_xlsx(output: Path, sheets: Mapping[str, pd.DataFrame]) -> None:
    from cpkit.core.files import OutputError
    from cpkit.interchange.export import write_xlsx

    try:
        write_xlsx(output, sheets)
    except OutputError as exc:
        fail(str(exc))
