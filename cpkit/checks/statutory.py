"""What Czech law requires a community plan to state (Act 108/2006 Coll., § 3(h)): how it
was prepared; existing resources and needs, with an economic assessment; the strategy; the
duties of the parties; how fulfilment is monitored and evaluated; how the plan is changed.

Each item maps to the fields that hold it. A plan under consultation, final or adopted that
states none of an item's fields gets a warning naming the item; Part A of the document lists
where each item is found (`statutory_items`). A draft being written is not warned yet.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from cpkit.core import rules
from cpkit.core.diagnostics import Diagnostic, Rule
from cpkit.model.entities import Plan


def _said(text: str | None) -> bool:
    return bool(text and text.strip())


def _preparation(plan: Plan) -> list[str]:
    info = plan.info
    return [*(["process"] if info and _said(info.process) else []),
            *(["groups"] if plan.groups else [])]  # fmt: skip


def _resources(plan: Plan) -> list[str]:
    """Resources (the services), needs (matrix or demand) and money: all three, or none."""
    needs = [k for k in ("needs_matrix", "demand") if getattr(plan, k)]
    money = [
        *(["funding"] if any(f.amount is not None for s in plan.services for f in s.funding)
          else []),
        *(["costs"] if any(m.costs for m in plan.measures()) else []),
    ]  # fmt: skip
    return ["services", *needs, *money] if plan.services and needs and money else []


def _strategy(plan: Plan) -> list[str]:
    return ["strategy"] if any(True for _ in plan.measures()) else []


def _duties(plan: Plan) -> list[str]:
    info = plan.info
    return [*(["duties"] if info and _said(info.duties) else []),
            *(["implementers"] if any(m.implementer or m.responsible for m in plan.measures())
              else [])]  # fmt: skip


def _monitoring(plan: Plan) -> list[str]:
    info = plan.info
    return [*(["evaluation"] if info and _said(info.evaluation) else []),
            *(["monitoring"] if plan.monitoring else [])]  # fmt: skip


def _changes(plan: Plan) -> list[str]:
    return ["changes"] if plan.info and _said(plan.info.changes) else []


@dataclass(frozen=True, slots=True)
class Item:
    """One thing § 3(h) requires: its rule, its words, what holds it and how to add it."""

    key: str
    rule: Rule
    what: str
    found: Callable[[Plan], list[str]]
    fix: str


ITEMS = (
    Item("preparation", rules.STATUTE_PREPARATION, "how it was prepared", _preparation,
         "write `process` in the `plan` section (Part A), or record the planning groups"),
    Item("resources", rules.STATUTE_RESOURCES,
         "existing resources and needs, with an economic assessment", _resources,
         "list the `services`, a `needs_matrix` or `demand`, and the money: services' "
         "`funding` amounts or measures' `costs`"),
    Item("strategy", rules.STATUTE_STRATEGY, "the strategy", _strategy,
         "state the `priorities` with their objectives and measures"),
    Item("duties", rules.STATUTE_DUTIES, "the duties of the parties", _duties,
         "name each measure's `implementer` or `responsible`, or write `duties` in the "
         "`plan` section"),
    Item("monitoring", rules.STATUTE_MONITORING,
         "how fulfilment is monitored and evaluated", _monitoring,
         "write `evaluation` in the `plan` section, or record the `monitoring` years"),
    Item("changes", rules.STATUTE_CHANGES, "how it is changed", _changes,
         "write `changes` in the `plan` section: who proposes a change and who adopts it"),
)  # fmt: skip


def applies(plan: Plan) -> bool:
    """A community plan, once it is put to consultation, final or adopted."""
    info = plan.info
    return info is not None and info.shape == "community" and info.status != "draft"


def statutory_items(plan: Plan) -> list[tuple[Item, list[str]]]:
    """Each § 3(h) item with the places in the plan that state it (none: missing)."""
    return [(item, item.found(plan)) for item in ITEMS]


def check_statutory(plan: Plan) -> Iterator[Diagnostic]:
    if not applies(plan) or plan.info is None:
        return
    for item, places in statutory_items(plan):
        if not places:
            yield item.rule(plan.info.loc, "not-stated")


CHECKS = (check_statutory,)
