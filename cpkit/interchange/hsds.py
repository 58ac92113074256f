"""The services directory as Open Referral HSDS 3.0: `cpkit export PLAN --format hsds`.

The Human Services Data Specification (https://openreferral.org/) is the open standard
for directories of human services. The export writes four JSON files, each a list of
records of one HSDS schema, linked by their ids as in the standard's tabular form:

- ``organizations.json``: the providers of the plan's services, with their company number
  (IČ) as an organization identifier (scheme ``CZ-ICO`` of org-id.guide);
- ``services.json``: every service, with its provider, its target groups as the
  eligibility, and the public contact the service gives for clients;
- ``locations.json``: the places where services are provided, one per distinct place;
- ``service_at_locations.json``: which service is provided where.

Personal data never leaves the plan: a provider's e-mail, web and phone only when
:func:`cpkit.model.people.contact_is_public` allows them, and a provider who is a person
and has not agreed to publish is left out (their services then name no organization).

Ids are UUIDs derived from the plan's id (or title) and the entity's id, so a second
export of the same plan gives the same ids and a directory that imports it can update
its records instead of adding new ones.
"""

from __future__ import annotations

import json
import uuid
from typing import TYPE_CHECKING, Any

from cpkit.core.language import language
from cpkit.model.people import contact_is_public

if TYPE_CHECKING:
    from cpkit.model.entities import Plan, Service
    from cpkit.model.people import Stakeholder

#: The files of the export, in the order the standard lists their tables.
FILES = ("organizations", "services", "locations", "service_at_locations")
#: org-id.guide's scheme for the Czech business register's company number (IČO).
IC_SCHEME = "CZ-ICO"


def hsds_records(plan: Plan) -> dict[str, list[dict[str, Any]]]:
    """The directory as HSDS records, by file name (without .json); nothing written."""
    ids = _Ids(plan)
    people = plan.ids("stakeholders")
    names = {tg.id: tg.name for tg in plan.target_groups}
    organizations: dict[str, dict[str, Any]] = {}
    services: list[dict[str, Any]] = []
    locations: dict[str, dict[str, Any]] = {}
    links: list[dict[str, Any]] = []
    for s in sorted(plan.services, key=lambda s: s.id):
        provider = people.get(s.provider)
        org_id = None
        if provider is not None and _publishable(provider):
            org_id = ids.of("organization", provider.id)
            org = organizations.setdefault(provider.id, _organization(provider, org_id, ids))
            if s.provider_ic and not any(
                i["identifier"] == s.provider_ic for i in org["organization_identifiers"]
            ):
                org["organization_identifiers"].append(
                    {
                        "id": ids.of("organization_identifier", f"{provider.id}/{s.provider_ic}"),
                        "organization_id": org_id,
                        "identifier_scheme": IC_SCHEME,
                        "identifier_type": "IČO",
                        "identifier": s.provider_ic,
                    }
                )
        services.append(_service(s, org_id, names, ids))
        place = _place(s)
        if place:
            location = locations.setdefault(
                place,
                {"id": ids.of("location", place), "location_type": "physical", "name": place},
            )
            if org_id and "organization_id" not in location:
                location["organization_id"] = org_id
            links.append(
                {
                    "id": ids.of("service_at_location", f"{s.id}@{place}"),
                    "service_id": ids.of("service", s.id),
                    "location_id": location["id"],
                }
            )
    lang = language(plan.info.language if plan.info and plan.info.language else "en")
    provides: dict[str, list[str]] = {}
    for s in sorted(plan.services, key=lambda s: s.id):
        provides.setdefault(s.provider, []).append(s.name)
    for pid, org in organizations.items():
        org["description"] = lang.t("hsds.provides", "annual", services=lang.join(provides[pid]))
        if not org["organization_identifiers"]:
            del org["organization_identifiers"]
    return {
        "organizations": sorted(organizations.values(), key=lambda o: o["name"]),
        "services": services,
        "locations": sorted(locations.values(), key=lambda loc: loc["name"]),
        "service_at_locations": links,
    }


def hsds_files(plan: Plan) -> dict[str, str]:
    """The export's files by name: JSON, UTF-8 as written (Czech and Chinese kept)."""
    return {
        f"{name}.json": json.dumps(records, ensure_ascii=False, indent=2) + "\n"
        for name, records in hsds_records(plan).items()
    }


class _Ids:
    """Stable UUIDs: the same plan and entity give the same id in every export."""

    def __init__(self, plan: Plan) -> None:
        info = plan.info
        key = (info.id or info.title) if info else ""
        self.namespace = uuid.uuid5(uuid.NAMESPACE_URL, f"urn:cpkit:plan:{key}")

    def of(self, kind: str, ident: str) -> str:
        return str(uuid.uuid5(self.namespace, f"{kind}:{ident}"))


def _publishable(provider: Stakeholder) -> bool:
    """An organisation is published by name; a person only with their consent."""
    organisation = provider.kind == "organisation" and "kind" not in provider.unread
    return organisation or contact_is_public(provider)


def _organization(provider: Stakeholder, org_id: str, ids: _Ids) -> dict[str, Any]:
    # HSDS requires a description; the plan has none of its own for an organisation: what it
    # provides is filled in by hsds_records
    org: dict[str, Any] = {"id": org_id, "name": provider.name, "description": None}
    c = provider.contact
    if c is not None and contact_is_public(provider):
        if c.email:
            org["email"] = c.email
        if c.web:
            org["website"] = c.web
        if c.phone:
            org["phones"] = [
                {
                    "id": ids.of("phone", f"organization:{provider.id}"),
                    "organization_id": org_id,
                    "number": c.phone,
                }
            ]
    org["organization_identifiers"] = []
    return org


def _service(s: Service, org_id: str | None, names: dict[str, str], ids: _Ids) -> dict[str, Any]:
    """A service: the contact is the one its record gives for clients (always public)."""
    sid = ids.of("service", s.id)
    record: dict[str, Any] = {"id": sid, "name": s.name, "status": "active"}
    if org_id:
        record["organization_id"] = org_id
    if s.description and s.description.strip():
        record["description"] = s.description.strip()  # optional in HSDS: never empty
    groups = [names.get(tg, tg) for tg in s.target_groups]
    if groups:
        record["eligibility_description"] = ", ".join(groups)
    c = s.contact
    if c is not None:
        if c.email:
            record["email"] = c.email
        if c.web:
            record["url"] = c.web
        if c.phone:
            record["phones"] = [
                {"id": ids.of("phone", f"service:{s.id}"), "service_id": sid, "number": c.phone}
            ]
    return record


def _place(s: Service) -> str:
    """Where a service is provided, as the directory writes it: address, district, town."""
    loc = s.location
    if loc is None:
        return ""
    return ", ".join(x for x in (loc.address, loc.district, loc.municipality) if x)
