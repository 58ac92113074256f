"""The `plan` section: what the plan is, for which territory and period, and its status."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Literal

from cpkit.model.fields import Entity, PartialDate, spec

Language = Literal["en", "cs", "zh-Hant"]
Shape = Literal["community", "district", "ngo", "unit"]
Status = Literal["draft", "consultation", "final", "adopted"]


@dataclass(kw_only=True, slots=True)
class Territory(Entity):
    name: str = spec("Name of the municipality, region or district.", required=True)
    kind: Literal["municipality", "city-district", "region", "district", "country", "other"] = spec(
        "What kind of territory it is.", default="municipality"
    )
    code: str | None = spec("Official code (e.g. the statistical office's), if any.")


@dataclass(kw_only=True, slots=True)
class Period(Entity):
    start: PartialDate = spec("First year (or month, or day) of the plan.", required=True)
    end: PartialDate = spec("Last year (or month, or day) of the plan.", required=True)
    incomplete_is_absent: ClassVar[bool] = True  # see Entity


@dataclass(kw_only=True, slots=True)
class Resolution(Entity):
    body: str = spec("Who adopted the plan, e.g. the City Council.", required=True)
    number: str | None = spec("Number of the resolution.", example="RM/123/2004")
    date: PartialDate | None = spec("Date of the resolution.")


@dataclass(kw_only=True, slots=True)
class CheckSettings(Entity):
    disable: list[str] = spec(
        "Rule codes or names `cpkit check` does not report for this plan.",
        factory=list,
        example=["CP403"],
    )


@dataclass(kw_only=True, slots=True)
class PlanInfo(Entity):
    label: ClassVar[str] = "plan"
    id: str | None = spec("Short id of the plan, e.g. usti-2004.")
    title: str = spec("Title of the plan as published.", required=True)
    shape: Shape = spec(
        "community: community plan of social services; district: district plan; "
        "ngo: an organisation's business plan; unit: a service unit's annual plan.",
        default="community",
    )
    territory: Territory | None = spec("The territory the plan covers.")
    period: Period = spec("The planning period.", required=True)
    language: Language = spec("Language of the plan's text and published document.", default="en")
    currency: str | None = spec("ISO 4217 code all money in the plan is in.", example="CZK")
    version: str | None = spec("Version of the plan, e.g. 2 for the second plan.")
    status: Status = spec("draft, consultation, final or adopted.", default="draft")
    owner: str | None = spec(
        "Stakeholder that keeps the plan (the commissioner, or the NGO).", ref="stakeholders"
    )
    adopted_by: Resolution | None = spec("The resolution that adopted the plan.")
    purpose: str | None = spec("Objective of the plan (Part A.1). Markdown.")
    vision: str | None = spec("The vision the plan works towards. Markdown.")
    principles: list[str] = spec("Principles the plan follows.", factory=list)
    values: list[str] = spec("Values the plan is based on.", factory=list)
    process: str | None = spec("How the plan was developed (Part A.4). Markdown.")
    context: str | None = spec("National and regional context (Part A.5). Markdown.")
    based_on: str | None = spec("What the plan is based on (Part B.3). Markdown.")
    duties: str | None = spec(
        "The duties of the parties to the plan (Act 108/2006 Coll., § 3(h)), where the "
        "measures' implementers do not say it all (Part F). Markdown."
    )
    evaluation: str | None = spec(
        "How fulfilment of the plan is monitored and evaluated (§ 3(h); Part F). Markdown."
    )
    changes: str | None = spec(
        "How the plan is changed: who may propose a change, who adopts it (§ 3(h); Part F). "
        "Markdown."
    )
    aligns_with: str | None = spec(
        "Folder of the plan this one works toward (a unit's district plan, a region's "
        "municipal plan), relative to this plan's folder; its objectives and measures "
        "are what `aligns_with` of objectives and measures name.",
        example="../ssp-district",
    )
    check: CheckSettings | None = spec("Settings for `cpkit check`.")
