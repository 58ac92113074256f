"""`cpkit render`: golden files, determinism, safety, personal data, languages, overrides."""

from __future__ import annotations

import html.parser
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES, ROOT, invoke, write_plan

GOLDEN = ROOT / "tests" / "golden" / "render"
EXAMPLE_NAMES = ["usti-seniors", "hkcss-2023", "hkcss-2025", "usti-seniors-cs", "ssp-district-zh"]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = {}
    for name in EXAMPLE_NAMES:
        folder = tmp_path_factory.mktemp(name)
        result = invoke("render", str(EXAMPLES / name), "-o", str(folder))
        assert result.returncode == 0, result.stderr
        out[name] = folder
    return out


PAGES = {
    "usti-seniors": ["plan.md", "plan.html", "services.md", "services.html"],
    # a business plan names no services: it has no directory of services
    "hkcss-2023": ["plan.md", "plan.html"],
    "hkcss-2025": ["plan.md", "plan.html"],
    # the Ústí plan written in Czech, a district plan written in Traditional Chinese
    "usti-seniors-cs": ["plan.md", "plan.html", "services.md", "services.html"],
    "ssp-district-zh": ["plan.md", "plan.html", "services.md", "services.html"],
}


@pytest.mark.parametrize(("name", "page"), [(n, p) for n, pages in PAGES.items() for p in pages])
def test_golden(
    request: pytest.FixtureRequest, rendered: dict[str, Path], name: str, page: str
) -> None:
    """The documents as a whole, against files written by --update-golden: a golden file only
    says the output has not changed, not that it was right. Its figures are checked apart:
    test_documents_show_the_figures_computed_by_hand (below) finds in plan.md and plan.html
    the rows that tests/test_tables.py computes by hand from the plans' files (test_capacity_gaps,
    test_funding_gaps, test_progress_from_the_monitoring_years, test_participation,
    test_hkcss_states_no_money_so_every_funding_row_is_zero), and services.md and
    services.html, which hold no figures, the services of each target group."""
    produced = (rendered[name] / page).read_text(encoding="utf-8")
    golden = GOLDEN / name / page
    if request.config.getoption("--update-golden"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(produced, encoding="utf-8")
    assert produced == golden.read_text(encoding="utf-8"), (
        f"{name}/{page} differs from its golden file"
    )


class _Rows(html.parser.HTMLParser):
    """The text of each table row of a page, cell by cell."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[tuple[str, ...]] = []
        self._cells: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append(())
        elif tag in ("td", "th"):
            self._cells = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cells is not None:
            self.rows[-1] += (" ".join("".join(self._cells).split()),)
            self._cells = None

    def handle_data(self, data: str) -> None:
        if self._cells is not None:
            self._cells.append(data)


def table_rows(folder: Path, page: str) -> list[tuple[str, ...]]:
    """Each table row of a rendered page: cells of a Markdown row, or of an HTML <tr>."""
    text = (folder / page).read_text(encoding="utf-8")
    if page.endswith(".md"):
        return [
            tuple(cell.strip() for cell in line.strip("|").split(" | "))
            for line in text.splitlines()
            if line.startswith("| ") and not line.startswith("| ---")
        ]
    parser = _Rows()
    parser.feed(text)
    return parser.rows


USTI_TITLE = (
    "2nd Care Community Plan of Ústí nad Labem 2004–2006 — Area No. 1: Social assistance and"
    " care for senior citizens"
)
SATISFIED = "Residents satisfied with the services (annual client satisfaction survey)"
# Figures of tests/test_tables.py, computed there by hand from the Ústí plan's files.
USTI_ROWS = [
    # test_capacity_gaps: demand 13,910 × 0.035 = 486.85, gap 486.85 − 430 − 14 = 42.85; ...
    (
        "Senior citizens",
        "Institutional residential care",
        "beds",
        "13,910",
        "486.85",
        "430",
        "14",
        "42.85",
    ),
    ("Senior citizens", "Sheltered housing", "flats", "13,910", "347.75", "250", "70", "27.75"),
    (
        "Senior citizens",
        "Field services",
        "clients per month",
        "13,910",
        "695.5",
        "640",
        "0",
        "55.5",
    ),
    # test_funding_gaps: costs, funds and gap of the plan, its areas and objective 1.1, by
    # name (an objective with its number), never by id
    ("plan", USTI_TITLE, "32,368,250", "28,520,000", "3,848,250"),
    (
        "area",
        "Social assistance and care for senior citizens",
        "29,158,250",
        "25,310,000",
        "3,848,250",
    ),
    ("area", "joint objectives", "3,210,000", "3,210,000", "0"),
    (
        "objective",
        "1.1 Provision of residential services",
        "23,398,250",
        "19,550,000",
        "3,848,250",
    ),
    ("objective", "1.2 Provision of field services", "4,140,000", "4,140,000", "0"),
    # test_progress_from_the_monitoring_years, as of 2005 (2 of 3 years = 66.7 % expected):
    # (79 − 72) / (85 − 72) = 53.8 % → 54 %, at risk; (5 − 4) / (8 − 4) = 25 %, off track;
    # (70 − 20) / (100 − 20) = 62.5 % → 63 %, on track; 60 of 150 = 40 %, 40 / 66.7 = 0.6,
    # at risk; 900 of 1,500 = 60 %, 60 / 66.7 = 0.9, on track
    # (each indicator by its name, as the chart above the table names it)
    ("objective 1.1", SATISFIED, "72", "85", "79", "54%", "at risk"),
    (
        "measure 1.1.1.2",
        "Clubs for seniors open to the community",
        "4",
        "8",
        "5",
        "25%",
        "off track",
    ),
    (
        "measure 1.1.1.1",
        "Clients with an individual care plan",
        "20",
        "100",
        "70",
        "63%",
        "on track",
    ),
    (
        "objective 1.2",
        "Home care clients served in the evenings and at weekends",
        "0",
        "150",
        "60",
        "40%",
        "at risk",
    ),
    (
        "measure 1.3.1",
        "Enquiries answered by the information point per year",
        "0",
        "1,500",
        "900",
        "60%",
        "on track",
    ),
    # test_participation: 2 commissioners, 9 providers, 2 users, nothing missing
    ("Coordination Group for Care for Senior Citizens", "2", "9", "2", ""),
]


@pytest.mark.parametrize("page", ["plan.md", "plan.html"])
def test_documents_show_the_figures_computed_by_hand(rendered: dict[str, Path], page: str) -> None:
    """The golden documents' figures, each as tests/test_tables.py computes it by hand."""
    rows = table_rows(rendered["usti-seniors"], page)
    for row in USTI_ROWS:
        assert row in rows, row
    # hkcss-2023 states no amount of money: its document has no funding table of zeros
    money = [
        r for r in table_rows(rendered["hkcss-2023"], page) if r[0] in ("plan", "area", "objective")
    ]
    assert money == []


@pytest.mark.parametrize("page", ["services.md", "services.html"])
def test_directory_lists_each_target_groups_services(rendered: dict[str, Path], page: str) -> None:
    """The golden directories hold no figures: what they list is each target group's services,
    as the Ústí plan's services.yaml gives them, in alphabetical order."""
    from cpkit.api import load_plan

    plan = load_plan(EXAMPLES / "usti-seniors")
    if page.endswith(".html"):  # the offer for citizens lists cards, one per service
        text = (rendered["usti-seniors"] / page).read_text(encoding="utf-8")
        rows = [
            (html.unescape(n),) for n in re.findall(r'data-place="[^"]*">\n<h3>(.*?)</h3>', text)
        ]
    else:
        rows = [r for r in table_rows(rendered["usti-seniors"], page) if r[0] != "Service"]
    expected = [
        name
        for group in plan.target_groups
        for name in sorted(s.name for s in plan.services if group.id in s.target_groups)
    ]
    assert [r[0] for r in rows] == expected
    assert len(expected) == 11 + 3  # senior citizens 11, adults with disabilities 3
    assert not (rendered["hkcss-2023"] / page).exists()  # it names no services: no directory


def test_render_twice_is_byte_identical(rendered: dict[str, Path], tmp_path: Path) -> None:
    """Again in this process; across processes, whose hash seeds differ, in
    tests/test_entry_point.py."""
    result = invoke("render", str(EXAMPLES / "usti-seniors"), "-o", str(tmp_path))
    assert result.returncode == 0, result.stderr
    again, first = _files(tmp_path), _files(rendered["usti-seniors"])
    assert again.keys() == first.keys()
    for name in first:
        assert again[name] == first[name], name


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


class _Scan(html.parser.HTMLParser):
    """Everything in a page that could run: script elements, handlers, script URLs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "iframe", "object", "embed", "base", "form"):
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.lower().startswith("on"):
                self.found.append(f"{tag} {name}=")
            if value and name.lower() in (
                "href",
                "src",
                "xlink:href",
                "action",
                "formaction",
                "data",
            ):
                squashed = "".join(ch for ch in value if not ch.isspace() and ord(ch) > 31).lower()
                if squashed.startswith(("javascript:", "vbscript:", "data:text/html")):
                    self.found.append(f"{tag} {name}={value!r}")

    handle_startendtag = handle_starttag


def executable_parts(page: str) -> list[str]:
    scan = _Scan()
    scan.feed(page)
    return scan.found


HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    "<svg onload=alert(1)>",
    '<iframe src="javascript:alert(1)"></iframe>',
    "<<SCRIPT>alert(1);//<</SCRIPT>",
    "[a](JaVaScRiPt:alert(1))",
    '<div style="background:url(javascript:alert(1))">',
]


def test_hostile_text_does_not_survive(tmp_path: Path) -> None:
    text = " ".join(HOSTILE)
    objectives = (
        'priorities:\n  - id: "1"\n    title: T\n    area: seniors\n    objectives:\n'
        '      - id: "1.1"\n        title: O\n'
        f"        description: {text!r}\n"
        '        measures:\n          - id: "1.1.1"\n            title: M\n'
        f"            characteristics: {text!r}\n"
        "            answers: [seniors-care/housing]\n"
    )
    plan = write_plan(tmp_path / "p", {"objectives.yaml": objectives})
    result = invoke("render", str(plan), "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "out" / "plan.html").read_text(encoding="utf-8")
    assert executable_parts(page) == []
    assert "alert(1)" in page  # shown as text, not dropped silently


def test_private_contacts_are_not_published(tmp_path: Path) -> None:
    people = (
        "stakeholders:\n"
        "  - {id: city, name: City Hall, side: commissioner, contact: {email: office@city.example}}\n"
        "  - {id: ngo, name: Home Care NGO, side: provider}\n"
        "  - {id: council, name: Seniors' Council, side: user}\n"
        "  - {id: jana, name: Jana Nováková, kind: person, organisation: ngo,\n"
        "     contact: {email: jana.private@mail.example, phone: '+420 600 000 000'}}\n"
        "  - {id: petr, name: Petr Dvořák, kind: person, organisation: city, publish_contact: true,\n"
        "     contact: {email: petr@city.example}}\n"
        "groups:\n  - {id: cg, name: Coordination group, members: [city, ngo, council, jana, petr]}\n"
    )
    plan = write_plan(tmp_path / "p", {"stakeholders.yaml": people})
    assert invoke("render", str(plan), "-o", str(tmp_path / "out")).returncode == 0
    for page in ("plan.md", "plan.html", "services.md", "services.html"):
        text = (tmp_path / "out" / page).read_text(encoding="utf-8")
        assert "jana.private@mail.example" not in text
        assert "600 000 000" not in text
    plan_md = (tmp_path / "out" / "plan.md").read_text(encoding="utf-8")
    assert "office@city.example" in plan_md
    assert "petr@city.example" in plan_md


@pytest.mark.parametrize("language,heading", [("cs", "Část A"), ("zh-Hant", "甲部")])
def test_language_of_headings(tmp_path: Path, language: str, heading: str) -> None:
    plan = write_plan(tmp_path / "p")
    text = (
        (plan / "plan.yaml")
        .read_text()
        .replace("currency: CZK", f"currency: CZK\n  language: {language}")
    )
    (plan / "plan.yaml").write_text(text)
    assert invoke("render", str(plan), "-o", str(tmp_path / "out")).returncode == 0
    page = (tmp_path / "out" / "plan.html").read_text(encoding="utf-8")
    assert heading in page
    assert f'<html lang="{language}">' in page


def test_unknown_language_is_a_clear_error(tmp_path: Path) -> None:
    from cpkit.api import load_plan
    from cpkit.publish.render import RenderError, render_plan

    plan = load_plan(write_plan(tmp_path / "p"))
    assert plan.info is not None
    plan.info.language = "fr"  # type: ignore[assignment]
    with pytest.raises(RenderError, match="no messages for language 'fr'"):
        render_plan(plan, tmp_path / "out")


def test_one_template_overridden(tmp_path: Path) -> None:
    custom = tmp_path / "custom" / "render" / "html"
    custom.mkdir(parents=True)
    (custom / "header.html.j2").write_text(
        '<header class="masthead"><p>Statutární město</p><h1>{{ title }}</h1></header>\n'
    )
    out = tmp_path / "out"
    result = invoke(
        "render",
        str(EXAMPLES / "usti-seniors"),
        "-o",
        str(out),
        "--templates",
        str(tmp_path / "custom"),
    )
    assert result.returncode == 0, result.stderr
    page = (out / "plan.html").read_text(encoding="utf-8")
    assert "Statutární město" in page
    assert "Part A. Introduction" in page  # the rest still from the built-in templates


@pytest.mark.parametrize("name", ["usti-seniors", "hkcss-2023", "ssp-district", "ssp-unit-youth"])
def test_one_pass_writes_what_a_pass_per_target_writes(
    rendered: dict[str, Path], tmp_path: Path, name: str
) -> None:
    """The Markdown and the HTML come from one pass over the templates, plan.md being the
    HTML's Markdown without its markers; a Markdown template of one's own (here a copy of
    the built-in one) gets a pass per target. Both ways write the same files: charts,
    business plan, sub-measures' levels, captions, title, every shape."""
    custom = tmp_path / "custom" / "render" / "blocks"
    custom.mkdir(parents=True)
    shutil.copy(ROOT / "templates" / "render" / "blocks" / "macros.md.j2", custom)
    one = rendered[name] if name in rendered else tmp_path / "one"
    if name not in rendered:
        result = invoke("render", str(EXAMPLES / name), "-o", str(one))
        assert result.returncode == 0, result.stderr
    out = tmp_path / "per-target"
    result = invoke(
        "render", str(EXAMPLES / name), "-o", str(out), "--templates", str(tmp_path / "custom")
    )
    assert result.returncode == 0, result.stderr
    mine, built_in = _files(out), _files(one)
    assert mine.keys() == built_in.keys()
    for file in built_in:
        assert mine[file] == built_in[file], file


@pytest.mark.parametrize("name", ["usti-seniors", "hkcss-2023", "ssp-district-zh"])
def test_a_page_made_in_stretches_is_the_page_made_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """A long page is converted and sanitised a stretch of Markdown at a time; cut before
    every heading it may be cut at, the files are those of the page made in one go."""
    from cpkit.api import check_plan
    from cpkit.publish import render

    plan, _ = check_plan(EXAMPLES / name)
    monkeypatch.setattr(render, "STRETCH", 10**9)
    render.render_plan(plan, tmp_path / "whole")
    monkeypatch.setattr(render, "STRETCH", 1)
    render.render_plan(plan, tmp_path / "stretches")
    whole, stretches = _files(tmp_path / "whole"), _files(tmp_path / "stretches")
    assert whole.keys() == stretches.keys()
    for file in whole:
        assert stretches[file] == whole[file], file


@pytest.mark.parametrize("name", ["usti-seniors", "ssp-district-zh"])
def test_a_page_sanitised_by_helper_processes_is_the_page_sanitised_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    """A page of many stretches is converted and sanitised by two processes beside the one
    that gives the headings their ids and captions the tables: cut before every heading,
    the files are those of the same cuts done in one process, and the helpers were used."""
    import multiprocessing
    import os

    from cpkit.api import check_plan
    from cpkit.publish import render

    if "fork" not in multiprocessing.get_all_start_methods() or (os.cpu_count() or 1) < 2:
        pytest.skip("the helpers are forked, on two cores or more")
    plan, _ = check_plan(EXAMPLES / name)
    monkeypatch.setattr(render, "STRETCH", 1)
    monkeypatch.setattr(render, "PARALLEL_FROM", 10**9)
    render.render_plan(plan, tmp_path / "here")
    helped: list[int] = []
    real = render._helpers

    def helpers(stretches: int) -> object:
        pool = real(stretches)
        if pool is not None:
            helped.append(stretches)
        return pool

    monkeypatch.setattr(render, "PARALLEL_FROM", 2)
    monkeypatch.setattr(render, "_helpers", helpers)
    render.render_plan(plan, tmp_path / "helped")
    assert helped and max(helped) > 20  # the plan page, cut into its many stretches
    here, by_helpers = _files(tmp_path / "here"), _files(tmp_path / "helped")
    assert here.keys() == by_helpers.keys()
    for file in here:
        assert by_helpers[file] == here[file], file


def test_hostile_stretches_come_out_the_same_from_the_helpers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Script, handlers, images, links to nowhere, long runs and headings that repeat, each
    in stretches of their own: the helpers' HTML and contents are those made here."""
    from cpkit.publish import render

    stretches = [
        f"## Part {i % 3}\n\nText <script>alert({i})</script> [x]({'javascript:alert(1)'}) "
        f"![alt {i}](http://example.org/{i}.png) <a name=x>to nowhere</a> {'w' * (40 + i)}\n\n"
        f"| a | b |\n| --- | --- |\n| <img src=x onerror=alert({i})> | {i} |\n\n"
        f"###### {render.LEVEL_MARKER.format(level=7 + i % 2)} Deep {i}\n"
        for i in range(9)
    ]
    monkeypatch.setattr(render, "PARALLEL_FROM", 10**9)
    here_toc: list[dict[str, Any]] = []
    here = list(render.sanitised(list(stretches), here_toc))
    monkeypatch.setattr(render, "PARALLEL_FROM", 2)
    helped_toc: list[dict[str, Any]] = []
    helped = list(render.sanitised(list(stretches), helped_toc))
    assert helped == here and helped_toc == here_toc
    page = "".join(here)
    assert "<script" not in page and "onerror" not in page and "javascript:" not in page
    assert '<h6 id="deep-8" aria-level="7">' in page and "<wbr>" in page
    assert [entry["id"] for entry in here_toc][:4] == ["part-0", "part-1", "part-2", "part-0_1"]


def test_html_is_standalone(rendered: dict[str, Path]) -> None:
    for folder in rendered.values():
        page = (folder / "plan.html").read_text(encoding="utf-8")
        assert "<link" not in page and "@import" not in page
        assert 'src="http' not in page and "url(http" not in page


def test_markdown_tables_are_github_flavoured(rendered: dict[str, Path]) -> None:
    text = (rendered["usti-seniors"] / "plan.md").read_text(encoding="utf-8")
    assert "| Service | Provider | Type | Capacity |\n| --- | --- | --- | ---: |" in text
    for part in "ABCDEFG":
        assert f"## Part {part}." in text


def test_catalogues_have_the_same_keys() -> None:
    import yaml

    def keys(node: object, prefix: str = "") -> set[str]:
        if isinstance(node, dict):
            return set().union(*(keys(v, f"{prefix}{k}.") for k, v in node.items())) | {prefix}
        return {prefix}

    folder = ROOT / "cpkit" / "i18n"
    found = {
        p.stem: keys(yaml.safe_load(p.read_text(encoding="utf-8"))["render"])
        for p in folder.glob("*.yaml")
    }
    assert set(found) == {"en", "cs", "zh-Hant"}
    assert found["cs"] == found["en"] and found["zh-Hant"] == found["en"]


def test_output_folder_is_created_and_nothing_else_is_touched(tmp_path: Path) -> None:
    """A folder of other files is written into only with --force, and keeps them."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    shutil.copytree(EXAMPLES / "hkcss-2023", tmp_path / "plan")
    assert invoke("render", str(tmp_path / "plan"), "-o", str(out)).returncode == 2
    assert invoke("render", str(tmp_path / "plan"), "-o", str(out), "--force").returncode == 0
    assert (out / "keep.txt").read_text() == "mine"


def test_directory_gives_public_contacts_and_no_empty_column(tmp_path: Path) -> None:
    """The citizens' directory lists each service's public contact (the provider's, when
    published); a target group whose services have none gets no empty Contact column."""
    from conftest import MINIMAL

    areas = MINIMAL["areas.yaml"].replace(
        "  - {id: seniors, name: Senior citizens}",
        "  - {id: seniors, name: Senior citizens}\n  - {id: youth, name: Young people}",
    )
    services = MINIMAL["services.yaml"].replace(
        "    capacity: {value: 10, unit: places}\n",
        "    capacity: {value: 10, unit: places}\n"
        "    contact: {phone: 475 000 111, email: care@example.org}\n"
        "  - {id: club, name: Youth club, provider: ngo, type: home-care, target_groups: [youth]}\n",
    )
    plan = write_plan(tmp_path / "plan", {"areas.yaml": areas, "services.yaml": services})
    result = invoke("render", str(plan), "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "out" / "services.md").read_text(encoding="utf-8")
    seniors, youth = text.split("## Senior citizens")[1].split("## Young people")
    assert "| Service | Provider | Location | Contact |" in seniors
    assert "| Home care service | Home Care NGO |  | 475 000 111, care@example.org |" in seniors
    assert "| Service | Provider | Location |\n" in youth
    assert "| Youth club | Home Care NGO |  |\n" in youth


@pytest.mark.parametrize(
    "language,joint,number,percent",
    [("cs", "společné cíle", "1\u00a0500", "63\u00a0%"), ("zh-Hant", "共同目標", "1,500", "63%")],
)
def test_usti_in_another_language_has_no_english_left(
    tmp_path: Path, language: str, joint: str, number: str, percent: str
) -> None:
    """The joint objectives' row, the progress chart's numbers and the percentages follow
    the plan's language; 62.5 % rounds half up, as a reader expects."""
    plan = tmp_path / "plan"
    shutil.copytree(EXAMPLES / "usti-seniors", plan)
    yaml_text = (plan / "plan.yaml").read_text(encoding="utf-8")
    (plan / "plan.yaml").write_text(yaml_text.replace("language: en", f"language: {language}"))
    assert invoke("render", str(plan), "-o", str(tmp_path / "out")).returncode == 0
    page = (tmp_path / "out" / "plan.md").read_text(encoding="utf-8")
    assert "joint objectives" not in page
    assert f"| {joint} |" in page
    chart = (tmp_path / "out" / "charts" / "progress.svg").read_text(encoding="utf-8")
    assert number in chart  # "od 0 do 1 500 enquiries": a no-break space, as in the tables
    assert f"| {percent} |" in page  # measure 1.1.1.1: 50 of 80 points = 62.5 %


def test_an_image_in_plan_text_becomes_a_link_to_it(tmp_path: Path) -> None:
    """No page loads anything from plan text (a remote image is a tracking pixel, in any
    Markdown viewer too): an image becomes a link to it, with its alt text as the words."""
    from conftest import MINIMAL

    objectives = MINIMAL["objectives.yaml"].replace(
        "            answers:",
        "            impact: 'See ![map of the new flats](https://example.org/map.png).'\n"
        "            answers:",
    )
    plan = write_plan(tmp_path / "p", {"objectives.yaml": objectives})
    assert invoke("render", str(plan), "-o", str(tmp_path / "out")).returncode == 0
    page = (tmp_path / "out" / "plan.html").read_text(encoding="utf-8")
    link = '<a href="https://example.org/map.png" rel="noopener noreferrer">'
    assert f"See {link}map of the new flats</a>." in page
    assert "<img" not in page
    markdown = (tmp_path / "out" / "plan.md").read_text(encoding="utf-8")
    assert "See [map of the new flats](https://example.org/map.png)." in markdown


def _monitored_plan(tmp_path: Path, language: str = "en") -> Path:
    """MINIMAL with a second measure, an indicator with no target and three monitoring
    years: 2025 with everything, 2026 with indicator values only, 2027 with a plan
    and a report that spent nothing."""
    from conftest import MINIMAL

    objectives = MINIMAL["objectives.yaml"].replace(
        "            answers: [seniors-care/housing]\n",
        "            answers: [seniors-care/housing]\n"
        "            indicators:\n"
        "              - {id: visits, name: Home visits, unit: visits, baseline: {value: 10}}\n"
        '          - {id: "1.1.2", title: Respite care, start: 2025-01, end: 2027-12}\n',
    )
    monitoring = {
        "monitoring/2025.yaml": (
            "monitoring:\n  year: 2025\n"
            '  action_plan: ["1.1.1", "1.1.2"]\n'
            '  measures:\n    - {measure: "1.1.1", status: in-progress, spent: 1250.5}\n'
            '    - {measure: "1.1.2", status: in-progress, spent: 3000}\n'
            "  evaluation: The flats are being built.\n"
            "  financial_evaluation: Within the budget.\n"
        ),
        "monitoring/2026.yaml": (
            "monitoring:\n  year: 2026\n"
            '  indicators:\n    - {owner: "1.1.1", indicator: visits, value: 14}\n'
        ),
        "monitoring/2027.yaml": (  # a report with nothing spent: no money table
            'monitoring:\n  year: 2027\n  action_plan: ["1.1.2"]\n'
            '  measures:\n    - {measure: "1.1.2", status: in-progress}\n'
        ),
    }
    plan = write_plan(tmp_path / "p", {"objectives.yaml": objectives, **monitoring})
    text = (plan / "plan.yaml").read_text()
    (plan / "plan.yaml").write_text(
        text.replace("currency: CZK", f"currency: CZK\n  language: {language}")
    )
    return plan


def _part_f_years(page: str, first: str) -> str:
    """From the first year's heading to the next part, or to the end (Part F may be the last:
    a plan with nowhere to send answers has no Part G)."""
    start = page.index(first)
    end = page.find("\n## ", start)
    return page[start : end if end >= 0 else None]


def test_monitoring_years_show_action_plan_and_money_spent(tmp_path: Path) -> None:
    """Each year lists its implementation plan and the money spent per measure with the
    total; a year with nothing to show (2026: indicator values only) gets no heading, and
    one with no evaluation (2027) no empty evaluation."""
    result = invoke("render", str(_monitored_plan(tmp_path)), "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "out" / "plan.md").read_text(encoding="utf-8")
    years = _part_f_years(page, "#### Year 2025")
    assert "Year 2026" not in years and "Evaluation of" not in years
    first, last = years.split("#### Year 2027")
    assert "**Implementation plan**\n\n- 1.1.1 Sheltered flats\n- 1.1.2 Respite care\n" in first
    assert (
        "| Measure | Spent |\n| --- | ---: |\n"
        "| 1.1.1 Sheltered flats | CZK\u00a01,250.50 |\n"  # CLDR: an amount with cents keeps two
        "| 1.1.2 Respite care | CZK\u00a03,000 |\n"
        "| Total | CZK\u00a04,250.50 |\n"
    ) in first
    assert "**Evaluation**\n\nThe flats are being built." in first
    assert "**Financial evaluation**\n\nWithin the budget." in first
    assert last.strip() == "**Implementation plan**\n\n- 1.1.2 Respite care"


def test_monitoring_years_in_czech(tmp_path: Path) -> None:
    plan = _monitored_plan(tmp_path, "cs")
    assert invoke("render", str(plan), "-o", str(tmp_path / "out")).returncode == 0
    page = (tmp_path / "out" / "plan.md").read_text(encoding="utf-8")
    years = _part_f_years(page, "#### Rok 2025")
    assert "**Akční plán**" in years and "**Čerpání finančních prostředků**" in years
    assert "| Opatření | Vyčerpáno |" in years
    assert "| Celkem | 4\u00a0250,50\u00a0Kč |" in years  # the Czech way: no-break space, comma, Kč


def test_actual_without_target_says_no_target(tmp_path: Path) -> None:
    """The table and the chart say "no target", never "no actual yet", beside an actual;
    the chart's text counts it."""
    out = tmp_path / "out"
    assert invoke("render", str(_monitored_plan(tmp_path)), "-o", str(out)).returncode == 0
    page = (out / "plan.md").read_text(encoding="utf-8")
    assert "| measure 1.1.1 | Home visits | 10 |  | 14 |  | no target |" in page
    chart = (out / "charts" / "progress.svg").read_text(encoding="utf-8")
    assert ">no target<" in chart and "no actual yet" not in chart
    assert "With an actual value but no target to judge it by: 1." in page
