"""Part D's consultation: how people could comment, how many did, and how each comment
was settled (with an author's name only where the author allowed it)."""

from __future__ import annotations

from typing import Any

from cpkit.publish.views.cells import GapTable, PartViews


class Consultation(PartViews):
    """The consultation of Part D: its channels, contact points, and book of comments."""

    HELPERS = ("contact_point_rows", "comment_table", "settlement_table", "not_filed_text")
    FILTERS = ("channel_name",)

    def channel_name(self, channel: str) -> str:
        return self.m.t(f"d.channel_values.{channel}")

    def contact_point_rows(self, points: list[Any]) -> list[list[str]]:
        return [[p.name, p.address or "", p.hours or ""] for p in points]

    def comment_table(self) -> GapTable:
        """The comments per working group: how many, of which kind, how settled."""
        t = self.m.t
        headers = [t("d.columns.group"), t("d.columns.total"), t("d.kind_values.substantive"),
                   t("d.kind_values.formal"), t("d.decision_values.accepted"),
                   t("d.decision_values.partly"), t("d.decision_values.rejected"),
                   t("d.decision_values.open")]  # fmt: skip
        rows = []
        for r in self.doc.comments:
            label = r["name"] or (t("columns.total") if r["group"] == "total" else r["group"])
            counts = ["total", "substantive", "formal", "accepted", "partly", "rejected", "open"]
            rows.append([label, *[self.m.number(r[k]) for k in counts]])
        return GapTable(headers, rows, list(range(1, 8)))

    def settlement_table(self) -> GapTable:
        """Every comment and its settlement; an author is named only if they allowed it."""
        t = self.m.t
        columns = ["id", "received", "target", "author", "kind", "text", "decision", "reasons"]
        headers = [t(f"d.columns.{c}") for c in columns]
        rows = []
        plan = self.doc.plan
        # what a comment is about: a measure, objective or priority by number and title
        titles = {x.id: x.title for x in (*plan.priorities, *plan.objectives(), *plan.measures())}
        for c in plan.filed_comments():
            target = c.target or ""
            if target in titles:
                target = f"{target} {titles[target]}"
            published = c.author is not None and c.author.publish and c.author.name
            decision = c.decision if c.status == "settled" and c.decision else "open"
            rows.append([
                c.id, self.m.date(c.received), target,
                c.author.name if published and c.author else "",
                t(f"d.kind_values.{c.kind}") if c.kind else "", c.text,
                t(f"d.decision_values.{decision}"), c.reasons or "",
            ])  # fmt: skip
        return GapTable(headers, rows, [])

    def not_filed_text(self) -> str:
        """Received 12, filed 11, not filed 1 (anonymous): empty when every comment is filed.
        A comment not filed is counted, never shown with its text."""
        from cpkit.analysis.gaps import comment_counts

        counts = comment_counts(self.doc.plan)
        if not counts.not_filed:
            return ""
        t, number = self.m.t, self.m.number
        reasons = self.join(
            t(f"d.reason_values.{r}") if len(counts.not_filed) == 1
            else f"{number(n)} {t(f'd.reason_values.{r}')}"
            for r, n in counts.not_filed.items()
        )  # fmt: skip
        return t("d.counts", received=number(counts.received), filed=number(counts.filed),
                 not_filed=number(counts.not_filed_total), reasons=reasons)  # fmt: skip
