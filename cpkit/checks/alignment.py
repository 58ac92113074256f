"""Alignment across plans: a unit's objectives and measures name what they work toward in
the plan named by `plan.aligns_with` (a district plan, a region's municipal plan).

Each link is checked against that plan as the api loaded it (a check reads no file): the id
must exist there (CP205), and — as Doorstop does with suspect links — what it names must read
as it did when the author last confirmed the link (CP206). A confirmation is a short
fingerprint of the target's title and description, stored next to the id in `aligned` by
`cpkit align --confirm`; a link never confirmed is reported too (CP207), since without a
fingerprint a renumbered target cannot be told from the old one.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from cpkit.core import rules
from cpkit.core.diagnostics import Diagnostic, Loc, Term
from cpkit.model.entities import Measure, Objective, Plan, depth_first
from cpkit.model.fields import name_of
from cpkit.model.suggest import Suggester

Aligned = Objective | Measure
Status = Literal["ok", "suspect", "missing", "unconfirmed"]
FINGERPRINT_LENGTH = 8  # hex digits: one in four thousand million changes goes unseen
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Target:
    """The plan aligned with, as loaded: `written` is `plan.aligns_with` as the author wrote
    it; `plan` is None when it could not be read, and `problem` says why."""

    written: str
    plan: Plan | None
    problem: Term | None = None  # words of the rules catalogue's `align-problems`


@dataclass(frozen=True, slots=True)
class Link:
    """One id of an `aligns_with` list, with what it names in the target plan and its status."""

    owner: Aligned
    index: int  # the id's place in owner.aligns_with
    id: str
    status: Status
    target: Aligned | None
    confirmed: str | None  # the fingerprint stored when last confirmed
    current: str | None  # the target's fingerprint now

    @property
    def loc(self) -> Loc:
        return self.owner.at(f"aligns_with.{self.index}")


def description_of(entity: Aligned) -> str:
    """What an entity says it is, besides its title: an objective's description, a
    measure's characteristics."""
    text = entity.description if isinstance(entity, Objective) else entity.characteristics
    return text or ""


def _normal(text: str) -> str:
    """Text as read, not as laid out: the same after refolding lines or re-indenting."""
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def fingerprint(entity: Aligned) -> str:
    """A short hash of an entity's title and description, normalised: what a confirmation
    stores, and what changes when the target is reworded or another takes its id."""
    text = f"{_normal(entity.title)}\n{_normal(description_of(entity))}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:FINGERPRINT_LENGTH]


def aligning(plan: Plan) -> Iterator[Aligned]:
    """The objectives and measures of `plan` that align with another plan, in plan order."""
    for objective in plan.objectives():
        if objective.aligns_with:
            yield objective
        yield from (m for m in _measures(objective) if m.aligns_with)


def _measures(objective: Objective) -> Iterator[Measure]:
    return depth_first(objective.measures)


def targets(plan: Plan) -> dict[str, Aligned]:
    """Id → the objective or measure of `plan` it names (the first, if two share it)."""
    out: dict[str, Aligned] = {}
    for objective in plan.objectives():
        out.setdefault(objective.id, objective)
        for m in _measures(objective):
            out.setdefault(m.id, m)
    return out


def links(plan: Plan, target: Plan) -> list[Link]:
    """Every alignment of `plan` with its status against `target`."""
    known = targets(target)
    found = []
    for owner in aligning(plan):
        for index, ident in enumerate(owner.aligns_with):
            entity = known.get(ident)
            stored = owner.aligned.get(ident)
            current = fingerprint(entity) if entity is not None else None
            if entity is None:
                status: Status = "missing"
            elif stored is None:
                status = "unconfirmed"
            else:
                status = "ok" if stored == current else "suspect"
            found.append(Link(owner, index, ident, status, entity, stored, current))
    return found


def check_alignment(plan: Plan, target: Target | None) -> Iterator[Diagnostic]:
    """CP204–CP207 for `plan`, given the plan it aligns with (None: it names none)."""
    owners = list(aligning(plan))
    if target is None:
        written = plan.info is not None and "aligns_with" in plan.info.pos
        if owners and not written:  # written but unreadable: its wrong type is reported
            yield _no_target(owners)
        return
    if target.plan is None:
        assert plan.info is not None  # only a plan that names a target has one
        yield rules.ALIGN_TARGET(
            plan.info.at("aligns_with"),
            "plan-align-with",
            written=target.written,
            problem=target.problem,
        )
        return
    known = targets(target.plan)
    found = links(plan, target.plan)
    # where each confirmed text is now: worked out once, and only when a link needs it
    moved: dict[str, Aligned] = {}
    if any(link.confirmed and link.status in ("missing", "suspect") for link in found):
        for entity in reversed(known.values()):  # the first entity with a text wins
            moved[fingerprint(entity)] = entity
    for link in found:
        yield from _diagnose(link, target, known, moved.get(link.confirmed or ""))


def _no_target(owners: list[Aligned]) -> Diagnostic:
    first, at = owners[0], owners[0].at("aligns_with")
    if len(owners) == 1:
        return rules.ALIGN_TARGET(at, "aligns-with-another", first=name_of(first))
    return rules.ALIGN_TARGET(at, "aligns-with-others", first=name_of(first), more=len(owners) - 1)


def _named(entity: Aligned, target: Target) -> dict[str, object]:
    """What a link points to, as a message's fields: `target` (objective 2.2), `written`
    (../ssp-district) and `at` (objectives.yaml:12:9); the catalogue joins them."""
    return {"target": name_of(entity), "written": target.written, "at": entity.loc}


def _diagnose(
    link: Link, target: Target, known: dict[str, Aligned], moved: Aligned | None
) -> Iterator[Diagnostic]:
    """The link's finding, if any; `moved` is the entity that now reads as the confirmed
    text did (where the work went when the other plan was renumbered)."""
    owner = name_of(link.owner)
    if link.status == "missing":
        where = {"owner": owner, "id": link.id, "written": target.written}
        if moved is not None:  # the confirmed text is now under another id
            yield rules.ALIGN_MISSING(
                link.loc, "aligns-with-moved", **where, moved=name_of(moved), moved_id=moved.id
            )
            return
        meant = Suggester(known).closest(link.id)
        if meant is not None:
            yield rules.ALIGN_MISSING(link.loc, "aligns-with-meant", **where, meant=meant)
        else:
            yield rules.ALIGN_MISSING(link.loc, "aligns-with-which", **where)
    elif link.status == "suspect":
        assert link.target is not None
        named = {"owner": owner, **_named(link.target, target), "title": link.target.title}
        if moved is not None and moved is not link.target:  # the work moved to another id
            yield rules.ALIGN_SUSPECT(
                link.loc,
                "aligns-with-moved",
                **named,
                id=link.id,
                moved=name_of(moved),
                moved_id=moved.id,
            )
        else:
            yield rules.ALIGN_SUSPECT(link.loc, "aligns-with-which", **named)
    elif link.status == "unconfirmed":
        assert link.target is not None
        yield rules.ALIGN_UNCONFIRMED(
            link.loc,
            "aligns-with-link",
            owner=owner,
            **_named(link.target, target),
            title=link.target.title,
        )
