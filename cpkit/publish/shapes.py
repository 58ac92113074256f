"""Which sections each plan shape publishes, in order, and when a section has something to show.

One pipeline writes every document (cpkit.publish.render); what differs by `plan.shape` is
this list. A community plan keeps the Czech method's Parts A–G (the seven parts of the
final plan); a Hong Kong district plan is published as the district's profile, its
planning mechanism, the work of each committee, the district-wide programmes and the review
of the year; an NGO's business plan as the three-column plan of strategic areas, agenda and
objectives, deliverables and impact; a service unit's annual plan as its objectives with
their targets and outputs, and the parent plan's objectives each works toward.

A section is shown only when the plan has something for it, so that no document carries an
empty heading, an all-zero table or a questionnaire nobody can answer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cpkit.publish.document import Document


@dataclass(frozen=True, slots=True)
class Section:
    """A template of the document and the test of whether the plan has anything for it."""

    template: str
    shown: Callable[[Document], bool]
    key: str = ""  # a community plan's Part: "a" … "g"


def _always(doc: Document) -> bool:
    return True


def _introduction(doc: Document) -> bool:
    i = doc.info
    return bool(i and (i.purpose or i.vision or i.principles or i.values or i.process
                       or i.context))  # fmt: skip


def _information(doc: Document) -> bool:
    p = doc.plan
    return bool(p.demographics.tables or p.services or p.needs_matrix
                or (doc.info and doc.info.based_on))  # fmt: skip


def _money(doc: Document) -> bool:
    """Money the plan states: funding of its services, or costs or funds of its measures
    (a funding table of zeros says nothing)."""
    needed = doc.funds_needed
    return bool(doc.allocated) or bool(needed and (needed.get("costs") or needed.get("funds")))


def _priorities(doc: Document) -> bool:
    return bool(doc.plan.priorities)


def _review(doc: Document) -> bool:
    """An indicator's progress to show, or a monitoring year that reports something more
    than indicator values (which the progress table gives)."""
    if len(doc.tables["progress"]):
        return True
    return any(
        (r.evaluation or "").strip() or (r.financial_evaluation or "").strip() or r.action_plan
        or any(x.spent is not None for x in r.measures)
        for r in doc.plan.monitoring
    )  # fmt: skip


def _consultation(doc: Document) -> bool:
    return doc.plan.consultation is not None or bool(doc.plan.comments)


def _contacts(doc: Document) -> bool:
    return bool(doc.contacts)


def _profile(doc: Document) -> bool:
    i = doc.info
    return bool(doc.plan.demographics.tables or doc.plan.services
                or (i and (i.context or i.based_on)))  # fmt: skip


def _mechanism(doc: Document) -> bool:
    return bool(doc.groups) or bool(doc.info and doc.info.owner)


def _committees(doc: Document) -> bool:
    return any(c.areas for c in doc.committees)


def _joint(doc: Document) -> bool:
    return bool(doc.joint)


def _framework(doc: Document) -> bool:
    return bool(doc.groups) or _consultation(doc)


def _areas(doc: Document) -> bool:
    return bool(doc.areas)


def _somewhere_to_answer(doc: Document) -> bool:
    """Contacts, or the consultation's contact points: where a citizen sends answers."""
    c = doc.plan.consultation
    return bool(doc.contacts) or bool(c and c.contact_points)


COMMUNITY = (
    Section("render/parts/a_introduction.md.j2", _always, "a"),
    Section("render/parts/b_information.md.j2", _information, "b"),
    Section("render/parts/c_resources.md.j2", _money, "c"),
    Section("render/parts/d_framework.md.j2", _framework, "d"),
    Section("render/parts/e_areas.md.j2", _areas, "e"),
    Section("render/parts/f_joint.md.j2", _always, "f"),
    Section("render/parts/g_conclusion.md.j2", _somewhere_to_answer, "g"),
)
DISTRICT = (
    Section("render/district/profile.md.j2", _profile),
    Section("render/district/mechanism.md.j2", _mechanism),
    Section("render/district/committees.md.j2", _committees),
    Section("render/district/joint.md.j2", _joint),
    Section("render/shared/resources.md.j2", _money),
    Section("render/shared/consultation.md.j2", _consultation),
    Section("render/shared/review.md.j2", _review),
    Section("render/shared/contacts.md.j2", _contacts),
)
NGO = (
    Section("render/shared/introduction.md.j2", _introduction),
    Section("render/ngo/business_plan.md.j2", _priorities),
    Section("render/shared/resources.md.j2", _money),
    Section("render/shared/consultation.md.j2", _consultation),
    Section("render/shared/review.md.j2", _review),
    Section("render/shared/contacts.md.j2", _contacts),
)
UNIT = (
    Section("render/shared/introduction.md.j2", _introduction),
    Section("render/unit/objectives.md.j2", _priorities),
    Section("render/shared/resources.md.j2", _money),
    Section("render/shared/review.md.j2", _review),
    Section("render/shared/contacts.md.j2", _contacts),
)
#: The sections of each shape's document, in order.
SHAPES: dict[str, tuple[Section, ...]] = {
    "community": COMMUNITY,
    "district": DISTRICT,
    "ngo": NGO,
    "unit": UNIT,
}


def sections_of(doc: Document) -> list[Section]:
    """The document's sections that have something to show, in order."""
    return [s for s in SHAPES[doc.shape] if s.shown(doc)]


#: Parts of a shape's document that Markdown cannot lay out (lists inside table cells),
#: written once as HTML from render/html/<name>.html.j2 and shown on both pages.
BLOCKS: dict[str, tuple[str, ...]] = {"ngo": ("business_plan",)}
