"""cpkit: community plans of social services, kept as YAML in git.

The library is usable on its own; the CLI is a thin layer over it::

    from cpkit import load_plan, check_plan

    plan, report = check_plan("examples/usti-seniors")
    for d in report.diagnostics:
        print(d.code, d.loc, d.message)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"
__all__ = ["__version__", "check_plan", "load_plan"]

if TYPE_CHECKING:
    from cpkit.api import check_plan, load_plan


def __getattr__(name: str) -> object:
    # Lazy, so that `cpkit --help` does not pay for the whole pipeline.
    if name in ("check_plan", "load_plan"):
        from cpkit import api

        return getattr(api, name)
    raise AttributeError(name)
