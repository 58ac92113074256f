"""The `cpkit` command line: parse, call one library function, print, set the exit code.

Exit codes: 0 clean, 1 findings, 2 usage error or a plan that cannot be read, 70 a bug
in cpkit (cpkit.cli.base.Group.invoke).
Each command lives in a module of its own (or of its family); this one makes the group and
registers them. Heavy modules are imported inside the commands that need them, so that
`cpkit --help` stays instant.
"""

from __future__ import annotations

import gc
import os

import click

from cpkit import __version__
from cpkit.cli import align, check, forms, init, life, render, rollup, tables
from cpkit.cli.base import Group


def _version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(f"cpkit {__version__}")
        ctx.exit()


@click.group(
    cls=Group,
    help="Keep a community plan of social services as YAML files in git: check it, "
    "show its gaps, publish it.",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"], "show_default": True},
)
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_version,
    help="Show the version.",
)
def cli() -> None:
    """Keep a community plan of social services as YAML files in git."""


for _command in (
    check.check,
    init.init,
    init.schema,
    tables.gaps,
    tables.export,
    tables.import_,
    render.render,
    life.progress,
    life.comments,
    life.diff,
    rollup.rollup,
    align.align,
    forms.forms,
    forms.collect,
):
    cli.add_command(_command)


def _no_cache(_ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value:
        os.environ["CPKIT_CACHE"] = "0"


# every command that reads a plan reads it through the per-file cache (cpkit.model.cache)
for _command in cli.commands.values():
    if _command.name not in ("init", "schema"):
        _command.params.append(
            click.Option(
                ["--no-cache"],
                is_flag=True,
                expose_value=False,
                callback=_no_cache,
                help="Read every file again, without the cache of what each file built "
                "into (kept in ~/.cache/cpkit, or $XDG_CACHE_HOME/cpkit, or "
                "$CPKIT_CACHE_DIR). Example: cpkit check --no-cache .",
            )
        )


def main() -> None:
    # A command lives for a second and builds a large tree of small objects without cycles;
    # the cyclic collector's passes over that tree cost as much as reading the plan.
    gc.disable()
    # a re-check reads only the files that changed (cpkit.model.cache); CPKIT_CACHE=0 or
    # --no-cache turns it off
    os.environ.setdefault("CPKIT_CACHE", "1")
    cli(prog_name="cpkit")
