"""The network of social services: the identity of each service in it (the registry's
identifier, the provider's IČ, the form) and what the `network` section commits.

References to services the plan lacks are the references check's (CP202).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from cpkit.core import rules
from cpkit.core.diagnostics import Diagnostic
from cpkit.model.entities import NetworkEntry, Plan, Service

REGISTRY_ID = re.compile(r"[0-9]{7}")  # ASCII digits: fullmatch, no trailing newline
IC = re.compile(r"[0-9]{8}")
IC_WEIGHTS = (8, 7, 6, 5, 4, 3, 2)


def ic_check_digit(first_seven: str) -> int:
    """The check digit of an IČ: the weighted sum of the first seven digits modulo 11,
    taken from 11 and then modulo 10 (a remainder of 0 gives 1, of 1 gives 0)."""
    total = sum(int(d) * w for d, w in zip(first_seven, IC_WEIGHTS, strict=True))
    return (11 - total % 11) % 10


def ic_problem(ic: str) -> str | None:
    """What is wrong with an IČ as written, or None for a valid one."""
    if not IC.fullmatch(ic):
        return "is not 8 digits"
    expected = ic_check_digit(ic[:7])
    if int(ic[7]) != expected:
        return f"has the check digit {ic[7]}, but its first seven digits give {expected}"
    return None


def check_service_identity(plan: Plan) -> Iterator[Diagnostic]:
    """Registry identifiers (in a community plan, the Czech registry's) and IČ as written."""
    czech = plan.info is None or plan.info.shape == "community"
    for s in plan.services:
        rid = s.registry_id
        written = czech and rid is not None and "registry_id" not in s.unread
        if written and not REGISTRY_ID.fullmatch((rid or "").strip()):
            yield rules.REGISTRY_ID(
                s.at("registry_id"), "service-registry-identifier", id=s.id, rid=rid
            )
        if s.provider_ic is not None and "provider_ic" not in s.unread:
            ic = s.provider_ic.strip()
            at, named = s.at("provider_ic"), {"id": s.id, "provider_ic": s.provider_ic}
            if not IC.fullmatch(ic):
                yield rules.PROVIDER_IC(at, "ic-not-8-digits", **named)
            elif int(ic[7]) != ic_check_digit(ic[:7]):
                digits = {"digit": int(ic[7]), "expected": ic_check_digit(ic[:7])}
                yield rules.PROVIDER_IC(at, "ic-check-digit", **named, **digits)


def check_network_services(plan: Plan) -> Iterator[Diagnostic]:
    """A service in the network is named as the region's network names it."""
    services = plan.ids("services")
    reported: set[str] = set()
    for entry in plan.network:
        s: Service | None = services.get(entry.service)
        if s is None or s.id in reported:
            continue
        reported.add(s.id)
        lacking = [
            what
            for what, value in (
                ("registry_id", s.registry_id), ("provider_ic", s.provider_ic), ("form", s.form),
            )
            if not value and what not in s.unread  # a wrong value is reported as such
        ]  # fmt: skip
        if lacking:
            yield rules.NETWORK_IDENTITY(
                entry.at("service"),
                "service-network-but",
                id=s.id,
                lacking=list(lacking),
                loc=s.loc,
            )


def check_network_years(plan: Plan) -> Iterator[Diagnostic]:
    """Years of the period, and each service once a year."""
    period = plan.info.period if plan.info else None
    first: dict[tuple[str, int], NetworkEntry] = {}
    for entry in plan.network:
        if not entry.years and "years" not in entry.unread:
            yield rules.NETWORK_YEAR(entry.loc, "network-entry-for", service=entry.service)
        for i, year in enumerate(entry.years):
            where = entry.at(f"years.{i}")
            if period and not period.start.year <= year <= period.end.year:
                yield rules.NETWORK_YEAR(
                    where,
                    "network-entry-for-2",
                    service=entry.service,
                    year=year,
                    start_year=period.start.year,
                    end_year=period.end.year,
                )
            seen = first.setdefault((entry.service, year), entry)
            if seen is not entry:
                yield rules.NETWORK_TWICE(
                    where, "service-network-twice", service=entry.service, year=year, loc=seen.loc
                )


def check_network_capacity(plan: Plan) -> Iterator[Diagnostic]:
    """Each entry commits some capacity, none negative, each unit once."""
    for entry in plan.network:
        if not entry.capacity and "capacity" not in entry.unread:
            yield rules.NETWORK_CAPACITY(entry.loc, "network-entry-for", service=entry.service)
        units: set[str] = set()
        for c in entry.capacity:
            if c.value is not None and c.value < 0:
                yield rules.NETWORK_CAPACITY(
                    c.at("value"),
                    "network-entry-for-2",
                    service=entry.service,
                    value=c.value,
                    unit=c.unit,
                )
            if c.unit in units:
                yield rules.NETWORK_CAPACITY(
                    c.loc, "network-entry-for-3", service=entry.service, unit=c.unit
                )
            units.add(c.unit)


CHECKS = (
    check_service_identity,
    check_network_services,
    check_network_years,
    check_network_capacity,
)
