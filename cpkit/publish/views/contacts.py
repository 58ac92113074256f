"""Part G and the services directory: whom to contact, and where each service is.

Contact details are personal data: a stakeholder's are shown only when
`cpkit.model.people.contact_is_public` says the record allows publishing them (it fails
closed); a service's own `contact` is the public one its record gives for clients.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cpkit.model.people import contact_is_public
from cpkit.publish.document import territory
from cpkit.publish.views.cells import PartViews

if TYPE_CHECKING:
    from cpkit.model.entities import Service, Stakeholder


class Contacts(PartViews):
    """Part G's contacts and the directory's rows, and the territory the pages are for."""

    HELPERS = ("contact_rows", "directory_rows", "territory")

    def _contact(self, s: Stakeholder | None) -> str:
        if s is None or s.contact is None or not contact_is_public(s):
            return ""  # personal data: only what the record allows to publish
        c = s.contact
        return self.join(x for x in (c.address, c.phone, c.email, c.web) if x)

    def contact_rows(self, contacts: list[Stakeholder]) -> list[list[str]]:
        return [[s.name, self._contact(s)] for s in contacts]

    def directory_rows(self, services: list[Service]) -> list[list[str]]:
        """A service, its provider, where it is and how to reach it: the service's own
        contact, else its provider's public one."""
        people = self.doc.people
        rows = []
        for s in services:
            provider = people.get(s.provider)
            place = (
                self.join(
                    x
                    for x in (s.location.address, s.location.district, s.location.municipality)
                    if x
                )
                if s.location
                else ""
            )
            contact = ""
            if s.contact:
                c = s.contact
                contact = self.join(x for x in (c.phone, c.email, c.web) if x)
            rows.append(
                [
                    s.name,
                    provider.name if provider else s.provider,
                    place,
                    contact or self._contact(provider),
                ]
            )
        return rows

    def territory(self) -> str:
        return territory(self.doc.info)
