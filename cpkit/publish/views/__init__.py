"""Rows of the document's tables, as text in the plan's language.

The templates lay out; these views decide what goes in each cell (and which personal
data may not): one place for the formatting of numbers, money, dates and names. A module
serves some Parts of the document; `Views` hands the templates all of them at once.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cpkit.publish.views.cells import GapTable, PartViews
from cpkit.publish.views.consultation import Consultation
from cpkit.publish.views.contacts import Contacts
from cpkit.publish.views.gap_tables import GapTables
from cpkit.publish.views.information import Information
from cpkit.publish.views.measures import Measures, MonitoringYear
from cpkit.publish.views.network import NetworkViews
from cpkit.publish.views.shapes import ShapeViews
from cpkit.publish.views.typography import Typography

if TYPE_CHECKING:
    from cpkit.publish.document import Document
    from cpkit.publish.messages import Messages

__all__ = ["GapTable", "MonitoringYear", "Views"]

PARTS: tuple[type[PartViews], ...] = (
    GapTables, Information, Measures, Consultation, Contacts, ShapeViews, NetworkViews,
    Typography,
)  # fmt: skip


class Views:
    """Every function and filter the document's templates call, from the Parts' views."""

    def __init__(self, doc: Document, m: Messages) -> None:
        self.parts = [part(doc, m) for part in PARTS]

    def globals(self) -> dict[str, Any]:
        """The functions the templates call by name, e.g. gap_table("funding")."""
        return {name: getattr(part, name) for part in self.parts for name in part.HELPERS}

    def filters(self) -> dict[str, Any]:
        """The filters the templates apply to codes, e.g. source | source_name."""
        return {name: getattr(part, name) for part in self.parts for name in part.FILTERS}
