"""`cpkit import`: a service catalogue or a needs matrix from a spreadsheet into the plan.

New entities go into a file the importer owns, `imported/<source>.yaml`; entities that
already exist are compared, and a difference is a *conflict*: reported, never written,
unless the user asks to merge. A merge into a hand-written file goes through
ruamel.yaml, which keeps its comments and layout. Importing the same file twice
changes nothing.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cpkit.flatten import columns, label, plain, unflatten
from cpkit.model import Plan, Service

KINDS = ("services", "needs")

# Column names people use (registries publish such headers) → the field they mean.
SERVICE_ALIASES = {
    "id": "id", "service_id": "id",
    "name": "name", "service": "name", "service_name": "name",
    "provider": "provider", "provider_id": "provider",
    "provider_name": "provider_name",
    "type": "type", "service_type": "type", "kind": "type",
    "target_groups": "target_groups", "target_group": "target_groups",
    "client_type": "target_groups", "client_types": "target_groups", "clients": "target_groups",
    "address": "location.address", "municipality": "location.municipality",
    "district": "location.district", "email": "contact.email", "phone": "contact.phone",
    "web": "contact.web", "registry_id": "registry_id", "capacity": "capacity.value",
    "capacity_unit": "capacity.unit", "unit": "capacity.unit", "description": "description",
}  # fmt: skip
NEEDS_KEYS = {
    "id": "id", "row": "id", "area": "area", "target_group": "target_group",
    "service_type": "service_type",
}  # fmt: skip
CELL_WORDS = {
    "missing": "missing", "service is missing": "missing", "service missing": "missing",
    "not needed": "not-needed", "not-needed": "not-needed", "not_needed": "not-needed",
    "provided": "provided", "specific provider": "provided", "x": "provided",
}  # fmt: skip


class ImportError_(Exception):
    """The input cannot be imported as asked (a usage error, not a conflict)."""


@dataclass(slots=True)
class Conflict:
    kind: str
    id: str
    where: str
    fields: dict[str, tuple[Any, Any]]  # field → (in the plan, in the import)


@dataclass(slots=True)
class ImportResult:
    target: Path
    added: dict[str, list[str]] = field(default_factory=dict)
    unchanged: list[str] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "item"


def normalise(header: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", header.strip().lower()).strip("_")


def read_rows(path: Path) -> list[dict[str, Any]]:
    """The rows of a CSV or XLSX file as header → value (first sheet of a workbook)."""
    if not path.is_file():
        raise ImportError_(f"{path}: no such file")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True, data_only=True)
        rows = list(wb.worksheets[0].iter_rows(values_only=True))
        wb.close()
    elif path.suffix.lower() == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as f:
            rows = [tuple(r) for r in csv.reader(f)]
    else:
        raise ImportError_(f"{path}: import reads .csv or .xlsx files")
    if not rows:
        raise ImportError_(f"{path}: the file is empty")
    header = [str(h).strip() if h is not None else "" for h in rows[0]]
    out = []
    for r in rows[1:]:
        if all(v is None or str(v).strip() == "" for v in r):
            continue
        out.append(
            {
                h: (v.strip() if isinstance(v, str) else v)
                for h, v in zip(header, r, strict=False)
                if h
            }
        )
    return out


def _mapping(
    headers: Iterable[str], aliases: dict[str, str], extra: dict[str, str]
) -> dict[str, str]:
    """Source column → field path: the user's --map first, then known names and export labels."""
    known = dict(aliases)
    for path, _tp in columns(Service):
        known.setdefault(normalise(label(path)), path)
    out = {}
    for h in headers:
        if h in extra:
            out[h] = extra[h]
        elif normalise(h) in known:
            out[h] = known[normalise(h)]
    return out


class _Vocabulary:
    """Finds an entity of a vocabulary by id or by name; creates it when it is new."""

    def __init__(self, existing: Iterable[Any], new: dict[str, dict[str, Any]]) -> None:
        self.by_key = {}
        for e in existing:
            self.by_key[e.id.lower()] = e.id
            self.by_key[e.name.lower()] = e.id
        self.new = new

    def resolve(self, text: str, extra: dict[str, Any] | None = None) -> str:
        key = text.strip().lower()
        if key in self.by_key:
            return self.by_key[key]
        ident = slug(text)
        self.by_key[key] = self.by_key[ident] = ident
        self.new.setdefault(ident, {"id": ident, "name": text.strip(), **(extra or {})})
        return ident


def _split(value: Any) -> list[str]:
    return [s.strip() for s in re.split(r"[;,]", str(value)) if s.strip()]


def services_from_rows(
    plan: Plan, rows: list[dict[str, Any]], mapping: dict[str, str]
) -> dict[str, list[dict[str, Any]]]:
    """Rows → services, plus the providers, service types and target groups they need."""
    found: dict[str, dict[str, dict[str, Any]]] = {
        "stakeholders": {}, "service_types": {}, "target_groups": {}, "services": {},
    }  # fmt: skip
    providers = _Vocabulary(plan.stakeholders, found["stakeholders"])
    types = _Vocabulary(plan.service_types, found["service_types"])
    groups = _Vocabulary(plan.target_groups, found["target_groups"])
    labelled = {label(p): p for p, _ in columns(Service)}
    for number, raw in enumerate(rows, start=2):
        row = {mapping[k]: v for k, v in raw.items() if k in mapping and v not in (None, "")}
        name = row.get("name")
        if not name:
            raise ImportError_(f"row {number}: no service name (map a column to `name`)")
        provider_text = str(row.pop("provider", "") or row.get("provider_name", ""))
        if not provider_text:
            raise ImportError_(f"row {number}: no provider (map a column to `provider`)")
        provider_name = str(row.pop("provider_name", "") or provider_text)
        row["provider"] = providers.resolve(
            provider_text, {"name": provider_name, "side": "provider"}
        )
        if "type" in row:
            row["type"] = types.resolve(str(row["type"]))
        else:
            raise ImportError_(f"row {number}: no service type (map a column to `type`)")
        if "target_groups" in row:
            row["target_groups"] = "; ".join(
                groups.resolve(g) for g in _split(row["target_groups"])
            )
        ident = str(row.get("id") or slug(f"{row['provider']}-{name}"))
        row["id"] = ident
        data = unflatten(
            Service,
            {label(path): value for path, value in row.items() if path in labelled.values()},
        )
        found["services"][ident] = data
    return {kind: list(items.values()) for kind, items in found.items()}


def needs_from_rows(
    plan: Plan, rows: list[dict[str, Any]], mapping: dict[str, str]
) -> dict[str, list[dict[str, Any]]]:
    """Rows of a needs matrix (one column per need) → needs-matrix rows and new needs."""
    new_needs: dict[str, dict[str, Any]] = {}
    new_groups: dict[str, dict[str, Any]] = {}
    new_types: dict[str, dict[str, Any]] = {}
    needs = _Vocabulary(plan.needs, new_needs)
    groups = _Vocabulary(plan.target_groups, new_groups)
    types = _Vocabulary(plan.service_types, new_types)
    services = {s.id.lower(): s.id for s in plan.services} | {
        s.name.lower(): s.id for s in plan.services
    }
    out = []
    for number, raw in enumerate(rows, start=2):
        entry: dict[str, Any] = {}
        cells: dict[str, Any] = {}
        for column, value in raw.items():
            key = mapping.get(column) or NEEDS_KEYS.get(normalise(column))
            if key == "target_group" and value:
                entry[key] = groups.resolve(str(value))
            elif key == "service_type" and value:
                entry[key] = types.resolve(str(value))
            elif key in ("id", "area") and value:
                entry[key] = str(value)
            elif key is None and value not in (None, ""):
                need = needs.resolve(column)
                text = str(value).strip()
                word = CELL_WORDS.get(text.lower())
                if word:
                    cells[need] = word
                else:
                    ids = []
                    for part in _split(text):
                        if part.lower() not in services:
                            raise ImportError_(
                                f"row {number}, column {column!r}: {part!r} is not a service "
                                "of the plan nor missing / not needed / provided"
                            )
                        ids.append(services[part.lower()])
                    cells[need] = ids
        if not entry.get("target_group") and not entry.get("service_type"):
            raise ImportError_(f"row {number}: no target_group or service_type column")
        entry.setdefault(
            "id",
            slug("-".join(filter(None, (entry.get("target_group"), entry.get("service_type"))))),
        )
        entry["cells"] = cells
        out.append(entry)
    return {
        "needs": list(new_needs.values()),
        "target_groups": list(new_groups.values()),
        "service_types": list(new_types.values()),
        "needs_matrix": out,
    }


def _compare(existing: dict[str, Any], incoming: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Fields the import sets to something else; fields it leaves out are not a conflict."""
    return {
        k: (existing.get(k), v) for k, v in incoming.items() if _norm(existing.get(k)) != _norm(v)
    }


def _norm(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _norm(v) for k, v in value.items() if v not in (None, [], {})}
    if isinstance(value, list):
        return [_norm(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def import_file(
    plan: Plan,
    source: Path,
    *,
    kind: str,
    mapping: dict[str, str] | None = None,
    merge: bool = False,
    dry_run: bool = False,
) -> ImportResult:
    """Bring `source` into the plan; nothing is written when there are unmerged conflicts."""
    import yaml

    if kind not in KINDS:
        raise ImportError_(f"--kind {kind}: choose one of {', '.join(KINDS)}")
    rows = read_rows(source)
    headers = list(rows[0]) if rows else []
    if kind == "services":
        incoming = services_from_rows(plan, rows, _mapping(headers, SERVICE_ALIASES, mapping or {}))
    else:
        incoming = needs_from_rows(plan, rows, mapping or {})
    target = plan.root / "imported" / f"{slug(source.stem)}.yaml"
    rel_target = target.relative_to(plan.root).as_posix()
    result = ImportResult(target)
    owned: dict[str, Any] = {}
    if target.is_file():
        owned = yaml.safe_load(target.read_text(encoding="utf-8")) or {}
    edits: dict[str, list[tuple[str, str, dict[str, Any]]]] = {}  # file → (section, id, fields)
    for section, items in incoming.items():
        known = plan.ids(section)
        for item in items:
            existing = known.get(item["id"])
            if existing is None:
                owned.setdefault(section, []).append(item)
                result.added.setdefault(section, []).append(item["id"])
                continue
            diff = _compare(plain(existing), item)
            if not diff:
                result.unchanged.append(item["id"])
                continue
            result.conflicts.append(Conflict(section, item["id"], str(existing.loc), diff))
            if existing.loc.file == rel_target:
                for entry in owned.get(section, []):
                    if entry.get("id") == item["id"]:
                        entry.update(item)
            else:
                edits.setdefault(existing.loc.file, []).append(
                    (section, item["id"], {k: v for k, (_old, v) in diff.items()})
                )
    if (result.conflicts and not merge) or dry_run:
        return result
    result.merged = [c.id for c in result.conflicts]
    if result.added or any(c.where.startswith(rel_target + ":") for c in result.conflicts):
        _write_owned(target, owned, source.name)
        result.written.append(target)
    for rel, changes in sorted(edits.items()):
        _merge_into(plan.root / rel, changes)
        result.written.append(plan.root / rel)
    return result


def _write_owned(target: Path, data: dict[str, Any], source: str) -> None:
    import yaml

    from cpkit.files import write_atomic
    from cpkit.model import SECTIONS

    ordered = {k: data[k] for k in SECTIONS if k in data}
    header = (
        "# yaml-language-server: $schema=../plan.schema.json\n"
        f"# Imported from {source} by cpkit import; edit freely, a re-import keeps your edits\n"
        "# and reports differences as conflicts.\n"
    )
    body = yaml.safe_dump(ordered, sort_keys=False, allow_unicode=True, width=100)
    write_atomic(target, header + body)


def _update(target: Any, fields: dict[str, Any]) -> None:
    """Set leaves only, so that a nested mapping keeps its style (`{value: 1, unit: beds}`)."""
    for key, value in fields.items():
        if isinstance(value, dict) and isinstance(target.get(key), dict):
            _update(target[key], value)
        else:
            target[key] = value


def _merge_into(path: Path, changes: list[tuple[str, str, dict[str, Any]]]) -> None:
    """Set fields of entities in a hand-written file, keeping its comments and layout."""
    import io

    from ruamel.yaml import YAML

    from cpkit.files import write_atomic

    text = path.read_text(encoding="utf-8")
    rt = YAML()
    rt.preserve_quotes = True
    rt.width = 4096  # never fold a long line the author wrote on one
    indented = re.search(r"^[A-Za-z_]+:\n {2}- ", text, re.M) is not None
    rt.indent(mapping=2, sequence=4 if indented else 2, offset=2 if indented else 0)
    doc = rt.load(text)
    for section, ident, fields in changes:
        for entry in doc.get(section) or []:
            if str(entry.get("id")) == ident:
                _update(entry, fields)
    buf = io.StringIO()
    rt.dump(doc, buf)
    write_atomic(path, buf.getvalue())
