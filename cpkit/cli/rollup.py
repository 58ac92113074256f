"""`cpkit rollup`: several municipal plans rolled up into a regional view.

Like the other commands it parses, calls the library (cpkit.analysis.rollup) and prints,
importing the heavy modules only when it runs.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from cpkit.cli.base import argument, command
from cpkit.cli.common import (
    LANGUAGES,
    check_output,
    choose_language,
    fail,
    fail_output,
    say,
    words,
)

if TYPE_CHECKING:
    from cpkit.analysis.rollup import Rollup
    from cpkit.analysis.rollup_digest import PlanDigest

PROGRESS_FROM = 5  # plans; fewer load too fast for a progress bar to help


@command(short_help="Roll several municipal plans up into a regional view.")
@argument(
    "plans",
    nargs=-1,
    required=True,
    type=click.Path(path_type=Path),
    help="Two or more municipal plan folders.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path),
    help="Folder to write rollup.md and rollup.html into (with --format document).",
)
@click.option(
    "--format",
    "-f",
    "format_",
    type=click.Choice(["document", "text", "md"]),
    default="document",
    help="document: rollup.md and rollup.html into --output; text or md: only the plans "
    "that work toward another (unit plans toward their district's), on standard output.",
)
@click.option(
    "--language",
    "-l",
    type=click.Choice(LANGUAGES),
    default=None,
    metavar="TAG",
    help="Language of the document and of cpkit's messages: en, cs or zh-Hant (default: "
    "the first plan's `language`; before a plan is read, LC_ALL, LC_MESSAGES or LANG). "
    "Example: --language cs",
)
@click.option(
    "--force",
    is_flag=True,
    help="Write into an output folder that holds other files (never into a plan's folder).",
)
@click.option(
    "--templates",
    type=click.Path(path_type=Path),
    help="Folder of templates that replace built-in ones of the same name, e.g. "
    "rollup/rollup.md.j2 or render/html/style.css.",
)
def rollup(
    plans: tuple[Path, ...],
    output: Path | None,
    format_: str,
    language: str | None,
    templates: Path | None,
    force: bool,
) -> None:
    """Roll several municipal plans up into a regional view, as Markdown and HTML.

    Sets the plans' needs matrices, service, capacity and funding gaps side by side, adds up
    costs and funds by area and by source, and lists the services found in several plans.
    Target groups, needs, service types and areas are matched by id only: an id named
    differently, or one name under two ids, is reported and kept apart, never merged.
    Plans with errors are rolled up all the same, with a warning.

    Given a district plan and the unit plans that align with it (`plan.aligns_with`), it
    shows per district objective which units work toward it, and which objectives none
    does; --format text or md prints only that.

    Example: cpkit rollup plans/usti plans/decin -o out/region
    """
    from cpkit.analysis.rollup import build_rollup, plan_names, problem_lines
    from cpkit.core.files import OutputError
    from cpkit.publish.render import RenderError
    from cpkit.publish.rollup_document import render_rollup

    choose_language(language, chosen=True)
    if len(plans) < 2:
        fail(say("rollup.two_plans"))
    twice = _repeated(plans)
    if twice is not None:
        fail(say("rollup.twice", folder=str(twice)))
    if format_ == "document" and output is None:
        fail(say("rollup.needs_output"))
    if output is not None:
        check_output(output, folder=True)
        from cpkit.core.outputs import check_output_folder

        try:  # before any plan is read: a refusal costs nothing
            check_output_folder(output, protect=plans, force=force)
        except OutputError as exc:
            fail_output(output, exc)
    loaded = _load(plans)
    language = words().tag  # --language, else the first plan's
    rolled = build_rollup(
        [digest for digest, _ in loaded],
        plan_names([digest.plan for digest, _ in loaded]),
        errors=[errors for _, errors in loaded],
    )
    if format_ != "document":
        _print_alignment(rolled, format_, language, templates)
        return
    from cpkit.cli.reporters import printable

    for line in problem_lines(rolled, words()):
        click.echo(say("warning", message=printable(line)), err=True)
    assert output is not None
    try:
        written = render_rollup(
            rolled, output, language=language, templates=templates, protect=plans, force=force
        )
    except (RenderError, OutputError) as exc:
        fail(exc)
    click.echo(say("rollup.wrote", count=len(written), output=str(output)), err=True)


def _print_alignment(rolled: Rollup, format_: str, language: str, templates: Path | None) -> None:
    """The alignment of the unit plans on standard output; none is a usage error."""
    from cpkit.analysis.rollup import alignment_problem_lines
    from cpkit.cli.reporters import printable
    from cpkit.publish.render import RenderError
    from cpkit.publish.rollup_document import render_alignment

    if not rolled.alignment:
        fail(say("rollup.no_alignment"))
    for line in alignment_problem_lines(rolled, words()):
        click.echo(say("warning", message=printable(line)), err=True)
    try:
        text = render_alignment(rolled, format_, language=language, templates=templates)
    except RenderError as exc:
        fail(exc)
    if format_ == "text":
        text = "".join(f"{printable(line)}\n" for line in text.splitlines())
    sys.stdout.write(text)


def _repeated(paths: tuple[Path, ...]) -> Path | None:
    """The first folder named twice (the same plan would be counted twice)."""
    seen: set[Path] = set()
    for p in paths:
        key = p.resolve()
        if key in seen:
            return p
        seen.add(key)
    return None


def _load(paths: tuple[Path, ...]) -> list[tuple[PlanDigest, int]]:
    """Load and check every plan, with a progress bar on stderr when there are many: each
    plan's digest (what the roll-up reads of it) and the number of its errors."""
    from cpkit.analysis.rollup_digest import checked_digest
    from cpkit.api import PlanNotFound, check_plans

    loaded = check_plans(paths, keep=checked_digest)  # in parallel processes, through the cache
    if len(paths) >= PROGRESS_FROM:
        from rich.console import Console
        from rich.progress import track

        console = Console(stderr=True)
        loaded = track(loaded, total=len(paths), description=say("rollup.loading"), console=console)
    plans = []
    for found in loaded:
        if isinstance(found, PlanNotFound):
            fail(found)
        plans.append(found)
    for digest, _errors in plans[:1]:  # the first plan's language, unless --language said
        info = digest.plan.info
        choose_language(info.language if info else None)
    return plans
