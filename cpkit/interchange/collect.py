"""`cpkit collect`: returned provider forms into the year's monitoring file and the services.

Every cell of every form is checked first; a form with an error is refused whole and the
error names its file, sheet and cell (CP721–CP729). What the good forms give is compared
with what the plan holds: a value the plan holds that neither the form's own pre-filled
value nor an earlier return of the same provider put there is a conflict (CP729), and is not
overwritten. The rest is written through the YAML editor, which keeps comments and layout:
`monitoring/Y.yaml` (status, money spent and a note per measure; indicator values) and each
service's capacity and funding of the year. What each provider's return wrote is kept in
`monitoring/.forms-Y.json`, so that a second return of the same provider replaces that
provider's values only, and a re-run on the same forms changes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cpkit.core import rules
from cpkit.core.diagnostics import Diagnostic, Loc, Report, Severity
from cpkit.core.language import Language, language
from cpkit.interchange import forms as fm
from cpkit.interchange.yamledit import YamlEditError, YamlFile, position, round_trip, styled
from cpkit.model.entities import Plan

Key = tuple[str, ...]  # ("capacity", service) ("funding", service, source) ("status", measure)
# ("note", measure) ("spent", measure) ("value", owner, indicator) ("comment", owner, indicator)


class CollectError(Exception):
    """The plan cannot take the returns (a file that cannot be edited); nothing written."""


@dataclass(slots=True)
class Figure:
    key: Key
    value: Any
    cell: fm.Cell | None  # None for a sum (money spent by source)
    base: Any = None  # the plan's value the form was made with, where it shows one
    based: bool = False


@dataclass(slots=True)
class Change:
    provider: str
    key: Key
    old: Any
    new: Any
    where: str


@dataclass(slots=True)
class Result:
    year: int
    report: Report = field(default_factory=Report)
    accepted: dict[str, str] = field(default_factory=dict)  # provider → file
    refused: list[str] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)  # written, or with dry_run to be
    returns: list[fm.Returned] = field(default_factory=list)  # the forms read, good or not


def ledger_path(plan: Plan, year: int) -> Path:
    return plan.root / "monitoring" / f".forms-{year}.json"


def read_ledger(plan: Plan, year: int) -> dict[str, Any]:
    try:
        doc = json.loads(ledger_path(plan, year).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return doc.get("providers", {}) if isinstance(doc, dict) else {}


def key_text(key: Key) -> str:
    return "/".join(key)


def change_names(plan: Plan, lang: Language) -> Callable[[Key], str]:
    """What a key is about, in words: the service's name (and the fund source), the
    measure's title, the indicator's name."""
    services = {s.id: s.name or s.id for s in plan.services}
    measures = {m.id: m for m in plan.measures()}
    owners = {**{o.id: o for o in plan.objectives()}, **measures}

    def name(key: Key) -> str:
        kind, ident = key[0], key[1]
        if kind == "capacity":
            return services.get(ident, ident)
        if kind == "funding":
            gap = "" if lang.cjk else " "  # full-width brackets take no space
            return f"{services.get(ident, ident)}{gap}{lang.paren(fm.source_label(lang, key[2]))}"
        if kind in ("value", "comment"):
            owner = owners.get(ident)
            ind = next((i for i in owner.indicators if i.id == key[2]), None) if owner else None
            return f"{ident} {ind.name if ind and ind.name else key[2]}"
        m = measures.get(ident)
        return f"{ident} {m.title}" if m and m.title else ident

    return name


def form_files(paths: Iterable[Path]) -> list[Path]:
    """The forms named, a folder standing for its .xlsx and .csv files (sorted)."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(
                sorted(
                    f
                    for f in p.iterdir()
                    if f.suffix.lower() in (".xlsx", ".csv") and not f.name.startswith((".", "~$"))
                )
            )
        else:
            out.append(p)
    return out


def _diag(rule: Any, cell: fm.Cell | str, message: str, **fields: object) -> Diagnostic:
    """The diagnostic `message` of `rule` (a key under its code in the rules catalogue) at
    a form's cell: the file, sheet and cell are the location, the rest are fields."""
    where = cell.where if isinstance(cell, fm.Cell) else cell
    return rule(Loc(where), message, **fields)


def _not_a_form(where: str, exc: fm.NotAForm) -> Diagnostic:
    """CP721 for a file `read_form` refused: its reason is the message key."""
    return _diag(rules.FORM_UNREADABLE, where, exc.reason, **exc.fields)


def read_returns(plan: Plan, files: list[Path], year: int, shown: dict[Path, str]) -> Result:
    """Read and check every form; the good ones' figures are in `_figures`."""
    lang = fm.plan_language(plan)
    result = Result(year)
    for path in files:
        name = shown.get(path, str(path))
        try:
            form = fm.read_form(path, name, lang)
        except fm.NotAForm as exc:
            where = name + (
                f":{exc.sheet}!{exc.ref}" if exc.sheet else f":{exc.ref}" if exc.ref else ""
            )
            result.report.diagnostics.append(_not_a_form(where, exc))
            result.refused.append(name)
            continue
        except OSError as exc:
            result.report.diagnostics.append(
                _diag(rules.FORM_UNREADABLE, name, "unreadable", error=exc.strerror)
            )
            result.refused.append(name)
            continue
        result.returns.append(form)
    return result


def check_form(
    plan: Plan, form: fm.Returned, year: int, lang: Language
) -> tuple[list[Diagnostic], list[Figure]]:
    """The errors of one form, and the figures it gives."""
    out: list[Diagnostic] = []
    head = form.header or fm.Cell(form.file, "", "1", None)

    def meta(name: str) -> fm.Cell:
        """Where the form names its plan, year or provider."""
        if form.csv:
            return fm.Cell(form.file, "", f"{head.ref.split(':')[0]}:{name}", None)
        return fm.Cell(
            form.file, fm.HIDDEN, {"plan": "B2", "year": "B3", "provider": "B4"}[name], None
        )

    pid = fm.plan_id(plan)
    if str(form.plan) != pid:
        return [
            _diag(rules.FORM_ELSEWHERE, meta("plan"), "other-plan", form_plan=form.plan, plan=pid)
        ], []
    if form.year != year:
        return [
            _diag(rules.FORM_ELSEWHERE, meta("year"), "other-year", form_year=form.year, year=year)
        ], []
    provider = str(form.provider)
    if provider not in fm.providers(plan):
        return [
            _diag(rules.FORM_PROVIDER, meta("provider"), "unknown-provider", provider=provider)
        ], []
    if not form.csv:
        got = fm.fingerprint(form.plan, form.year, form.provider, fm.prefilled_of(form))
        if got != form.fingerprint:
            changed = _changed_cells(plan, form, year, lang)
            if not changed:
                return [_diag(rules.FORM_CHANGED, head, "rows-changed")], []
            # the first changed cell is the location; what it held and holds, and how many
            # more cells changed
            cell, was = changed[0]
            key = "changed" if was is not None else "filled"
            key = key if cell.value is not None else "emptied"
            if len(changed) == 1:
                return [_diag(rules.FORM_CHANGED, cell, key, was=was, now=cell.value)], []
            more = len(changed) - 1
            return [
                _diag(rules.FORM_CHANGED, cell, f"{key}-more", was=was, now=cell.value, more=more)
            ], []
    services = {s.id: s for s in plan.services}
    measures = {m.id: m for m in plan.measures()}
    statuses = fm.labels(lang, fm.STATUSES, "status")
    sources = fm.labels(lang, fm.fund_sources(plan), "source")
    figures: list[Figure] = []
    spent: dict[str, float] = {}
    spent_cells: dict[str, fm.Cell] = {}

    def number(cell: fm.Cell | None) -> Any:
        if cell is None or cell.value is None:
            return None
        v = cell.value
        if isinstance(v, bool) or not isinstance(v, (int, float)):
            out.append(_diag(rules.FORM_NUMBER, cell, "text", value=str(v)))
            return None
        if v < 0:
            out.append(_diag(rules.FORM_NUMBER, cell, "negative", value=v))
            return None
        return fm.plain(v)

    def owned(cell: fm.Cell, kind: str) -> str | None:
        ident = None if cell.value is None else str(cell.value)
        known = services if kind == "service" else measures
        if ident is None:
            out.append(_diag(rules.FORM_ROW, cell, f"{kind}-empty"))
            return None
        if ident not in known:
            out.append(_diag(rules.FORM_ROW, cell, f"not-a-{kind}", id=ident))
            return None
        whose = known[ident].provider if kind == "service" else known[ident].implementer
        if whose != provider:
            key = f"{kind}-of-another"
            out.append(
                _diag(rules.FORM_PROVIDER, cell, key, id=ident, owner=whose, provider=provider)
            )
            return None
        return ident

    def source(cell: fm.Cell) -> str | None:
        if cell.value is None:
            out.append(_diag(rules.FORM_SOURCE, cell, "empty"))
            return None
        word = sources.get(str(cell.value).casefold())
        if word is None:
            # a CSV has no lists: it is told the words to write
            text = str(cell.value)
            if form.csv:
                listed = {"sources": tuple(fm.fund_sources(plan))}
                out.append(_diag(rules.FORM_SOURCE, cell, "unknown-csv", value=text, **listed))
            else:
                out.append(_diag(rules.FORM_SOURCE, cell, "unknown", value=text))
        return word

    for row in form.rows.get("services", []):
        sid = owned(row["service"], "service")
        value = number(row.get("capacity"))
        last = row.get("capacity_last")
        if sid and value is not None:
            figures.append(
                Figure(
                    ("capacity", sid),
                    value,
                    row["capacity"],
                    last.value if last else None,
                    last is not None,
                )
            )
    for row in form.rows.get("funding", []):
        if all(c.value is None for k, c in row.items() if k in ("amount",)):
            continue
        sid = owned(row["service"], "service")
        src = source(row["source"])
        value = number(row.get("amount"))
        if sid and src and value is not None:
            figures.append(Figure(("funding", sid, src), value, row["amount"]))
    for row in form.rows.get("measures", []):
        mid = owned(row["measure"], "measure")
        st = row.get("status")
        if mid and st is not None and st.value is not None:
            word = statuses.get(str(st.value).casefold())
            if word is None:
                # a CSV is told the status ids, a workbook the words of its cell's list
                if form.csv:
                    key, listed = "unknown-csv", tuple(fm.STATUSES)
                else:
                    key, listed = "unknown", tuple(fm.status_label(lang, s) for s in fm.STATUSES)
                out.append(_diag(rules.FORM_STATUS, st, key, value=str(st.value), statuses=listed))
            else:
                figures.append(Figure(("status", mid), word, st))
        note = row.get("note")
        if mid and note is not None and note.value is not None:
            figures.append(Figure(("note", mid), str(note.value), note))
    for row in form.rows.get("spending", []):
        if row.get("amount") is None or row["amount"].value is None:
            continue
        mid = owned(row["measure"], "measure")
        src = source(row["source"])
        value = number(row["amount"])
        if mid and src and value is not None:
            spent[mid] = spent.get(mid, 0) + value
            spent_cells.setdefault(mid, row["amount"])
    for mid, total in spent.items():
        figures.append(Figure(("spent", mid), fm.plain(float(total)), spent_cells[mid]))
    for row in form.rows.get("indicators", []):
        mid = owned(row["owner"], "measure")
        if mid is None:
            continue
        ind = row["indicator"].value
        if str(ind) not in {i.id for i in measures[mid].indicators}:
            out.append(
                _diag(
                    rules.FORM_ROW,
                    row["indicator"],
                    "not-an-indicator",
                    indicator="" if ind is None else str(ind),
                    measure=mid,
                )
            )
            continue
        value = number(row.get("value"))
        if value is not None:
            figures.append(Figure(("value", mid, str(ind)), value, row["value"]))
        comment = row.get("comment")
        if comment is not None and comment.value is not None:
            figures.append(Figure(("comment", mid, str(ind)), str(comment.value), comment))
    return out, figures


def _changed_cells(
    plan: Plan, form: fm.Returned, year: int, lang: Language
) -> list[tuple[fm.Cell, Any]]:
    """The locked cells that differ from the form made now, and what they held: where to
    look. The plan may have changed since, so this is a guide, not a proof."""
    try:
        fresh = fm.build_form(plan, year, str(form.provider))
    except fm.FormError:
        return []
    out = []
    for sheet, cols in fm.COLUMNS.items():
        rows = form.rows.get(sheet, [])
        for n, want in enumerate(fresh.rows.get(sheet, [])):
            if n >= len(rows):
                break
            for key, fill in cols:
                if fill:
                    continue
                w = fm.shown(lang, key, want.get(key))
                if fm.plain(w) != rows[n][key].value:
                    out.append((rows[n][key], fm.plain(w)))
    return out


# What the plan holds ---------------------------------------------------------------------


def current(plan: Plan, year: int) -> dict[Key, Any]:
    """Every value a form could set, as the plan holds it now."""
    return fm.held(plan, year)


def collect(
    plan: Plan,
    files: list[Path],
    year: int,
    *,
    shown: dict[Path, str] | None = None,
    dry_run: bool = False,
) -> Result:
    """Check the forms, and write what the good ones give (unless `dry_run`)."""
    from cpkit.core.files import write_atomic

    lang = fm.plan_language(plan)
    result = read_returns(plan, files, year, shown or {})
    ledger = read_ledger(plan, year)
    now = current(plan, year)
    taken: dict[Key, tuple[str, Any, str]] = {}  # key → (provider, value, where) this run
    new_ledger = {p: dict(v) for p, v in ledger.items()}
    for form in result.returns:
        # a workbook is read in its own words (forms --language may differ from the plan's)
        words = lang if form.csv else language(form.language)
        problems, figures = check_form(plan, form, year, words)
        provider = str(form.provider)
        earlier = ledger.get(provider, {}).get("values", {})
        if not problems:
            for f in figures:
                problems.extend(_conflicts(f, provider, now, earlier, taken, form))
        for d in problems:
            result.report.diagnostics.append(d)
        if any(d.severity is Severity.ERROR for d in problems):
            result.refused.append(form.file)
            continue
        if not figures:
            continue  # an empty form: not a return
        result.accepted[provider] = form.file
        values = dict(new_ledger.get(provider, {}).get("values", {}))
        for f in figures:
            where = f.cell.where if f.cell else form.file
            taken[f.key] = (provider, f.value, where)
            values[key_text(f.key)] = f.value
            old = now.get(f.key)
            if old != f.value:
                result.changes.append(Change(provider, f.key, old, f.value, where))
        new_ledger[provider] = {"values": dict(sorted(values.items()))}
    edits = _edits(plan, year, result.changes)
    ledger_text = (
        json.dumps(
            {
                "year": year,
                "written_by": "cpkit collect",
                "providers": dict(sorted(new_ledger.items())),
            },
            indent=2,
            ensure_ascii=False,
            sort_keys=True,
        )
        + "\n"
    )
    lp = ledger_path(plan, year)
    old_ledger = lp.read_text(encoding="utf-8") if lp.is_file() else None
    if result.accepted and old_ledger != ledger_text:
        edits[lp] = ledger_text
    result.files = sorted(edits)
    if not dry_run:
        for path, text in edits.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, text)
    return result


def _conflicts(
    f: Figure,
    provider: str,
    now: dict[Key, Any],
    earlier: dict[str, Any],
    taken: dict[Key, tuple[str, Any, str]],
    form: fm.Returned,
) -> list[Diagnostic]:
    cell = f.cell or ""
    if f.key in taken:
        who, value, where = taken[f.key]
        if value != f.value:
            return [
                _diag(
                    rules.FORM_CONFLICT,
                    cell,
                    "two-returns",
                    item=key_text(f.key),
                    value=f.value,
                    other=value,
                    where=where,
                    provider=who,
                )
            ]
        return []
    held = now.get(f.key)
    if held is None or held == f.value or earlier.get(key_text(f.key)) == held:
        return []
    if form.base is not None:
        # the form knows what the plan held when it was made: only a change since conflicts
        if form.base.get(key_text(f.key)) == held:
            return []
    elif f.based and held == f.base:
        return []
    if form.csv and f.key[0] == "capacity" and key_text(f.key) not in earlier:
        return []  # a retyped form shows no pre-filled capacity to compare with
    return [
        _diag(
            rules.FORM_CONFLICT,
            cell,
            "plan-holds",
            item=key_text(f.key),
            held=held,
            provider=provider,
            value=f.value,
        )
    ]


# Writing ---------------------------------------------------------------------------------


def _load(path: Path, rel: str) -> YamlFile:
    try:
        return YamlFile.load(path, rel)
    except YamlEditError as exc:
        raise CollectError(str(exc)) from None


def _at(entries: Any, entity: Any, lines_before: int) -> Any:
    entries = entries if isinstance(entries, list) else [entries]
    want = (entity.loc.line, entity.loc.column)
    for e in entries:
        if isinstance(e, dict) and position(e, lines_before) == want:
            return e
    return None


def _flow(like: Any, value: dict[str, Any]) -> Any:
    from ruamel.yaml.comments import CommentedMap

    if like is None:
        m = CommentedMap(value)
        m.fa.set_flow_style()
        return m
    return styled(value, like)


def _quoted(text: str) -> Any:
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    return DoubleQuotedScalarString(text)


def _edits(plan: Plan, year: int, changes: list[Change]) -> dict[Path, str]:
    """The new text of each file the changes touch."""
    out: dict[Path, str] = {}
    services = {s.id: s for s in plan.services}
    by_file: dict[str, list[Change]] = {}
    mon_changes = []
    for c in changes:
        if c.key[0] in ("capacity", "funding"):
            by_file.setdefault(services[c.key[1]].loc.file, []).append(c)
        else:
            mon_changes.append(c)
    for rel, items in sorted(by_file.items()):
        file = _load(plan.root / rel, rel)
        for c in items:
            entity = services[c.key[1]]
            entry = _at(file.doc.get("services"), entity, file.lines_before)
            if entry is None:
                raise CollectError(
                    f"{rel}:{entity.loc.line}: cannot find service {entity.id} there"
                )
            if c.key[0] == "capacity":
                entry["capacity"]["value"] = c.new
                continue
            funding = entry.get("funding")
            if funding is None:
                from cpkit.interchange.yamledit import new_seq

                funding = entry["funding"] = new_seq()
            for fund in funding:
                if fund.get("source") == c.key[2] and fund.get("year") == year:
                    fund["amount"] = c.new
                    break
            else:
                like = funding[0] if funding else None
                funding.append(
                    _flow(
                        like, {"source": c.key[2], "amount": c.new, "year": year, "secured": True}
                    )
                )
        out[plan.root / rel] = file.dump()
    if mon_changes:
        path, text = _monitoring(plan, year, mon_changes)
        out[path] = text
    return {
        p: t
        for p, t in out.items()
        if not p.is_file() or p.read_text(encoding="utf-8-sig") != t.lstrip("\ufeff")
    }


def _monitoring(plan: Plan, year: int, changes: list[Change]) -> tuple[Path, str]:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    existing = next((m for m in plan.monitoring if m.year == year), None)
    if existing is not None:
        rel = existing.loc.file
        file = _load(plan.root / rel, rel)
        held = file.doc.get("monitoring")
        mon = held if isinstance(held, dict) else _at(held, existing, file.lines_before)
        if mon is None:
            raise CollectError(
                f"{rel}:{existing.loc.line}: cannot find the monitoring of {year} there"
            )
        path = plan.root / rel
    else:
        path = plan.root / "monitoring" / f"{year}.yaml"
        if path.exists():
            raise CollectError(f"{path}: exists but holds no monitoring of {year}; move it first")
        file = None
        mon = CommentedMap()
        mon["year"] = year
    order = {m.id: n for n, m in enumerate(plan.measures())}
    reports = mon.setdefault("measures", CommentedSeq())
    values = mon.setdefault("indicators", CommentedSeq())
    fields = {"status": 0, "spent": 1, "note": 2, "value": 0, "comment": 1}
    for c in sorted(changes, key=lambda c: (order.get(c.key[1], 0), c.key[1:], fields[c.key[0]])):
        if c.key[0] in ("status", "spent", "note"):
            entry = next((r for r in reports if str(r.get("measure")) == c.key[1]), None)
            if entry is None:
                entry = _flow(reports[0] if reports else None, {"measure": _quoted(c.key[1])})
                reports.append(entry)
            entry[c.key[0]] = c.new
        else:
            owner, ind = c.key[1], c.key[2]
            entry = next(
                (v for v in values if str(v.get("owner")) == owner and v.get("indicator") == ind),
                None,
            )
            if entry is None:
                entry = _flow(
                    values[0] if values else None, {"owner": _quoted(owner), "indicator": ind}
                )
                values.append(entry)
            entry[c.key[0]] = c.new
    for name in ("measures", "indicators"):
        if not mon[name]:
            del mon[name]
    if file is not None:
        return path, file.dump()
    import io

    doc = CommentedMap()
    doc["monitoring"] = mon
    buf = io.StringIO()
    rt = round_trip("")
    rt.indent(mapping=2, sequence=4, offset=2)  # as the plan's own files: `  - {...}` under a key
    rt.dump(doc, buf)
    header = (
        "# yaml-language-server: $schema=../plan.schema.json\n"
        f"# The returns of {year} written by cpkit collect; edit freely, a new return of a\n"
        "# provider replaces that provider's values only.\n"
    )
    return path, header + buf.getvalue()


# Completion ------------------------------------------------------------------------------


@dataclass(slots=True)
class Completion:
    provider: str
    name: str
    returned: bool
    late: bool
    empty: list[str]  # the cells still empty, or the figures not reported


def completion(
    plan: Plan,
    year: int,
    result: Result | None,
    *,
    due: dt.date | None = None,
    today: dt.date | None = None,
    lang: Language | None = None,
) -> list[Completion]:
    """Per provider: returned or not, late or not, and what is still empty (the cells, as
    `Services!E2 name` in `lang`, the plan's language by default)."""
    lang = lang or fm.plan_language(plan)
    ledger = read_ledger(plan, year)
    # a person is named by id: the table goes into the render folder, which may be published
    names = {s.id: s.id if s.kind == "person" else s.name or s.id for s in plan.stakeholders}
    given = result.returns if result else []
    accepted = set(result.accepted.values()) if result else set()
    returned = {str(f.provider): f for f in given if f.file in accepted}
    today = today or dt.date.today()
    out = []
    for pid in fm.providers(plan):
        form = returned.get(pid)
        done = form is not None or pid in ledger
        empty: list[str] = []
        if form is not None:
            for sheet, cols in fm.COLUMNS.items():
                for row in form.rows.get(sheet, [])[: form.counts.get(sheet, 0) or None]:
                    for key, fill in cols:
                        if (
                            fill
                            and key not in ("note", "comment")
                            and row.get(key) is not None
                            and row[key].value is None
                        ):
                            empty.append(row[key].where)
        else:
            # the cells of the form not returned, as the provider sees them: Services!E2
            blank = fm.build_form(plan, year, pid)
            have = ledger.get(pid, {}).get("values", {})
            for sheet, key, col, label in (
                ("services", "service", "capacity", "name"),
                ("measures", "measure", "status", "title"),
                ("indicators", "owner", "value", "indicator_name"),
            ):
                title = lang.t(f"sheets.{sheet}", fm.DOMAIN)
                letter = "ABCDEFGH"[[k for k, _ in fm.COLUMNS[sheet]].index(col)]
                for n, row in enumerate(blank.rows[sheet], start=2):
                    ident = row[key] if sheet != "indicators" else f"{row[key]}/{row['indicator']}"
                    if f"{'capacity' if sheet == 'services' else col}/{ident}" not in have:
                        name = row[label] or ""
                        name = f"{row[key]} {name}" if sheet != "services" else name or ident
                        empty.append(f"{title}!{letter}{n} {name}".rstrip())
        late = not done and due is not None and today > due
        out.append(Completion(pid, names.get(pid, pid), done, late, empty))
    return out


def completion_markdown(
    plan: Plan, year: int, rows: list[Completion], due: dt.date | None = None
) -> str:
    """The completion table for the working groups, in the plan's language (Markdown)."""
    from cpkit.publish.templating import environment

    lang = fm.plan_language(plan)

    def t(key: str, **values: Any) -> str:
        return lang.t(key, fm.DOMAIN, **values)

    def state(r: Completion) -> str:
        if r.late and due is not None:
            return t("status.late", due=lang.date(due.year, due.month, due.day))
        return t("status.returned") if r.returned else t("status.missing")

    table = [
        {"name": r.name, "state": state(r), "empty": t("status.empty", count=len(r.empty))}
        for r in rows
    ]
    columns = {k: t(f"status.{k}") for k in ("provider", "state", "cells")}
    template = environment().get_template("render/completion.md.j2")
    return template.render(title=t("status.title", year=str(year)), columns=columns, rows=table)
