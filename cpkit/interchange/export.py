"""Gap tables and entities written out: CSV, JSON, Markdown, spreadsheets.

Every format takes its numbers from :mod:`cpkit.analysis.gaps`; this module only lays them out.
"""

from __future__ import annotations

import io
import json
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cpkit.publish.safe_text import FORMULA, clean_text, spreadsheet_text

if TYPE_CHECKING:
    import pandas as pd

    from cpkit.core.language import Language
    from cpkit.model.entities import Plan

# The English titles and notes of the tables; a command that speaks another language takes
# them from the cli catalogue (`Headers`), under the same names.
TITLES = {
    "services": "Service gaps",
    "capacity": "Capacity gaps",
    "funding": "Funding gaps",
    "progress": "Progress gaps",
    "participation": "Participation gaps",
    "network": "Network of social services",
    "progress_rollup": "Progress",
    "funds_by_source": "Expected funds by source",
    "comments": "Book of comments",
    "settlement": "Settlement of comments",
}
EMPTY = {
    "services": "No needs-matrix cell is marked missing.",
    "capacity": "No demand is recorded (see `demand` in docs/format.md).",
    "funding": "No measure states costs or funds.",
    "progress": "No indicators.",
    "participation": "No coordination groups or areas.",
    "network": "No services in the network (see `network` in docs/format.md).",
    "comments": "no comments are filed.",
    "settlement": "no comments are filed.",
}


def column_label(name: str) -> str:
    """`answered_by` → `Answered by`: headers people can read."""
    label = name.replace("_pct", " %").replace("_", " ")
    return label[:1].upper() + label[1:]


def header_id(name: str) -> str:
    """`Costs total` → `costs_total`: the machine-stable name of a column (`--headers ids`),
    which `cpkit import` reads as it reads the label."""
    return re.sub(r"[^a-z0-9%]+", "_", name.strip().lower()).strip("_").replace("%", "pct")


#: The columns whose values are cpkit's own words (a status, a level), shown in the
#: reader's language by `Headers.value`; other cells are the plan's own text.
WORD_COLUMNS = ("status", "scope", "level", "kind", "decision", "group")  # group: "total"
UNIT_COLUMNS = ("unit", "capacity_unit", "Capacity unit")  # units of capacity: cpkit's words


class Headers:
    """Titles, column headers and cpkit's own cell words of the tables in one language
    (`words`, the cli catalogue), or the English labels when `words` is None; with `ids`,
    the machine-stable column names instead (`header_id`) and cells as computed."""

    def __init__(self, words: Language | None = None, *, ids: bool = False) -> None:
        self.words = words
        self.ids = ids

    def _t(self, key: str, **values: Any) -> str | None:
        if self.words is None or not self.words.has(key, "cli"):
            return None
        return self.words.t(key, "cli", **values)

    def title(self, name: str) -> str:
        return self._t(f"tables.{name}") or TITLES.get(name, column_label(name))

    def empty(self, name: str) -> str:
        return self._t(f"empty.{name}") or EMPTY.get(name, "")

    def column(self, name: str) -> str:
        """A column's header: the catalogue's for cpkit's columns, a funding source's name,
        and a column the plan names (a need, a demographic group) as the plan wrote it."""
        key = header_id(name)
        if self.ids:
            return key if self.words is None or self.words.has(f"columns.{key}", "cli") else name
        found = self._t(f"columns.{key}")
        if found is None and self.words is not None and self.words.has(f"render.sources.{name}"):
            found = self.words.t(f"render.sources.{name}")
        if found is not None:
            return found
        # a column the plan names (a need's id, a group of a demographic table): as written
        return column_label(name) if self.words is None else name

    def value(self, column: str, value: Any) -> Any:
        """A cell; cpkit's own word in a `WORD_COLUMNS` column in the reader's language."""
        if self.ids or not isinstance(value, str):
            return value
        if column in UNIT_COLUMNS and self.words is not None:
            key = f"render.units.{value}"
            return self.words.t(key) if self.words.has(key) else value
        if column == "Field":  # the plan sheet: a field of `plan` per row, by its label
            return self.column(value) if self._t(f"columns.{header_id(value)}") else value
        if column == "id" and value == "(joint)":  # the row of joint objectives
            return self._t("values.joint") or value
        if column in ("title", "name") and value == "joint objectives" and self.words:
            return self.words.t("render.chart.joint")
        if column == "owner" and " " in value:  # "objective 1.1": a kind and a number
            kind, _, number = value.partition(" ")
            return self._t(f"values.owner.{kind}", id=number) or value
        if column not in WORD_COLUMNS:
            return value
        return self._t(f"values.{column}.{value}") or value

    def cell(self, value: Any) -> str:
        """A cell as text (`format_value`), its numbers as the language writes them."""
        return format_value(value, self.words)


def format_value(value: Any, words: Language | None = None) -> str:
    """A cell as text: numbers of five digits or more grouped by thousands (a year is not),
    empty for missing values; in `words`' language when given (1 500,5 in Czech)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        if words is not None:
            return words.t("values.yes" if value else "values.no", "cli")
        return "yes" if value else "no"
    if isinstance(value, float):
        if value.is_integer():
            return format_value(int(value), words)
        if words is not None and abs(value) >= 1:
            return words.number(value)
        return f"{value:,.2f}".rstrip("0").rstrip(".") if abs(value) >= 1 else f"{value:.3g}"
    if isinstance(value, int):
        if abs(value) < 10000:
            return str(value)
        return words.number(value) if words is not None else f"{value:,}"
    return str(value)


def round_number(value: float) -> float:
    """Two decimals, but never fewer than three significant digits: 42.85000000000002 → 42.85,
    53.846… → 53.85, and a share of 0.035 stays 0.035."""
    if not math.isfinite(value) or value == 0:
        return value
    return round(value, max(2, 2 - math.floor(math.log10(abs(value)))))


def tidy(frame: pd.DataFrame) -> pd.DataFrame:
    """A computed table with numbers as people write them, for every output format.

    A missing value makes a pandas column float, so years and counts arrive as 2005.0 and
    sums carry binary noise (42.85000000000002). A float column whose values are all whole
    becomes integers (nullable); any other is rounded by `round_number`. Only the output is
    rounded: cpkit.analysis.gaps keeps full precision for the arithmetic.
    """
    out = frame.copy()
    for column in frame.columns:
        values = frame[column]
        if values.dtype.kind != "f":
            continue
        rounded = values.map(round_number)
        present = rounded.dropna()
        if ((present % 1 == 0) & (present.abs() < 2**53)).all():
            out[column] = rounded.astype("Int64")
        else:
            out[column] = rounded
    return out


@dataclass(slots=True)
class Shown:
    """A table ready to lay out: title, readable headers, formatted cells."""

    name: str
    title: str
    columns: list[str]
    rows: list[list[str]]
    numeric: set[str]
    empty: str


def shown(name: str, frame: pd.DataFrame, headers: Headers | None = None) -> Shown:
    h = headers or Headers()
    numeric = {
        h.column(c) for c in frame.columns if frame[c].dtype.kind in "if" and frame[c].dtype != bool
    }
    cells = frame.astype(object).where(frame.notna(), None)  # pd.NA and NaN alike: empty
    columns = list(frame.columns)
    rows = [
        [h.cell(h.value(c, v)) for c, v in zip(columns, record, strict=True)]
        for record in cells.itertuples(index=False)
    ]
    return Shown(name, h.title(name), [h.column(c) for c in columns], rows, numeric, h.empty(name))


def to_markdown(
    frames: Mapping[str, pd.DataFrame],
    titles: Mapping[str, str] | None = None,
    headers: Headers | None = None,
) -> str:
    """GitHub-flavoured tables under `## title`; `titles` replaces a table's usual title."""
    from cpkit.publish.templating import environment

    tables = [shown(n, f, headers) for n, f in frames.items()]
    for t in tables:
        t.title = (titles or {}).get(t.name, t.title)
    return environment().get_template("gaps/tables.md.j2").render(tables=tables)


def to_json(frames: Mapping[str, pd.DataFrame], about: Mapping[str, Any] | None = None) -> str:
    """`{"table": [records…]}`, after `about` (what the tables describe, e.g. the year)."""
    doc = dict(about or {}) | {
        n: json.loads(f.to_json(orient="records")) for n, f in frames.items()
    }
    return json.dumps(doc, indent=2, ensure_ascii=False) + "\n"


def to_csv(frame: pd.DataFrame) -> str:
    """A table as CSV; a text cell that a spreadsheet would run as a formula (`=`, `+`, `-`,
    `@`, tab or CR first) behind a single quote, as OWASP's CSV-injection guidance says."""
    buf = io.StringIO()
    text_cells(frame, spreadsheet_text).to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue()


def text_cells(frame: pd.DataFrame, change: Callable[[str], str]) -> pd.DataFrame:
    """`frame` with `change` applied to every text cell and header; numbers stay numbers."""
    out = frame.copy()
    out.columns = [change(c) if isinstance(c, str) else c for c in frame.columns]
    for i in range(out.shape[1]):
        column = out.iloc[:, i]
        if column.dtype.kind == "O" or str(column.dtype) == "string":
            out.isetitem(i, column.map(lambda v: change(v) if isinstance(v, str) else v))
    return out


def _text_not_formula(ws: Any) -> None:
    """Every text cell of a sheet stays text: a cell openpyxl took for a formula (plan text
    beginning with `=`) is stored as a string, and any text that a spreadsheet program would
    read as a formula once edited is marked with the quote prefix (shown as typed `'=…`)."""
    for row in ws.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"
            if cell.data_type == "s" and FORMULA.match(str(cell.value)):
                cell.quotePrefix = True


def labelled(frame: pd.DataFrame, headers: Headers) -> pd.DataFrame:
    """`frame` with the headers and cpkit's own cell words of `headers`; numbers stay numbers,
    and a unit of capacity stays its id, which `cpkit import` reads back."""
    out = frame.copy()
    for column in frame.columns:
        if column in UNIT_COLUMNS:
            continue
        if frame[column].dtype.kind not in "biufcmM":  # text (object or str), not numbers
            out[column] = frame[column].map(lambda v, c=column: headers.value(c, v))
    return out.rename(columns=headers.column)


def sheet_title(name: str, headers: Headers) -> str:
    """A sheet's name in the reader's language, as a workbook allows it: 31 characters,
    none of []:*?/\\."""
    title = name if headers.ids else (headers._t(f"sheets.{name}") or name)
    return re.sub(r"[\[\]:*?/\\]", "-", title)[:31]


def write_xlsx(
    path: Path, sheets: Mapping[str, pd.DataFrame], headers: Headers | None = None
) -> None:
    """One sheet per table, with readable headers; numbers stay numbers, dates dates, and
    text stays text: no formula, and no character a workbook cannot hold (see clean_text)."""
    import pandas as pd

    from cpkit.core.files import write_atomic

    h = headers or Headers()
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            sheet = sheet_title(name, h)
            cleaned = text_cells(labelled(frame, h), clean_text)
            cleaned.to_excel(writer, sheet_name=sheet, index=False)
            ws = writer.sheets[sheet]
            _text_not_formula(ws)
            ws.freeze_panes = "A2"
            for column in ws.columns:
                width = max((len(str(c.value)) for c in column if c.value is not None), default=8)
                ws.column_dimensions[column[0].column_letter].width = min(60, max(8, width + 2))
    write_atomic(path, buf.getvalue())


def for_terminal(
    name: str, frame: pd.DataFrame, headers: Headers | None = None
) -> list[tuple[str, pd.DataFrame]]:
    """The views of a table that fit an 80-column terminal (the full table is in csv/xlsx)."""
    h = headers or Headers()
    title = h.title(name)
    if name == "funding":
        # the plan, areas and objectives; every measure's row is in csv, json, md and xlsx
        totals = frame[(frame["year"] == "total") & (frame["scope"] != "measure")]
        sources = [c for c in frame.columns if c not in FUNDING_BASE]
        plan_row = totals[totals["scope"] == "plan"]
        by_source = (
            plan_row[sources].T.reset_index().set_axis(["source", "funds"], axis=1)
            if sources and not plan_row.empty
            else None
        )
        named = "title" if "title" in totals.columns else "id"  # names, for people
        views = [(title, totals[["scope", named, "costs", "funds", "gap"]])]
        if by_source is not None:
            if h.words is not None:  # the source ids are cpkit's words: the reader's names
                by_source["source"] = by_source["source"].map(lambda s: h.column(str(s)))
            views.append((h.title("funds_by_source"), by_source))
        return views
    if name == "services":
        return [(title, frame[["target_group", "service_type", "need", "answered_by"]])]
    if name == "capacity":
        years = sorted({int(y) for y in frame["year"].dropna()})
        if years:
            title = h._t("population_of", title=title, years=", ".join(map(str, years))) or (
                f"{title} (population of {', '.join(map(str, years))})"
            )
        return [(title, frame.drop(columns=["share", "year", "population"]))]
    if name == "progress":
        return [
            (title, frame[["owner", "indicator", "target", "actual", "achieved_pct", "status"]])
        ]
    if name == "participation":
        return [(title, frame.drop(columns=["name"]))]
    return [(title, frame)]


FUNDING_BASE = ("scope", "id", "title", "year", "costs", "funds", "gap")


def entity_sheets(plan: Plan) -> dict[str, pd.DataFrame]:
    """One table per kind of entity, one column per field, as `cpkit import` reads them back."""
    import pandas as pd

    from cpkit.model.flatten import flatten

    def frame(items: list[Any], drop: tuple[str, ...] = ()) -> pd.DataFrame:
        rows = [{k: v for k, v in flatten(e).items() if k not in drop} for e in items]
        return pd.DataFrame(rows)

    sheets: dict[str, pd.DataFrame] = {}
    if plan.info:
        info = flatten(plan.info)
        sheets["plan"] = pd.DataFrame({"Field": list(info), "Value": list(info.values())})
    for section in (
        "stakeholders",
        "groups",
        "target_groups",
        "needs",
        "service_types",
        "areas",
        "services",
        "swot",
        "demand",
    ):
        sheets[section] = frame(getattr(plan, section))
    sheets["needs_matrix"] = needs_matrix_frame(plan)
    sheets["priorities"] = frame(plan.priorities, drop=("Objectives",))
    objectives = frame(list(plan.objectives()), drop=("Measures",))
    if not objectives.empty:
        objectives.insert(0, "Priority", [o.parent for o in plan.objectives()])
    sheets["objectives"] = objectives
    measures = frame(list(plan.measures()), drop=("Measures",))
    if not measures.empty:
        measures.insert(0, "Parent", [m.parent for m in plan.measures()])
    sheets["measures"] = measures
    sheets["comments"] = frame(plan.comments)
    sheets["monitoring"] = frame(plan.monitoring, drop=("Measures", "Indicators"))
    for part, label in (("measures", "monitoring_measures"), ("indicators", "monitoring_values")):
        rows = [
            {"Year": year.year, **flatten(item)}
            for year in plan.monitoring
            for item in getattr(year, part)
        ]
        sheets[label] = pd.DataFrame(rows)
    for table in plan.demographics.tables:
        name = demographic_sheet_name(table.path)
        sheets["demographics-" + name if name in sheets else name] = demographic_frame(table)
    return {name: tidy(frame) for name, frame in sheets.items()}


def demographic_sheet_name(path: str) -> str:
    """`demographics/age-structure.csv` → `age-structure`: a sheet per table of Part B."""
    inner = Path(path).with_suffix("").parts
    return "-".join(inner[1:] if inner[:1] == ("demographics",) and len(inner) > 1 else inner)


def demographic_frame(table: Any) -> pd.DataFrame:
    """A table of Part B as written, every column kept (`source`, `note`): a count is a
    number, whole where it was written whole (13120, not 13120.0); text stays text."""
    import pandas as pd

    from cpkit.model.demographics import as_number

    rows = [[as_number(v) for v in row.values] for row in table.rows]
    return pd.DataFrame(rows, columns=[column_label(h) for h in table.header])


def needs_matrix_frame(plan: Plan) -> pd.DataFrame:
    """The needs matrix, a column per need of the plan, even one no row has filled (it is
    left empty, which `cpkit import` reads back as no cell)."""
    import pandas as pd

    base = ["Id", "Area", "Target group", "Service type"]
    needs = [n.id for n in plan.needs]
    rows = [
        {
            "Id": r.id,
            "Area": r.area,
            "Target group": r.target_group,
            "Service type": r.service_type,
            **{n: _cell_text(r.cells[n]) for n in needs if n in r.cells},
        }
        for r in plan.needs_matrix
    ]
    return pd.DataFrame(rows, columns=[*base, *needs])


def _cell_text(cell: Any) -> str:
    value = cell.to_plain()
    return "; ".join(value) if isinstance(value, list) else value
