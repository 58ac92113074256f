"""`cpkit render`: the plan document, Parts A–G, as Markdown and as one standalone HTML file.

The document is written once, in Markdown templates (templates/render/); the HTML is that
Markdown converted and then *sanitised* — plan text includes citizens' comments, so no
script, event handler or javascript: URL may survive — and wrapped in a page template with
the stylesheet inlined and the charts drawn as inline SVG. A folder given with
`--templates` is searched first, so a municipality overrides one template (its header,
its colours) without copying the rest.
"""

from __future__ import annotations

import html
import re
import secrets
from collections import deque
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cpkit.core.language import Explained
from cpkit.core.outputs import check_output_folder, write_folder
from cpkit.model.entities import Plan
from cpkit.publish.document import Document, build_document, territory
from cpkit.publish.messages import Messages, UnknownLanguage
from cpkit.publish.safe_text import clean_text, md_inline, md_text
from cpkit.publish.shapes import BLOCKS, sections_of
from cpkit.publish.templating import environment
from cpkit.publish.views import Views

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from concurrent.futures import Future

# Where a chart or an HTML block goes in the HTML: a paragraph the page's Markdown holds and
# plan text cannot, since it carries a key drawn afresh for each run (plan text could
# otherwise write the marker and place a second chart, with the same ids, wherever it liked).
_RUN_KEY = secrets.token_hex(8)
CHART_MARKER = "CPKIT-CHART-" + _RUN_KEY + "-{name}"
BLOCK_MARKER = "CPKIT-BLOCK-" + _RUN_KEY + "-{name}"
# Before a table in the HTML: a paragraph holding the table's caption (its Markdown has none).
CAPTION_MARKER = "CPKIT-CAPTION-" + _RUN_KEY
# At the start of a heading below h6 (Markdown has six levels): the level the tree gives it.
LEVEL_MARKER = "CPKIT-LEVEL-" + _RUN_KEY + "-{level}"
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "div", "dl", "dt",
    "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "s",
    "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "h1": {"id"}, "h2": {"id"}, "h3": {"id"}, "h4": {"id"}, "h5": {"id"},
    "h6": {"id", "aria-level"},  # a sub-measure: only LEVEL_MARKER sets it (_deep_headings)
    "th": {"scope", "style"}, "td": {"style"}, "abbr": {"title"},
}  # fmt: skip
URL_SCHEMES = {"http", "https", "mailto", "tel"}
#: What a block of HTML (cpkit.publish.shapes.BLOCKS) may add: cells spanning rows, classes.
BLOCK_ATTRIBUTES = {
    "th": {"scope", "rowspan", "colspan", "style"}, "td": {"rowspan", "colspan", "style"},
    "table": {"class"}, "ul": {"class"}, "caption": {"id", "class"},
    "div": {"class", "role", "aria-labelledby", "tabindex"},  # a wide table's scroll region
}  # fmt: skip


class RenderError(Explained):
    """The plan cannot be rendered as asked (an unknown language, an unreadable template)."""


# --- templates -----------------------------------------------------------------------------


def document_messages(language: str, templates: Path | None) -> Messages:
    """The words of a document in `language`, once its templates folder is known to exist."""
    try:
        m = Messages(language)
    except UnknownLanguage as exc:
        raise RenderError.of(exc) from None
    if templates is not None and not templates.is_dir():
        raise RenderError("render.no_templates", path=str(templates))
    return m


def document_environment(templates: Path | None, m: Messages, *, html: bool = False) -> Any:
    """Templates of a published document: labels, numbers and safe text in one language."""
    extra = [templates] if templates else []
    env = environment(extra, autoescape=html, trim=True)
    env.globals["t"] = m.t
    env.filters["num"] = m.number
    env.filters["pct"] = m.percent
    env.filters["date"] = m.date
    env.filters["text"] = md_text
    env.filters["inline"] = _once_per_text(md_inline)
    env.filters["anchor"] = anchor
    env.filters["columns"] = lambda rows, n: [row[:n] for row in rows]  # the first n columns
    env.globals["chart_marker"] = lambda name: CHART_MARKER.format(name=name)
    env.globals["block_marker"] = lambda name: BLOCK_MARKER.format(name=name)
    env.globals["caption_marker"] = CAPTION_MARKER
    env.globals["level_marker"] = lambda level: LEVEL_MARKER.format(level=level)
    return env


def _once_per_text(escape: Callable[[object], str]) -> Callable[[object], str]:
    """`escape`, made once per text for the environment's life: a document repeats most of
    what it writes in a line (every measure card's "Status" and "Period", every table's
    headers, a status word in every row). A 2,000-measure plan passes 105,000 values
    through `inline`, 20,600 of them distinct."""
    done: dict[str, str] = {}

    def once(value: object) -> str:
        if type(value) is not str:
            return escape(value)
        text = done.get(value)
        if text is None:
            text = done[value] = escape(value)
        return text

    return once


def anchor(value: object, separator: str = "-") -> str:
    """A heading's id: readable, and stable across renders (Czech and Chinese kept)."""
    slug = _NOT_SLUG.sub("", str(value)).strip().lower()
    return re.sub(rf"[{re.escape(separator)}\s]+", separator, slug)


_NOT_SLUG = re.compile(r"[^\w\s-]")
_HEADING = re.compile(r"<h([1-6])((?: aria-level=\"[0-9]+\")?)>(.*?)</h\1>", re.DOTALL)
_DEEP = re.compile("<h6>" + LEVEL_MARKER.format(level="([0-9]+)") + " ")
_TAG = re.compile(r"<[^>]*>")
_IMAGE = re.compile(r'<img\b[^>]*?\balt="([^"]*)"[^>]*>')
_NUMBERED = re.compile(r"^(.*)_([0-9]+)$")
# A link the sanitiser left without an address (its URL was not allowed): nh3 writes every
# attribute in double quotes, with any quote inside as &quot;, so this finds its end.
_NO_HREF = re.compile(r'<a((?:\s+(?!href="[^"])[a-z-]+="[^"]*")*)\s*>(.*?)</a>', re.DOTALL)


def render_markdown(
    doc: Document, m: Messages, templates: Path | None, *, env: Any = None,
    pages: tuple[str, ...] = ("plan", "services"),
) -> dict[str, str]:  # fmt: skip
    """The pages as Markdown, for `doc.target`: "md" to publish, "html" to convert; of
    `pages` those the plan has (a directory with no service has no services page)."""
    env = env or markdown_environment(doc, m, templates)
    names = [n for n in pages if n == "plan" or has_services_page(doc)]
    return {name: env.get_template(f"render/{name}.md.j2").render(doc=doc, m=m) for name in names}


def markdown_environment(doc: Document, m: Messages, templates: Path | None) -> Any:
    """The environment of the document's Markdown templates, with the views' helpers."""
    env = document_environment(templates, m)
    views = Views(doc, m)
    env.globals.update(views.globals())
    env.filters.update(views.filters())
    return env


def has_services_page(doc: Document) -> bool:
    """A community plan has its directory of services; another shape only with services."""
    return bool(doc.plan.services or doc.shape == "community")


def document_markdown(
    doc: Document, m: Messages, templates: Path | None, *, md: bool, html: bool
) -> tuple[dict[str, str], str]:
    """The Markdown pages to publish (with `md`) and the plan page's Markdown to convert
    to HTML (with `html`, else ""): services.html is written from the document model.

    Both from one pass over the templates: the plan's page is rendered for HTML and its
    Markdown is that text with the markers taken out (markdown_of), which is what the
    templates write for "md". A folder of `--templates` holding a Markdown template of its
    own gets a pass per target, as that template may say more for one than the other."""
    if not (md and html) or own_markdown_templates(templates):
        pages = {}
        if md:
            doc.target = "md"
            pages = render_markdown(doc, m, templates)
        if html:
            doc.target = "html"
            return pages, render_markdown(doc, m, templates, pages=("plan",))["plan"]
        return pages, ""
    env = markdown_environment(doc, m, templates)
    macros = env.get_template("render/blocks/macros.md.j2").make_module({"doc": doc, "m": m})
    doc.target = "md"  # the pieces the templates write for Markdown only
    title = str(macros.title())
    charts_md = {name: str(macros.chart(name)) for name in doc.charts}
    doc.target = "html"
    charts = {str(macros.chart(name)): charts_md[name] for name in doc.charts}
    text = render_markdown(doc, m, templates, env=env, pages=("plan",))["plan"]
    doc.target = "md"
    pages = {"plan": markdown_of(text, charts, doc.blocks, title=title)}
    pages.update(render_markdown(doc, m, templates, env=env, pages=("services",)))
    doc.target = "html"
    return pages, text


def own_markdown_templates(templates: Path | None) -> bool:
    """Whether a `--templates` folder replaces a Markdown template of the document."""
    return templates is not None and any((templates / "render").rglob("*.md.j2"))


_CAPTION_LINE = re.compile(re.escape(CAPTION_MARKER) + r"(?:-plain)?(?:-heard)? [^\n]*\n\n")
_LEVEL = re.compile(re.escape(LEVEL_MARKER.format(level="")) + "[0-9]+ ")
_BLOCK = re.compile(re.escape(BLOCK_MARKER.format(name="")) + r"(\w+)")


def markdown_of(text: str, charts: dict[str, str], blocks: dict[str, str], *,
                title: str = "") -> str:  # fmt: skip
    """The Markdown the templates write for "md", from what they wrote for "html": no
    caption paragraphs (a Markdown table has none), no heading levels below h6, each
    chart as its image and description (`charts`: the text of each chart's marker
    paragraph, and what Markdown shows instead), each HTML block in place, and the
    `title` the Markdown begins with.

    Every marker holds the key drawn for this run, so plan text cannot write one; each is
    within one line and its paragraph, so the text is taken a stretch at a time (the
    copies of a whole 10,000-measure plan's text were a fifth of the memory of a render)."""
    out = [title]
    for stretch in markdown_stretches(text):
        stretch = _CAPTION_LINE.sub("", stretch)
        stretch = _LEVEL.sub("", stretch)
        for marker, shown in charts.items():
            stretch = stretch.replace(marker, shown)
        out.append(_BLOCK.sub(lambda match: blocks.get(match[1], match[0]), stretch))
    return "".join(out)


def html_blocks(doc: Document, m: Messages, templates: Path | None) -> dict[str, str]:
    """The shape's HTML blocks (cpkit.publish.shapes.BLOCKS), each rendered with plan text
    escaped and its Markdown converted and sanitised, then sanitised again as a whole."""
    import markupsafe
    import nh3

    names = BLOCKS.get(doc.shape, ())
    if not names:
        return {}
    env = document_environment(templates, m, html=True)
    views = Views(doc, m)
    env.globals.update(views.globals())
    env.filters.update(views.filters())
    env.filters["markdown"] = lambda value: markupsafe.Markup(sanitised_html(md_text(value))[0])
    attributes = {**ALLOWED_ATTRIBUTES, **BLOCK_ATTRIBUTES}
    blocks = {}
    for name in names:
        text = env.get_template(f"render/html/{name}.html.j2").render(doc=doc, m=m)
        clean = nh3.clean(text, tags=ALLOWED_TAGS | {"tbody"}, attributes=attributes,
                          url_schemes=URL_SCHEMES, link_rel="noopener noreferrer")  # fmt: skip
        blocks[name] = "\n".join(line for line in clean.splitlines() if line.strip())
    return blocks


def sanitised_html(markdown_text: str) -> tuple[str, list[dict[str, Any]]]:
    """Markdown → HTML with nothing left that could run, and its headings for the contents
    (sanitised_stretches, joined)."""
    parts, toc = sanitised_stretches(markdown_text)
    return "".join(parts), toc


def sanitised_stretches(markdown_text: str) -> tuple[list[str], list[dict[str, Any]]]:
    """Markdown → HTML with nothing left that could run, in stretches, and its headings.

    Plan text includes citizens' comments, so every page cpkit publishes goes through here.
    The converter is GitHub's own (cmark-gfm), so the HTML says what the Markdown shows on a
    git host; it drops raw HTML and script URLs itself, and the sanitiser then allows only
    the tags and attributes a plan needs.

    A long page is converted and sanitised a stretch at a time (markdown_stretches), so
    that the converter's and the sanitiser's trees are of a stretch, not of the page.
    """
    toc: list[dict[str, Any]] = []
    return list(sanitised(list(markdown_stretches(markdown_text)), toc)), toc


def sanitised(stretches: list[str], toc: list[dict[str, Any]]) -> Iterator[str]:
    """sanitised_stretches of Markdown cut already (markdown_stretches), one stretch at a
    time, each let go once converted; the contents are in `toc` once the last is done.

    Each stretch goes through two halves that need nothing of the other stretches
    (`_converted`, then `_cleaned`: the converter, the sanitiser, most of the time of
    publishing HTML) and, between them, the headings' ids, which must be unique in the
    page and so are given here, in order. A page of PARALLEL_FROM stretches or more has
    its halves done by two processes beside this one (`_helpers`), while this one gives
    the ids and the caller captions what is done: the same text, in less time."""
    used: set[str] = set()
    last = len(stretches) - 1
    pool = _helpers(len(stretches))
    if pool is None:
        stretches.reverse()
        for i in range(last + 1):
            body = _converted(stretches.pop())
            yield _cleaned(_heading_ids(body.rstrip() if i == last else body, used, toc))
        return
    try:
        waiting = deque(pool.submit(_converted, stretch) for stretch in stretches[:2])
        cleaning: deque[Future[str]] = deque()
        for i in range(last + 1):
            body = waiting.popleft().result()
            if i + 2 <= last:  # a stretch to convert for each one taken: two in flight
                waiting.append(pool.submit(_converted, stretches[i + 2]))
            stretches[i] = ""  # let go
            body = _heading_ids(body.rstrip() if i == last else body, used, toc)
            cleaning.append(pool.submit(_cleaned, body))
            del body
            while cleaning and cleaning[0].done():
                yield cleaning.popleft().result()
        while cleaning:
            yield cleaning.popleft().result()
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
        stretches.clear()


#: Stretches of a page from which it is converted and sanitised in two processes (where
#: the system forks them and has two cores): for fewer, starting them costs more.
PARALLEL_FROM = 4


def _helpers(stretches: int) -> Any:
    """Two processes forked from this one (they share what it has read and built), or None
    where that does not pay or cannot be done."""
    import multiprocessing
    import os

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    if stretches < PARALLEL_FROM or (cores or 1) < 2:
        return None
    if "fork" not in multiprocessing.get_all_start_methods():
        return None  # a process started afresh would import and set up everything again
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("fork"))


def _converted(stretch: str) -> str:
    """The first half of sanitising a stretch: cmark-gfm's HTML, each sub-measure's heading
    marked with the level the tree gives it (`_DEEP`)."""
    from cmarkgfm.cmark import Options

    from cpkit.publish.markdown_html import markdown_to_html

    body = markdown_to_html(stretch, Options.CMARK_OPT_TABLE_PREFER_STYLE_ATTRIBUTES)
    return _DEEP.sub(r'<h6 aria-level="\1">', body)


def _cleaned(body: str) -> str:
    """The second half, once the headings have their ids: images as their alt text (the
    page loads nothing), the sanitiser, links that go nowhere as their text, and break
    opportunities in long runs (`_breakable`)."""
    import nh3

    body = _IMAGE.sub(r"\1", body)
    body = nh3.clean(
        body,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    body = _NO_HREF.sub(r"\2", body)
    return _breakable(body)


#: The least length of a stretch of Markdown converted at a time (characters).
STRETCH = 200_000


def markdown_stretches(text: str, least: int | None = None) -> Iterator[str]:
    """`text` cut before headings of the document's own, into stretches of `least`
    characters or more (STRETCH), each converted as Markdown to what it is within the whole.

    A cut is made only where a blank line is followed by a line starting with `#`: plan
    text cannot start a line so (md_text escapes its headings), so that is a heading of
    the templates' between blocks, where every block before it has ended. (A code fence
    plan text leaves open, in a list item or a quote too, is closed within it by md_text.)"""
    least = STRETCH if least is None else least
    start = 0
    while len(text) - start > least:
        cut = text.find("\n\n#", start + least)
        if cut < 0:
            break
        yield text[start : cut + 2]
        start = cut + 2
    yield text[start:]


# A run of characters a browser will not break (a pasted address, a long code): in a table
# cell it sets the column's least width, so a 10,000-character word made the page 360,168 px
# wide, which no stylesheet rule can stop without breaking ordinary words in narrow columns
# too. Such a run gets a break opportunity (<wbr>, not copied with the text) every 20
# characters; a character reference counts as one. CJK text breaks anywhere already.
_LONG_RUN = re.compile(
    r"(?:&[#A-Za-z0-9]+;|[^\s<>&\-\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]){40,}"
)
_PIECE = re.compile(r"(?:&[#A-Za-z0-9]+;|[^&]){1,20}")


def _breakable(body: str) -> str:
    """`body` with a break opportunity in every run of 40 or more unbreakable characters.

    Only text between tags is touched: the sanitiser writes `<` and `>` in attribute values
    as references, so each `<` starts a tag and the first `>` after it ends that tag."""
    pieces = body.split("<")
    for i in range(1, len(pieces)):
        tag, sep, text = pieces[i].partition(">")
        # a run is within one word: the longest word, found at C speed, rules most text out
        longest = max(map(len, text.split()), default=0) if len(text) >= 40 else 0
        if longest >= 40 and _LONG_RUN.search(text):
            text = _LONG_RUN.sub(lambda run: "<wbr>".join(_PIECE.findall(run[0])), text)
            pieces[i] = tag + sep + text
    return "<".join(pieces)


def _heading_ids(body: str, used: set[str], toc: list[dict[str, Any]]) -> str:
    """Give every heading an id unique in the page (`used`, the ids given so far), and list
    parts (h2) with their sections (h3) in `toc`."""

    def heading(match: re.Match[str]) -> str:
        level, level_attribute, inner = int(match[1]), match[2], match[3]
        name = html.unescape(_TAG.sub("", inner))
        ident = anchor(name)
        while ident in used or not ident:  # "budget", "budget_1", "budget_2" …
            numbered = _NUMBERED.match(ident)
            ident = f"{numbered[1]}_{int(numbered[2]) + 1}" if numbered else f"{ident}_1"
        used.add(ident)
        entry = {"level": level, "id": ident, "name": name, "children": []}
        if level == 2:
            toc.append(entry)
        elif level == 3 and toc:
            toc[-1]["children"].append(entry)
        return f'<h{level} id="{ident}"{level_attribute}>{inner}</h{level}>'

    return _HEADING.sub(heading, body)


def _up_to(end: str) -> str:
    """A pattern of any text up to the first `end` (a pattern starting after its `<`): what
    `.*?` followed by `<end` takes with DOTALL, as a loop over runs without `<`, which the
    regular expression engine takes many characters at a time, not one."""
    return rf"[^<]*(?:<(?!{end})[^<]*)*"


# A table cmark-gfm wrote, or a heading; the caption marker paragraph just before a table.
_TABLE_OR_HEADING = re.compile(
    rf"<h[1-6][^>]*>(?P<heading>{_up_to('/h[1-6]>')})</h[1-6]>"
    rf"|(?:<p>{CAPTION_MARKER}(?P<plain>-plain)?(?P<heard>-heard)? ?"
    rf"(?P<caption>{_up_to('/p>')})</p>\n)?"
    rf"<table>\n(?P<inner>{_up_to('/table>')})</table>"
)
_HEADER_CELL = re.compile(r"<th[ >]")
_FIRST_CELL = re.compile(rf"<tr>\n<td([^>]*)>({_up_to('/td>')})</td>")


def _row_header(cell: re.Match[str]) -> str:
    """A row's first cell as the header of its row (a function: a replacement template is
    expanded in Python for each of some 30,000 rows)."""
    return f'<tr>\n<th scope="row"{cell[1]}>{cell[2]}</th>'


#: A table of this many columns or more scrolls in a region of its own on a narrow screen.
WIDE_COLUMNS = 4


def captioned_tables(body: str, env: Any) -> str:
    """Every table with a caption (its own, else the heading it is under), row headers
    when its first column names the row, and a scroll region of its own when it is wide.

    `body` is sanitised already: the markers come from the document's templates, plan text
    cannot write them, and what they hold went through the sanitiser as Markdown."""
    parts = [body]
    captioned_stretches(parts, env)
    return parts[0]


def captioned_stretches(parts: list[str], env: Any) -> None:
    """captioned_tables of a body in stretches (sanitised_stretches), each replaced in
    `parts` in turn, so that the page is never held twice."""
    caption = captioner(env)
    for i, part in enumerate(parts):
        parts[i] = caption(part)


def captioner(env: Any) -> Callable[[str], str]:
    """captioned_tables of one stretch of a body after another: a table's caption and
    number follow on from the stretches before it."""
    import markupsafe

    template = env.get_template("render/html/table.html.j2")
    heading = ""
    count = under_heading = 0

    def table(match: re.Match[str]) -> str:
        nonlocal heading, count, under_heading
        if match["inner"] is None:
            heading, under_heading = match["heading"], 0
            return match[0]
        count += 1
        caption = match["caption"]
        if not caption:  # the heading's words; a second table under it has its number too
            under_heading += 1
            name = markupsafe.Markup(_TAG.sub("", heading))
            caption = (
                env.globals["t"]("document.table_number", name=name, number=under_heading)
                if under_heading > 1
                else name
            )
        head, _, rows = match["inner"].partition("<tbody>")
        if rows and not match["plain"]:
            rows = _FIRST_CELL.sub(_row_header, rows)
        inner = head + "<tbody>" + rows if rows else head
        return template.render(
            id=f"caption-{count}",
            caption=markupsafe.Markup(caption),
            inner=markupsafe.Markup(inner.rstrip("\n")),
            wide=len(_HEADER_CELL.findall(head)) >= WIDE_COLUMNS,
            repeats=not match["caption"] or bool(match["heard"]),  # seen just above: heard
        )

    return lambda part: _TABLE_OR_HEADING.sub(table, part)


def html_page(env: Any, *, title: str, language: str, body: str, toc: list[dict[str, Any]],
              doc: Any, page: str) -> str:  # fmt: skip
    """A sanitised body in the page template, the stylesheets inlined: one standalone file
    (style.css for every medium, print.css after it for paper and the PDF)."""
    style = env.loader.get_source(env, "render/html/style.css")[0]
    print_style = env.loader.get_source(env, "render/html/print.css")[0]
    return env.get_template("render/html/page.html.j2").render(
        title=title, language=language, body=body, toc=toc, style=style,
        print_style=print_style, doc=doc, page=page,
    )  # fmt: skip


def to_html(markdown_text: str, *, title: str, language: str, doc: Document, m: Messages,
            templates: Path | None, page: str, office: bool = False) -> str:  # fmt: skip
    """One page as standalone HTML: its Markdown sanitised, then each chart marker replaced
    by the chart's SVG, which the sanitiser would not let through; the plan page alone
    has a table of contents. For an office file (`office`) a chart is an image of its
    SVG file and the contents are left to the office suite's own."""
    parts, toc = sanitised_stretches(markdown_text)
    return page_of_stretches(parts, toc, title=title, language=language, doc=doc, m=m,
                             templates=templates, page=page, office=office)  # fmt: skip


# Where the body goes in the page template's text, for a page written from its stretches.
BODY_MARKER = "CPKIT-BODY-" + _RUN_KEY


def page_of_stretches(parts: list[str], toc: list[dict[str, Any]], *, title: str,
                      language: str, doc: Document, m: Messages, templates: Path | None,
                      page: str, office: bool = False) -> str:  # fmt: skip
    """to_html of a page sanitised already (sanitised_stretches), `parts` used up."""
    stretches = iter(parts)
    pieces = page_pieces(stretches, toc, title=title, language=language, doc=doc, m=m,
                         templates=templates, page=page, office=office)  # fmt: skip
    parts.clear()
    return "".join(pieces)


def page_pieces(stretches: Iterator[str], toc: list[dict[str, Any]], *, title: str,
                language: str, doc: Document, m: Messages, templates: Path | None, page: str,
                office: bool = False, finish: Callable[[str], Any] = str) -> list[Any]:  # fmt: skip
    """The page of a body sanitised a stretch at a time (`stretches`, and `toc` complete
    once they are: sanitised), in pieces, each as `finish` makes it (e.g. the bytes to
    write): the page template's text before the body, each stretch with its tables
    captioned and its charts and blocks in place, and the template's text after the body.
    The body is never one string beside the page (a 10,000-measure plan's is 50 MB)."""
    env = document_environment(templates, m, html=True)
    caption = captioner(env)
    chart_file = "render/office/chart.html.j2" if office else "render/html/chart.html.j2"
    chart_template = env.get_template(chart_file)
    shown = {  # marker paragraph → what replaces it
        **{f"<p>{CHART_MARKER.format(name=name)}</p>": chart_template.render(chart=chart)
           for name, chart in doc.charts.items()},
        **{f"<p>{BLOCK_MARKER.format(name=name)}</p>": block  # sanitised (html_blocks)
           for name, block in doc.blocks.items()},
    }  # fmt: skip
    body = []
    for stretch in stretches:
        stretch = caption(stretch)
        for marker, text in shown.items():
            if marker in stretch:
                stretch = stretch.replace(marker, text)
        body.append(finish(stretch))
    shows_toc = page == "plan" and not office  # an office suite makes its own contents
    fields = {"title": title, "language": language, "toc": toc if shows_toc else [],
              "doc": doc, "page": page}  # fmt: skip
    frame = html_page(env, body=BODY_MARKER, **fields)
    if frame.count(BODY_MARKER) != 1:  # a page template of one's own that shows it otherwise
        whole = "".join(str(piece, "utf-8") if isinstance(piece, bytes) else piece
                        for piece in body)  # fmt: skip
        return [finish(html_page(env, body=whole, **fields))]
    head, _, tail = frame.partition(BODY_MARKER)
    return [finish(head), *body, finish(tail)]


def render_plan(
    plan: Plan,
    out: Path,
    *,
    formats: tuple[str, ...] = ("md", "html"),
    templates: Path | None = None,
    force: bool = False,
    references: tuple[Path, ...] = (),
    parent: Plan | None = None,
    language: str | None = None,
) -> list[Path]:
    """Write plan.md, plan.html, services.md, services.html (and charts/ for Markdown), and
    plan.pdf, plan.odt, plan.docx when asked.

    Every page is made before the first is written, and the folder is written under the
    rules of cpkit.core.outputs: never the plan's folder, never over files of the user's.
    `references` are reference documents (.docx, .odt) for the office files' styles;
    `parent` is the plan this one aligns with (cpkit.api.load_target), for its names;
    `language` the tag of the document's own words (headings, labels, formats), else the plan's.
    """
    check_output_folder(out, protect=plan.root, force=force)
    files = render_files(
        plan,
        formats=formats,
        templates=templates,
        references=references,
        parent=parent,
        language=language,
    )
    return write_folder(out, files, protect=plan.root, force=force)


#: The formats made from the HTML pages as published (the PDF is plan.html laid out on
#: paper), and those made from the plan's page with its charts as images, for pandoc.
_NEEDS_HTML = {"html", "pdf"}
_PANDOC = ("odt", "docx")


def render_files(
    plan: Plan,
    *,
    formats: tuple[str, ...] = ("md", "html"),
    templates: Path | None = None,
    references: tuple[Path, ...] = (),
    parent: Plan | None = None,
    language: str | None = None,
) -> dict[str, str | bytes]:
    """The published files, by their name in the output folder: nothing written yet; the
    document's own words in `language` (a tag), else in the plan's."""
    import jinja2

    m = document_messages(language or (plan.info.language if plan.info else "en"), templates)
    files: dict[str, str | bytes] = {}
    try:
        doc = build_document(plan, m, "md")  # tables and charts, computed once for all
        doc.parent = parent
        shown = sections_of(doc)  # what the plan's shape shows, and has content for
        doc.sections = [s.template for s in shown]
        doc.parts = [s.key for s in shown if s.key]
        doc.blocks = html_blocks(doc, m, templates)
        wants_html = bool((_NEEDS_HTML | set(_PANDOC)) & set(formats))
        markdown, html_text = document_markdown(
            doc, m, templates, md="md" in formats, html=wants_html
        )
        for name, text in markdown.items():  # as written: a page of 10,000 measures in half
            files[f"{name}.md"] = clean_text(text).encode("utf-8")  # the memory of its text
        del markdown
        if "md" in formats:
            for name, chart in doc.charts.items():
                files[f"charts/{name}.svg"] = clean_text(chart.svg)
        office = set(_PANDOC) & set(formats)
        if _NEEDS_HTML & set(formats):
            stretches = list(markdown_stretches(html_text))
            if not office:
                del html_text  # in stretches, each let go once converted
            pages = html_pages(plan, doc, m, templates, stretches)
            if "html" in formats:
                files.update({f"{name}.html": text for name, text in pages.items()})
            if "pdf" in formats:
                page = pages["plan"].decode("utf-8")
                files["plan.pdf"] = office_file("pdf", page, doc, m, references, templates)
            del pages
        if office:
            page = office_page(plan, doc, m, templates, html_text)
            for target in (t for t in _PANDOC if t in formats):
                files[f"plan.{target}"] = office_file(target, page, doc, m, references, templates)
    except jinja2.TemplateError as exc:
        where = f" ({exc.filename}:{exc.lineno})" if getattr(exc, "lineno", None) else ""
        raise RenderError("render.template", where=where, reason=str(exc)) from None
    return files


def html_pages(
    plan: Plan, doc: Document, m: Messages, templates: Path | None, stretches: list[str]
) -> dict[str, bytes]:
    """Each page as standalone HTML, as written (UTF-8): the plan's from its Markdown in
    `stretches` (markdown_stretches, used up), services.html from the document model."""
    doc.target = "html"
    language = plan.info.language if plan.info else "en"
    title = plan.info.title if plan.info else ""
    toc: list[dict[str, Any]] = []
    pieces = page_pieces(sanitised(stretches, toc), toc, title=title, language=language,
                         doc=doc, m=m,
                         templates=templates, page="plan",
                         finish=lambda text: clean_text(text).encode("utf-8"))  # fmt: skip
    pages = {"plan": b"".join(pieces)}
    del pieces
    if has_services_page(doc):  # the citizens' offer, its own page, with its filter script
        import markupsafe

        from cpkit.publish.services_page import services_html

        page_title = m.t("directory.title", territory=territory(plan.info))
        env = document_environment(templates, m, html=True)
        env.filters["markdown"] = lambda v: markupsafe.Markup(sanitised_html(md_text(v))[0])
        services = clean_text(services_html(doc, m, env, title=page_title))
        pages["services"] = services.encode("utf-8")
    return pages


def office_page(plan: Plan, doc: Document, m: Messages, templates: Path | None, text: str) -> str:
    """The plan's page from its Markdown `text` for the office files: charts as images."""
    doc.target = "html"
    language = plan.info.language if plan.info else "en"
    title = plan.info.title if plan.info else ""
    html = to_html(text, title=title, language=language, doc=doc, m=m,
                   templates=templates, page="plan", office=True)  # fmt: skip
    return clean_text(html)


def office_file(
    target: str,
    page: str,
    doc: Document,
    m: Messages,
    references: tuple[Path, ...],
    templates: Path | None,
) -> bytes:
    """plan.pdf, plan.odt or plan.docx from its HTML page (cpkit.publish.office)."""
    from cpkit.publish import office

    try:
        if target == "pdf":
            env = document_environment(templates, m, html=True)
            paged = env.loader.get_source(env, "render/html/paged.css")[0]
            return office.pdf_bytes(page, paged)
        images = {f"{name}.svg": clean_text(chart.svg) for name, chart in doc.charts.items()}
        reference = office.reference_doc(target, references, templates)
        return office.pandoc_bytes(
            page, target, images=images, contents=m.t("document.contents"), reference=reference
        )
    except office.OfficeError as exc:
        raise RenderError.of(exc) from None
