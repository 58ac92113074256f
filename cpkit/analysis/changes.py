"""What changed in one entity between two versions: field by field, a list by its items.

cpkit.analysis.diff matches the entities of two plans and asks this module what changed in
each pair; cpkit.publish.diff_text shows the changes. A list is never shown as a whole:
its items are matched by their key (ITEM_KEYS), else compared as values.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

RETITLED = 0.5  # similarity above which a long text in a list was edited, not replaced
#: How the items of a list of entities are known, first match wins (a fund by its source
#: and year, a monitoring report by its measure); a list whose items these do not tell
#: apart is compared as a list of values.
ITEM_KEYS = (("id",), ("measure",), ("owner", "indicator"), ("source", "year"),
             ("service_type", "unit"))  # fmt: skip
#: Fields shown first among an entity's changes: a reviewer looks for the money.
MONEY = ("costs", "funds", "funding", "spent")
LONG = 60  # characters a value may take in a line of the diff before it is shortened


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
    """One changed field, by its dotted path (`costs.2024`); a list with its items."""

    path: str
    old: Any
    new: Any
    items: list[Item] = field(default_factory=list)  # set when the field is a list
    #: personal data that may not be shown: old and new are then None, and the diff says
    #: only that the field changed
    private: bool = False


def changes(old: Any, new: Any, path: str = "") -> Iterator[Change]:
    """Changed leaves; a mapping that appears or goes is compared to an empty one, so
    its amounts show one by one, and a list comes with its items that differ."""
    if _both(old, new, dict):
        old, new = old or {}, new or {}
        for k in sorted(set(old) | set(new), key=str):
            yield from changes(old.get(k), new.get(k), f"{path}.{k}" if path else str(k))
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


def money_first(found: list[Change]) -> list[Change]:
    """Money first, each total before its parts; otherwise in field order."""
    return sorted(
        found,
        key=lambda c: (c.path.split(".")[0] not in MONEY, c.path.split(".")[-1] != "total"),
    )


# --- lists ---------------------------------------------------------------------------------


def _list_items(old: list[Any], new: list[Any]) -> list[Item]:
    keyed_old, keyed_new = _keyed(old), _keyed(new)
    if keyed_old is not None and keyed_new is not None:
        return _entity_items(keyed_old, keyed_new)
    return _value_items([as_text(v) for v in old], [as_text(v) for v in new])


def _item_key(item: Any) -> tuple[str, tuple[str, ...]] | None:
    """An entity's key in its list, and the fields it is made of."""
    if not isinstance(item, dict):
        return None
    for fields in ITEM_KEYS:
        if fields[0] in item:
            used = tuple(f for f in fields if f in item)
            return "/".join(as_text(item[f]) for f in used), used
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
    items = [Item("+", k, fields=_shown(changes(None, v))) for k, v in new.items() if k not in old]
    items += [Item("−", k, fields=_shown(changes(v, None))) for k, v in old.items() if k not in new]
    items += [
        Item("~", k, fields=money_first(list(changes(v, new[k]))))
        for k, v in old.items()
        if k in new and v != new[k]
    ]
    if not items:
        items.append(Item("order", "", list(old), list(new)))
    return items


def _shown(fields: Iterable[Change]) -> list[Change]:
    """An added or removed entity's fields worth a reader's eye: a flag left off
    (`secured: false`) is the default and only noise."""
    return money_first([f for f in fields if f.old is not False and f.new is not False])


def _value_items(old: list[str], new: list[str]) -> list[Item]:
    """Values added and removed; a long text edited shows as one change, so the words
    that differ can be shown instead of two texts cut alike."""
    gone, came = _minus(old, new), _minus(new, old)
    edited: list[Item] = []
    for before in [g for g in gone if len(g) > LONG]:
        after = max(came, key=lambda c: similar(before, c), default=None)
        if after is not None and similar(before, after) >= RETITLED:
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


def _is_year(key: str) -> bool:
    """Whether a field, by its dotted path (`target.year`, `years`), holds years."""
    last = key.rpartition(".")[2]
    return last in {"year", "years", "baseline_year", "start", "end"} or last.endswith("_year")


def similar(a: str, b: str) -> float:
    """How alike two texts read, 0 to 1, case ignored (rapidfuzz's Indel ratio, in C++):
    a long text edited in a list is found by it (RETITLED)."""
    return fuzz.ratio(a.casefold(), b.casefold()) / 100


def as_text(value: Any, key: str = "") -> str:
    """A value as plain text: numbers with thousands separators (a year, named by its field
    `key`, without: `2024`, not `2,024`), lists without brackets.

    Items of a list are compared by this text (a list of values, an entity's key), so the
    diff and what it shows agree; cpkit.publish.diff_text shows values with it too.
    """
    if value is None:
        return "—"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value) if _is_year(key) else f"{value:,}"
    if isinstance(value, list):
        return ", ".join(as_text(v, key) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {as_text(v, f'{key}.{k}')}" for k, v in value.items())
    return " ".join(str(value).split())
