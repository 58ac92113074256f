"""Provider forms: `cpkit forms` → filled by code → `cpkit collect` → the plan, on the Ústí
example; wrong forms refused with (code, file, sheet, cell); figures computed by hand."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from forms_cases import FILLED, YEAR, case, fill, findings, make_forms, plan_copy, returned, run


def snapshot(plan: Path) -> dict[str, bytes]:
    return {
        p.relative_to(plan).as_posix(): p.read_bytes()
        for p in sorted(plan.rglob("*"))
        if p.is_file()
    }


def service(plan: Path, sid: str) -> dict:
    doc = yaml.safe_load((plan / "services.yaml").read_text(encoding="utf-8"))
    return next(s for s in doc["services"] if s["id"] == sid)


def test_forms_one_per_provider_with_locked_prefill(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    plan = plan_copy(tmp_path)
    forms = make_forms(tmp_path, plan)
    # 10 providers of services and implementers of measures, 2 implementers only (job-centre, ckpul)
    assert len(list(forms.glob("*.xlsx"))) == 12
    wb = load_workbook(forms / "dd.xlsx")
    assert wb.sheetnames == [
        "Instructions",
        "Services",
        "Funding",
        "Measures",
        "Spending",
        "Indicators",
        "_cpkit",
    ]
    assert wb["_cpkit"].sheet_state == "hidden"
    meta = {r[0].value: r[1].value for r in wb["_cpkit"].iter_rows()}
    assert (meta["plan"], meta["year"], meta["provider"]) == ("usti-2cpp-seniors", 2006, "dd")
    ws = wb["Services"]
    # last year's capacity pre-filled and locked; the capacity of 2006 open
    assert [c.value for c in ws[2]] == [
        "dd-residential",
        "Retirement homes — residential care",
        "beds",
        430,
        None,
    ]
    assert ws["D2"].protection.locked and not ws["E2"].protection.locked
    assert ws.protection.sheet and not ws.protection.password
    assert wb["Funding"]["D2"].value == 21500000  # municipality, 2004 (the latest year before 2006)
    lists = [dv.formula1 for dv in wb["Measures"].data_validations.dataValidation]
    assert '"proposed,planned,in progress,done,postponed,cancelled"' in lists
    assert ws["E2"].number_format == "#,##0.##"
    # the same plan gives the same bytes, and an existing form is not replaced without --force
    again = run("forms", plan, "--year", YEAR, "-o", forms)
    assert again.exit_code == 2 and "--force" in again.output
    before = (forms / "dd.xlsx").read_bytes()
    assert run("forms", plan, "--year", YEAR, "-o", forms, "--force").exit_code == 0
    assert (forms / "dd.xlsx").read_bytes() == before
    one = run("forms", plan, "--year", YEAR, "-o", tmp_path / "one", "--provider", "dpd-kb")
    assert one.exit_code == 0 and [p.name for p in (tmp_path / "one").glob("*.xlsx")] == [
        "dpd-kb.xlsx"
    ]


def test_instructions_in_the_plans_language(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    plan = plan_copy(tmp_path)
    text = (plan / "plan.yaml").read_text(encoding="utf-8")
    (plan / "plan.yaml").write_text(text.replace("language: en", "language: cs"), encoding="utf-8")
    forms = make_forms(tmp_path, plan)
    wb = load_workbook(forms / "dd.xlsx")
    assert wb.sheetnames[:3] == ["Pokyny", "Služby", "Financování"]
    assert wb["Pokyny"]["A1"].value == "Výkaz za rok 2006: Retirement homes of Ústí nad Labem (DD)"
    assert wb["Opatření"]["C2"].value == "plánováno"
    # a Czech status word and a Czech source are read back
    back = tmp_path / "back"
    fill(forms / "dd.xlsx", {"Opatření": {"D3": "splněno"}, "Výdaje": {"D2": 10}}, back / "dd.xlsx")
    res = run("collect", plan, back, "--year", YEAR, "--dry-run")
    assert res.exit_code == 0, res.output
    # in Czech, the plan's language: the cell, the measure's title, the status word
    assert (
        f"dd: {back / 'dd.xlsx'}:Opatření!D3 1.1.1.1 Increasing the quality of existing "
        "services: z (prázdné) na splněno"
    ) in res.output
    assert "zapsal by se" in res.output and "would write" not in res.output


def test_round_trip_on_the_usti_example(tmp_path: Path) -> None:
    plan = plan_copy(tmp_path)
    forms = make_forms(tmp_path, plan)
    back = returned(tmp_path, forms)
    before = snapshot(plan)
    dry = run("collect", plan, back, "--year", YEAR, "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert (
        f"dd: {back / 'dd.xlsx'}:Services!E2 Retirement homes — residential care: 430 → 420"
    ) in dry.output
    assert snapshot(plan) == before  # --dry-run writes nothing
    res = run("collect", plan, back, "--year", YEAR)
    assert res.exit_code == 0, res.output
    mon = yaml.safe_load((plan / "monitoring" / "2006.yaml").read_text(encoding="utf-8"))[
        "monitoring"
    ]
    assert mon["year"] == 2006
    reports = {m["measure"]: m for m in mon["measures"]}
    # 800,000 + 450,000 = 1,250,000 for 1.1.1.1; 100,000 + 50,000 = 150,000 for 1.1.2.1
    assert reports["1.1.1.1"] == {
        "measure": "1.1.1.1",
        "status": "done",
        "spent": 1250000,
        "note": "Care plans for all residents.",
    }
    assert reports["1.1.2.1"] == {"measure": "1.1.2.1", "status": "done", "spent": 150000}
    values = {(v["owner"], v["indicator"]): v["value"] for v in mon["indicators"]}
    assert values == {("1.1.1.1", "individual-care-plans"): 85, ("1.1.1.2", "community-clubs"): 6}
    dd = service(plan, "dd-residential")
    assert dd["capacity"] == {"value": 420, "unit": "beds"}
    funds_2006 = {f["source"]: f["amount"] for f in dd["funding"] if f["year"] == 2006}
    assert funds_2006 == {"municipality": 22000000, "own-income": 39000000, "state": 10000000}
    assert service(plan, "dpd-bukov-housing")["capacity"]["value"] == 72
    ngo = [f for f in service(plan, "ngo-home-care-service")["funding"] if f["year"] == 2006]
    assert ngo == [{"source": "eu", "amount": 200000, "year": 2006, "secured": True}]
    # comments and layout kept: the file's header comment, flow mappings of funds
    text = (plan / "services.yaml").read_text(encoding="utf-8")
    assert text.startswith(before["services.yaml"].decode().split("\n", 2)[0])
    assert "    capacity: {value: 420, unit: beds}\n" in text
    assert "      - {source: eu, amount: 200000, year: 2006, secured: true}\n" in text
    check = run("check", plan, "--strict")
    assert check.exit_code == 0, check.output
    after = snapshot(plan)
    rerun = run("collect", plan, back, "--year", YEAR)
    assert rerun.exit_code == 0, rerun.output
    assert snapshot(plan) == after  # bytes identical


def test_second_return_replaces_only_that_providers_values(tmp_path: Path) -> None:
    plan = plan_copy(tmp_path)
    forms = make_forms(tmp_path, plan)
    back = returned(tmp_path, forms)
    assert run("collect", plan, back, "--year", YEAR).exit_code == 0
    # dd sends its form again, corrected: 425 beds (the same form, made when it was 430)
    again = tmp_path / "again"
    fill(back / "dd.xlsx", {"Services": {"E2": 425}}, again / "dd.xlsx")
    res = run("collect", plan, again, "--year", YEAR)
    assert res.exit_code == 0, res.output
    assert service(plan, "dd-residential")["capacity"]["value"] == 425
    assert service(plan, "dpd-bukov-housing")["capacity"]["value"] == 72  # dpd-bukov's stays


def test_a_value_changed_in_the_plan_is_a_conflict(tmp_path: Path) -> None:
    plan = plan_copy(tmp_path)
    forms = make_forms(tmp_path, plan)
    # the coordinator corrects Bukov's capacity to 76 after the forms were sent
    text = (plan / "services.yaml").read_text(encoding="utf-8")
    text = text.replace(
        "capacity: {value: 80, unit: places}\n    location: {municipality: Ústí nad Labem, district: Bukov}",
        "capacity: {value: 76, unit: places}\n    location: {municipality: Ústí nad Labem, district: Bukov}",
    )
    (plan / "services.yaml").write_text(text, encoding="utf-8")
    back = returned(tmp_path, forms, {"dpd-bukov.xlsx": FILLED["dpd-bukov.xlsx"]})
    res = run("collect", plan, back, "--year", YEAR)
    assert res.exit_code == 1
    assert findings(res.output) == [("CP729", "dpd-bukov.xlsx", "Services", "E2")]
    assert service(plan, "dpd-bukov-housing")["capacity"]["value"] == 76


@pytest.mark.parametrize("code", ["CP722", "CP723", "CP724", "CP725"])  # all in test_rules.py
def test_wrong_forms_are_refused_where_they_are_wrong(tmp_path: Path, code: str) -> None:
    expected, found = case(tmp_path, code)
    assert found == expected


def test_a_refused_form_writes_nothing_and_the_good_ones_go_in(tmp_path: Path) -> None:
    plan = plan_copy(tmp_path)
    forms = make_forms(tmp_path, plan)
    back = returned(tmp_path, forms, {"dpd-bukov.xlsx": FILLED["dpd-bukov.xlsx"]})
    fill(
        forms / "dd.xlsx",
        {"Services": {"E2": "420 beds"}, "Indicators": {"G2": "lots"}},
        back / "dd.xlsx",
    )
    res = run("collect", plan, back, "--year", YEAR)
    assert res.exit_code == 1
    assert findings(res.output) == [
        ("CP725", "dd.xlsx", "Indicators", "G2"),
        ("CP725", "dd.xlsx", "Services", "E2"),
    ]
    assert f"Refused 1 form: {back / 'dd.xlsx'}\n" in res.output
    assert service(plan, "dd-residential")["capacity"]["value"] == 430
    assert service(plan, "dpd-bukov-housing")["capacity"]["value"] == 72


def test_a_retyped_csv_form(tmp_path: Path) -> None:
    plan = plan_copy(tmp_path)
    csv = tmp_path / "ret" / "ngo-assistance.csv"
    csv.parent.mkdir()
    csv.write_text(
        "plan,year,provider,sheet,id,source,field,value\n"
        "usti-2cpp-seniors,2006,ngo-assistance,services,personal-assistance,,capacity,15\n"
        "usti-2cpp-seniors,2006,ngo-assistance,funding,personal-assistance,state,amount,700000\n"
        "usti-2cpp-seniors,2006,ngo-assistance,services,personal-assistance,,capacity,x15\n",
        encoding="utf-8",
    )
    res = run("collect", plan, csv, "--year", YEAR)
    assert res.exit_code == 1
    assert findings(res.output) == [("CP725", "ngo-assistance.csv", "", "4:value")]
    csv.write_text(
        "\n".join(csv.read_text(encoding="utf-8").splitlines()[:3]) + "\n", encoding="utf-8"
    )
    res = run("collect", plan, csv, "--year", YEAR)
    assert res.exit_code == 0, res.output
    assert service(plan, "personal-assistance")["capacity"]["value"] == 15


def test_status_lists_returned_late_and_empty(tmp_path: Path) -> None:
    plan = plan_copy(tmp_path)
    forms = make_forms(tmp_path, plan)
    back = returned(tmp_path, forms, {"dpd-bukov.xlsx": {"Services": {"E2": 72}}})
    assert run("collect", plan, back, "--year", YEAR).exit_code == 0
    res = run("collect", plan, "--year", YEAR, "--status", "--due", "2007-02-05")
    assert res.exit_code == 0, res.output
    lines = {
        line.split()[0]: line
        for line in res.output.splitlines()
        if line and not line.startswith(" ")
    }
    assert (
        "returned" in lines["dpd-bukov"] and "1 empty cell" in lines["dpd-bukov"]
    )  # status of 1.1.2.1
    assert "late (due February 5, 2007)" in lines["dd"]
    # dd: capacity, 6 measures' statuses, 3 indicators = 10 figures not reported
    assert "10 empty cells" in lines["dd"]


def test_collect_unreadable_paths_exit_2(tmp_path: Path) -> None:
    plan = plan_copy(tmp_path)
    assert run("collect", plan, tmp_path / "nothing.xlsx", "--year", YEAR).exit_code == 2


@pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"
)
def test_a_form_saved_by_libreoffice(tmp_path: Path) -> None:
    plan = plan_copy(tmp_path)
    forms = make_forms(tmp_path, plan)
    filled = fill(
        forms / "dpd-bukov.xlsx", FILLED["dpd-bukov.xlsx"], tmp_path / "lo-in" / "dpd-bukov.xlsx"
    )
    out = tmp_path / "lo-out"
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "xlsx", "--outdir", str(out), str(filled)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    res = run("collect", plan, out, "--year", YEAR)
    assert res.exit_code == 0, res.output
    assert service(plan, "dpd-bukov-housing")["capacity"]["value"] == 72


def test_render_completion_table_for_the_working_groups(tmp_path: Path) -> None:
    plan = plan_copy(tmp_path)
    text = (plan / "plan.yaml").read_text(encoding="utf-8")
    (plan / "plan.yaml").write_text(text.replace("language: en", "language: cs"), encoding="utf-8")
    forms = make_forms(tmp_path, plan)
    back = returned(tmp_path, forms, {"dpd-bukov.xlsx": {"Služby": {"E2": 72}}})
    assert run("collect", plan, back, "--year", YEAR).exit_code == 0
    out = tmp_path / "out"
    assert run("render", plan, "-o", out, "--completion", YEAR).exit_code == 0
    table = (out / "completion-2006.md").read_text(encoding="utf-8")
    assert table.startswith("# Odevzdané výkazy za rok 2006\n")
    # dpd-bukov: its measure's status is still empty (1); dd: 1 capacity + 6 statuses + 3 indicators
    assert "| Boarding house for seniors Bukov (DPD Bukov) | odevzdáno | 1 prázdná buňka |" in table
    assert "| Retirement homes of Ústí nad Labem (DD) | neodevzdáno | 10 prázdných buněk |" in table
    assert "výkazy" not in (out / "plan.md").read_text(
        encoding="utf-8"
    )  # not in the public document
    plain = run("render", plan, "-o", tmp_path / "public")
    assert plain.exit_code == 0 and not list((tmp_path / "public").glob("completion-*"))


def test_the_csv_example_of_the_docs(tmp_path: Path) -> None:
    from conftest import ROOT

    doc = (ROOT / "docs" / "forms.md").read_text(encoding="utf-8")
    block = doc.split("## A form retyped as CSV", 1)[1].split("```text\n", 1)[1].split("```", 1)[0]
    plan = plan_copy(tmp_path)
    csv = tmp_path / "ngo-assistance.csv"
    csv.write_text(block, encoding="utf-8")
    res = run("collect", plan, csv, "--year", YEAR)
    assert res.exit_code == 0, res.output
    mon = yaml.safe_load((plan / "monitoring" / "2006.yaml").read_text(encoding="utf-8"))[
        "monitoring"
    ]
    assert mon["measures"] == [
        {"measure": "1.2.2", "status": "done", "spent": 120000, "note": "Two more assistants."}
    ]
    assert service(plan, "personal-assistance")["capacity"]["value"] == 15


def test_the_forms_catalogues_agree() -> None:
    from cpkit.core.language import catalogue_keys, placeholders

    en = catalogue_keys("forms", "en")
    for tag in ("cs", "zh-Hant"):
        other = catalogue_keys("forms", tag)
        assert set(other) == set(en), tag
        for key, value in en.items():
            assert placeholders(other[key]) == placeholders(value), (tag, key)
            if isinstance(value, str) and len(value) > 12:
                assert other[key] != value, (tag, key)  # translated, not copied


def test_an_existing_monitoring_file_keeps_its_comments_and_layout(tmp_path: Path) -> None:
    plan = plan_copy(tmp_path)
    written = (
        "# yaml-language-server: $schema=../plan.schema.json\n"
        "# The action plan of 2006, adopted in January.\n"
        "monitoring:\n"
        "  year: 2006\n"
        '  action_plan: ["1.1.1.1", "1.1.2.1"]\n'
        "  measures:\n"
        '    - {measure: "1.4.2", status: done, spent: 90000}  # reported by the city\n'
        "  evaluation: >-\n"
        "    Written in March.\n"
    )
    (plan / "monitoring" / "2006.yaml").write_text(written, encoding="utf-8")
    forms = make_forms(tmp_path, plan)
    back = returned(tmp_path, forms, {"dpd-bukov.xlsx": FILLED["dpd-bukov.xlsx"]})
    assert run("collect", plan, back, "--year", YEAR).exit_code == 0
    text = (plan / "monitoring" / "2006.yaml").read_text(encoding="utf-8")
    assert text == written.replace(
        "  # reported by the city\n",
        '  # reported by the city\n    - {measure: "1.1.2.1", status: done, spent: 150000}\n',
    )


def _ssp(tmp: Path) -> Path:
    from conftest import EXAMPLES

    plan = tmp / "ssp"
    shutil.copytree(EXAMPLES / "ssp-district", plan)
    return plan


def _funding_row(form: Path, service_id: str) -> int:
    from openpyxl import load_workbook

    ws = load_workbook(form)["Funding"]
    return next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == service_id)


def test_the_plans_amount_of_the_year_is_shown_and_no_conflict(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    plan = _ssp(tmp_path)
    forms = tmp_path / "F"
    assert run("forms", plan, "--year", 2026, "-o", forms).exit_code == 0
    row = _funding_row(forms / "elderly-ngo.xlsx", "decc-unit")
    # services.yaml holds 9,000,000 of lump-sum-grant for 2026 before the form is made: the
    # form shows it in the cell to fill, for the provider to keep or correct
    assert load_workbook(forms / "elderly-ngo.xlsx")["Funding"][f"E{row}"].value == 9000000
    back = tmp_path / "back"
    fill(forms / "elderly-ngo.xlsx", {"Funding": {f"E{row}": 3200000}}, back / "e.xlsx")
    res = run("collect", plan, back, "--year", 2026)
    assert res.exit_code == 0, res.output
    assert "CP729" not in res.output
    fund = service(plan, "decc-unit")["funding"]
    assert [(f["source"], f["amount"], f["year"]) for f in fund] == [
        ("lump-sum-grant", 3200000, 2026)
    ]


def test_an_amount_changed_in_the_plan_after_the_form_is_a_conflict(tmp_path: Path) -> None:
    plan = _ssp(tmp_path)
    forms = tmp_path / "F"
    assert run("forms", plan, "--year", 2026, "-o", forms).exit_code == 0
    row = _funding_row(forms / "elderly-ngo.xlsx", "decc-unit")
    text = (plan / "services.yaml").read_text(encoding="utf-8")
    text = text.replace("amount: 9000000", "amount: 9500000", 1)  # the coordinator's correction
    (plan / "services.yaml").write_text(text, encoding="utf-8")
    back = tmp_path / "back"
    fill(forms / "elderly-ngo.xlsx", {"Funding": {f"E{row}": 3200000}}, back / "e.xlsx")
    res = run("collect", plan, back, "--year", 2026)
    assert res.exit_code == 1
    assert findings(res.output) == [("CP729", "e.xlsx", "Funding", f"E{row}")]
    assert service(plan, "decc-unit")["funding"][0]["amount"] == 9500000


def test_words_of_forms_and_collect_with_plurals_and_language(tmp_path: Path) -> None:
    plan = plan_copy(tmp_path)
    out = tmp_path / "one"
    res = run("forms", plan, "--year", YEAR, "-o", out, "-p", "dd")
    assert res.exit_code == 0
    assert f"Wrote 1 form for 2006 to {out}" in res.output  # one, not "1 forms"
    res = run("forms", plan, "--year", YEAR, "-o", out, "-p", "dd", "--language", "cs")
    assert res.exit_code == 2
    # all in Czech, the singular of "exist"
    assert res.output.strip() == (
        f"Chyba: {out}: dd.xlsx už existuje; chcete-li jej nahradit, použijte --force"
    )
    # --language cs: the form itself is in Czech, and collect reads it back
    cs = tmp_path / "cs"
    res = run("forms", plan, "--year", YEAR, "-o", cs, "--language", "cs")
    assert "Zapsáno 12 formulářů za rok 2006" in res.output  # 12 providers: Czech "other"
    back = tmp_path / "back"
    fill(cs / "dd.xlsx", {"Služby": {"E2": 420}}, back / "dd.xlsx")
    res = run("collect", plan, back, "--year", YEAR, "--dry-run", "--language", "zh-Hant")
    assert res.exit_code == 0, res.output
    assert (
        f"dd：{back / 'dd.xlsx'}:Služby!E2 Retirement homes — residential care：由 430 改為 420"
        in res.output
    )


def test_status_names_the_cells_and_stays_in_the_period(tmp_path: Path) -> None:
    plan = plan_copy(tmp_path)
    (plan / "monitoring" / "2006.yaml").write_text(
        'monitoring:\n  year: 2006\n  measures:\n    - {measure: "1.1.2.3", status: done}\n',
        encoding="utf-8",
    )
    # monitoring of 2004–2006, the period's last year: the default is 2006, not 2007
    res = run("collect", plan, "--status")
    assert res.exit_code == 0, res.output
    assert res.output.splitlines()[0] == "Returns for 2006"
    # a provider who returned nothing: the cells of its form, with the names
    assert "    Services!E2 Retirement homes — residential care" in res.output
    assert "    Measures!D3 1.1.1.1 Increasing the quality of existing services" in res.output
    assert "    Indicators!G4 1.1.1.2 Clubs for seniors open to the community" in res.output
    assert "status/" not in res.output and "capacity/" not in res.output
    res = run("collect", plan, "--status", "--year", "2010")
    assert "Warning: 2010 is outside the plan's period 2004–2006" in res.output
    res = run("render", plan, "--completion", "2030", "-o", tmp_path / "o")
    assert res.exit_code == 1
    assert "CP731" in res.output and "the completion table of the returns of 2030" in res.output


def test_messages_say_which_cells_and_what_to_write(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    plan = plan_copy(tmp_path)
    forms = make_forms(tmp_path, plan)
    back = tmp_path / "b"
    fill(forms / "dd.xlsx", {"Services": {"D2": 999, "E2": 420}}, back / "dd.xlsx")
    res = run("collect", plan, back, "--year", YEAR)
    # which pre-filled cell changed, from what: no fingerprints
    assert "dd.xlsx:Services!D2: error CP724 the pre-filled cells were changed since the form " \
        "was made: this cell was 430, is 999 (" in res.output  # fmt: skip
    assert "fingerprint" not in res.output
    # a CSV has no lists: it is told the words to write
    csv = tmp_path / "c" / "dd.csv"
    csv.parent.mkdir()
    csv.write_text(
        "plan,year,provider,sheet,id,source,field,value\n"
        "usti-2cpp-seniors,2006,dd,measures,1.1.1.1,,status,finished\n",
        encoding="utf-8",
    )
    res = run("collect", plan, csv, "--year", YEAR)
    assert "CP726 “finished” is not a status (write one of: proposed, planned, in-progress" \
        in res.output  # fmt: skip
    assert "cell's list" not in res.output
    # the unit column in the plan's words, as the annual report shows it
    cs = plan_copy(tmp_path / "cs")
    text = (cs / "plan.yaml").read_text(encoding="utf-8")
    (cs / "plan.yaml").write_text(text.replace("language: en", "language: cs"), encoding="utf-8")
    out = make_forms(tmp_path / "cs", cs)
    units = {load_workbook(f)["Služby"]["C2"].value for f in out.iterdir() if f.suffix == ".xlsx"}
    assert {"lůžek", "přepočtených úvazků"} <= units, units
    assert "beds" not in units and "staff-fte" not in units


def test_a_refused_form_of_a_czech_plan_is_told_in_czech(tmp_path: Path) -> None:
    import re

    from cpkit.api import load_plan
    from cpkit.interchange import collect as co

    plan = plan_copy(tmp_path)
    text = (plan / "plan.yaml").read_text(encoding="utf-8")
    (plan / "plan.yaml").write_text(text.replace("language: en", "language: cs"), encoding="utf-8")
    forms = make_forms(tmp_path, plan)
    back = tmp_path / "back"
    # text in a number cell, a status that is not one, a pre-filled cell changed (430 → 999)
    fill(forms / "dd.xlsx", {"Služby": {"E2": "420 lůžek"}, "Opatření": {"D3": "hotovo"}},
         back / "dd.xlsx")  # fmt: skip
    fill(forms / "dpd-bukov.xlsx", {"Služby": {"D2": 999, "E2": 72}}, back / "bukov.xlsx")
    expected = [
        ("CP724", "bukov.xlsx", "Služby", "D2"),
        ("CP725", "dd.xlsx", "Služby", "E2"),
        ("CP726", "dd.xlsx", "Opatření", "D3"),
    ]
    # the same findings whichever language the messages are asked in
    in_cs = run("collect", plan, back, "--year", YEAR)
    in_en = run("collect", plan, back, "--year", YEAR, "--language", "en")
    assert in_cs.exit_code == in_en.exit_code == 1
    assert sorted(findings(in_cs.output)) == sorted(findings(in_en.output)) == expected

    result = co.collect(load_plan(plan), co.form_files([back]), int(YEAR), dry_run=True)
    assert sorted(d.code for d in result.report) == ["CP724", "CP725", "CP726"]
    for d in result.report:
        cs, en = d.to_dict("cs"), d.to_dict("en")
        assert {k: v for k, v in cs.items() if k not in ("message", "hint")} == {
            k: v for k, v in en.items() if k not in ("message", "hint")
        }  # code, file, line, column and data do not depend on the language
        # no English word (of 3 letters or more: Czech "a" is "and") in the Czech words,
        # other than what the form itself holds
        said = " ".join(str(v) for v in d.data.values())
        english = set(re.findall(r"[a-z]{3,}", f"{en['message']} {en['hint']}")) - set(
            re.findall(r"\w+", said)
        )
        czech = set(re.findall(r"\w+", f"{cs['message']} {cs['hint']}"))
        assert english & czech <= {"text"}, (d.code, cs["message"])  # "text" is Czech too
    by_code = {d.code: d for d in result.report}
    assert by_code["CP725"].message_in("cs") == "„420 lůžek“ je text, ne číslo"
    assert by_code["CP725"].data == {"value": "420 lůžek"}
    # the workbook's list, in its words
    assert by_code["CP726"].hint_in("cs") == (
        "vyberte jeden ze seznamu v buňce: navrženo, plánováno, probíhá, splněno, odloženo, zrušeno"
    )
    assert by_code["CP724"].message_in("cs") == (
        "předvyplněné buňky byly od vytvoření formuláře změněny: tato buňka byla 80, je 999"
    )
    assert by_code["CP724"].data == {"was": 80, "now": 999}  # services.yaml: capacity 80


def test_why_a_file_is_not_a_form_has_its_own_words(tmp_path: Path) -> None:
    from cpkit.api import load_plan
    from cpkit.interchange import collect as co

    from conftest import EXAMPLES

    head = "plan,year,provider,sheet,id,source,field,value\n"
    line = "{},2006,dd,{},dd-residential,,{},1\n"
    good = line.format("usti-2cpp-seniors", "services", "capacity")
    files = {
        "a.csv": "x,y\n",
        "b.csv": head + good + line.format("another-plan", "services", "capacity"),
        "c.csv": head + line.format("usti-2cpp-seniors", "rooms", "capacity"),
        "d.csv": head + line.format("usti-2cpp-seniors", "services", "colour"),
        "f.xlsx": "not a zip",
    }
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "e.csv").write_bytes(b"\xff\xfe\x00")
    plan = load_plan(EXAMPLES / "usti-seniors")
    res = co.read_returns(plan, sorted(tmp_path.iterdir()), 2006, {})
    got = [(d.code, Path(d.loc.file).name, d.key) for d in res.report]
    # each reason read_form gives has its own message, none said as English text
    assert got == [
        ("CP721", "a.csv:1:plan", "csv-columns"),
        ("CP721", "b.csv:3:plan", "csv-mixed"),
        ("CP721", "c.csv:2:sheet", "csv-sheet"),
        ("CP721", "d.csv:2:field", "csv-field"),
        ("CP721", "e.csv", "not-utf8"),
        ("CP721", "f.xlsx", "not-xlsx"),
    ]
    field = next(d for d in res.report if d.key == "csv-field")
    assert field.data == {"field": "colour", "sheet": "services", "fields": ["capacity"]}
    assert field.message_in("cs") == "pole „colour“ není pro services žádné z těchto: capacity"


def test_a_refused_form_is_data_and_reads_in_english_in_a_log(tmp_path: Path) -> None:
    from cpkit.interchange import forms as fm

    bad = tmp_path / "x.csv"
    bad.write_text("plan,year\n", encoding="utf-8")
    with pytest.raises(fm.NotAForm) as caught:
        fm.read_csv(bad, "x.csv")
    # the reason is a message key with its fields, not words to be matched again
    assert (caught.value.reason, caught.value.ref) == ("csv-columns", "1:plan")
    assert caught.value.fields == {"columns": ",".join(fm.CSV_COLUMNS)}
    assert str(caught.value) == "the first line must be the columns " + ",".join(fm.CSV_COLUMNS)
