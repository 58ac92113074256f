"""Target groups, needs, service types and areas across plans: which ids the plans name
alike, and which they do not.

A roll-up never merges what it cannot show to be the same: an id named differently in two
plans, one name under two ids, and an id only some plans use are each a row of the
vocabulary table, and the roll-up's tables show such an id with its name and the id itself.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import Any

import pandas as pd

from cpkit.model.entities import Plan

VOCABULARIES = ("target_groups", "needs", "service_types", "areas")
# Problems of the vocabulary table.
DIFFERENT_NAMES, SAME_NAME, SOME_PLANS = "different-names", "same-name", "only-in-some-plans"


def normalise(text: str) -> str:
    """Text compared as people read it: case, accents, punctuation and spacing ignored."""
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(
        " " if unicodedata.category(ch)[0] in "PSZ" else ch
        for ch in decomposed
        if not unicodedata.combining(ch)
    )
    return " ".join(kept.casefold().split())


def first_seen(order: dict[str, int], key: str) -> None:
    """Number `key` by when it was first seen, so that tables list ids in the plans' order."""
    order.setdefault(key, len(order))


def _named(items: Iterable[Any]) -> dict[str, str]:
    """id → name of each entity; the first name when a plan gives an id twice."""
    out: dict[str, str] = {}
    for e in items:
        out.setdefault(e.id, e.name)
    return out


def vocabulary_table(plans: list[Plan], names: list[str]) -> pd.DataFrame:
    """Ids named differently, names under several ids, ids only some plans use."""
    rows = []
    for kind in VOCABULARIES:
        per_plan = [_named(plan.section(kind)) for plan in plans]
        order: dict[str, int] = {}
        under: dict[str, list[str]] = {}  # normalised name → ids
        for named in per_plan:
            for ident, name in named.items():
                first_seen(order, ident)
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


def id_labels(plans: list[Plan], vocabulary: pd.DataFrame) -> dict[tuple[str, str], str]:
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
