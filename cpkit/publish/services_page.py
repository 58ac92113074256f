"""services.html: the citizens' offer of services, searchable and filterable with no server.

The page lists every service under each target group it serves, as a plain, complete list:
with JavaScript off (or a browser that runs none) that is what a reader gets, and what
prints. A small script in the page (templates/render/html/services.js) then shows a form
to search by words and to filter by need, target group and place, hiding what does not
match; nothing is fetched, nothing is sent.

For paper, each target group starts a page and is a leaflet of its own: a link per group
opens the page at that group, and printing the page then prints only that group (print
CSS, ``:target``); with the filter set to one target group, printing prints that group.

The page is one HTML template (templates/render/html/services.html.j2) with every value
escaped by Jinja and a service's description converted from Markdown and sanitised as the
rest of the document; whose contact may be published is decided by the directory's views
(cpkit.publish.views.contacts), the one place that rule lives.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from cpkit.model.entities import Plan, Service
    from cpkit.publish.document import Document
    from cpkit.publish.messages import Messages

DOMAIN = "annual"  # the catalogue cpkit/i18n/annual/ holds the page's own words


@dataclass(slots=True)
class Card:
    """One service as the page shows it, under one of its target groups."""

    id: str
    name: str
    provider: str
    type: str
    form: str | None
    place: str
    place_key: str
    contact: str
    capacity: str
    needs: list[tuple[str, str]]  # (id, name) of the needs the service meets
    description: Any = ""  # sanitised HTML (markupsafe.Markup)


@dataclass(slots=True)
class Group:
    key: str  # the target group's id, "" for services of no target group
    anchor: str
    name: str
    cards: list[Card] = field(default_factory=list)


def service_needs(plan: Plan) -> dict[str, list[str]]:
    """The needs each service meets: the needs-matrix cells that name it."""
    out: dict[str, list[str]] = {}
    order = {n.id: i for i, n in enumerate(plan.needs)}
    for row in plan.needs_matrix:
        for need, cell in row.cells.items():
            for service in cell.services:
                needs = out.setdefault(service, [])
                if need not in needs:
                    needs.append(need)
    return {s: sorted(n, key=lambda x: order.get(x, len(order))) for s, n in out.items()}


def directory_groups(doc: Document, m: Messages, env: Any) -> list[Group]:
    """The services by target group, each a card with what a citizen needs to know; `env`
    is the page's template environment, whose filters make anchors and sanitised HTML."""
    from cpkit.publish.views.contacts import Contacts

    anchor, markdown = env.filters["anchor"], env.filters["markdown"]

    plan = doc.plan
    contacts = Contacts(doc, m)
    needs = service_needs(plan)
    need_names = {n.id: n.name for n in plan.needs}

    def card(s: Service) -> Card:
        _name, provider, place, contact = contacts.directory_rows([s])[0]
        loc = s.location
        key = (loc.district or loc.municipality or "") if loc else ""
        capacity = ""
        if s.capacity:
            capacity = f"{m.number(s.capacity.value)} {_word(m, 'units.' + s.capacity.unit)}"
        description = markdown(s.description) if s.description else ""
        return Card(
            id=s.id,
            name=s.name,
            provider=provider,
            type=doc.names.get(s.type, s.type),
            form=s.form,
            place=place,
            place_key=anchor(key),
            contact=contact,
            capacity=capacity,
            needs=[(n, need_names.get(n, n)) for n in needs.get(s.id, [])],
            description=description,
        )

    names = {tg.id: tg.name for tg in plan.target_groups}
    groups = []
    for name, services in doc.directory:
        key = next((k for k, v in names.items() if v == name), "") if name else ""
        label = name or m.t("directory.other")
        group = Group(key=key, anchor="group-" + (anchor(key) or "other"), name=label)
        group.cards = [card(s) for s in services]
        groups.append(group)
    return groups


def _word(m: Messages, key: str) -> str:
    try:
        return str(m.t(key))
    except KeyError:
        return key.rsplit(".", 1)[-1]


def services_html(doc: Document, m: Messages, env: Any, *, title: str) -> str:
    """The whole page: the plan's page template with the directory's body, styles and script.

    `env` is the document's HTML environment (cpkit.publish.render.document_environment)
    with a `markdown` filter that converts and sanitises plan text."""
    from cpkit.core.language import language
    from cpkit.publish.document import territory

    plan = doc.plan
    tag = plan.info.language if plan.info else "en"
    lang = language(tag)
    env.globals["territory"] = lambda: territory(doc.info)
    groups = directory_groups(doc, m, env)
    met = {n for g in groups for c in g.cards for n, _ in c.needs}
    source = env.loader.get_source
    body = env.get_template("render/html/services.html.j2").render(
        doc=doc,
        groups=groups,
        needs=[(n.id, n.name) for n in plan.needs if n.id in met],
        places=_place_names(groups, env.filters["anchor"]),
        total=len({c.id for g in groups for c in g.cards}),
        d=lambda key, **values: lang.t(key, DOMAIN, **values),
        script=source(env, "render/html/services.js")[0],
    )
    style = source(env, "render/html/style.css")[0] + source(env, "render/html/services.css")[0]
    print_style = (
        source(env, "render/html/print.css")[0] + source(env, "render/html/services-print.css")[0]
    )
    return env.get_template("render/html/page.html.j2").render(
        title=title, language=tag, body=body, toc=[], style=style, print_style=print_style,
        doc=doc, page="services",
    )  # fmt: skip


def _place_names(groups: list[Group], anchor: Any) -> list[tuple[str, str]]:
    """The places to filter by: each district or municipality once, by name."""
    seen: dict[str, str] = {}
    for g in groups:
        for c in g.cards:
            if c.place_key and c.place_key not in seen:
                parts = c.place.split(", ")
                # place is "address, district, municipality" with the empty ones left out;
                # place_key was made from the district, else the municipality
                seen[c.place_key] = next((p for p in parts if anchor(p) == c.place_key), parts[-1])
    return sorted(seen.items(), key=lambda kv: kv[1])
