"""Rows of a CSV or XLSX file, as people export them: any delimiter, any encoding they
name, numbered as their program shows them, and refused with a plain reason when broken."""

from __future__ import annotations

import codecs
import csv
import io
import unicodedata
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cpkit.core.language import Explained
from cpkit.publish.safe_text import from_spreadsheet

DELIMITERS = ",;\t"


class SheetError(Explained):
    """The file cannot be read as a table; the message says why and what to do."""


@dataclass(slots=True)
class Table:
    """A file's header and its non-blank rows, each with its line (CSV) or row (XLSX) number."""

    headers: list[str]
    rows: list[tuple[int, dict[str, Any]]]


def read_rows(
    path: Path, encoding: str = "utf-8", *, sheet: str | None = None, prefer: str | None = None
) -> Table:
    """The header and rows of a CSV or XLSX file.

    Of a workbook: the sheet named `sheet`; else the sheet named `prefer` if there is one
    (`cpkit export` writes a sheet per section, `services` among them); else the first.
    """
    if not path.is_file():
        raise SheetError("sheet.no_file", path=str(path))
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        records = _xlsx_records(path, sheet, prefer)
    elif sheet is not None:
        raise SheetError("sheet.not_workbook", sheet=sheet, path=str(path))
    elif suffix == ".csv":
        records = _csv_records(path, encoding)
    else:
        raise SheetError("sheet.kind", path=str(path))
    records = [(n, r) for n, r in records if not all(blank(v) for v in r)]
    if not records:
        raise SheetError("sheet.empty", path=str(path))
    (header_number, first), *rest = records
    headers = [from_spreadsheet(str(h)).strip() if h is not None else "" for h in first]
    _check_headers(path, header_number, headers)
    rows = [(n, _row(path, n, headers, r)) for n, r in rest]
    return Table([h for h in headers if h], rows)


def _row(path: Path, number: int, headers: list[str], record: tuple[Any, ...]) -> dict[str, Any]:
    """Header → value; a value beyond the last column means the cells are shifted. A text
    that export wrote behind a single quote (it began like a formula) is read back as it was."""
    extra = [v for v in record[len(headers) :] if not blank(v)]
    if extra:
        raise SheetError(
            "sheet.extra_cells", path=str(path), row=str(number), extra=repr(str(extra[0]))
        )
    return {
        h: (from_spreadsheet(v).strip() if isinstance(v, str) else v)
        for h, v in zip(headers, record, strict=False)
        if h
    }


def blank(value: Any) -> bool:
    """An empty cell: nothing, or only spaces."""
    return value is None or str(value).strip() == ""


def _check_headers(path: Path, number: int, headers: list[str]) -> None:
    """Two columns of one name: a row would keep only one of their values."""
    seen: dict[str, str] = {}
    for h in filter(None, headers):
        key = fold(h)
        if key in seen:
            raise SheetError("sheet.same_column", path=str(path), row=str(number), column=repr(h))
        seen[key] = h


def _xlsx_records(
    path: Path, sheet: str | None, prefer: str | None
) -> list[tuple[int, tuple[Any, ...]]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
        try:
            rows = list(_sheet(path, wb, sheet, prefer).iter_rows(values_only=True))
        finally:
            wb.close()
    except SheetError:
        raise
    except zipfile.BadZipFile:
        raise SheetError("sheet.not_xlsx", path=str(path)) from None
    except Exception as exc:  # openpyxl raises many kinds on a damaged workbook
        raise SheetError(
            "sheet.damaged", path=str(path), reason=f"{type(exc).__name__}: {exc}"
        ) from None
    return list(enumerate(rows, start=1))  # iter_rows starts at row 1, empty rows included


def _sheet(path: Path, wb: Any, sheet: str | None, prefer: str | None) -> Any:
    """The worksheet asked for, else the one named as what is imported, else the first."""
    names = list(wb.sheetnames)
    if sheet is not None:
        if sheet not in names:
            raise SheetError("sheet.no_sheet", sheet=sheet, path=str(path), names=list(names))
        return wb[sheet]
    return wb[prefer] if prefer in names else wb.worksheets[0]


def _csv_records(path: Path, encoding: str) -> list[tuple[int, tuple[Any, ...]]]:
    """Each record with the line it starts on (a quoted cell may span lines)."""
    text = _decode(path, encoding)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    out: list[tuple[int, tuple[Any, ...]]] = []
    start = 1
    try:
        for record in reader:
            out.append((start, tuple(record)))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise SheetError(
            "sheet.csv", path=str(path), line=str(reader.line_num), reason=str(exc)
        ) from None
    return out


def _decode(path: Path, encoding: str) -> str:
    try:
        codec = codecs.lookup(encoding).name
    except LookupError:
        raise SheetError("sheet.no_encoding", encoding=encoding) from None
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SheetError(
            "sheet.unreadable", path=str(path), reason=str(exc.strerror or exc)
        ) from None
    try:
        return data.decode("utf-8-sig" if codec == "utf-8" else codec)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise SheetError(
            "sheet.not_utf8" if codec == "utf-8" else "sheet.not_encoding",
            path=str(path),
            line=str(line),
            encoding=encoding,
            byte=f"0x{data[exc.start]:02x}",
            offset=str(exc.start),
        ) from None


def _delimiter(text: str) -> str:
    """Comma, semicolon (Excel in many locales) or tab, as the first lines show; else comma."""
    sample = "\n".join(text.splitlines()[:50])
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        return ","


def fold(text: str) -> str:
    """A header as compared: case and Unicode form do not matter."""
    return unicodedata.normalize("NFC", text).strip().casefold()
