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
    open_plan,
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
def gaps(plan: Path, tables: tuple[str, ...], format_: str, output: Path | None) -> None:
    """Show what the plan is missing: services, capacity, money, progress, participation,
    and the network of social services with its capacity by year, unit and territory.

    Every number comes from the plan's files; docs/gaps.md shows how each is computed.

    Example: cpkit gaps examples/usti-seniors capacity funding --format md
    """
    from cpkit.analysis.gaps import TABLES
    from cpkit.analysis.network import gap_tables
    from cpkit.interchange import export

    names = list(tables or TABLES)
    if format_ == "xlsx" and output is None:
        fail("--format xlsx needs --output FILE.xlsx")
    several_csv = format_ == "csv" and len(names) > 1
    if several_csv and output is None:
        fail("several tables as CSV need --output FOLDER (or name one table)")
    if output is not None:
        why = " (several tables as CSV are written into a folder; or name one table)"
        check_output(output, folder=several_csv, why=why if several_csv else "")
    loaded, _report = open_plan(plan, warn=True)
    if not tables and loaded.network:
        names.append("network")
    computed = gap_tables()
    frames = {n: export.tidy(computed[n](loaded)) for n in names}
    if format_ in ("table", "md"):  # for people: names where the tables for scripts keep ids
        from cpkit.analysis.names import for_people

        frames = {n: for_people(n, f, loaded) for n, f in frames.items()}
    if format_ == "table":
        from cpkit.cli.terminal import print_tables, tables_text

        if output is None:
            print_tables(frames)
        else:
            write(output, tables_text(frames))
    elif format_ == "xlsx":
        assert output is not None
        write_xlsx(output, frames)
    elif several_csv:
        assert output is not None
        for n, frame in frames.items():
            write(output / f"{n}.csv", export.to_csv(frame))
    elif format_ == "csv":
        write(output, export.to_csv(frames[names[0]]))
    else:
        text = export.to_json(frames) if format_ == "json" else export.to_markdown(frames)
        write(output, text)


@command(short_help="Export the plan to a spreadsheet (XLSX or CSV).")
@argument("plan", type=PATH, help="The plan folder.")
@click.option(
    "--output",
    "-o",
    type=PATH,
    required=True,
    help="FILE.xlsx for a workbook, or a folder for CSV files.",
)
def export(plan: Path, output: Path) -> None:
    """Export the plan to a spreadsheet: one sheet per kind of entity and per gap table.

    Numbers stay numbers and dates dates, so the workbook can be filtered and summed.
    A folder gets one CSV file per sheet.

    Example: cpkit export examples/usti-seniors -o usti.xlsx
    """
    from cpkit.analysis.gaps import TABLES
    from cpkit.analysis.network import network_table
    from cpkit.interchange import export as ex

    workbook = output.suffix.lower() == ".xlsx"
    if output.suffix and not workbook:
        fail(f"{output}: export writes FILE.xlsx or a folder of CSV files")
    check_output(output, folder=not workbook)
    loaded, _report = open_plan(plan, warn=True)
    sheets = ex.entity_sheets(loaded)
    sheets.update({f"gaps-{n}": ex.tidy(f(loaded)) for n, f in TABLES.items()})
    if loaded.network:
        sheets["gaps-network"] = ex.tidy(network_table(loaded))
    if workbook:
        write_xlsx(output, sheets)
    else:
        for name, frame in sheets.items():
            write(output / f"{name}.csv", ex.to_csv(frame))
    click.echo(f"Wrote {len(sheets)} sheets to {output}", err=True)


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
            fail(f"--map {item!r}: write COLUMN=FIELD")
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
        fail(str(exc))
    _say_imported(result, dry_run=dry_run)


def _say_imported(result: ImportResult, *, dry_run: bool) -> None:
    """What an import added, left alone and found in conflict; exit 1 if conflicts blocked it."""
    from cpkit.cli.reporters import printable

    added, merged, wrote = (
        ("added", "merged", "wrote")
        if result.applied
        else ("would add", "would merge", "would write")
    )
    for section, ids in result.added.items():
        click.echo(printable(f"{added} {len(ids)} {section}: {', '.join(ids)}"))
    if result.unchanged:
        click.echo(f"unchanged: {len(result.unchanged)}")
    for c in result.conflicts:
        click.echo(
            printable(f"{merged if result.merged else 'conflict'}: {c.kind} {c.id} ({c.where})")
        )
        for name, (old, new) in c.fields.items():
            click.echo(f"    {name}: {old!r} -> {new!r}")
    if result.blocked:
        click.echo("Nothing written: resolve the conflicts, or pass --merge.", err=True)
        raise click.exceptions.Exit(1)
    for note in result.notes:
        click.echo(f"Note: {note}", err=True)
    for path in result.files:
        click.echo(f"{wrote} {path}", err=True)
    if dry_run:
        click.echo("Dry run: nothing written.", err=True)
    elif not result.files:
        click.echo("Nothing to change.", err=True)
