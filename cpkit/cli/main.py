"""The `cpkit` command line: parse, call one library function, print, set the exit code.

Exit codes: 0 clean, 1 findings, 2 usage error or a plan that cannot be read.
Heavy modules are imported inside the commands that need them, so that
`cpkit --help` stays instant.
"""

from __future__ import annotations

import enum
import gc
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from cpkit import __version__
from cpkit.cli.rollup import rollup_command

if TYPE_CHECKING:
    from collections.abc import Mapping

    import pandas as pd
    from rich.console import Console
    from rich.table import Table

    from cpkit.core.diagnostics import Report
    from cpkit.model.entities import Plan

app = typer.Typer(
    name="cpkit",
    help="Keep a community plan of social services as YAML files in git: check it, "
    "show its gaps, publish it.",
    add_completion=False,
    no_args_is_help=True,
    # Plain help: rich's help formatter costs 0.1 s at every start, and help must be instant.
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Format(str, enum.Enum):
    text = "text"
    json = "json"
    github = "github"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cpkit {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Keep a community plan of social services as YAML files in git."""


def _fail(message: str, code: int = 2) -> typer.Exit:
    typer.echo(f"Error: {message}", err=True)
    return typer.Exit(code)


def _open(plan: Path, *, run: bool = True, warn: bool = False) -> tuple[Plan, Report]:
    """The plan and its report; a plan that cannot be read is a usage error (exit 2).

    With `warn`, errors in the plan are mentioned on stderr: what the command computes from
    a broken plan may be incomplete.
    """
    from cpkit.api import PlanNotFound, check_plan
    from cpkit.core.diagnostics import Severity

    try:
        loaded, report = check_plan(plan, run=run)
    except PlanNotFound as exc:
        raise _fail(str(exc)) from None
    errors = report.counts()[Severity.ERROR]
    if warn and errors:
        typer.echo(
            f"Warning: the plan has {errors} error(s); results may be incomplete "
            f"(cpkit check {plan})",
            err=True,
        )
    return loaded, report


@app.command(short_help="Check a plan: every problem, with its file and line.")
def check(
    plan: Annotated[Path, typer.Argument(help="The plan folder.")] = Path("."),
    format: Annotated[
        Format, typer.Option("--format", "-f", help="text, json, or github (CI annotations).")
    ] = Format.text,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail too.")] = False,
    disable: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option(
            "--disable", "-d", metavar="CODE", help="Do not report this rule (repeatable)."
        ),
    ] = None,
) -> None:
    """Check a plan: report every problem with its file and line; never changes a file.

    Exit code 0 when clean, 1 when there are errors (or warnings, with --strict),
    2 when the plan cannot be read. A plan switches rules off in plan.yaml with
    `check: {disable: [CP403]}`.

    Example: cpkit check examples/usti-seniors --strict
    """
    from cpkit.api import PlanNotFound, check_plan
    from cpkit.core.rules import ALWAYS_ON, BY_KEY

    unknown = [key for key in disable or () if key not in BY_KEY]
    if unknown:
        raise _fail(f"--disable {unknown[0]}: no such rule (see docs/rules.md)")
    waived = [key for key in disable or () if BY_KEY[key].code in ALWAYS_ON]
    if waived:
        raise _fail(f"--disable {waived[0]}: a file cpkit cannot read is never waived")
    try:
        _plan, report = check_plan(plan, disable=disable or ())
    except PlanNotFound as exc:
        raise _fail(str(exc)) from None
    base = str(plan)
    if format is Format.json:
        from cpkit.cli.reporters import to_json

        sys.stdout.write(to_json(report, base))
    elif format is Format.github:
        from cpkit.cli.reporters import to_github

        sys.stdout.write(to_github(report, base))
    else:
        _print_text(report, base)
    raise typer.Exit(int(report.failed(strict=strict)))


_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def _print_text(report: Report, base: str) -> None:
    from rich.console import Console
    from rich.text import Text

    from cpkit.cli.reporters import display_path, printable, summary

    console = Console(highlight=False, soft_wrap=True)
    for d in report:
        line = Text()
        line.append(printable(display_path(d.loc, base)), style="bold")
        if d.loc.line:
            line.append(f":{d.loc.line}:{d.loc.column}", style="bold")
        line.append(": ")
        line.append(d.severity.value, style=_STYLE[d.severity.value])
        line.append(f" {d.code} ", style="dim")
        line.append(printable(d.message))
        console.print(line)
        if d.hint:
            console.print(Text(f"    hint: {printable(d.hint)}", style="dim"))
    s = summary(report)
    if not len(report):
        console.print(Text(f"No problems in {_files(s['files'])}.", style="green"))
        return
    parts = [
        f"{n} {word}{'' if n == 1 else 's'}"
        for n, word in ((s["errors"], "error"), (s["warnings"], "warning"), (s["infos"], "note"))
        if n
    ]
    console.print(f"Found {', '.join(parts)} in {_files(s['files'])}.")


def _files(n: int) -> str:
    return f"{n} file" if n == 1 else f"{n} files"


@app.command(short_help="Start a new plan that passes `cpkit check`.")
def init(
    folder: Annotated[Path, typer.Argument(help="Folder to create; must be new or empty.")],
    shape: Annotated[
        str,
        typer.Option(
            "--shape",
            "-s",
            help="community (community plan of social services), district (district plan) "
            "or ngo (an NGO's business plan).",
        ),
    ] = "community",
    language: Annotated[str, typer.Option("--language", "-l", help="en, cs or zh-Hant.")] = "en",
    title: Annotated[Optional[str], typer.Option(help="Title of the plan.")] = None,  # noqa: UP045
) -> None:
    """Start a new plan: write a skeleton that passes `cpkit check`, ready to edit.

    Never writes into a folder that has files in it.

    Example: cpkit init plans/usti --shape community --language cs
    """
    from cpkit.interchange.scaffold import ScaffoldError, init_plan

    try:
        written = init_plan(folder, shape=shape, language=language, title=title)
    except ScaffoldError as exc:
        raise _fail(str(exc)) from None
    typer.echo(f"Wrote {len(written)} files to {folder}. Next: cpkit check {folder}")


@app.command(short_help="Write the JSON Schema of plan files, for editors.")
def schema(
    output: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--output", "-o", help="Write to this file instead of standard output."),
    ] = None,
) -> None:
    """Write the JSON Schema of plan files, so that editors complete fields and flag mistakes.

    Put `# yaml-language-server: $schema=plan.schema.json` at the top of each YAML file.

    Example: cpkit schema -o plans/usti/plan.schema.json
    """
    from cpkit.interchange.jsonschema import schema_text

    text = schema_text()
    if output is None:
        sys.stdout.write(text)
        return
    _check_output(output, folder=False)
    _write(output, text)
    typer.echo(f"Wrote {output}", err=True)


class TableFormat(str, enum.Enum):
    table = "table"
    csv = "csv"
    json = "json"
    md = "md"
    xlsx = "xlsx"


class ShowFormat(str, enum.Enum):
    """The formats of commands that print and take no --output: no xlsx."""

    table = "table"
    csv = "csv"
    json = "json"
    md = "md"


FILE_WIDTH = 100  # a file has no terminal: lay its tables out for a wide editor window
TEXT_FLOOR = 4  # a text column at a narrow terminal folds down to this, no further


@app.command(short_help="Show what the plan is missing: the gap tables.")
def gaps(
    plan: Annotated[Path, typer.Argument(help="The plan folder.")],
    tables: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Argument(
            help="Tables to show: services, capacity, funding, progress, participation "
            "(default: all).",
            show_default=False,
        ),
    ] = None,
    format: Annotated[
        TableFormat, typer.Option("--format", "-f", help="table, csv, json, md or xlsx.")
    ] = TableFormat.table,
    output: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--output",
            "-o",
            help="Write to this file (xlsx: required; csv: a folder for several; table: plain "
            "text).",
        ),
    ] = None,
) -> None:
    """Show what the plan is missing: services, capacity, money, progress, participation.

    Every number comes from the plan's files; docs/gaps.md shows how each is computed.

    Example: cpkit gaps examples/usti-seniors capacity funding --format md
    """
    from cpkit.analysis.gaps import TABLES
    from cpkit.interchange import export

    names = tables or list(TABLES)
    unknown = [n for n in names if n not in TABLES]
    if unknown:
        raise _fail(f"no gap table {unknown[0]!r}; tables: {', '.join(TABLES)}")
    if format is TableFormat.xlsx and output is None:
        raise _fail("--format xlsx needs --output FILE.xlsx")
    several_csv = format is TableFormat.csv and len(names) > 1
    if several_csv and output is None:
        raise _fail("several tables as CSV need --output FOLDER (or name one table)")
    if output is not None:
        why = " (several tables as CSV are written into a folder; or name one table)"
        _check_output(output, folder=several_csv, why=why if several_csv else "")
    loaded, _report = _open(plan, warn=True)
    frames = {n: export.tidy(TABLES[n](loaded)) for n in names}
    if format is TableFormat.table:
        if output is None:
            _print_tables(frames)
        else:
            _write(output, _tables_text(frames))
    elif format is TableFormat.xlsx:
        assert output is not None
        _write_xlsx(output, frames)
    elif format is TableFormat.csv:
        if several_csv:
            assert output is not None
            for n, frame in frames.items():
                _write(output / f"{n}.csv", export.to_csv(frame))
        else:
            _write(output, export.to_csv(frames[names[0]]))
    else:
        text = export.to_json(frames) if format is TableFormat.json else export.to_markdown(frames)
        _write(output, text)


def _check_output(output: Path, *, folder: bool, why: str = "") -> None:
    """Refuse, before any work, an --output that cannot be what the command writes."""
    from cpkit.core.files import OutputError, check_file, check_folder

    try:
        check_folder(output) if folder else check_file(output)
    except OutputError as exc:
        raise _fail(f"--output {output}: {exc}{why}") from None


def _write(output: Path | None, text: str) -> None:
    if output is None:
        sys.stdout.write(text)
        return
    from cpkit.core.files import OutputError, write_atomic

    try:
        write_atomic(output, text)
    except OutputError as exc:
        raise _fail(str(exc)) from None


def _write_xlsx(output: Path, sheets: Mapping[str, pd.DataFrame]) -> None:
    from cpkit.core.files import OutputError
    from cpkit.interchange.export import write_xlsx

    try:
        write_xlsx(output, sheets)
    except OutputError as exc:
        raise _fail(str(exc)) from None


def _tables_text(frames: Mapping[str, pd.DataFrame]) -> str:
    """The terminal's tables for a file: plain text, no colour, no trailing blanks."""
    import io

    from rich.console import Console

    buf = io.StringIO()
    console = Console(file=buf, width=FILE_WIDTH, color_system=None, highlight=False)
    _print_tables(frames, console=console)
    return "".join(line.rstrip() + "\n" for line in buf.getvalue().splitlines())


def _print_tables(
    frames: Mapping[str, pd.DataFrame],
    titles: dict[str, str] | None = None,
    console: Console | None = None,
) -> None:
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from cpkit.cli.terminal import Breakable
    from cpkit.interchange.export import for_terminal, shown

    console = console or Console(highlight=False)
    for name, frame in frames.items():
        views = [(titles[name], frame)] if titles and name in titles else for_terminal(name, frame)
        for title, view in views:
            s = shown(name, view)
            if not s.rows:
                console.print(Text.assemble((title, "bold"), f": {s.empty}\n"))
                continue
            table = Table(title=Text(title), box=box.SIMPLE_HEAD, title_justify="left")
            for i, column in enumerate(s.columns):
                longest = max(len(column), *(len(row[i]) for row in s.rows))
                if column in s.numeric:
                    # a number is never cut or wrapped: its full width is reserved, text wraps
                    table.add_column(column, justify="right", no_wrap=True, min_width=longest)
                else:
                    # folded, but never squeezed out of sight
                    table.add_column(column, overflow="fold", min_width=min(longest, TEXT_FLOOR))
            for row in s.rows:  # plain Text: plan text is not rich markup
                table.add_row(*(Breakable(cell) for cell in row))
            _print_whole(console, table)


def _print_whole(console: Console, table: Table) -> None:
    """Print `table`, wider than the console if its numbers need it: a cut number is a wrong one.

    Rich crops a line that overflows, and squeezes a text column to nothing before that; so
    the table gets at least every column's min_width, and more if rich still lays it out wider.
    """
    from rich.segment import Segment, Segments

    width = console.width
    try:
        console.width = max(width, _least_width(table))
        segments = list(console.render(table, console.options))
        needed = max(Segment.get_line_length(line) for line in Segment.split_lines(segments))
        if needed > console.width:  # rare: lay it out again at the width it takes
            console.width = needed
            segments = list(console.render(table, console.options))
        console.print(Segments(segments))  # printed as laid out: a large table is costly
    finally:
        console.width = width


def _least_width(table: Table) -> int:
    """Every column at its min_width with its padding, the two edges and the gaps between."""
    pad = table.padding[1] + table.padding[3]
    return sum((c.min_width or 0) + pad for c in table.columns) + len(table.columns) + 1


@app.command(short_help="Export the plan to a spreadsheet (XLSX or CSV).")
def export(
    plan: Annotated[Path, typer.Argument(help="The plan folder.")],
    output: Annotated[
        Path,
        typer.Option("--output", "-o", help="FILE.xlsx for a workbook, or a folder for CSV files."),
    ],
) -> None:
    """Export the plan to a spreadsheet: one sheet per kind of entity and per gap table.

    Numbers stay numbers and dates dates, so the workbook can be filtered and summed.
    A folder gets one CSV file per sheet.

    Example: cpkit export examples/usti-seniors -o usti.xlsx
    """
    from cpkit.analysis.gaps import TABLES
    from cpkit.interchange import export as ex

    workbook = output.suffix.lower() == ".xlsx"
    if output.suffix and not workbook:
        raise _fail(f"{output}: export writes FILE.xlsx or a folder of CSV files")
    _check_output(output, folder=not workbook)
    loaded, _report = _open(plan, warn=True)
    sheets = ex.entity_sheets(loaded)
    sheets.update({f"gaps-{n}": ex.tidy(f(loaded)) for n, f in TABLES.items()})
    if workbook:
        _write_xlsx(output, sheets)
    else:
        for name, frame in sheets.items():
            _write(output / f"{name}.csv", ex.to_csv(frame))
    typer.echo(f"Wrote {len(sheets)} sheets to {output}", err=True)


@app.command("import", short_help="Import services or a needs matrix from CSV or XLSX.")
def import_(
    plan: Annotated[Path, typer.Argument(help="The plan folder.")],
    source: Annotated[Path, typer.Argument(help="A .csv or .xlsx file (first sheet).")],
    kind: Annotated[
        str, typer.Option("--kind", "-k", help="services (a service catalogue) or needs.")
    ] = "services",
    map_: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option(
            "--map",
            "-m",
            metavar="COLUMN=FIELD",
            help="Read a column as a field, e.g. 'Druh služby=type' (repeatable).",
        ),
    ] = None,
    merge: Annotated[
        bool, typer.Option("--merge", help="Update existing entities that differ.")
    ] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Report what would change; write nothing.")
    ] = False,
    encoding: Annotated[
        str,
        typer.Option(
            "--encoding", help="The CSV file's encoding, e.g. cp1250 (default: UTF-8, BOM or not)."
        ),
    ] = "utf-8",
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
    for item in map_ or ():
        column, sep, field_ = item.partition("=")
        if not sep or not column.strip() or not field_.strip():
            raise _fail(f"--map {item!r}: write COLUMN=FIELD")
        mapping[column.strip()] = field_.strip()
    loaded, report = _open(plan, run=False)
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
        )
    except (ImportError_, OutputError) as exc:
        raise _fail(str(exc)) from None
    added, merged, wrote = (
        ("added", "merged", "wrote")
        if result.applied
        else ("would add", "would merge", "would write")
    )
    for section, ids in result.added.items():
        typer.echo(f"{added} {len(ids)} {section}: {', '.join(ids)}")
    if result.unchanged:
        typer.echo(f"unchanged: {len(result.unchanged)}")
    for c in result.conflicts:
        typer.echo(f"{merged if result.merged else 'conflict'}: {c.kind} {c.id} ({c.where})")
        for name, (old, new) in c.fields.items():
            typer.echo(f"    {name}: {old!r} -> {new!r}")
    if result.blocked:
        typer.echo("Nothing written: resolve the conflicts, or pass --merge.", err=True)
        raise typer.Exit(1)
    for path in result.files:
        typer.echo(f"{wrote} {path}", err=True)
    if dry_run:
        typer.echo("Dry run: nothing written.", err=True)
    elif not result.files:
        typer.echo("Nothing to change.", err=True)


@app.command(short_help="Publish the plan: Parts A–G as Markdown and HTML.")
def render(
    plan: Annotated[Path, typer.Argument(help="The plan folder.")],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Folder to write the documents into.")
    ] = Path("out"),
    format: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Option("--format", "-f", help="md or html (repeatable; default: both)."),
    ] = None,
    templates: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--templates",
            help="Folder of templates that replace built-in ones of the same name, e.g. "
            "render/html/header.html.j2 or render/html/style.css.",
        ),
    ] = None,
) -> None:
    """Publish the plan document, Parts A–G, as Markdown and as one standalone HTML file.

    Writes plan.md and plan.html, services.md and services.html (a directory of services
    for citizens) and charts/*.svg into the output folder. Headings, numbers and dates
    follow the plan's language. Free text is Markdown; the HTML is sanitised, and personal
    data is left out unless the record allows it.

    Example: cpkit render examples/usti-seniors -o out/usti
    """
    from cpkit.core.files import OutputError
    from cpkit.publish.render import RenderError, render_plan

    formats = tuple(format or ("md", "html"))
    bad = [f for f in formats if f not in ("md", "html")]
    if bad:
        raise _fail(f"--format {bad[0]}: choose md or html")
    _check_output(output, folder=True)
    loaded, _report = _open(plan, warn=True)
    try:
        written = render_plan(loaded, output, formats=formats, templates=templates)
    except (RenderError, OutputError) as exc:
        raise _fail(str(exc)) from None
    typer.echo(f"Wrote {len(written)} files to {output}", err=True)


@app.command(short_help="Roll progress up from measures to objectives, areas and the plan.")
def progress(
    plan: Annotated[Path, typer.Argument(help="The plan folder.")],
    year: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option(
            "--year",
            "-y",
            help="Judge progress as of this year (default: the latest monitoring year).",
        ),
    ] = None,
    format: Annotated[
        ShowFormat, typer.Option("--format", "-f", help="table, csv, json or md.")
    ] = ShowFormat.table,
    detail: Annotated[
        bool, typer.Option("--measures", help="List every measure too, not only objectives.")
    ] = False,
) -> None:
    """Show where the plan stands: on track, at risk, off track or done.

    Measures take their status from the monitoring years (reported status, indicators'
    actual values, dates); objectives, areas and the plan take the worst of what they hold.
    The rule is in docs/progress.md.

    Example: cpkit progress examples/usti-seniors --year 2005
    """
    from cpkit.analysis.progress import Progress
    from cpkit.interchange import export

    loaded, _report = _open(plan, run=False, warn=True)
    state = Progress(loaded, year)
    frame = state.table()
    if not detail:
        frame = frame[frame["level"] != "measure"]
    frame = export.tidy(frame)
    frames = {"progress": frame}
    when = f" as of {state.year}" if state.year else " (no monitoring year recorded)"
    titles = {"progress": f"Progress{when}"}
    if format is ShowFormat.table:
        _print_tables({"progress": frame}, titles=titles)
    elif format is ShowFormat.csv:
        _write(None, export.to_csv(frame))
    elif format is ShowFormat.json:
        _write(None, export.to_json(frames, {"year": state.year}))
    else:
        _write(None, export.to_markdown(frames, titles))


@app.command(short_help="Summarise the book of comments.")
def comments(
    plan: Annotated[Path, typer.Argument(help="The plan folder.")],
    format: Annotated[
        ShowFormat, typer.Option("--format", "-f", help="table, csv, json or md.")
    ] = ShowFormat.table,
    annex: Annotated[
        bool, typer.Option("--annex", help="List every comment as the settlement annex does.")
    ] = False,
) -> None:
    """Summarise the book of comments per working group, kind and decision.

    Authors are personal data: the annex shows a name only where the record allows it.

    Example: cpkit comments examples/usti-seniors --annex
    """
    from cpkit.analysis.gaps import comment_summary, settlement
    from cpkit.interchange import export

    loaded, _report = _open(plan, run=False, warn=True)
    name = "settlement" if annex else "comments"
    frame = export.tidy(settlement(loaded) if annex else comment_summary(loaded))
    if format is ShowFormat.table:
        window = loaded.consultation
        title = "Book of comments" + (
            f" ({window.start}–{window.end})" if window and window.start and window.end else ""
        )
        if annex and not frame.empty:  # paragraphs of text: a block per comment, not a table
            from rich.console import Console

            from cpkit.cli.terminal import print_records

            records = frame.astype(object).where(frame.notna(), None).to_dict("records")
            heading = title.replace("Book of comments", "Settlement of comments")
            print_records(Console(highlight=False), heading, records)
            return
        view = frame.drop(columns=["name"]) if name == "comments" else frame
        _print_tables({name: view}, titles={name: title})
    elif format is ShowFormat.csv:
        _write(None, export.to_csv(frame))
    elif format is ShowFormat.json:
        _write(None, export.to_json({name: frame}))
    else:
        _write(None, export.to_markdown({name: frame}))


@app.command("diff", short_help="What changed between two versions of a plan.")
def diff_(
    versions: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Argument(
            help="Nothing (HEAD against the working tree), one git revision (against the "
            "working tree), two revisions, or two plan folders.",
            show_default=False,
        ),
    ] = None,
    plan: Annotated[
        Path, typer.Option("--plan", "-p", help="The plan folder in the git repository.")
    ] = Path("."),
    format: Annotated[
        str, typer.Option("--format", "-f", help="text, or md for a review comment.")
    ] = "text",
) -> None:
    """Show what changed between two versions: entities added, removed, changed and
    renumbered, field by field, and money per area.

    Git revisions are read with git archive; the working tree is never touched.

    Example: cpkit diff HEAD~1 --plan plans/usti --format md
    """
    from cpkit.analysis.diff import DiffError, diff_versions, render_diff
    from cpkit.source.folder import PlanNotFound

    given = list(versions or [])
    if len(given) > 2:
        raise _fail("give at most two versions")
    if format not in ("text", "md"):
        raise _fail(f"--format {format}: choose text or md")
    if not given:
        a, b = "HEAD", ""
    elif len(given) == 1:
        a, b = given[0], ""
    else:
        a, b = given
    try:
        result = diff_versions(a, b, plan)
    except (DiffError, PlanNotFound) as exc:
        raise _fail(str(exc)) from None
    sys.stdout.write(render_diff(result, "md" if format == "md" else "txt"))


app.command("rollup", short_help="Roll several municipal plans up into a regional view.")(
    rollup_command
)


def main() -> None:
    # A command lives for a second and builds a large tree of small objects without cycles;
    # the cyclic collector's passes over that tree cost as much as reading the plan.
    gc.disable()
    app(prog_name="cpkit")
