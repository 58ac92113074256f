"""The `cpkit` command line: parse, call one library function, print, set the exit code.

Exit codes: 0 clean, 1 findings, 2 usage error or a plan that cannot be read, 70 a bug
in cpkit (cpkit.cli.base.Group.invoke).
Each command lives in a module of its own (or of its family); this one makes the group and
names them, and a command's module is imported when the command is run (or listed by
`--help`): `cpkit check` loads no other command's module. Heavy modules are imported inside
the commands that need them, so that `cpkit --help` stays instant.
"""

from __future__ import annotations

import gc
import importlib
import os

import click

from cpkit import __version__
from cpkit.cli.base import Group

# name → (module under cpkit.cli, function), in the order --help lists them
COMMANDS = {
    "check": ("check", "check"),
    "init": ("init", "init"),
    "schema": ("init", "schema"),
    "gaps": ("tables", "gaps"),
    "export": ("tables", "export"),
    "import": ("tables", "import_"),
    "render": ("render", "render"),
    "progress": ("life", "progress"),
    "comments": ("life", "comments"),
    "diff": ("life", "diff"),
    "rollup": ("rollup", "rollup"),
    "align": ("align", "align"),
    "forms": ("forms", "forms"),
    "collect": ("forms", "collect"),
}


class _Commands(Group):
    """The group that imports a command's module the first time the command is asked for."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.commands and name in COMMANDS:
            module, function = COMMANDS[name]
            command = getattr(importlib.import_module(f"cpkit.cli.{module}"), function)
            if name not in ("init", "schema"):
                command.params.append(_no_cache_option())
            self.add_command(command, name)
        return self.commands.get(name)


def _version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(f"cpkit {__version__}")
        ctx.exit()


@click.group(
    cls=_Commands,
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


def _no_cache(_ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value:
        os.environ["CPKIT_CACHE"] = "0"


def _no_cache_option() -> click.Option:
    """Every command that reads a plan reads it through the per-file cache
    (cpkit.model.cache); this option turns it off."""
    return click.Option(
        ["--no-cache"],
        is_flag=True,
        expose_value=False,
        callback=_no_cache,
        help="Read every file again, without the cache of what each file built "
        "into (kept in ~/.cache/cpkit, or $XDG_CACHE_HOME/cpkit, or "
        "$CPKIT_CACHE_DIR). Example: cpkit check --no-cache .",
    )


def main() -> None:
    # A command lives for a second and builds a large tree of small objects without cycles;
    # the cyclic collector's passes over that tree cost as much as reading the plan.
    gc.disable()
    # a re-check reads only the files that changed (cpkit.model.cache); CPKIT_CACHE=0 or
    # --no-cache turns it off
    os.environ.setdefault("CPKIT_CACHE", "1")
    # compiled templates are kept between commands, as Python keeps compiled modules
    # (cpkit.publish.templating); unlike the plan's entries, --no-cache leaves them
    os.environ.setdefault("CPKIT_COMPILED_TEMPLATES", "1")
    cli(prog_name="cpkit")
