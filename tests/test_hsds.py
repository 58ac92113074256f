"""`cpkit export --format hsds`: the directory as Open Referral HSDS 3.0, validated against
our statement of what the standard requires (tests/hsds_reference.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hsds_reference import TABLES, schema, validator

from cpkit.api import load_plan
from cpkit.interchange.hsds import FILES, hsds_records

from conftest import EXAMPLES, invoke, write_plan

#: Each file of the export and the HSDS object its records are.
OBJECT_OF = {
    "organizations": "organization",
    "services": "service",
    "locations": "location",
    "service_at_locations": "service_at_location",
}


def problems(records: dict[str, list[dict[str, Any]]]) -> list[str]:
    out = []
    for file, name in OBJECT_OF.items():
        v = validator(name)
        for i, record in enumerate(records[file]):
            out += [f"{file}[{i}]: {e.message}" for e in v.iter_errors(record)]
    return out


def test_usti_export_validates_against_hsds_schemas(tmp_path: Path) -> None:
    result = invoke(
        "export", str(EXAMPLES / "usti-seniors"), "--format", "hsds", "-o", str(tmp_path / "h")
    )
    assert result.returncode == 0, result.stderr
    records = {f: json.loads((tmp_path / "h" / f"{f}.json").read_text()) for f in FILES}
    assert problems(records) == []
    # 11 services in services.yaml; each names its provider's organization.
    assert len(records["services"]) == 11
    org_ids = {o["id"] for o in records["organizations"]}
    assert all(s["organization_id"] in org_ids for s in records["services"])
    # The IČ of the retirement homes (services.yaml: provider_ic "70012342") identifies dd.
    dd = next(o for o in records["organizations"] if o["name"].startswith("Retirement homes"))
    assert [(i["identifier_scheme"], i["identifier"]) for i in dd["organization_identifiers"]] == [
        ("CZ-ICO", "70012342")
    ]
    # Every link joins a service and a location the export has.
    service_ids = {s["id"] for s in records["services"]}
    location_ids = {loc["id"] for loc in records["locations"]}
    for link in records["service_at_locations"]:
        assert link["service_id"] in service_ids and link["location_id"] in location_ids
    bukov = next(loc for loc in records["locations"] if "Bukov" in loc["name"])
    assert bukov["name"] == "Bukov, Ústí nad Labem"


def test_export_is_stable() -> None:
    plan = load_plan(EXAMPLES / "usti-seniors")
    assert hsds_records(plan) == hsds_records(load_plan(EXAMPLES / "usti-seniors"))


ORG = "1b4e28ba-2fa1-41d2-883f-0016d3cca427"
SVC = "6fa459ea-ee8a-4ca4-894e-db77e160355e"
#: One valid record of each object, for the faults below to break one field of.
VALID = {
    "organization": {
        "id": ORG,
        "name": "Home Care NGO",
        "description": "",
        "email": "office@ngo.example",
        "website": "https://ngo.example",
        "phones": [{"id": "9b2c0c64-5c3a-4d0e-9d5e-3f4c1a2b7e10", "number": "+420 475 000 111"}],
        "organization_identifiers": [
            {
                "id": "0e1f3b7a-8c2d-4e5f-a6b7-c8d9e0f1a2b3",
                "organization_id": ORG,
                "identifier_scheme": "CZ-ICO",
                "identifier_type": "IČO",
                "identifier": "70012342",
            }
        ],
    },
    "service": {"id": SVC, "name": "Home care", "status": "active", "organization_id": ORG},
    "location": {"id": "3d5e7f90-1a2b-4c3d-8e4f-5a6b7c8d9e0f", "location_type": "physical"},
    "service_at_location": {
        "id": "7a8b9c0d-1e2f-4a3b-9c4d-5e6f7a8b9c0d",
        "service_id": SVC,
        "location_id": "3d5e7f90-1a2b-4c3d-8e4f-5a6b7c8d9e0f",
    },
}


def faults(name: str, record: dict[str, Any]) -> list[tuple[str, str]]:
    """(where, which rule) of every way a record breaks the schema of its object."""
    return sorted(
        ("/".join(map(str, e.absolute_path)), e.validator)
        for e in validator(name).iter_errors(record)
    )


def test_the_reference_is_a_valid_schema() -> None:
    from jsonschema import Draft202012Validator

    for name in TABLES:
        Draft202012Validator.check_schema(schema(name))
    assert all(faults(name, record) == [] for name, record in VALID.items())


def _without(record: dict[str, Any], field: str) -> dict[str, Any]:
    return {k: v for k, v in record.items() if k != field}


@pytest.mark.parametrize(
    ("name", "change", "expected"),
    [
        # A required field missing, an enumeration's wrong value.
        ("service", lambda r: _without(r, "status"), [("", "required")]),
        ("service", lambda r: {**r, "status": "open"}, [("status", "enum")]),
        ("location", lambda r: {**r, "location_type": "house"}, [("location_type", "enum")]),
        ("organization", lambda r: _without(r, "description"), [("", "required")]),
        # A field the standard does not define for the object.
        ("organization", lambda r: {**r, "phone": "+420 1"}, [("", "additionalProperties")]),
        ("service_at_location", lambda r: {**r, "service": SVC}, [("", "additionalProperties")]),
        # Formats: ids and foreign keys are UUIDs, web addresses absolute, e-mails e-mails.
        ("organization", lambda r: {**r, "id": "home-care-ngo"}, [("id", "format")]),
        ("service", lambda r: {**r, "organization_id": "ngo"}, [("organization_id", "format")]),
        ("organization", lambda r: {**r, "website": "ngo.example"}, [("website", "format")]),
        ("service", lambda r: {**r, "email": "office at ngo.example"}, [("email", "format")]),
        # Types; and the records held inside another are checked as their own object.
        ("location", lambda r: {**r, "latitude": "50.66"}, [("latitude", "type")]),
        (
            "organization",
            lambda r: {**r, "phones": [{"id": r["phones"][0]["id"]}]},
            [("phones/0", "required")],
        ),
        (
            "organization",
            lambda r: {
                **r,
                "organization_identifiers": [
                    _without(r["organization_identifiers"][0], "identifier")
                ],
            },
            [("organization_identifiers/0", "required")],
        ),
    ],
)
def test_the_reference_refuses_a_broken_record(name: str, change: Any, expected: list) -> None:
    """The validation is real: each record breaks one rule and is refused for that rule."""
    assert faults(name, change(VALID[name])) == expected


def test_a_broken_export_is_refused() -> None:
    """problems() reads every file: a service without a status, a wrong status, a wrong
    location type give 3 problems (one each)."""
    broken: dict[str, list[dict[str, Any]]] = {f: [] for f in OBJECT_OF}
    broken["services"] = [
        _without(VALID["service"], "status"),
        {**VALID["service"], "status": "open"},
    ]
    broken["locations"] = [{**VALID["location"], "location_type": "house"}]
    assert len(problems(broken)) == 3


PEOPLE = """\
stakeholders:
  - {id: city, name: City Hall, side: commissioner}
  - id: ngo
    name: Home Care NGO
    side: provider
    contact: {email: office@ngo.example, phone: "+420 475 000 111", web: "https://ngo.example"}
  - id: quiet
    name: Quiet NGO
    side: provider
    publish_contact: false
    contact: {email: director@quiet.example, phone: "+420 777 000 222"}
  - id: jana
    name: Jana Nováková
    kind: person
    side: provider
    contact: {email: jana@example.cz, phone: "+420 603 000 333"}
  - {id: council, name: Seniors' Council, side: user}
groups:
  - {id: cg, name: Coordination group for seniors, members: [city, ngo, council]}
"""
SERVICES = """\
service_types:
  - {id: home-care, name: Home care}
services:
  - id: care
    name: Home care service
    provider: ngo
    type: home-care
    target_groups: [seniors]
    provider_ic: "70012342"
    location: {address: Masarykova 1, municipality: Ústí nad Labem}
  - {id: quiet-care, name: Quiet care, provider: quiet, type: home-care, target_groups: [seniors]}
  - id: assist
    name: Personal assistance
    provider: jana
    type: home-care
    target_groups: [seniors]
    contact: {phone: "+420 475 999 999"}
"""


@pytest.fixture
def people_plan(tmp_path: Path) -> Path:
    return write_plan(tmp_path / "p", {"stakeholders.yaml": PEOPLE, "services.yaml": SERVICES})


def test_personal_data_never_exported(people_plan: Path) -> None:
    records = hsds_records(load_plan(people_plan))
    assert problems(records) == []
    text = json.dumps(records, ensure_ascii=False)
    # A person who did not agree to publish: neither name nor contacts; an organisation
    # that said publish_contact: false: its name, not its contacts.
    for private in ("Jana", "jana@example.cz", "603 000 333", "director@quiet", "777 000 222"):
        assert private not in text
    by_name = {o["name"]: o for o in records["organizations"]}
    assert sorted(by_name) == ["Home Care NGO", "Quiet NGO"]
    assert by_name["Home Care NGO"]["email"] == "office@ngo.example"
    assert by_name["Home Care NGO"]["phones"][0]["number"] == "+420 475 000 111"
    assert "email" not in by_name["Quiet NGO"] and "phones" not in by_name["Quiet NGO"]
    # The service's own contact for clients is public: the assistance keeps its phone.
    assist = next(s for s in records["services"] if s["name"] == "Personal assistance")
    assert "organization_id" not in assist
    assert assist["phones"][0]["number"] == "+420 475 999 999"
    (location,) = records["locations"]
    assert location["name"] == "Masarykova 1, Ústí nad Labem"


def test_hsds_needs_a_folder(people_plan: Path, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    result = invoke("export", str(people_plan), "--format", "hsds", "-o", str(tmp_path / "file"))
    assert result.returncode == 2


def test_descriptions_from_the_plan_never_empty(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import shutil

    plan = tmp_path / "usti"
    shutil.copytree(EXAMPLES / "usti-seniors", plan)
    text = (plan / "services.yaml").read_text(encoding="utf-8")
    # the service's own description, where the plan has one
    text = text.replace(
        "name: Retirement homes — residential care\n",
        "name: Retirement homes — residential care\n    description: Care round the clock.\n",
        1,
    )
    (plan / "services.yaml").write_text(text, encoding="utf-8")
    records = hsds_records(load_plan(plan))

    def strings(value):  # type: ignore[no-untyped-def]
        if isinstance(value, dict):
            for v in value.values():
                yield from strings(v)
        elif isinstance(value, list):
            for v in value:
                yield from strings(v)
        elif isinstance(value, str):
            yield value

    assert "" not in set(strings(records))
    services = {s["name"]: s for s in records["services"]}
    assert services["Retirement homes — residential care"]["description"] == (
        "Care round the clock."
    )
    assert "description" not in services["Boarding house for seniors Bukov"]  # none: omitted
    # an organisation must have one (HSDS): what it provides in the plan
    orgs = {o["name"]: o["description"] for o in records["organizations"]}
    assert orgs["Retirement homes of Ústí nad Labem (DD)"] == (
        "Provides Retirement homes — residential care."
    )
