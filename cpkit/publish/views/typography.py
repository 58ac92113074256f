"""The typography of the plan's language for the templates: list separators, label colons,
brackets and spacing come from one rule table (cpkit.core.language.Language), so Markdown,
HTML, SVG and terminal output punctuate the same way: "a, b" and "Chair: name" in English,
"甲、乙" and "主席：名稱" in Chinese."""

from __future__ import annotations

from typing import ClassVar

from cpkit.publish.views.cells import PartViews


class Typography(PartViews):
    """`items | join_list`, `label(name, value)`, `text | paren`, `words(a, b)`."""

    HELPERS: ClassVar[tuple[str, ...]] = ("label", "words", "section_number", "apposition")
    FILTERS: ClassVar[tuple[str, ...]] = ("join_list", "join_clauses", "paren")

    def join_list(self, items: object) -> str:
        return self.join(items)  # type: ignore[arg-type]

    def section_number(self, part: str, number: int) -> str:
        """A section's number under its Part: "D.1"; under 丁部, "丁.1"."""
        letter = self.lang.t(f"names.part_letters.{part}")
        return self.lang.t("names.section", part=letter, number=str(number))

    def apposition(self, first: object, then: object = "") -> str:
        """ "Council, resolution no. 5" (Chinese "區議會，第5號決議")."""
        return self.lang.apposition(str(first or ""), str(then or ""))

    def words(self, *parts: object) -> str:
        """Words of a heading put together: spaced, but not between runs of Chinese."""
        return self.lang.words(*(str(p) for p in parts if p is not None))
