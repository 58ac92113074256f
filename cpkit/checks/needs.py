"""The needs matrix: one row per target group and service, and every gap answered."""

from __future__ import annotations

from collections.abc import Iterator

from cpkit.core import rules
from cpkit.core.diagnostics import Diagnostic
from cpkit.model.entities import Plan
from cpkit.model.services import NeedsRow


def check_rows(plan: Plan) -> Iterator[Diagnostic]:
    seen: dict[tuple[str | None, str | None], NeedsRow] = {}
    for r in plan.needs_matrix:
        if r.target_group is None and r.service_type is None:
            yield rules.MISSING_FIELD(r.loc, "needs-matrix-row", id=r.id)
            continue
        first = seen.setdefault((r.target_group, r.service_type), r)
        if first is not r:
            yield rules.DUPLICATE_ROW(
                r.loc, "needs-matrix-rows", id=first.id, id2=r.id, loc=first.loc
            )


def check_gaps_answered(plan: Plan) -> Iterator[Diagnostic]:
    cells = plan.cells()
    answered: dict[str, list[str]] = {}
    for m in plan.measures():
        for i, key in enumerate(m.answers):
            answered.setdefault(key, []).append(m.id)
            cell = cells.get(key)
            if cell is not None and cell.status != "missing":
                yield rules.ANSWER_NOT_MISSING(
                    m.at(f"answers.{i}"),
                    "measure-answers-which",
                    id=m.id,
                    cell=key,
                    status=cell.status,
                )
    for r in plan.needs_matrix:
        for need, cell in r.cells.items():
            key = f"{r.id}/{need}"
            if cell.status == "missing" and key not in answered:
                yield rules.UNANSWERED_GAP(
                    cell.loc, "need-row-marked", need=need, id=r.id, cell=key
                )


CHECKS = (check_rows, check_gaps_answered)
