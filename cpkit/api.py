"""The library's entry points: what the CLI calls, and what a script would."""

from __future__ import annotations

import os
from collections.abc import Iterable

from cpkit.build import build_plan
from cpkit.checks import run_checks
from cpkit.diagnostics import Report
from cpkit.load import PlanNotFound, load_folder
from cpkit.model import Plan

__all__ = ["PlanNotFound", "check_plan", "load_plan"]


def load_plan(path: str | os.PathLike[str]) -> Plan:
    """The typed plan, as far as it could be read; use :func:`check_plan` for what is wrong."""
    plan, _ = check_plan(path, run=False)
    return plan


def check_plan(
    path: str | os.PathLike[str], *, disable: Iterable[str] = (), run: bool = True
) -> tuple[Plan, Report]:
    """Load, build and check a plan; never writes. Raises PlanNotFound for a missing folder."""
    source = load_folder(path)
    if not source.files and not source.diagnostics:
        raise PlanNotFound(f"{path}: no plan files here (`cpkit init {path}` starts a plan)")
    plan, found = build_plan(source)
    found = source.diagnostics + found
    if run:
        found.extend(run_checks(plan))
    off = list(disable)
    if plan.info and plan.info.check:
        off.extend(plan.info.check.disable)
    return plan, Report.build(found, files=len(source.files), disabled=off)
