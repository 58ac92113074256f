"""`cpkit render --format pdf,odt,docx`: the files a council files, reopened as a reader would.

The PDF is opened with pikepdf: tagged (a structure tree, marked content, PDF/UA-1 in its
metadata), A4, every font embedded, a page number and running header on every page, the
contents with the pages the Parts are really on, and its Czech and Chinese text extractable.
The DOCX (python-docx) and ODT (odfdo) are compared with the HTML of the same render: the
same headings at the same depth (a Part, h2 in the HTML, is Heading 1), as many tables, and
each chart an image with its text alternative. Two PDF pages are saved as PNG in
tests/artifacts/ when pdftoppm (poppler-utils) is installed.

A PDF takes WeasyPrint some seconds, so each plan is rendered once for the module; the
`office` marker lets a quick run leave these out (-m "not office").
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pdf_text import page_texts, text_sizes

from conftest import EXAMPLES, ROOT, TERMINAL, invoke

pikepdf = pytest.importorskip("pikepdf")
docx = pytest.importorskip("docx")
odfdo = pytest.importorskip("odfdo")

pytestmark = pytest.mark.office

ARTIFACTS = Path(__file__).parent / "artifacts"
CS_TITLE = "Komunitní plán sociálních služeb Ústí nad Labem 2026–2028"
ZH_TITLE = "灣仔區社會福利規劃 2026–2028"


def rendered(tmp: Path, *init_args: str, formats: str) -> Path:
    """A plan made by `cpkit init *init_args`, rendered in `formats`: its output folder."""
    plan = tmp / "plan"
    assert invoke("init", str(plan), *init_args).returncode == 0
    out = tmp / "out"
    done = invoke("render", str(plan), "-o", str(out), "--format", formats)
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="module")
def cs_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("cs")
    return rendered(tmp, "--language", "cs", "--title", CS_TITLE, formats="html,pdf,odt,docx")


@pytest.fixture(scope="module")
def zh_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("zh")
    return rendered(
        tmp, "--language", "zh-Hant", "--shape", "district", "--title", ZH_TITLE,
        formats="html,pdf",
    )  # fmt: skip


@pytest.fixture(scope="module")
def usti_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Ústí example (50 tables, three charts) as HTML, ODT and DOCX: no PDF, for time."""
    out = tmp_path_factory.mktemp("usti") / "out"
    plan = EXAMPLES / "usti-seniors"
    done = invoke("render", str(plan), "-o", str(out), "-f", "html", "-f", "odt,docx")
    assert done.returncode == 0, done.stderr
    return out


@pytest.fixture(scope="module")
def usti_pdf(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The Ústí example, with its three charts, as HTML and PDF in English and in zh-Hant."""
    outs = {}
    for language in ("en", "zh-Hant"):
        plan = tmp_path_factory.mktemp(f"usti-{language}") / "usti-seniors"
        shutil.copytree(EXAMPLES / "usti-seniors", plan)
        text = (plan / "plan.yaml").read_text(encoding="utf-8")
        (plan / "plan.yaml").write_text(text.replace("language: en", f"language: {language}"))
        outs[language] = plan.parent / "out"
        done = invoke("render", str(plan), "-o", str(outs[language]), "-f", "html,pdf")
        assert done.returncode == 0, done.stderr
    return outs


# --- what the HTML says, to compare with ------------------------------------------------


def html_headings(page: Path) -> list[tuple[int, str]]:
    """(level, text) of the headings of the page's <main>, and its title (h1) as level 1."""
    text = page.read_text(encoding="utf-8")
    main = text[text.index("<main") : text.index("</main>")]
    title = re.search(r"<h1>(.*?)</h1>", text, re.DOTALL)
    found = [(1, title[1])] if title else []
    found += [(int(n), inner) for n, inner in re.findall(r"<h([1-6])[^>]*>(.*?)</h\1>", main)]
    return [(level, html.unescape(re.sub(r"<[^>]+>", "", inner)).strip()) for level, inner in found]


def html_charts(page: Path) -> list[str]:
    return re.findall(r'<figure class="chart" id="chart-([a-z-]+)"', page.read_text("utf-8"))


# --- PDF ------------------------------------------------------------------------------


def open_pdf(out: Path) -> pikepdf.Pdf:
    return pikepdf.open(out / "plan.pdf")


@pytest.mark.parametrize("which", ["cs_out", "zh_out"])
def test_pdf_is_tagged_pdf_ua(which: str, request: pytest.FixtureRequest) -> None:
    pdf = open_pdf(request.getfixturevalue(which))
    root = pdf.Root
    assert "/StructTreeRoot" in root
    assert bool(root.MarkInfo.Marked) is True
    assert str(root.Lang) == {"cs_out": "cs", "zh_out": "zh-Hant"}[which]
    title = {"cs_out": CS_TITLE, "zh_out": ZH_TITLE}[which]
    with pdf.open_metadata() as meta:
        assert meta.get("pdfuaid:part") == "1"
        assert meta.get("dc:title") == title
    assert str(pdf.docinfo.Title) == title
    # a reader's window shows the title, not the file's name (PDF/UA-1 7.1)
    assert bool(root.ViewerPreferences.DisplayDocTitle) is True
    # the structure holds headings and tables, not only paragraphs
    kinds = {str(e.get("/S")) for e in pdf.objects if isinstance(e, pikepdf.Dictionary)}
    assert {"/H1", "/H2", "/Table", "/TH", "/TD"} <= kinds


@pytest.mark.parametrize(
    ("which", "family"), [("cs_out", "DejaVu-Sans"), ("zh_out", "Noto-Sans-CJK-TC")]
)
def test_pdf_fonts_are_embedded(which: str, family: str, request: pytest.FixtureRequest) -> None:
    pdf = open_pdf(request.getfixturevalue(which))
    fonts = {}
    for page in pdf.pages:
        for font in (page.Resources.get("/Font") or {}).values():
            fonts[str(font.BaseFont)] = font
    assert any(family in name for name in fonts), sorted(fonts)
    for name, font in fonts.items():
        described = font.DescendantFonts[0] if font.Subtype == "/Type0" else font
        files = {"/FontFile", "/FontFile2", "/FontFile3"} & set(described.FontDescriptor.keys())
        assert files, f"{name} is not embedded"


def test_pdf_pages_are_a4_numbered_with_a_running_header(cs_out: Path) -> None:
    pdf = open_pdf(cs_out)
    texts = page_texts(pdf)
    count = len(texts)
    assert count >= 8  # seven Parts, each from a new page, after the contents
    for page in pdf.pages:  # A4 in points: portrait, or landscape for a chart
        assert [round(float(v)) for v in page.MediaBox] in ([0, 0, 595, 842], [0, 0, 842, 595])
    for number, text in enumerate(texts, start=1):
        assert f"{number} / {count}" in text
    for text in texts[1:]:  # the first page shows the title itself, not a header
        assert CS_TITLE in text
    assert "Část C. Zdroje" in next(t for t in texts if "Finanční prostředky" in t)


def test_pdf_contents_give_the_pages_the_parts_are_on(cs_out: Path) -> None:
    texts = page_texts(open_pdf(cs_out))
    parts = [name for level, name in html_headings(cs_out / "plan.html") if level == 2]
    assert parts[0] == "Část A. Úvod" and len(parts) == 7
    for part in parts:
        listed = re.search(re.escape(part) + r"[ .]*?(\d+) ", texts[0])
        assert listed, f"{part} is not in the contents"
        page = int(listed[1])
        # the Part's heading starts that page: the first text drawn after the header
        assert part in texts[page - 1], (part, page)
        assert all(not t.startswith(part) for t in texts[1 : page - 1])


def test_pdf_contents_number_each_entry_once(cs_out: Path) -> None:
    """An entry says its own Part letter ("Část A. Úvod"): no list counter before it, as
    in "1. Část A. Úvod". The numbers the PDF's contents page shows ("1.", "A.1" …) are
    those of the entries' own words in the HTML, and no more."""
    page = html.unescape((cs_out / "plan.html").read_text(encoding="utf-8"))
    toc = page[page.index('<nav class="toc"') : page.index("</nav>")]
    entries = " ".join(re.sub(r"<[^>]+>", " ", toc).split()[1:])  # after the heading
    numbered = re.compile(r"^\d+\.$")  # "1." alone, as a list counter is drawn
    words = [w for w in entries.split() if numbered.match(w)]
    drawn = [w for w in page_texts(open_pdf(cs_out))[0].split() if numbered.match(w)]
    assert drawn == words, (drawn, words)


def test_pdf_chart_labels_are_8_pt_or_more(usti_pdf: dict[str, Path]) -> None:
    """Each chart on an A4 landscape page of its own, every text there (its labels, the
    needs matrix's status symbols, the funds' source numbers) 8 pt or more on paper; on a
    portrait page the needs matrix, 1,011 px wide, had its 12 px labels at 12 × 658 / 1011
    × 0.75 = 5.9 pt."""
    for language, out in usti_pdf.items():
        pdf = open_pdf(out)
        charts = html_charts(out / "plan.html")
        assert charts == ["needs", "funds", "progress"]
        wide = [p for p in pdf.pages if [round(float(v)) for v in p.MediaBox] == [0, 0, 842, 595]]
        assert len(wide) == len(charts), language
        for page, chart in zip(wide, charts, strict=True):
            runs = [(text, size) for text, size in text_sizes(page) if text.strip()]
            small = [(text, round(size, 2)) for text, size in runs if size < 7.995]
            assert small == [], (language, chart, small[:5])
            drawn = "".join(text for text, _ in runs)
            # told apart in greyscale by symbol or number, not by colour alone
            marks = {"needs": "✓→!–?", "funds": "1234", "progress": "%"}[chart]
            assert set(marks) <= set(drawn), (language, chart)


def test_zh_hant_pdf_embeds_traditional_chinese_faces_only(usti_pdf: dict[str, Path]) -> None:
    """The zh-Hant plan's text and charts in Noto Sans CJK TC: no Japanese (JP), Simplified
    (SC) or Korean (KR) face beside it, whose glyph shapes differ for the same character."""
    pdf = open_pdf(usti_pdf["zh-Hant"])
    fonts = {str(f.BaseFont) for p in pdf.pages for f in (p.Resources.get("/Font") or {}).values()}
    cjk = {name.partition("+")[2] for name in fonts if "CJK" in name}
    assert "Noto-Sans-CJK-TC" in cjk, sorted(fonts)
    assert {name for name in cjk if "CJK-TC" not in name} == set(), sorted(fonts)


def test_pdf_bookmarks_are_the_title_and_its_parts(cs_out: Path) -> None:
    """A PDF reader's side panel lists the Parts, and the contents' entries are links."""
    pdf = open_pdf(cs_out)
    parts = [name for level, name in html_headings(cs_out / "plan.html") if level == 2]
    with pdf.open_outline() as outline:
        (title,) = outline.root
        assert str(title.title) == CS_TITLE
        assert [str(item.title) for item in title.children] == ["Obsah", *parts]
    links = [a for a in pdf.pages[0].get("/Annots", []) if a.Subtype == "/Link"]
    assert len(links) >= len(parts)


def test_pdf_text_is_extractable_in_czech_and_chinese(cs_out: Path, zh_out: Path) -> None:
    czech = " ".join(page_texts(open_pdf(cs_out)))
    for words in ("Část A. Úvod", "Řídicí skupina", "Národní a krajský kontext"):
        assert words in czech
    chinese = " ".join(page_texts(open_pdf(zh_out)))
    headings = html_headings(zh_out / "plan.html")
    assert headings[0] == (1, ZH_TITLE)
    for _level, name in headings[:6]:
        assert name in chinese, name


def test_two_pdf_pages_saved_as_png(cs_out: Path) -> None:
    pdftoppm = shutil.which("pdftoppm")
    if not pdftoppm:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    ARTIFACTS.mkdir(exist_ok=True)
    prefix = ARTIFACTS / "pdf-cs"
    subprocess.run(
        [pdftoppm, "-png", "-r", "60", "-f", "1", "-l", "2", cs_out / "plan.pdf", prefix],
        check=True,
    )
    pages = sorted(ARTIFACTS.glob("pdf-cs-*.png"))
    assert len(pages) >= 2 and all(p.stat().st_size > 5_000 for p in pages)


def test_usti_pdf_first_page_and_needs_chart_saved_as_png(usti_pdf: dict[str, Path]) -> None:
    """tests/artifacts/pdf-usti-1.png (the title and contents) and pdf-usti-needs.png (the
    needs matrix on its landscape page), to look at."""
    pdftoppm = shutil.which("pdftoppm")
    if not pdftoppm:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    ARTIFACTS.mkdir(exist_ok=True)
    pdf_file = usti_pdf["en"] / "plan.pdf"
    pdf = open_pdf(usti_pdf["en"])
    needs = next(i for i, p in enumerate(pdf.pages, start=1) if float(p.MediaBox[2]) > 800)
    for page, name in ((1, "pdf-usti-1"), (needs, "pdf-usti-needs")):
        subprocess.run(
            [pdftoppm, "-png", "-r", "80", "-singlefile", "-f", str(page), "-l", str(page),
             pdf_file, ARTIFACTS / name],
            check=True,
        )  # fmt: skip
        assert (ARTIFACTS / f"{name}.png").stat().st_size > 5_000


# --- DOCX and ODT ---------------------------------------------------------------------


def expected_office_headings(out: Path) -> list[tuple[int, str]]:
    """The HTML's headings one level up: the title is the document's Title (level 0),
    a Part (h2) is Heading 1, a section (h3) Heading 2, and so on."""
    return [(level - 1, name) for level, name in html_headings(out / "plan.html")]


@pytest.mark.parametrize("which", ["usti_out", "cs_out"])
def test_docx_headings_and_tables_follow_the_html(which: str, request: pytest.FixtureRequest):
    out = request.getfixturevalue(which)
    document = docx.Document(str(out / "plan.docx"))
    headings = []
    for paragraph in document.paragraphs:
        style = paragraph.style.name
        if style == "Title":
            headings.append((0, paragraph.text))
        elif style.startswith("Heading "):
            headings.append((int(style.removeprefix("Heading ")), paragraph.text))
    assert headings == expected_office_headings(out)
    page = (out / "plan.html").read_text(encoding="utf-8")
    assert len(document.tables) == page.count("<table")
    language = {"usti_out": "en", "cs_out": "cs"}[which]
    assert document.core_properties.language == language


def test_docx_charts_are_images_with_alt_text(usti_out: Path) -> None:
    document = docx.Document(str(usti_out / "plan.docx"))
    body = document.element.body.xml
    alt_texts = re.findall(r'<wp:docPr [^>]*descr="([^"]*)"', body)
    charts = html_charts(usti_out / "plan.html")
    assert charts == ["needs", "funds", "progress"]
    assert len(alt_texts) == len(charts)
    assert html.unescape(alt_texts[1]).startswith("Expected funds by area and source. ")
    assert "CZK\xa028,520,000" in html.unescape(alt_texts[1])  # its description, not only its title


def test_docx_charts_have_a_png_beside_the_svg_with_rsvg_convert(usti_out: Path) -> None:
    if not shutil.which("rsvg-convert"):
        pytest.skip("rsvg-convert (librsvg2-bin) is not installed")
    import zipfile

    with zipfile.ZipFile(usti_out / "plan.docx") as package:
        media = [n.rsplit(".", 1)[-1] for n in package.namelist() if n.startswith("word/media/")]
    assert sorted(media) == ["png"] * 3 + ["svg"] * 3


@pytest.mark.parametrize("which", ["usti_out", "cs_out"])
def test_odt_headings_and_tables_follow_the_html(which: str, request: pytest.FixtureRequest):
    out = request.getfixturevalue(which)
    body = odfdo.Document(str(out / "plan.odt")).body
    title = [p.text_recursive.strip() for p in body.get_paragraphs() if p.style == "Title"]
    headings = [(0, t) for t in title]
    headings += [(int(h.level), h.text_recursive.strip()) for h in body.get_headers()]
    assert headings == expected_office_headings(out)
    page = (out / "plan.html").read_text(encoding="utf-8")
    assert len(body.get_tables()) == page.count("<table")
    frames = body.get_frames()
    assert len(frames) == len(html_charts(out / "plan.html"))
    titles = re.findall(r'<title id="[a-z-]+-chart-title">(.*?)</title>', page)
    assert [frame.svg_title.split(". ")[0] for frame in frames] == [
        html.unescape(t).rstrip(".") for t in titles
    ]


def test_reference_doc_gives_the_docx_its_styles(tmp_path: Path) -> None:
    """A municipality's template: its Heading 1 (here 30 pt) is the document's."""
    import pypandoc
    from docx.shared import Pt

    reference = tmp_path / "town.docx"
    pypandoc.convert_text("", "docx", format="md", outputfile=str(reference))
    template = docx.Document(str(reference))
    template.styles["Heading 1"].font.size = Pt(30)
    template.save(str(reference))
    plan = EXAMPLES / "usti-seniors"
    out = tmp_path / "out"
    done = invoke(
        "render", str(plan), "-o", str(out), "-f", "docx", "--reference-doc", str(reference)
    )
    assert done.returncode == 0, done.stderr
    document = docx.Document(str(out / "plan.docx"))
    assert document.styles["Heading 1"].font.size == Pt(30)
    assert sorted(p.name for p in out.iterdir()) == [".cpkit-render.json", "plan.docx"]


def test_print_css_is_replaced_by_the_templates_folder(tmp_path: Path) -> None:
    own = tmp_path / "mine" / "render" / "html" / "print.css"
    own.parent.mkdir(parents=True)
    own.write_text("@page { size: A5; }\n", encoding="utf-8")
    out = tmp_path / "out"
    plan = EXAMPLES / "usti-seniors"
    done = invoke(
        "render", str(plan), "-o", str(out), "-f", "html", "--templates", str(own.parents[2])
    )
    assert done.returncode == 0, done.stderr
    page = (out / "plan.html").read_text(encoding="utf-8")
    assert '<style media="print">\n@page { size: A5; }\n\n</style>' in page
    assert "string-set" not in page  # paged.css is the PDF's alone, not the page's


# --- the command line -----------------------------------------------------------------


def test_formats_comma_separated_and_an_unknown_one_refused(tmp_path: Path) -> None:
    plan = EXAMPLES / "usti-seniors"
    done = invoke("render", str(plan), "-o", str(tmp_path / "o"), "--format", "html,rtf")
    assert done.returncode == 2
    choices = "'md', 'html', 'pdf', 'odt', 'docx'"
    assert f"Invalid value for '--format' / '-f': 'rtf' is not one of {choices}." in done.stderr
    assert not (tmp_path / "o").exists()


def test_reference_doc_must_be_docx_or_odt(tmp_path: Path) -> None:
    plan = EXAMPLES / "usti-seniors"
    wrong = tmp_path / "style.css"
    wrong.write_text("h1 {}", encoding="utf-8")
    done = invoke("render", str(plan), "-o", str(tmp_path / "o"), "--reference-doc", str(wrong))
    assert done.returncode == 2
    assert f"--reference-doc {wrong}: name a .docx or an .odt file" in done.stderr
    assert not (tmp_path / "o").exists()


def test_a_pdf_engine_that_cannot_start_is_an_error_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """WeasyPrint without its system libraries (Pango) fails to import: render says so,
    and writes nothing, not even the HTML asked for with it."""
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import weasyprint fails
    out = tmp_path / "o"
    done = invoke("render", str(EXAMPLES / "usti-seniors"), "-o", str(out), "-f", "html,pdf")
    assert done.returncode == 2
    assert done.stderr.startswith("Error: PDF: WeasyPrint cannot start (")
    assert not out.exists()


def test_the_manifest_lists_the_office_files(cs_out: Path) -> None:
    manifest = (cs_out / ".cpkit-render.json").read_text(encoding="utf-8")
    for name in ("plan.pdf", "plan.odt", "plan.docx", "plan.html"):
        assert f'"{name}"' in manifest


def test_help_and_html_render_do_not_import_the_engines(tmp_path: Path) -> None:
    """cpkit starts without WeasyPrint and pandoc: only a PDF, ODT or DOCX loads them."""
    script = (
        "import sys\n"
        "from cpkit.cli.main import main\n"
        "for args in (['--help'], ['render', sys.argv[1], '-o', sys.argv[2], '-f', 'html']):\n"
        "    sys.argv = ['cpkit', *args]\n"
        "    try:\n"
        "        main()\n"
        "    except SystemExit:\n"
        "        pass\n"
        "print(sorted(m for m in ('weasyprint', 'pypandoc') if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(EXAMPLES / "usti-seniors"), str(tmp_path / "o")],
        capture_output=True, text=True, cwd=ROOT, env={**TERMINAL, "PATH": ""}, timeout=120,
    )  # fmt: skip
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stderr
