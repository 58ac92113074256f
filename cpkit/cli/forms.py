"""Provider forms: `cpkit forms` writes a workbook per provider, `cpkit collect` reads the
returned ones into the year's monitoring file and the services, and says who is missing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import click

from cpkit.cli.base import argument, command
from cpkit.cli.common import fail, open_plan

if TYPE_CHECKING:
    from cpkit.interchange.collect import Completion, Result
    from cpkit.model.entities import Plan

PATH = click.Path(path_type=Path)


def _year(plan: Plan, year: int | None) -> int:
    """The year asked for, else the year after the latest monitoring (or the period's start)."""
    if year is not None:
        return year
    years = [m.year for m in plan.monitoring]
    if years:
        return max(years) + 1
    start = plan.info.period.start if plan.info and plan.info.period else None
    first = getattr(start, "year", start)
    if isinstance(first, int):
        return first
    fail("--year: the plan has no monitoring year to follow; name the year")


@command(short_help="Write a form (XLSX) per provider for a year's figures.")
@argument("plan", type=PATH, help="The plan folder.")
@click.option(
    "--year",
    "-y",
    type=int,
    help="The year to report on (default: the year after the latest monitoring file).",
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
        fail(f"{plan}: the plan has a file cpkit cannot read; fix it first (cpkit check {plan})")
    y = _year(loaded, year)
    who = fm.providers(loaded)
    for p in only:
        if p not in who:
            fail(f"--provider {p}: provides no service and implements no measure of the plan")
    files: dict[str, bytes] = {}
    for p in [p for p in who if not only or p in only]:
        files[fm.file_name(p)] = fm.workbook(fm.build_form(loaded, y, p))
    there = sorted(n for n in files if (output / n).exists())
    if there and not force:
        fail(
            f"{output}: {', '.join(there[:3])}{' …' if len(there) > 3 else ''} exist; "
            "pass --force to replace them"
        )
    try:
        write_folder(output, files, protect=loaded.root, force=True)
    except OutputError as exc:
        fail(str(exc))
    click.echo(f"Wrote {len(files)} forms for {y} to {output}", err=True)


@command(short_help="Read returned provider forms into the year's monitoring.")
@argument("plan", type=PATH, help="The plan folder.")
@argument("forms", nargs=-1, type=PATH, help="Returned forms (.xlsx, .csv) or folders of them.")
@click.option(
    "--year",
    "-y",
    type=int,
    help="The year reported on (default: the year after the latest monitoring file).",
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

    Example: cpkit collect examples/usti-seniors forms-2006 --year 2006 --dry-run
    """
    from cpkit.cli.reporters import printable
    from cpkit.interchange import collect as co

    loaded, report = open_plan(plan, run=False)
    if any(d.code.startswith("CP00") for d in report):
        fail(f"{plan}: the plan has a file cpkit cannot read; fix it first (cpkit check {plan})")
    y = _year(loaded, year)
    missing = [str(f) for f in forms if not f.exists()]
    if missing:
        fail(f"{missing[0]}: no such file or folder")
    files = co.form_files(forms)
    if not files and not status_:
        fail("name the returned forms: files or folders")
    try:
        result = co.collect(loaded, files, y, dry_run=dry_run or status_)
    except co.CollectError as exc:
        fail(str(exc))
    for d in sorted(result.report, key=lambda d: (d.loc.file, d.code)):
        line = f"{d.loc.file}: {d.severity.value} {d.code} {d.message}"
        click.echo(printable(line + (f" ({d.hint})" if d.hint else "")))
    if status_:
        day = due.date() if due else None
        _say_status(loaded, y, co.completion(loaded, y, result, due=day), day)
    else:
        _say_changes(result, dry_run=dry_run)
    if result.refused:
        click.echo(f"Refused {len(result.refused)} form(s): {', '.join(result.refused)}", err=True)
        raise click.exceptions.Exit(1)


def _say_changes(result: Result, *, dry_run: bool) -> None:
    from cpkit.cli.reporters import printable
    from cpkit.interchange.collect import key_text

    for c in result.changes:
        old = "(empty)" if c.old is None else repr(c.old)
        click.echo(printable(f"{c.provider}: {key_text(c.key)}: {old} -> {c.new!r}  [{c.where}]"))
    verb = "would write" if dry_run else "wrote"
    for path in result.files:
        click.echo(f"{verb} {path}", err=True)
    if not result.files:
        click.echo("Nothing to change.", err=True)


def _say_status(plan: Plan, year: int, rows: list[Completion], due: dt.date | None) -> None:
    from cpkit.cli.reporters import printable
    from cpkit.interchange import forms as fm

    lang = fm.plan_language(plan)
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
        fail(str(exc))
