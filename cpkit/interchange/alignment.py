"""`cpkit align --confirm`: store, next to each `aligns_with` id, the fingerprint of what it
names in the plan aligned with, so that `cpkit check` notices when that changes (CP206).

The fingerprints go into a sibling mapping, `aligned: {"2.2": "3f9a1c2b"}`, written through
the round-trip YAML editor (cpkit.interchange.yamledit): the author's comments, quoting and
layout stay as they were, and only the files whose confirmations change are written. An id
the other plan lacks cannot be confirmed and is left for the author to correct; a
fingerprint for an id no longer in `aligns_with` is dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from cpkit.checks.alignment import Aligned, Link, links
from cpkit.core.files import write_atomic
from cpkit.interchange.yamledit import YamlEditError, YamlFile
from cpkit.model.entities import Plan

__all__ = ["Confirmation", "YamlEditError", "confirm_alignment"]


@dataclass(slots=True)
class Confirmation:
    """What a confirmation did: the links it confirmed, those it could not (their id names
    nothing in the other plan), and the files it wrote."""

    confirmed: list[Link] = field(default_factory=list)
    missing: list[Link] = field(default_factory=list)
    files: list[str] = field(default_factory=list)


def confirm_alignment(plan: Plan, target: Plan) -> Confirmation:
    """Confirm every alignment of `plan` whose id `target` has; write the changed files.

    Raises YamlEditError when a file to change cannot be edited safely (nothing is written).
    """
    result = Confirmation()
    wanted: dict[int, tuple[Aligned, dict[str, str]]] = {}
    for link in links(plan, target):
        owner, stamps = wanted.setdefault(id(link.owner), (link.owner, {}))
        if link.current is None:
            result.missing.append(link)
            if link.confirmed is not None:  # keep the old stamp: it tells where the text went
                stamps[link.id] = link.confirmed
            continue
        stamps[link.id] = link.current
        result.confirmed.append(link)
    changed = [(o, s) for o, s in wanted.values() if dict(o.aligned) != s]
    files: dict[str, YamlFile] = {}
    for owner, stamps in changed:
        rel = owner.loc.file
        if rel not in files:
            files[rel] = YamlFile.load(plan.root / rel, rel)
        _set_aligned(_mapping_of(files[rel].doc, owner, rel), stamps)
    for rel, file in files.items():
        write_atomic(plan.root / rel, file.dump())
        result.files.append(rel)
    return result


def _mappings(node: Any) -> Iterator[Any]:
    """Every mapping in a round-trip document, depth first."""
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _mappings(value)
    elif isinstance(node, list):
        for item in node:
            yield from _mappings(item)


def _mapping_of(doc: Any, owner: Aligned, rel: str) -> Any:
    """The mapping that wrote `owner`: the one with its `aligns_with` at its line."""
    candidates = [m for m in _mappings(doc.get("priorities")) if "aligns_with" in m]
    for m in candidates:
        if m.lc.line + 1 == owner.loc.line and str(m.get("id")) == owner.id:
            return m
    same_id = [m for m in candidates if str(m.get("id")) == owner.id]
    if len(same_id) != 1:
        raise YamlEditError("yaml.no_owner", file=rel, label=owner.label, id=owner.id)
    return same_id[0]


def _set_aligned(mapping: Any, stamps: dict[str, str]) -> None:
    """`aligned: {"2.2": "3f9a1c2b"}` right after `aligns_with`, quoted (ids like 2.2 and
    fingerprints like 12345678 are text, not numbers); an existing mapping keeps its style."""
    from ruamel.yaml.comments import CommentedMap
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString as Quoted

    items = [(Quoted(k), Quoted(v)) for k, v in stamps.items()]
    old = mapping.get("aligned")
    if isinstance(old, CommentedMap):
        old.clear()
        old.update(items)
        return
    new = CommentedMap(items)
    new.fa.set_flow_style()
    if "aligned" in mapping:
        mapping["aligned"] = new
        return
    mapping.insert(list(mapping).index("aligns_with") + 1, "aligned", new)
    _keep_comments_in_place(mapping)


def _keep_comments_in_place(mapping: Any) -> None:
    """Comment lines written after `aligns_with` belong to the key that follows it: move
    them after the new `aligned`, leaving the comment at the end of the line where it was.

    ruamel.yaml keeps them with the list (a flow list's key, or a block list's last item)."""
    import copy

    aligns_with = mapping["aligns_with"]
    if isinstance(aligns_with, list) and aligns_with and not _is_flow(aligns_with):
        slot = aligns_with.ca.items.get(len(aligns_with) - 1)
        index = 0
    else:
        slot = mapping.ca.items.get("aligns_with")
        index = 2
    token = slot[index] if slot else None
    if token is None or "\n" not in token.value.rstrip("\n"):
        return
    line, rest = token.value.split("\n", 1)
    moved = copy.copy(token)
    token.value, moved.value = line + "\n", "\n" + rest
    mapping.ca.items["aligned"] = [None, None, moved, None]


def _is_flow(value: Any) -> bool:
    return bool(getattr(value, "fa", None) and value.fa.flow_style())


def statuses(found: Iterable[Link]) -> dict[str, int]:
    """How many links have each status, in the order a listing names them."""
    counts = dict.fromkeys(("ok", "suspect", "missing", "unconfirmed"), 0)
    for link in found:
        counts[link.status] += 1
    return counts
