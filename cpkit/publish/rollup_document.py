"""The roll-up's document: rollup.md and rollup.html, laid out like a plan's document.

The figures are cpkit.analysis.rollup's; this module puts them in the document's language
(RollupViews) and lays them out with templates/rollup/rollup.md.j2, then wraps the HTML in
the plan's page template, so that a municipality's --templates override of its header or
style serves both.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import pandas as pd

from cpkit.analysis.alignment import Toward
from cpkit.analysis.gaps import JOINT
from cpkit.analysis.rollup import TOTAL, Rollup
from cpkit.core.language import language
from cpkit.core.outputs import write_folder
from cpkit.publish.messages import Messages
from cpkit.publish.render import (
    RenderError,
    captioned_tables,
    document_environment,
    document_messages,
    html_page,
    sanitised_html,
)
from cpkit.publish.safe_text import clean_text
from cpkit.publish.views import GapTable


@dataclass(frozen=True, slots=True)
class _Territory:
    name: str


@dataclass(frozen=True, slots=True)
class _Info:
    territory: _Territory


@dataclass(frozen=True, slots=True)
class _Page:
    """What the page template (render/html/header.html.j2) reads of its `doc`: a plan's
    `doc.info.territory.name`, which for a roll-up names the municipalities. The template
    reads nothing else of `doc`; until it takes the masthead line as a value of its own,
    a roll-up hands it this much of a plan's shape."""

    info: _Info

    @classmethod
    def naming(cls, names: Iterable[str]) -> _Page:
        return cls(_Info(_Territory(", ".join(names))))


def render_rollup(
    rollup: Rollup,
    out: Path,
    language: str = "en",
    templates: Path | None = None,
    *,
    protect: Sequence[Path] = (),
    force: bool = False,
) -> list[Path]:
    """Write rollup.md and rollup.html into `out`, rendered like a plan's document, under
    the rules of cpkit.core.outputs, as render writes a plan: a new or empty folder, or one
    an earlier run wrote; never one of the plans' folders (`protect`)."""
    m = document_messages(language, templates)
    title = m.t("rollup.title_aligned" if rollup.aligned else "rollup.title")
    try:
        text = _markdown(rollup, m, templates, "md", title)
        body, toc = sanitised_html(_markdown(rollup, m, templates, "html", title))
        env = document_environment(templates, m, html=True)
        body = captioned_tables(body, env)
        page = html_page(env, title=title, language=language, body=body, toc=toc,
                         doc=_Page.naming(rollup.names), page="rollup")  # fmt: skip
    except jinja2.TemplateError as exc:
        where = f" ({exc.filename}:{exc.lineno})" if getattr(exc, "lineno", None) else ""
        raise RenderError("render.template", where=where, reason=str(exc)) from None
    files = {"rollup.md": clean_text(text), "rollup.html": clean_text(page)}
    return write_folder(out, files, protect=protect, force=force)


def _markdown(rollup: Rollup, m: Messages, templates: Path | None, target: str, title: str) -> str:
    """The document's Markdown for `target`: "md" to publish, "html" to convert."""
    env = document_environment(templates, m)
    views = RollupViews(rollup, m)
    return env.get_template("rollup/rollup.md.j2").render(
        title=title, target=target, tables=views.tables(), warnings=views.warnings(),
        intro=views.intro(), rollup=rollup, alignment=views.alignment(),
    )  # fmt: skip


def render_alignment(
    rollup: Rollup, fmt: str = "text", language: str = "en", templates: Path | None = None
) -> str:
    """Per objective of each plan the others align with, the units working toward it, as
    plain text (`fmt` "text", templates/rollup/alignment.txt.j2) or Markdown ("md")."""
    m = document_messages(language, templates)
    env = document_environment(templates, m)
    env.filters["oneline"] = lambda value: " ".join(str(value).split())
    name = "rollup/alignment.txt.j2" if fmt == "text" else "rollup/alignment.md.j2"
    try:
        return env.get_template(name).render(alignment=RollupViews(rollup, m).alignment())
    except jinja2.TemplateError as exc:
        where = f" ({exc.filename}:{exc.lineno})" if getattr(exc, "lineno", None) else ""
        raise RenderError("render.template", where=where, reason=str(exc)) from None


@dataclass(frozen=True, slots=True)
class TowardView:
    """One plan the others work toward, in the document's language: its heading and
    introduction, the table per objective, and the objectives no unit serves."""

    heading: str
    intro: str
    table: GapTable
    unserved: str | None  # the sentence naming them; None when every objective is served


class RollupViews:
    """The roll-up's tables as text in the document's language (the templates lay out)."""

    def __init__(self, rollup: Rollup, m: Messages) -> None:
        self.r = rollup
        self.m = m
        self.lang = language(m.language)  # the list separators of the plan's language

    def intro(self) -> list[str]:
        r, t = self.r, self.m.t
        intro = "rollup.intro_aligned" if r.aligned else "rollup.intro"
        lines = [t(intro, count=len(r.names), names=", ".join(r.names))]
        if r.currency:
            lines.append(t("rollup.amounts", currency=r.currency))
        elif len(r.currencies) > 1:
            lines.append(t("rollup.mixed_currencies", currencies=", ".join(r.currencies)))
        return lines

    def warnings(self) -> list[str]:
        t = self.m.t
        out = [t("rollup.warning_errors", name=n, count=self.m.number(c))
               for n, c in self.r.with_errors()]  # fmt: skip
        if len(self.r.vocabulary) and not self.r.aligned:
            ids = self.r.vocabulary[["kind", "id"]].drop_duplicates()
            out.append(t("rollup.warning_vocabulary", count=self.m.number(len(ids))))
        return out

    def tables(self) -> dict[str, GapTable]:
        return {
            "plans": self.plans(), "matrix": self.matrix(), "service_gaps": self.service_gaps(),
            "capacity": self.capacity(), "funding": self.funding(), "areas": self.areas(),
            "sources": self.sources(), "shared": self.shared(), "vocabulary": self.vocabulary(),
        }  # fmt: skip

    def alignment(self) -> list[TowardView]:
        return [self._toward(toward) for toward in self.r.alignment]

    def _toward(self, toward: Toward) -> TowardView:
        t = self.m.t
        rows = [
            [r["objective"], r["title"], r["via"] or t("rollup.no_unit"), self.m.number(r["count"])]
            for r in toward.objectives.to_dict("records")
        ]
        keys = ["objective", "title", "units", "count"]
        unserved = toward.unserved
        return TowardView(
            heading=t("rollup.alignment", plan=toward.plan),
            # the plans' titles hold commas of their own
            intro=t("rollup.alignment_text", units=self.lang.join_clauses(toward.units),
                    plan=toward.plan),
            table=self._table([self._col(k) for k in keys], rows, [3]),
            unserved=t("rollup.unserved", ids=self.lang.join(unserved)) if unserved else None,
        )  # fmt: skip

    # --- cells ---------------------------------------------------------------------------

    def _col(self, key: str) -> str:
        return self.m.t(f"rollup.columns.{key}")

    def _number(self, value: Any) -> str:
        return self.m.number(value) or self.m.t("rollup.none")

    def _municipality(self, name: str) -> str:
        return self.m.t("columns.total") if name == TOTAL else name

    def _area(self, ident: str) -> str:
        return self.m.t("chart.joint") if ident == JOINT else self.r.label("areas", ident)

    def _table(
        self, columns: list[str], rows: list[list[str]], right: Iterable[int] = ()
    ) -> GapTable:
        return GapTable(columns, rows, list(right))

    # --- the tables ----------------------------------------------------------------------

    def plans(self) -> GapTable:
        t = self.m.t
        rows = [
            [r["municipality"], r["title"], r["period"],
             t(f"document.status_values.{r['status']}") if r["status"] else "",
             self.m.number(r["errors"])]
            for r in self.r.plans.to_dict("records")
        ]  # fmt: skip
        keys = ["municipality", "plan", "period", "status", "errors"]
        return self._table([self._col(k) for k in keys], rows, [4])

    def matrix(self) -> GapTable:
        t = self.m.t
        rows = []
        for r in self.r.matrix.to_dict("records"):
            cells = [t(f"cells.{r[n]}") if r[n] else t("rollup.none") for n in self.r.names]
            rows.append([self.r.label("target_groups", r["target_group"]),
                         self.r.label("service_types", r["service_type"]),
                         self.r.label("needs", r["need"]), *cells])  # fmt: skip
        keys = ["target_group", "service_type", "need"]
        return self._table([*(self._col(k) for k in keys), *self.r.names], rows)

    def service_gaps(self) -> GapTable:
        rows = [
            [self._municipality(r["municipality"]), self.m.number(r["missing"]),
             self.m.number(r["unanswered"])]
            for r in self.r.service_gaps.to_dict("records")
        ]  # fmt: skip
        keys = ["municipality", "missing", "unanswered"]
        return self._table([self._col(k) for k in keys], rows, [1, 2])

    def capacity(self) -> GapTable:
        rows = [
            [self.r.label("target_groups", r["target_group"]),
             self.r.label("service_types", r["service_type"]), self.m.t(f"units.{r['unit']}"),
             *(self._number(r[n]) for n in self.r.names)]
            for r in self.r.capacity.to_dict("records")
        ]  # fmt: skip
        keys = ["target_group", "service_type", "unit"]
        headers = [*(self._col(k) for k in keys), *self.r.names]
        return self._table(headers, rows, range(3, 3 + len(self.r.names)))

    def funding(self) -> GapTable:
        rows = [
            [self._municipality(r["municipality"]), r["currency"],
             *(self._number(r[k]) for k in ("costs", "funds", "gap"))]
            for r in self.r.funding.to_dict("records")
        ]  # fmt: skip
        keys = ["municipality", "currency", "costs", "funds", "gap"]
        return self._table([self._col(k) for k in keys], rows, [2, 3, 4])

    def areas(self) -> GapTable:
        return self._money(self.r.areas, "area", self._area, ["costs", "funds", "gap"])

    def sources(self) -> GapTable:
        return self._money(self.r.sources, "source", lambda s: self.m.t(f"sources.{s}"), ["funds"])

    def _money(
        self, frame: pd.DataFrame, key: str, label: Callable[[str], str], amounts: list[str]
    ) -> GapTable:
        """Totals with the plans they come from; with several currencies each plan's
        amounts in its currency, then the empty total (as the funding table)."""
        if self.r.mixed:
            keys = [key, "municipality", "currency", *amounts]
            rows = [
                [label(r[key]), self._municipality(r["municipality"]), r["currency"],
                 *(self._number(r[k]) for k in amounts)]
                for r in frame.to_dict("records")
            ]  # fmt: skip
        else:
            keys = [key, "plans", *amounts]
            rows = [
                [label(r[key]), r["plans"], *(self._number(r[k]) for k in amounts)]
                for r in frame.to_dict("records")
            ]
        right = range(len(keys) - len(amounts), len(keys))
        return self._table([self._col(k) for k in keys], rows, right)

    def shared(self) -> GapTable:
        t = self.m.t
        rows = []
        for r in self.r.shared.to_dict("records"):
            how = ", ".join(t(f"rollup.matched_by.{h}") for h in r["matched_by"].split(", ") if h)
            rows.append([r["service"], r["provider"], r["registry_id"], how,
                         *(r[n] or t("rollup.none") for n in self.r.names)])  # fmt: skip
        keys = ["service", "provider", "registry_id", "matched_by"]
        return self._table([*(self._col(k) for k in keys), *self.r.names], rows)

    def vocabulary(self) -> GapTable:
        t = self.m.t
        rows: list[list[str]] = []
        seen: tuple[str, str] | None = None
        for r in self.r.vocabulary.to_dict("records"):  # one row per id, its problems joined
            problem = t(f"rollup.problems.{r['problem']}", ids=r["related"])
            if seen == (r["kind"], r["id"]):
                rows[-1][-1] += f"; {problem}"
                continue
            seen = (r["kind"], r["id"])
            rows.append([t(f"rollup.kinds.{r['kind']}"), r["id"],
                         *(r[n] or t("rollup.none") for n in self.r.names), problem])  # fmt: skip
        headers = [self._col("kind"), self._col("id"), *self.r.names, self._col("problem")]
        return self._table(headers, rows)
