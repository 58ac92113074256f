"""Names, not ids, where a person reads; Chinese typography from one rule table.

The Czech and the Chinese example plans are rendered once; what a reader sees is asserted
in their language: an entity by its name (an objective with its number), never by the id
that only the plan's files use, and Chinese punctuation (、 ： （） ； no space between
Chinese runs) in every label cpkit writes, in Markdown, HTML and the SVG charts.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLES, invoke

# ASCII punctuation, or a space, between two Chinese characters: what Chinese never writes
ASCII_BETWEEN_CJK = re.compile(
    r"[\u3400-\u9fff）][,:;()] ?[\u3400-\u9fff（]|[\u3400-\u9fff] [\u3400-\u9fff]"
)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = {}
    for name in ("usti-seniors-cs", "ssp-district-zh"):
        folder = tmp_path_factory.mktemp(name)
        result = invoke("render", str(EXAMPLES / name), "-o", str(folder))
        assert result.returncode == 0, result.stderr
        out[name] = folder
    return out


def _read(folder: Path, name: str) -> str:
    return (folder / name).read_text(encoding="utf-8")


# --- the rule table ----------------------------------------------------------------------


def test_one_rule_table_for_lists_labels_brackets_and_spacing() -> None:
    from cpkit.core.language import language

    en, cs, zh = language("en"), language("cs"), language("zh-Hant")
    assert en.join(["a", "b"]) == cs.join(["a", "b"]) == "a, b"
    assert zh.join(["匯港家庭服務社", "區內中小學"]) == "匯港家庭服務社、區內中小學"
    assert (en.label("Chair", "Jan Novák"), zh.label("主席", "深水埗區福利專員")) == (
        "Chair: Jan Novák",
        "主席：深水埗區福利專員",
    )
    assert (en.paren("2003"), zh.paren("2003年")) == ("(2003)", "（2003年）")
    assert en.join_clauses(["a, b", "c"]) == "a, b; c"
    # a clause that ends in a full stop takes no second mark: "。；" never appears
    assert zh.join_clauses(["甲。", "乙", "丙"]) == "甲。乙；丙"
    assert en.apposition("Council", "resolution 5") == "Council, resolution 5"
    assert zh.apposition("區議會", "第5號決議") == "區議會，第5號決議"
    # words are spaced, Chinese runs are not
    assert en.words("by", "2025") == "by 2025"
    assert zh.words("於", "2025年", "編製") == "於2025年編製"
    assert zh.words("Home care", "HK$1,200") == "Home care HK$1,200"
    # a year alone, as CLDR writes it: Chinese adds 年
    assert (en.date(2025), cs.date(2025), zh.date(2025)) == ("2025", "2025", "2025年")


# --- the Chinese example -------------------------------------------------------------------


@pytest.mark.parametrize("page", ["plan.md", "plan.html"])
def test_chinese_example_punctuates_as_chinese(rendered: dict[str, Path], page: str) -> None:
    text = _read(rendered["ssp-district-zh"], page)
    assert "主席：深水埗區福利專員" in text  # not "主席: "
    assert "由安老服務地區協調委員會於2025年編製。" in text  # 年, and no space
    assert "尚未有服務滿足的需要：照顧者支援、外展。" in text  # 、 between the needs
    assert "。；" not in text and "。;" not in text
    found = [m.group() for m in ASCII_BETWEEN_CJK.finditer(text)]
    assert found == []


def test_chinese_charts_punctuate_as_chinese(rendered: dict[str, Path]) -> None:
    svg = _read(rendered["ssp-district-zh"], "charts/needs.svg")
    # the tip of a cell: its status after a full-width colon, its services in （）
    assert "長者 / 長者地區中心 — 資訊及轉介：已滿足（服務數目）（深水埗長者地區中心）" in svg
    for chart in ("needs", "funds"):
        text = _read(rendered["ssp-district-zh"], f"charts/{chart}.svg")
        assert [m.group() for m in ASCII_BETWEEN_CJK.finditer(text)] == [], chart


def test_chinese_example_names_its_plan_and_areas(rendered: dict[str, Path]) -> None:
    text = _read(rendered["ssp-district-zh"], "plan.md")
    # the funding table: the plan by its title, areas by name, objectives by number and title
    assert "| 計劃 | 深水埗區福利服務地區計劃 2026–2028 |" in text
    assert "| 範疇 | 安老服務 |" in text
    assert "| 範疇 | 共同目標 |" in text
    assert "| 目標 | 2.2 支援長者的照顧者 |" in text
    for ident in ("ssp-district-2026-2028", "family-child", "(joint)", "dcc-elderly"):
        assert ident not in text, ident


def test_sections_under_a_chinese_part_take_its_letter(tmp_path: Path) -> None:
    """Under 丁部 the sections are 丁.1, 丁.2, not D.1."""
    plan = shutil.copytree(EXAMPLES / "usti-seniors-cs", tmp_path / "plan")
    text = (plan / "plan.yaml").read_text(encoding="utf-8")
    (plan / "plan.yaml").write_text(text.replace("language: cs", "language: zh-Hant"))
    out = tmp_path / "out"
    assert invoke("render", str(plan), "-o", str(out)).returncode == 0
    md = _read(out, "plan.md")
    headings = [line for line in md.splitlines() if line.startswith("### ")]
    assert "### 甲.1 計劃目的" in headings
    assert any(h.startswith("### 丁.1 ") for h in headings)
    assert not any(re.match(r"### [A-G]\.[0-9]", h) for h in headings)
    assert "丁部：規劃架構" in md  # the statute's table names the Parts as the headings do


# --- the Czech example -----------------------------------------------------------------------


@pytest.mark.parametrize("page", ["plan.md", "plan.html"])
def test_czech_example_names_what_it_shows(rendered: dict[str, Path], page: str) -> None:
    text = _read(rendered["usti-seniors-cs"], page)
    # funding (Part C): by name, an objective by its number and title
    assert "Sociální pomoc a péče o seniory" in text
    assert "1.1 Zajištění pobytových služeb" in text
    assert "společné cíle" in text  # the priorities without an area, from the catalogue
    # progress (Part F): each indicator by its name, as the chart above the table
    assert "Obyvatelé spokojení se službami (roční průzkum spokojenosti klientů)" in text
    for ident in ("usti-2cpp-seniors", "(joint)", "residents-satisfaction", "community-clubs",
                  "individual-care-plans", "home-care-evenings"):  # fmt: skip
        assert ident not in text, ident
    # Czech is Czech: an objective's sections keep their Latin letters
    assert "D.1 " in text


def test_czech_example_gaps_and_comments_by_name() -> None:
    plan = str(EXAMPLES / "usti-seniors-cs")
    gaps = invoke("gaps", plan, "capacity", "funding", "progress", "network")
    assert gaps.returncode == 0, gaps.stderr
    words = gaps.stdout.split()
    for name in ("Senioři", "Zajištění", "Domovy", "Obyvatelé"):
        assert name in words, name
    for ident in ("senior-citizens", "residential-care", "usti-2cpp-seniors", "(joint)",
                  "residents-satisfaction", "city-home-care", "dd-residential"):  # fmt: skip
        assert ident not in gaps.stdout, ident
    # a script keeps the ids
    csv = invoke("gaps", plan, "capacity", "--format", "csv").stdout
    assert "senior-citizens,residential-care,beds," in csv
    comments = invoke("comments", plan)
    assert comments.returncode == 0, comments.stderr
    assert "Koordinační" in comments.stdout.split()
    assert "cg-seniors" not in comments.stdout and "management-team" not in comments.stdout


def test_czech_example_is_written_in_czech() -> None:
    """The Czech example is the English one translated: same ids and numbers, Czech texts."""
    import yaml

    def texts(folder: Path) -> list[str]:
        found = []
        for p in sorted(folder.rglob("*.yaml")):
            stack = [yaml.safe_load(p.read_text(encoding="utf-8"))]
            while stack:
                node = stack.pop()
                if isinstance(node, dict):
                    for key, value in node.items():
                        if key in ("title", "name", "description", "characteristics", "impact"):
                            if isinstance(value, str):
                                found.append(value)
                        else:
                            stack.append(value)
                elif isinstance(node, list):
                    stack.extend(node)
        return found

    czech = texts(EXAMPLES / "usti-seniors-cs")
    english = texts(EXAMPLES / "usti-seniors")
    assert len(czech) == len(english) > 100
    # only proper names (people, the city) are the same in both
    same = sorted(set(czech) & set(english))
    people = ["Eva Malá", "Jan Novák", "Jana Nováková", "Josef Dvořák", "Marie Svobodová"]
    assert same == [*people, "Ústí nad Labem"], same
