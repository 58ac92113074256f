"""`cpkit render --annual-report Y`: the annual report's files, or the diagnostic that says
why the year has none (CP730, CP731)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from cpkit.cli.common import fail, words

if TYPE_CHECKING:
    from cpkit.core.diagnostics import Diagnostic
    from cpkit.model.entities import Plan


def refuse(plan: Path, d: Diagnostic) -> NoReturn:
    """Print the diagnostic, located in the plan's folder, in the command's language (the
    plan's, or --language), and end with exit 1."""
    from cpkit.publish.safe_text import terminal_text

    lang = words()
    where = plan / d.loc.file
    line = f":{d.loc.line}:{d.loc.column}" if d.loc.line else ""
    severity = lang.t(f"report.severity.{d.severity.value}", "rules")
    message = d.message_in(lang.tag)
    click.echo(terminal_text(f"{where}{line}: {severity} {d.code} {d.name}: {message}"), err=True)
    hint = d.hint_in(lang.tag)
    if hint:
        click.echo(terminal_text("  " + lang.t("report.hint", "rules", hint=hint)), err=True)
    raise click.exceptions.Exit(1)


def check_completion_year(loaded: Plan, plan: Path, year: int) -> None:
    """`render --completion YEAR` refuses a year outside the planning period (CP731)."""
    from cpkit.publish.annual import AnnualError, check_period

    try:
        check_period(loaded, year, "completion")
    except AnnualError as exc:
        refuse(plan, exc.diagnostic)


def render_annual(
    loaded: Plan,
    plan: Path,
    year: int,
    output: Path,
    formats: tuple[str, ...],
    *,
    templates: Path | None,
    references: tuple[Path, ...],
    force: bool,
) -> None:
    from cpkit.core.files import OutputError
    from cpkit.core.outputs import write_folder
    from cpkit.publish.annual import AnnualError, annual_files
    from cpkit.publish.render import RenderError

    try:
        files = annual_files(
            loaded, year, formats=formats, templates=templates, references=references
        )
    except AnnualError as exc:
        refuse(plan, exc.diagnostic)
    except RenderError as exc:
        fail(exc)
    try:
        written = write_folder(output, files, protect=loaded.root, force=force)
    except OutputError as exc:
        fail(exc)
    click.echo(words().t("wrote", "annual", count=len(written), output=str(output)), err=True)
