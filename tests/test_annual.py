"""`cpkit render --annual-report Y`: the annual report of the Ústí example, its figures
computed by hand from examples/usti-seniors (monitoring/2004.yaml, monitoring/2005.yaml,
objectives/, network.yaml), in each output format and in the plan's language."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from cpkit.analysis.progress import Progress
from cpkit.api import load_plan
from cpkit.publish.annual import AnnualError, annual_figures

from conftest import EXAMPLES, invoke

USTI = EXAMPLES / "usti-seniors"


@pytest.fixture(scope="module")
def figures_2005():  # type: ignore[no-untyped-def]
    return annual_figures(load_plan(USTI), 2005)


def test_money_of_2005(figures_2005) -> None:  # type: ignore[no-untyped-def]
    f = figures_2005
    # monitoring/2005.yaml spent: 1,290,000 + 1,150,000 + 300,000 + 1,310,000 + 120,000
    assert f.spent == 4_170_000
    # monitoring/2004.yaml spent: 1,250,000 + 380,000 + 870,000 + 240,000 + 1,000,000
    assert f.previous_spent == 3_740_000
    # The 17 measures of the 2005 action plan, costs.per_year[2005] each:
    # 1,282,750 + 150,000 + 1,200,000 + 500,000 + 2,500,000 + 3,200,000 + 100,000
    # + 1,300,000 + 180,000 + 175,000 + 90,000 + 160,000 + 50,000 + 120,000 + 300,000
    # + 120,000 + 150,000 = 11,577,750
    assert len(f.measures) == 17
    assert sum(r.planned for r in f.measures) == 11_577_750
    # 1.1.2.3: planned 2,500,000 for 2005, spent 300,000, postponed: late.
    row = next(r for r in f.measures if r.measure.id == "1.1.2.3")
    assert (row.planned, row.spent, row.status, row.late) == (2_500_000, 300_000, "postponed", True)


def test_measures_done_and_late(figures_2005) -> None:  # type: ignore[no-untyped-def]
    f = figures_2005
    # The rule of `cpkit progress`: done by 2005: 1.1.2.1 and 1.4.2; behind: 1.1.2.3
    # (postponed: at risk) and 1.1.1.2 (off track: community-clubs 5 of its target 8).
    # The same 17 measures in 2004: none done (2.1.2, done in 2004, is not in the 2005
    # implementation plan); behind: 1.3.1 (at risk: enquiries 380 of 1500).
    assert (f.done, f.late) == (2, 2)
    assert (f.previous_done, f.previous_late) == (0, 1)
    state = Progress(load_plan(USTI), 2005).measures
    assert {r.measure.id: r.progress for r in f.measures} == {
        r.measure.id: state[r.measure.id] for r in f.measures
    }


def test_indicator_progress(figures_2005) -> None:  # type: ignore[no-untyped-def]
    got = {(r.owner, r.indicator): (r.previous, r.value, round(r.progress, 1))
           for r in figures_2005.indicators}  # fmt: skip
    # progress = (value − baseline) / (target − baseline)
    assert got == {
        ("1.1", "residents-satisfaction"): (75, 79, 53.8),  # (79−72)/(85−72) = 7/13
        ("1.1.1.1", "individual-care-plans"): (45, 70, 62.5),  # (70−20)/(100−20)
        ("1.1.1.2", "community-clubs"): (None, 5, 25.0),  # (5−4)/(8−4)
        ("1.2", "home-care-evenings"): (40, 60, 40.0),  # 60/150
        ("1.3.1", "enquiries"): (380, 900, 60.0),  # 900/1500
        ("2.1", "annual-evaluations"): (1, 2, 66.7),  # 2/3
    }


def test_capacity_against_last_year(tmp_path: Path) -> None:
    f = annual_figures(load_plan(_with_2006(tmp_path)), 2006)  # network.yaml: 2005, 2006
    got = {(r.type, r.territory, r.unit): (r.previous, r.planned, r.recorded) for r in f.capacity}
    # Bukov gives up 8 beds (80 → 72); personal assistance joins with 60 clients, 14 FTE;
    # the retirement homes keep 430 beds, as services.yaml records them.
    assert got[("residential-care", "Bukov", "beds")] == (80, 72, None)
    assert got[("assistance", "Ústí nad Labem", "clients")] == (0, 60, None)
    assert got[("assistance", "Ústí nad Labem", "staff-fte")] == (0, 14, 14)
    assert got[("residential-care", "Ústí nad Labem", "beds")] == (430, 430, 430)
    assert (f.previous_network_services, f.network_services) == (3, 4)


def _with_2006(tmp_path: Path, language: str = "en") -> Path:
    plan = tmp_path / "usti"
    shutil.copytree(USTI, plan)
    (plan / "monitoring" / "2006.yaml").write_text(
        "monitoring:\n  year: 2006\n  measures:\n"
        '    - {measure: "1.1.2.3", status: done, spent: 2000000}\n',
        encoding="utf-8",
    )
    text = (plan / "plan.yaml").read_text(encoding="utf-8")
    (plan / "plan.yaml").write_text(text.replace("language: en", f"language: {language}"))
    return plan


def test_report_in_czech(tmp_path: Path) -> None:
    plan = _with_2006(tmp_path, "cs")
    out = tmp_path / "out"
    result = invoke("render", str(plan), "--annual-report", "2005", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "annual-2005.html",
        "annual-2005.md",
    ]
    md = (out / "annual-2005.md").read_text(encoding="utf-8")
    assert md.startswith("# Výroční zpráva 2005: síť sociálních služeb — Ústí nad Labem\n")
    # Czech money: a no-break space groups digits, then the currency sign.
    assert (
        "| Prostředky vynaložené na opatření | 3\xa0740\xa0000\xa0Kč | 4\xa0170\xa0000\xa0Kč |"
        in md
    )
    assert "Splněno do roku 2005: 2 z 17 opatření roku; neplní se nebo ohroženo: 2." in md
    assert "| 63\xa0% |" in md  # individual care plans, 62.5 % half up
    html = (out / "annual-2005.html").read_text(encoding="utf-8")
    assert '<html lang="cs">' in html and "Plnění indikátorů</h2>" in html


def test_report_in_chinese(tmp_path: Path) -> None:
    plan = _with_2006(tmp_path, "zh-Hant")
    result = invoke("render", str(plan), "--annual-report", "2006", "-o", str(tmp_path / "o"))
    assert result.returncode == 0, result.stderr
    md = (tmp_path / "o" / "annual-2006.md").read_text(encoding="utf-8")
    assert md.startswith("# 2006年度報告：社會服務網絡——Ústí nad Labem\n")
    assert "## 自2005年以來的變化" in md
    # 2006: 1.1.2.3 done, spent 2,000,000 (CZK in Hong Kong's format)
    assert "CZK\xa02,000,000" in md or "CZK2,000,000" in md


@pytest.mark.office
def test_every_format(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = invoke(
        "render", str(USTI), "--annual-report", "2005", "-o", str(out), "-f", "pdf,odt,docx,md"
    )
    assert result.returncode == 0, result.stderr
    names = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    assert names == ["annual-2005.docx", "annual-2005.md", "annual-2005.odt", "annual-2005.pdf"]
    assert (out / "annual-2005.pdf").read_bytes().startswith(b"%PDF")


def test_year_without_monitoring_is_a_located_diagnostic(tmp_path: Path) -> None:
    result = invoke("render", str(USTI), "--annual-report", "2006", "-o", str(tmp_path / "o"))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    first = result.stderr.splitlines()[0]
    assert first == (
        f"{USTI / 'plan.yaml'}:15:5: error CP730 annual-no-monitoring: there is no monitoring "
        "report of 2006 for the annual report (monitoring years: 2004, 2005)"
    )
    assert not (tmp_path / "o").exists() or not any((tmp_path / "o").iterdir())


def test_year_outside_the_period(tmp_path: Path) -> None:
    with pytest.raises(AnnualError) as caught:
        annual_figures(load_plan(USTI), 2010)
    d = caught.value.diagnostic
    assert (d.code, d.loc.file, d.loc.line) == ("CP731", "plan.yaml", 15)
    result = invoke("render", str(USTI), "--annual-report", "2010", "-o", str(tmp_path / "o"))
    assert result.returncode == 1 and "CP731 annual-outside-period" in result.stderr


def test_plan_text_is_text(tmp_path: Path) -> None:
    """A measure's title and the evaluation are plan text: shown, never run."""
    plan = tmp_path / "usti"
    shutil.copytree(USTI, plan)
    monitoring = plan / "monitoring" / "2005.yaml"
    text = monitoring.read_text(encoding="utf-8").replace(
        "Care plans reached",
        "<script>alert(1)</script> [x](javascript:alert(2)) Care plans reached",
    )
    monitoring.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    result = invoke("render", str(plan), "--annual-report", "2005", "-o", str(out))
    assert result.returncode == 0, result.stderr
    page = (out / "annual-2005.html").read_text(encoding="utf-8")
    assert "<script" not in page and 'href="javascript:' not in page  # shown as text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_after_collect_the_report_agrees_with_progress(tmp_path: Path) -> None:
    """collect writes monitoring/2006.yaml without an implementation plan (`action_plan`)."""
    from forms_cases import make_forms, plan_copy, returned, run

    plan = plan_copy(tmp_path)
    assert run("collect", plan, returned(tmp_path, make_forms(tmp_path, plan)), "--year",
               "2006").exit_code == 0  # fmt: skip
    loaded = load_plan(plan)
    assert loaded.monitoring[-1].action_plan in ([], None)
    f = annual_figures(loaded, 2006)
    # The measures of 2006: the 16 sub-measures and measures running in 2006 (all but
    # 1.4.2, ended and done in 2005, 2.1.2, done in 2004, and the measures made of
    # sub-measures, 1.1.1 and 1.1.2); 1.1.2.3, postponed in 2005, ending in 2006 and not
    # reported in 2006, is one of them.
    ids = [r.measure.id for r in f.measures]
    assert len(ids) == 16 and "1.1.2.3" in ids and "1.4.2" not in ids
    state = Progress(loaded, 2006).measures
    assert {r.measure.id: r.progress for r in f.measures} == {i: state[i] for i in ids}
    # done: 1.1.1.1 and 1.1.2.1 (the returns); behind: 1.1.1.2 (off track: community-clubs
    # 6 of 8) and 1.1.2.3 (postponed: at risk); 1.1.3, 1.3.2, 1.4.1 are on track.
    assert (f.done, f.late) == (2, 2)
    late = {r.measure.id for r in f.measures if r.late}
    assert late == {"1.1.1.2", "1.1.2.3"}
    # the same 16 measures a year earlier: 1.1.2.1 done; 1.1.1.2 and 1.1.2.3 behind
    assert (f.previous_done, f.previous_late) == (1, 2)
    out = tmp_path / "out"
    result = invoke("render", str(plan), "--annual-report", "2006", "-o", str(out), "-f", "md")
    assert result.returncode == 0, result.stderr
    assert f"Wrote 1 file to {out}" in result.stderr  # one, not "1 files"
    md = (out / "annual-2006.md").read_text(encoding="utf-8")
    assert "Done by 2006: 2 of the 16 measures of the year; behind (off track or at risk): 2." in md
    assert "| Measures of the year done | 1 | 2 | +1 |" in md
