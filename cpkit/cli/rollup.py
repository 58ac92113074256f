"""`cpkit rollup`: the command that rolls municipal plans up into a regional view.

Kept apart from cli.py so that the command can be registered there with one line; like the
other commands it parses, calls the library (cpkit.analysis.rollup) and prints, importing the heavy
modules only when it runs.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

if TYPE_CHECKING:
    from cpkit.core.diagnostics import Report
    from cpkit.model.entities import Plan

PROGRESS_FROM = 5  # plans; fewer load too fast for a progress bar to help


def rollup_command(
    plans: Annotated[
        list[Path],
        typer.Argument(help="Two or more municipal plan folders.", show_default=False),
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Folder to write rollup.md and rollup.html into.")
    ],
    language: Annotated[
        str, typer.Option("--language", "-l", help="Language of the document: en, cs or zh-Hant.")
    ] = "en",
    templates: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--templates",
            help="Folder of templates that replace built-in ones of the same name, e.g. "
            "rollup/rollup.md.j2 or render/html/style.css.",
        ),
    ] = None,
) -> None:
    """Roll several municipal plans up into a regional view, as Markdown and HTML.

    Sets the plans' needs matrices, service, capacity and funding gaps side by side, adds up
    costs and funds by area and by source, and lists the services found in several plans.
    Target groups, needs, service types and areas are matched by id only: an id named
    differently, or one name under two ids, is reported and kept apart, never merged.
    Plans with errors are rolled up all the same, with a warning.

    Example: cpkit rollup plans/usti plans/decin -o out/region
    """
    from cpkit.analysis.rollup import build_rollup, plan_names, problem_lines, render_rollup
    from cpkit.cli.main import _check_output, _fail
    from cpkit.core.files import OutputError
    from cpkit.publish.messages import languages
    from cpkit.publish.render import RenderError

    if len(plans) < 2:
        raise _fail("a roll-up needs at least two plan folders")
    if language not in languages():
        raise _fail(f"--language {language}: choose {', '.join(languages())}")
    twice = _repeated(plans)
    if twice is not None:
        raise _fail(f"{twice} is given twice")
    _check_output(output, folder=True)
    loaded = _load(plans)
    rollup = build_rollup(
        [plan for plan, _ in loaded],
        plan_names([plan for plan, _ in loaded]),
        errors=[_errors(report) for _, report in loaded],
    )
    for line in problem_lines(rollup):
        typer.echo(f"Warning: {line}", err=True)
    try:
        written = render_rollup(rollup, output, language=language, templates=templates)
    except (RenderError, OutputError) as exc:
        raise _fail(str(exc)) from None
    typer.echo(f"Wrote {len(written)} files to {output}", err=True)


def _repeated(paths: list[Path]) -> Path | None:
    """The first folder named twice (the same plan would be counted twice)."""
    seen: set[Path] = set()
    for p in paths:
        key = p.resolve()
        if key in seen:
            return p
        seen.add(key)
    return None


def _load(paths: list[Path]) -> list[tuple[Plan, Report]]:
    """Load and check every plan, with a progress bar on stderr when there are many."""
    from cpkit.api import PlanNotFound, check_plan
    from cpkit.cli.main import _fail

    def load(path: Path) -> tuple[Plan, Report]:
        try:
            return check_plan(path)
        except PlanNotFound as exc:
            raise _fail(str(exc)) from None

    if len(paths) < PROGRESS_FROM:
        return [load(p) for p in paths]
    from rich.console import Console
    from rich.progress import track

    console = Console(stderr=True)
    return [load(p) for p in track(paths, description="Loading plans", console=console)]


def _errors(report: Report) -> int:
    from cpkit.core.diagnostics import Severity

    return report.counts()[Severity.ERROR]
