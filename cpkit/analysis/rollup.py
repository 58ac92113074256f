"""`cpkit rollup`: a region's view of its municipalities' plans, side by side.

A regional plan is built on the municipalities' finalised plans. The roll-up sets their
needs, gaps and money side by side and adds up what can be added, but it never merges what
it cannot show to be the same: every table keys on ids, and an id named differently in two
plans (or one name under two ids) is reported in the vocabulary table, not mixed.
The figures of each plan come from cpkit.analysis.gaps, so they match the plan's own gap tables.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from cpkit.analysis import gaps as tables
from cpkit.model.entities import Plan, Service

if TYPE_CHECKING:
    from cpkit.publish.messages import Messages
    from cpkit.publish.views import GapTable

TOTAL = "(total)"  # the row that adds up the municipalities
VOCABULARIES = ("target_groups", "needs", "service_types", "areas")
KIND_WORDS = {
    "target_groups": "target group", "needs": "need", "service_types": "service type",
    "areas": "area",
}  # fmt: skip
# Problems of the vocabulary table.
DIFFERENT_NAMES, SAME_NAME, SOME_PLANS = "different-names", "same-name", "only-in-some-plans"
# How a service was found to be the same in several plans.
BY_REGISTRY, BY_NAME = "registry-id", "provider-and-name"
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

    @property
    def mixed(self) -> bool:
        """The plans use different currencies: amounts per plan, no sums across plans."""
        return len(self.currencies) > 1

    def label(self, kind: str, ident: str) -> str:
        """The name to show for an id; with the id itself when the plans disagree on it."""
        return self.labels.get((kind, ident), ident)

    def with_errors(self) -> list[tuple[str, int]]:
        """Municipalities whose plan has errors in check, with how many."""
        return [(r["municipality"], int(r["errors"])) for r in self.plans.to_dict("records")
                if r["errors"]]  # fmt: skip


def build_rollup(
    plans: list[Plan], names: list[str], *, errors: Sequence[int] | None = None
) -> Rollup:
    """Roll `plans` up; `names` are the municipalities' column headings, `errors` the error
    counts of check (plans with errors are rolled up all the same, and listed)."""
    _validate(plans, names, errors)
    currencies = sorted({p.info.currency for p in plans if p.info and p.info.currency})
    single = len(currencies) <= 1
    vocabulary = _vocabulary(plans, names)
    return Rollup(
        names=list(names),
        plans=_plans(plans, names, errors or [0] * len(plans)),
        matrix=_matrix(plans, names),
        service_gaps=_service_gaps(plans, names),
        capacity=_capacity(plans, names),
        funding=_funding(plans, names, single),
        areas=_areas(plans, names, single),
        sources=_sources(plans, names, single),
        shared=_shared(plans, names),
        vocabulary=vocabulary,
        currency=currencies[0] if len(currencies) == 1 else None,
        currencies=currencies,
        labels=_labels(plans, vocabulary),
    )


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
    """Each plan's column heading: its territory, else its folder; twins told apart by folder."""
    base = [_territory(p) or _folder(p) for p in plans]
    names = [
        f"{b} ({_folder(p)})" if base.count(b) > 1 else b for b, p in zip(base, plans, strict=True)
    ]
    for i, n in enumerate(names):  # still twins (same territory, same folder name): number them
        if names.count(n) > 1 or n in RESERVED:
            names[i] = f"{n} [{i + 1}]"
    return names


def _territory(plan: Plan) -> str:
    return plan.info.territory.name.strip() if plan.info and plan.info.territory else ""


def _folder(plan: Plan) -> str:
    return plan.root.resolve().name or str(plan.root)


def normalise(text: str) -> str:
    """Text compared as people read it: case, accents, punctuation and spacing ignored."""
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(
        " " if unicodedata.category(ch)[0] in "PSZ" else ch
        for ch in decomposed
        if not unicodedata.combining(ch)
    )
    return " ".join(kept.casefold().split())


def _first_seen(order: dict[str, int], key: str) -> None:
    order.setdefault(key, len(order))


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
            _first_seen(order["need"], n.id)
        for r in plan.needs_matrix:
            tg, st = r.target_group or "", r.service_type or ""
            _first_seen(order["tg"], tg)
            _first_seen(order["st"], st)
            for need, cell in r.cells.items():
                _first_seen(order["need"], need)
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


def _service_gaps(plans: list[Plan], names: list[str]) -> pd.DataFrame:
    """Missing cells per plan, and those no measure of that plan answers."""
    rows = []
    for name, plan in zip(names, plans, strict=True):
        frame = tables.service_gaps(plan)
        answered = int(frame["answered"].astype(bool).sum())
        rows.append(
            {"municipality": name, "missing": len(frame), "unanswered": len(frame) - answered}
        )
    rows.append(
        {"municipality": TOTAL, "missing": sum(r["missing"] for r in rows),
         "unanswered": sum(r["unanswered"] for r in rows)}
    )  # fmt: skip
    return pd.DataFrame(rows, columns=["municipality", "missing", "unanswered"])


def _capacity(plans: list[Plan], names: list[str]) -> pd.DataFrame:
    """Each plan's capacity gap per (target group, service type, unit).

    Not added up: spare capacity in one municipality does not serve another's people.
    """
    gaps: dict[tuple[str, str, str], dict[str, float]] = {}
    for name, plan in zip(names, plans, strict=True):
        for r in tables.capacity_gaps(plan).to_dict("records"):
            row = gaps.setdefault((r["target_group"], r["service_type"], r["unit"]), {})
            row[name] = row[name] + r["gap"] if name in row else r["gap"]
    rows = [
        {"target_group": tg, "service_type": st, "unit": unit,
         **{n: row.get(n, float("nan")) for n in names}}
        for (tg, st, unit), row in gaps.items()
    ]  # fmt: skip
    frame = pd.DataFrame(rows, columns=["target_group", "service_type", "unit", *names])
    return frame.astype(dict.fromkeys(names, "float64"))


def _plan_money(plan: Plan) -> pd.DataFrame:
    """The plan's own funding table, totals only (no years)."""
    frame = tables.funding_gaps(plan)
    return frame[frame["year"] == "total"]


def _currency(plan: Plan) -> str:
    return (plan.info.currency if plan.info else "") or ""


def _funding(plans: list[Plan], names: list[str], single: bool) -> pd.DataFrame:
    rows = []
    for name, plan in zip(names, plans, strict=True):
        money = _plan_money(plan)
        total = money[money["scope"] == "plan"].iloc[0]
        rows.append(
            {"municipality": name, "currency": _currency(plan), "costs": total["costs"],
             "funds": total["funds"], "gap": total["gap"]}
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


def _areas(plans: list[Plan], names: list[str], single: bool) -> pd.DataFrame:
    """Costs and funds per area id, over the plans that have it (joint objectives as JOINT)."""
    found: dict[str, list[dict[str, Any]]] = {}
    for name, plan in zip(names, plans, strict=True):
        money = _plan_money(plan)
        for r in money[money["scope"] == "area"].to_dict("records"):
            found.setdefault(r["id"], []).append(
                _plan_row(
                    "area", r["id"], name, plan, costs=r["costs"], funds=r["funds"], gap=r["gap"]
                )
            )
    return _per_plan_and_total(found, "area", ("costs", "funds", "gap"), single)


def _sources(plans: list[Plan], names: list[str], single: bool) -> pd.DataFrame:
    """Expected funds of the measures per source, over the plans that count on it."""
    fixed = {"scope", "id", "title", "year", "costs", "funds", "gap"}
    found: dict[str, list[dict[str, Any]]] = {}
    for name, plan in zip(names, plans, strict=True):
        money = _plan_money(plan)
        total = money[money["scope"] == "plan"].iloc[0]
        for source in (c for c in money.columns if c not in fixed):
            found.setdefault(source, []).append(
                _plan_row("source", source, name, plan, funds=total[source])
            )
    return _per_plan_and_total(dict(sorted(found.items())), "source", ("funds",), single)


# --- services in several plans -------------------------------------------------------------


@dataclass(slots=True)
class _Entry:
    plan: int
    service: Service
    provider: str
    registry: str


class _Groups:
    """Union-find over services that never puts two registry ids in one group."""

    def __init__(self, entries: list[_Entry]) -> None:
        self.parent = list(range(len(entries)))
        self.registries = [{e.registry} - {""} for e in entries]
        self.how: list[set[str]] = [set() for _ in entries]

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, i: int, j: int, how: str) -> None:
        a, b = self.find(i), self.find(j)
        if a == b or len(self.registries[a] | self.registries[b]) > 1:
            return
        self.parent[b] = a
        self.registries[a] |= self.registries[b]
        self.how[a] |= self.how[b] | {how}


def _shared(plans: list[Plan], names: list[str]) -> pd.DataFrame:
    """The same service in two or more plans: by registry id when both give one, else by the
    provider's name and the service's name (normalised)."""
    entries = []
    for i, plan in enumerate(plans):
        people = plan.ids("stakeholders")
        for s in plan.services:
            provider = people[s.provider].name if s.provider in people else s.provider
            entries.append(_Entry(i, s, provider, (s.registry_id or "").strip()))
    groups = _Groups(entries)
    for members in _grouped(entries, lambda e: e.registry).values():
        for j in members[1:]:
            groups.join(members[0], j, BY_REGISTRY)
    for members in _grouped(entries, _name_key).values():
        for k, i in enumerate(members):
            for j in members[k + 1 :]:
                groups.join(i, j, BY_NAME)
    found: dict[int, list[int]] = {}
    for i in range(len(entries)):
        found.setdefault(groups.find(i), []).append(i)
    rows = []
    for root, members in found.items():
        in_plans = sorted({entries[i].plan for i in members})
        if len(in_plans) < 2:
            continue
        first = entries[members[0]]
        ids = {n: ", ".join(entries[i].service.id for i in members if entries[i].plan == p)
               for p, n in enumerate(names)}  # fmt: skip
        rows.append(
            {"service": first.service.name, "provider": first.provider,
             "registry_id": next(iter(groups.registries[root]), ""),
             "matched_by": ", ".join(h for h in (BY_REGISTRY, BY_NAME) if h in groups.how[root]),
             "plans": ", ".join(names[p] for p in in_plans), **ids}
        )  # fmt: skip
    columns = ["service", "provider", "registry_id", "matched_by", "plans", *names]
    return pd.DataFrame(rows, columns=columns)


def _name_key(e: _Entry) -> str:
    return f"{normalise(e.provider)}\n{normalise(e.service.name)}"


def _grouped(entries: list[_Entry], key: Callable[[_Entry], str]) -> dict[str, list[int]]:
    """Indexes of entries by key; an empty key (no registry id) groups nothing."""
    out: dict[str, list[int]] = {}
    for i, e in enumerate(entries):
        k = key(e)
        if k:
            out.setdefault(k, []).append(i)
    return out


# --- vocabulary ----------------------------------------------------------------------------


def _named(items: Iterable[Any]) -> dict[str, str]:
    out: dict[str, str] = {}
    for e in items:
        out.setdefault(e.id, e.name)
    return out


def _vocabulary(plans: list[Plan], names: list[str]) -> pd.DataFrame:
    """Ids named differently, names under several ids, ids only some plans use."""
    rows = []
    for kind in VOCABULARIES:
        per_plan = [_named(plan.section(kind)) for plan in plans]
        order: dict[str, int] = {}
        under: dict[str, list[str]] = {}  # normalised name → ids
        for named in per_plan:
            for ident, name in named.items():
                _first_seen(order, ident)
                ids = under.setdefault(normalise(name), [])
                if ident not in ids:
                    ids.append(ident)
        for ident in order:
            present = [i for i, named in enumerate(per_plan) if ident in named]
            spelled = {normalise(per_plan[i][ident]) for i in present}
            base = {"kind": kind, "id": ident,
                    **{n: per_plan[i].get(ident, "") for i, n in enumerate(names)}}  # fmt: skip
            if len(spelled) > 1:
                rows.append({**base, "problem": DIFFERENT_NAMES, "related": ""})
            others = sorted({o for s in spelled for o in under[s]} - {ident}, key=order.__getitem__)
            if others:
                rows.append({**base, "problem": SAME_NAME, "related": ", ".join(others)})
            if len(present) < len(plans):
                rows.append({**base, "problem": SOME_PLANS, "related": ""})
    return pd.DataFrame(rows, columns=["kind", "id", *names, "problem", "related"])


def _labels(plans: list[Plan], vocabulary: pd.DataFrame) -> dict[tuple[str, str], str]:
    """An id's name where the plans agree on it; else the first name with the id."""
    unclear = {
        (r["kind"], r["id"])
        for r in vocabulary.to_dict("records")
        if r["problem"] in (DIFFERENT_NAMES, SAME_NAME)
    }
    labels: dict[tuple[str, str], str] = {}
    for plan in plans:
        for kind in VOCABULARIES:
            for ident, name in _named(plan.section(kind)).items():
                if (kind, ident) not in labels:
                    labels[(kind, ident)] = (
                        f"{name} ({ident})" if (kind, ident) in unclear else name
                    )
    return labels


def problem_lines(rollup: Rollup) -> list[str]:
    """The roll-up's problems in plain English, one line each: for the terminal and for logs."""
    lines = [
        f"the plan of {name} has {count} error(s); its figures may be incomplete"
        for name, count in rollup.with_errors()
    ]
    if len(rollup.currencies) > 1:
        lines.append(
            f"the plans use different currencies ({', '.join(rollup.currencies)}); "
            "totals across plans are left out"
        )
    only: dict[str, list[str]] = {}
    for r in rollup.vocabulary.to_dict("records"):
        word = KIND_WORDS[r["kind"]]
        used = [n for n in rollup.names if r[n]]
        if r["problem"] == DIFFERENT_NAMES:
            spelled = "; ".join(f"{n}: {r[n]!r}" for n in used)
            lines.append(f"{word} {r['id']} has different names ({spelled}); shown with its id")
        elif r["problem"] == SAME_NAME:
            lines.append(
                f"{word} {r['id']} ({', '.join(used)}) has the same name as {r['related']}: "
                "likely the same thing under another id; kept apart"
            )
        else:
            only.setdefault(word, []).append(f"{r['id']} ({', '.join(used)})")
    for word, items in only.items():
        lines.append(f"{word}s only in some plans: {', '.join(items)}")
    return lines


# --- the document --------------------------------------------------------------------------


@dataclass(slots=True)
class _Territory:
    name: str


@dataclass(slots=True)
class _Info:
    territory: _Territory


@dataclass(slots=True)
class _Page:
    """What the shared page template reads of `doc`: its masthead names the municipalities."""

    info: _Info


def render_rollup(
    rollup: Rollup, out: Path, language: str = "en", templates: Path | None = None
) -> list[Path]:
    """Write rollup.md and rollup.html into `out`, rendered like a plan's document."""
    import jinja2

    from cpkit.core.files import write_atomic
    from cpkit.publish.render import (
        RenderError,
        document_environment,
        document_messages,
        html_page,
        sanitised_html,
    )

    m = document_messages(language, templates)
    title = m.t("rollup.title")
    try:
        text = _markdown(rollup, m, templates, "md", title)
        body, toc = sanitised_html(_markdown(rollup, m, templates, "html", title))
        env = document_environment(templates, m, html=True)
        masthead = _Page(_Info(_Territory(", ".join(rollup.names))))
        page = html_page(env, title=title, language=language, body=body, toc=toc, doc=masthead,
                         page="rollup")  # fmt: skip
    except jinja2.TemplateError as exc:
        where = f" ({exc.filename}:{exc.lineno})" if getattr(exc, "lineno", None) else ""
        raise RenderError(f"template error{where}: {exc}") from None
    written = []
    for name, content in (("rollup.md", text), ("rollup.html", page)):
        write_atomic(out / name, content)
        written.append(out / name)
    return written


def _markdown(rollup: Rollup, m: Messages, templates: Path | None, target: str, title: str) -> str:
    from cpkit.publish.render import document_environment

    env = document_environment(templates, m)
    views = RollupViews(rollup, m)
    return env.get_template("rollup/rollup.md.j2").render(
        title=title, target=target, tables=views.tables(), warnings=views.warnings(),
        intro=views.intro(), rollup=rollup,
    )  # fmt: skip


class RollupViews:
    """The roll-up's tables as text in the document's language (the templates lay out)."""

    def __init__(self, rollup: Rollup, m: Messages) -> None:
        self.r = rollup
        self.m = m

    def intro(self) -> list[str]:
        r, t = self.r, self.m.t
        lines = [t("rollup.intro", count=len(r.names), names=", ".join(r.names))]
        if r.currency:
            lines.append(t("rollup.amounts", currency=r.currency))
        elif len(r.currencies) > 1:
            lines.append(t("rollup.mixed_currencies", currencies=", ".join(r.currencies)))
        return lines

    def warnings(self) -> list[str]:
        t = self.m.t
        out = [t("rollup.warning_errors", name=n, count=self.m.number(c))
               for n, c in self.r.with_errors()]  # fmt: skip
        if len(self.r.vocabulary):
            ids = self.r.vocabulary[["kind", "id"]].drop_duplicates()
            out.append(t("rollup.warning_vocabulary", count=self.m.number(len(ids))))
        return out

    def tables(self) -> dict[str, GapTable]:
        return {
            "plans": self.plans(), "matrix": self.matrix(), "service_gaps": self.service_gaps(),
            "capacity": self.capacity(), "funding": self.funding(), "areas": self.areas(),
            "sources": self.sources(), "shared": self.shared(), "vocabulary": self.vocabulary(),
        }  # fmt: skip

    # --- cells ---------------------------------------------------------------------------

    def _col(self, key: str) -> str:
        return self.m.t(f"rollup.columns.{key}")

    def _number(self, value: Any) -> str:
        return self.m.number(value) or self.m.t("rollup.none")

    def _municipality(self, name: str) -> str:
        return self.m.t("columns.total") if name == TOTAL else name

    def _area(self, ident: str) -> str:
        return self.m.t("chart.joint") if ident == tables.JOINT else self.r.label("areas", ident)

    def _table(
        self, columns: list[str], rows: list[list[str]], right: Iterable[int] = ()
    ) -> GapTable:
        from cpkit.publish.views import GapTable

        return GapTable(columns, rows, list(right))

    # --- the tables ----------------------------------------------------------------------

    def plans(self) -> GapTable:
        t = self.m.t
        rows = [
            [r["municipality"], r["title"], r["period"],
             t(f"document.status_values.{r['status']}") if r["status"] else "",
             self.m.number(r["errors"])]
            for r in self.r.plans.to_dict("records")
        ]  # fmt: skip
        keys = ["municipality", "plan", "period", "status", "errors"]
        return self._table([self._col(k) for k in keys], rows, [4])

    def matrix(self) -> GapTable:
        t = self.m.t
        rows = []
        for r in self.r.matrix.to_dict("records"):
            cells = [t(f"cells.{r[n]}") if r[n] else t("rollup.none") for n in self.r.names]
            rows.append([self.r.label("target_groups", r["target_group"]),
                         self.r.label("service_types", r["service_type"]),
                         self.r.label("needs", r["need"]), *cells])  # fmt: skip
        keys = ["target_group", "service_type", "need"]
        return self._table([*(self._col(k) for k in keys), *self.r.names], rows)

    def service_gaps(self) -> GapTable:
        rows = [
            [self._municipality(r["municipality"]), self.m.number(r["missing"]),
             self.m.number(r["unanswered"])]
            for r in self.r.service_gaps.to_dict("records")
        ]  # fmt: skip
        keys = ["municipality", "missing", "unanswered"]
        return self._table([self._col(k) for k in keys], rows, [1, 2])

    def capacity(self) -> GapTable:
        rows = [
            [self.r.label("target_groups", r["target_group"]),
             self.r.label("service_types", r["service_type"]), self.m.t(f"units.{r['unit']}"),
             *(self._number(r[n]) for n in self.r.names)]
            for r in self.r.capacity.to_dict("records")
        ]  # fmt: skip
        keys = ["target_group", "service_type", "unit"]
        headers = [*(self._col(k) for k in keys), *self.r.names]
        return self._table(headers, rows, range(3, 3 + len(self.r.names)))

    def funding(self) -> GapTable:
        rows = [
            [self._municipality(r["municipality"]), r["currency"],
             *(self._number(r[k]) for k in ("costs", "funds", "gap"))]
            for r in self.r.funding.to_dict("records")
        ]  # fmt: skip
        keys = ["municipality", "currency", "costs", "funds", "gap"]
        return self._table([self._col(k) for k in keys], rows, [2, 3, 4])

    def areas(self) -> GapTable:
        return self._money(self.r.areas, "area", self._area, ["costs", "funds", "gap"])

    def sources(self) -> GapTable:
        return self._money(self.r.sources, "source", lambda s: self.m.t(f"sources.{s}"), ["funds"])

    def _money(
        self, frame: pd.DataFrame, key: str, label: Callable[[str], str], amounts: list[str]
    ) -> GapTable:
        """Totals with the plans they come from; with several currencies each plan's
        amounts in its currency, then the empty total (as the funding table)."""
        if self.r.mixed:
            keys = [key, "municipality", "currency", *amounts]
            rows = [
                [label(r[key]), self._municipality(r["municipality"]), r["currency"],
                 *(self._number(r[k]) for k in amounts)]
                for r in frame.to_dict("records")
            ]  # fmt: skip
        else:
            keys = [key, "plans", *amounts]
            rows = [
                [label(r[key]), r["plans"], *(self._number(r[k]) for k in amounts)]
                for r in frame.to_dict("records")
            ]
        right = range(len(keys) - len(amounts), len(keys))
        return self._table([self._col(k) for k in keys], rows, right)

    def shared(self) -> GapTable:
        t = self.m.t
        rows = []
        for r in self.r.shared.to_dict("records"):
            how = ", ".join(t(f"rollup.matched_by.{h}") for h in r["matched_by"].split(", ") if h)
            rows.append([r["service"], r["provider"], r["registry_id"], how,
                         *(r[n] or t("rollup.none") for n in self.r.names)])  # fmt: skip
        keys = ["service", "provider", "registry_id", "matched_by"]
        return self._table([*(self._col(k) for k in keys), *self.r.names], rows)

    def vocabulary(self) -> GapTable:
        t = self.m.t
        rows: list[list[str]] = []
        seen: tuple[str, str] | None = None
        for r in self.r.vocabulary.to_dict("records"):  # one row per id, its problems joined
            problem = t(f"rollup.problems.{r['problem']}", ids=r["related"])
            if seen == (r["kind"], r["id"]):
                rows[-1][-1] += f"; {problem}"
                continue
            seen = (r["kind"], r["id"])
            rows.append([t(f"rollup.kinds.{r['kind']}"), r["id"],
                         *(r[n] or t("rollup.none") for n in self.r.names), problem])  # fmt: skip
        headers = [self._col("kind"), self._col("id"), *self.r.names, self._col("problem")]
        return self._table(headers, rows)
