"""Plan text is text in every output, and no output clobbers: the cases of the hostile-plan
report, each as it was found (docs/outputs.md says what each output may hold)."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
from pathlib import Path
from xml.etree import ElementTree

import pytest

from cpkit.api import check_plan
from cpkit.publish.safe_text import (
    clean_text,
    from_spreadsheet,
    md_text,
    spreadsheet_text,
    terminal_text,
)

from conftest import EXAMPLES, MINIMAL, invoke, unsafe_markdown_view, write_plan

ESCAPES = "\x1b[2K\x1b[1A\x1b]0;owned\x07\x9b2J"  # erase a line, go up, retitle, C1 clear


def _objective_title(tmp_path: Path, title: str, name: str = "p") -> Path:
    """MINIMAL with objective 1.1 titled `title` (written as a YAML double-quoted string)."""
    quoted = json.dumps(title)  # JSON's escapes are YAML's too
    objectives = MINIMAL["objectives.yaml"].replace(
        "title: Provision of residential services", f"title: {quoted}"
    )
    return write_plan(tmp_path / name, {"objectives.yaml": objectives})


def _need_name(tmp_path: Path, name: str) -> Path:
    services = MINIMAL["services.yaml"].replace(
        "{id: housing, name: Housing}", f"{{id: housing, name: {json.dumps(name)}}}"
    )
    return write_plan(tmp_path / "p", {"services.yaml": services})


# --- Markdown ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "[x](javascript&#58;alert(1))",  # what md_text wrote before: CommonMark decodes it
        "[x](&#106;avascript:alert(1))",
        "[x](javascript\\:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](vbscript:msgbox(1))",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[x](<javascript:alert(1)>)",
        "[r]: javascript:alert(1)\n[x][r]",
        "<javascript:alert(1)>",
        "[x](java\x00script:alert(1))",  # a control character inside, removed: still no link
        "[x](\x01javascript:alert(1))",
        "[x](java&#x09;script:alert(1))",
        "[x](java\tscript:alert(1))",
    ],
)
def test_no_script_or_data_link_from_markdown(text: str) -> None:
    viewed = unsafe_markdown_view(md_text(text))
    assert "<a" not in viewed, viewed


def test_safe_links_stay_links_and_images_become_links() -> None:
    text = (
        "[site](https://example.org) [mail](mailto:a@example.org) ![pixel](https://t.example/p.gif)"
    )
    viewed = unsafe_markdown_view(md_text(text))
    assert '<a href="https://example.org">site</a>' in viewed
    assert '<a href="mailto:a@example.org">mail</a>' in viewed
    assert '<a href="https://t.example/p.gif">pixel</a>' in viewed and "<img" not in viewed


@pytest.mark.parametrize(
    "text",
    [
        "## Part H. Decision of the council",
        "Part H. Decision of the council\n---",
        "Part H. Decision of the council\n===",
        "Part H\n- ",
        "> # Quoted",
        "- # Listed",
        "---",
        "* * *",
    ],
)
def test_plan_text_makes_no_heading_or_rule(text: str) -> None:
    viewed = unsafe_markdown_view(md_text(text))
    assert not re.search(r"<h[1-6]|<hr", viewed), viewed


@pytest.mark.parametrize("fence", ["```", "~~~~", "```python"])
def test_a_code_block_left_open_is_closed(fence: str) -> None:
    """An open fence would make every later Part and heading of the document code."""
    viewed = unsafe_markdown_view(md_text(f"Intro\n\n{fence}\ncode") + "\n\n## Part E\n")
    assert "<pre><code" in viewed and "<h2>Part E</h2>" in viewed


def test_a_title_ending_in_a_hash_keeps_it_in_its_heading() -> None:
    from cpkit.publish.safe_text import md_inline

    assert "<h5>1.1 Lesson #</h5>" in unsafe_markdown_view("##### 1.1 " + md_inline("Lesson #"))


def test_markdown_of_plan_text_keeps_its_own_markup_and_words() -> None:
    text = "**Bold** and _italic_, 3 - 2 = 1\n\n- one\n- two\n\nTom & Jerry, 50 % #1"
    assert md_text(text) == text


def test_a_description_cannot_add_a_part_or_a_chart(tmp_path: Path) -> None:
    """The report's cases: `## Part H` in a description entered the contents list, a line
    underlined with `---` became a Part heading, a paragraph naming the chart marker put a
    second progress chart (with the same ids) into the page."""
    hostile = "## Part H. Decision\n\nThe council\n---\n\nCPKIT-CHART-progress"
    areas = MINIMAL["areas.yaml"].replace(
        "group: cg, target_groups: [seniors]}",
        f"group: cg, target_groups: [seniors], description: {json.dumps(hostile)}}}",
    )
    plan = write_plan(tmp_path / "p", {"areas.yaml": areas})
    assert invoke("render", str(plan), "-o", str(tmp_path / "out")).returncode == 0
    page = (tmp_path / "out" / "plan.html").read_text(encoding="utf-8")
    assert "Part H" in page and not re.search(r"<h[1-6][^>]*>[^<]*Part H", page)
    assert not re.search(r"<h[1-6][^>]*>The council", page)
    assert page.count('<figure class="chart"') == page.count("<svg") <= 3
    assert "<p>CPKIT-CHART-progress</p>" in page  # shown as the words it is


# --- HTML ----------------------------------------------------------------------------------


def test_a_long_word_gets_break_opportunities(tmp_path: Path) -> None:
    """A 10,000-character word (a pasted address) made the page 360,168 px wide: the HTML
    gives it a break opportunity every 20 characters, and the stylesheet lets prose break."""
    word = "https://example.org/" + "a" * 10_000
    plan = _objective_title(tmp_path, word)
    assert invoke("render", str(plan), "-o", str(tmp_path / "out")).returncode == 0
    page = (tmp_path / "out" / "plan.html").read_text(encoding="utf-8")
    runs = re.findall(r"[^\s<>]+", re.sub(r"<wbr>", " ", page))
    assert max(len(r) for r in runs if r.startswith(("https://example", "aaaa"))) <= 20
    assert "main { overflow-wrap: anywhere; }" in page


@pytest.mark.browser
def test_a_long_word_does_not_widen_the_page(tmp_path: Path, browser: object) -> None:
    word = "https://example.org/" + "a" * 10_000
    plan = _objective_title(tmp_path, word)
    assert invoke("render", str(plan), "-o", str(tmp_path / "out")).returncode == 0
    page = browser.new_page()  # type: ignore[attr-defined]
    try:
        page.goto((tmp_path / "out" / "plan.html").resolve().as_uri())
        width = page.evaluate("document.documentElement.scrollWidth")
        viewport = page.evaluate("window.innerWidth")
    finally:
        page.close()
    assert width <= viewport


# --- SVG and XML ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["Word\u0001text", "line\u000bbreak", "non\ufffechar\uffff", "&#65534; &#xFFFF;"]
)
def test_control_characters_and_noncharacters_leave_every_output_well_formed(
    tmp_path: Path, name: str
) -> None:
    """Pasted Word text (U+0001, U+000B) made charts/needs.svg not well-formed, and
    `&#65534;` crashed cmark-gfm with half the output folder written."""
    plan = _need_name(tmp_path, name)
    result = invoke("render", str(plan), "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    for svg in (tmp_path / "out" / "charts").glob("*.svg"):
        ElementTree.fromstring(svg.read_bytes())
    for page in tmp_path.joinpath("out").glob("*.*"):
        text = page.read_text(encoding="utf-8")
        assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]", text), page.name
    needs = (tmp_path / "out" / "charts" / "needs.svg").read_text(encoding="utf-8")
    shown = {"Word\u0001text": "Wordtext", "line\u000bbreak": "line break"}.get(name)
    if shown:
        assert shown in needs
    if name.startswith("&"):
        md = (tmp_path / "out" / "plan.md").read_text(encoding="utf-8")
        assert "&amp;#65534; &amp;#xFFFF;" in md  # shown as written, not decoded


def test_clean_text_removes_what_no_output_may_hold() -> None:
    assert clean_text("a\x00b\x01c\x0bd\x0ce\x7ff\x85g\ufffeh\uffffi\ufdd0j\U0010fffek") == (
        "abc d efghijk"
    )
    assert clean_text("tab\tnew\nline\r\n příliš 中文 😀") == "tab\tnew\nline\r\n příliš 中文 😀"


def test_a_failed_render_leaves_no_half_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every page is made before the first is written, and a new folder appears whole."""
    import cpkit.publish.render as render

    plan, _report = check_plan(EXAMPLES / "usti-seniors")

    def broken(*args: object, **kwargs: object) -> str:
        raise RuntimeError("failed half way")

    monkeypatch.setattr(render, "page_pieces", broken)  # the HTML page, after plan.md
    with pytest.raises(RuntimeError):
        render.render_plan(plan, tmp_path / "out")
    assert list(tmp_path.iterdir()) == []


# --- render -o never clobbers --------------------------------------------------------------


def test_render_does_not_replace_the_users_plan_md(tmp_path: Path) -> None:
    folder = tmp_path / "notes"
    folder.mkdir()
    (folder / "plan.md").write_text("my own notes")
    result = invoke("render", str(EXAMPLES / "usti-seniors"), "-o", str(folder))
    assert result.returncode == 2
    assert f"Error: --output {folder}: {folder} holds files that cpkit did not write" in (
        result.stderr
    )
    assert (folder / "plan.md").read_text() == "my own notes"
    assert sorted(p.name for p in folder.iterdir()) == ["plan.md"]


def test_render_writes_again_into_its_own_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert invoke("render", str(EXAMPLES / "usti-seniors"), "-o", str(out)).returncode == 0
    manifest = json.loads((out / ".cpkit-render.json").read_text(encoding="utf-8"))
    assert manifest["files"] == [
        "charts/funds.svg", "charts/needs.svg", "charts/progress.svg",
        "plan.html", "plan.md", "services.html", "services.md",
    ]  # fmt: skip
    (out / "plan.md").write_text("stale")
    assert invoke("render", str(EXAMPLES / "usti-seniors"), "-o", str(out)).returncode == 0
    assert (out / "plan.md").read_text(encoding="utf-8").startswith("# ")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no staging left


def test_render_refuses_the_plan_folder(tmp_path: Path) -> None:
    plan = shutil.copytree(EXAMPLES / "usti-seniors", tmp_path / "plan")
    before = sorted(p.name for p in plan.iterdir())
    for args in ([], ["--force"]):
        result = invoke("render", str(plan), "-o", str(plan), *args)
        assert result.returncode == 2
        assert f"{plan} is the plan's own folder" in result.stderr
    assert sorted(p.name for p in plan.iterdir()) == before


def test_render_never_replaces_a_file_of_the_plan_even_with_force(tmp_path: Path) -> None:
    """-o the folder above a plan called `charts`: render's charts/ would be the plan."""
    plan = write_plan(tmp_path / "out" / "charts")
    (plan / "needs.svg").write_text("the plan's own")
    result = invoke("render", str(plan), "-o", str(tmp_path / "out"), "--force")
    assert result.returncode == 2
    assert f"{plan / 'needs.svg'} is in the plan's folder" in result.stderr
    assert (plan / "needs.svg").read_text() == "the plan's own"


def test_a_manifest_does_not_open_the_plan_to_render(tmp_path: Path) -> None:
    """A list of files committed to a repository above the plan does not make the plan's
    files render's to replace."""
    plan = write_plan(tmp_path / "out" / "charts")
    (plan / "needs.svg").write_text("the plan's own")
    manifest = {"files": ["charts/needs.svg", "plan.md"]}
    (tmp_path / "out" / ".cpkit-render.json").write_text(json.dumps(manifest))
    result = invoke("render", str(plan), "-o", str(tmp_path / "out"))
    assert result.returncode == 2 and "is in the plan's folder" in result.stderr
    assert (plan / "needs.svg").read_text() == "the plan's own"


def test_an_output_folder_inside_the_plan_is_allowed(tmp_path: Path) -> None:
    plan = shutil.copytree(EXAMPLES / "usti-seniors", tmp_path / "plan")
    for _ in range(2):
        assert invoke("render", str(plan), "-o", str(plan / "out")).returncode == 0
    assert (plan / "out" / "plan.md").is_file()
    assert invoke("check", str(plan)).returncode == 0


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize("kind", ["symlink", "fifo", "device"])
def test_render_refuses_links_fifos_and_devices(tmp_path: Path, kind: str) -> None:
    target = tmp_path / "target"
    if kind == "symlink":
        (tmp_path / "elsewhere").mkdir()
        target.symlink_to(tmp_path / "elsewhere")
        why = "a symbolic link"
    elif kind == "fifo":
        os.mkfifo(target)
        why = "a FIFO (named pipe)"
    else:
        target = Path("/dev/null")
        why = "a device"
    for args in ([], ["--force"]):
        result = invoke("render", str(EXAMPLES / "usti-seniors"), "-o", str(target), *args)
        assert result.returncode == 2
        assert f"Error: --output {target}: {target} is {why}, not a folder" in result.stderr
    if kind == "symlink":
        assert list((tmp_path / "elsewhere").iterdir()) == []


def test_render_refuses_dev_stdout(tmp_path: Path) -> None:
    result = invoke("render", str(EXAMPLES / "usti-seniors"), "-o", "/dev/stdout")
    assert result.returncode == 2 and "is a symbolic link" in result.stderr


# --- terminal ------------------------------------------------------------------------------


def test_terminal_text_shows_escapes() -> None:
    assert terminal_text(ESCAPES) == "\\x1b[2K\\x1b[1A\\x1b]0;owned\\x07\\u009b2J"
    assert terminal_text("a\x7fb") == "a\\u007fb"
    assert terminal_text("a\tb\nc\rd\u202e") == "a\tb\nc\\x0dd\\u202e"
    assert terminal_text("a\tb\n", lines=False) == "a\\x09b\\x0a"


@pytest.mark.parametrize(
    "args",
    [
        ["gaps", "{plan}", "funding", "-f", "md"],
        ["gaps", "{plan}", "funding", "-f", "csv"],
        ["progress", "{plan}", "--measures"],
        ["progress", "{plan}", "-f", "md"],
        ["progress", "{plan}", "-f", "csv"],
        ["diff", "{other}", "{plan}"],
        ["diff", "{other}", "{plan}", "-f", "md"],
    ],
    ids=lambda args: " ".join(a for a in args if "{" not in a),
)
def test_no_escape_sequence_from_plan_text_reaches_the_terminal(
    tmp_path: Path, args: list[str]
) -> None:
    """A contributor's title with ESC sequences could erase review lines or retitle the
    terminal: the commands show them as `\\x1b`, or (Markdown) leave them out."""
    plan = _objective_title(tmp_path, f"Residential{ESCAPES} services")
    other = write_plan(tmp_path / "other")
    result = invoke(*(a.format(plan=plan, other=other) for a in args))
    assert result.returncode in (0, 1), result.stderr
    assert "Residential" in result.stdout
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", result.stdout)


def test_json_on_a_terminal_stays_json_with_the_same_text(tmp_path: Path) -> None:
    """JSON escapes C0 controls itself; DEL, C1 and bidi controls are shown as JSON escapes."""
    title = "Residential\x7f\x9b2J\u202e services"
    result = invoke("gaps", str(_objective_title(tmp_path, title)), "funding", "-f", "json")
    assert not re.search("[\x7f-\x9f\u202e]", result.stdout)
    titles = {row["title"] for row in json.loads(result.stdout)["funding"]}
    assert title in titles


# --- spreadsheets --------------------------------------------------------------------------

FORMULAS = ['=HYPERLINK("https://evil.example","click")', "+1+1", "-1+1", "@SUM(1)", "\t=1"]


@pytest.mark.parametrize("text", [*FORMULAS, "'=1", "''+1", "plain", "-", "O'Brien"])
def test_spreadsheet_text_round_trips(text: str) -> None:
    written = spreadsheet_text(text)
    assert from_spreadsheet(written) == text
    if text in FORMULAS:
        assert written == "'" + text


def _formula_plan(tmp_path: Path) -> Path:
    """Services named like formulas (not the tab: import strips a cell's spaces)."""
    rows = "".join(
        f"  - {{id: s{i}, name: {json.dumps(t)}, provider: ngo, type: home-care, "
        "target_groups: [seniors]}\n"
        for i, t in enumerate(FORMULAS[:4])
    )
    services = MINIMAL["services.yaml"].replace("needs:\n", rows + "needs:\n", 1)
    return write_plan(tmp_path / "p", {"services.yaml": services})


def test_xlsx_holds_plan_text_as_text_never_a_formula(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    plan = _formula_plan(tmp_path)
    assert invoke("export", str(plan), "-o", str(tmp_path / "x.xlsx")).returncode == 0
    sheet = load_workbook(tmp_path / "x.xlsx")["services"]
    cells = {c.value: c for row in sheet.iter_rows() for c in row if c.value in FORMULAS}
    assert sorted(cells) == sorted(FORMULAS[:4])
    assert all(c.data_type == "s" and c.quotePrefix for c in cells.values())
    capacity = [c.value for c in next(sheet.iter_cols(min_col=6, max_col=6))]
    assert capacity[:2] == ["Capacity value", 10]  # numbers stay numbers


def test_csv_puts_a_quote_before_a_formula_and_import_takes_it_away(tmp_path: Path) -> None:
    plan = _formula_plan(tmp_path)
    assert invoke("export", str(plan), "-o", str(tmp_path / "csv")).returncode == 0
    text = (tmp_path / "csv" / "services.csv").read_text(encoding="utf-8")
    names = [row["Name"] for row in csv.DictReader(io.StringIO(text))]
    assert names == ["Home care service", *("'" + t for t in FORMULAS[:4])]
    result = invoke("import", str(plan), str(tmp_path / "csv" / "services.csv"), "--dry-run")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "unchanged: 5" in result.stdout


def test_gaps_csv_neutralises_formulas(tmp_path: Path) -> None:
    plan = _objective_title(tmp_path, "=cmd|' /C calc'!A0")
    result = invoke("gaps", str(plan), "funding", "-f", "csv")
    assert "'=cmd|' /C calc'!A0" in result.stdout
    assert ",=cmd" not in result.stdout


def test_xlsx_export_of_a_control_character(tmp_path: Path) -> None:
    """openpyxl refused it with IllegalCharacterError: a traceback, and no workbook."""
    from openpyxl import load_workbook

    plan = _objective_title(tmp_path, "Word\u0001text\u000bhere\ufffe")
    result = invoke("export", str(plan), "-o", str(tmp_path / "x.xlsx"))
    assert result.returncode == 0, result.stderr
    sheet = load_workbook(tmp_path / "x.xlsx")["objectives"]
    assert "Wordtext here" in [c.value for row in sheet.iter_rows() for c in row]


def test_xlsx_sheet_reads_back_unchanged(tmp_path: Path) -> None:
    """The services sheet of an exported workbook imports as what was exported."""
    from cpkit.interchange.export import entity_sheets, write_xlsx

    plan_dir = _formula_plan(tmp_path)
    plan, _report = check_plan(plan_dir)
    write_xlsx(tmp_path / "services.xlsx", {"services": entity_sheets(plan)["services"]})
    result = invoke("import", str(plan_dir), str(tmp_path / "services.xlsx"), "--dry-run")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "unchanged: 5" in result.stdout
