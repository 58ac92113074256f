"""`cpkit align`: a plan's alignments with the plan it works toward, and confirming them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from cpkit.cli.base import argument, command
from cpkit.cli.common import choose_language, fail, language_option, say, words

if TYPE_CHECKING:
    from cpkit.checks.alignment import Link, Target
    from cpkit.model.entities import Plan

_STYLE = {"ok": "green", "suspect": "yellow", "missing": "bold red", "unconfirmed": "cyan"}


@command(short_help="List or confirm alignments with the plan worked toward.")
@argument("plan", type=click.Path(path_type=Path), default=Path("."), help="The plan folder.")
@click.option(
    "--confirm",
    is_flag=True,
    help="Store the fingerprint of what each id names now (after reading it), so that "
    "`cpkit check` reports it when it changes.",
)
@language_option
@click.pass_context
def align(ctx: click.Context, plan: Path, confirm: bool) -> None:
    """List each `aligns_with` id of a plan's objectives and measures with its status in the
    plan named by `plan.aligns_with`: ok, suspect (it changed since confirmed), missing
    (that plan has no such id) or unconfirmed.

    With --confirm, record each link as it stands now, in `aligned` next to `aligns_with`,
    keeping the files' comments and layout. Exit code 0 when every link is ok (or, with
    --confirm, was confirmed), 1 otherwise, 2 when either plan cannot be read.

    Example: cpkit align examples/ssp-unit-elderly --confirm
    """
    from cpkit.api import PlanNotFound, plan_alignment

    try:
        loaded, target, found = plan_alignment(plan)
    except PlanNotFound as exc:
        fail(exc)
    choose_language(loaded.info.language if loaded.info else None)
    if target is None:
        fail(say("align.no_target", plan=str(plan)))
    if target.plan is None:
        problem = target.problem.words(words().tag) if target.problem else ""
        fail(say("align.unreadable", plan=str(plan), target=repr(target.written),
                 problem=problem))  # fmt: skip
    if confirm:
        ctx.exit(_confirm(plan, loaded, target))
    for link in found:
        _print_link(plan, link, target)
    _print_counts(found)
    ctx.exit(int(any(link.status != "ok" for link in found)))


def _confirm(base: Path, loaded: Plan, target: Target) -> int:
    from cpkit.core.files import OutputError
    from cpkit.interchange.alignment import YamlEditError, confirm_alignment

    assert target.plan is not None
    try:
        done = confirm_alignment(loaded, target.plan)
    except (YamlEditError, OutputError) as exc:
        fail(exc)
    for link in done.missing:
        _print_link(base, link, target)
    lang = words()
    where = lang.join(done.files) or say("align.no_file")
    click.echo(say("align.confirmed", count=len(done.confirmed), where=where))
    return int(bool(done.missing))


def _print_link(base: Path, link: Link, target: Target) -> None:
    from rich.console import Console
    from rich.text import Text

    from cpkit.cli.reporters import display_path, printable
    from cpkit.model.fields import name_of

    loc = link.loc
    line = Text()
    line.append(printable(display_path(loc, str(base))), style="bold")
    line.append(f":{loc.line}:{loc.column}: ", style="bold")
    line.append(say(f"align.status.{link.status}"), style=_STYLE[link.status])
    line.append(f" {name_of(link.owner)} → ")
    if link.target is None:
        line.append(printable(say("align.no_such_id", id=link.id, plan=target.written)))
    else:
        named = say("align.of", name=name_of(link.target), plan=target.written,
                    title=link.target.title)  # fmt: skip
        line.append(printable(named))
    Console(highlight=False, soft_wrap=True).print(line)


def _print_counts(found: list[Link]) -> None:
    from cpkit.interchange.alignment import statuses

    counts = statuses(found)
    lang = words()
    parts = lang.join(
        say("align.count", count=n, status=say(f"align.status.{status}"))
        for status, n in counts.items()
    )
    click.echo(say("align.summary", count=len(found), parts=parts))
