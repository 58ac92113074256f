"""`cpkit rollup`: a region's view of its municipalities' plans, side by side.

A regional plan is built on the municipalities' finalised plans. The roll-up sets their
needs, gaps and money side by side and adds up what can be added, but it never merges what
it cannot show to be the same: every table keys on ids, and an id named differently in two
plans (or one name under two ids) is reported in the vocabulary table (analysis.vocabulary),
not mixed. The figures of each plan come from cpkit.analysis.gaps, so they match the plan's
own gap tables; each plan is read as its digest (cpkit.analysis.rollup_digest), which the
processes that load many plans compute and hand back in place of the whole plan. The
document is written by cpkit.publish.rollup_document.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from cpkit.analysis.alignment import Toward, towards
from cpkit.analysis.rollup_digest import PlanDigest, digest
from cpkit.analysis.shared_services import shared_services
from cpkit.analysis.vocabulary import (
    DIFFERENT_NAMES,
    SAME_NAME,
    first_seen,
    id_labels,
    vocabulary_table,
)
from cpkit.model.entities import Plan
from cpkit.source.aligned import target_folder

if TYPE_CHECKING:
    from cpkit.core.language import Language

TOTAL = "(total)"  # the row that adds up the municipalities
KIND_WORDS = {
    "target_groups": "target group", "needs": "need", "service_types": "service type",
    "areas": "area",
}  # fmt: skip
# The stronger status wins when one plan has two rows for the same cell (an error of check).
_PRECEDENCE = {"missing": 0, "provided": 1, "not-needed": 2}
# Columns a municipality's name may not take, since the tables use them already.
RESERVED = {
    TOTAL, "municipality", "title", "period", "status", "currency", "errors", "target_group",
    "service_type", "need", "unit", "missing", "unanswered", "costs", "funds", "gap", "area",
    "plans", "source", "service", "provider", "registry_id", "matched_by", "kind", "id",
    "problem", "related",
}  # fmt: skip


@dataclass(slots=True)
class Rollup:
    """The regional view; one column per municipality where a table is side by side."""

    names: list[str]  # the municipalities, in the order the plans were given
    plans: pd.DataFrame  # municipality, title, period, status, currency, errors
    matrix: pd.DataFrame  # target_group, service_type, need, a status per municipality
    service_gaps: pd.DataFrame  # municipality, missing, unanswered; then the TOTAL row
    capacity: pd.DataFrame  # target_group, service_type, unit, a gap per municipality
    funding: pd.DataFrame  # municipality, currency, costs, funds, gap; then the TOTAL row
    # area, municipality, plans, currency, costs, funds, gap: the TOTAL row of each area,
    # summed over the plans; with several currencies a row per plan first, the sum left out
    areas: pd.DataFrame
    sources: pd.DataFrame  # source, municipality, plans, currency, funds: as areas
    shared: pd.DataFrame  # service, provider, registry_id, matched_by, plans, ids per municipality
    vocabulary: pd.DataFrame  # kind, id, the name in each municipality, problem, related
    currency: str | None  # the plans' one currency; None when they differ (no sums then)
    currencies: list[str] = field(default_factory=list)
    labels: dict[tuple[str, str], str] = field(default_factory=dict)
    # per plan that other plans of the roll-up align with (a district plan and its units)
    alignment: list[Toward] = field(default_factory=list)

    @property
    def mixed(self) -> bool:
        """The plans use different currencies: amounts per plan, no sums across plans."""
        return len(self.currencies) > 1

    def label(self, kind: str, ident: str) -> str:
        """The name to show for an id; with the id itself when the plans disagree on it."""
        return self.labels.get((kind, ident), ident)

    @property
    def aligned(self) -> bool:
        """Every plan works toward another of the roll-up, or is worked toward (a district
        plan and its units' plans), rather than municipal plans side by side."""
        linked = {n for toward in self.alignment for n in (toward.plan, *toward.units)}
        return bool(self.alignment) and linked == set(self.names)

    def with_errors(self) -> list[tuple[str, int]]:
        """Municipalities whose plan has errors in check, with how many."""
        return [(r["municipality"], int(r["errors"])) for r in self.plans.to_dict("records")
                if r["errors"]]  # fmt: skip


def build_rollup(
    plans: Sequence[Plan | PlanDigest], names: list[str], *, errors: Sequence[int] | None = None
) -> Rollup:
    """Roll `plans` up; `names` are the municipalities' column headings, `errors` the error
    counts of check (plans with errors are rolled up all the same, and listed). A plan may
    be given as its digest (cpkit.analysis.rollup_digest), as the processes that load many
    plans hand them back."""
    _validate(plans, names, errors)
    digests = [p if isinstance(p, PlanDigest) else digest(p) for p in plans]
    return _build(digests, names, errors)


def _build(digests: list[PlanDigest], names: list[str], errors: Sequence[int] | None) -> Rollup:
    plans = [d.plan for d in digests]  # what of each plan the tables compare
    currencies = sorted({p.info.currency for p in plans if p.info and p.info.currency})
    single = len(currencies) <= 1
    table = vocabulary_table(plans, names)
    return Rollup(
        names=list(names),
        plans=_plans(plans, names, errors or [0] * len(plans)),
        matrix=_matrix(plans, names),
        service_gaps=_service_gaps(digests, names),
        capacity=_capacity(digests, names),
        funding=_funding(digests, names, single),
        areas=_areas(digests, names, single),
        sources=_sources(digests, names, single),
        shared=shared_services(plans, names),
        vocabulary=table,
        currency=currencies[0] if len(currencies) == 1 else None,
        currencies=currencies,
        labels=id_labels(plans, table),
        alignment=_alignment(digests, names),
    )


def _alignment(digests: list[PlanDigest], names: list[str]) -> list[Toward]:
    """Who works toward what (cpkit.analysis.alignment), with the whole plans of those that
    align with another plan of the roll-up or are aligned with: the others are not read."""
    index = {d.plan.root.resolve(): i for i, d in enumerate(digests)}
    involved: set[int] = set()
    for i, d in enumerate(digests):
        written = d.plan.info.aligns_with if d.plan.info else None
        folder = target_folder(d.plan.root, written).path if written else None
        j = index.get(folder) if folder is not None else None
        if j is not None and j != i:
            involved |= {i, j}
    plans = [d.whole() if i in involved else d.plan for i, d in enumerate(digests)]
    return towards(plans, names)


def _validate(plans: list[Plan], names: list[str], errors: Sequence[int] | None) -> None:
    if not plans:
        raise ValueError("a roll-up needs at least one plan")
    if len(names) != len(plans) or (errors is not None and len(errors) != len(plans)):
        raise ValueError("give one name (and one error count) per plan")
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise ValueError(f"two plans are both called {twice[0]!r}")
    taken = sorted(set(names) & RESERVED)
    if taken or not all(n.strip() for n in names):
        raise ValueError(f"{taken[0] if taken else 'an empty name'!r} cannot name a plan")


def plan_names(plans: Sequence[Plan]) -> list[str]:
    """Each plan's column heading: its territory, else its folder; twins told apart by folder.
    A service unit's plan shares its district's territory: it is named by its title, as a
    person knows it, else by its folder."""
    base = [(_territory(p) if not _unit(p) else _title(p)) or _folder(p) for p in plans]
    names = [
        f"{b} ({_folder(p)})" if base.count(b) > 1 else b for b, p in zip(base, plans, strict=True)
    ]
    for i, n in enumerate(names):  # still twins (same territory, same folder name): number them
        if names.count(n) > 1 or n in RESERVED:
            names[i] = f"{n} [{i + 1}]"
    return names


def _unit(plan: Plan) -> bool:
    return plan.info is not None and plan.info.shape == "unit"


def _territory(plan: Plan) -> str:
    return plan.info.territory.name.strip() if plan.info and plan.info.territory else ""


def _title(plan: Plan) -> str:
    return " ".join(plan.info.title.split()) if plan.info and plan.info.title else ""


def _folder(plan: Plan) -> str:
    return plan.root.resolve().name or str(plan.root)


# --- the plans and the needs matrix -------------------------------------------------------


def _plans(plans: list[Plan], names: list[str], errors: Sequence[int]) -> pd.DataFrame:
    rows = []
    for name, plan, count in zip(names, plans, errors, strict=True):
        info = plan.info
        period = info.period if info else None
        rows.append(
            {"municipality": name, "title": info.title if info else "",
             "period": f"{period.start}–{period.end}" if period else "",
             "status": info.status if info else "", "currency": (info.currency if info else "")
             or "", "errors": int(count)}
        )  # fmt: skip
    columns = ["municipality", "title", "period", "status", "currency", "errors"]
    return pd.DataFrame(rows, columns=columns)


def _matrix(plans: list[Plan], names: list[str]) -> pd.DataFrame:
    """One row per (target group, service type, need) id in any plan; a status per plan."""
    cells: dict[tuple[str, str, str], dict[str, str]] = {}
    order: dict[str, dict[str, int]] = {"tg": {}, "st": {}, "need": {}}
    for name, plan in zip(names, plans, strict=True):
        for n in plan.needs:
            first_seen(order["need"], n.id)
        for r in plan.needs_matrix:
            tg, st = r.target_group or "", r.service_type or ""
            first_seen(order["tg"], tg)
            first_seen(order["st"], st)
            for need, cell in r.cells.items():
                first_seen(order["need"], need)
                status = "provided" if cell.services else cell.status
                row = cells.setdefault((tg, st, need), {})
                if name not in row or _PRECEDENCE[status] < _PRECEDENCE[row[name]]:
                    row[name] = status
    keys = sorted(cells, key=lambda k: (order["tg"][k[0]], order["st"][k[1]], order["need"][k[2]]))
    rows = [
        {"target_group": tg, "service_type": st, "need": need,
         **{n: cells[(tg, st, need)].get(n, "") for n in names}}
        for tg, st, need in keys
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=["target_group", "service_type", "need", *names])


# --- gaps ----------------------------------------------------------------------------------


def _service_gaps(digests: list[PlanDigest], names: list[str]) -> pd.DataFrame:
    """Missing cells per plan, and those no measure of that plan answers."""
    rows = [
        {"municipality": name, "missing": d.missing, "unanswered": d.unanswered}
        for name, d in zip(names, digests, strict=True)
    ]
    rows.append(
        {"municipality": TOTAL, "missing": sum(r["missing"] for r in rows),
         "unanswered": sum(r["unanswered"] for r in rows)}
    )  # fmt: skip
    return pd.DataFrame(rows, columns=["municipality", "missing", "unanswered"])


def _capacity(digests: list[PlanDigest], names: list[str]) -> pd.DataFrame:
    """Each plan's capacity gap per (target group, service type, unit).

    Not added up: spare capacity in one municipality does not serve another's people.
    """
    gaps: dict[tuple[str, str, str], dict[str, float]] = {}
    for name, d in zip(names, digests, strict=True):
        for tg, st, unit, gap in d.capacity:
            row = gaps.setdefault((tg, st, unit), {})
            row[name] = row[name] + gap if name in row else gap
    rows = [
        {"target_group": tg, "service_type": st, "unit": unit,
         **{n: row.get(n, float("nan")) for n in names}}
        for (tg, st, unit), row in gaps.items()
    ]  # fmt: skip
    frame = pd.DataFrame(rows, columns=["target_group", "service_type", "unit", *names])
    return frame.astype(dict.fromkeys(names, "float64"))


def _currency(plan: Plan) -> str:
    return (plan.info.currency if plan.info else "") or ""


def _funding(digests: list[PlanDigest], names: list[str], single: bool) -> pd.DataFrame:
    rows = []
    for name, d in zip(names, digests, strict=True):
        rows.append(
            {"municipality": name, "currency": _currency(d.plan), "costs": d.money.costs,
             "funds": d.money.funds, "gap": d.money.gap}
        )  # fmt: skip
    sums = {
        k: sum(r[k] for r in rows) if single else float("nan") for k in ("costs", "funds", "gap")
    }
    currency = next((r["currency"] for r in rows if r["currency"]), "") if single else ""
    rows.append({"municipality": TOTAL, "currency": currency, **sums})
    columns = ["municipality", "currency", "costs", "funds", "gap"]
    return pd.DataFrame(rows, columns=columns).astype(
        {"costs": "float64", "funds": "float64", "gap": "float64"}
    )


def _per_plan_and_total(
    found: dict[str, list[dict[str, Any]]], key: str, amounts: Sequence[str], single: bool
) -> pd.DataFrame:
    """Each key's total over the plans that have it; with several currencies, each plan's
    row first and the total left empty, as in the funding table (amounts are not added)."""
    rows: list[dict[str, Any]] = []
    for ident, per_plan in found.items():
        if not single:
            rows += per_plan
        currency = next((r["currency"] for r in per_plan if r["currency"]), "") if single else ""
        rows.append(
            {key: ident, "municipality": TOTAL, "plans": ", ".join(r["plans"] for r in per_plan),
             "currency": currency,
             **{k: sum(r[k] for r in per_plan) if single else float("nan") for k in amounts}}
        )  # fmt: skip
    columns = [key, "municipality", "plans", "currency", *amounts]
    return pd.DataFrame(rows, columns=columns).astype(dict.fromkeys(amounts, "float64"))


def _plan_row(key: str, ident: str, name: str, plan: Plan, **amounts: float) -> dict[str, Any]:
    return {key: ident, "municipality": name, "plans": name, "currency": _currency(plan),
            **{k: float(v) for k, v in amounts.items()}}  # fmt: skip


def _areas(digests: list[PlanDigest], names: list[str], single: bool) -> pd.DataFrame:
    """Costs and funds per area id, over the plans that have it (joint objectives as JOINT)."""
    found: dict[str, list[dict[str, Any]]] = {}
    for name, d in zip(names, digests, strict=True):
        for ident, costs, funds, gap in d.money.areas:
            found.setdefault(ident, []).append(
                _plan_row("area", ident, name, d.plan, costs=costs, funds=funds, gap=gap)
            )
    return _per_plan_and_total(found, "area", ("costs", "funds", "gap"), single)


def _sources(digests: list[PlanDigest], names: list[str], single: bool) -> pd.DataFrame:
    """Expected funds of the measures per source, over the plans that count on it."""
    found: dict[str, list[dict[str, Any]]] = {}
    for name, d in zip(names, digests, strict=True):
        for source, funds in d.money.sources:
            found.setdefault(source, []).append(
                _plan_row("source", source, name, d.plan, funds=funds)
            )
    return _per_plan_and_total(dict(sorted(found.items())), "source", ("funds",), single)


#: A problem of a roll-up as data: its message key under `rollup.problems` in the cli
#: catalogue and the message's fields (text, counts, lists of text, or (plan, name) pairs).
Problem = tuple[str, dict[str, Any]]


def problems(rollup: Rollup) -> list[Problem]:
    """The roll-up's problems, for the terminal and for logs (`problem_lines` words them)."""
    found: list[Problem] = [
        ("errors", {"plan": name, "count": count}) for name, count in rollup.with_errors()
    ]
    if len(rollup.currencies) > 1:
        found.append(("currencies", {"currencies": list(rollup.currencies)}))
    found.extend(alignment_problems(rollup))
    if rollup.aligned:  # units' plans need not share their district's vocabulary
        return found
    only: dict[str, list[tuple[str, list[str]]]] = {}
    for r in rollup.vocabulary.to_dict("records"):
        kind = r["kind"]
        used = [n for n in rollup.names if r[n]]
        if r["problem"] == DIFFERENT_NAMES:
            spelled = [(n, repr(r[n])) for n in used]
            found.append((f"different_names.{kind}", {"id": r["id"], "names": spelled}))
        elif r["problem"] == SAME_NAME:
            found.append(
                (f"same_name.{kind}", {"id": r["id"], "plans": used, "related": r["related"]})
            )
        else:
            only.setdefault(kind, []).append((r["id"], used))
    for kind, items in only.items():
        found.append((f"only_some.{kind}", {"items": items}))
    return found


def alignment_problems(rollup: Rollup) -> list[Problem]:
    """Links of unit plans to ids the plan they work toward lacks."""
    return [
        ("missing_target", {"unit": unit, "own": own, "id": ident, "toward": toward.plan})
        for toward in rollup.alignment
        for unit, own, ident in toward.missing
    ]


def problem_lines(rollup: Rollup, words: Language | None = None) -> list[str]:
    """The roll-up's problems in `words`' language (English by default), one line each."""
    return [problem_text(p, words) for p in problems(rollup)]


def alignment_problem_lines(rollup: Rollup, words: Language | None = None) -> list[str]:
    """Links of unit plans to ids the plan they work toward lacks, one line each."""
    return [problem_text(p, words) for p in alignment_problems(rollup)]


def problem_text(problem: Problem, words: Language | None = None) -> str:
    """One problem as a line: lists joined as the language joins them (、 in Chinese)."""
    from cpkit.core.language import language

    words = words or language("en")
    key, data = problem

    def shown(value: Any) -> Any:
        if not isinstance(value, list):
            return value
        if value and isinstance(value[0], tuple) and isinstance(value[0][1], list):
            return words.join(f"{i} {words.paren(words.join(u))}" for i, u in value)
        if value and isinstance(value[0], tuple):
            return "; ".join(words.label(n, v) for n, v in value)
        return words.join(value)

    return words.t(f"rollup.problems.{key}", "cli", **{k: shown(v) for k, v in data.items()})
