"""Forms for tests: the Ústí example copied, its forms written, and cells filled by code.

Shared by tests/test_forms.py (the round trip, the wrong forms) and tests/test_rules.py
(each code CP721–CP729 fires where it should).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from cpkit.cli.main import cli

from conftest import EXAMPLES

YEAR = 2006  # the Ústí plan's period is 2004–2006; monitoring of 2004 and 2005 exists


def run(*args: str) -> Any:
    return CliRunner().invoke(cli, [str(a) for a in args], catch_exceptions=False)


def plan_copy(tmp: Path) -> Path:
    plan = tmp / "usti"
    shutil.copytree(EXAMPLES / "usti-seniors", plan)
    return plan


def make_forms(tmp: Path, plan: Path, year: int = YEAR) -> Path:
    out = tmp / f"forms-{year}"
    result = run("forms", plan, "--year", year, "-o", out)
    assert result.exit_code == 0, result.output
    return out


def fill(path: Path, cells: dict[str, dict[str, Any]], dest: Path | None = None) -> Path:
    """Write values into sheets of a form, as a provider would; saved at `dest`."""
    from openpyxl import load_workbook

    wb = load_workbook(path)
    for sheet, values in cells.items():
        for ref, value in values.items():
            wb[sheet][ref] = value
    dest = dest or path
    dest.parent.mkdir(parents=True, exist_ok=True)
    wb.save(dest)
    return dest


# What the providers of the example report for 2006 (sheet → cell → value):
# dd: capacity 430 → 420 beds; funding municipality 22,000,000, own income 39,000,000,
#     state 10,000,000; measure 1.1.1.1 (row 3) done, spent 800,000 (municipality) +
#     450,000 (own income) = 1,250,000; indicators individual-care-plans 85, community-clubs 6.
# dpd-bukov: capacity 80 → 72 places; measure 1.1.2.1 done, spent 100,000 + 50,000 = 150,000.
# ngo-home-care: a new fund source in the first spare row (row 5): EU funds 200,000.
FILLED: dict[str, dict[str, dict[str, Any]]] = {
    "dd.xlsx": {
        "Services": {"E2": 420},
        "Funding": {"E2": 22000000, "E3": 39000000, "E4": 10000000},
        "Measures": {"D3": "done", "E3": "Care plans for all residents."},
        "Spending": {"D2": 800000, "D3": 450000},
        "Indicators": {"G2": 85, "G4": 6},
    },
    "dpd-bukov.xlsx": {
        "Services": {"E2": 72},
        "Measures": {"D2": "done"},
        "Spending": {"D2": 100000, "D3": 50000},
    },
    "ngo-home-care.xlsx": {
        "Funding": {"A5": "ngo-home-care-service", "C5": "EU funds", "E5": 200000},
    },
}


def returned(
    tmp: Path, forms: Path, filled: dict[str, dict[str, dict[str, Any]]] | None = None
) -> Path:
    """The returned forms, filled, in a folder of their own."""
    back = tmp / "returned"
    for name, cells in (FILLED if filled is None else filled).items():
        fill(forms / name, cells, back / name)
    return back


def findings(output: str) -> list[tuple[str, str, str, str]]:
    """(code, file, sheet, cell) of each finding collect prints: `FILE:SHEET!CELL: error CODE`
    (the severity in the plan's language: `chyba`, `錯誤`)."""
    import re

    line_re = re.compile(r"^(.*?\.(?:xlsx|csv))(?::([^!:]*)!([A-Z]+\d+)|:(\d+:\w+))?: \S+ (CP\d+)")
    out = []
    for line in output.splitlines():
        m = line_re.match(line)
        if m:
            file, sheet, ref, csv_ref, code = m.groups()
            out.append((code, Path(file).name, sheet or "", ref or csv_ref or ""))
    return out


def case(
    tmp: Path, code: str
) -> tuple[list[tuple[str, str, str, str]], list[tuple[str, str, str, str]]]:
    """A wrong form for `code`: (expected, found) (code, file, sheet, cell) findings."""
    plan = plan_copy(tmp)
    forms = make_forms(tmp, plan)
    back = tmp / "wrong"
    back.mkdir()
    if code == "CP721":  # a spreadsheet that is not a form
        from openpyxl import Workbook

        wb = Workbook()
        wb.active["A1"] = "capacity"
        wb.save(back / "notes.xlsx")
        expected = [("CP721", "notes.xlsx", "", "")]
    elif code == "CP722":  # last year's form, returned this year
        old = make_forms(tmp, plan, YEAR - 1)
        fill(old / "dd.xlsx", {"Services": {"E2": 425}}, back / "dd.xlsx")
        expected = [("CP722", "dd.xlsx", "_cpkit", "B3")]
    elif code == "CP723":  # another provider's service typed into a spare row
        fill(
            forms / "ngo-home-care.xlsx",
            {"Funding": {"A5": "dd-residential", "C5": "state", "E5": 1}},
            back / "ngo.xlsx",
        )
        expected = [("CP723", "ngo.xlsx", "Funding", "A5")]
    elif code == "CP724":  # a locked, pre-filled cell changed (last year's capacity)
        fill(forms / "dd.xlsx", {"Services": {"D2": 999, "E2": 420}}, back / "dd.xlsx")
        expected = [("CP724", "dd.xlsx", "Services", "D2")]
    elif code == "CP725":  # text in a number cell
        fill(forms / "dd.xlsx", {"Services": {"E2": "420 beds"}}, back / "dd.xlsx")
        expected = [("CP725", "dd.xlsx", "Services", "E2")]
    elif code == "CP726":  # a status that is not one
        fill(forms / "dd.xlsx", {"Measures": {"D3": "finished"}}, back / "dd.xlsx")
        expected = [("CP726", "dd.xlsx", "Measures", "D3")]
    elif code == "CP727":  # a fund source the plan does not use
        fill(
            forms / "ngo-home-care.xlsx",
            {"Funding": {"A5": "ngo-home-care-service", "C5": "lottery", "E5": 5}},
            back / "ngo.xlsx",
        )
        expected = [("CP727", "ngo.xlsx", "Funding", "C5")]
    elif code == "CP728":  # a service the plan does not have
        fill(
            forms / "ngo-home-care.xlsx",
            {"Funding": {"A5": "night-care", "C5": "state", "E5": 5}},
            back / "ngo.xlsx",
        )
        expected = [("CP728", "ngo.xlsx", "Funding", "A5")]
    elif code == "CP729":  # the plan holds another status for 1.1.2.1 in 2006 already
        (plan / "monitoring" / "2006.yaml").write_text(
            'monitoring:\n  year: 2006\n  measures:\n    - {measure: "1.1.2.1", status: postponed}\n',
            encoding="utf-8",
        )
        fill(forms / "dpd-bukov.xlsx", {"Measures": {"D2": "done"}}, back / "bukov.xlsx")
        expected = [("CP729", "bukov.xlsx", "Measures", "D2")]
    else:
        raise KeyError(code)
    result = run("collect", plan, back, "--year", YEAR)
    assert result.exit_code == 1, result.output
    return expected, findings(result.output)
