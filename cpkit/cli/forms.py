"""Provider forms: `cpkit forms` writes a workbook per provider, `cpkit collect` reads the
returned ones into the year's monitoring file and the services, and says who is missing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import click

from cpkit.cli.base import argument, command
from cpkit.cli.common import fail, language_option, open_plan, say, words

if TYPE_CHECKING:
    from cpkit.core.language import Language
    from cpkit.interchange.collect import Completion, Result
    from cpkit.model.entities import Plan

PATH = click.Path(path_type=Path)


def _t(key: str, **values: object) -> str:
    """A word of the forms catalogue in the command's language (--language, else the plan's)."""
    return words().t(key, "forms", **values)


def _year(plan: Plan, year: int | None) -> int:
    """The year asked for, else the latest year of the planning period not yet complete:
    the year after the latest monitoring, but never after the period's last year (whose
    returns may still come in), or the period's first year. A year asked for outside the
    period is done as asked, with a warning."""
    period = plan.info.period if plan.info and plan.info.period else None
    first = getattr(period.start, "year", None) if period else None
    last = getattr(period.end, "year", None) if period else None
    if year is not None:
        if first is not None and last is not None and not first <= year <= last:
            message = _t("cli.outside", year=str(year), start=str(first), end=str(last))
            click.echo(say("warning", message=message), err=True)
        return year
    years = [m.year for m in plan.monitoring if isinstance(m.year, int)]
    if years:
        after = max(years) + 1
        return min(after, last) if last is not None else after
    if isinstance(first, int):
        return first
    fail(_t("cli.no_year"))


@command(short_help="Write a form (XLSX) per provider for a year's figures.")
@argument("plan", type=PATH, help="The plan folder.")
@click.option(
    "--year",
    "-y",
    type=int,
    help="The year to report on (default: the year after the latest monitoring file, at "
    "most the last year of the plan's period). Example: --year 2006",
)
@click.option("--output", "-o", type=PATH, required=True, help="The folder for the forms.")
@click.option(
    "--provider",
    "-p",
    "only",
    multiple=True,
    metavar="ID",
    help="Only this provider's form (repeatable).",
)
@click.option("--force", is_flag=True, help="Replace forms already in the folder.")
@language_option
def forms(plan: Path, year: int | None, output: Path, only: tuple[str, ...], force: bool) -> None:
    """Write one workbook per provider and per implementing entity of a measure.

    Each has the provider's services with last year's capacity and funding, and the measures
    it implements with their status, money spent by source and indicators to fill in; the
    cells to fill are white, the rest is locked. Send each provider its file; read the
    returned ones with `cpkit collect`. Existing files are never replaced without --force.

    Example: cpkit forms examples/usti-seniors --year 2006 -o forms-2006
    """
    from cpkit.core.files import OutputError
    from cpkit.core.outputs import write_folder
    from cpkit.interchange import forms as fm

    loaded, report = open_plan(plan, run=False)
    if any(d.code.startswith("CP00") for d in report):
        fail(_t("cli.unreadable", plan=str(plan)))
    y = _year(loaded, year)
    tag = words().tag  # the forms' own words: --language, else the plan's
    who = fm.providers(loaded)
    for p in only:
        if p not in who:
            fail(_t("cli.not_provider", provider=p))
    files: dict[str, bytes] = {}
    for p in [p for p in who if not only or p in only]:
        files[fm.file_name(p)] = fm.workbook(fm.build_form(loaded, y, p, tag=tag))
    there = sorted(n for n in files if (output / n).exists())
    if there and not force:
        names = ", ".join(there[:3]) + (" …" if len(there) > 3 else "")
        fail(_t("cli.exist", count=len(there), output=str(output), names=names))
    try:
        write_folder(output, files, protect=loaded.root, force=True)
    except OutputError as exc:
        fail(exc)
    click.echo(_t("cli.wrote", count=len(files), year=str(y), output=str(output)), err=True)


@command(short_help="Read returned provider forms into the year's monitoring.")
@argument("plan", type=PATH, help="The plan folder.")
@argument("forms", nargs=-1, type=PATH, help="Returned forms (.xlsx, .csv) or folders of them.")
@click.option(
    "--year",
    "-y",
    type=int,
    help="The year reported on (default: the year after the latest monitoring file, at "
    "most the last year of the plan's period; a year outside the period is warned of). "
    "Example: --year 2006",
)
@click.option("--dry-run", is_flag=True, help="Check and show what would change; write nothing.")
@click.option(
    "--status",
    "status_",
    is_flag=True,
    help="Show who returned, who is late and which cells are empty; write nothing.",
)
@click.option(
    "--due",
    type=click.DateTime(["%Y-%m-%d"]),
    metavar="DATE",
    help="With --status: the date returns were due, e.g. 2007-02-05.",
)
@language_option
def collect(
    plan: Path,
    forms: tuple[Path, ...],
    year: int | None,
    dry_run: bool,
    status_: bool,
    due: dt.datetime | None,
) -> None:
    """Check returned forms cell by cell and write their figures into the plan.

    A form with an error is refused whole, with its file, sheet and cell
    (forms/dd.xlsx:Services!E2). The good ones go into monitoring/YEAR.yaml (status, money
    spent and a note per measure; indicator values) and into the services' capacity and
    funding of the year, keeping comments and layout. A new return of a provider replaces
    that provider's values only; the same forms again change nothing. Exit 1 when a form
    was refused, 2 when the plan or a file cannot be read.

    Example: cpkit collect examples/usti-seniors returned-2006 --year 2006 --dry-run
    """
    from cpkit.cli.reporters import printable
    from cpkit.interchange import collect as co

    loaded, report = open_plan(plan, run=False)
    if any(d.code.startswith("CP00") for d in report):
        fail(_t("cli.unreadable", plan=str(plan)))
    y = _year(loaded, year)
    missing = [str(f) for f in forms if not f.exists()]
    if missing:
        fail(_t("cli.no_such", path=missing[0]))
    files = co.form_files(forms)
    if not files and not status_:
        fail(_t("cli.no_forms"))
    try:
        result = co.collect(loaded, files, y, dry_run=dry_run or status_)
    except co.CollectError as exc:
        fail(str(exc))
    lang = words().tag  # the plan's language, or --language
    for d in sorted(result.report, key=lambda d: (d.loc.file, d.code)):
        severity = words().t(f"report.severity.{d.severity.value}", "rules")
        line = f"{d.loc.file}: {severity} {d.code} {d.message_in(lang)}"
        hint = d.hint_in(lang)
        click.echo(printable(line + (f" ({hint})" if hint else "")))
    if status_:
        day = due.date() if due else None
        rows = co.completion(loaded, y, result, due=day, lang=words())
        _say_status(loaded, y, rows, day)
    else:
        _say_changes(loaded, result, dry_run=dry_run)
    if result.refused:
        files = ", ".join(result.refused)
        click.echo(_t("cli.refused", count=len(result.refused), files=files), err=True)
        raise click.exceptions.Exit(1)


def _say_changes(plan: Plan, result: Result, *, dry_run: bool) -> None:
    from cpkit.cli.reporters import printable
    from cpkit.interchange.collect import change_names

    lang = words()
    names = change_names(plan, lang)
    for c in result.changes:
        old = _t("cli.empty_value") if c.old is None else _shown(lang, c.key, c.old)
        line = _t("cli.change", provider=c.provider, where=c.where, name=names(c.key),
                  old=old, new=_shown(lang, c.key, c.new))  # fmt: skip
        click.echo(printable(line))
    for path in result.files:
        click.echo(_t("cli.would_write" if dry_run else "cli.wrote_file", path=str(path)), err=True)
    if not result.files:
        click.echo(_t("cli.nothing"), err=True)


def _shown(lang: Language, key: tuple[str, ...], value: object) -> str:
    """A value as the terminal shows it: numbers for the language, a status in its words,
    text as written."""
    from cpkit.interchange.forms import status_label

    if key[0] == "status":
        return status_label(lang, str(value))
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return lang.number(value)
    return str(value)


def _say_status(plan: Plan, year: int, rows: list[Completion], due: dt.date | None) -> None:
    from cpkit.cli.reporters import printable
    from cpkit.interchange import forms as fm

    lang = words()
    t = lambda key, **v: lang.t(key, fm.DOMAIN, **v)  # noqa: E731
    click.echo(t("status.title", year=str(year)))
    for r in rows:
        state = t("status.returned") if r.returned else t("status.missing")
        if r.late and due is not None:
            state = t("status.late", due=lang.date(due.year, due.month, due.day))
        line = f"{r.provider:24} {state:16} {t('status.empty', count=len(r.empty))}"
        click.echo(printable(line))
        for cell in r.empty[:20]:
            click.echo(printable(f"    {cell}"))


def write_completion(plan: Plan, year: int, output: Path) -> Path:
    """completion-YEAR.md into a folder render has just written (`render --completion`)."""
    from cpkit.core.files import OutputError
    from cpkit.core.outputs import write_folder
    from cpkit.interchange import collect as co

    text = co.completion_markdown(plan, year, co.completion(plan, year, None))
    try:
        return write_folder(output, {f"completion-{year}.md": text}, protect=plan.root, force=True)[
            0
        ]
    except OutputError as exc:
        fail(exc)
