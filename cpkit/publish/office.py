"""The plan's document as the files a council files: PDF, ODT and DOCX.

All three are made from the same sanitised HTML as plan.html, so they hold the same Parts,
headings and numbers. The PDF is that page laid out by WeasyPrint with print.css (A4, page
numbers, a running header, the contents with page numbers) and tagged (PDF/UA-1), its fonts
embedded. ODT and DOCX are that page read by pandoc (the pypandoc-binary wheel ships it):
headings become the office suite's Heading 1–6 styles, tables real tables, charts images
with their description as alt text; a reference document gives the styles, so a municipality
replaces the look of every document with one file of its own.

WeasyPrint and pandoc are imported only here, and only when such a file is asked for: the
rest of cpkit starts without them.
"""

from __future__ import annotations

import html
import re
import tempfile
import zipfile
from collections.abc import Mapping
from pathlib import Path
from xml.sax.saxutils import escape

from cpkit.core.language import Explained

#: The formats this module writes, with the name pandoc gives each (None: not pandoc's).
OFFICE_FORMATS = {"pdf": None, "odt": "odt", "docx": "docx"}
#: The PDF variant: PDF/UA-1 tags the structure (headings, tables, lists, figures' alt text).
PDF_VARIANT = "pdf/ua-1"


class OfficeError(Explained):
    """A PDF, ODT or DOCX cannot be made (its engine is missing or fails on this input)."""


def pdf_bytes(page_html: str, paged_css: str) -> bytes:
    """The standalone page as a tagged A4 PDF with its fonts embedded.

    The page loads nothing (its charts are inline SVG, its styles inline), so no base URL is
    given and WeasyPrint fetches nothing. Its language (html lang) and title become the
    PDF's; PDF/UA-1 adds the structure tree that screen readers follow. `paged_css` is
    what only a paged-media engine reads (page numbers, running header, the contents' page
    numbers), kept out of the HTML, whose validators and browsers do not know it.
    """
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: the pango library is not installed
        raise OfficeError("office.weasyprint", reason=str(exc)) from None
    paged = weasyprint.CSS(string=paged_css)
    return weasyprint.HTML(string=page_html).write_pdf(stylesheets=[paged], pdf_variant=PDF_VARIANT)


def pandoc_bytes(
    page_html: str,
    target: str,
    *,
    images: Mapping[str, str],
    contents: str,
    reference: Path | None = None,
) -> bytes:
    """The page as an ODT or DOCX (`target`), read from HTML by pandoc.

    `images` are the charts the page refers to by name (name.svg → SVG text): pandoc reads
    them from a scratch folder and embeds them. `reference` is the reference document whose
    styles (headings, tables, captions, page) the file takes; pandoc's own without it.
    `contents` is the heading of the contents list, in the document's language. Parts (the
    page's h2) become Heading 1, the plan's title (its h1) the document's Title.
    """
    import pypandoc

    with tempfile.TemporaryDirectory(prefix="cpkit-office-") as scratch:
        folder = Path(scratch)
        for name, svg in images.items():
            (folder / name).write_text(sized_svg(svg), encoding="utf-8")
        out = folder / f"document.{target}"
        args = [
            f"--resource-path={folder}",
            "--shift-heading-level-by=-1",
            "--toc",
            "--toc-depth=2",
            "--standalone",
            "--quiet",
            f"--metadata=toc-title:{contents}",
        ]
        if reference is not None:
            args.append(f"--reference-doc={reference.resolve()}")
        try:
            pypandoc.convert_text(
                page_html, target, format="html", outputfile=str(out), extra_args=args,
                sandbox=False,
            )  # fmt: skip
        except (RuntimeError, OSError) as exc:
            raise OfficeError("office.pandoc", target=target.upper(), reason=str(exc)) from None
        if target == "odt":
            with_alt_text(out, image_alt_texts(page_html))
        return out.read_bytes()


_VIEW_BOX = re.compile(r'<svg\b([^>]*?)\sviewBox="0 0 ([0-9.]+) ([0-9.]+)"([^>]*?)\swidth="100%"')


def sized_svg(svg: str) -> str:
    """A chart's SVG with its size in pixels (from its viewBox) where the page says 100%:
    pandoc sizes an image by its SVG's width and height, and cannot from a percentage."""
    return _VIEW_BOX.sub(r'<svg\1 viewBox="0 0 \2 \3"\4 width="\2px" height="\3px"', svg, 1)


_IMAGE = re.compile(r'<img\b[^>]*?\balt="([^"]*)"')
_FRAME_END = re.compile(r"(<draw:frame\b[^>]*>\s*<draw:image\b[^>]*/>)(\s*</draw:frame>)")


def image_alt_texts(page_html: str) -> list[str]:
    """The alt text of each image of the page, in the order pandoc numbers its frames."""
    return [html.unescape(alt) for alt in _IMAGE.findall(page_html)]


def with_alt_text(odt: Path, alt_texts: list[str]) -> None:
    """Give each image frame of an ODT its alt text (svg:title, which LibreOffice shows as
    the image's text alternative): pandoc's ODT writer leaves it out.

    The frames are the page's images in order, so the n-th frame takes the n-th alt text.
    The package is written anew with its entries in order, `mimetype` first and stored.
    """
    texts = iter(alt_texts)

    def frame(match: re.Match[str]) -> str:
        alt = escape(next(texts, ""))
        if not alt:
            return match[0]
        return f"{match[1]}<svg:title>{alt}</svg:title>{match[2]}"

    with zipfile.ZipFile(odt) as package:
        entries = [(info, package.read(info)) for info in package.infolist()]
    rewritten = odt.with_suffix(".tmp")
    with zipfile.ZipFile(rewritten, "w") as package:
        for info, data in entries:
            if info.filename == "content.xml":
                data = _FRAME_END.sub(frame, data.decode("utf-8")).encode("utf-8")
            package.writestr(info, data, compress_type=info.compress_type)
    rewritten.replace(odt)


def reference_doc(target: str, given: tuple[Path, ...], templates: Path | None) -> Path | None:
    """The reference document for `target`: one given whose suffix is .`target`, else
    render/office/reference.`target` in the --templates folder, else none (pandoc's own)."""
    for path in given:
        if path.suffix.lower() == f".{target}":
            return path
    if templates is not None:
        candidate = templates / "render" / "office" / f"reference.{target}"
        if candidate.is_file():
            return candidate
    return None


def check_references(given: tuple[Path, ...]) -> None:
    """Refuse, before any work, a reference document that is not a .docx or .odt file."""
    for path in given:
        if path.suffix.lower() not in (".docx", ".odt"):
            raise OfficeError("office.reference_kind", path=str(path))
        if not path.is_file():
            raise OfficeError("office.reference_missing", path=str(path))
