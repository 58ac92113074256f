"""`cpkit init` starts a plan folder; `cpkit schema` writes the JSON Schema editors read."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from cpkit.cli.base import argument, command
from cpkit.cli.common import LANGUAGES, SHAPES, check_output, choose_language, fail, say, write


@command(short_help="Start a new plan that passes `cpkit check`.")
@argument("folder", type=click.Path(path_type=Path), help="Folder to create; must be new or empty.")
@click.option(
    "--shape",
    "-s",
    type=click.Choice(SHAPES),
    default="community",
    help="community (community plan of social services), district (district plan) "
    "or ngo (an NGO's business plan).",
)
@click.option(
    "--language",
    "-l",
    type=click.Choice(LANGUAGES),
    default=None,
    metavar="TAG",
    help="The plan's language, and of the messages: en, cs or zh-Hant (default: the "
    "user's locale, LC_ALL, LC_MESSAGES or LANG, else English). Example: --language cs",
)
@click.option("--title", help="Title of the plan.")
def init(folder: Path, shape: str, language: str | None, title: str | None) -> None:
    """Start a new plan: write a skeleton that passes `cpkit check`, ready to edit.

    Never writes into a folder that has files in it.

    Example: cpkit init plans/usti --shape community --language cs
    """
    from cpkit.core.language import user_language
    from cpkit.interchange.scaffold import ScaffoldError, init_plan

    language = language or user_language()
    choose_language(language, chosen=True)
    try:
        written = init_plan(folder, shape=shape, language=language, title=title)
    except ScaffoldError as exc:
        fail(exc)
    click.echo(say("init.wrote", count=len(written), folder=str(folder)))


@command(short_help="Write the JSON Schema of plan files, for editors.")
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    help="Write to this file instead of standard output.",
)
def schema(output: Path | None) -> None:
    """Write the JSON Schema of plan files, so that editors complete fields and flag mistakes.

    Put `# yaml-language-server: $schema=plan.schema.json` at the top of each YAML file.

    Example: cpkit schema -o plans/usti/plan.schema.json
    """
    from cpkit.interchange.jsonschema import schema_text

    text = schema_text()
    if output is None:
        sys.stdout.write(text)
        return
    check_output(output, folder=False)
    write(output, text)
    click.echo(say("init.wrote_file", output=str(output)), err=True)
