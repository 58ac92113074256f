"""`cpkit check`: every problem of a plan, with its file and line, as text, JSON or CI
annotations."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from cpkit.cli.base import argument, command
from cpkit.cli.common import fail

if TYPE_CHECKING:
    from collections.abc import Iterator

    from rich.text import Text

    from cpkit.core.diagnostics import Diagnostic, Report

_BLOCK = 500  # diagnostics per print
_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


@command(short_help="Check a plan: every problem, with its file and line.")
@argument("plan", type=click.Path(path_type=Path), default=Path("."), help="The plan folder.")
@click.option(
    "--format",
    "-f",
    "format_",
    type=click.Choice(["text", "json", "github"]),
    default="text",
    help="text, json, or github (CI annotations).",
)
@click.option("--strict", is_flag=True, help="Warnings fail too.")
@click.option(
    "--disable",
    "-d",
    multiple=True,
    metavar="CODE",
    help="Do not report this rule (repeatable).",
)
@click.pass_context
def check(
    ctx: click.Context, plan: Path, format_: str, strict: bool, disable: tuple[str, ...]
) -> None:
    """Check a plan: report every problem with its file and line; never changes a file.

    Exit code 0 when clean, 1 when there are errors (or warnings, with --strict),
    2 when the plan cannot be read. A plan switches rules off in plan.yaml with
    `check: {disable: [CP403]}`.

    Example: cpkit check examples/usti-seniors --strict
    """
    from cpkit.api import PlanNotFound, check_plan
    from cpkit.core.rules import ALWAYS_ON, BY_KEY

    unknown = [key for key in disable if key not in BY_KEY]
    if unknown:
        fail(f"--disable {unknown[0]}: no such rule (see docs/rules.md)")
    waived = [key for key in disable if BY_KEY[key].code in ALWAYS_ON]
    if waived:
        fail(f"--disable {waived[0]}: a file cpkit cannot read is never waived")
    try:
        _plan, report = check_plan(plan, disable=disable)
    except PlanNotFound as exc:
        fail(str(exc))
    from cpkit.publish.safe_text import terminal_text

    base = str(plan)
    if format_ == "json":
        from cpkit.cli.reporters import to_json

        sys.stdout.write(terminal_text(to_json(report, base)))
    elif format_ == "github":
        from cpkit.cli.reporters import to_github

        sys.stdout.write(terminal_text(to_github(report, base)))
    else:
        _print_text(report, base)
    ctx.exit(int(report.failed(strict=strict)))


def _print_text(report: Report, base: str) -> None:
    from rich.console import Console
    from rich.text import Text

    from cpkit.cli.reporters import summary

    console = Console(highlight=False, soft_wrap=True)
    if console.color_system is None:  # a pipe, a file, NO_COLOR: rich would only cost time
        sys.stdout.write("".join(_plain_lines(report, base)))
    else:
        block = Text()  # a block of lines per print: rich costs as much per call as per line
        for i, d in enumerate(report, start=1):
            _append(block, d, base)
            if i % _BLOCK == 0 or i == len(report):
                console.print(block)
                block = Text()
            else:
                block.append("\n")
    s = summary(report)
    if not len(report):
        console.print(Text(f"No problems in {_files(s['files'])}.", style="green"))
        return
    parts = [
        f"{n} {word}{'' if n == 1 else 's'}"
        for n, word in ((s["errors"], "error"), (s["warnings"], "warning"), (s["infos"], "note"))
        if n
    ]
    console.print(f"Found {', '.join(parts)} in {_where(report, s['files'])}.")


def _where(report: Report, read: int) -> str:
    """`1 of 6 files`: the files that have findings, of the files read."""
    with_findings = len({d.loc.file for d in report if d.loc.file})
    if not with_findings:
        return _files(read)
    if with_findings == read:
        return _files(read)
    return f"{with_findings} of {_files(read)}"


def _append(block: Text, d: Diagnostic, base: str) -> None:
    """One finding (and its hint) onto `block`, styled."""
    from cpkit.cli.reporters import display_hint, display_path, printable

    block.append(printable(display_path(d.loc, base)), style="bold")
    if d.loc.line:
        block.append(f":{d.loc.line}:{d.loc.column}", style="bold")
    block.append(": ")
    block.append(d.severity.value, style=_STYLE[d.severity.value])
    block.append(f" {d.code} ", style="dim")
    block.append(printable(d.message))
    if d.hint:
        block.append(f"\n    hint: {printable(display_hint(d.hint, base))}", style="dim")


def _plain_lines(report: Report, base: str) -> Iterator[str]:
    """The same lines as `_append` makes, without styles."""
    from cpkit.cli.reporters import display_hint, display_path, printable

    for d in report:
        where = f":{d.loc.line}:{d.loc.column}" if d.loc.line else ""
        path = printable(display_path(d.loc, base))
        yield f"{path}{where}: {d.severity.value} {d.code} {printable(d.message)}\n"
        if d.hint:
            yield f"    hint: {printable(display_hint(d.hint, base))}\n"


def _files(n: int) -> str:
    return f"{n} file" if n == 1 else f"{n} files"
