"""`cpkit render`: the plan document, Parts A–G, as Markdown and standalone HTML."""

from __future__ import annotations

from pathlib import Path

import click

from cpkit.cli.base import argument, command
from cpkit.cli.common import fail, fail_output, language_option, open_plan, say, words

FORMATS = ("md", "html", "pdf", "odt", "docx")


def split_formats(param: click.Parameter, values: tuple[str, ...]) -> tuple[str, ...]:
    """`-f pdf,odt -f docx` as ("pdf", "odt", "docx"); an unknown name is a usage error,
    worded as click words it for a single choice."""
    names = [name.strip().lower() for value in values for name in value.split(",")]
    for name in names:
        if name not in FORMATS:
            choices = ", ".join(repr(f) for f in FORMATS)
            raise click.BadParameter(f"{name!r} is not one of {choices}.", param=param)
    return tuple(dict.fromkeys(name for name in names if name))


@command(short_help="Publish the plan's document as Markdown and HTML.")
@argument("plan", type=click.Path(path_type=Path), help="The plan folder.")
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    default=Path("out"),
    help="Folder to write the documents into: a new or empty one, or one render wrote "
    "before (it keeps a list of its files there, .cpkit-render.json).",
)
@click.option(
    "--force",
    is_flag=True,
    help="Write into a folder that holds other files (never the plan's own folder or its "
    "files); files of the same names are replaced.",
)
@click.option(
    "--format",
    "-f",
    "formats",
    multiple=True,
    callback=lambda _ctx, param, value: split_formats(param, value),
    help="md, html, pdf, odt or docx (repeatable or comma-separated, e.g. pdf,odt,docx; "
    "default: md and html).",
)
@click.option(
    "--reference-doc",
    "references",
    type=click.Path(path_type=Path),
    multiple=True,
    help="A .docx or .odt whose styles (headings, tables, page) the DOCX or ODT takes: "
    "the municipality's own template (repeatable, one of each kind).",
)
@click.option(
    "--templates",
    type=click.Path(path_type=Path),
    help="Folder of templates that replace built-in ones of the same name, e.g. "
    "render/html/header.html.j2 or render/html/style.css.",
)
@click.option(
    "--annual-report",
    "annual",
    type=click.IntRange(1900, 2200),
    metavar="YEAR",
    help="Write the annual report on the state of the service network for YEAR instead of "
    "the plan: capacity, money, measures and indicators of that year's monitoring against "
    "the plan (annual-YEAR.md, .html, and .pdf, .odt, .docx as --format asks), e.g. "
    "cpkit render examples/usti-seniors --annual-report 2005 -o out/annual -f html,pdf.",
)
@click.option(
    "--completion",
    type=int,
    metavar="YEAR",
    help="Also write completion-YEAR.md, for the working groups: which providers returned "
    "their forms of YEAR (cpkit collect), which are late, how many cells are empty. Never "
    "part of the public document. Example: --completion 2006.",
)
@language_option
def render(
    plan: Path,
    output: Path,
    formats: tuple[str, ...],
    templates: Path | None,
    force: bool,
    references: tuple[Path, ...],
    annual: int | None = None,
    completion: int | None = None,
) -> None:
    """Publish the plan's document as Markdown and as one standalone HTML file.

    The document follows the plan's shape: Parts A–G of a community plan, a district
    plan's committees, an NGO's three-column business plan, a service unit's objectives.
    Writes plan.md and plan.html, services.md and services.html (a directory of services
    for citizens, when the plan has services) and charts/*.svg into the output folder;
    with --format pdf, odt or docx also plan.pdf (tagged, A4, page numbers), plan.odt and
    plan.docx (styles from --reference-doc).
    Headings, labels, numbers and dates follow the plan's language, or --language
    (e.g. --language cs: the document's own words in Czech, the plan's texts as written).
    Free text is Markdown; the
    HTML is sanitised, and personal data is left out unless the record allows it.

    The output folder must be new, empty or written by render before, and never the plan's
    own; --force writes into a folder of other files. A symbolic link, FIFO or device is
    refused as the output.

    Example: cpkit render examples/usti-seniors -o out/usti --format html,pdf,odt,docx
    """
    from cpkit.core.files import OutputError
    from cpkit.core.outputs import check_output_folder
    from cpkit.publish.office import OfficeError, check_references
    from cpkit.publish.render import RenderError, render_plan

    try:
        check_output_folder(output, protect=plan, force=force)
    except OutputError as exc:
        fail_output(output, exc)
    try:
        check_references(references)
    except OfficeError as exc:
        fail(exc)
    loaded, _report = open_plan(plan, warn=True)
    if completion is not None:
        from cpkit.cli.annual import check_completion_year

        check_completion_year(loaded, plan, completion)
    if annual is not None:
        from cpkit.cli.annual import render_annual

        return render_annual(loaded, plan, annual, output, formats or ("md", "html"),
                             templates=templates, references=references, force=force)  # fmt: skip
    from cpkit.api import load_target

    target = load_target(loaded)  # the plan it aligns with: its objectives named, not numbered
    formats = formats or ("md", "html")
    try:
        written = render_plan(
            loaded, output, formats=formats, templates=templates, force=force,
            references=references, parent=target.plan if target else None,
            language=words().tag,
        )  # fmt: skip
    except (RenderError, OutputError) as exc:
        fail(exc)
    if completion is not None:
        from cpkit.cli.forms import write_completion

        written.append(write_completion(loaded, completion, output))
    click.echo(say("render.wrote", count=len(written), output=str(output)), err=True)
