"""What Open Referral HSDS 3.0 asks of the records `cpkit export --format hsds` writes.

Written for this project from the HSDS 3.0 reference, not copied from it:

- "Schema Reference" (docs.openreferral.org, HSDS 3.0, hsds/schema_reference), whose
  tables of fields are generated from the standard's schema folder (openreferral/
  specification, branch 3.0, as of commit 67e7b37a4b1e03324d6bd107c56cafd153b9d2d0): for
  each object the fields, their types, formats and enumerations and which are required;
- "Identifiers" (same site, hsds/identifiers): every ``id`` and every foreign key is a UUID.

Each table below lists every field the standard defines for that object, so a record with
a field outside the list is refused (``additionalProperties: false``), and the fields its
JSON form requires. The tabular form (CSV) also requires some foreign keys, see
:data:`TABULAR_REQUIRED`; the export writes JSON, so the schemas do not enforce them.

Objects the export never writes (program, contact, schedule, funding, language, attribute,
metadata, …) are known only by the name of the field that holds them: a record may have the
field, its value is checked to be a list of objects (or one object), not further.

:func:`validator` builds a Draft 2020-12 validator of one object with format checking: the
library's own ``uuid`` and ``date`` checks, and our own ``uri`` and ``email`` checks (the
library checks ``uri`` only with an optional package and ``email`` only for an "@").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

# Kinds of field, as the reference types them.
TEXT = {"type": "string"}
NUMBER = {"type": "number"}
UUID = {"type": "string", "format": "uuid"}
URI = {"type": "string", "format": "uri"}
EMAIL = {"type": "string", "format": "email"}
DATE = {"type": "string", "format": "date"}
UNCHECKED_LIST = {"type": "array", "items": {"type": "object"}}
UNCHECKED_ONE = {"type": "object"}


def one_of(*values: str) -> dict[str, Any]:
    """A text field whose value is one of an enumeration of the standard."""
    return {"type": "string", "enum": list(values)}


def list_of(table: str) -> dict[str, Any]:
    """A field holding records of another object of this module, each checked in full."""
    return {"type": "array", "items": {"$ref": f"#/$defs/{table}"}}


def one(table: str) -> dict[str, Any]:
    return {"$ref": f"#/$defs/{table}"}


#: A location's and an address's kind; a service's state.
PLACE_KINDS = ("physical", "postal", "virtual")
SERVICE_STATES = ("active", "inactive", "defunct", "temporarily closed")


@dataclass(frozen=True)
class Table:
    """One HSDS object: the fields its JSON form must have, and every field it may have."""

    required: tuple[str, ...]
    fields: dict[str, dict[str, Any]]


TABLES: dict[str, Table] = {
    "organization": Table(
        required=("id", "name", "description"),
        fields={
            "id": UUID,
            "name": TEXT,
            "alternate_name": TEXT,
            "description": TEXT,
            "email": EMAIL,
            "website": URI,
            "uri": URI,
            "logo": TEXT,
            "legal_status": TEXT,
            "year_incorporated": NUMBER,
            "parent_organization_id": UUID,
            "organization_identifiers": list_of("organization_identifier"),
            "phones": list_of("phone"),
            "locations": list_of("location"),
            "programs": UNCHECKED_LIST,
            "contacts": UNCHECKED_LIST,
            "fundings": UNCHECKED_LIST,
            "attributes": UNCHECKED_LIST,
            "metadata": UNCHECKED_LIST,
        },
    ),
    "organization_identifier": Table(
        required=("id", "identifier_type", "identifier"),
        fields={
            "id": UUID,
            "organization_id": UUID,
            # The scheme is a code of org-id.guide (e.g. CZ-ICO), free text to the schema.
            "identifier_scheme": TEXT,
            "identifier_type": TEXT,
            "identifier": TEXT,
            "attributes": UNCHECKED_LIST,
            "metadata": UNCHECKED_LIST,
        },
    ),
    "service": Table(
        required=("id", "name", "status"),
        fields={
            "id": UUID,
            "organization_id": UUID,
            "program_id": UUID,
            "name": TEXT,
            "alternate_name": TEXT,
            "description": TEXT,
            "url": URI,
            "email": EMAIL,
            "status": one_of(*SERVICE_STATES),
            "interpretation_services": TEXT,
            "application_process": TEXT,
            "fees_description": TEXT,
            "accreditations": TEXT,
            "eligibility_description": TEXT,
            "minimum_age": NUMBER,
            "maximum_age": NUMBER,
            "assured_date": DATE,
            "assurer_email": EMAIL,
            "alert": TEXT,
            "phones": list_of("phone"),
            "service_at_locations": list_of("service_at_location"),
            "organization": one("organization"),
            "program": UNCHECKED_ONE,
            "schedules": UNCHECKED_LIST,
            "languages": UNCHECKED_LIST,
            "fundings": UNCHECKED_LIST,
            "required_documents": UNCHECKED_LIST,
            "contacts": UNCHECKED_LIST,
            "cost_options": UNCHECKED_LIST,
            "service_areas": UNCHECKED_LIST,
            "attributes": UNCHECKED_LIST,
            "metadata": UNCHECKED_LIST,
        },
    ),
    "location": Table(
        required=("id", "location_type"),
        fields={
            "id": UUID,
            "location_type": one_of(*PLACE_KINDS),
            "organization_id": UUID,
            "url": URI,
            "name": TEXT,
            "alternate_name": TEXT,
            "description": TEXT,
            "transportation": TEXT,
            "latitude": NUMBER,
            "longitude": NUMBER,
            "external_identifier": TEXT,
            "external_identifier_type": TEXT,
            "phones": list_of("phone"),
            # Spelt with three s in HSDS 3.0.
            "addresss": list_of("address"),
            "accessibilitys": UNCHECKED_LIST,
            "contacts": UNCHECKED_LIST,
            "schedules": UNCHECKED_LIST,
            "languages": UNCHECKED_LIST,
            "attributes": UNCHECKED_LIST,
            "metadata": UNCHECKED_LIST,
        },
    ),
    "service_at_location": Table(
        required=("id",),
        fields={
            "id": UUID,
            "service_id": UUID,
            "location_id": UUID,
            "description": TEXT,
            "location": one("location"),
            "phones": list_of("phone"),
            "contacts": UNCHECKED_LIST,
            "schedules": UNCHECKED_LIST,
            "attributes": UNCHECKED_LIST,
            "metadata": UNCHECKED_LIST,
        },
    ),
    "phone": Table(
        required=("id", "number"),
        fields={
            "id": UUID,
            # The record it is the number of: one of these.
            "organization_id": UUID,
            "service_id": UUID,
            "location_id": UUID,
            "contact_id": UUID,
            "service_at_location_id": UUID,
            "number": TEXT,
            "extension": NUMBER,
            "type": TEXT,
            "description": TEXT,
            "languages": UNCHECKED_LIST,
            "attributes": UNCHECKED_LIST,
            "metadata": UNCHECKED_LIST,
        },
    ),
    # cpkit writes no address (a plan gives no postal code, region or country); a
    # location's ``addresss`` would hold these.
    "address": Table(
        required=(
            "id",
            "address_1",
            "city",
            "state_province",
            "postal_code",
            "country",
            "address_type",
        ),
        fields={
            "id": UUID,
            "location_id": UUID,
            "attention": TEXT,
            "address_1": TEXT,
            "address_2": TEXT,
            "city": TEXT,
            "region": TEXT,
            "state_province": TEXT,
            "postal_code": TEXT,
            "country": TEXT,
            "address_type": one_of(*PLACE_KINDS),
            "attributes": UNCHECKED_LIST,
            "metadata": UNCHECKED_LIST,
        },
    ),
}

#: Foreign keys the standard's tabular (CSV) form requires beyond the JSON form's fields.
TABULAR_REQUIRED: dict[str, tuple[str, ...]] = {
    "service": ("organization_id",),
    "organization_identifier": ("organization_id",),
    "service_at_location": ("service_id", "location_id"),
}


def _object(table: Table) -> dict[str, Any]:
    return {
        "type": "object",
        "required": list(table.required),
        "properties": dict(table.fields),
        "additionalProperties": False,
    }


def schema(name: str) -> dict[str, Any]:
    """The JSON Schema (Draft 2020-12) of one object, every other object in its $defs."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        **_object(TABLES[name]),
        "$defs": {other: _object(t) for other, t in TABLES.items()},
    }


def _is_uri(value: object) -> bool:
    """An absolute URI: a scheme, and for web addresses a host; no spaces."""
    if not isinstance(value, str):
        return True
    parts = urlsplit(value)
    if not parts.scheme or any(c.isspace() for c in value):
        return False
    return bool(parts.netloc) if parts.scheme in ("http", "https") else bool(parts.path)


def _is_email(value: object) -> bool:
    """One "@" between a local part and a domain with a dot; no spaces."""
    if not isinstance(value, str):
        return True
    local, at, domain = value.rpartition("@")
    return (
        bool(at and local and "@" not in local)
        and "." in domain.strip(".")
        and not any(c.isspace() for c in value)
    )


def validator(name: str) -> Any:
    """A Draft 2020-12 validator of one object of :data:`TABLES`, formats checked."""
    from jsonschema import Draft202012Validator, FormatChecker

    checker = FormatChecker()
    checker.checks("uri")(_is_uri)
    checker.checks("email")(_is_email)
    return Draft202012Validator(schema(name), format_checker=checker)
