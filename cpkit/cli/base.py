"""The click classes the commands are built from: how their help reads.

Plain click leaves positional arguments out of --help and lists commands alphabetically;
cpkit's help documents each argument (`plan  The plan folder.  [default: .]`) and lists the
commands in the order a plan's life takes them. The usage line names an argument as typed:
`{plan}` when it is required, `[plan]` when it may be left out, `...` when it repeats.
Works with click 8.1 and newer.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Sequence
from typing import Any, NoReturn, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


class Argument(click.Argument):
    """A positional argument with a help text, shown in the command's Arguments section."""

    def __init__(self, param_decls: Sequence[str], *, help: str | None = None, **attrs: Any):
        super().__init__(param_decls, **attrs)
        self.help = help
        self.declared_default = attrs.get("default")  # click 8.3+ keeps a sentinel for none

    def make_metavar(self, ctx: click.Context | None = None) -> str:  # 8.1 passes no ctx
        name = self.metavar or self.name or ""
        name = f"{{{name}}}" if self.required else f"[{name}]"
        return name + ("..." if self.nargs != 1 else "")

    def get_error_hint(self, ctx: click.Context | None) -> str:
        return f"'{self.name}'"

    def get_help_record(self, ctx: click.Context) -> tuple[str, str]:
        name = (self.metavar or self.name or "") + ("..." if self.nargs != 1 else "")
        extra = []
        default = self.declared_default
        if ctx.show_default and default is not None and default != ():
            extra.append(f"default: {default}")
        if self.required:
            extra.append("required")
        text = self.help or ""
        if extra:
            text = f"{text}  [{'; '.join(extra)}]" if text else f"[{'; '.join(extra)}]"
        return name, text


class Command(click.Command):
    """A command whose help has an Arguments section before its Options."""

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        self.format_usage(ctx, formatter)
        self.format_help_text(ctx, formatter)
        self.format_arguments(ctx, formatter)
        self.format_options(ctx, formatter)
        self.format_epilog(ctx, formatter)

    def format_arguments(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [p.get_help_record(ctx) for p in self.get_params(ctx) if isinstance(p, Argument)]
        if rows:
            with formatter.section("Arguments"):
                formatter.write_dl(rows)

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = []
        for param in self.get_params(ctx):
            record = None if isinstance(param, click.Argument) else param.get_help_record(ctx)
            if record is not None:
                rows.append(record)
        if rows:
            with formatter.section("Options"):
                formatter.write_dl(rows)


INTERNAL_ERROR = 70  # EX_SOFTWARE (sysexits.h): a bug in cpkit, never a finding in the plan
DEBUG = "CPKIT_DEBUG"  # set to 1: an internal error is raised with its traceback


class Group(click.Group):
    """The commands in the order they were added, not alphabetical; and the one place that
    turns a bug into an exit code of its own.

    A plan's problems are diagnostics and usage errors exit 2, so every other exception is a
    bug in cpkit: a traceback would read like a finding, and exit 1 is what CI reads as
    findings. It becomes one line on stderr and exit 70, unless CPKIT_DEBUG asks for the
    traceback.
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as exc:
            if os.environ.get(DEBUG, "") not in ("", "0") or _broken_pipe(exc):
                raise  # click ends a closed pipe quietly; a developer asked for the traceback
            internal_error(ctx, exc)


def _broken_pipe(exc: Exception) -> bool:
    return isinstance(exc, OSError) and exc.errno == errno.EPIPE


def internal_error(ctx: click.Context, exc: Exception) -> NoReturn:
    """One line that says it is a bug, in which command of which version; exit 70.

    Only the exception's class is named: its message may quote plan text (personal data,
    escape sequences) that has no place in a bug report pasted from a terminal.
    """
    from cpkit import __version__

    command = " ".join(filter(None, [ctx.command_path, ctx.invoked_subcommand]))
    click.echo(
        f"Internal error: a bug in cpkit {__version__}, not a problem in the plan: "
        f"`{command}` failed with {type(exc).__name__}. Please report it, with the traceback "
        f"that {DEBUG}=1 {command} ... shows.",
        err=True,
    )
    raise click.exceptions.Exit(INTERNAL_ERROR)


def command(name: str | None = None, **attrs: Any) -> Callable[[F], Command]:
    """`click.command` making a `Command`."""
    return click.command(name, cls=Command, **attrs)  # type: ignore[return-value]


def argument(*param_decls: str, **attrs: Any) -> Callable[[F], F]:
    """`click.argument` making an `Argument`, which takes `help`."""
    return click.argument(*param_decls, cls=Argument, **attrs)
