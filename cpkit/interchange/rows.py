"""From a spreadsheet's rows to the plan's entities: which column is which field, and
which provider, service type, target group or need a cell names (existing or new).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from cpkit.core.language import Explained
from cpkit.interchange.spreadsheet import blank, fold
from cpkit.model.entities import Plan
from cpkit.model.flatten import CellError, columns, label, unflatten
from cpkit.model.services import Service

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
IGNORED = ""  # a column's field when an explicit --map reads that field from another column


class ImportError_(Explained):
    """The input cannot be imported as asked (a usage error, not a conflict)."""


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "item"


def normalise(header: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", header.strip().lower()).strip("_")


# Columns → fields -----------------------------------------------------------------------


def service_fields() -> dict[str, str]:
    """Every name a service column or --map field goes by → the field's path."""
    known = dict(SERVICE_ALIASES)
    for path, _tp in columns(Service):
        known.setdefault(normalise(label(path)), path)
    return known


def _column(given: str, headers: list[str], item: str) -> str:
    """The header a --map column names: exactly, else ignoring case (`jméno` is `Jméno`)."""
    if given in headers:
        return given
    same = [h for h in headers if fold(h) == fold(given)]
    if len(same) == 1:
        return same[0]
    close = difflib.get_close_matches(given, headers, n=3, cutoff=0.6)
    raise ImportError_(
        "import.no_column_close" if close else "import.no_column",
        item=repr(item),
        column=repr(given),
        close=[repr(c) for c in close],
        columns=[repr(h) for h in headers],
    )


def _field(given: str, known: dict[str, str], item: str) -> str:
    """The field a --map names, by path, export label or alias; unknown is an error."""
    if given in known.values():
        return given
    if normalise(given) in known:
        return known[normalise(given)]
    close = difflib.get_close_matches(normalise(given), list(known), n=3, cutoff=0.6)
    raise ImportError_(
        "import.no_field_close" if close else "import.no_field",
        item=repr(item),
        field=repr(given),
        close=list(close),
    )


def column_fields(
    headers: list[str], known: dict[str, str], extra: dict[str, str]
) -> dict[str, str]:
    """Header → field: the user's --map first, then known names and export labels.

    A column recognised by name whose field a --map reads from another column is IGNORED.
    """
    explicit: dict[str, str] = {}
    for given, wanted in extra.items():
        item = f"{given}={wanted}"
        column = _column(given, headers, item)
        path = _field(wanted, known, item)
        other = next((c for c, p in explicit.items() if p == path and c != column), None)
        if other is not None:
            raise ImportError_("import.read_twice", item=repr(item), column=repr(other), field=path)
        explicit[column] = path
    out = dict(explicit)
    for h in headers:
        if h not in out and normalise(h) in known:
            path = known[normalise(h)]
            out[h] = IGNORED if path in explicit.values() else path
    return out


# Rows → entities ------------------------------------------------------------------------


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


class _Once:
    """Entities by id, each defined once: a repeated row must repeat the same values."""

    def __init__(self, what: str) -> None:
        self.what = what
        self.items: dict[str, dict[str, Any]] = {}
        self.rows: dict[str, int] = {}

    def add(self, number: int, item: dict[str, Any]) -> None:
        ident = item["id"]
        if ident not in self.items:
            self.items[ident], self.rows[ident] = item, number
            return
        first = self.items[ident]
        differ = sorted(k for k in item.keys() | first.keys() if item.get(k) != first.get(k))
        if differ:
            raise ImportError_(
                "import.same_id",
                first=str(self.rows[ident]),
                row=str(number),
                what=self.what,
                id=repr(ident),
                fields=differ,
            )


def _split(value: Any) -> list[str]:
    return [s.strip() for s in re.split(r"[;,]", str(value)) if s.strip()]


def services_from_rows(
    plan: Plan, rows: list[tuple[int, dict[str, Any]]], mapping: dict[str, str]
) -> dict[str, list[dict[str, Any]]]:
    """Rows → services, plus the providers, service types and target groups they need."""
    found: dict[str, dict[str, dict[str, Any]]] = {
        "stakeholders": {}, "service_types": {}, "target_groups": {},
    }  # fmt: skip
    providers = _Vocabulary(plan.stakeholders, found["stakeholders"])
    types = _Vocabulary(plan.service_types, found["service_types"])
    groups = _Vocabulary(plan.target_groups, found["target_groups"])
    services = _Once("service")
    labelled = {label(p): p for p, _ in columns(Service)}
    for number, raw in rows:
        row = {mapping[k]: v for k, v in raw.items() if mapping.get(k) and not blank(v)}
        name = row.get("name")
        if not name:
            raise ImportError_("import.no_name", row=str(number))
        provider_text = str(row.pop("provider", "") or row.get("provider_name", ""))
        if not provider_text:
            raise ImportError_("import.no_provider", row=str(number))
        provider_name = str(row.pop("provider_name", "") or provider_text)
        row["provider"] = providers.resolve(
            provider_text, {"name": provider_name, "side": "provider"}
        )
        if "type" not in row:
            raise ImportError_("import.no_type", row=str(number))
        row["type"] = types.resolve(str(row["type"]))
        if "target_groups" in row:
            row["target_groups"] = "; ".join(
                groups.resolve(g) for g in _split(row["target_groups"])
            )
        row["id"] = str(row.get("id") or slug(f"{row['provider']}-{name}"))
        try:
            data = unflatten(
                Service, {label(p): v for p, v in row.items() if p in labelled.values()}
            )
        except CellError as exc:
            column = next((h for h, p in mapping.items() if p == exc.path and h in raw), exc.path)
            raise ImportError_(
                f"import.cell.{exc.key}", row=str(number), column=repr(column), **exc.data
            ) from None
        services.add(number, data)
    out = {kind: list(items.values()) for kind, items in found.items()}
    return {**out, "services": list(services.items.values())}


def needs_from_rows(
    plan: Plan, rows: list[tuple[int, dict[str, Any]]], mapping: dict[str, str]
) -> dict[str, list[dict[str, Any]]]:
    """Rows of a needs matrix (one column per need) → needs-matrix rows and new needs.

    A row without an id is the plan's row for the same target group and service type, so
    that a difference is a conflict rather than a second row.
    """
    new_needs: dict[str, dict[str, Any]] = {}
    new_groups: dict[str, dict[str, Any]] = {}
    new_types: dict[str, dict[str, Any]] = {}
    needs = _Vocabulary(plan.needs, new_needs)
    groups = _Vocabulary(plan.target_groups, new_groups)
    types = _Vocabulary(plan.service_types, new_types)
    services = {s.id.lower(): s.id for s in plan.services} | {
        s.name.lower(): s.id for s in plan.services
    }
    existing: dict[tuple[Any, Any], str] = {}
    for r in plan.needs_matrix:
        existing.setdefault((r.target_group, r.service_type), r.id)
    out = _Once("needs-matrix row")
    for number, raw in rows:
        entry: dict[str, Any] = {}
        cells: dict[str, Any] = {}
        for column, value in raw.items():
            key = mapping.get(column)
            if key == "target_group" and value:
                entry[key] = groups.resolve(str(value))
            elif key == "service_type" and value:
                entry[key] = types.resolve(str(value))
            elif key in ("id", "area") and value:
                entry[key] = str(value)
            elif key is None and not blank(value):
                cells[needs.resolve(column)] = _cell(number, column, value, services)
        pair = (entry.get("target_group"), entry.get("service_type"))
        if pair == (None, None):
            raise ImportError_("import.no_pair", row=str(number))
        entry.setdefault("id", existing.get(pair) or slug("-".join(filter(None, pair))))
        entry["cells"] = cells
        out.add(number, entry)
    return {
        "needs": list(new_needs.values()),
        "target_groups": list(new_groups.values()),
        "service_types": list(new_types.values()),
        "needs_matrix": list(out.items.values()),
    }


def _cell(number: int, column: str, value: Any, services: dict[str, str]) -> Any:
    text = str(value).strip()
    word = CELL_WORDS.get(text.lower())
    if word:
        return word
    ids = []
    for part in _split(text):
        if part.lower() not in services:
            raise ImportError_(
                "import.not_a_service", row=str(number), column=repr(column), value=repr(part)
            )
        ids.append(services[part.lower()])
    return ids
