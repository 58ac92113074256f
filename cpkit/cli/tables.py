"""The plan as tables: `cpkit gaps` shows the gap tables, `cpkit export` writes a workbook,
`cpkit import` reads a service catalogue or a needs matrix from one."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from cpkit.cli.base import argument, command
from cpkit.cli.common import (
    GAP_TABLES,
    IMPORT_KINDS,
    check_output,
    fail,
    language_option,
    open_plan,
    say,
    words,
    write,
    write_xlsx,
)

if TYPE_CHECKING:
    from cpkit.interchange.importer import ImportResult

PATH = click.Path(path_type=Path)


@command(short_help="Show what the plan is missing: the gap tables.")
@argument("plan", type=PATH, help="The plan folder.")
@argument(
    "tables",
    nargs=-1,
    type=click.Choice(GAP_TABLES),
    help="Tables to show: services, capacity, funding, progress, participation, network "
    "(default: all; network when the plan has one).",
)
@click.option(
    "--format",
    "-f",
    "format_",
    type=click.Choice(["table", "csv", "json", "md", "xlsx"]),
    default="table",
    help="table, csv, json, md or xlsx.",
)
@click.option(
    "--output",
    "-o",
    type=PATH,
    help="Write to this file (xlsx: required; csv: a folder for several; table: plain text).",
)
@language_option
def gaps(plan: Path, tables: tuple[str, ...], format_: str, output: Path | None) -> None:
    """Show what the plan is missing: services, capacity, money, progress, participation,
    and the network of social services with its capacity by year, unit and territory.

    Every number comes from the plan's files; docs/gaps.md shows how each is computed.
    Titles, headers and cpkit's own words are in the plan's language (or --language);
    csv and json keep the columns' ids, for scripts.

    Example: cpkit gaps examples/usti-seniors capacity funding --format md
    """
    from cpkit.analysis.gaps import TABLES
    from cpkit.analysis.network import gap_tables
    from cpkit.interchange import export

    names = list(tables or TABLES)
    if format_ == "xlsx" and output is None:
        fail(say("gaps.xlsx_needs_output"))
    several_csv = format_ == "csv" and len(names) > 1
    if several_csv and output is None:
        fail(say("gaps.csv_needs_folder"))
    if output is not None:
        why = say("gaps.csv_folder_why")
        check_output(output, folder=several_csv, why=why if several_csv else "")
    loaded, _report = open_plan(plan, warn=True)
    if not tables and loaded.network:
        names.append("network")
    computed = gap_tables()
    frames = {n: export.tidy(computed[n](loaded)) for n in names}
    if format_ in ("table", "md"):  # for people: names where the tables for scripts keep ids
        from cpkit.analysis.names import for_people

        frames = {n: for_people(n, f, loaded) for n, f in frames.items()}
    headers = export.Headers(words())
    if format_ == "table":
        from cpkit.cli.terminal import print_tables, tables_text

        if output is None:
            print_tables(frames, headers=headers)
        else:
            write(output, tables_text(frames, headers=headers))
    elif format_ == "xlsx":
        assert output is not None
        write_xlsx(output, frames, headers)
    elif several_csv:
        assert output is not None
        for n, frame in frames.items():
            write(output / f"{n}.csv", export.to_csv(frame))
    elif format_ == "csv":
        write(output, export.to_csv(frames[names[0]]))
    else:
        if format_ == "json":
            text = export.to_json(frames)
        else:
            text = export.to_markdown(frames, headers=headers)
        write(output, text)


@command(short_help="Export the plan to a spreadsheet (XLSX or CSV).")
@argument("plan", type=PATH, help="The plan folder.")
@click.option(
    "--output",
    "-o",
    type=PATH,
    required=True,
    help="FILE.xlsx for a workbook, or a folder for CSV files (or HSDS files).",
)
@click.option(
    "--headers",
    type=click.Choice(["names", "ids"]),
    default="names",
    help="names: sheet and column titles in the plan's language (or --language); ids: "
    "machine-stable names for scripts, the same in every language, e.g. costs_total. "
    "Example: --headers ids",
)
@click.option(
    "--format",
    "format_",
    type=click.Choice(["hsds"]),
    help="hsds: the services directory as Open Referral HSDS 3.0 JSON files into the "
    "--output folder (docs/hsds.md), e.g. cpkit export examples/usti-seniors --format hsds "
    "-o out/hsds",
)
@language_option
def export(plan: Path, output: Path, headers: str, format_: str | None) -> None:
    """Export the plan to a spreadsheet: one sheet per kind of entity and per gap table.

    Numbers stay numbers and dates dates, so the workbook can be filtered and summed.
    A folder gets one CSV file per sheet (named by the sheet's id). Sheet and column
    titles are in the plan's language; `cpkit import` reads English titles and ids, so
    export with --headers ids (or --language en) a table you mean to import again.

    Example: cpkit export examples/usti-seniors -o usti.xlsx --headers ids
    """
    if format_ == "hsds":
        return export_hsds(plan, output)
    from cpkit.analysis.gaps import TABLES
    from cpkit.analysis.network import network_table
    from cpkit.interchange import export as ex

    workbook = output.suffix.lower() == ".xlsx"
    if output.suffix and not workbook:
        fail(say("export.not_a_workbook", output=str(output)))
    check_output(output, folder=not workbook)
    loaded, _report = open_plan(plan, warn=True)
    sheets = ex.entity_sheets(loaded)
    sheets.update({f"gaps-{n}": ex.tidy(f(loaded)) for n, f in TABLES.items()})
    if loaded.network:
        sheets["gaps-network"] = ex.tidy(network_table(loaded))
    titles = ex.Headers(words(), ids=headers == "ids")
    if workbook:
        write_xlsx(output, sheets, titles)
    else:
        for name, frame in sheets.items():
            write(output / f"{name}.csv", ex.to_csv(ex.labelled(frame, titles)))
    click.echo(say("export.wrote", count=len(sheets), output=str(output)), err=True)


def export_hsds(plan: Path, output: Path) -> None:
    """`export --format hsds`: organizations, services, locations as HSDS JSON files."""
    from cpkit.interchange.hsds import hsds_files

    check_output(output, folder=True)
    loaded, _report = open_plan(plan, warn=True)
    files = hsds_files(loaded)
    for name, text in files.items():
        write(output / name, text)
    click.echo(say("export.wrote_hsds", count=len(files), output=str(output)), err=True)


@command("import", short_help="Import services or a needs matrix from CSV or XLSX.")
@argument("plan", type=PATH, help="The plan folder.")
@argument("source", type=PATH, help="A .csv or .xlsx file.")
@click.option(
    "--kind",
    "-k",
    type=click.Choice(IMPORT_KINDS),
    default="services",
    help="services (a service catalogue) or needs.",
)
@click.option(
    "--map",
    "-m",
    "map_",
    multiple=True,
    metavar="COLUMN=FIELD",
    help="Read a column as a field, e.g. 'Druh služby=type' (repeatable).",
)
@click.option("--merge", is_flag=True, help="Update existing entities that differ.")
@click.option("--dry-run", is_flag=True, help="Report what would change; write nothing.")
@click.option(
    "--encoding",
    default="utf-8",
    help="The CSV file's encoding, e.g. cp1250 (default: UTF-8, BOM or not).",
)
@click.option(
    "--sheet",
    metavar="NAME",
    help="The workbook's sheet to read (default: the one `cpkit export` writes for --kind, "
    "services or needs_matrix, else the first).",
)
@language_option
def import_(
    plan: Path,
    source: Path,
    kind: str,
    map_: tuple[str, ...],
    merge: bool,
    dry_run: bool,
    encoding: str,
    sheet: str | None,
) -> None:
    """Import a service catalogue or a needs matrix from CSV or XLSX.

    New entities go to imported/<file>.yaml. An entity that exists with other values is a
    conflict: reported, not written, unless --merge (exit 1, with --dry-run too). Importing
    the same file again changes nothing. Known columns: id, name/service, provider id,
    provider name, service type, client type/target groups, address, capacity, capacity
    unit, registry id, and the headers `cpkit export` writes. A CSV file may be separated
    by commas, semicolons or tabs.

    Example: cpkit import plans/usti registry.csv --map "Druh služby=type"
    """
    from cpkit.core.files import OutputError
    from cpkit.interchange.importer import ImportError_, import_file, refuse_unreadable

    mapping = {}
    for item in map_:
        column, sep, field_ = item.partition("=")
        if not sep or not column.strip() or not field_.strip():
            fail(say("import.bad_map", item=repr(item)))
        mapping[column.strip()] = field_.strip()
    loaded, report = open_plan(plan, run=False)
    try:
        refuse_unreadable(report)
        result = import_file(
            loaded,
            source,
            kind=kind,
            mapping=mapping,
            merge=merge,
            dry_run=dry_run,
            encoding=encoding,
            sheet=sheet,
        )
    except (ImportError_, OutputError) as exc:
        fail(exc)
    _say_imported(result, dry_run=dry_run)


def _say_imported(result: ImportResult, *, dry_run: bool) -> None:
    """What an import added, left alone and found in conflict; exit 1 if conflicts blocked it."""
    from cpkit.cli.reporters import printable

    lang = words()
    added, merged, wrote = (
        ("import.added", "import.merged", "import.wrote")
        if result.applied
        else ("import.would_add", "import.would_merge", "import.would_write")
    )
    for section, ids in result.added.items():
        key = f"sheets.{section}"
        shown = say(key).lower() if lang.has(key, "cli") and lang.tag != "en" else section
        click.echo(printable(say(added, count=len(ids), section=shown, ids=lang.join(ids))))
    if result.unchanged:
        click.echo(say("import.unchanged", count=len(result.unchanged)))
    for c in result.conflicts:
        key = merged if result.merged else "import.conflict"
        click.echo(printable(say(key, kind=c.kind, id=c.id, where=c.where)))
        for name, (old, new) in c.fields.items():
            click.echo(f"    {name}: {old!r} -> {new!r}")
    if result.blocked:
        click.echo(say("import.blocked"), err=True)
        raise click.exceptions.Exit(1)
    for note in result.notes:
        click.echo(say("note", message=note), err=True)
    for path in result.files:
        click.echo(say(wrote, path=str(path)), err=True)
    if dry_run:
        click.echo(say("import.dry_run"), err=True)
    elif not result.files:
        click.echo(say("import.nothing"), err=True)
