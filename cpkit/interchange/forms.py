"""`cpkit forms`: one workbook per provider to return a year's figures, and reading it back.

A form holds what one stakeholder reports for year Y: for each service it provides, the
capacity and the funding by source; for each measure it implements, the status, a note, the
money spent by source and the actual values of the measure's indicators. The cells the plan
fills in (ids, names, last year's figures) are locked; the cells to fill are not. A hidden
sheet names the plan, the year and the provider, and holds a fingerprint of the pre-filled
cells, so that a returned form is matched to its provider and a form whose pre-filled cells
were changed is recognised. Reading a form gives :class:`Entry` values, each with the cell it
came from; :mod:`cpkit.interchange.collect` checks them against the plan and writes them.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cpkit.core.language import Language, language, languages
from cpkit.model.entities import Plan
from cpkit.model.measures import MeasureStatus
from cpkit.model.vocabularies import FUND_SOURCES, territory_of

DOMAIN = "forms"
HIDDEN = "_cpkit"
FORMAT = "cpkit-form/1"
STATUSES: tuple[str, ...] = typing.get_args(MeasureStatus)
#: Empty rows under the pre-filled ones, for a fund source the plan did not know.
SPARE_ROWS = 5
#: The sheets of a form, in order, and the columns of each: (key, filled by the provider?).
COLUMNS: dict[str, list[tuple[str, bool]]] = {
    "services": [
        ("service", False),
        ("name", False),
        ("unit", False),
        ("capacity_last", False),
        ("capacity", True),
    ],
    "funding": [
        ("service", False),
        ("name", False),
        ("source", False),
        ("amount_last", False),
        ("amount", True),
    ],
    "measures": [
        ("measure", False),
        ("title", False),
        ("status_last", False),
        ("status", True),
        ("note", True),
    ],
    "spending": [("measure", False), ("title", False), ("source", False), ("amount", True)],
    "indicators": [
        ("owner", False),
        ("indicator", False),
        ("indicator_name", False),
        ("unit", False),
        ("target", False),
        ("value_last", False),
        ("value", True),
        ("comment", True),
    ],
}
#: Columns that hold numbers, and those that hold a choice.
NUMBERS = {"capacity_last", "capacity", "amount_last", "amount", "target", "value_last", "value"}
#: In the spare rows of these sheets the id and the source are the provider's to write.
SPARE = {"funding", "spending"}


class FormError(Exception):
    """A form that cannot be made (an unknown provider, a plan without an id)."""


@dataclass(slots=True)
class Form:
    """What one provider's form for one year holds, before it is a workbook."""

    plan: str
    year: int
    provider: str
    provider_name: str
    tag: str
    currency: str
    sources: tuple[str, ...]
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    #: What the plan holds for the year, of the figures this form asks for, when it is made
    #: ("funding/dd-residential/state" → 10000000): a return that changes one of these is no
    #: conflict; one the plan changed since is.
    base: dict[str, Any] = field(default_factory=dict)

    @property
    def empty(self) -> bool:
        return not any(self.rows.values())


def fingerprint(plan: Any, year: Any, provider: Any, prefilled: dict[str, Any]) -> str:
    """Of the locked cells as the workbook shows them (sheet → rows of values)."""
    text = json.dumps([plan, year, provider, prefilled], ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def plain(value: Any) -> Any:
    """A cell's value as the fingerprint and the checks see it: text stripped, 430.0 as 430."""
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def plan_id(plan: Plan) -> str:
    return (plan.info.id if plan.info and plan.info.id else "") or plan.root.name


def fund_sources(plan: Plan) -> tuple[str, ...]:
    info = plan.info
    return FUND_SOURCES[
        territory_of(info.shape if info else "community", info.currency if info else None)
    ]


def plan_language(plan: Plan) -> Language:
    return language(plan.info.language if plan.info and plan.info.language else "en")


def providers(plan: Plan) -> list[str]:
    """Who gets a form: every provider of a service and implementer of a measure, in the
    order of the stakeholders."""
    named = {s.provider for s in plan.services} | {
        m.implementer for m in plan.measures() if m.implementer
    }
    return [s.id for s in plan.stakeholders if s.id in named]


def held(plan: Plan, year: int) -> dict[tuple[str, ...], Any]:
    """Every value a form could set for `year`, as the plan holds it now: ("capacity", id),
    ("funding", id, source), ("status" | "spent" | "note", measure), ("value" | "comment",
    owner, indicator)."""
    out: dict[tuple[str, ...], Any] = {}
    for s in plan.services:
        if s.capacity:
            out[("capacity", s.id)] = plain(s.capacity.value)
        for f in s.funding:
            if f.year == year and f.amount is not None:
                out[("funding", s.id, f.source)] = plain(f.amount)
    for mon in plan.monitoring:
        if mon.year != year:
            continue
        for r in mon.measures:
            for name in ("status", "spent", "note"):
                v = getattr(r, name)
                if v is not None:
                    out[(name, r.measure)] = plain(v)
        for v in mon.indicators:
            if v.value is not None:
                out[("value", v.owner, v.indicator)] = plain(v.value)
            if v.comment is not None:
                out[("comment", v.owner, v.indicator)] = v.comment
    return out


def _last(values: dict[int, float], year: int) -> float | None:
    """The latest value of a year before `year`."""
    before = [y for y in values if y < year]
    return values[max(before)] if before else None


def build_form(plan: Plan, year: int, provider: str, *, tag: str | None = None) -> Form:
    """The rows of one provider's form for `year`, pre-filled from the plan; its words in
    the language `tag` (default: the plan's)."""
    who = {s.id: s for s in plan.stakeholders}.get(provider)
    if who is None:
        raise FormError(f"{provider}: no stakeholder of the plan has this id")
    form = Form(
        plan_id(plan),
        year,
        provider,
        who.name or provider,
        tag or plan_language(plan).tag,
        (plan.info.currency if plan.info else None) or "",
        fund_sources(plan),
    )
    services, funding = [], []
    for s in plan.services:
        if s.provider != provider:
            continue
        cap = s.capacity
        services.append(
            {
                "service": s.id,
                "name": s.name,
                "unit": cap.unit if cap else None,
                "capacity_last": cap.value if cap else None,
            }
        )
        by_source: dict[str, dict[int, float]] = {}
        for f in s.funding:
            if f.year is not None and f.amount is not None:
                by_source.setdefault(f.source, {})[f.year] = f.amount
        for source, amounts in by_source.items():
            funding.append(
                {
                    "service": s.id,
                    "name": s.name,
                    "source": source,
                    "amount_last": _last(amounts, year),
                    # what the plan already holds for the year: shown, for the provider to
                    # keep or correct
                    "amount": amounts.get(year),
                }
            )
    measures, spending, indicators = [], [], []
    reports = _reports(plan, year)
    for m in plan.measures():
        if m.implementer != provider:
            continue
        status, values = reports.get(m.id, (None, {}))
        measures.append({"measure": m.id, "title": m.title, "status_last": status or m.status})
        for source in dict.fromkeys(f.source for f in m.funds):
            spending.append({"measure": m.id, "title": m.title, "source": source})
        for i in m.indicators:
            indicators.append(
                {
                    "owner": m.id,
                    "indicator": i.id,
                    "indicator_name": i.name,
                    "unit": i.unit,
                    "target": i.target.value if i.target else None,
                    "value_last": values.get(i.id),
                }
            )
    form.rows = {
        "services": services,
        "funding": funding,
        "measures": measures,
        "spending": spending,
        "indicators": indicators,
    }
    mine = {s.id for s in plan.services if s.provider == provider} | {
        m.id for m in plan.measures() if m.implementer == provider
    }
    form.base = {"/".join(k): v for k, v in held(plan, year).items() if k[1] in mine}
    return form


def _reports(plan: Plan, year: int) -> dict[str, tuple[str | None, dict[str, float]]]:
    """Per measure: its latest reported status before `year`, and its indicators' values."""
    out: dict[str, tuple[str | None, dict[str, float]]] = {}
    for mon in sorted(plan.monitoring, key=lambda m: m.year):
        if mon.year >= year:
            continue
        for r in mon.measures:
            status, values = out.get(r.measure, (None, {}))
            out[r.measure] = (r.status or status, values)
        for v in mon.indicators:
            if v.value is not None:
                status, values = out.get(v.owner, (None, {}))
                out[v.owner] = (status, {**values, v.indicator: v.value})
    return out


def file_name(provider: str) -> str:
    """A safe file name from a provider id: letters, digits, `-`, `_` and `.`, never hidden."""
    name = re.sub(r"[^\w.-]+", "-", provider, flags=re.UNICODE).strip(".-") or "provider"
    if name.split(".")[0].upper() in _RESERVED:  # names Windows keeps for devices
        name = f"{name}-form"
    return f"{name[:80]}.xlsx"


_RESERVED = {
    "CON",
    "PRN",
    "AUX",
    "NUL",
    *(f"COM{n}" for n in range(10)),
    *(f"LPT{n}" for n in range(10)),
}


# Writing a workbook ---------------------------------------------------------------------


def workbook(form: Form) -> bytes:
    """The form as an XLSX workbook: instructions first, then the sheets, then the hidden one."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    lang = language(form.tag)
    t = lambda key, **v: lang.t(key, DOMAIN, **v)  # noqa: E731
    words = {"year": form.year, "last": form.year - 1}
    words = {k: str(v) for k, v in words.items()}  # years are not formatted as numbers
    grey = PatternFill("solid", fgColor="DDDDDD")
    bold = Font(bold=True)
    wb = Workbook()
    info = wb.active
    info.title = t("sheets.instructions")
    lines = [
        t("instructions.title", provider=form.provider_name, **words),
        t("instructions.plan", plan=form.plan),
        "",
        *(
            t(f"instructions.{k}", currency=form.currency, **words)
            for k in ("intro", "services", "measures", "indicators", "numbers", "return")
        ),
    ]
    for r, line in enumerate(lines, start=1):
        cell = info.cell(row=r, column=1, value=line)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    info["A1"].font = Font(bold=True, size=14)
    info.column_dimensions["A"].width = 100
    info.protection.sheet = True
    prefilled: dict[str, list[list[Any]]] = {}
    status_words = [status_label(lang, s) for s in STATUSES]
    source_words = [source_label(lang, s) for s in form.sources]
    for sheet, rows in form.rows.items():
        ws = wb.create_sheet(t(f"sheets.{sheet}"))
        cols = COLUMNS[sheet]
        for c, (key, _fill) in enumerate(cols, start=1):
            cell = ws.cell(row=1, column=c, value=t(f"columns.{key}", **words))
            cell.font, cell.fill = bold, grey
            ws.column_dimensions[cell.column_letter].width = (
                34 if key in ("name", "title", "note", "indicator_name", "comment") else 16
            )
        spare = SPARE_ROWS if sheet in SPARE else 0
        prefilled[sheet] = []
        for r, row in enumerate([*rows, *({} for _ in range(spare))], start=2):
            for c, (key, fill) in enumerate(cols, start=1):
                value = shown(lang, key, row.get(key))
                cell = ws.cell(row=r, column=c, value=value)
                open_ = fill or not row
                if not open_:
                    if c == 1:
                        prefilled[sheet].append([])
                    prefilled[sheet][-1].append(plain(value))
                if not open_:
                    cell.fill = grey
                cell.protection = Protection(locked=not open_)
                if key in NUMBERS:
                    cell.number_format = "#,##0.##"
        last = len(rows) + spare + 1
        for c, (key, fill) in enumerate(cols, start=1):
            letter = ws.cell(row=1, column=c).column_letter
            words_ = {"status": status_words, "source": source_words}.get(key)
            if spare and c == 1:  # the spare rows' id: one of the provider's own
                owner = "services" if key == "service" else "measures"
                words_ = [str(r[key]) for r in form.rows[owner]]
            if words_ and (fill or spare) and len(_list(words_)) <= 257:  # Excel's limit: 255
                first = 2 if fill else len(rows) + 2
                dv = DataValidation(type="list", formula1=_list(words_), allow_blank=True)
                dv.add(f"{letter}{first}:{letter}{max(last, first)}")
                ws.add_data_validation(dv)
            elif key in NUMBERS and fill and last >= 2:
                dv = DataValidation(
                    type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True
                )
                dv.add(f"{letter}2:{letter}{last}")
                ws.add_data_validation(dv)
        ws.freeze_panes = "A2"
        ws.protection.sheet = True  # no password: the lock guards against slips, not people
    hidden = wb.create_sheet(HIDDEN)
    meta = {
        "format": FORMAT,
        "plan": form.plan,
        "year": form.year,
        "provider": form.provider,
        "language": form.tag,
        "fingerprint": fingerprint(form.plan, form.year, form.provider, prefilled),
        "rows": json.dumps({k: len(v) for k, v in prefilled.items()}, sort_keys=True),
        "base": json.dumps(form.base, ensure_ascii=False, sort_keys=True),
    }
    for r, (k, v) in enumerate(meta.items(), start=1):
        hidden.cell(row=r, column=1, value=k)
        hidden.cell(row=r, column=2, value=v)
    hidden.sheet_state = "hidden"
    hidden.protection.sheet = True
    buf = io.BytesIO()
    wb.save(buf)
    return _stable(buf.getvalue())


def _list(words: list[str]) -> str:
    return '"' + ",".join(w.replace('"', "'").replace(",", " ") for w in words) + '"'


def _stable(data: bytes) -> bytes:
    """The workbook with fixed zip timestamps and document dates: the same plan, the same bytes."""
    import zipfile

    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            body = src.read(item.filename)
            if item.filename == "docProps/core.xml":
                body = re.sub(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"2000-01-01T00:00:00Z", body)
            info = zipfile.ZipInfo(item.filename, date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, body)
    return out.getvalue()


def shown(lang: Language, key: str, value: Any) -> Any:
    """A pre-filled value as the workbook shows it: statuses, fund sources and units in the
    form's words (the ids are read back too)."""
    if not value or not isinstance(value, str):
        return value
    if key == "status_last":
        return status_label(lang, value)
    if key == "source":
        return source_label(lang, value)
    if key == "unit":
        return unit_label(lang, value)
    return value


def unit_label(lang: Language, unit: str) -> str:
    key = f"render.units.{unit}"
    return lang.t(key) if lang.has(key) else unit


def status_label(lang: Language, status: str) -> str:
    key = f"render.measure.status_values.{status}"
    return lang.t(key) if lang.has(key) else status


def source_label(lang: Language, source: str) -> str:
    key = f"render.sources.{source}"
    return lang.t(key) if lang.has(key) else source


def labels(lang: Language, words: tuple[str, ...], kind: str) -> dict[str, str]:
    """Each word and its label, in any case, to the word: what a filled cell may hold."""
    label = status_label if kind == "status" else source_label
    out: dict[str, str] = {}
    for w in words:
        out[w.casefold()] = w
        out[label(lang, w).casefold()] = w
    return out


# Reading a returned form ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Cell:
    """A value read from a returned form, and where: `forms/dd.xlsx:Služby!E2`."""

    file: str
    sheet: str
    ref: str  # "E2" in a workbook, "7:value" (line and column name) in a CSV
    value: Any

    @property
    def where(self) -> str:
        sep = "!" if not self.ref[0].isdigit() else ":"
        return (
            f"{self.file}:{self.sheet}{sep}{self.ref}" if self.sheet else f"{self.file}:{self.ref}"
        )


@dataclass(slots=True)
class Returned:
    """A returned form as read: who it says it is for, and its rows by sheet."""

    file: str
    plan: Any = None
    year: Any = None
    provider: Any = None
    fingerprint: Any = None
    language: str = "en"
    header: Cell | None = None  # where the form names its plan, year and provider
    counts: dict[str, int] = field(default_factory=dict)  # pre-filled rows of each sheet
    #: sheet → rows; each row maps a column key to the Cell read there
    rows: dict[str, list[dict[str, Cell]]] = field(default_factory=dict)
    csv: bool = False
    #: The plan's values when the form was made (Form.base); None: not known (a CSV form,
    #: or a form made before cpkit kept them)
    base: dict[str, Any] | None = None


class NotAForm(Exception):
    """A file that is not a form cpkit made, as data: `reason` is the key of its message
    under CP721 in the rules catalogue, `fields` that message's words; `sheet` and `ref`
    say where, if known. ``str(exc)`` is the English message, for logs."""

    def __init__(self, reason: str, sheet: str = "", ref: str = "", /, **fields: object) -> None:
        self.reason, self.fields = reason, fields
        self.sheet, self.ref = sheet, ref
        super().__init__(reason)

    def __str__(self) -> str:
        from cpkit.core import rules
        from cpkit.core.diagnostics import Loc

        return rules.FORM_UNREADABLE(Loc(""), self.reason, **self.fields).message_in("en")


def read_form(path: Path, shown: str, lang: Language) -> Returned:
    """Read a returned XLSX (or CSV) form; raises NotAForm."""
    if path.suffix.lower() == ".csv":
        return read_csv(path, shown)
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, data_only=True)
    except Exception as exc:  # a zip that is not a workbook, a damaged file, not a zip
        raise NotAForm("not-xlsx", error=type(exc).__name__) from None
    if HIDDEN not in wb.sheetnames:
        raise NotAForm("no-hidden-sheet", sheet=HIDDEN)
    meta_ws = wb[HIDDEN]
    meta = {
        # plain(): an office program may save the year 2006 as 2006.0
        str(meta_ws.cell(row=r, column=1).value): plain(meta_ws.cell(row=r, column=2).value)
        for r in range(1, meta_ws.max_row + 1)
    }
    if meta.get("format") != FORMAT:
        raise NotAForm("other-kind", HIDDEN, "B1", kind=FORMAT)
    tag = str(meta.get("language") or lang.tag)
    if tag in languages():  # else a tag cpkit does not speak: the plan's words
        lang = language(tag)
    out = Returned(
        shown,
        meta.get("plan"),
        meta.get("year"),
        meta.get("provider"),
        meta.get("fingerprint"),
        lang.tag,
        Cell(shown, HIDDEN, "B2", meta.get("plan")),
    )
    try:
        out.counts = {str(k): int(v) for k, v in json.loads(str(meta.get("rows"))).items()}
    except (ValueError, TypeError, AttributeError):
        raise NotAForm("hidden-changed", HIDDEN, "B7") from None
    if meta.get("base") is not None:
        try:
            base = json.loads(str(meta["base"]))
        except ValueError:
            raise NotAForm("hidden-changed", HIDDEN, "B8") from None
        if not isinstance(base, dict):
            raise NotAForm("hidden-changed", HIDDEN, "B8")
        out.base = {str(k): plain(v) for k, v in base.items()}
    for sheet, cols in COLUMNS.items():
        title = lang.t(f"sheets.{sheet}", DOMAIN)
        if title not in wb.sheetnames:
            raise NotAForm("sheet-missing", title, "A1", sheet=title)
        ws = wb[title]
        rows = []
        for r in range(2, ws.max_row + 1):
            row = {}
            for c, (key, _fill) in enumerate(cols, start=1):
                cell = ws.cell(row=r, column=c)
                value = plain(cell.value)
                row[key] = Cell(shown, title, cell.coordinate, value)
            if r <= out.counts.get(sheet, 0) + 1 or any(v.value is not None for v in row.values()):
                rows.append(row)
        out.rows[sheet] = rows
    return out


#: The CSV form: one line per figure. Column names are fixed (English ids), see docs/forms.md.
CSV_COLUMNS = ("plan", "year", "provider", "sheet", "id", "source", "field", "value")
#: CSV sheet → which row columns the `id` names, and the fields that may be given.
CSV_ID = {
    "services": "service",
    "funding": "service",
    "measures": "measure",
    "spending": "measure",
    "indicators": "owner",
}


def prefilled_of(form: Returned) -> dict[str, list[list[Any]]]:
    """The locked cells of a returned workbook, as :func:`fingerprint` takes them."""
    out = {}
    for sheet, cols in COLUMNS.items():
        locked = [k for k, fill in cols if not fill]
        rows = form.rows.get(sheet, [])[: form.counts.get(sheet, 0)]
        out[sheet] = [[row[k].value for k in locked] for row in rows]
    return out


def read_csv(path: Path, shown: str) -> Returned:
    import csv

    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise NotAForm("not-utf8") from None
    sample = text[:2048]
    delimiter = max(",;\t", key=sample.count)
    lines = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if not lines or [h.strip().lower() for h in lines[0]] != list(CSV_COLUMNS):
        raise NotAForm("csv-columns", "", "1:plan", columns=",".join(CSV_COLUMNS))
    out = Returned(shown, csv=True)
    groups: dict[tuple[str, str, str, str], dict[str, Cell]] = {}
    for n, line in enumerate(lines[1:], start=2):
        if not any(x.strip() for x in line):
            continue
        rec = dict(zip(CSV_COLUMNS, (x.strip() for x in [*line, *[""] * 8]), strict=False))
        at = lambda col, n=n: f"{n}:{col}"  # noqa: E731
        if out.header is None:
            out.plan, out.year, out.provider = rec["plan"], _year(rec["year"]), rec["provider"]
            out.header = Cell(shown, "", at("plan"), rec["plan"])
        elif (rec["plan"], _year(rec["year"]), rec["provider"]) != (
            out.plan,
            out.year,
            out.provider,
        ):
            raise NotAForm("csv-mixed", "", at("plan"))
        sheet = rec["sheet"]
        if sheet not in CSV_ID:
            raise NotAForm("csv-sheet", "", at("sheet"), sheet=sheet, sheets=tuple(CSV_ID))
        fields = [k for k, fill in COLUMNS[sheet] if fill]
        if rec["field"] not in fields:
            raise NotAForm(
                "csv-field", "", at("field"), field=rec["field"], fields=tuple(fields), sheet=sheet
            )
        ident, indicator = rec["id"], ""
        if sheet == "indicators":
            ident, _, indicator = ident.partition("/")
        key = (sheet, ident, indicator, rec["source"])
        row = groups.setdefault(key, {})
        row[CSV_ID[sheet]] = Cell(shown, "", at("id"), ident or None)
        if sheet == "indicators":
            row["indicator"] = Cell(shown, "", at("id"), indicator or None)
        if sheet in ("funding", "spending"):
            row["source"] = Cell(shown, "", at("source"), rec["source"] or None)
        row[rec["field"]] = Cell(shown, "", at("value"), _number(rec["value"]))
    for sheet in COLUMNS:
        out.rows[sheet] = [row for (s, *_), row in groups.items() if s == sheet]
    return out


def _year(text: str) -> Any:
    return int(text) if text.isdigit() else text


def _number(text: str) -> Any:
    """A CSV value: a plain number as a number, anything else as the text written."""
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        return text
    return int(value) if value.is_integer() and "." not in text else value
