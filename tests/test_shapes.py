"""A document per plan shape: what each shape publishes, in every language, and the words
each territory's plans may use for group kinds and fund sources."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from test_render import _Rows, table_rows

from conftest import EXAMPLES, ROOT, invoke, write_plan

LANGUAGES = ["en", "cs", "zh-Hant"]
CATALOGUES = {
    lang: yaml.safe_load((ROOT / "cpkit" / "i18n" / f"{lang}.yaml").read_text(encoding="utf-8"))[
        "render"
    ]
    for lang in LANGUAGES
}
# The seeds' own three columns, and their names in the other languages
COLUMNS = {
    "en": ("Strategic Areas", "Key Social Development Agenda and Objectives",
           "Deliverables and Impact"),
    "cs": ("Strategické oblasti", "Klíčová témata sociálního rozvoje a cíle", "Výstupy a dopad"),
    "zh-Hant": ("策略範疇", "主要社會發展議題及目標", "成果及影響"),
}  # fmt: skip


def _init_and_render(tmp: Path, shape: str, language: str) -> Path:
    plan = tmp / f"{shape}-{language}"
    assert (
        invoke("init", str(plan), "--shape", shape, "-l", language, "--title", "T").returncode == 0
    )
    out = tmp / f"{shape}-{language}-out"
    result = invoke("render", str(plan), "-o", str(out))
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def started(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    """The documents of a new plan of each shape in each language, as `init` writes it."""
    tmp = tmp_path_factory.mktemp("shapes")
    return {
        (shape, lang): _init_and_render(tmp, shape, lang)
        for shape in ("community", "district", "ngo")
        for lang in LANGUAGES
    }


def _headings(text: str) -> list[tuple[int, str]]:
    return [(len(m[1]), m[2]) for m in re.finditer(r"^(#{1,6}) (.*)$", text, flags=re.M)]


def _empty_sections(text: str) -> list[str]:
    """Headings followed by nothing but a heading of the same or a higher level."""
    lines = [line for line in text.splitlines() if line.strip()]
    empty = []
    for here, after in zip(lines, [*lines[1:], "# end"], strict=True):
        h, a = re.match(r"^(#{1,6}) ", here), re.match(r"^(#{1,6}) ", after)
        if h and a and len(a[1]) <= len(h[1]):
            empty.append(here)
    return empty


@pytest.mark.parametrize("language", LANGUAGES)
def test_ngo_document_has_none_of_the_community_parts(
    started: dict[tuple[str, str], Path], language: str
) -> None:
    words = CATALOGUES[language]
    md = (started["ngo", language] / "plan.md").read_text(encoding="utf-8")
    html = (started["ngo", language] / "plan.html").read_text(encoding="utf-8")
    for page in (md, html):
        for part in "abcdefg":
            assert words["part"][part] not in page
        assert words["a"]["structure"] not in page
        assert words["a"]["structure_text"] not in page
        assert words["g"]["questionnaire"] not in page
        assert words["d"]["participation"] not in page  # no triad
    # the business plan's table, with the seeds' three columns, on both pages (in the
    # Markdown an HTML table: Markdown has no lists in table cells)
    for page in (md, html):
        rows = _Rows()
        rows.feed(page)
        assert COLUMNS[language] in rows.rows


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("shape", ["district", "ngo"])
def test_no_empty_sections(started: dict[tuple[str, str], Path], shape: str, language: str) -> None:
    text = (started[shape, language] / "plan.md").read_text(encoding="utf-8")
    assert _empty_sections(text) == []
    assert CATALOGUES[language]["document"]["none"] not in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_district_shows_every_committee_with_its_chair(
    started: dict[tuple[str, str], Path], language: str
) -> None:
    from cpkit.api import load_plan

    plan = load_plan(started["district", language].parent / f"district-{language}")
    text = (started["district", language] / "plan.md").read_text(encoding="utf-8")
    words = CATALOGUES[language]
    mechanism = text.split(f"## {words['district']['mechanism']}\n")[1].split("\n## ")[0]
    people = {s.id: s.name for s in plan.stakeholders}
    committees = [g for g in plan.groups if g.kind in ("dcc", "local-committee")]
    assert len(committees) == 5  # four DCCs and the Local Committee on Services for Young People
    # seed 000: "Under the chairmanship of the DSWO, each district has four District
    # Coordinating Committees"
    assert words["district"]["chaired"].format(name=people["district-officer"]) in mechanism
    for g in committees:
        section = mechanism.split(f"### {g.name}\n")[1].split("\n### ")[0]
        assert f"| {words['district']['chair']} | {people[g.chair]} |" in section
        assert f"| {words['district']['kind']} | {words['group_kinds'][g.kind]} |" in section
        in_attendance = words["district"]["non_members_values"]["in-attendance"]
        assert f"| {words['district']['non_members']} | {in_attendance} |" in section
    for part in "abcdefg":
        assert words["part"][part] not in text
    assert words["d"]["participation"] not in text  # the Czech triad is not a district's word


def test_district_committee_strategies_name_lead_unit_and_timetable(
    started: dict[tuple[str, str], Path],
) -> None:
    rows = table_rows(started["district", "en"], "plan.md")
    assert ("Strategy", "Action", "Lead unit", "Timetable", "Status") in rows
    leads = [r for r in rows if r[0].startswith("1.1 ") and len(r) == 5]
    assert leads and leads[0][2].startswith("NGO operating the integrated family service centre")
    assert re.fullmatch(r"\d{4} – \d{4}", leads[0][3])


@pytest.mark.parametrize("language", LANGUAGES)
def test_community_keeps_its_parts(started: dict[tuple[str, str], Path], language: str) -> None:
    text = (started["community", language] / "plan.md").read_text(encoding="utf-8")
    parts = [name for level, name in _headings(text) if level == 2]
    assert parts == [CATALOGUES[language]["part"][p] for p in "abcdefg"]


def test_seed_deliverables_are_nested_lists(tmp_path: Path) -> None:
    """Seed 001's bullets under the headings of 3.1, seed 003's deliverables under each key
    initiative of 2.2, as lists inside their cells."""
    for name, expected in (
        (
            "hkcss-2023",
            "<li>3.1.7 Stakeholders Engagement<ul><li>3.1.7.1 analyze and re-categorize",
        ),
        ("hkcss-2025", "<li>2.2.4.1 Partnership with professional certification bodies"),
    ):
        out = tmp_path / name
        assert invoke("render", str(EXAMPLES / name), "-o", str(out)).returncode == 0
        for page in ("plan.md", "plan.html"):
            text = (out / page).read_text(encoding="utf-8")
            assert expected in text, (name, page)
            assert "Part A." not in text and "seven parts" not in text
            assert '<th scope="col">Deliverables and Impact</th>' in text
    html = (tmp_path / "hkcss-2025" / "plan.html").read_text(encoding="utf-8")
    initiative = re.search(r"<li>2\.2\.4 Groom and strengthen.*?</li></ul></li>", html)
    assert initiative and "<ul><li>2.2.4.1 " in initiative[0]


UNIT = {
    "plan.yaml": """\
plan:
  title: Annual plan of the Integrated Family Service Centre
  shape: unit
  period: {start: 2026-04, end: 2027-03}
  currency: HKD
  aligns_with: ../district
""",
    "stakeholders.yaml": "stakeholders:\n  - {id: ifsc, name: Integrated Family Service Centre}\n",
    "areas.yaml": None,
    "services.yaml": None,
    "objectives.yaml": """\
priorities:
  - id: "1"
    title: Families under stress
    objectives:
      - id: "1.1"
        title: Reach families new to the district
        aligns_with: ["2.2"]
        indicators:
          - {id: families, name: Families reached, unit: families, target: {value: 120, year: 2027}}
        measures:
          - id: "1.1.1"
            title: Welcome sessions at the housing estates
            aligns_with: ["4.1"]
""",
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_unit_plan_names_the_district_objective_each_works_toward(
    tmp_path: Path, language: str
) -> None:
    words = CATALOGUES[language]
    files = {**UNIT, "plan.yaml": UNIT["plan.yaml"] + f"  language: {language}\n"}
    plan = write_plan(tmp_path / "unit", files)
    out = tmp_path / "out"
    result = invoke("render", str(plan), "-o", str(out))
    assert result.returncode == 0, result.stderr
    rows = table_rows(out, "plan.md")
    assert (
        tuple(words["unit"]["columns"][c] for c in ("objective", "targets", "outputs", "aligns"))
        in rows
    )
    # the objective's indicator target; its measure; the ids of the district plan it and its
    # measure work toward, once each
    # in the language's punctuation: Chinese lists with 、, labels with ：, years in （）
    chinese = language == "zh-Hant"
    row = next(r for r in rows if r[0] == "1.1 Reach families new to the district")
    ids = "2.2、4.1" if chinese else "2.2, 4.1"
    assert row[2:] == ("1.1.1 Welcome sessions at the housing estates", ids)
    reached, year = (
        ("Families reached：120", "（2027年）") if chinese else ("Families reached: 120", "(2027)")
    )
    assert row[1].startswith(reached) and row[1].endswith(year), row[1]
    text = (out / "plan.md").read_text(encoding="utf-8")
    assert words["unit"]["parent"].format(parent="../district") in text
    assert _empty_sections(text) == []
    for part in "abcdefg":
        assert words["part"][part] not in text
    assert not (out / "services.md").exists()


def test_unit_plan_without_links_has_no_empty_column(tmp_path: Path) -> None:
    files = {
        **UNIT,
        "plan.yaml": UNIT["plan.yaml"].replace("  aligns_with: ../district\n", ""),
        "objectives.yaml": UNIT["objectives.yaml"]
        .replace('        aligns_with: ["2.2"]\n', "")
        .replace('            aligns_with: ["4.1"]\n', ""),
    }
    out = tmp_path / "out"
    assert (
        invoke("render", str(write_plan(tmp_path / "unit", files)), "-o", str(out)).returncode == 0
    )
    assert ("Objective", "Targets", "Outputs") in table_rows(out, "plan.md")


def test_one_template_of_a_shape_overridden(tmp_path: Path) -> None:
    custom = tmp_path / "custom" / "render" / "ngo"
    custom.mkdir(parents=True)
    (custom / "business_plan.md.j2").write_text("## Our plan\n\nSee the annex.\n\n")
    out = tmp_path / "out"
    result = invoke("render", str(EXAMPLES / "hkcss-2023"), "-o", str(out), "--templates",
                    str(tmp_path / "custom"))  # fmt: skip
    assert result.returncode == 0, result.stderr
    text = (out / "plan.md").read_text(encoding="utf-8")
    assert "## Our plan" in text and "<table" not in text
    assert "## Introduction" in text  # the rest from the built-in templates


# --- vocabularies per territory --------------------------------------------------------

DISTRICT_PLAN = (
    "plan:\n  title: T\n  shape: district\n  period: {start: 2025, end: 2027}\n  currency: HKD\n"
)
PEOPLE = "stakeholders:\n  - {id: ngo, name: NGO}\n"  # and no coordination group


@pytest.mark.parametrize(
    ("changes", "expected", "hint"),
    [
        # a Czech word in a Hong Kong district plan: the SWD subvention, not the state
        (
            {"plan.yaml": DISTRICT_PLAN, "stakeholders.yaml": PEOPLE, "areas.yaml": None,
             "objectives.yaml": None,
             "services.yaml": "services:\n  - id: s\n    name: S\n    provider: ngo\n    type: home-care\n"
                              "    funding:\n      - source: state\n        amount: 1\n"},
            [("CP104", "services.yaml", 7)],
            "did you mean 'lump-sum-grant'?",
        ),
        (
            {"plan.yaml": DISTRICT_PLAN, "stakeholders.yaml": PEOPLE, "areas.yaml": None, "xtra.yaml": "groups:\n  - id: c\n    name: C\n    kind: coordination\n"},
            [("CP104", "xtra.yaml", 4)],
            "did you mean 'dcc'?",
        ),
        # a Hong Kong word in a Czech community plan
        (
            {"xtra.yaml": "groups:\n  - id: c\n    name: C\n    kind: dcc\n"},
            [("CP104", "xtra.yaml", 4)],
            "did you mean 'coordination'?",
        ),
    ],
)  # fmt: skip
def test_words_of_the_plans_territory(
    tmp_path: Path, changes: dict[str, str], expected: list[tuple[str, str, int]], hint: str | None
) -> None:
    from cpkit.api import check_plan

    plan = write_plan(tmp_path / "p", changes)
    report = check_plan(plan)[1]
    found = [d for d in report if d.code == "CP104"]
    assert [(d.code, Path(d.loc.file).name, d.loc.line) for d in found] == expected
    if hint:
        assert found[0].hint == hint


def test_a_district_plan_without_group_kinds_is_told_which_to_write(tmp_path: Path) -> None:
    from cpkit.api import check_plan

    plan = write_plan(tmp_path / "p", {"plan.yaml": DISTRICT_PLAN})
    found = [d for d in check_plan(plan)[1] if d.code == "CP104"]
    # the minimal plan's coordination group, its kind left out (so coordination)
    assert [(Path(d.loc.file).name, d.loc.line) for d in found] == [("stakeholders.yaml", 6)]
    assert "left out" in found[0].message and found[0].hint == "did you mean 'dcc'?"


def test_every_word_has_a_name_in_every_language() -> None:
    from cpkit.model.vocabularies import FUND_SOURCES, GROUP_KINDS

    for words in CATALOGUES.values():
        for kinds in GROUP_KINDS.values():
            assert set(kinds) <= set(words["group_kinds"])
        for sources in FUND_SOURCES.values():
            assert set(sources) <= set(words["sources"]) <= set(words["chart"]["source"])
    # the SWD subvention is not the central government
    assert (
        CATALOGUES["zh-Hant"]["sources"]["lump-sum-grant"]
        != CATALOGUES["zh-Hant"]["sources"]["state"]
    )
    assert "state" not in FUND_SOURCES["hk"]


def test_community_plan_leaves_out_what_it_has_nothing_for(tmp_path: Path) -> None:
    """The minimal plan names no contact, no consultation and no money for its services:
    no Part G (nowhere to send the questionnaire), no consultation heading, no "None
    recorded", and the structure of the plan names the Parts it has."""
    out = tmp_path / "out"
    assert invoke("render", str(write_plan(tmp_path / "p")), "-o", str(out)).returncode == 0
    text = (out / "plan.md").read_text(encoding="utf-8")
    words = CATALOGUES["en"]
    parts = [name for level, name in _headings(text) if level == 2]
    assert parts == [words["part"][p] for p in "abcdef"]
    assert _empty_sections(text) == []
    assert words["document"]["none"] not in text
    assert words["d"]["consultation"] not in text and words["g"]["questionnaire"] not in text
    names = "; ".join(words["part"][p] for p in "abcdef")
    assert words["a"]["structure_some"].format(parts=names) in text
