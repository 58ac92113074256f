"""What every command shares: refusing with an exit code, opening a plan, writing its output.

Exit codes: 0 done, 1 findings (or conflicts), 2 a usage error or a plan that cannot be read,
70 a bug in cpkit (cpkit.cli.base.Group.invoke).
Nothing heavy is imported here at module level: `cpkit --help` loads this module too.
"""

from __future__ import annotations

import functools
import sys
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping
    from pathlib import Path

    import pandas as pd

    from cpkit.core.diagnostics import Report
    from cpkit.core.language import Explained, Language
    from cpkit.interchange.export import Headers
    from cpkit.model.entities import Plan

F = TypeVar("F", bound="Callable[..., Any]")

# The accepted values of options and arguments, declared here so that --help needs no library
# module; tests/test_cli.py checks them against the library's own lists.
SHAPES = ("community", "district", "ngo")
LANGUAGES = ("en", "cs", "zh-Hant")
GAP_TABLES = ("services", "capacity", "funding", "progress", "participation", "network")
IMPORT_KINDS = ("services", "needs")

F = TypeVar("F", bound="Callable[..., Any]")


_CHOSEN = "cpkit.language"  # click context meta: the --language a command was given
_PLAN = "cpkit.plan_language"  # ... and the language of the plan it opened


def language_option(function: F) -> F:
    """`--language TAG` on a command that prints or writes for people: its own words, numbers
    and dates in that language instead of the plan's (or, before a plan is read, the
    locale's). `--help` stays English. Read the choice with `words()`."""

    @click.option(
        "--language",
        "language_",
        type=click.Choice(LANGUAGES),
        default=None,
        metavar="TAG",
        help="The language of cpkit's own words, numbers and dates: en, cs or zh-Hant "
        "(default: the plan's `language`; output about no plan follows LC_ALL, LC_MESSAGES "
        "or LANG, else English). Example: --language cs",
    )
    @functools.wraps(function)
    def wrapper(*args: Any, language_: str | None = None, **kwargs: Any) -> Any:
        if language_ is not None:
            click.get_current_context().meta[_CHOSEN] = language_
        return function(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def choose_language(tag: str | None, *, chosen: bool = False) -> None:
    """Remember the language of the first plan a command read (`--language` still wins), or,
    with `chosen`, a language the command was told to speak by an option of its own."""
    ctx = click.get_current_context(silent=True)
    if ctx is not None and tag:
        if chosen:
            ctx.meta[_CHOSEN] = tag
        else:
            ctx.meta.setdefault(_PLAN, tag)


def words(plan_language: str | None = None) -> Language:
    """The language of a command's own words: --language, else the plan's (`plan_language`,
    or the one `open_plan` read), else the user's locale, else English."""
    from cpkit.core.language import UnknownLanguage, language, user_language

    ctx = click.get_current_context(silent=True)
    meta = ctx.meta if ctx is not None else {}
    for tag in (meta.get(_CHOSEN), plan_language, meta.get(_PLAN)):
        if tag:
            try:
                return language(tag)
            except UnknownLanguage:
                continue
    return language(user_language())


def say(key: str, **values: Any) -> str:
    """A message of the cli catalogue in the command's language (see `words`)."""
    return words().t(key, "cli", **values)


def fail(message: str | Explained, code: int = 2) -> NoReturn:
    """Say what is wrong on stderr, `Error: ...`, and end the command with `code`. A library
    error (`cpkit.core.language.Explained`) is said in the command's language from its key and
    data; its `str()` stays English for logs."""
    from cpkit.publish.safe_text import terminal_text

    if not isinstance(message, str):
        message = message.said(words())
    click.echo(say("error", message=terminal_text(message)), err=True)
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
        fail(exc)
    choose_language(loaded.info.language if loaded.info else None)
    errors = report.counts()[Severity.ERROR]
    if warn and errors:
        click.echo(say("plan_errors", count=errors, plan=str(plan)), err=True)
    return loaded, report


def check_output(output: Path, *, folder: bool, why: str = "") -> None:
    """Refuse, before any work, an --output that cannot be what the command writes."""
    from cpkit.core.files import OutputError, check_file, check_folder

    try:
        check_folder(output) if folder else check_file(output)
    except OutputError as exc:
        fail_output(output, exc, why)


def fail_output(output: Path, exc: Explained, why: str = "") -> NoReturn:
    """Refuse an --output, with the library's reason in the command's language."""
    fail(say("errors.output_option", output=str(output), reason=exc.said(words()), why=why))


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
        fail(exc)


def write_xlsx(
    output: Path, sheets: Mapping[str, pd.DataFrame], headers: Headers | None = None
) -> None:
    from cpkit.core.files import OutputError
    from cpkit.interchange.export import write_xlsx

    try:
        write_xlsx(output, sheets, headers)
    except OutputError as exc:
        fail(exc)
