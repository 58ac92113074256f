"""`cpkit diff`: what changed between two versions of a plan, entity by entity.

Versions are folders, or git revisions of the plan folder (read by cpkit.source.git, so
the working tree is never touched). Entities are matched by kind and id; an entity that
disappears under one id and appears under another with the same title is reported as
*renumbered*, which is how yearly business plans change (HKCSS 2023 → 2025). The text and
Markdown of a diff are written by cpkit.publish.diff_text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from cpkit.analysis.changes import RETITLED, Change, changes, money_first, similar
from cpkit.model.entities import Plan
from cpkit.model.flatten import plain
from cpkit.source.folder import Source, load_folder
from cpkit.source.git import GitError, Revisions, in_repository

#: kind → how to list (id, entity data without its children) for comparison.
KINDS = (
    "plan", "stakeholders", "groups", "target_groups", "needs", "service_types", "areas",
    "services", "needs_matrix", "swot", "demand", "priorities", "objectives", "measures",
    "comments", "monitoring",
)  # fmt: skip
RENUMBERED_KINDS = ("priorities", "objectives", "measures")
CHILDREN = {"priorities": "objectives", "objectives": "measures", "measures": "measures"}
#: How entities without an id of their own are known.
KEYS: dict[str, Callable[[Any], str]] = {
    "swot": lambda e: e.area,
    "monitoring": lambda e: str(e.year),
    "demand": lambda e: f"{e.target_group}/{e.service_type}/{e.unit}",
}
SIMILAR = 0.85  # title similarity above which a removed and an added entity are one
PLAN_FILES = ("plan.yaml", "plan.yml")


class DiffError(Exception):
    """A version cannot be read: not a folder, not a git revision, not a repository."""


@dataclass(slots=True)
class EntityChange:
    kind: str
    id: str
    title: str
    changes: list[Change] = field(default_factory=list)
    old_id: str | None = None  # set when renumbered


@dataclass(slots=True)
class PlanDiff:
    a: str
    b: str
    added: list[EntityChange] = field(default_factory=list)
    removed: list[EntityChange] = field(default_factory=list)
    changed: list[EntityChange] = field(default_factory=list)
    renumbered: list[EntityChange] = field(default_factory=list)
    money: list[dict[str, Any]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed or self.renumbered)

    @property
    def field_changes(self) -> list[EntityChange]:
        """Entities with changed fields, renumbered ones too: a renumbered measure whose
        costs changed must show the money wherever the diff is read."""
        order = {k: i for i, k in enumerate(KINDS)}
        found = [c for c in self.renumbered if c.changes] + self.changed
        return sorted(found, key=lambda c: (order[c.kind], _id_key(c.id)))


# --- reading versions ----------------------------------------------------------------------


@contextmanager
def _reading() -> Iterator[None]:
    """What git refuses (no git, no such revision) is a version that cannot be read."""
    try:
        yield
    except GitError as exc:
        raise DiffError(str(exc)) from None


def load_version(spec: str, plan_dir: Path, revisions: Revisions) -> tuple[Plan, str]:
    """A folder, the working tree (spec ""), or a git revision of `plan_dir`."""
    if spec == "":
        return _folder_plan(plan_dir, _working_tree(plan_dir)), "working tree"
    if Path(spec).is_dir():
        return _folder_plan(Path(spec), spec), spec
    with _reading():
        folder = revisions.folder(spec)
    if not folder.is_dir():
        raise DiffError(f"{spec}: the plan folder did not exist at that revision")
    return _build(load_folder(folder)), spec


def _working_tree(plan_dir: Path) -> str:
    return "the current folder" if plan_dir == Path(".") else str(plan_dir)


def _folder_plan(folder: Path, what: str) -> Plan:
    """The plan in a folder, which must be one: compared, any other folder of YAML files
    (the current one, by default) would show as a plan with everything removed."""
    source = load_folder(folder)
    if not any((folder / name).is_file() for name in PLAN_FILES):
        sections = _plan_sections(source)
        if sections != 1:
            found = f"{sections} `plan` sections in its files" if sections else "no `plan` section"
            raise DiffError(
                f"{what} is not a plan folder (no plan.yaml, {found}); "
                "give the plan folder with --plan, or two plan folders"
            )
    return _build(source)


def _plan_sections(source: Source) -> int:
    """How many files hold a `plan` section: one plan has one, a folder of plans several."""
    return sum(
        isinstance(doc.root, yaml.MappingNode)
        and any(getattr(key, "value", None) == "plan" for key, _ in doc.root.value)
        for doc in source.documents
    )


def _build(source: Source) -> Plan:
    from cpkit.model.build import build_plan

    return build_plan(source)[0]


def _check_repository(specs: Sequence[str], plan_dir: Path) -> None:
    """Revisions need `plan_dir` in a git repository: say so, rather than what git says."""
    revisions = [s for s in specs if _revision(s)]
    if not revisions:
        return
    if not plan_dir.is_dir():
        raise DiffError(f"{plan_dir}: no such folder (give --plan the plan folder)")
    with _reading():
        inside = in_repository(plan_dir)
    if not inside:
        raise DiffError(
            f"{_working_tree(plan_dir)} is not in a git repository, so {revisions[0]!r} "
            "cannot be read as a revision; give --plan a plan folder in a repository, "
            "or two plan folders"
        )


def diff_versions(a: str, b: str, plan_dir: Path) -> PlanDiff:
    """Compare two versions; a DiffError (or source.folder.PlanNotFound) when one cannot be read."""
    _check_repository([a, b], plan_dir)
    with Revisions(plan_dir, prefix="cpkit-diff-") as revisions:
        # folders first: one that is not a plan is reported before git archive runs
        loaded = {s: load_version(s, plan_dir, revisions) for s in sorted({a, b}, key=_revision)}
        (plan_a, name_a), (plan_b, name_b) = loaded[a], loaded[b]
        return diff_plans(plan_a, plan_b, name_a, name_b)


def _revision(spec: str) -> bool:
    """A spec read with git: neither the working tree ("") nor a folder."""
    return bool(spec) and not Path(spec).is_dir()


# --- comparing -----------------------------------------------------------------------------


def _entities(plan: Plan, kind: str) -> dict[str, tuple[str, dict[str, Any]]]:
    """id → (title, data without nested children) of every entity of a kind."""
    if kind == "plan":
        return {"plan": (plan.info.title, plain(plan.info))} if plan.info else {}
    out: dict[str, tuple[str, dict[str, Any]]] = {}
    for e in plan.section(kind):
        data = plain(e)
        data.pop(CHILDREN.get(kind, ""), None)
        key = KEYS[kind](e) if kind in KEYS else e.id
        title = getattr(e, "title", None) or getattr(e, "name", None) or key
        out.setdefault(key, (str(title), data))
    return out


def diff_plans(a: Plan, b: Plan, name_a: str = "a", name_b: str = "b") -> PlanDiff:
    result = PlanDiff(name_a, name_b)
    for kind in KINDS:
        old, new = _entities(a, kind), _entities(b, kind)
        pairs = _pair(old, new, renumbering=kind in RENUMBERED_KINDS)
        paired_old = {o for o, _ in pairs}
        paired_new = {n for _, n in pairs}
        result.removed += [
            EntityChange(kind, k, t) for k, (t, _) in old.items() if k not in paired_old
        ]
        result.added += [
            EntityChange(kind, k, t) for k, (t, _) in new.items() if k not in paired_new
        ]
        for old_id, new_id in pairs:
            data = {**old[old_id][1], "id": new_id} if old_id != new_id else old[old_id][1]
            found = money_first(list(changes(data, new[new_id][1])))
            entry = EntityChange(kind, new_id, new[new_id][0], found)
            if old_id != new_id:
                entry.old_id = old_id
                result.renumbered.append(entry)
            elif found:
                result.changed.append(entry)
    order = {k: i for i, k in enumerate(KINDS)}
    for items in (result.added, result.removed, result.changed, result.renumbered):
        items.sort(key=lambda c: (order[c.kind], _id_key(c.id)))
    money = _money(a, b)
    if any(m["costs_a"] or m["costs_b"] or m["funds_a"] or m["funds_b"] for m in money):
        result.money = money
    return result


def _pair(
    old: dict[str, tuple[str, Any]], new: dict[str, tuple[str, Any]], *, renumbering: bool
) -> list[tuple[str, str]]:
    """(old id, new id) of the entities that are the same in both versions.

    Same id means same entity — unless numbered ids were reused: then an entity is the one
    whose title matches, wherever its number went, and only what is left pairs by id.
    """
    if not renumbering:
        return [(k, k) for k in old.keys() & new.keys()]
    pairs = [k for k in old.keys() & new.keys() if similar(old[k][0], new[k][0]) >= SIMILAR]
    result = [(k, k) for k in pairs]
    left_old = [k for k in old if k not in pairs]
    left_new = [k for k in new if k not in pairs]
    scored = sorted(
        ((similar(old[o][0], new[n][0]), o, n) for o in left_old for n in left_new),
        key=lambda x: (-x[0], _id_key(x[1]), _id_key(x[2])),
    )
    used_old: set[str] = set()
    used_new: set[str] = set()
    for score, o, n in scored:
        if score < SIMILAR:
            break
        if o not in used_old and n not in used_new:
            result.append((o, n))
            used_old.add(o)
            used_new.add(n)
    # what is left with the same id on both sides is the same entity, retitled, when its
    # text still reads alike; otherwise the number was reused for something new
    result += [
        (k, k)
        for k in left_old
        if k in new
        and k not in used_old
        and k not in used_new
        and similar(_entity_text(old[k]), _entity_text(new[k])) >= RETITLED
    ]
    return result


def _entity_text(entity: tuple[str, Any]) -> str:
    title, data = entity
    return " ".join([title, *(str(data.get(k, "")) for k in ("description", "characteristics"))])


def _id_key(ident: str) -> tuple[Any, ...]:
    """1.10 after 1.9: numbered ids sort as numbers."""
    parts = ident.split(".")
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in parts)


def _money(a: Plan, b: Plan) -> list[dict[str, Any]]:
    """Costs and funds per area in both versions, and the change."""
    from cpkit.analysis.gaps import funding_gaps

    def totals(plan: Plan) -> dict[str, tuple[str, float, float]]:
        frame = funding_gaps(plan)
        rows = frame[(frame["year"] == "total") & (frame["scope"].isin(["plan", "area"]))]
        return {
            ("plan" if r.scope == "plan" else r.id): (str(r.title), float(r.costs), float(r.funds))
            for r in rows.itertuples()
        }

    ta, tb = totals(a), totals(b)
    out = []
    for key in [*sorted((ta.keys() | tb.keys()) - {"plan"}), "plan"]:
        title, costs_a, funds_a = ta.get(key, ("", 0.0, 0.0))
        title_b, costs_b, funds_b = tb.get(key, ("", 0.0, 0.0))
        out.append(
            {"area": key, "title": title_b or title, "costs_a": costs_a, "costs_b": costs_b,
             "costs_delta": costs_b - costs_a, "funds_a": funds_a, "funds_b": funds_b,
             "funds_delta": funds_b - funds_a}
        )  # fmt: skip
    return out
