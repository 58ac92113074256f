"""`cpkit export --format hsds`: the directory as Open Referral HSDS 3.0, validated against
the standard's own JSON schemas (tests/data/hsds/, see its README for source and licence)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from cpkit.api import load_plan
from cpkit.interchange.hsds import FILES, hsds_records

from conftest import EXAMPLES, invoke, write_plan

SCHEMAS = Path(__file__).resolve().parent / "data" / "hsds"
#: Each file of the export and the HSDS schema its records follow.
SCHEMA_OF = {
    "organizations": "organization.json",
    "services": "service.json",
    "locations": "location.json",
    "service_at_locations": "service_at_location.json",
}


def validator(name: str) -> Any:
    """A Draft 2020-12 validator of one HSDS schema, its relative $refs read from SCHEMAS."""
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource

    resources = [
        (p.name, Resource.from_contents(json.loads(p.read_text()), default_specification=_spec()))
        for p in SCHEMAS.glob("*.json")
    ]
    registry = Registry().with_resources(resources)
    schema = json.loads((SCHEMAS / name).read_text())
    return Draft202012Validator(
        schema, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER
    )


def _spec() -> Any:
    from referencing.jsonschema import DRAFT202012

    return DRAFT202012


def problems(records: dict[str, list[dict[str, Any]]]) -> list[str]:
    out = []
    for file, schema in SCHEMA_OF.items():
        v = validator(schema)
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


def test_the_schemas_catch_a_broken_record() -> None:
    """The validation is real: a service without a status, a wrong status, is refused."""
    broken = {f: [] for f in SCHEMA_OF}
    broken["services"] = [{"id": "x", "name": "Care"}, {"id": "y", "name": "C", "status": "open"}]
    broken["locations"] = [{"id": "z", "location_type": "house"}]
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
