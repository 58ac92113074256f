"""What every Part's views share: the table they hand the templates, and the words of a
cell (a name for an id, money in the plan's currency, a funding source)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from cpkit.core.language import Language, language

if TYPE_CHECKING:
    from cpkit.model.fields import PartialDate
    from cpkit.publish.document import Document
    from cpkit.publish.messages import Messages


@dataclass(slots=True)
class GapTable:
    """A table as text, ready to lay out: `right` lists the columns aligned right (numbers).

    Named for the gap tables, it is every table of the document and of the roll-up.
    """

    headers: list[str]
    rows: list[list[str]]
    right: list[int]


class PartViews:
    """The views of some Parts of the document: `HELPERS` and `FILTERS` name the methods
    the templates call, as functions and as filters (see cpkit.publish.views.Views)."""

    HELPERS: ClassVar[tuple[str, ...]] = ()
    FILTERS: ClassVar[tuple[str, ...]] = ()

    def __init__(self, doc: Document, m: Messages) -> None:
        self.doc = doc
        self.m = m
        self.names = doc.names
        # the typography of the plan's language: list separators, colons, brackets, spacing
        self.lang: Language = language(m.language)

    def join(self, items: Any) -> str:
        """Names in a cell or a sentence: "a, b" (Chinese "a、b")."""
        return self.lang.join(str(i) for i in items)

    def join_clauses(self, items: Any) -> str:
        """Clauses in a cell: "a; b" (Chinese "a；b")."""
        return self.lang.join_clauses(str(i) for i in items)

    def label(self, name: str, value: object = "") -> str:
        """ "Chair: name" (Chinese "主席：name")."""
        return self.lang.label(str(name), "" if value is None else str(value))

    def paren(self, text: object) -> str:
        """ "(text)" (Chinese "（text）")."""
        return self.lang.paren(str(text))

    def when(self, value: PartialDate | None) -> str:
        """A date of the plan as precise as written, from CLDR: "2025" (Chinese "2025年"),
        "March 2025", "4. března 2025"."""
        if value is None:
            return ""
        return self.lang.date(value.year, value.month, value.day)

    def name(self, ident: str | None) -> str:
        """An entity's name for its id; an id the plan does not define stays as it is."""
        return self.names.get(ident or "", ident or "")

    def source_name(self, source: str) -> str:
        return self.m.t(f"sources.{source}")

    def money(self, amount: float | None) -> str:
        """An amount in the plan's currency (the number alone when the plan names none)."""
        if amount is None:
            return ""
        currency = self.doc.info.currency if self.doc.info else None
        return self.m.money(amount, currency)
