"""The words a plan may use for group kinds and fund sources, per plan shape and territory.

A Czech community plan names its groups after the method (management team, coordination
groups, an agreement group) and its money after Czech budgets (municipality, region, state,
EU funds, health insurance); a Hong Kong plan names District Coordinating Committees and
the SWD subvention, the Lotteries Fund or the Community Chest. The model accepts every word
of both (so that a file reads, and the JSON Schema lists them all); the vocabulary check
then holds each plan to the words of its own territory (cpkit.checks.vocabulary).
"""

from __future__ import annotations

import typing
from typing import Literal

CzechGroupKind = Literal["management", "coordination", "agreement", "information", "working"]
HongKongGroupKind = Literal[
    "dcc", "local-committee", "joint-forum", "district-forum", "planning-team"
]
GroupKind = Literal[
    "management", "coordination", "agreement", "information", "working",
    "dcc", "local-committee", "joint-forum", "district-forum", "planning-team", "other",
]  # fmt: skip

CzechFundSource = Literal[
    "municipality", "city-district", "region", "state", "eu", "sponsors", "foundations",
    "clients", "own-income", "health-insurance",
]  # fmt: skip
HongKongFundSource = Literal[
    "lump-sum-grant", "lotteries-fund", "community-chest", "jockey-club", "charitable-trusts",
    "fees", "donations",
]  # fmt: skip
FundSource = Literal[
    "municipality", "city-district", "region", "state", "eu", "sponsors", "foundations",
    "clients", "own-income", "health-insurance",
    "lump-sum-grant", "lotteries-fund", "community-chest", "jockey-club", "charitable-trusts",
    "fees", "donations", "other",
]  # fmt: skip

CZECH, HONG_KONG = "cz", "hk"
#: Words allowed in each territory's plans; `other` in every one.
GROUP_KINDS: dict[str, tuple[str, ...]] = {
    CZECH: (*typing.get_args(CzechGroupKind), "other"),
    HONG_KONG: (*typing.get_args(HongKongGroupKind), "other"),
}
FUND_SOURCES: dict[str, tuple[str, ...]] = {
    CZECH: (*typing.get_args(CzechFundSource), "other"),
    HONG_KONG: (*typing.get_args(HongKongFundSource), "other"),
}
#: The other territory's word a planner most likely meant: not a spelling, a meaning.
COUNTERPARTS: dict[str, str] = {
    "state": "lump-sum-grant", "region": "lump-sum-grant", "municipality": "lump-sum-grant",
    "city-district": "lump-sum-grant", "clients": "fees", "own-income": "fees",
    "sponsors": "donations", "foundations": "charitable-trusts", "eu": "other",
    "health-insurance": "other",
    "lump-sum-grant": "state", "lotteries-fund": "foundations", "community-chest": "foundations",
    "jockey-club": "foundations", "charitable-trusts": "foundations", "fees": "clients",
    "donations": "sponsors",
    "coordination": "dcc", "management": "planning-team", "agreement": "joint-forum",
    "information": "planning-team", "working": "joint-forum",
    "dcc": "coordination", "local-committee": "coordination", "joint-forum": "working",
    "district-forum": "working", "planning-team": "management",
}  # fmt: skip


def territory_of(shape: str, currency: str | None) -> str:
    """Whose words a plan uses: a community plan the Czech method's, a district or service
    unit plan Hong Kong's; an NGO's business plan those of where its money is (HKD: Hong
    Kong), for an NGO may plan in either."""
    if shape == "community":
        return CZECH
    if shape in ("district", "unit"):
        return HONG_KONG
    return HONG_KONG if (currency or "").upper() == "HKD" else CZECH
