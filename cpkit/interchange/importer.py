"""`cpkit import`: a service catalogue or a needs matrix from a spreadsheet into the plan.

New entities go into a file the importer owns, `imported/<source>.yaml`; entities that
already exist are compared, and a difference is a *conflict*: reported, never written,
unless the user asks to merge. Every edit of an existing file goes through ruamel.yaml,
which keeps its comments, layout and line endings. Importing the same file twice
changes nothing. What the rows give (columns → fields, rows → entities) is read by
:mod:`cpkit.interchange.rows`; this module compares it with the plan and writes it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cpkit.interchange.rows import (
    NEEDS_KEYS,
    ImportError_,
    column_fields,
    needs_from_rows,
    service_fields,
    services_from_rows,
    slug,
)
from cpkit.interchange.spreadsheet import SheetError, Table, read_rows
from cpkit.interchange.yamledit import (
    YamlEditError,
    YamlFile,
    new_seq,
    position,
    shared_containers,
    update,
)
from cpkit.model.entities import SECTIONS, Plan
from cpkit.model.flatten import plain

if TYPE_CHECKING:
    from cpkit.core.diagnostics import Report

KINDS = ("services", "needs")
SHEETS = {"services": "services", "needs": "needs_matrix"}  # kind → the sheet export writes


@dataclass(slots=True)
class Conflict:
    kind: str
    id: str
    where: str
    fields: dict[str, tuple[Any, Any]]  # field → (in the plan, in the import)


@dataclass(slots=True)
class ImportResult:
    target: Path
    dry_run: bool = False
    added: dict[str, list[str]] = field(default_factory=dict)
    unchanged: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)  # written, or with dry_run to be written
    notes: list[str] = field(default_factory=list)  # what a merge did besides setting values

    @property
    def blocked(self) -> bool:
        """Conflicts and no --merge: nothing is (or would be) written."""
        return bool(self.conflicts) and not self.merged

    @property
    def applied(self) -> bool:
        return not self.dry_run and not self.blocked


def refuse_unreadable(report: Report) -> None:
    """An import into a plan with unreadable files would not see all entities and duplicate them."""
    broken = [d for d in report if d.code.startswith("CP00")]
    if not broken:
        return
    first = broken[0]
    raise ImportError_(
        "import.unreadable_plan_more" if len(broken) > 1 else "import.unreadable_plan",
        where=str(first.loc),
        code=first.code,
        message=first.message,
        count=len(broken) - 1,
    )


# Comparing and writing ------------------------------------------------------------------


def _compare(existing: dict[str, Any], incoming: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Fields the import sets to something else; fields it leaves out are not a conflict.

    A nested mapping (capacity, cells) differs only in the keys the import gives.
    """
    out: dict[str, tuple[Any, Any]] = {}
    for k, v in incoming.items():
        old = existing.get(k)
        if isinstance(old, dict) and isinstance(v, dict):
            sub = _compare(old, v)
            if sub:
                out[k] = (
                    {s: a for s, (a, _b) in sub.items()},
                    {s: b for s, (_a, b) in sub.items()},
                )
        elif _norm(old) != _norm(v):
            out[k] = (old, v)
    return out


def _norm(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _norm(v) for k, v in value.items() if v not in (None, [], {})}
    if isinstance(value, list):
        return [_norm(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


@dataclass(frozen=True, slots=True)
class _Edit:
    """Fields to set on one entity, found in its file where the plan says it was written."""

    section: str
    id: str
    line: int
    column: int
    fields: dict[str, Any]


Edits = dict[str, list[_Edit]]  # file → its edits


def import_file(
    plan: Plan,
    source: Path,
    *,
    kind: str,
    mapping: dict[str, str] | None = None,
    merge: bool = False,
    dry_run: bool = False,
    encoding: str = "utf-8",
    sheet: str | None = None,
) -> ImportResult:
    """Bring `source` into the plan; nothing is written when there are unmerged conflicts.

    Of a workbook the sheet `sheet` is read, else the one `cpkit export` writes for `kind`.
    """
    from cpkit.core.files import write_atomic

    try:
        table = read_rows(source, encoding, sheet=sheet, prefer=SHEETS.get(kind))
    except SheetError as exc:
        raise ImportError_.of(exc) from None
    incoming = _incoming(plan, table, kind, mapping or {})
    target = plan.root / "imported" / f"{slug(source.stem)}.yaml"
    rel_target = target.relative_to(plan.root).as_posix()
    owned = _load(target, rel_target) if target.is_file() else None
    owned_doc: dict[str, Any] = owned.doc if owned else {}
    result = ImportResult(target, dry_run=dry_run)
    edits = _sort(plan, incoming, owned_doc, rel_target, result)
    if result.conflicts and not merge:
        return result
    result.merged = [c.id for c in result.conflicts]
    owned_edits = edits.pop(rel_target, [])
    result.notes.extend(
        _edit(owned_doc, owned_edits, rel_target, owned.lines_before if owned else 0)
    )
    # Every file is read, and every edit found in it, before any is written: a file that
    # cannot be read, or an entity that cannot be found, stops the import.
    others = {rel: _load(plan.root / rel, rel) for rel in sorted(edits)}
    for rel, file in others.items():
        result.notes.extend(_edit(file.doc, edits[rel], rel, file.lines_before))
    if result.added or owned_edits:
        result.files.append(target)
    result.files.extend(plan.root / rel for rel in others)
    if dry_run:
        return result
    if result.added or owned_edits:
        _write_owned(target, owned, owned_doc, source.name)
    for rel, file in others.items():
        write_atomic(plan.root / rel, file.dump())
    return result


def _load(path: Path, rel: str) -> YamlFile:
    try:
        return YamlFile.load(path, rel)
    except YamlEditError as exc:
        raise ImportError_.of(exc) from None


def _incoming(
    plan: Plan, table: Table, kind: str, mapping: dict[str, str]
) -> dict[str, list[dict[str, Any]]]:
    """The entities the file gives, by section."""
    if kind == "services":
        fields = column_fields(table.headers, service_fields(), mapping)
        return services_from_rows(plan, table.rows, fields)
    if kind == "needs":
        fields = column_fields(table.headers, NEEDS_KEYS, mapping)
        return needs_from_rows(plan, table.rows, fields)
    raise ImportError_("import.kind", kind=kind, kinds=list(KINDS))


def _sort(
    plan: Plan,
    incoming: dict[str, list[dict[str, Any]]],
    owned: dict[str, Any],
    owned_name: str,
    result: ImportResult,
) -> Edits:
    """New entities into the owned file; existing ones unchanged or conflicts, by file."""
    edits: Edits = {}
    for section, items in incoming.items():
        known = plan.ids(section)
        for item in items:
            existing = known.get(item["id"])
            if existing is None:
                _section(owned, section, owned_name).append(item)
                result.added.setdefault(section, []).append(item["id"])
                continue
            diff = _compare(plain(existing), item)
            if not diff:
                result.unchanged.append(item["id"])
                continue
            result.conflicts.append(Conflict(section, item["id"], str(existing.loc), diff))
            fields = {k: v for k, (_old, v) in diff.items()}
            edit = _Edit(section, item["id"], existing.loc.line, existing.loc.column, fields)
            edits.setdefault(existing.loc.file, []).append(edit)
    return edits


def _section(doc: dict[str, Any], name: str, rel: str) -> list[Any]:
    """The list of a section, created in the order of SECTIONS when the file lacks it.

    A section holding one entity as a mapping becomes a list of it, so that the new ones
    join it rather than replace it.
    """
    held = doc.get(name)
    if isinstance(held, list):
        return held
    if isinstance(held, dict) or (held is None and name in doc):
        doc[name] = new_seq()
        if held is not None:
            doc[name].append(held)
        return doc[name]
    if name in doc:
        raise ImportError_("import.not_a_list", file=rel, section=name)
    order = list(SECTIONS)
    place = sum(1 for k in doc if k in order and order.index(k) < order.index(name))
    insert = getattr(doc, "insert", None)
    if insert is None:
        doc[name] = []
    else:
        insert(place, name, new_seq())
    return doc[name]


def _edit(doc: dict[str, Any], changes: list[_Edit], rel: str, lines_before: int) -> list[str]:
    """Apply each edit to the entity written where the plan found it; what was unshared.

    An entity is found by where it starts, not by its id: YAML reads an unquoted `1.10` as
    the number 1.1 and `0x1F` as 31, while the plan keeps the text as written. A section may
    hold one entity as a mapping instead of a list of them. An entity that is not found
    stops the import, so that it never says it merged what it did not.
    """
    shared = shared_containers(doc)
    notes = []
    for change in changes:
        entry = _entry_at(doc, change, lines_before)
        if entry is None:
            raise ImportError_(
                "import.lost",
                file=rel,
                line=str(change.line),
                section=change.section,
                id=change.id,
            )
        if id(entry) in shared:
            raise ImportError_(
                "import.alias",
                file=rel,
                line=str(change.line),
                section=change.section,
                id=change.id,
            )
        for name in update(entry, change.fields, shared):
            notes.append(
                f"{rel}:{change.line}: {change.section} {change.id}: {name} was shared with "
                f"other entries through an alias; {change.id} now has a copy of its own with "
                "the imported values, and the other entries keep theirs"
            )
    return notes


def _entry_at(doc: dict[str, Any], change: _Edit, lines_before: int) -> Any:
    """The mapping of the section that starts where the plan read the entity."""
    held = doc.get(change.section)
    entries = held if isinstance(held, list) else [held]
    at = (change.line, change.column)
    for entry in entries:
        if isinstance(entry, dict) and position(entry, lines_before) == at:
            return entry
    return None


def _write_owned(target: Path, owned: YamlFile | None, doc: dict[str, Any], source: str) -> None:
    """A new file with a header; an existing one round-trip, so the user's edits stay."""
    import yaml

    from cpkit.core.files import write_atomic

    if owned is not None:
        write_atomic(target, owned.dump())
        return
    ordered = {k: doc[k] for k in SECTIONS if k in doc}
    header = (
        "# yaml-language-server: $schema=../plan.schema.json\n"
        f"# Imported from {source} by cpkit import; edit freely, a re-import keeps your edits\n"
        "# and reports differences as conflicts.\n"
    )
    body = yaml.safe_dump(ordered, sort_keys=False, allow_unicode=True, width=100)
    write_atomic(target, header + body)
