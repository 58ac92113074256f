"""`cpkit align`: a plan's alignments with the plan it works toward, and confirming them."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from cpkit.cli.base import argument, command
from cpkit.cli.common import fail

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
        fail(str(exc))
    if target is None:
        fail(f"{plan}: `plan.aligns_with` names no plan to align with")
    if target.plan is None:
        fail(
            f"{plan}: the plan to align with, {target.written!r}, cannot be read: {target.problem}"
        )
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
        fail(str(exc))
    for link in done.missing:
        _print_link(base, link, target)
    where = ", ".join(done.files) or "no file (nothing changed)"
    count = len(done.confirmed)
    click.echo(f"Confirmed {count} alignment{'' if count == 1 else 's'}; wrote {where}.")
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
    line.append(link.status, style=_STYLE[link.status])
    line.append(f" {name_of(link.owner)} → ")
    if link.target is None:
        line.append(printable(f"{link.id}: {target.written} has no such id"))
    else:
        named = f"{name_of(link.target)} of {target.written}: {link.target.title}"
        line.append(printable(named))
    Console(highlight=False, soft_wrap=True).print(line)


def _print_counts(found: list[Link]) -> None:
    from cpkit.interchange.alignment import statuses

    counts = statuses(found)
    parts = ", ".join(f"{n} {status}" for status, n in counts.items())
    total = len(found)
    click.echo(f"{total} alignment{'' if total == 1 else 's'}: {parts}.")
