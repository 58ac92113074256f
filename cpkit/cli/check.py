"""`cpkit check`: every problem of a plan, with its file and line, as text, JSON or CI
annotations."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from cpkit.cli.base import argument, command
from cpkit.cli.common import fail, language_option, say, words

if TYPE_CHECKING:
    from collections.abc import Iterator

    from rich.text import Text

    from cpkit.core.diagnostics import Diagnostic, Report
    from cpkit.core.language import Language

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
@language_option
@click.pass_context
def check(
    ctx: click.Context,
    plan: Path,
    format_: str,
    strict: bool,
    disable: tuple[str, ...],
) -> None:
    """Check a plan: report every problem with its file and line; never changes a file.

    Exit code 0 when clean, 1 when there are errors (or warnings, with --strict),
    2 when the plan cannot be read. A plan switches rules off in plan.yaml with
    `check: {disable: [CP403]}`.

    Messages are in the plan's `language` (or --language); the codes, places and the
    `data` of `--format json` are the same in every language, for scripts to key on.

    Example: cpkit check examples/usti-seniors --strict --language cs
    """
    from cpkit.api import PlanNotFound, check_plan
    from cpkit.core.rules import ALWAYS_ON, BY_KEY

    unknown = [key for key in disable if key not in BY_KEY]
    if unknown:
        fail(say("check.no_such_rule", rule=unknown[0]))
    waived = [key for key in disable if BY_KEY[key].code in ALWAYS_ON]
    if waived:
        fail(say("check.never_waived", rule=waived[0]))
    try:
        loaded, report = check_plan(plan, disable=disable)
    except PlanNotFound as exc:
        fail(exc)
    from cpkit.publish.safe_text import terminal_text

    # the plan's language; a plan whose `plan` section cannot be read speaks the user's
    lang = words(loaded.info.language if loaded.info else None)
    base = str(plan)
    if format_ == "json":
        from cpkit.cli.reporters import to_json

        sys.stdout.write(terminal_text(to_json(report, base, lang.tag)))
    elif format_ == "github":
        from cpkit.cli.reporters import to_github

        sys.stdout.write(terminal_text(to_github(report, base, lang.tag)))
    else:
        _print_text(report, base, lang)
    ctx.exit(int(report.failed(strict=strict)))


def _print_text(report: Report, base: str, lang: Language) -> None:
    if _surely_plain():  # not even imported: rich and its styles cost a clean check 30 ms
        sys.stdout.write("".join(_plain_lines(report, base, lang)))
        sys.stdout.write(_summary_line(report, lang) + "\n")
        return
    from rich.console import Console
    from rich.text import Text

    console = Console(highlight=False, soft_wrap=True)
    if console.color_system is None:  # a pipe, a file, NO_COLOR: rich would only cost time
        sys.stdout.write("".join(_plain_lines(report, base, lang)))
    else:
        block = Text()  # a block of lines per print: rich costs as much per call as per line
        for i, d in enumerate(report, start=1):
            _append(block, d, base, lang)
            if i % _BLOCK == 0 or i == len(report):
                console.print(block)
                block = Text()
            else:
                block.append("\n")
    console.print(Text(_summary_line(report, lang), style="" if len(report) else "green"))


def _surely_plain() -> bool:
    """Whether rich would find no terminal to style for (so print plain text), decided
    from what rich itself reads (Console.is_terminal): TTY_COMPATIBLE, FORCE_COLOR, and
    whether standard output is a terminal. Anything else (a notebook) is left to rich."""
    import builtins
    import os

    if hasattr(builtins, "get_ipython"):
        return False
    tty_compatible = os.environ.get("TTY_COMPATIBLE", "")
    if tty_compatible in ("0", "1"):
        return tty_compatible == "0"
    force_color = os.environ.get("FORCE_COLOR")
    if force_color is not None:
        return force_color == ""
    isatty = getattr(sys.stdout, "isatty", None)
    try:
        return isatty is None or not isatty()
    except ValueError:  # a closed stream
        return True


def _summary_line(report: Report, lang: Language) -> str:
    """`Found 1 warning in 1 of 6 files.`, each count in its plural form. A clean check
    says how many files it read as a label, which needs no plural rule: it loads no CLDR
    data (Babel), and the count is below 1000 in any plan, where no locale groups digits."""
    from cpkit.cli.reporters import summary

    s = summary(report)
    if not len(report):
        return _word(lang, "report.clean", checked=str(s["files"]))
    found = lang.join(
        _word(lang, f"report.{key}", count=n)
        for n, key in ((s["errors"], "errors"), (s["warnings"], "warnings"), (s["infos"], "notes"))
        if n
    )
    files = _word(lang, "report.files", count=s["files"])
    with_findings = len({d.loc.file for d in report if d.loc.file})
    if with_findings in (0, s["files"]):
        return _word(lang, "report.found", findings=found, files=files)
    return _word(lang, "report.found-some", findings=found, count=with_findings, files=files)


def _word(lang: Language, key: str, **values: object) -> str:
    return lang.t(key, "rules", **values)


def _severity(lang: Language, d: Diagnostic) -> str:
    return _word(lang, f"report.severity.{d.severity.value}")


def _append(block: Text, d: Diagnostic, base: str, lang: Language) -> None:
    """One finding (and its hint) onto `block`, styled."""
    from cpkit.cli.reporters import display_hint, display_path, printable

    block.append(printable(display_path(d.loc, base)), style="bold")
    if d.loc.line:
        block.append(f":{d.loc.line}:{d.loc.column}", style="bold")
    block.append(": ")
    block.append(_severity(lang, d), style=_STYLE[d.severity.value])
    block.append(f" {d.code} ", style="dim")
    block.append(printable(d.message_in(lang.tag)))
    hint = d.hint_in(lang.tag)
    if hint:
        shown = _word(lang, "report.hint", hint=printable(display_hint(hint, base)))
        block.append(f"\n    {shown}", style="dim")


def _plain_lines(report: Report, base: str, lang: Language) -> Iterator[str]:
    """The same lines as `_append` makes, without styles."""
    from cpkit.cli.reporters import display_hint, display_path, printable

    for d in report:
        where = f":{d.loc.line}:{d.loc.column}" if d.loc.line else ""
        path = printable(display_path(d.loc, base))
        message = printable(d.message_in(lang.tag))
        yield f"{path}{where}: {_severity(lang, d)} {d.code} {message}\n"
        hint = d.hint_in(lang.tag)
        if hint:
            shown = _word(lang, "report.hint", hint=printable(display_hint(hint, base)))
            yield f"    {shown}\n"
