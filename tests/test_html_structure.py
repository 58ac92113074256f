"""The HTML's structure for assistive technology and narrow screens, read from the markup
(the browser tests check the same pages as Chromium exposes and lays them out)."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from conftest import EXAMPLES, invoke, write_plan


@pytest.fixture(scope="module")
def usti(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("usti")
    assert invoke("render", str(EXAMPLES / "usti-seniors"), "-o", str(out)).returncode == 0
    return out


def _tree(folder: Path, page: str = "plan.html") -> lxml.html.HtmlElement:
    return lxml.html.fromstring((folder / page).read_text(encoding="utf-8"))


def _text(element: lxml.html.HtmlElement) -> str:
    return " ".join(element.text_content().split())


def test_every_table_has_a_caption(usti: Path) -> None:
    tables = _tree(usti).xpath("//table")
    # the Ústí plan's 50 tables (issue 15), its network's three (Part B.3) and where each
    # § 3(h) item is found (Part A): 50 + 3 + 1
    assert len(tables) == 54
    captions = [_text(t.xpath("caption")[0]) for t in tables if t.xpath("caption")]
    assert len(captions) == 54 and all(captions)
    assert captions[:5] == ["Key facts", "A.8 Content required by Act 108/2006 Coll., § 3(h)",
                            "B.1 Demographic data", "B.1 Demographic data (2)",
                            "Service catalogue"]  # fmt: skip
    # the heading's words are heard; seen once, in the heading above
    second = tables[1].xpath("caption")[0]
    assert second.get("class") == "repeats"
    assert tables[0].xpath("caption")[0].get("class") is None


def test_key_facts_are_headed_by_their_names(usti: Path) -> None:
    facts = _tree(usti).xpath("//table")[0]
    assert [_text(th) for th in facts.xpath("thead//th")] == ["Aspect", "Details"]
    assert [_text(th) for th in facts.xpath("tbody/tr/th[@scope='row']")][:2] == [
        "Territory", "Planning period"]  # fmt: skip
    assert facts.xpath("tbody/tr/td")  # the values stay data cells


def test_gap_tables_have_no_row_headers(usti: Path) -> None:
    """Their first column is a level, a kind or a row number: it names no row."""
    tree = _tree(usti)
    (funding,) = tree.xpath("//table[caption='Funding gaps']")
    assert funding.xpath("tbody//th") == []
    assert _text(funding.xpath("tbody/tr[1]/td[1]")[0]) in {"plan", "area", "objective"}


def test_a_wide_table_scrolls_in_a_region_named_by_its_caption(usti: Path) -> None:
    tree = _tree(usti)
    (matrix,) = tree.xpath("//table[caption='Needs matrix']")
    region = matrix.getparent()
    assert (region.tag, region.get("role"), region.get("tabindex")) == ("div", "region", "0")
    assert region.get("aria-labelledby") == matrix.xpath("caption/@id")[0]
    # a key/value table of two columns reflows by itself: no region, no extra tab stop
    assert tree.xpath("//table")[0].getparent().tag == "main"
    ids = tree.xpath("//@id")
    assert len(ids) == len(set(ids))


def test_measure_tree_goes_below_h6(usti: Path) -> None:
    """A measure is an h6; its sub-measure is a level deeper (1.1.1 → 6, 1.1.1.1 → 7).
    Objective 1.1's measures carry the plan's own numbers (1.1.1 is "1", 1.1.1.1 is "1.1")."""
    levels = {
        _text(h).partition(". ")[0]: int(h.get("aria-level", "6"))
        for h in _tree(usti).xpath("//h6")
    }
    assert levels["Measure 1"] == 6  # id 1.1.1
    assert levels["Measure 1.1"] == 7  # id 1.1.1.1
    assert levels["Measure 2.4"] == 7  # id 1.1.2.4
    assert levels["Measure 2.1.4"] == 6
    markdown = (usti / "plan.md").read_text(encoding="utf-8")
    assert "###### Measure 1.1. Increasing the quality of existing services" in markdown
    assert "CPKIT-" not in markdown + (usti / "plan.html").read_text(encoding="utf-8")


def test_a_sub_sub_measure_is_level_8(tmp_path: Path) -> None:
    plan = write_plan(tmp_path / "plan", {
        "plan.yaml": "plan:\n  title: Deep\n  language: en\n",
        "priorities.yaml": (
            "priorities:\n- id: '1'\n  title: P\n  objectives:\n  - id: '1.1'\n    title: O\n"
            "    measures:\n    - id: 1.1.1\n      title: M\n      measures:\n"
            "      - id: 1.1.1.1\n        title: S\n        measures:\n"
            "        - id: 1.1.1.1.1\n          title: SS\n"
        ),
    })  # fmt: skip
    out = tmp_path / "out"
    result = invoke("render", str(plan), "-o", str(out))
    assert result.returncode == 0, result.stderr
    levels = [(h.get("aria-level"), _text(h)) for h in _tree(out).xpath("//h6")]
    assert levels[-3:] == [(None, "Measure 1.1.1. M"), ("7", "Measure 1.1.1.1. S"),
                      ("8", "Measure 1.1.1.1.1. SS")]  # fmt: skip


def test_charts_are_named_once_and_say_their_figures(usti: Path) -> None:
    tree = _tree(usti)
    (figure,) = tree.xpath("//figure[@id='chart-funds']")
    assert figure.xpath(".//svg")[0].get("aria-hidden") == "true"
    region = figure.xpath("div[@role='region']")[0]
    assert region.get("aria-labelledby") == "chart-funds-name"
    caption = _text(figure.xpath("figcaption")[0])
    for amount in ("state: CZK 7,400,000", "EU funds: CZK 1,777,500", "clients: CZK 1,050,000"):
        assert amount in caption
    # the SVG file keeps its own name and description for those who open it alone
    svg = (usti / "charts" / "funds.svg").read_text(encoding="utf-8")
    assert 'role="img"' in svg and "aria-hidden" not in svg


def test_a_caption_is_the_paragraph_just_before_its_table() -> None:
    """A caption marker is the paragraph right before its table: one that no table follows
    names no table and takes none of the text after it (matching its caption lazily up to
    any later `</p>` before a table took the paragraphs between as the caption)."""
    from cpkit.publish.messages import Messages
    from cpkit.publish.render import CAPTION_MARKER, captioned_tables, document_environment

    env = document_environment(None, Messages("en"), html=True)
    table = "<table>\n<thead>\n<tr>\n<th>Need</th>\n</tr>\n</thead>\n</table>\n"
    body = (
        "<h2>Part A</h2>\n"
        f"<p>{CAPTION_MARKER} Left alone</p>\n<p>Words between.</p>\n{table}"
        f"<p>{CAPTION_MARKER} Services</p>\n{table}"
    )
    page = lxml.html.fromstring(f"<div>{captioned_tables(body, env)}</div>")
    captions = [_text(c) for c in page.xpath("//caption")]
    assert captions == ["Part A", "Services"]
    assert _text(page.xpath("//p")[1]) == "Words between."
