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
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from cpkit.model.entities import Plan
from cpkit.model.flatten import plain
from cpkit.source.folder import Source, load_folder

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
#: How the items of a list of entities are known, first match wins (a fund by its source
#: and year, a monitoring report by its measure); a list whose items these do not tell
#: apart is compared as a list of values.
ITEM_KEYS = (("id",), ("measure",), ("owner", "indicator"), ("source", "year"),
             ("service_type", "unit"))  # fmt: skip
#: Fields shown first among an entity's changes: a reviewer looks for the money.
MONEY = ("costs", "funds", "funding", "spent")
LONG = 60  # characters a value may take in a line of the diff before it is shortened
PLAN_FILES = ("plan.yaml", "plan.yml")


class DiffError(Exception):
    """A version cannot be read: not a folder, not a git revision, not a repository."""


@dataclass(slots=True)
class Item:
    """One difference inside a list: an item added (+), removed (−) or changed (~), or
    the order of the items; a list is shown by what differs, never as a whole."""

    sign: str  # "+", "−", "~" or "order"
    key: str  # the item (a list of values) or its id (a list of entities)
    old: Any = None  # a changed value's old text, or the old order
    new: Any = None
    fields: list[Change] = field(default_factory=list)  # an entity's fields, or their changes


@dataclass(slots=True)
class Change:
    path: str
    old: Any
    new: Any
    items: list[Item] = field(default_factory=list)  # set when the field is a list


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


def _run_git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)
    except FileNotFoundError:
        raise DiffError("git is not installed") from None


def _git(args: list[str], cwd: Path) -> bytes:
    done = _run_git(args, cwd)
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
    if spec == "":
        return _folder_plan(plan_dir, _working_tree(plan_dir)), "working tree"
    if Path(spec).is_dir():
        return _folder_plan(Path(spec), spec), spec
    folder = checkout(spec, plan_dir, scratch / f"rev-{len(list(scratch.iterdir()))}")
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
    if _run_git(["rev-parse", "--show-toplevel"], plan_dir).returncode != 0:
        raise DiffError(
            f"{_working_tree(plan_dir)} is not in a git repository, so {revisions[0]!r} "
            "cannot be read as a revision; give --plan a plan folder in a repository, "
            "or two plan folders"
        )


def diff_versions(a: str, b: str, plan_dir: Path) -> PlanDiff:
    """Compare two versions; a DiffError (or load.PlanNotFound) when one cannot be read."""
    _check_repository([a, b], plan_dir)
    with tempfile.TemporaryDirectory(prefix="cpkit-diff-") as tmp:
        # folders first: one that is not a plan is reported before git archive runs
        loaded = {s: load_version(s, plan_dir, Path(tmp)) for s in sorted({a, b}, key=_revision)}
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


def _changes(old: Any, new: Any, path: str = "") -> Iterator[Change]:
    """Changed leaves; a mapping that appears or goes is compared to an empty one, so
    its amounts show one by one, and a list comes with its items that differ."""
    if _both(old, new, dict):
        old, new = old or {}, new or {}
        for k in sorted(set(old) | set(new), key=str):
            yield from _changes(old.get(k), new.get(k), f"{path}.{k}" if path else str(k))
    elif old == new:
        return
    elif _both(old, new, list):
        yield Change(path, old, new, _list_items(old or [], new or []))
    else:
        yield Change(path, old, new)


def _both(old: Any, new: Any, kind: type) -> bool:
    """Both values of `kind`, or one missing (an empty list or mapping is left out)."""
    return all(isinstance(v, kind) or v is None for v in (old, new)) and not (
        old is None and new is None
    )


def _money_first(changes: list[Change]) -> list[Change]:
    """Money first, each total before its parts; otherwise in field order."""
    return sorted(
        changes,
        key=lambda c: (c.path.split(".")[0] not in MONEY, c.path.split(".")[-1] != "total"),
    )


# --- lists ---------------------------------------------------------------------------------


def _list_items(old: list[Any], new: list[Any]) -> list[Item]:
    keyed_old, keyed_new = _keyed(old), _keyed(new)
    if keyed_old is not None and keyed_new is not None:
        return _entity_items(keyed_old, keyed_new)
    return _value_items([_text(v) for v in old], [_text(v) for v in new])


def _item_key(item: Any) -> tuple[str, tuple[str, ...]] | None:
    """An entity's key in its list, and the fields it is made of."""
    if not isinstance(item, dict):
        return None
    for fields in ITEM_KEYS:
        if fields[0] in item:
            used = tuple(f for f in fields if f in item)
            return "/".join(_text(item[f]) for f in used), used
    return None


def _keyed(items: list[Any]) -> dict[str, dict[str, Any]] | None:
    """key → item without its key fields; None unless every item has a key of its own."""
    out: dict[str, dict[str, Any]] = {}
    for item in items:
        found = _item_key(item)
        if found is None or found[0] in out:
            return None
        out[found[0]] = {k: v for k, v in item.items() if k not in found[1]}
    return out


def _entity_items(old: dict[str, dict[str, Any]], new: dict[str, dict[str, Any]]) -> list[Item]:
    """Entities added and removed with their fields, and changed ones with their changes."""
    items = [Item("+", k, fields=_shown(_changes(None, v))) for k, v in new.items() if k not in old]
    items += [
        Item("−", k, fields=_shown(_changes(v, None))) for k, v in old.items() if k not in new
    ]
    items += [
        Item("~", k, fields=_money_first(list(_changes(v, new[k]))))
        for k, v in old.items()
        if k in new and v != new[k]
    ]
    if not items:
        items.append(Item("order", "", list(old), list(new)))
    return items


def _shown(fields: Iterable[Change]) -> list[Change]:
    """An added or removed entity's fields worth a reader's eye: a flag left off
    (`secured: false`) is the default and only noise."""
    return _money_first([f for f in fields if f.old is not False and f.new is not False])


def _value_items(old: list[str], new: list[str]) -> list[Item]:
    """Values added and removed; a long text edited shows as one change, so the words
    that differ can be shown instead of two texts cut alike."""
    gone, came = _minus(old, new), _minus(new, old)
    edited: list[Item] = []
    for before in [g for g in gone if len(g) > LONG]:
        after = max(came, key=lambda c: _similar(before, c), default=None)
        if after is not None and _similar(before, after) >= RETITLED:
            edited.append(Item("~", before, before, after))
            gone.remove(before)
            came.remove(after)
    items = [Item("+", v) for v in came] + [Item("−", v) for v in gone] + edited
    kept_old, kept_new = _minus(old, _minus(old, new)), _minus(new, _minus(new, old))
    if kept_old != kept_new:
        items.append(Item("order", "", kept_old, kept_new))
    return items


def _minus(a: list[str], b: list[str]) -> list[str]:
    """The items of `a` that `b` has not (as many times), in a's order."""
    left = Counter(b)
    out = []
    for x in a:
        if left[x]:
            left[x] -= 1
        else:
            out.append(x)
    return out


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
            changes = _money_first(list(_changes(data, new[new_id][1])))
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
        and _similar(_entity_text(old[k]), _entity_text(new[k])) >= RETITLED
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


# --- output --------------------------------------------------------------------------------


def _text(value: Any) -> str:
    """A value as plain text: numbers with thousands separators, lists without brackets."""
    if value is None:
        return "—"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"{value:,}"
    if isinstance(value, list):
        return ", ".join(_text(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_text(v)}" for k, v in value.items())
    return " ".join(str(value).split())


def short(value: Any, limit: int = 80) -> str:
    """A value as one readable line."""
    text = _text(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def excerpt(change: Change | Item, side: str, context: int = 3) -> str:
    """One side of a change, shortened around what differs and never through it: a long
    text keeps the words from the first to the last difference, a list its items."""
    old, new = change.old, change.new
    value = old if side == "old" else new
    if isinstance(old, list) and isinstance(new, list):
        return _window([_text(v) for v in old], [_text(v) for v in new], side, 1, ", ")
    if not (isinstance(old, str) and isinstance(new, str)) or len(value) <= LONG:
        return short(value, LONG)
    return _window(old.split(), new.split(), side, context, " ")


def _window(a: list[str], b: list[str], side: str, context: int, sep: str) -> str:
    """The span of `a` (old) or `b` (new) from the first to the last difference."""
    ops = [op for op in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
           if op[0] != "equal"]  # fmt: skip
    seq = a if side == "old" else b
    if not ops:
        return short(sep.join(seq), LONG)
    lo, hi = (ops[0][1], ops[-1][2]) if side == "old" else (ops[0][3], ops[-1][4])
    start, end = max(0, lo - context), min(len(seq), hi + context)
    if start == end:
        return "—"
    before, after = ("…", "…") if sep == " " else ("…, ", ", …")
    text = sep.join(seq[start:end])
    return (before if start else "") + text + (after if end < len(seq) else "")


def render_diff(result: PlanDiff, fmt: str) -> str:
    """The diff as plain text (a terminal, a log) or Markdown (a review comment)."""
    from cpkit.publish.templating import environment

    env = environment(trim=True)
    env.filters["short"] = short
    env.filters["signed"] = lambda v: f"{v:+,.0f}" if v else "0"
    env.globals["excerpt"] = excerpt
    template = env.get_template(f"diff/diff.{'md' if fmt == 'md' else 'txt'}.j2")
    return template.render(d=result)
