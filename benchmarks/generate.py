"""Write a synthetic but realistic community plan of a given size, for benchmarks.

    python benchmarks/generate.py OUT --measures 2000 [--seed 1]

The plan is a regional community plan with one area per target group and district, laid
out as a large plan would be: sections split over folders (stakeholders/, services/,
matrix/, swot/, objectives/, comments/, monitoring/) and demographic tables in
demographics/. It passes `cpkit check` with no errors and no warnings. The same arguments
always write the same files.

Counts follow the number of measures N (sub-measures included) unless given: areas N/200
(at least 2), stakeholders N/10, services N/5, comments N/4; --needs, --service-types and
--years set the needs matrix and the period (10, 10 and 5 by default).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
import textwrap
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

MARKER = ".generated"  # hidden, so cpkit never reads it; records the arguments
WIDTH = 96
CHUNK = 250  # entities per file where a section is split over several files

# --- vocabulary -------------------------------------------------------------------------


@dataclass(frozen=True)
class Theme:
    slug: str
    people: str  # the target group, e.g. "Senior citizens"
    area: str  # the area's title
    users: str  # the users' organisation, with {d} for the district
    types: tuple[str, ...]  # service types the area mostly has
    strengths: tuple[str, ...]
    weaknesses: tuple[str, ...]
    second: str | None = None  # a second target group of the area


THEMES = (
    Theme(
        "seniors",
        "Senior citizens",
        "Social care for senior citizens",
        "Senior Council of {d}",
        ("field", "residential-care", "day-care", "respite-care", "sheltered-housing"),
        (
            "Home care is available in every part of the district.",
            "Retirement homes run activation programmes and open their clubs to the public.",
        ),
        (
            "Field services are not available in the evenings and at weekends.",
            "Waiting lists for residential care grow every year.",
        ),
        "Family carers of senior citizens",
    ),
    Theme(
        "disabilities",
        "Adults with disabilities",
        "Services for people with disabilities",
        "Association of People with Disabilities in {d}",
        ("assistance", "day-care", "supported-employment", "sheltered-housing", "counselling"),
        (
            "Personal assistance has a stable team of trained assistants.",
            "Employers in the district take part in supported employment.",
        ),
        (
            "Few buildings and buses in the district are barrier-free.",
            "Sheltered housing has fewer flats than people who need them.",
        ),
    ),
    Theme(
        "families",
        "Families with children",
        "Families, children and youth",
        "Parents' Centre {d}",
        ("counselling", "early-intervention", "field", "low-threshold", "crisis-help"),
        (
            "Schools and social workers of the town cooperate closely.",
            "Parents' centres are run by active volunteers.",
        ),
        (
            "Families in villages far from the town have no counselling nearby.",
            "Social workers of the town have too many cases each.",
        ),
    ),
    Theme(
        "youth",
        "Children and youth at risk",
        "Prevention for children and youth at risk",
        "Youth Parliament of {d}",
        ("low-threshold", "field", "counselling", "crisis-help", "early-intervention"),
        (
            "Low-threshold clubs are well known among young people.",
            "Street work covers the housing estates of the town.",
        ),
        (
            "Clubs are closed at weekends, when young people need them most.",
            "Prevention programmes at schools depend on one-year grants.",
        ),
    ),
    Theme(
        "homeless",
        "People without a home",
        "Prevention of homelessness",
        "Self-help Group of the Homeless in {d}",
        ("shelter", "low-threshold", "field", "counselling", "sheltered-housing"),
        (
            "The shelter and the day centre work together with the town's social workers.",
            "Debt counselling is free and open to everyone.",
        ),
        (
            "Affordable flats for people leaving the shelter are lacking.",
            "The shelter has no places for families with children.",
        ),
    ),
    Theme(
        "addiction",
        "People with addictions",
        "Addiction services",
        "Club of Recovering Addicts, {d}",
        ("low-threshold", "field", "counselling", "follow-up-care", "crisis-help"),
        (
            "Contact centres reach people who use drugs early.",
            "Follow-up care helps clients back to work and housing.",
        ),
        (
            "Services for people addicted to gambling are lacking.",
            "Contact centres meet resistance from neighbours.",
        ),
    ),
    Theme(
        "mental-health",
        "People with mental illness",
        "Mental health care in the community",
        "Users' Association for Mental Health in {d}",
        ("field", "day-care", "supported-employment", "sheltered-housing", "counselling"),
        (
            "The community mental health team works with the psychiatric hospital.",
            "Users of services take part in planning through their association.",
        ),
        (
            "Crisis help is not available at night.",
            "Stigma keeps people from asking for help early.",
        ),
    ),
    Theme(
        "minorities",
        "Ethnic minorities and migrants",
        "Integration of minorities and migrants",
        "Roma Community Association of {d}",
        ("field", "counselling", "low-threshold", "early-intervention", "supported-employment"),
        (
            "Community workers speak the languages of the people they serve.",
            "Schools offer tutoring for children whose first language is not Czech.",
        ),
        (
            "Excluded localities have no services of their own.",
            "People lose benefits because they do not understand official letters.",
        ),
    ),
)

DISTRICTS = (
    "Nová Ves", "Horní Lhota", "Lipová", "Březnice", "Kamenice", "Olešná", "Dubí", "Lužany",
    "Vrbno", "Javorník", "Hradiště", "Podhradí", "Skalice", "Dlouhá Louka", "Malá Skála",
    "Třebenice", "Rovensko", "Bystřice", "Zálesí", "Úvaly", "Chlumec", "Stráž", "Polná",
    "Lomnice",
)  # fmt: skip

# id, name, unit of capacity
SERVICE_TYPES = (
    ("field", "Field services", "clients-per-month"),
    ("assistance", "Personal assistance", "staff-fte"),
    ("day-care", "Day-care centres", "clients-per-day"),
    ("respite-care", "Respite care", "beds"),
    ("residential-care", "Institutional residential care", "beds"),
    ("sheltered-housing", "Sheltered housing", "flats"),
    ("low-threshold", "Low-threshold centres", "clients-per-day"),
    ("counselling", "Social counselling", "clients-per-year"),
    ("supported-employment", "Supported employment", "clients-per-year"),
    ("early-intervention", "Early intervention", "clients-per-year"),
    ("crisis-help", "Crisis help", "places"),
    ("shelter", "Shelters and hostels", "beds"),
    ("follow-up-care", "Follow-up care", "beds"),
    ("social-rehabilitation", "Social rehabilitation", "hours-per-week"),
)
UNITS = (
    "places", "beds", "clients-per-day", "clients-per-month", "clients-per-year",
    "staff-fte", "hours-per-week", "flats",
)  # fmt: skip
CAPACITY_RANGE = {
    "places": (5, 60), "beds": (10, 120), "clients-per-day": (10, 80),
    "clients-per-month": (30, 400), "clients-per-year": (50, 900), "staff-fte": (2, 25),
    "hours-per-week": (20, 400), "flats": (10, 80),
}  # fmt: skip

NEEDS = (
    ("information", "Information on provision"),
    ("counselling", "Advice and counselling"),
    ("financial-management", "Financial management"),
    ("personal-care", "Personal care"),
    ("help-home", "Help in the home"),
    ("housing", "Housing"),
    ("catering", "Catering"),
    ("leisure", "Active leisure activities"),
    ("education", "Education and retraining"),
    ("employment", "Work and employment"),
    ("transport", "Transport"),
    ("health", "Health care"),
)
# which needs a type of service typically meets: the cells of its row that are assessed
MEETS = {
    "field": {"information", "personal-care", "help-home", "catering", "health", "transport"},
    "assistance": {"personal-care", "help-home", "transport", "leisure", "employment"},
    "day-care": {"personal-care", "catering", "leisure", "information", "transport"},
    "respite-care": {"personal-care", "housing", "catering", "health"},
    "residential-care": {"personal-care", "housing", "catering", "leisure", "health"},
    "sheltered-housing": {"housing", "help-home", "information", "financial-management"},
    "low-threshold": {"information", "counselling", "leisure", "education"},
    "counselling": {"information", "counselling", "financial-management", "employment"},
    "supported-employment": {"employment", "education", "counselling"},
    "early-intervention": {"counselling", "information", "education", "help-home"},
    "crisis-help": {"counselling", "housing", "information"},
    "shelter": {"housing", "catering", "counselling", "health"},
    "follow-up-care": {"housing", "employment", "counselling", "health"},
    "social-rehabilitation": {"education", "employment", "leisure", "financial-management"},
}

# sector, name, short id
PROVIDERS = (
    ("church", "Diakonie {d}", "diakonie"),
    ("church", "Charity {d}", "charity"),
    ("municipal", "Social Services of the Town of {d}", "town-services"),
    ("ngo", "Home Care Association {d}", "home-care"),
    ("ngo", "Centre for Independent Living {d}", "cil"),
    ("regional", "Regional Social Care Institution {d}", "rsci"),
    ("private", "Care Partners {d} Ltd.", "care-partners"),
    ("ngo", "Life Together {d}", "life-together"),
    ("ngo", "Open Door {d}", "open-door"),
    ("church", "Salvation Army {d}", "salvation-army"),
    ("ngo", "Step by Step {d}", "step-by-step"),
    ("municipal", "Retirement Home {d}", "retirement-home"),
    ("ngo", "People in Need {d}", "people-in-need"),
    ("ngo", "Rainbow Family Centre {d}", "rainbow"),
    ("private", "Home Nursing {d} Ltd.", "home-nursing"),
    ("ngo", "Fokus {d}", "fokus"),
)
STREETS = ("Main Street", "School Street", "Church Street", "Park Street", "Station Road")
# first names: women's, then men's; surnames: a man's and a woman's form
WOMEN = (
    "Jana",
    "Marie",
    "Eva",
    "Lucie",
    "Hana",
    "Alena",
    "Kateřina",
    "Zuzana",
    "Veronika",
    "Tereza",
)
MEN = ("Petr", "Jan", "Tomáš", "Martin", "Pavel", "Jiří", "Lukáš", "Josef", "Michal", "David")
SURNAMES = (
    ("Novák", "Nováková"), ("Svoboda", "Svobodová"), ("Dvořák", "Dvořáková"),
    ("Černý", "Černá"), ("Procházka", "Procházková"), ("Kučera", "Kučerová"),
    ("Veselý", "Veselá"), ("Horák", "Horáková"), ("Němec", "Němcová"), ("Marek", "Marková"),
    ("Pokorný", "Pokorná"), ("Pospíšil", "Pospíšilová"), ("Hájek", "Hájková"),
    ("Král", "Králová"), ("Jelínek", "Jelínková"), ("Růžička", "Růžičková"),
    ("Beneš", "Benešová"), ("Fiala", "Fialová"), ("Sedláček", "Sedláčková"),
    ("Doležal", "Doležalová"),
)  # fmt: skip

FUND_SOURCES = (
    ("municipality", 5), ("region", 5), ("state", 4), ("eu", 2), ("clients", 2),
    ("health-insurance", 1), ("foundations", 1), ("sponsors", 1), ("own-income", 1),
)  # fmt: skip

MEASURE_TITLES = (
    "Development of {st} for {tg_l}",
    "Extension of {st} to evenings and weekends in {d}",
    "Quality standards in {st} in {d}",
    "Training of the staff of {st}",
    "Information campaign on {st} for {tg_l}",
    "Transformation of {st} towards care in the community",
    "Volunteer programme supporting {st} in {d}",
    "Mobile team of {st} for the villages of {d}",
    "Cooperation of {st} with health care and schools",
    "Case management for clients of {st} in {d}",
    "Barrier-free premises for {st} in {d}",
    "Stable multi-year funding of {st} in {d}",
)
NEW_SERVICE_TITLES = (
    "New {st} for {tg_l}",
    "Establishment of {st} in {d}",
    "Pilot project of {st} for {tg_l}",
)
SUB_TITLES = (
    "Preparation of the project and its documentation",
    "Recruitment and training of staff",
    "Barrier-free adaptation of the premises",
    "Pilot operation in {d}",
    "Evaluation of the pilot operation",
    "Full operation and its funding",
    "Agreement with the town of {d} on the premises",
)
CHARACTERISTICS = (
    "The provider extends {st} for {tg_l} and adapts its hours to clients' needs.",
    "Staff are trained in individual planning and in the quality standards of social services.",
    "The premises are adapted so that they are barrier-free.",
    "The service works with families, volunteers and local health care providers.",
    "Clients are referred by the town's social workers and by the job centre.",
    "A case manager coordinates the services each client uses.",
    "Outreach work covers the villages of the district as well as the town.",
    "The service keeps records that show its use by month and by client group.",
)
IMPACTS = (
    "{tg} can stay in their own homes for longer.",
    "Waiting lists for {st} become shorter.",
    "Clients and their families know where to turn for help.",
    "Fewer people need institutional care.",
    "Providers use their capacity better and share information on clients' needs.",
    "The quality of {st} improves, as client surveys show.",
    "Clients gain skills they need to live independently.",
)
RISKS = (
    "Funding from the state budget is uncertain from year to year.",
    "Qualified staff are hard to recruit in {d}.",
    "The building permit may come late.",
    "Clients' payments may not cover the rising costs.",
    "The call for EU funds may be delayed.",
    "Neighbours may oppose the new service.",
)
OTHERS = (
    "volunteers", "schools", "general practitioners", "churches", "cooperating families",
    "the local library", "housing associations",
)  # fmt: skip
OBJECTIVES = (
    ("Support for {tg_l} to live in their own homes", "Field and outpatient services reach "
     "everyone who needs them, so that {tg_l} can stay at home."),
    ("Quality and availability of services for {tg_l}", "Services meet the quality standards "
     "and are available where and when {tg_l} need them."),
    ("Information and awareness of {tg_l}", "{tg} and their families know which services exist "
     "and how to use them."),
    ("Prevention and early help in {d}", "Problems are addressed early, before they need "
     "crisis or residential care."),
    ("Capacity of services matching demand in {d}", "The capacity of services follows the "
     "demand shown by the demographic forecast."),
    ("Cooperation of services for {tg_l}", "Providers, health care, schools and the job centre "
     "work together around each client."),
)  # fmt: skip
JOINT_OBJECTIVES = (
    ("Management and coordination of community planning", "The planning structures meet "
     "regularly and the plan is kept up to date."),
    ("Information system and monitoring of the plan", "Data on services and their use are "
     "collected every year and the plan is evaluated against them."),
    ("Financing of the network of social services", "The network of services is funded from "
     "several sources, with multi-year agreements."),
    ("Participation of users and the public", "Users and the public take part in planning "
     "and know its results."),
)  # fmt: skip
JOINT_MEASURES = (
    "Regular meetings of the coordination groups and the management team",
    "Annual report on the network of social services",
    "Update of the service catalogue and the needs matrix",
    "Multi-year funding agreements with providers",
    "Public conference on the results of the plan",
    "Web portal of social services in the region",
    "Survey of users' satisfaction with services",
    "Training of planning facilitators",
)
COMMENT_TEXTS = {
    "measure": (
        "The measure should start earlier; people are waiting for the service now.",
        "Please include the villages of the district, not only the town.",
        "The costs seem too low for the work described.",
        "Users should take part in choosing how the service is run.",
        "The service should also be open on Saturdays.",
    ),
    "objective": (
        "The objective should name how many clients it aims to reach.",
        "The objective does not mention family carers.",
        "Please add an indicator of waiting times.",
    ),
    "service": (
        "The capacity given for this service is out of date.",
        "The service's contact is wrong in the catalogue.",
    ),
    "area": (
        "The area should also cover people leaving institutional care.",
        "The SWOT analysis does not mention the lack of transport.",
    ),
    "part": (
        "Part C should show how much clients pay for the services.",
        "The demographic forecast in Part B should go to 2030.",
        "Part D should say where the draft could be read.",
    ),
}
REASONS = {
    "accepted": "The plan was amended as proposed.",
    "partly": "The proposal is included in part; the rest will be considered in the next plan.",
    "rejected": "The proposal cannot be funded within the planning period.",
}


# --- YAML writing ------------------------------------------------------------------------

_RESOLVER = yaml.resolver.Resolver()
_PLAIN_START = re.compile(r"[^\s\-?:,\[\]{}#&*!|>'\"%@`]")


@dataclass(frozen=True)
class Quoted:
    """Text always written in double quotes: hierarchical ids, "yes" and "no"."""

    text: str


@dataclass(frozen=True)
class Raw:
    """Written as it is: dates, which YAML reads as dates, not text."""

    text: str


@dataclass(frozen=True)
class Literal:
    """Text written as a literal block (`|`): line breaks kept."""

    text: str


def scalar(text: str, *, flow: bool = False) -> str:
    """Text as a YAML scalar: plain when YAML reads it back as the same text, else quoted."""
    plain = (
        text
        and _PLAIN_START.match(text)
        and ": " not in text
        and " #" not in text
        and not text.endswith((":", " "))
        and "\n" not in text
        and not (flow and any(c in text for c in ",[]{}"))
        and _RESOLVER.resolve(yaml.ScalarNode, text, (True, False)) == "tag:yaml.org,2002:str"
    )
    return text if plain else json.dumps(text, ensure_ascii=False)


def value(v: Any, *, flow: bool = False) -> str:
    """A value on one line; mappings and lists in flow style."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        return f"{v:.3f}".rstrip("0").rstrip(".")
    if isinstance(v, Quoted):
        return json.dumps(v.text, ensure_ascii=False)
    if isinstance(v, Raw):
        return v.text
    if isinstance(v, dict):
        return "{" + ", ".join(f"{k}: {value(x, flow=True)}" for k, x in v.items()) + "}"
    if isinstance(v, list):
        return "[" + ", ".join(value(x, flow=True) for x in v) + "]"
    return scalar(str(v), flow=flow)


def _flat(v: Any) -> bool:
    """Small enough for flow style: no text with line breaks, nesting at most two deep."""
    if isinstance(v, dict):
        return all(_flat(x) and not isinstance(x, Literal) for x in v.values())
    if isinstance(v, list):
        return all(not isinstance(x, (dict, list)) for x in v)
    return not isinstance(v, Literal)


def _texty(items: list[Any]) -> bool:
    return any(isinstance(x, str) and " " in x for x in items)


class Out:
    """The lines of one YAML file, written in the style people write plans in."""

    def __init__(self, *comments: str) -> None:
        self.lines = [
            line
            for c in comments
            for line in textwrap.wrap(c, WIDTH, initial_indent="# ", subsequent_indent="# ")
        ]

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"

    def section(self, name: str, content: Any) -> None:
        """A top-level section: a list of entities, or one mapping."""
        if self.lines and not self.lines[-1].startswith("#"):
            self.lines.append("")
        self.lines.append(f"{name}:")
        if isinstance(content, dict):
            self.mapping(2, content)
        else:
            for item in content:
                self.mapping(4, item, dash=True)

    def mapping(self, col: int, m: dict[str, Any], *, dash: bool = False) -> None:
        first = True
        for k, v in m.items():
            if v is None or (isinstance(v, (list, dict)) and not v):
                continue
            prefix = " " * (col - 2) + "- " if dash and first else " " * col
            self.field(prefix, col, k, v)
            first = False

    def field(self, prefix: str, col: int, key: str, v: Any) -> None:
        head = f"{prefix}{key}:"
        if isinstance(v, Literal):
            self.lines.append(f"{head} |")
            self.lines.extend(" " * (col + 2) + ln if ln else "" for ln in v.text.splitlines())
        elif isinstance(v, dict):
            line = f"{head} {value(v)}"
            if _flat(v) and len(line) <= WIDTH:
                self.lines.append(line)
            else:
                self.lines.append(head)
                self.mapping(col + 2, v)
        elif isinstance(v, list) and v and isinstance(v[0], dict):
            self.lines.append(head)
            for item in v:
                line = " " * (col + 2) + "- " + value(item)
                if _flat(item) and len(line) <= WIDTH:
                    self.lines.append(line)
                else:
                    self.mapping(col + 4, item, dash=True)
        elif isinstance(v, list) and _texty(v):
            self.lines.append(head)
            for item in v:
                self.text_line(" " * (col + 2) + "- ", col + 4, item)
        elif isinstance(v, list):
            line = f"{head} {value(v)}"
            if len(line) <= WIDTH:
                self.lines.append(line)
                return
            if len(v) <= 12:
                self.lines.append(head)
                self.lines.extend(" " * (col + 2) + "- " + value(x) for x in v)
                return
            body = " " * (col + 4)
            joined = ", ".join(value(x, flow=True) for x in v) + "]"
            self.lines.append(f"{head} [")
            self.lines.extend(
                textwrap.wrap(
                    joined,
                    WIDTH,
                    initial_indent=body,
                    subsequent_indent=body,
                    break_on_hyphens=False,
                    break_long_words=False,
                )
            )
        else:
            self.text_line(f"{head} ", col + 2, v)

    def text_line(self, prefix: str, col: int, v: Any) -> None:
        """A scalar after its key or dash; long text as a folded block."""
        line = prefix + value(v)
        if not isinstance(v, str) or len(line) <= WIDTH:
            self.lines.append(line)
            return
        self.lines.append(prefix + ">-")
        body = " " * col
        self.lines.extend(
            textwrap.wrap(
                v,
                WIDTH,
                initial_indent=body,
                subsequent_indent=body,
                break_on_hyphens=False,
                break_long_words=False,
            )
        )


def slug(text: str) -> str:
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-")[:60]


def _date(year: int, month: int | None) -> Raw:
    return Raw(f"{year}-{month:02d}" if month else str(year))


# --- the plan in memory ------------------------------------------------------------------


@dataclass
class Sizes:
    measures: int
    areas: int
    stakeholders: int
    services: int
    comments: int
    needs: int
    service_types: int
    years: int
    start: int


@dataclass
class AreaInfo:
    number: int
    id: str
    name: str
    theme: Theme
    district: str
    town: str  # the district's municipality, a commissioner
    tgs: list[str]
    group: str = ""
    users: str = ""
    chair: str = ""
    responsible: list[str] = field(default_factory=list)
    providers: list[str] = field(default_factory=list)
    services: dict[str, list[str]] = field(default_factory=dict)  # type → service ids
    missing: list[str] = field(default_factory=list)  # ROW/NEED
    types: list[str] = field(default_factory=list)  # the theme's types this plan has


@dataclass
class MeasureInfo:
    id: str
    area: AreaInfo | None
    subs: list[MeasureInfo] = field(default_factory=list)
    answers: list[str] = field(default_factory=list)
    start: tuple[int, int | None] = (0, None)
    end: tuple[int, int | None] = (0, None)
    per_year: dict[int, int] = field(default_factory=dict)
    status: str = "planned"
    indicators: list[dict[str, Any]] = field(default_factory=list)
    card: dict[str, Any] = field(default_factory=dict)

    @property
    def leaf(self) -> bool:
        return not self.subs


class Generator:
    """Draws the whole plan from one random generator, then writes it file by file."""

    def __init__(self, sizes: Sizes, seed: int) -> None:
        self.n = sizes
        self.seed = seed
        self.rng = random.Random(seed)
        self.y0, self.y1 = sizes.start, sizes.start + sizes.years - 1
        self.region = "Labe Valley Region"
        self.used: set[str] = set()
        self.names: dict[str, str] = {}
        self.stakeholders: list[dict[str, Any]] = []
        self.groups: list[dict[str, Any]] = []
        self.areas: list[AreaInfo] = []
        self.tg_names: dict[str, str] = {}
        self.services: list[dict[str, Any]] = []
        self.rows: dict[int, list[dict[str, Any]]] = {}
        self.row_type: dict[str, str] = {}
        self.measures: list[MeasureInfo] = []
        self.priorities: list[tuple[AreaInfo | None, dict[str, Any]]] = []
        self.objectives: list[tuple[str, list[dict[str, Any]]]] = []
        self.types = list(SERVICE_TYPES[: sizes.service_types])
        for i in range(len(self.types), sizes.service_types):
            self.types.append((f"type-{i + 1}", f"Other services {i + 1}", UNITS[i % len(UNITS)]))
        self.unit = {t: u for t, _, u in self.types}
        self.type_name = {t: n for t, n, _ in self.types}
        self.needs = list(NEEDS[: sizes.needs])
        for i in range(len(self.needs), sizes.needs):
            self.needs.append((f"need-{i + 1}", f"Other need {i + 1}"))
        extra = [n for n, _ in self.needs[len(NEEDS) :]]
        self.meets = {
            t: MEETS.get(t, set()) | {n for n in extra if self.rng.random() < 0.3}
            for t in self.unit
        }

    # --- helpers ------------------------------------------------------------------------

    def unique(self, base: str) -> str:
        ident, n = base, 1
        while ident in self.used:
            n += 1
            ident = f"{base}-{n}"
        self.used.add(ident)
        return ident

    def pick(self, items: Sequence[Any]) -> Any:
        return items[self.rng.randrange(len(items))]

    def fill(self, template: str, a: AreaInfo | None, st: str | None = None) -> str:
        tg = self.tg_names[a.tgs[0]] if a else "Users of social services"
        return template.format(
            d=a.district if a else self.region,
            tg=tg,
            tg_l=tg[0].lower() + tg[1:],
            st=(self.type_name[st] if st else "social services").lower(),
        )

    def sources(self, k: int) -> list[str]:
        names = [s for s, _ in FUND_SOURCES]
        weights = [w for _, w in FUND_SOURCES]
        chosen: list[str] = []
        while len(chosen) < k:
            s = self.rng.choices(names, weights)[0]
            if s not in chosen:
                chosen.append(s)
        return chosen

    def full_name(self) -> str:
        woman = self.rng.random() < 0.6
        surname = self.pick(SURNAMES)[woman]
        return f"{self.pick(WOMEN if woman else MEN)} {surname}"

    def add(self, base: str, name: str, **fields: Any) -> str:
        ident = self.unique(base)
        self.stakeholders.append({"id": ident, "name": name, **fields})
        self.names[ident] = name
        return ident

    def person(self, organisation: str, position: str) -> str:
        name = self.full_name()
        ident = self.unique(slug(name))
        self.stakeholders.append(
            {
                "id": ident,
                "name": name,
                "kind": "person",
                "organisation": organisation,
                "position": position,
                "contact": {"email": f"{ident}@example.org"},
            }
        )
        self.names[ident] = name
        return ident

    # --- drawing the plan ---------------------------------------------------------------

    def build(self) -> None:
        self.pad = max(2, len(str(self.n.areas)))  # digits of area numbers in file names
        self.draw_areas()
        self.draw_stakeholders()
        self.draw_services()
        self.draw_matrix()
        self.draw_strategy()

    def draw_areas(self) -> None:
        for k in range(self.n.areas):
            theme = THEMES[k % len(THEMES)]
            cycle, d = divmod(k // len(THEMES), len(DISTRICTS))
            district = DISTRICTS[d] + (f" {cycle + 1}" if cycle else "")
            ident = self.unique(f"{theme.slug}-{slug(district)}")
            self.tg_names[ident] = f"{theme.people} in {district}"
            tgs = [ident]
            if theme.second:
                second = self.unique(f"carers-{slug(district)}")
                self.tg_names[second] = f"{theme.second} in {district}"
                tgs.append(second)
            a = AreaInfo(
                k + 1,
                ident,
                f"{theme.area} in {district}",
                theme,
                district,
                f"town-{slug(district)}",
                tgs,
            )
            a.types = [t for t in theme.types if t in self.unit] or list(self.unit)
            self.areas.append(a)

    def draw_stakeholders(self) -> None:
        r = self.region
        self.owner = self.add(
            "region-office",
            f"{r} — Regional Authority, Social Affairs Department",
            side="commissioner",
            sector="regional",
        )
        council = self.add(
            "regional-council", f"Council of the {r}", side="commissioner", sector="regional"
        )
        committee = self.add(
            "social-committee",
            "Social Affairs Committee of the Regional Assembly",
            side="commissioner",
            sector="regional",
        )
        self.coordinator = self.person(self.owner, "Coordinator of community planning")
        job_centre = self.add(
            "job-centre", f"Labour Office — {r} Branch", roles=["job-centre"], sector="state"
        )
        university = self.add(
            "university", "Faculty of Social Studies", roles=["research", "school"], sector="state"
        )
        self.add(
            "employers-council",
            f"Employers' Council of the {r}",
            roles=["employer"],
            sector="private",
        )
        self.add(
            "health-insurer",
            f"General Health Insurance Company — {r} Branch",
            roles=["health", "funder"],
            sector="state",
        )
        self.add(
            "community-foundation",
            f"Community Foundation of the {r}",
            roles=["funder"],
            sector="ngo",
        )
        self.add(
            "regional-police", f"Police Directorate of the {r}", roles=["police"], sector="state"
        )
        self.add("regional-daily", f"{r} Daily", roles=["media"], sector="private")
        for a in self.areas:
            if a.town not in self.names:
                self.add(
                    a.town,
                    f"Town of {a.district} — Social Affairs Department",
                    side="commissioner",
                    sector="municipal",
                    contact={
                        "address": f"Town Hall, {a.district}",
                        "web": f"www.{slug(a.district)}.example.org",
                    },
                )
            users = a.theme.users.format(d=a.district)
            a.users = self.add(slug(users), users, side="user", sector="informal")
            a.chair = self.person(a.town, "Chair of the coordination group")
        # providers: at least two per area, then as many as the requested count leaves
        fixed = len(self.stakeholders) + len(self.areas)  # + a manager per area, below
        count = max(2 * len(self.areas), self.n.stakeholders - fixed)
        taken: dict[str, int] = {}
        for j in range(count):
            a = self.areas[j % len(self.areas)]
            sector, template, short = PROVIDERS[(len(a.providers) + a.number) % len(PROVIDERS)]
            name = template.format(d=a.district)
            taken[name] = n = taken.get(name, 0) + 1
            if n > 1:  # areas of one district draw on the same names
                name = f"{name} {n}"
            ident = self.add(f"{short}-{slug(a.district)}", name, side="provider", sector=sector)
            if self.rng.random() < 0.4:
                phone = " ".join(str(self.rng.randrange(100, 999)) for _ in range(3))
                self.stakeholders[-1]["contact"] = {
                    "email": f"info@{ident}.example.org",
                    "phone": f"+420 {phone}",
                }
            a.providers.append(ident)
        for a in self.areas:
            a.responsible = [a.chair, self.person(a.providers[0], "Manager of social services")]
        self.groups = [
            {
                "id": "management-team",
                "name": "Management Team of Community Planning",
                "kind": "management",
                "chair": self.coordinator,
                "members": [
                    self.owner,
                    committee,
                    job_centre,
                    self.coordinator,
                    *(a.chair for a in self.areas[:12]),
                ],
                "description": "Steers the planning process, prepares the annual implementation "
                "plans and evaluates the plan (Part F).",
            },
            {
                "id": "agreement-group",
                "name": "Agreement Group",
                "kind": "agreement",
                "members": [council, committee, self.owner, job_centre],
                "description": "Links the planning to the Council and the Assembly of the region.",
            },
            {
                "id": "information-team",
                "name": "Team for Work with Information",
                "kind": "information",
                "members": [self.owner, university, self.coordinator],
                "description": "Runs the information system on social services and prepares the "
                "annual report on the network of services.",
            },
        ]
        self.used.update(g["id"] for g in self.groups)
        for a in self.areas:
            a.group = self.unique(f"cg-{a.id}")
            self.groups.append(
                {
                    "id": a.group,
                    "name": f"Coordination Group — {a.name}",
                    "kind": "coordination",
                    "chair": a.chair,
                    "members": [a.town, self.owner, *a.providers[:8], a.users, job_centre, a.chair],
                    "description": "Made the needs matrix and the SWOT analysis of the area and "
                    f"drafted its objectives and measures; meets every two months in {a.district}.",
                }
            )

    def draw_services(self) -> None:
        rng = self.rng
        for i in range(max(self.n.services, len(self.areas))):
            a = self.areas[i % len(self.areas)]
            st = self.pick(a.types) if rng.random() < 0.9 else self.pick(list(self.unit))
            provider = self.pick(a.providers)
            unit = self.unit[st]
            low, high = CAPACITY_RANGE[unit]
            service: dict[str, Any] = {
                "id": self.unique(f"{provider}-{st}"),
                "name": f"{self.type_name[st]} — {self.names[provider]}",
                "provider": provider,
                "type": st,
                "target_groups": a.tgs[: 2 if rng.random() < 0.3 else 1],
                "capacity": {"value": rng.randint(low, high), "unit": unit},
                "location": {
                    "address": f"{self.pick(STREETS)} {rng.randint(1, 99)}, {a.district}",
                    "municipality": a.district,
                },
                "funding": [
                    {
                        "source": source,
                        "amount": rng.randrange(100, 20000) * 1000,
                        "year": self.y0,
                        "secured": rng.random() < 0.8,
                    }
                    for source in self.sources(rng.randint(1, 3))
                ],
            }
            if rng.random() < 0.5:
                service["registry_id"] = Quoted(str(rng.randrange(1_000_000, 9_999_999)))
            if rng.random() < 0.3:
                service["description"] = self.fill(self.pick(CHARACTERISTICS), a, st)
            self.services.append(service)
            a.services.setdefault(st, []).append(service["id"])

    def draw_matrix(self) -> None:
        rng = self.rng
        for a in self.areas:
            rows = []
            for st in self.unit:
                row_id = self.unique(f"{a.id}-{st}")
                self.row_type[row_id] = st
                have = a.services.get(st, [])
                cells: dict[str, Any] = {}
                for need, _ in self.needs:
                    roll = rng.random()
                    if need not in self.meets[st]:
                        cell: Any = "not-needed"
                    elif not have:
                        cell = "missing" if roll < 0.4 else "not-needed"
                    elif roll < 0.06:
                        cell = "missing"
                    elif roll < 0.16:
                        cell = "provided"
                    else:
                        cell = sorted(rng.sample(have, min(len(have), rng.randint(1, 3))))
                    if cell == "missing":
                        a.missing.append(f"{row_id}/{need}")
                    cells[need] = cell
                rows.append(
                    {
                        "id": row_id,
                        "area": a.id,
                        "target_group": a.tgs[0],
                        "service_type": st,
                        "cells": cells,
                    }
                )
            self.rows[a.number] = rows

    def draw_strategy(self) -> None:
        total = self.n.measures
        joint = min(total - len(self.areas), max(2, total // 50))
        rest, n = total - joint, len(self.areas)
        for i, a in enumerate(self.areas):
            self.draw_priority(str(a.number), a, rest // n + (i < rest % n))
        if joint:
            self.draw_priority(str(n + 1), None, joint)
        assert len(self.measures) == total, (len(self.measures), total)

    def draw_priority(self, pid: str, a: AreaInfo | None, budget: int) -> None:
        rng = self.rng
        pool = OBJECTIVES if a else JOINT_OBJECTIVES
        n_obj = min(budget, rng.randint(3, len(pool)) if a else len(pool))
        objectives = []
        leaves: list[MeasureInfo] = []
        for i in range(n_obj):
            oid = f"{pid}.{i + 1}"
            measures = self.draw_measures(oid, a, budget // n_obj + (i < budget % n_obj))
            leaves.extend(m for top in measures for m in _tree(top) if m.leaf)
            title, desc = pool[i]
            indicators = [self.indicator(a, None, objective=True)]
            objectives.append(
                {
                    "id": oid,
                    "title": self.fill(title, a),
                    "description": self.fill(desc, a),
                    "indicators": indicators,
                    "measures": measures,
                }
            )
            self.objectives.append((oid, indicators))
        if a is not None:  # every gap of the area's needs matrix is answered by a measure
            rng.shuffle(leaves)
            for i, key in enumerate(a.missing):
                leaves[i % len(leaves)].answers.append(key)
        for o in objectives:
            o["measures"] = [self.draw_card(m) for m in o["measures"]]
        self.priorities.append(
            (
                a,
                {
                    "id": Quoted(pid),
                    "title": a.name if a else "Coordination and development of community planning",
                    "area": a.id if a else None,
                    "description": f"Area No. {a.number} of Part E: services for "
                    f"{self.fill('{tg_l}', a)}."
                    if a
                    else "The joint objectives of Part F, shared by all areas.",
                    "objectives": objectives,
                },
            )
        )

    def draw_measures(self, oid: str, a: AreaInfo | None, budget: int) -> list[MeasureInfo]:
        out: list[MeasureInfo] = []
        while budget > 0:
            m = MeasureInfo(f"{oid}.{len(out) + 1}", a)
            subs = min(budget - 1, self.rng.randint(2, 4)) if self.rng.random() < 0.2 else 0
            m.subs = [MeasureInfo(f"{m.id}.{s + 1}", a) for s in range(subs if subs >= 2 else 0)]
            self.measures.extend(_tree(m))
            budget -= 1 + len(m.subs)
            out.append(m)
        return out

    def indicator(
        self, a: AreaInfo | None, st: str | None, *, objective: bool = False, taken: str = ""
    ) -> dict[str, Any]:
        rng = self.rng
        kinds = ["clients", "waiting-list", "satisfaction", "trained-staff", "capacity"]
        kind = self.pick([k for k in [*kinds, *([] if objective else ["standards"])] if k != taken])
        if kind == "standards":
            return {
                "id": kind,
                "name": "Quality standards of social services met",
                "qualitative": True,
                "target": {"year": self.y1, "comment": "all standards met at the inspection"},
            }
        if kind == "clients":
            b = rng.randrange(20, 600)
            name, unit, t = "Clients served per year", "clients", b + rng.randrange(10, 300)
        elif kind == "waiting-list":
            b = rng.randrange(20, 200)
            name, unit, t = "People on the waiting list", "persons", b // rng.randint(2, 5)
        elif kind == "satisfaction":
            b = rng.randrange(55, 80)
            name, unit, t = "Clients satisfied with the services", "%", rng.randrange(82, 96)
        elif kind == "trained-staff":
            b = rng.randrange(5, 40)
            name, unit, t = "Staff trained in the quality standards", "%", 100
        else:
            st = st or (a.types[0] if a else None)
            unit = self.unit[st] if st else "places"
            b = rng.randrange(10, 200)
            name, t = f"Capacity of {self.fill('{st}', a, st)}", b + rng.randrange(5, 60)
        return {
            "id": kind,
            "name": name,
            "unit": unit,
            "baseline": {"value": b, "year": self.y0 - 1},
            "target": {"value": t, "year": self.y1},
        }

    def draw_card(self, m: MeasureInfo) -> dict[str, Any]:
        """The measure card: drawn at random, but costs add up and dates fall in the period."""
        rng, a = self.rng, m.area
        subs = [self.draw_card(s) for s in m.subs]
        st = self.row_type[m.answers[0].split("/")[0]] if m.answers else None
        st = st or (self.pick(a.types) if a else None)
        implementer = self.pick(a.providers) if a else self.owner
        if subs:
            m.start = (min(s.start[0] for s in m.subs), None)
            m.end = (max(s.end[0] for s in m.subs), None)
            m.card = {
                "id": Quoted(m.id),
                "title": self.fill(self.pick(MEASURE_TITLES), a, st),
                "characteristics": self.fill(self.pick(CHARACTERISTICS), a, st),
                "implementer": implementer,
                "start": _date(*m.start),
                "end": _date(*m.end),
                "measures": subs,
            }
            return m.card
        s = rng.randint(self.y0, self.y1)
        e = rng.randint(s, min(self.y1, s + 3))
        ms = rng.randint(1, 9) if rng.random() < 0.2 else None
        me = rng.randint(ms if s == e and ms else 1, 12) if ms else None
        m.start, m.end = (s, ms), (e, me)
        if a is None:
            title = self.pick(JOINT_MEASURES)
        elif m.answers:
            title = self.fill(self.pick(NEW_SERVICE_TITLES), a, st)
        elif m.id.count(".") >= 3:
            title = self.fill(self.pick(SUB_TITLES), a, st)
        else:
            title = self.fill(self.pick(MEASURE_TITLES), a, st)
        m.per_year = {y: rng.randrange(50, 3000) * 1000 for y in range(s, e + 1)}
        total = sum(m.per_year.values())
        funded = int(total * rng.uniform(0.6, 1.0)) // 1000 * 1000
        sources = self.sources(rng.randint(1, 4))
        shares = [funded // len(sources) // 1000 * 1000] * (len(sources) - 1)
        funds = []
        for source, amount in zip(sources, [*shares, funded - sum(shares)], strict=True):
            fund: dict[str, Any] = {"source": source, "amount": amount}
            if rng.random() < 0.4:
                fund["year"] = s
            if rng.random() < 0.5:
                fund["secured"] = True
            funds.append(fund)
        others = [p for p in a.providers if p != implementer] if a else []
        organisations = [implementer, *rng.sample(others, min(1, len(others)))]
        if a and rng.random() < 0.4:
            organisations.append(a.town)
        new = "yes" if m.answers else self.pick(("no", "no", "partly"))
        m.status = rng.choices(
            ("done", "in-progress", "postponed", "cancelled", "planned"), (11, 4, 2, 1, 2)
        )[0]
        m.indicators = [self.indicator(a, st)]
        if rng.random() < 0.4:
            m.indicators.append(self.indicator(a, st, taken=m.indicators[0]["id"]))
        costs: dict[str, Any] = {"total": total, "per_year": m.per_year}
        if rng.random() < 0.2:
            costs["note"] = "operating costs of the provider are not included"
        card: dict[str, Any] = {
            "id": Quoted(m.id),
            "title": title,
            "characteristics": " ".join(
                self.fill(t, a, st) for t in rng.sample(CHARACTERISTICS, rng.randint(2, 3))
            ),
            "impact": " ".join(self.fill(t, a, st) for t in rng.sample(IMPACTS, rng.randint(1, 2))),
            "costs": costs,
            "funds": funds,
            "clients": {self.pick(("per_day", "per_month", "per_year")): rng.randrange(5, 400)},
            "organisations": organisations,
            "other_organisations": rng.sample(OTHERS, rng.randint(1, 3))
            if rng.random() < 0.4
            else None,
            "new_service": new if new == "partly" else Quoted(new),
            "new_service_note": "the service exists; extending it is new"
            if new == "partly"
            else None,
            "implementer": implementer,
            "responsible": self.pick(a.responsible) if a else self.coordinator,
            "start": _date(s, ms),
            "end": _date(e, me),
            "status": m.status,
            "indicators": m.indicators,
            "risks": [self.fill(r, a, st) for r in rng.sample(RISKS, rng.randint(1, 2))]
            if rng.random() < 0.6
            else None,
            "answers": m.answers,
        }
        if m.answers and a and st:
            low, high = CAPACITY_RANGE[self.unit[st]]
            card["adds_capacity"] = [
                {
                    "service_type": st,
                    "target_groups": [a.tgs[0]],
                    "value": rng.randint(low, high) // 2 + 1,
                    "unit": self.unit[st],
                }
            ]
        m.card = card
        return card

    # --- files --------------------------------------------------------------------------

    def files(self) -> dict[str, str]:
        f: dict[str, str] = {"plan.yaml": self.plan_file()}
        for part, chunk in _chunks(self.stakeholders, CHUNK):
            f[f"stakeholders/part-{part}.yaml"] = _file(
                "stakeholders",
                chunk,
                f"Stakeholders, part {part}: commissioners, providers, "
                "users and others. Persons' contacts are private.",
            )
        f["groups.yaml"] = _file("groups", self.groups, "The planning structures.")
        out = Out("Target groups and areas: one area per target group and district.")
        out.section(
            "target_groups",
            [
                {
                    "id": tg,
                    "name": self.tg_names[tg],
                    "description": f"People living in {a.district} and its villages.",
                }
                for a in self.areas
                for tg in a.tgs
            ],
        )
        out.section(
            "areas",
            [
                {
                    "id": a.id,
                    "name": a.name,
                    "group": a.group,
                    "target_groups": a.tgs,
                    "description": f"Area No. {a.number} of Part E: {a.theme.area.lower()} in "
                    f"{a.district} and its villages.",
                }
                for a in self.areas
            ],
        )
        f["areas.yaml"] = out.text()
        f["needs.yaml"] = _file(
            "needs",
            [{"id": i, "name": n} for i, n in self.needs],
            "The needs: the columns of every area's needs matrix.",
        )
        f["services/types.yaml"] = _file(
            "service_types",
            [{"id": i, "name": n} for i, n, _ in self.types],
            "Kinds of service: the rows of every area's needs matrix.",
        )
        for part, chunk in _chunks(self.services, CHUNK):
            f[f"services/part-{part}.yaml"] = _file(
                "services",
                chunk,
                f"The service catalogue, part {part}: capacity and funding in {self.y0}.",
            )
        for a in self.areas:
            f[f"matrix/area-{a.number:0{self.pad}d}.yaml"] = _file(
                "needs_matrix",
                self.rows[a.number],
                f"The needs matrix of area {a.number}, {a.name}, made by its coordination group.",
            )
        for part, chunk in _chunks(self.areas, 10):
            f[f"swot/part-{part}.yaml"] = _file(
                "swot", [self.swot(a) for a in chunk], "SWOT analyses of the coordination groups."
            )
        f["demand.yaml"] = _file(
            "demand",
            [
                {
                    "target_group": a.tgs[0],
                    "service_type": st,
                    "share": round(self.rng.uniform(0.005, 0.08), 3),
                    "unit": self.unit[st],
                    "source": f"Coordination group estimate, {self.y0 - 1}",
                }
                for a in self.areas
                for st in a.types[:3]
            ],
            "How much of each target group needs a type of service: the capacity gaps.",
        )
        f["demographics/population.csv"] = self.population()
        f["demographics/age-structure.csv"] = self.age_structure()
        for a, prio in self.priorities:
            name = f"area-{a.number:0{self.pad}d}" if a else "joint"
            what = f"Part E, area {a.number}: {a.name}." if a else "Part F: joint objectives."
            f[f"objectives/{name}.yaml"] = _file("priorities", [prio], what)
        f.update(self.consultation_files())
        for year in range(self.y0, self.y1 + 1):
            out = Out(f"The implementation plan of {year} and its evaluation.")
            out.section("monitoring", self.monitoring(year))
            f[f"monitoring/{year}.yaml"] = out.text()
        return f

    def plan_file(self) -> str:
        r = self.region
        out = Out(
            "A synthetic plan for benchmarks: every name, number and text in it is invented.",
            f"{self.n.measures} measures, seed {self.seed}.",
        )
        out.section(
            "plan",
            {
                "id": f"labe-valley-{self.y0}",
                "title": f"Community Plan of Social Services of the {r} {self.y0}–{self.y1}",
                "shape": "community",
                "territory": {"name": r, "kind": "region"},
                "period": {"start": self.y0, "end": self.y1},
                "language": "en",
                "currency": "CZK",
                "version": Quoted("3"),
                "status": "adopted",
                "owner": self.owner,
                "adopted_by": {
                    "body": f"Assembly of the {r}",
                    "number": f"ZK/{self.rng.randint(10, 99)}/{self.y0 - 1}",
                    "date": Raw(f"{self.y0 - 1}-12-10"),
                },
                "purpose": f"To plan social services in the {r} according to local needs, by the "
                "cooperation of commissioners, providers and users, and so to prevent social "
                "exclusion and use public funds efficiently.",
                "vision": "People who need help live in their own homes and communities for as "
                "long as possible, with services they choose; where residential care is needed, "
                "it is of high quality and open to the community.",
                "principles": [
                    "Commissioners, providers and users plan together, as equal partners.",
                    "The plan follows the needs of people, not the interests of institutions.",
                    "Every decision is based on data and open to the public.",
                ],
                "values": [
                    "To enable people to live at home, with care and support, where they choose.",
                    "To shift from institutional care towards community care.",
                    "To improve the quality of services.",
                ],
                "process": Literal(
                    f"The plan was developed by {len(self.areas)} coordination groups in five "
                    "steps:\n\n"
                    "1. preparation of the environment and of the planning structures;\n"
                    "2. analysis of needs and mapping of services (catalogue, SWOT, matrix);\n"
                    "3. the draft plan, discussed at meetings of each coordination group;\n"
                    "4. public consultation with a book of comments;\n"
                    "5. the final plan, adopted by the Assembly, and its annual monitoring.\n"
                ),
                "context": f"The plan builds on the previous plans of the {r} and on the national "
                "strategy of social services development.",
                "based_on": "The catalogue of services, the needs analyses of the coordination "
                "groups, their SWOT analyses and the demographic forecast.",
            },
        )
        return out.text()

    def swot(self, a: AreaInfo) -> dict[str, Any]:
        rng = self.rng
        generic = {
            "strengths": [
                "The coordination group meets regularly and all three sides take part.",
                f"Providers in {a.district} know each other and share clients.",
            ],
            "weaknesses": [
                f"Public transport to the villages of {a.district} is poor.",
                "Services depend on one-year grants.",
            ],
            "opportunities": [
                "EU structural funds for social inclusion.",
                "Volunteers and schools willing to help.",
                "The new act on social services and multi-source funding.",
            ],
            "threats": [
                "The population is ageing and demand for care is growing.",
                "Uncertain funding from the state budget.",
                "Rising costs of energy and wages.",
            ],
        }
        own = {"strengths": a.theme.strengths, "weaknesses": a.theme.weaknesses}
        swot: dict[str, Any] = {
            "area": a.id,
            "group": a.group,
            "date": Raw(f"{self.y0 - 1}-0{rng.randint(1, 6)}"),
        }
        for q, items in generic.items():
            swot[q] = [*own.get(q, ()), *rng.sample(items, rng.randint(1, len(items)))]
        return swot

    def population(self) -> str:
        lines = ["year,target_group,count,source"]
        for tg in (tg for a in self.areas for tg in a.tgs):
            count = self.rng.randrange(800, 20000)
            growth = self.rng.uniform(-0.01, 0.03)
            for y in range(self.y0 - 3, self.y1 + 1):
                source = "Czech Statistical Office" if y < self.y0 else "forecast"
                lines.append(f"{y},{tg},{round(count)},{source}")
                count *= 1 + growth
        return "\n".join(lines) + "\n"

    def age_structure(self) -> str:
        lines = ["year,0-14,15-64,65-79,80+,source"]
        scale = max(1, len(self.areas) // 8)
        bands = [
            self.rng.randrange(lo, hi) * scale
            for lo, hi in ((40_000, 60_000), (150_000, 200_000), (30_000, 45_000), (8_000, 12_000))
        ]
        for y in range(self.y0 - 5, self.y0):
            lines.append(f"{y},{','.join(map(str, bands))},Czech Statistical Office")
            bands = [b + self.rng.randrange(-500, 800) for b in bands]
        return "\n".join(lines) + "\n"

    def consultation_files(self) -> dict[str, str]:
        rng, y = self.rng, self.y0 - 1
        out = Out("The consultation of the draft plan; the book of comments is in comments/.")
        districts = sorted({a.district for a in self.areas})
        out.section(
            "consultation",
            {
                "start": Raw(f"{y}-09-01"),
                "end": Raw(f"{y}-10-31"),
                "channels": ["post", "email", "contact-point", "meeting", "online"],
                "contact_points": [
                    {
                        "name": "Regional Authority, reception of the Social Affairs Department",
                        "address": f"Regional Authority, {DISTRICTS[0]}",
                        "hours": "Monday and Wednesday 8–17",
                    },
                    *({"name": f"Town Hall of {d}"} for d in districts[:20]),
                ],
                "description": "The draft plan was published on the region's web site and at every "
                "town hall, and presented at a public conference in each district. Every comment "
                "was logged in the book of comments and settled by the working group concerned; "
                "anonymous comments were not filed.",
            },
        )
        files = {"consultation.yaml": out.text()}
        targets: list[tuple[str, Any, AreaInfo | None]] = [
            *(("measure", Quoted(m.id), m.area) for m in self.measures),
            *(("objective", Quoted(o), self._area_of(o)) for o, _ in self.objectives),
            *(("area", a.id, a) for a in self.areas),
        ]
        by_tg = {tg: a for a in self.areas for tg in a.tgs}
        targets += [("service", s["id"], by_tg[s["target_groups"][0]]) for s in self.services]
        users = [s["name"] for s in self.stakeholders if s.get("side") == "user"]
        width = max(4, len(str(self.n.comments)))
        comments = []
        for i, day in enumerate(sorted(rng.randrange(61) for _ in range(self.n.comments))):
            if rng.random() < 0.1:
                kind, target, a = "part", self.pick("ABCDEFG"), None
            else:
                kind, target, a = self.pick(targets)
            who = rng.random()
            name = self.full_name()
            if who < 0.7:
                author: dict[str, Any] = {"name": name, "contact": self.pick(districts)}
            elif who < 0.9:
                author = {"name": self.pick(users), "publish": True}
            else:
                org = self.pick(a.providers) if a else self.owner
                author = {"name": name, "organisation": self.names[org]}
            decision = rng.choices(("accepted", "partly", "rejected"), (5, 3, 2))[0]
            month, dom = (9, day + 1) if day < 30 else (10, day - 29)
            comments.append(
                {
                    "id": f"{y}-{i + 1:0{width}d}",
                    "received": Raw(f"{y}-{month:02d}-{dom:02d}"),
                    "channel": self.pick(("post", "email", "contact-point", "meeting", "online")),
                    "author": author,
                    "target": target,
                    "text": self.pick(COMMENT_TEXTS[kind]),
                    "kind": "formal" if kind == "part" else "substantive",
                    "group": a.group if a else "management-team",
                    "decision": decision,
                    "reasons": REASONS[decision],
                    "status": "settled",
                }
            )
        for part, chunk in _chunks(comments, CHUNK):
            files[f"comments/part-{part}.yaml"] = _file(
                "comments",
                chunk,
                f"The book of comments, part {part}. Authors' names are "
                "personal data: recorded here, never published unless allowed.",
            )
        return files

    def _area_of(self, objective: str) -> AreaInfo | None:
        number = int(objective.split(".")[0])
        return self.areas[number - 1] if number <= len(self.areas) else None

    def monitoring(self, year: int) -> dict[str, Any]:
        rng = self.rng
        active = [m for m in self.measures if m.leaf and m.start[0] <= year <= m.end[0]]
        started = [m for m in active if m.status != "planned"]
        reports = []
        for m in started:
            late = m.status in ("postponed", "cancelled") and year > m.start[0]
            status = m.status if year == m.end[0] or late else "in-progress"
            spent = int(m.per_year[year] * rng.uniform(0.5, 1.05)) // 1000 * 1000
            report: dict[str, Any] = {
                "measure": Quoted(m.id),
                "status": status,
                "spent": 0 if late and m.status == "cancelled" else spent,
            }
            if rng.random() < 0.1:
                report["note"] = self.pick(
                    (
                        "Delayed by the building permit.",
                        "Staff were hired later than planned.",
                        "Ran as planned.",
                    )
                )
            reports.append(report)
        elapsed = (year - self.y0 + 1) / (self.y1 - self.y0 + 1)
        values = [
            self.actual(owner, ind, elapsed) for owner, inds in self.objectives for ind in inds
        ]
        values += [self.actual(m.id, ind, elapsed) for m in started for ind in m.indicators]
        spent_total = sum(r["spent"] for r in reports)
        return {
            "year": year,
            "action_plan": [Quoted(m.id) for m in active],
            "measures": reports,
            "indicators": values,
            "evaluation": f"In {year} the plan ran {len(active)} measures. Most progressed as "
            "planned; delays were caused by building permits and by the recruitment of staff.",
            "financial_evaluation": f"The measures spent {spent_total} CZK in {year}, within "
            "the budget of the implementation plan.",
        }

    def actual(self, owner: str, ind: dict[str, Any], elapsed: float) -> dict[str, Any]:
        row: dict[str, Any] = {"owner": Quoted(owner), "indicator": ind["id"]}
        if ind.get("qualitative"):
            row["comment"] = "standards met at the last inspection"
            return row
        b, t = ind["baseline"]["value"], ind["target"]["value"]
        row["value"] = round(b + (t - b) * elapsed * self.rng.uniform(0.5, 1.1))
        return row


def _tree(m: MeasureInfo) -> Iterable[MeasureInfo]:
    yield m
    for s in m.subs:
        yield from _tree(s)


def _chunks(items: Sequence[Any], size: int) -> Iterable[tuple[str, list[Any]]]:
    """Parts of a section, numbered 01, 02, ... wide enough to sort in order."""
    starts = range(0, len(items), size)
    width = max(2, len(str(len(starts))))
    for part, i in enumerate(starts, start=1):
        yield f"{part:0{width}d}", list(items[i : i + size])


def _file(section: str, items: list[Any], comment: str) -> str:
    out = Out(comment)
    out.section(section, items)
    return out.text()


# --- command line ------------------------------------------------------------------------


def sizes_for(measures: int, **given: int | None) -> Sizes:
    """Entity counts for a plan of `measures` measures; any count given overrides."""
    areas = given.get("areas") or max(2, round(measures / 200))
    defaults = {
        "areas": areas,
        "stakeholders": round(measures / 10),
        "services": round(measures / 5),
        "comments": round(measures / 4),
        "needs": 10,
        "service_types": 10,
        "years": 5,
        "start": 2021,
    }
    chosen = {k: given.get(k) if given.get(k) is not None else v for k, v in defaults.items()}
    return Sizes(measures=measures, **chosen)  # type: ignore[arg-type]


def generate(out: Path, sizes: Sizes, seed: int = 1) -> dict[str, int]:
    """Write the plan into `out` (which must not hold anything else); return its counts."""
    if sizes.measures < sizes.areas + 2:
        raise ValueError(f"{sizes.measures} measures are too few for {sizes.areas} areas")
    if min(sizes.needs, sizes.service_types, sizes.years) < 1:
        raise ValueError("needs, service types and years must be at least 1")
    gen = Generator(sizes, seed)
    gen.build()
    files = gen.files()
    for rel, text in files.items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    counts = {
        "files": len(files),
        "bytes": sum(len(t.encode()) for t in files.values()),
        "measures": len(gen.measures),
        "areas": len(gen.areas),
        "stakeholders": len(gen.stakeholders),
        "services": len(gen.services),
        "comments": sizes.comments,
        "matrix_rows": sum(len(r) for r in gen.rows.values()),
        "gaps": sum(len(a.missing) for a in gen.areas),
    }
    params = {"seed": seed, **sizes.__dict__}
    (out / MARKER).write_text(json.dumps({"params": params, "counts": counts}) + "\n")
    return counts


RENUMBERED_PLAN = """\
plan:
  title: {title}
  period: {{start: 2025, end: 2027}}
  currency: CZK
"""


def renumbered_versions(out: Path, count: int, seed: int = 1) -> tuple[Path, Path]:
    """Two versions of a plan of `count` objectives (one measure each) for `cpkit diff`:
    in the second, every objective is renumbered (1.k becomes 1.(k+10), so the old numbers
    are reused for other work), one word of its title is reworded, and its order is
    shuffled. Their words come from the generated plans' own sentences."""
    rng = random.Random(seed)
    words = sorted(
        {
            w.strip(".,;:()").lower()
            for t in THEMES
            for s in (*t.strengths, *t.weaknesses)
            for w in s.split()
            if len(w) > 3
        }
    )
    items = [(rng.sample(words, 6), rng.sample(words, 10)) for _ in range(count)]
    folders = out / "before", out / "after"
    for version, folder in enumerate(folders):
        entries = []
        for k, (title, text) in enumerate(items, start=1):
            if version:
                title = [*title[:-1], rng.choice(words)]
            number = k + 10 * version
            entries.append(
                f'      - id: "1.{number}"\n        title: {" ".join(title).capitalize()}\n'
                f'        measures:\n          - id: "1.{number}.1"\n'
                f"            title: {' '.join(text).capitalize()}\n"
            )
        if version:
            rng.shuffle(entries)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "plan.yaml").write_text(
            RENUMBERED_PLAN.format(title=f"Renumbered plan, version {version + 1}"), "utf-8"
        )
        (folder / "objectives.yaml").write_text(
            'priorities:\n  - id: "1"\n    title: Everything\n    objectives:\n' + "".join(entries),
            "utf-8",
        )
    return folders


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("out", type=Path, help="folder to write the plan into (new or empty)")
    p.add_argument(
        "--measures", "-n", type=int, required=True, help="measures in all, sub-measures included"
    )
    p.add_argument("--seed", "-s", type=int, default=1, help="random seed (default 1)")
    for name, what in (
        ("areas", "areas (default N/200, at least 2)"),
        ("stakeholders", "stakeholders (default N/10, at least what the areas need)"),
        ("services", "services (default N/5)"),
        ("comments", "comments in the book of comments (default N/4)"),
        ("needs", "needs: columns of the needs matrix (default 10)"),
        ("service-types", "service types: rows of the needs matrix per area (default 10)"),
        ("years", "years in the planning period (default 5)"),
        ("start", "first year of the period (default 2021)"),
    ):
        p.add_argument(f"--{name}", type=int, help=what)
    p.add_argument(
        "--force", action="store_true", help="replace OUT if it holds a plan this script generated"
    )
    args = p.parse_args(argv)
    out: Path = args.out
    if out.exists() and any(out.iterdir()):
        if not (args.force and (out / MARKER).is_file()):
            p.error(f"{out} is not empty (--force replaces a plan generated by this script)")
        shutil.rmtree(out)
    given = {
        k: getattr(args, k)
        for k in (
            "areas",
            "stakeholders",
            "services",
            "comments",
            "needs",
            "service_types",
            "years",
            "start",
        )
    }
    try:
        counts = generate(out, sizes_for(args.measures, **given), seed=args.seed)
    except ValueError as exc:
        p.error(str(exc))
    summary = ", ".join(f"{v:,} {k.replace('_', ' ')}" for k, v in counts.items())
    print(f"Wrote {out}: {summary}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
