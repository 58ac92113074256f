"""The same service in several plans: found by registry id, else by provider and name.

A provider that works in several municipalities appears in each of their plans, often under
a different id; the roll-up lists such services once, with the id each plan gives it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from cpkit.analysis.vocabulary import normalise
from cpkit.model.entities import Plan, Service

# How a service was found to be the same in several plans.
BY_REGISTRY, BY_NAME = "registry-id", "provider-and-name"


@dataclass(slots=True)
class _Entry:
    plan: int
    service: Service
    provider: str
    registry: str


class _Groups:
    """Union-find over services that never puts two registry ids in one group."""

    def __init__(self, entries: list[_Entry]) -> None:
        self.parent = list(range(len(entries)))
        self.registries = [{e.registry} - {""} for e in entries]
        self.how: list[set[str]] = [set() for _ in entries]

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, i: int, j: int, how: str) -> None:
        a, b = self.find(i), self.find(j)
        if a == b or len(self.registries[a] | self.registries[b]) > 1:
            return
        self.parent[b] = a
        self.registries[a] |= self.registries[b]
        self.how[a] |= self.how[b] | {how}


def shared_services(plans: list[Plan], names: list[str]) -> pd.DataFrame:
    """The same service in two or more plans: by registry id when both give one, else by the
    provider's name and the service's name (normalised)."""
    entries = []
    for i, plan in enumerate(plans):
        people = plan.ids("stakeholders")
        for s in plan.services:
            provider = people[s.provider].name if s.provider in people else s.provider
            entries.append(_Entry(i, s, provider, (s.registry_id or "").strip()))
    groups = _Groups(entries)
    for members in _grouped(entries, lambda e: e.registry).values():
        for j in members[1:]:
            groups.join(members[0], j, BY_REGISTRY)
    for members in _grouped(entries, _name_key).values():
        for k, i in enumerate(members):
            for j in members[k + 1 :]:
                groups.join(i, j, BY_NAME)
    found: dict[int, list[int]] = {}
    for i in range(len(entries)):
        found.setdefault(groups.find(i), []).append(i)
    rows = []
    for root, members in found.items():
        in_plans = sorted({entries[i].plan for i in members})
        if len(in_plans) < 2:
            continue
        first = entries[members[0]]
        ids = {n: ", ".join(entries[i].service.id for i in members if entries[i].plan == p)
               for p, n in enumerate(names)}  # fmt: skip
        rows.append(
            {"service": first.service.name, "provider": first.provider,
             "registry_id": next(iter(groups.registries[root]), ""),
             "matched_by": ", ".join(h for h in (BY_REGISTRY, BY_NAME) if h in groups.how[root]),
             "plans": ", ".join(names[p] for p in in_plans), **ids}
        )  # fmt: skip
    columns = ["service", "provider", "registry_id", "matched_by", "plans", *names]
    return pd.DataFrame(rows, columns=columns)


def _name_key(e: _Entry) -> str:
    return f"{normalise(e.provider)}\n{normalise(e.service.name)}"


def _grouped(entries: list[_Entry], key: Callable[[_Entry], str]) -> dict[str, list[int]]:
    """Indexes of entries by key; an empty key (no registry id) groups nothing."""
    out: dict[str, list[int]] = {}
    for i, e in enumerate(entries):
        k = key(e)
        if k:
            out.setdefault(k, []).append(i)
    return out
