"""The plan's life after the draft: its consultation, the book of comments, the monitoring years."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

from cpkit.model.fields import Entity, PartialDate, spec
from cpkit.model.measures import MeasureStatus

# --- consultation ---------------------------------------------------------------------------

NotFiledReason = Literal["anonymous", "outside-window", "duplicate", "other"]
Channel = Literal["post", "email", "contact-point", "meeting", "online", "phone", "other"]


@dataclass(kw_only=True, slots=True)
class ContactPoint(Entity):
    name: str = spec(
        "Where comments can be handed in, e.g. the City Hall reception.", required=True
    )
    address: str | None = spec("Address.")
    hours: str | None = spec("Opening hours.")


@dataclass(kw_only=True, slots=True)
class Consultation(Entity):
    label: ClassVar[str] = "consultation"
    start: PartialDate = spec("First day on which comments are received.", required=True)
    end: PartialDate = spec("Last day on which comments are received.", required=True)
    channels: list[Channel] = spec("How comments may be sent.", factory=list)
    contact_points: list[ContactPoint] = spec("Where comments can be handed in.", factory=list)
    description: str | None = spec("How the consultation runs (Part D.2). Markdown.")
    questionnaire_text: str | None = spec(
        "What Part G's questionnaire for citizens says before its questions; without it the "
        "built-in text, in the plan's language. Markdown."
    )
    questions: list[str] = spec(
        "The questions of Part G's questionnaire for citizens, in order; without them the "
        "built-in questions, in the plan's language.",
        factory=list,
    )


@dataclass(kw_only=True, slots=True)
class Author(Entity):
    name: str | None = spec(
        "The commenter's name. Personal data: never published unless `publish`."
    )
    organisation: str | None = spec("Organisation the commenter speaks for, if any.")
    contact: str | None = spec("Address, e-mail or phone, to send the settlement to.")
    publish: bool = spec("May the name be published with the comment?", default=False)


@dataclass(kw_only=True, slots=True)
class Comment(Entity):
    label: ClassVar[str] = "comment"
    id: str = spec("Number in the book of comments.", required=True)
    received: PartialDate = spec("Date received.", required=True)
    channel: Channel | None = spec("How it arrived.")
    author: Author | None = spec("Who sent it; anonymous comments are not filed.")
    target: str | None = spec(
        "What it is about: an entity id (1.2.3, a service id) or a Part of the document (A–G).",
        example="1.1.2",
    )
    text: str = spec("The comment, as received.", required=True)
    kind: Literal["substantive", "formal"] | None = spec("substantive or formal.")
    group: str | None = spec("Working group that settles it.", ref="groups")
    decision: Literal["accepted", "partly", "rejected"] | None = spec("How it was settled.")
    reasons: str | None = spec("Why: published in the settlement annex.")
    status: Literal["received", "assigned", "settled"] = spec(
        "received, assigned (to a group) or settled (decided).", default="received"
    )
    filed: bool = spec(
        "false for a comment received but not filed (anonymous comments are not filed, "
        "for one): counted apart, never settled, its text never published.",
        default=True,
    )
    reason: NotFiledReason | None = spec(
        "Why a comment is not filed: anonymous, outside-window, duplicate or other."
    )


# --- monitoring ------------------------------------------------------------------------------


@dataclass(kw_only=True, slots=True)
class MeasureReport(Entity):
    label: ClassVar[str] = "measure report"
    measure: str = spec("The measure reported on.", required=True, ref="measures")
    status: MeasureStatus | None = spec("Where the measure stood at the end of the year.")
    spent: float | None = spec("Money spent in the year, in the plan's currency.")
    note: str | None = spec("What was done. Markdown.")


@dataclass(kw_only=True, slots=True)
class IndicatorValue(Entity):
    label: ClassVar[str] = "indicator value"
    owner: str = spec("Id of the objective or measure the indicator belongs to.", required=True)
    indicator: str = spec("Id of the indicator.", required=True)
    value: float | None = spec("The actual value at the end of the year.")
    comment: str | None = spec("Comment, or the qualitative statement.")


@dataclass(kw_only=True, slots=True)
class Monitoring(Entity):
    label: ClassVar[str] = "monitoring year"
    year: int = spec("The year reported on.", required=True)
    action_plan: list[str] = spec(
        "Measures chosen for the year (the annual implementation plan).",
        factory=list,
        ref="measures",
    )
    measures: list[MeasureReport] = spec("What happened to each measure.", factory=list)
    indicators: list[IndicatorValue] = spec("Actual values of indicators.", factory=list)
    evaluation: str | None = spec("The written evaluation of the year. Markdown.")
    financial_evaluation: str | None = spec("The financial evaluation of the year. Markdown.")
