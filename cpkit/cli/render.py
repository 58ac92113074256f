"""`cpkit render`: the plan document, Parts A–G, as Markdown and standalone HTML."""

from __future__ import annotations

from pathlib import Path

import click

from cpkit.cli.base import argument, command
from cpkit.cli.common import check_output, fail, open_plan


@command(short_help="Publish the plan's document as Markdown and HTML.")
@argument("plan", type=click.Path(path_type=Path), help="The plan folder.")
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    default=Path("out"),
    help="Folder to write the documents into.",
)
@click.option(
    "--format",
    "-f",
    "formats",
    type=click.Choice(["md", "html"]),
    multiple=True,
    help="md or html (repeatable; default: both).",
)
@click.option(
    "--templates",
    type=click.Path(path_type=Path),
    help="Folder of templates that replace built-in ones of the same name, e.g. "
    "render/html/header.html.j2 or render/html/style.css.",
)
def render(plan: Path, output: Path, formats: tuple[str, ...], templates: Path | None) -> None:
    """Publish the plan's document as Markdown and as one standalone HTML file.

    The document follows the plan's shape: Parts A–G of a community plan, a district
    plan's committees, an NGO's three-column business plan, a service unit's objectives.
    Writes plan.md and plan.html, services.md and services.html (a directory of services
    for citizens, when the plan has services) and charts/*.svg into the output folder.
    Headings, numbers and dates follow the plan's language. Free text is Markdown; the
    HTML is sanitised, and personal data is left out unless the record allows it.

    Example: cpkit render examples/usti-seniors -o out/usti
    """
    from cpkit.core.files import OutputError
    from cpkit.publish.render import RenderError, render_plan

    check_output(output, folder=True)
    loaded, _report = open_plan(plan, warn=True)
    formats = formats or ("md", "html")
    try:
        written = render_plan(loaded, output, formats=formats, templates=templates)
    except (RenderError, OutputError) as exc:
        fail(str(exc))
    click.echo(f"Wrote {len(written)} files to {output}", err=True)
