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
from pathlib import Path
from typing import Any

from cpkit.core.files import write_atomic
from cpkit.model.entities import Plan
from cpkit.publish.document import Document, build_document, territory
from cpkit.publish.messages import Messages, UnknownLanguage
from cpkit.publish.shapes import BLOCKS, sections_of
from cpkit.publish.templating import environment, md_text
from cpkit.publish.views import Views

CHART_MARKER = "CPKIT-CHART-{name}"
BLOCK_MARKER = "CPKIT-BLOCK-{name}"
ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "code", "dd", "del", "div", "dl", "dt",
    "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "li", "ol", "p", "pre", "s",
    "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "h1": {"id"}, "h2": {"id"}, "h3": {"id"}, "h4": {"id"}, "h5": {"id"}, "h6": {"id"},
    "th": {"scope", "style"}, "td": {"style"}, "abbr": {"title"},
}  # fmt: skip
URL_SCHEMES = {"http", "https", "mailto", "tel"}
#: What a block of HTML (cpkit.publish.shapes.BLOCKS) may add: cells spanning rows, classes.
BLOCK_ATTRIBUTES = {
    "th": {"scope", "rowspan", "colspan", "style"}, "td": {"rowspan", "colspan", "style"},
    "table": {"class"}, "ul": {"class"},
}  # fmt: skip


class RenderError(Exception):
    """The plan cannot be rendered as asked (an unknown language, an unreadable template)."""


# --- templates -----------------------------------------------------------------------------


def document_messages(language: str, templates: Path | None) -> Messages:
    """The words of a document in `language`, once its templates folder is known to exist."""
    try:
        m = Messages(language)
    except UnknownLanguage as exc:
        raise RenderError(str(exc)) from None
    if templates is not None and not templates.is_dir():
        raise RenderError(f"--templates {templates}: no such folder")
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
    env.filters["inline"] = md_inline
    env.filters["anchor"] = anchor
    env.filters["columns"] = lambda rows, n: [row[:n] for row in rows]  # the first n columns
    env.globals["chart_marker"] = lambda name: CHART_MARKER.format(name=name)
    env.globals["block_marker"] = lambda name: BLOCK_MARKER.format(name=name)
    return env


def md_inline(value: object) -> str:
    """Plan text for one table cell or list item: one line, pipes escaped."""
    text = md_text(value).replace("\r", " ").replace("\n", " ").replace("|", "\\|")
    return text.strip()


def anchor(value: object, separator: str = "-") -> str:
    """A heading's id: readable, and stable across renders (Czech and Chinese kept)."""
    slug = _NOT_SLUG.sub("", str(value)).strip().lower()
    return re.sub(rf"[{re.escape(separator)}\s]+", separator, slug)


_NOT_SLUG = re.compile(r"[^\w\s-]")
_HEADING = re.compile(r"<h([1-6])>(.*?)</h\1>", re.DOTALL)
_TAG = re.compile(r"<[^>]*>")
_IMAGE = re.compile(r'<img\b[^>]*?\balt="([^"]*)"[^>]*>')
_NUMBERED = re.compile(r"^(.*)_([0-9]+)$")


def render_markdown(doc: Document, m: Messages, templates: Path | None) -> dict[str, str]:
    """The pages as Markdown, for `doc.target`: "md" to publish, "html" to convert."""
    env = document_environment(templates, m)
    views = Views(doc, m)
    env.globals.update(views.globals())
    env.filters.update(views.filters())
    pages = {"plan": env.get_template("render/plan.md.j2").render(doc=doc, m=m)}
    if doc.plan.services or doc.shape == "community":  # a directory with no service: no page
        pages["services"] = env.get_template("render/services.md.j2").render(doc=doc, m=m)
    return pages


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
    """Markdown → HTML with nothing left that could run, and its headings for the contents.

    Plan text includes citizens' comments, so every page cpkit publishes goes through here.
    The converter is GitHub's own (cmark-gfm), so the HTML says what the Markdown shows on a
    git host; it drops raw HTML and script URLs itself, and the sanitiser then allows only
    the tags and attributes a plan needs.
    """
    import cmarkgfm
    import nh3
    from cmarkgfm.cmark import Options

    body = cmarkgfm.markdown_to_html_with_extensions(
        markdown_text,
        options=Options.CMARK_OPT_TABLE_PREFER_STYLE_ATTRIBUTES,
        extensions=["table", "strikethrough", "autolink"],
    )
    body, toc = _heading_ids(body.rstrip())
    body = _IMAGE.sub(r"\1", body)  # the page loads nothing: an image leaves its alt text
    body = nh3.clean(
        body,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    return body, toc


def _heading_ids(body: str) -> tuple[str, list[dict[str, Any]]]:
    """Give every heading a unique id, and list parts (h2) with their sections (h3)."""
    used: set[str] = set()
    toc: list[dict[str, Any]] = []

    def heading(match: re.Match[str]) -> str:
        level, inner = int(match[1]), match[2]
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
        return f'<h{level} id="{ident}">{inner}</h{level}>'

    return _HEADING.sub(heading, body), toc


def html_page(env: Any, *, title: str, language: str, body: str, toc: list[dict[str, Any]],
              doc: Any, page: str) -> str:  # fmt: skip
    """A sanitised body in the page template, the stylesheet inlined: one standalone file."""
    style = env.loader.get_source(env, "render/html/style.css")[0]
    return env.get_template("render/html/page.html.j2").render(
        title=title, language=language, body=body, toc=toc, style=style, doc=doc, page=page
    )


def to_html(markdown_text: str, *, title: str, language: str, doc: Document, m: Messages,
            templates: Path | None, page: str) -> str:  # fmt: skip
    """One page as standalone HTML: its Markdown sanitised, then each chart marker replaced
    by the chart's SVG, which the sanitiser would not let through; the plan page alone
    has a table of contents."""
    body, toc = sanitised_html(markdown_text)
    env = document_environment(templates, m, html=True)
    chart_template = env.get_template("render/html/chart.html.j2")
    for name, chart in doc.charts.items():
        marker = f"<p>{CHART_MARKER.format(name=name)}</p>"
        body = body.replace(marker, chart_template.render(chart=chart))
    for name, block in doc.blocks.items():  # already sanitised (html_blocks)
        body = body.replace(f"<p>{BLOCK_MARKER.format(name=name)}</p>", block)
    return html_page(env, title=title, language=language, body=body,
                     toc=toc if page == "plan" else [], doc=doc, page=page)  # fmt: skip


def render_plan(
    plan: Plan,
    out: Path,
    *,
    formats: tuple[str, ...] = ("md", "html"),
    templates: Path | None = None,
) -> list[Path]:
    """Write plan.md, plan.html, services.md, services.html (and charts/ for Markdown)."""
    import jinja2

    language = plan.info.language if plan.info else "en"
    m = document_messages(language, templates)
    written: list[Path] = []
    try:
        doc = build_document(plan, m, "md")  # tables and charts, computed once for both
        shown = sections_of(doc)  # what the plan's shape shows, and has content for
        doc.sections = [s.template for s in shown]
        doc.parts = [s.key for s in shown if s.key]
        doc.blocks = html_blocks(doc, m, templates)
        if "md" in formats:
            pages = render_markdown(doc, m, templates)
            for name, text in pages.items():
                written.append(_write(out / f"{name}.md", text))
            for name, chart in doc.charts.items():
                written.append(_write(out / "charts" / f"{name}.svg", chart.svg))
        if "html" in formats:
            doc.target = "html"
            pages = render_markdown(doc, m, templates)
            title = plan.info.title if plan.info else ""
            for name, text in pages.items():
                page_title = (
                    title
                    if name == "plan"
                    else m.t("directory.title", territory=territory(plan.info))
                )
                html = to_html(text, title=page_title, language=language, doc=doc, m=m,
                               templates=templates, page=name)  # fmt: skip
                written.append(_write(out / f"{name}.html", html))
    except jinja2.TemplateError as exc:
        where = f" ({exc.filename}:{exc.lineno})" if getattr(exc, "lineno", None) else ""
        raise RenderError(f"template error{where}: {exc}") from None
    return written


def _write(path: Path, text: str) -> Path:
    write_atomic(path, text)
    return path
