"""`cpkit diff`: what changed between two versions of a plan, entity by entity.

Versions are folders, or git revisions of the plan folder (read with `git archive`, so
the working tree is never touched). Entities are matched by kind and id; an entity that
disappears under one id and appears under another with the same title is reported as
*renumbered*, which is how yearly business plans change (HKCSS 2023 → 2025).
"""

from __future__ import annotations

import difflib
import io
import subprocess
import tarfile
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cpkit.flatten import plain
from cpkit.model import Plan

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
RETITLED = 0.5  # text similarity above which an entity keeping its id was only retitled


class DiffError(Exception):
    """A version cannot be read: not a folder, not a git revision, not a repository."""


@dataclass(slots=True)
class Change:
    path: str
    old: Any
    new: Any


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


# --- reading versions ----------------------------------------------------------------------


def _git(args: list[str], cwd: Path) -> bytes:
    try:
        done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise DiffError("git is not installed") from None
    if done.returncode != 0:
        raise DiffError(done.stderr.decode(errors="replace").strip() or f"git {args[0]} failed")
    return done.stdout


def checkout(revision: str, plan_dir: Path, into: Path) -> Path:
    """The plan folder as it was at `revision`, extracted under `into`."""
    plan_dir = plan_dir.resolve()
    top = Path(_git(["rev-parse", "--show-toplevel"], plan_dir).decode().strip())
    rel = plan_dir.relative_to(top).as_posix()
    data = _git(["archive", "--format=tar", revision, "--", rel if rel != "." else "."], top)
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        members = [m for m in tar.getmembers() if m.isfile() or m.isdir()]  # no links, no devices
        tar.extractall(into, members=members, filter="data")
    return into / rel


def load_version(spec: str, plan_dir: Path, scratch: Path) -> tuple[Plan, str]:
    """A folder, the working tree (spec ""), or a git revision of `plan_dir`."""
    from cpkit.api import check_plan

    if spec == "":
        return check_plan(plan_dir, run=False)[0], "working tree"
    if Path(spec).is_dir():
        return check_plan(Path(spec), run=False)[0], spec
    folder = checkout(spec, plan_dir, scratch / f"rev-{len(list(scratch.iterdir()))}")
    if not folder.is_dir():
        raise DiffError(f"{spec}: the plan folder did not exist at that revision")
    return check_plan(folder, run=False)[0], spec


def diff_versions(a: str, b: str, plan_dir: Path) -> PlanDiff:
    with tempfile.TemporaryDirectory(prefix="cpkit-diff-") as tmp:
        plan_a, name_a = load_version(a, plan_dir, Path(tmp))
        plan_b, name_b = load_version(b, plan_dir, Path(tmp))
        return diff_plans(plan_a, plan_b, name_a, name_b)


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


def _changes(old: Any, new: Any, path: str = "") -> Iterator[Change]:
    if isinstance(old, dict) and isinstance(new, dict):
        for k in sorted(set(old) | set(new), key=str):
            yield from _changes(old.get(k), new.get(k), f"{path}.{k}" if path else str(k))
    elif old != new:
        yield Change(path, old, new)


def _similar(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a.casefold(), b.casefold()).ratio()


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
            changes = list(_changes(data, new[new_id][1]))
            entry = EntityChange(kind, new_id, new[new_id][0], changes)
            if old_id != new_id:
                entry.old_id = old_id
                result.renumbered.append(entry)
            elif changes:
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
    pairs = [k for k in old.keys() & new.keys() if _similar(old[k][0], new[k][0]) >= SIMILAR]
    result = [(k, k) for k in pairs]
    left_old = [k for k in old if k not in pairs]
    left_new = [k for k in new if k not in pairs]
    scored = sorted(
        ((_similar(old[o][0], new[n][0]), o, n) for o in left_old for n in left_new),
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
        and _similar(_text(old[k]), _text(new[k])) >= RETITLED
    ]
    return result


def _text(entity: tuple[str, Any]) -> str:
    title, data = entity
    return " ".join([title, *(str(data.get(k, "")) for k in ("description", "characteristics"))])


def _id_key(ident: str) -> tuple[Any, ...]:
    """1.10 after 1.9: numbered ids sort as numbers."""
    parts = ident.split(".")
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in parts)


def _money(a: Plan, b: Plan) -> list[dict[str, Any]]:
    """Costs and funds per area in both versions, and the change."""
    from cpkit.tables import funding_gaps

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


# --- output --------------------------------------------------------------------------------


def short(value: Any, limit: int = 80) -> str:
    """A value as one readable line."""
    if value is None:
        return "—"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"{value:,}"
    text = " ".join(str(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def excerpt(change: Change, side: str, words: int = 10) -> str:
    """The part of a long text that changed, with a few words of context."""
    old, new = change.old, change.new
    value = old if side == "old" else new
    if not (isinstance(old, str) and isinstance(new, str)) or len(value) <= 60:
        return short(value, 60)
    a, b = old.split(), new.split()
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    first = next((op for op in ops if op[0] != "equal"), None)
    if first is None:
        return short(value, 60)
    _tag, i1, i2, j1, j2 = first
    seq, lo, hi = (a, i1, i2) if side == "old" else (b, j1, j2)
    start, end = max(0, lo - 3), min(len(seq), max(hi, lo + 1) + 3, max(lo - 3, 0) + words)
    text = " ".join(seq[start:end])
    return ("…" if start else "") + text + ("…" if end < len(seq) else "")


def render_diff(result: PlanDiff, fmt: str) -> str:
    """The diff as plain text (a terminal, a log) or Markdown (a review comment)."""
    from cpkit.templating import environment

    env = environment(trim=True)
    env.filters["short"] = short
    env.filters["signed"] = lambda v: f"{v:+,.0f}" if v else "0"
    env.globals["excerpt"] = excerpt
    env.filters["md_cell"] = lambda v: short(v).replace("|", "\\|")
    template = env.get_template(f"diff/diff.{'md' if fmt == 'md' else 'txt'}.j2")
    return template.render(d=result)
