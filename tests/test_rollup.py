"""`cpkit rollup`: figures checked by hand, vocabulary kept apart, shared services, the document.

The region is examples/usti-seniors and the two small plans under tests/plans/region/ (their
differences from Ústí nad Labem are deliberate; see the comments in their files).
"""

from __future__ import annotations

import math
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from test_render import HOSTILE, executable_parts

from cpkit.analysis.rollup import TOTAL, Rollup, build_rollup, plan_names
from cpkit.analysis.shared_services import BY_NAME, BY_REGISTRY
from cpkit.analysis.vocabulary import DIFFERENT_NAMES, SAME_NAME, SOME_PLANS
from cpkit.api import check_plan
from cpkit.core.diagnostics import Severity
from cpkit.publish.rollup_document import render_rollup

from conftest import EXAMPLES, ROOT, invoke

REGION = ROOT / "tests" / "plans" / "region"
FOLDERS = [EXAMPLES / "usti-seniors", REGION / "decin", REGION / "teplice"]
USTI, DECIN, TEPLICE = "Ústí nad Labem", "Děčín", "Teplice"


def _rollup(folders: list[Path]) -> Rollup:
    loaded = [check_plan(f) for f in folders]
    plans = [p for p, _ in loaded]
    errors = [r.counts()[Severity.ERROR] for _, r in loaded]
    return build_rollup(plans, plan_names(plans), errors=errors)


@pytest.fixture(scope="module")
def region() -> Rollup:
    return _rollup(FOLDERS)


def _row(frame: pd.DataFrame, **match: object) -> pd.Series:
    for key, value in match.items():
        frame = frame[frame[key] == value]
    assert len(frame) == 1, match
    return frame.iloc[0]


def _copy(folder: Path, to: Path, **replace: str) -> Path:
    """A copy of a fixture plan, with text replaced in its files (file name → (old, new))."""
    shutil.copytree(folder, to)
    for name, change in replace.items():
        old, new = change.split("=>")
        path = to / f"{name}.yaml"
        text = path.read_text(encoding="utf-8")
        assert old in text, (name, old)
        path.write_text(text.replace(old, new), encoding="utf-8")
    return to


# --- the fixtures ----------------------------------------------------------------------------


@pytest.mark.parametrize("folder", FOLDERS[1:], ids=lambda p: p.name)
def test_fixture_plans_pass_check(folder: Path) -> None:
    _plan, report = check_plan(folder)
    assert report.counts()[Severity.ERROR] == 0


def test_names_are_the_territories(region: Rollup) -> None:
    assert region.names == [USTI, DECIN, TEPLICE]
    assert region.currency == "CZK"


# --- figures, by hand --------------------------------------------------------------------------


def test_service_gaps(region: Rollup) -> None:
    # Ústí: 8 missing cells (assistance/financial-management, sheltered/help-home,
    #   supported-employment/housing and /education, low-threshold/information and /leisure,
    #   follow-up/help-home, residential/education), each answered by a measure → 0 unanswered.
    # Děčín: field/help-in-the-home (answered by 1.1.1), assistance/housing (not) → 2, 1.
    # Teplice: field/information (answered by 1.1.1), residential/housing, assistance/help-home
    #   → 3, 2.  Total: 8 + 2 + 3 = 13 missing, 0 + 1 + 2 = 3 unanswered.
    gaps = region.service_gaps.set_index("municipality")
    assert gaps.loc[USTI].tolist() == [8, 0]
    assert gaps.loc[DECIN].tolist() == [2, 1]
    assert gaps.loc[TEPLICE].tolist() == [3, 2]
    assert gaps.loc[TOTAL].tolist() == [13, 3]


def test_capacity_gaps_side_by_side(region: Rollup) -> None:
    cap = region.capacity
    field = _row(
        cap, target_group="senior-citizens", service_type="field", unit="clients-per-month"
    )
    # Ústí: 13,910 seniors (2006) × 0.05 = 695.5 − (520 + 120 existing) − 0 planned = 55.5
    # Děčín: 9,000 × 0.05 = 450 − 150 existing − 30 planned (measure 1.1.1) = 270
    # Teplice: 10,000 × 0.04 = 400 − (200 + 60 existing) − 0 = 140
    assert field[USTI] == pytest.approx(55.5)
    assert field[DECIN] == pytest.approx(270)
    assert field[TEPLICE] == pytest.approx(140)
    beds = _row(cap, target_group="senior-citizens", service_type="residential-care", unit="beds")
    # Ústí: 13,910 × 0.035 = 486.85 − 430 − 14 = 42.85; Teplice: 10,000 × 0.03 = 300 − 250 = 50
    assert beds[USTI] == pytest.approx(42.85)
    assert math.isnan(beds[DECIN])  # no such demand in Děčín: not a zero gap
    assert beds[TEPLICE] == pytest.approx(50)
    assert list(cap.columns) == ["target_group", "service_type", "unit", USTI, DECIN, TEPLICE]


def test_funding_per_municipality_and_total(region: Rollup) -> None:
    money = region.funding.set_index("municipality")
    # Ústí, from its own funding table: costs 32,368,250, funds 28,520,000, gap 3,848,250.
    assert money.loc[USTI, ["costs", "funds", "gap"]].tolist() == [
        32_368_250,
        28_520_000,
        3_848_250,
    ]
    # Děčín: costs 600,000 + 200,000 = 800,000; funds 400,000 + 100,000 + 50,000 = 550,000
    assert money.loc[DECIN, ["costs", "funds", "gap"]].tolist() == [800_000, 550_000, 250_000]
    # Teplice: costs 300,000 + 150,000 = 450,000; funds 200,000 + 100,000 + 150,000 = 450,000
    assert money.loc[TEPLICE, ["costs", "funds", "gap"]].tolist() == [450_000, 450_000, 0]
    # Total: 32,368,250 + 800,000 + 450,000 = 33,618,250; 28,520,000 + 550,000 + 450,000
    # = 29,520,000; gap 33,618,250 − 29,520,000 = 4,098,250
    assert money.loc[TOTAL, ["costs", "funds", "gap"]].tolist() == [
        33_618_250,
        29_520_000,
        4_098_250,
    ]
    assert money.loc[TOTAL, "currency"] == "CZK"


def test_totals_by_area_say_where_they_come_from(region: Rollup) -> None:
    assert set(region.areas["municipality"]) == {TOTAL}  # one currency: the sums only
    areas = region.areas.set_index("area")
    # seniors: Ústí 29,158,250 + Děčín 800,000 + Teplice 300,000 = 30,258,250;
    # funds 25,310,000 + 550,000 + 300,000 = 26,160,000; gap 3,848,250 + 250,000 + 0 = 4,098,250
    assert areas.loc["seniors", "plans"] == f"{USTI}, {DECIN}, {TEPLICE}"
    assert areas.loc["seniors", ["costs", "funds", "gap"]].tolist() == [
        30_258_250, 26_160_000, 4_098_250
    ]  # fmt: skip
    # joint objectives: Ústí 3,210,000 + Teplice 150,000 = 3,360,000, all funded
    assert areas.loc["(joint)", "plans"] == f"{USTI}, {TEPLICE}"
    assert areas.loc["(joint)", ["costs", "funds", "gap"]].tolist() == [3_360_000, 3_360_000, 0]


def test_totals_by_fund_source(region: Rollup) -> None:
    sources = region.sources.set_index("source")
    # municipality: Ústí 17,522,500 + Děčín 400,000 + Teplice (200,000 + 150,000) = 18,272,500
    assert sources.loc["municipality", "funds"] == 18_272_500
    assert sources.loc["municipality", "plans"] == f"{USTI}, {DECIN}, {TEPLICE}"
    # eu: 1,777,500 + Teplice 100,000 = 1,877,500; state: 7,400,000 + Děčín 100,000 = 7,500,000;
    # sponsors: 270,000 + Děčín 50,000 = 320,000
    assert sources.loc["eu", "funds"] == 1_877_500
    assert sources.loc["state", "funds"] == 7_500_000
    assert sources.loc["sponsors", "funds"] == 320_000
    assert sources.loc["city-district", "plans"] == USTI


# --- the needs matrix and the vocabulary -------------------------------------------------------


def test_matrix_keys_on_ids_and_never_merges(region: Rollup) -> None:
    matrix = region.matrix
    home = _row(matrix, target_group="senior-citizens", service_type="field", need="help-home")
    assert [home[USTI], home[DECIN], home[TEPLICE]] == ["provided", "", "provided"]
    other = _row(
        matrix, target_group="senior-citizens", service_type="field", need="help-in-the-home"
    )
    assert [other[USTI], other[DECIN], other[TEPLICE]] == ["", "missing", ""]
    housing = _row(
        matrix, target_group="senior-citizens", service_type="assistance", need="housing"
    )
    assert [housing[USTI], housing[DECIN], housing[TEPLICE]] == [
        "not-needed",
        "missing",
        "not-needed",
    ]
    assert set(matrix[[USTI, DECIN, TEPLICE]].to_numpy().ravel()) <= {
        "provided", "missing", "not-needed", ""
    }  # fmt: skip
    # Ústí's 8 × 8 cells, plus Děčín's help-in-the-home in two rows, plus Teplice's
    # residential/... cells that Ústí has too: 64 + 2 = 66 rows
    assert len(matrix) == 66
    assert not matrix.duplicated(["target_group", "service_type", "need"]).any()


def test_vocabulary_problems(region: Rollup) -> None:
    voc = region.vocabulary
    named = _row(voc, kind="target_groups", id="senior-citizens", problem=DIFFERENT_NAMES)
    assert named[TEPLICE] == "Seniors aged 65 and over" and named[USTI] == "Senior citizens"
    same = _row(voc, kind="needs", id="help-in-the-home", problem=SAME_NAME)
    assert same["related"] == "help-home"
    assert (
        _row(voc, kind="needs", id="help-home", problem=SAME_NAME)["related"] == "help-in-the-home"
    )
    only = _row(voc, kind="needs", id="help-in-the-home", problem=SOME_PLANS)
    assert [only[USTI], only[DECIN], only[TEPLICE]] == ["", "Help in the home", ""]
    # the names all plans agree on are not reported
    assert voc[(voc["kind"] == "needs") & (voc["id"] == "information")].empty
    assert voc[(voc["kind"] == "areas")].empty
    # and the labels tell the two needs apart
    assert region.label("needs", "help-home") == "Help in the home (help-home)"
    assert region.label("needs", "information") == "Information on provision"


# --- services in several plans -----------------------------------------------------------------


def test_shared_services(region: Rollup) -> None:
    shared = region.shared
    assert len(shared) == 2
    home = _row(shared, service="Home care and nursing at home")
    # Ústí gives no registry id: matched by provider and name, with Teplice's
    # "HOME CARE and nursing at home" of "home care association  Usti" normalised
    assert home["matched_by"] == BY_NAME
    assert home["plans"] == f"{USTI}, {DECIN}, {TEPLICE}"
    assert [home[USTI], home[DECIN], home[TEPLICE]] == [
        "ngo-home-care-service", "home-nursing", "hca-teplice"
    ]  # fmt: skip
    assistance = _row(shared, registry_id="7654321")
    # other provider and service names, the same registry id
    assert assistance["matched_by"] == BY_REGISTRY
    assert assistance["plans"] == f"{DECIN}, {TEPLICE}"
    # "Delivery of meals to the home" of "Care service of the city" in Děčín and Teplice:
    # the same names, but two registry ids, so two services
    assert not shared["service"].str.contains("meals").any()


def test_a_name_match_never_joins_two_registry_ids(tmp_path: Path) -> None:
    # a third plan's meals service, without a registry id, matches both Děčín's (1110001)
    # and Teplice's (2220002) by name; it may join one of them, never both
    third = _copy(
        REGION / "decin",
        tmp_path / "third",
        services='    registry_id: "1110001"\n=>',
        plan="name: Děčín=>name: Third town",
    )
    shared = _rollup([*FOLDERS[1:], third]).shared
    meals = shared[shared["service"] == "Delivery of meals to the home"]
    assert len(meals) == 1
    assert set(meals.iloc[0]["registry_id"].split(", ")) < {"1110001", "2220002"}


# --- plans with errors, currencies, names ------------------------------------------------------


def test_plan_with_errors_is_rolled_up_and_listed(tmp_path: Path) -> None:
    broken = _copy(REGION / "decin", tmp_path / "decin", services="provider: hca=>provider: nobody")
    rollup = _rollup([FOLDERS[0], broken])
    assert rollup.with_errors() == [(DECIN, 1)]
    assert _row(rollup.funding, municipality=DECIN)["costs"] == 800_000
    out = tmp_path / "out"
    render_rollup(rollup, out)
    assert "The plan of Děčín has 1 error(s)" in (out / "rollup.md").read_text(encoding="utf-8")


def test_different_currencies_are_shown_per_plan_not_added(tmp_path: Path) -> None:
    euro = _copy(REGION / "teplice", tmp_path / "teplice", plan="currency: CZK=>currency: EUR")
    rollup = _rollup([FOLDERS[0], FOLDERS[1], euro])
    assert rollup.currency is None and rollup.currencies == ["CZK", "EUR"]
    assert math.isnan(_row(rollup.funding, municipality=TOTAL)["costs"])
    # each plan's amounts in its own currency (figures as in test_totals_by_area_...)
    seniors = rollup.areas[rollup.areas["area"] == "seniors"]
    rows = seniors[["municipality", "currency", "costs", "funds", "gap"]].to_numpy().tolist()
    assert rows[:3] == [
        [USTI, "CZK", 29_158_250, 25_310_000, 3_848_250],
        [DECIN, "CZK", 800_000, 550_000, 250_000],
        [TEPLICE, "EUR", 300_000, 300_000, 0],
    ]
    # only the total across plans is left empty
    total = _row(rollup.areas, area="seniors", municipality=TOTAL)
    assert math.isnan(total["costs"]) and total["currency"] == ""
    municipality = _row(rollup.sources, source="municipality", municipality=TEPLICE)
    assert (municipality["currency"], municipality["funds"]) == ("EUR", 350_000)
    assert math.isnan(_row(rollup.sources, source="municipality", municipality=TOTAL)["funds"])
    render_rollup(rollup, tmp_path / "out")
    text = (tmp_path / "out" / "rollup.md").read_text(encoding="utf-8")
    assert "| Area | Municipality | Currency | Costs | Expected funds | Gap |" in text
    assert "| Teplice | EUR | 300,000 | 300,000 | 0 |" in text
    assert "| Total |  | — | — | — |" in text
    assert "| municipality | Teplice | EUR | 350,000 |" in text
    assert "| municipality | Total |  | — |" in text


def test_names_must_be_distinct() -> None:
    plans = [check_plan(f)[0] for f in FOLDERS[1:]]
    with pytest.raises(ValueError, match="both called"):
        build_rollup(plans, ["Same", "Same"])
    with pytest.raises(ValueError, match="cannot name"):
        build_rollup(plans, ["need", "Teplice"])


def test_twin_territories_are_told_apart_by_folder(tmp_path: Path) -> None:
    a = shutil.copytree(REGION / "decin", tmp_path / "a")
    b = shutil.copytree(REGION / "decin", tmp_path / "b")
    plans = [check_plan(f)[0] for f in (a, b)]
    assert plan_names(plans) == ["Děčín (a)", "Děčín (b)"]


# --- the document ------------------------------------------------------------------------------


def test_document_sections_and_figures(region: Rollup, tmp_path: Path) -> None:
    written = render_rollup(region, tmp_path)
    assert [p.name for p in written] == ["rollup.md", "rollup.html"]
    text = (tmp_path / "rollup.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## (.+)$", text, flags=re.MULTILINE)
    assert headings == [
        "Warnings", "Plans rolled up", "Needs matrix", "Service gaps", "Capacity gaps",
        "Funding gaps", "Costs and funds by area", "Expected funds by source",
        "Services in several municipalities", "Vocabulary differences",
    ]  # fmt: skip
    assert "| Total | CZK | 33,618,250 | 29,520,000 | 4,098,250 |" in text
    assert (
        "| Senior citizens (senior-citizens) | Field services | Help in the home (help-in-the-home)"
        " | — | service is missing | — |"
    ) in text
    assert "| need | help-in-the-home | — | Help in the home | — |" in text
    page = (tmp_path / "rollup.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in page and "<style>" in page
    assert f"{USTI}, {DECIN}, {TEPLICE}" in page  # the masthead names the municipalities


def test_render_is_byte_identical(region: Rollup, tmp_path: Path) -> None:
    render_rollup(region, tmp_path / "a")
    render_rollup(_rollup(FOLDERS), tmp_path / "b")
    for name in ("rollup.md", "rollup.html"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


@pytest.mark.parametrize(
    "language,heading", [("cs", "## Rozdíly ve slovníku"), ("zh-Hant", "## 詞彙差異")]
)
def test_document_language(region: Rollup, tmp_path: Path, language: str, heading: str) -> None:
    render_rollup(region, tmp_path, language=language)
    assert heading in (tmp_path / "rollup.md").read_text(encoding="utf-8")
    assert f'<html lang="{language}">' in (tmp_path / "rollup.html").read_text(encoding="utf-8")


def test_hostile_text_does_not_survive(tmp_path: Path) -> None:
    text = " ".join(HOSTILE).replace("'", "")
    hostile = _copy(
        REGION / "decin",
        tmp_path / "decin",
        plan=f"name: Děčín=>name: '{text}'",
        services=f"name: Personal assistance=>name: '{text}'",
    )
    rollup = _rollup([REGION / "teplice", hostile])
    render_rollup(rollup, tmp_path / "out")
    page = (tmp_path / "out" / "rollup.html").read_text(encoding="utf-8")
    assert executable_parts(page) == []
    assert "alert(1)" in page  # shown as text, not dropped silently


def test_template_override(region: Rollup, tmp_path: Path) -> None:
    custom = tmp_path / "custom" / "render" / "html"
    custom.mkdir(parents=True)
    (custom / "header.html.j2").write_text(
        '<header class="masthead"><p>Ústecký kraj</p></header>\n'
    )
    render_rollup(region, tmp_path / "out", templates=tmp_path / "custom")
    page = (tmp_path / "out" / "rollup.html").read_text(encoding="utf-8")
    assert "Ústecký kraj" in page and "Vocabulary differences" in page


# --- the command ------------------------------------------------------------------------------


def test_command_writes_and_warns(tmp_path: Path) -> None:
    """What the user reads: every vocabulary warning on stderr, then the document's figures
    (hand-computed in test_service_gaps and test_funding_per_municipality_and_total)."""
    result = invoke("rollup", *map(str, FOLDERS), "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    warnings = [line for line in result.stderr.splitlines() if line.startswith("Warning: ")]
    assert [w.split(":")[1].split("(")[0].strip() for w in warnings] == [
        "target group senior-citizens has different names",
        "need help-home",
        "need help-in-the-home",
        "target groups only in some plans",
        "needs only in some plans",
        "service types only in some plans",
    ]
    assert (
        "Warning: need help-in-the-home (Děčín) has the same name as help-home: likely the same"
        " thing under another id; kept apart"
    ) in warnings
    assert (
        "Warning: target groups only in some plans: adults-with-disabilities (Ústí nad Labem)"
        in warnings
    )
    assert result.stderr.endswith(f"Wrote 2 files to {tmp_path / 'out'}\n")
    text = (tmp_path / "out" / "rollup.md").read_text(encoding="utf-8")
    for row in (
        "| Ústí nad Labem | 8 | 0 |",  # service gaps: missing cells, not answered
        "| Děčín | 2 | 1 |",
        "| Teplice | 3 | 2 |",
        "| Total | 13 | 3 |",
        "| Total | CZK | 33,618,250 | 29,520,000 | 4,098,250 |",  # costs, funds, gap
    ):
        assert f"\n{row}\n" in text, row
    page = (tmp_path / "out" / "rollup.html").read_text(encoding="utf-8")
    assert "33,618,250" in page and executable_parts(page) == []


@pytest.mark.parametrize(
    "args,message",
    [
        ([str(FOLDERS[0])], "a roll-up needs at least two plan folders"),
        (
            [str(FOLDERS[0]), str(ROOT / "pyproject.toml")],
            f"{ROOT / 'pyproject.toml'}: not a folder",
        ),
        ([str(FOLDERS[0]), str(FOLDERS[0])], f"{FOLDERS[0]} is given twice"),
        ([str(FOLDERS[0]), "nothing"], "nothing: no such folder"),
    ],
    ids=["one", "a-file", "twice", "missing"],
)
def test_command_usage_errors(tmp_path: Path, args: list[str], message: str) -> None:
    result = invoke("rollup", *args, "-o", str(tmp_path / "out"), cwd=tmp_path)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == f"Error: {message}\n"
    assert not (tmp_path / "out").exists()


def test_command_on_many_plans_shows_progress(tmp_path: Path) -> None:
    folders = [shutil.copytree(REGION / "decin", tmp_path / name) for name in "abcde"]
    result = invoke("rollup", *map(str, folders), "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert "Loading plans" in result.stderr
    text = (tmp_path / "out" / "rollup.md").read_text(encoding="utf-8")
    # five copies of Děčín (costs 800,000, funds 550,000 each): 4,000,000 and 2,750,000
    assert "| Total | CZK | 4,000,000 | 2,750,000 | 1,250,000 |" in text
    assert "| Děčín (a) | Děčín (b) |" in text


def test_rollup_output_never_clobbers(tmp_path: Path) -> None:
    """`rollup -o` wrote over whatever was in the folder; it now keeps render's rules: a
    folder of the user's own files needs --force, a plan's folder is refused even then, and
    a folder it wrote before is written again."""
    a, b = str(EXAMPLES / "usti-seniors"), str(EXAMPLES / "hkcss-2023")
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "rollup.md").write_text("my own notes\n", encoding="utf-8")
    refused = invoke("rollup", a, b, "-o", str(mine))
    assert refused.returncode == 2 and "--force" in refused.stderr
    assert (mine / "rollup.md").read_text(encoding="utf-8") == "my own notes\n"
    plan = Path(shutil.copytree(EXAMPLES / "usti-seniors", tmp_path / "usti"))
    into_plan = invoke("rollup", str(plan), b, "-o", str(plan), "--force")
    assert into_plan.returncode == 2 and "plan's own folder" in into_plan.stderr
    assert not (plan / "rollup.md").exists()
    out = tmp_path / "out"
    assert invoke("rollup", a, b, "-o", str(out)).returncode == 0
    again = invoke("rollup", a, b, "-o", str(out))  # its own earlier output: written again
    assert again.returncode == 0, again.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        ".cpkit-render.json",
        "rollup.html",
        "rollup.md",
    ]


def test_rollup_without_output_says_what_text_and_md_are_for() -> None:
    """Two municipal plans and no -o: the advice must not send the user to --format text,
    which only shows unit plans aligned with a district plan."""
    result = invoke("rollup", str(EXAMPLES / "usti-seniors"), str(EXAMPLES / "hkcss-2023"))
    assert result.returncode == 2
    assert "--output FOLDER is needed to write the roll-up (rollup.md and rollup.html)" in (
        result.stderr
    )
    assert "only how unit plans align with a district plan" in result.stderr


def test_command_on_many_plans_writes_what_whole_plans_roll_up_into(tmp_path: Path) -> None:
    # from four plans the command loads them in other processes, which hand back digests;
    # the document is byte for byte the one the whole plans, rolled up here, make
    folders = [*FOLDERS, shutil.copytree(REGION / "decin", tmp_path / "copy")]
    result = invoke("rollup", *map(str, folders), "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    rolled = _rollup(folders)
    render_rollup(rolled, tmp_path / "here")
    for name in ("rollup.md", "rollup.html"):
        assert (tmp_path / "out" / name).read_bytes() == (tmp_path / "here" / name).read_bytes()
