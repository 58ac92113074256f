"""`cpkit diff`: what changed between two versions of a plan, entity by entity.

Versions are folders, or git revisions of the plan folder (read by cpkit.source.git, so
the working tree is never touched). Entities are matched by kind and id; priorities,
objectives and measures are matched by their whole text too (cpkit.analysis.pairing), so
work carried over under a new number, or promoted from a measure to an objective, is
reported as carried over, which is how yearly business plans change (HKCSS 2023 → 2025).
Personal data is shown only as changed unless asked for. The text and Markdown of a diff
are written by cpkit.publish.diff_text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from cpkit.analysis.changes import Change, changes, money_first
from cpkit.analysis.pairing import Node, normalise, pair
from cpkit.core.language import Explained
from cpkit.model.entities import Plan
from cpkit.model.flatten import plain
from cpkit.source.folder import Source, load_folder
from cpkit.source.git import GitError, Revisions, commit_of, in_repository

#: kind → how to list (id, entity data without its children) for comparison.
KINDS = (
    "plan", "stakeholders", "groups", "target_groups", "needs", "service_types", "areas",
    "services", "needs_matrix", "swot", "demand", "priorities", "objectives", "measures",
    "comments", "monitoring",
)  # fmt: skip
RENUMBERED_KINDS = ("priorities", "objectives", "measures")
#: The text an entity is known by when its number changed.
TEXT_FIELDS = ("title", "description", "characteristics", "impact")
CHILDREN = {"priorities": "objectives", "objectives": "measures", "measures": "measures"}
#: How entities without an id of their own are known.
KEYS: dict[str, Callable[[Any], str]] = {
    "swot": lambda e: e.area,
    "monitoring": lambda e: str(e.year),
    "demand": lambda e: f"{e.target_group}/{e.service_type}/{e.unit}",
}
PLAN_FILES = ("plan.yaml", "plan.yml")


class DiffError(Explained):
    """A version cannot be read: not a folder, not a git revision, not a repository."""


@dataclass(slots=True)
class EntityChange:
    kind: str
    id: str
    title: str
    changes: list[Change] = field(default_factory=list)
    old_id: str | None = None  # set when carried over under another id
    #: set when carried over as another kind: a measure promoted to an objective, or the reverse
    old_kind: str | None = None
    how: str = ""  # how a carried-over entity was paired: "continues" (stated) or "text"
    continues: str | None = None  # an id that `continues:` names and cannot be followed:
    continued_by: tuple[str, str] | None = None  # (kind, id) continuing it already, if any

    @property
    def promoted(self) -> bool:
        """A measure become an objective (a demoted one is an objective become a measure)."""
        return self.old_kind == "measures" and self.kind == "objectives"


@dataclass(slots=True)
class PlanDiff:
    a: str
    b: str
    added: list[EntityChange] = field(default_factory=list)
    removed: list[EntityChange] = field(default_factory=list)
    changed: list[EntityChange] = field(default_factory=list)
    renumbered: list[EntityChange] = field(default_factory=list)  # carried over, new id
    #: entities whose `continues:` names an id the old version lacks, or one continued already
    unknown: list[EntityChange] = field(default_factory=list)
    money: list[dict[str, Any]] = field(default_factory=list)
    #: the network's yearly update (cpkit.analysis.network.NetworkYearChange), year by year
    network: list[Any] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (
            self.added or self.removed or self.changed or self.renumbered or self.unknown
            or self.network
        )  # fmt: skip

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
        raise DiffError.of(exc) from None


def load_version(spec: str, plan_dir: Path, revisions: Revisions) -> tuple[Plan, str]:
    """A folder, the working tree (spec ""), or a git revision of `plan_dir`."""
    if spec == "":
        return _folder_plan(plan_dir, _working_tree(plan_dir)), "working tree"
    if Path(spec).is_dir():
        return _folder_plan(Path(spec), spec), spec
    with _reading():
        folder = revisions.folder(spec)
    if not folder.is_dir():
        raise DiffError("diff.not_at_revision", spec=spec)
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
            if sections:
                raise DiffError("diff.not_a_plan_sections", what=what, count=sections)
            raise DiffError("diff.not_a_plan", what=what)
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
        raise DiffError("diff.no_folder", path=str(plan_dir))
    with _reading():
        inside = in_repository(plan_dir)
    if not inside:
        raise DiffError(
            "diff.no_repository", folder=_working_tree(plan_dir), revision=repr(revisions[0])
        )
    with _reading():  # every revision, before any is read: a bad one is refused as such
        for spec in revisions:
            commit_of(spec, plan_dir)


def diff_versions(a: str, b: str, plan_dir: Path, *, private: bool = False) -> PlanDiff:
    """Compare two versions; a DiffError (or source.folder.PlanNotFound) when one cannot be
    read. Personal data shows only as changed, unless `private` (see diff_plans)."""
    _check_repository([a, b], plan_dir)
    with Revisions(plan_dir, prefix="cpkit-diff-") as revisions:
        # folders first: one that is not a plan is reported before git archive runs
        loaded = {s: load_version(s, plan_dir, revisions) for s in sorted({a, b}, key=_revision)}
        (plan_a, name_a), (plan_b, name_b) = loaded[a], loaded[b]
        return diff_plans(plan_a, plan_b, name_a, name_b, private=private)


def _revision(spec: str) -> bool:
    """A spec read with git: neither the working tree ("") nor a folder."""
    return bool(spec) and not Path(spec).is_dir()


# --- comparing -----------------------------------------------------------------------------

#: An entity as compared: its title, its data without nested children, and the entity.
Entry = tuple[str, dict[str, Any], Any]
#: Fields left out of the comparison: `continues:` says how two entities pair, and is
#: reported as that, not as a changed field.
NOT_COMPARED = ("continues",)


@dataclass(frozen=True, slots=True)
class _Pair:
    """An old entity and the new one it is, by kind and id, and how they were paired."""

    old_kind: str
    old_id: str
    kind: str
    id: str
    how: str = "id"


def _entities(plan: Plan, kind: str) -> dict[str, Entry]:
    """id → (title, data without nested children, entity) of every entity of a kind."""
    if kind == "plan":
        return {"plan": (plan.info.title, plain(plan.info), plan.info)} if plan.info else {}
    out: dict[str, Entry] = {}
    for e in plan.section(kind):
        data = plain(e)
        for name in (CHILDREN.get(kind, ""), *NOT_COMPARED):
            data.pop(name, None)
        key = KEYS[kind](e) if kind in KEYS else e.id
        title = getattr(e, "title", None) or getattr(e, "name", None) or key
        out.setdefault(key, (str(title), data, e))
    return out


def diff_plans(
    a: Plan, b: Plan, name_a: str = "a", name_b: str = "b", *, private: bool = False
) -> PlanDiff:
    """What changed from `a` to `b`. Personal data (a contact that may not be published,
    a commenter's name not allowed to be) shows only as changed, unless `private`."""
    result = PlanDiff(name_a, name_b)
    old = {kind: _entities(a, kind) for kind in KINDS}
    new = {kind: _entities(b, kind) for kind in KINDS}
    pairs = [
        _Pair(kind, k, kind, k)
        for kind in KINDS
        if kind not in RENUMBERED_KINDS
        for k in old[kind].keys() & new[kind].keys()
    ]
    for kinds in (("priorities",), ("objectives", "measures")):
        pooled = pair(_nodes(old, kinds), _nodes(new, kinds))
        pairs += [_Pair(m.old.kind, m.old.id, m.new.kind, m.new.id, m.how) for m in pooled.matches]
        result.unknown += [
            EntityChange(
                n.kind, n.id, new[n.kind][n.id][0], continues=n.continues,
                continued_by=(by.kind, by.id) if by else None,
            )
            for n, by in pooled.unknown
        ]  # fmt: skip
    paired_old = {(p.old_kind, p.old_id) for p in pairs}
    paired_new = {(p.kind, p.id) for p in pairs}
    for kind in KINDS:
        result.removed += [
            EntityChange(kind, k, e[0]) for k, e in old[kind].items() if (kind, k) not in paired_old
        ]
        result.added += [
            EntityChange(kind, k, e[0]) for k, e in new[kind].items() if (kind, k) not in paired_new
        ]
    for p in pairs:
        _compare(result, p, old[p.old_kind][p.old_id], new[p.kind][p.id], private=private)
    order = {k: i for i, k in enumerate(KINDS)}
    for items in (result.added, result.removed, result.changed, result.renumbered, result.unknown):
        items.sort(key=lambda c: (order[c.kind], _id_key(c.id)))
    if a.network or b.network:  # else no year to compare; the module loads pandas
        from cpkit.analysis.network import network_annex

        result.network = network_annex(a, b)
    if _has_money(a) or _has_money(b):  # else every amount is 0 and none is shown
        money = _money(a, b)
        if any(m["costs_a"] or m["costs_b"] or m["funds_a"] or m["funds_b"] for m in money):
            result.money = money
    return result


def _has_money(plan: Plan) -> bool:
    """Some measure has costs or funds: the funding table (pandas) is worth computing."""
    return any(m.costs is not None or m.funds for m in plan.measures())


def _compare(result: PlanDiff, p: _Pair, before: Entry, after: Entry, *, private: bool) -> None:
    """One pair's changes, filed as carried over (under another id or kind) or changed."""
    moved = (p.old_kind, p.old_id) != (p.kind, p.id)
    data = {**before[1], "id": p.id} if moved else before[1]
    found = money_first(list(changes(data, after[1])))
    if not private:
        found = _withheld(p.kind, (before[2], after[2]), found)
    entry = EntityChange(p.kind, p.id, after[0], found)
    if moved:
        entry.old_id, entry.how = p.old_id, p.how
        entry.old_kind = p.old_kind if p.old_kind != p.kind else None
        result.renumbered.append(entry)
    elif found:
        result.changed.append(entry)


def _nodes(entities: dict[str, dict[str, Entry]], kinds: Sequence[str]) -> list[Node]:
    """The entities of `kinds` as the matcher knows them: by their whole text."""
    return [
        Node(
            kind,
            key,
            normalise(whole_text(entry[2])),
            getattr(entry[2], "continues", None),
            getattr(entry[2], "parent", ""),
            normalise(whole_text(entry[2], measures=False)),
        )
        for kind in kinds
        for key, entry in entities[kind].items()
    ]


def whole_text(entity: Any, *, measures: bool = True) -> str:
    """An entity's title and text, and its measures' (all the way down): the work it is."""
    parts: list[str] = []
    stack = [entity]
    while stack:
        e = stack.pop()
        parts += [str(getattr(e, name, None) or "") for name in TEXT_FIELDS]
        if measures:
            stack += list(getattr(e, "measures", None) or [])
    return " ".join(p for p in parts if p)


# --- personal data -------------------------------------------------------------------------

#: Fields that hold, or may hold, personal data in any kind of entity: a changed field
#: whose path starts with one of them is withheld unless _public knows it to be public.
PERSONAL = ("contact", "author", "email", "phone")


def _withheld(kind: str, entities: tuple[Any, Any], found: list[Change]) -> list[Change]:
    """Changes with personal data replaced by the mere fact that it changed.

    What is public is what cpkit render publishes, decided by the same rule: a
    stakeholder's contact when `contact_is_public()`, a service's contact for clients, a
    commenter's name when they allowed it (`author.publish`); consent itself
    (`publish_contact`, `author.publish`) is shown. Anything else under a PERSONAL field,
    in any kind, is withheld, as is a value that was private in either version.
    """
    return [
        c
        if c.path.split(".")[0] not in PERSONAL or all(_public(kind, e, c.path) for e in entities)
        else Change(c.path, None, None, private=True)
        for c in found
    ]


def _public(kind: str, entity: Any, path: str) -> bool:
    """Whether render publishes the personal field at `path` of this entity; anything
    this does not know to be public is not."""
    head = path.split(".")[0]
    if kind == "services" and head == "contact":
        return True  # the service's own contact for clients, in the services directory
    if kind == "stakeholders" and head == "contact":
        return bool(entity.contact_is_public())
    if kind == "comments" and head == "author":
        author = entity.author
        published = author is not None and author.publish is True
        return path == "author.publish" or (path == "author.name" and published)
    return False


NUMBER = re.compile(r"[0-9]{1,18}")  # ASCII digits only, and few: '²' or 4,400 digits are text


def _id_key(ident: str) -> tuple[tuple[int, int | str], ...]:
    """1.10 after 1.9: numbered ids sort as numbers; a part that is not a short ASCII
    number (`²`, a number thousands of digits long) sorts as text, after the numbers."""
    return tuple(
        (0, int(part)) if NUMBER.fullmatch(part) else (1, part) for part in ident.split(".")
    )


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
