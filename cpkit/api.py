"""The library's entry points: what the CLI calls, and what a script would."""

from __future__ import annotations

import os
from collections.abc import Iterable

from cpkit.checks import run_checks
from cpkit.core import rules
from cpkit.core.diagnostics import Diagnostic, Report
from cpkit.model.build import build_plan
from cpkit.model.entities import Plan
from cpkit.source.folder import PlanNotFound, load_folder

__all__ = ["PlanNotFound", "check_plan", "load_plan"]


def load_plan(path: str | os.PathLike[str]) -> Plan:
    """The typed plan, as far as it could be read; use :func:`check_plan` for what is wrong."""
    plan, _ = check_plan(path, run=False)
    return plan


def _checks(plan: Plan, unread: list[Diagnostic]) -> list[Diagnostic]:
    """Every check; while part of the plan is unread, those that would blame the rest for
    what is missing are left out (one note says so), so the real cause stands alone."""
    found = list(run_checks(plan))
    if not unread:
        return found
    kept = [d for d in found if d.code not in rules.WHOLE_PLAN]
    if len(kept) < len(found):
        files = sorted({d.loc.file for d in unread})
        kept.append(
            rules.PARTLY_CHECKED(
                unread[0].loc,
                f"references and other checks of the whole plan were skipped while "
                f"{', '.join(files)} cannot be fully read",
                "fix the errors above and run the check again",
            )
        )
    return kept


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
        found.extend(_checks(plan, [d for d in found if d.code in rules.UNREAD]))
    off = list(disable)
    if plan.info and plan.info.check:
        off.extend(plan.info.check.disable)
    off = [k for k in off if k not in rules.BY_KEY or rules.BY_KEY[k].code not in rules.ALWAYS_ON]
    return plan, Report.build(found, files=len(source.files), disabled=off)
