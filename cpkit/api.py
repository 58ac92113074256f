"""The library's entry points: what the CLI calls, and what a script would."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from cpkit.checks import run_checks
from cpkit.checks.alignment import Link, Target, check_alignment, links
from cpkit.core import rules
from cpkit.core.diagnostics import Diagnostic, Report, Term
from cpkit.model import cache as plan_cache
from cpkit.model.build import build_plan, join_parts
from cpkit.model.entities import Plan
from cpkit.source.aligned import target_folder
from cpkit.source.folder import PlanNotFound, load_folder

__all__ = [
    "PlanNotFound",
    "check_plan",
    "check_plans",
    "load_plan",
    "load_target",
    "plan_alignment",
]


def load_plan(path: str | os.PathLike[str], *, cache: bool | None = None) -> Plan:
    """The typed plan, as far as it could be read; use :func:`check_plan` for what is wrong."""
    plan, _ = check_plan(path, run=False, cache=cache)
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
            rules.PARTLY_CHECKED(unread[0].loc, "references-other-checks", files=list(files))
        )
    return kept


def load_target(plan: Plan) -> Target | None:
    """The plan `plan` aligns with (`plan.aligns_with`), read but not checked; None when it
    names none. A folder cpkit may not or cannot read, or a plan that cannot be fully read
    (its ids would be missing for no fault of this plan), comes back with its problem."""
    if plan.info is None or plan.info.aligns_with is None:
        return None
    written = plan.info.aligns_with
    folder = target_folder(plan.root, written)
    if folder.path is None:
        return Target(written, None, folder.problem)
    source = load_folder(folder.path)
    if not source.files and not source.diagnostics:
        return Target(written, None, Term("align-problems", "no-plan-files"))
    target, found = build_plan(source)
    unread = [d for d in source.diagnostics + found if d.code in rules.UNREAD]
    if unread:
        where = f"{written.rstrip('/')}/{unread[0].loc}"
        fields = (("where", where), ("finding", unread[0]))
        return Target(written, None, Term("align-problems", "unread", fields))
    if target.info is None:
        return Target(written, None, Term("align-problems", "no-plan-section"))
    return Target(written, target)


def check_plan(
    path: str | os.PathLike[str],
    *,
    disable: Iterable[str] = (),
    run: bool = True,
    cache: bool | None = None,
) -> tuple[Plan, Report]:
    """Load, build and check a plan. Raises PlanNotFound for a missing folder.

    It never writes in the plan; with `cache` (default: off, unless CPKIT_CACHE=1, as the
    command line sets it) what each file builds into is kept in the user's cache folder
    (cpkit.model.cache) and read back while the file is unchanged.
    """
    source, parts = plan_cache.load(path, cache)
    if not source.files and not source.diagnostics:
        raise PlanNotFound("plan.no_files", path=str(path))
    plan, found = join_parts(source, parts)
    found = source.diagnostics + found
    if run:
        found.extend(_checks(plan, [d for d in found if d.code in rules.UNREAD]))
        found.extend(check_alignment(plan, load_target(plan)))
    off = list(disable)
    if plan.info and plan.info.check:
        off.extend(plan.info.check.disable)
    off = [k for k in off if k not in rules.BY_KEY or rules.BY_KEY[k].code not in rules.ALWAYS_ON]
    return plan, Report.build(found, files=len(source.files), disabled=off)


def plan_alignment(path: str | os.PathLike[str]) -> tuple[Plan, Target | None, list[Link]]:
    """A plan, the plan it aligns with, and each of its alignments with its status (none
    when the other plan is not named or cannot be read: `Target.problem` says why)."""
    plan, _ = check_plan(path, run=False)
    target = load_target(plan)
    if target is None or target.plan is None:
        return plan, target, []
    return plan, target, links(plan, target.plan)


PARALLEL_FROM = 4  # plans: below this, starting processes costs more than it saves


def check_plans(
    paths: Sequence[str | os.PathLike[str]],
    *,
    cache: bool | None = None,
    workers: int | None = None,
    keep: Callable[[Plan, Report], Any] | None = None,
) -> Iterator[Any]:
    """`check_plan` of each folder, in order, loaded in parallel processes (two where the
    machine has more than one core; `workers` to choose): a rollup of a hundred plans spent
    most of its time reading them one by one. A folder that is no plan yields its
    PlanNotFound instead of raising, so the caller says which. The cache setting is passed
    on to the processes.

    Each yields (plan, report), or `keep(plan, report)` when given: a module-level function
    run where the plan was loaded, so that a caller that reads little of each plan (the
    roll-up: cpkit.analysis.rollup_digest) is handed only that, not the whole plan."""
    use = plan_cache.default() if cache is None else cache
    count = workers if workers is not None else min(2, os.cpu_count() or 1)
    if count < 2 or len(paths) < PARALLEL_FROM:
        for path in paths:
            yield _checked(path, use, keep)
        return
    import multiprocessing
    import pickle
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    n = len(paths)
    with ProcessPoolExecutor(count, mp_context=context) as pool:
        for done in pool.map(_checked_pickled, paths, [use] * n, [keep] * n, chunksize=4):
            yield pickle.loads(done)


def _checked(
    path: str | os.PathLike[str], cache: bool, keep: Callable[[Plan, Report], Any] | None = None
) -> Any:
    try:
        found = check_plan(path, cache=cache)
    except PlanNotFound as exc:
        return exc
    return found if keep is None else keep(*found)


def _checked_pickled(
    path: str | os.PathLike[str], cache: bool, keep: Callable[[Plan, Report], Any] | None
) -> bytes:
    """In a worker process: the checked plan (or what `keep` keeps of it) as bytes that
    load in C (cache.dumps)."""
    import gc

    gc.disable()  # a short-lived process building trees without cycles
    return plan_cache.dumps(_checked(path, cache, keep))
