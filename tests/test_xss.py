"""Hostile text in every free-text field of a real plan: nothing in the output may run or load.

Each line of tests/data/xss-vectors.txt is a known HTML/XSS filter-evasion vector from the
public cheat sheets, or a template-injection probe written as `tpl:PROBE:tpl`; 763 more are
made systematically (generated_vectors: schemes × disguises × places, elements × handlers,
text that would add structure). They go into every free-text field of the Ústí example (found through the entity classes, so a new field is
covered without touching this test); the plan is rendered and each page is scanned for anything
that could run script or fetch a resource, and the probes must come out as text; plan.md is
read as a Markdown viewer that does not sanitise shows it, and the pages must have the
headings and charts of the same plan with plain words. Ids and codes get a vector too. In a real browser nothing may fire a dialog, log, or load anything.
"""

from __future__ import annotations

import functools
import html
import html.parser
import re
import shutil
import types
import typing
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree

import pytest
import yaml

from cpkit.api import check_plan
from cpkit.model.entities import SECTIONS
from cpkit.model.fields import Entity, fields_of
from cpkit.publish.render import render_plan

from conftest import EXAMPLES, ROOT, unsafe_markdown_view

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Dialog

FILE_VECTORS = [
    line
    for line in (ROOT / "tests" / "data" / "xss-vectors.txt").read_text("utf-8").splitlines()
    if line.strip()
]


def generated_vectors() -> list[str]:
    """Vectors made systematically, none of them in the file: every scheme that can run or
    load (javascript:, vbscript:, data:), in each way a URL is disguised (character
    references, a backslash-escaped colon, a tab or newline inside, percent-encoding, case,
    padding), in every place Markdown and HTML take a URL (inline link, angle brackets,
    image, reference definition, autolink, raw a/img/iframe); every element with every
    event handler; and text that would add structure: headings, underlines, thematic
    breaks, chart markers and a tracking pixel. Control characters are tested on their own
    (check reports them), so the plan here stays free of findings."""
    schemes = [
        "javascript:alert({n})",
        "JaVaScRiPt:alert({n})",
        "vbscript:msgbox({n})",
        "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==#{n}",
        "data:image/svg+xml,%3Csvg%20onload=alert({n})%3E",
    ]
    disguises: list[Callable[[str], str]] = [
        lambda u: u,
        lambda u: u.replace(":", "&#58;", 1),
        lambda u: u.replace(":", "&#x3A;", 1),
        lambda u: u.replace(":", "&colon;", 1),
        lambda u: u.replace(":", "&#0000058;", 1),
        lambda u: f"&#{ord(u[0])};{u[1:]}",
        lambda u: f"&#x{ord(u[0]):x};{u[1:]}",
        lambda u: u.replace(":", "\\:", 1),
        lambda u: f"{u[:4]}\t{u[4:]}",
        lambda u: f"{u[:4]}&#9;{u[4:]}",
        lambda u: f"{u[:4]}&#x0A;{u[4:]}",
        lambda u: f"{u[:4]}&Tab;{u[4:]}",
        lambda u: f" {u}",
        lambda u: f"%{ord(u[0]):02X}{u[1:]}",
        lambda u: u.upper().replace("ALERT", "alert"),
    ]
    places = [
        "[click {n}]({u})",
        "[click {n}](<{u}>)",
        '[click {n}]( {u} "title")',
        "![image {n}]({u})",
        "[ref{n}]: {u}\n[click {n}][ref{n}]",
        "<{u}>",
        '<a href="{u}">link {n}</a>',
        '<img src="{u}">',
        '<iframe src="{u}"></iframe>',
    ]
    out = []
    n = 1000
    for scheme in schemes:
        for disguise in disguises:
            for place in places:
                n += 1
                out.append(place.format(n=n, u=disguise(scheme.format(n=n))))
    tags = ["img src=x", "svg", "body", "details open", "video src=x", "audio src=x",
            "input autofocus", "marquee", "iframe", "object data=x", "a", "math"]  # fmt: skip
    events = ["onerror", "onload", "onfocus", "ontoggle", "onmouseover", "onbegin"]
    for tag in tags:
        for event in events:
            n += 1
            out.append(f"<{tag} {event}=alert({n})>")
    return out + STRUCTURE


# Plan text that would add to the document's structure or load a resource.
STRUCTURE = [
    "## Part H. Decision of the council",
    "# Part H. Decision of the council",
    "Part H. Decision of the council\n---",
    "Part H. Decision of the council\n===",
    "---",
    "***",
    "> ## Quoted heading",
    "- ## Listed heading",
    "1. ## Numbered heading",
    "CPKIT-CHART-progress",
    "CPKIT-CHART-needs",
    "CPKIT-CHART-funds",
    "![pixel](https://tracker.example/p.gif)",
    "[px]: https://tracker.example/p.gif\n![pixel][px]",
    "```",  # a code block left open would swallow the rest of the document
    "~~~~ left open",
]
GENERATED = generated_vectors()
VECTORS = FILE_VECTORS + GENERATED
PROBES = [v.removeprefix("tpl:").removesuffix(":tpl") for v in VECTORS if v.startswith("tpl:")]
TEXT = "\n\n".join(VECTORS)  # one paragraph each where the field is prose
FEW = 8
CODE_VECTOR = "<i onclick=alert(1)>x</i>"
# Text that is an id, a code or a reference, not prose: check refuses hostile values there,
# and test_ids_and_codes_are_escaped_too covers what render still makes of them.
NOT_FREE_TEXT = {"id", "currency", "disable", "target", "owner", "indicator"}
PAGES = ["plan", "services"]

RUNNABLE_TAGS = {
    "script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "form",
    "link", "isindex", "bgsound", "template", "noscript", "xss", "input", "button",
}  # fmt: skip
URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "xlink:href", "data", "background", "dynsrc",
    "lowsrc", "poster", "srcset", "codebase", "content",
}  # fmt: skip
BAD_SCHEMES = ("javascript:", "vbscript:", "data:text/html")
REMOTE = re.compile(
    r"""url\(\s*['"]?\s*(https?:|//|javascript:|vbscript:)|@import|expression\(|behavior\s*:""",
    re.IGNORECASE,
)


def _unwrap(tp: Any) -> Any:
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        (tp,) = [a for a in typing.get_args(tp) if a is not type(None)]
    return tp


def _entity(tp: Any) -> type[Entity] | None:
    return tp if isinstance(tp, type) and issubclass(tp, Entity) else None


def inject(
    mapping: dict[str, Any],
    cls: type[Entity],
    seen: dict[str, int],
    vectors: list[str] | None = None,
) -> int:
    """Put vectors into every free-text field of `mapping`, written or not; count the fields.

    The first time a field is met it gets every vector, later times a rotating few: every
    vector in every field, at a fraction of the rendering time of all of them everywhere.
    """
    count = 0
    every = VECTORS if vectors is None else vectors
    for name, (f, tp) in fields_of(cls).items():
        if name in NOT_FREE_TEXT or f.metadata.get("ref") or f.metadata.get("key_ref"):
            continue
        tp = _unwrap(tp)
        item = _unwrap(typing.get_args(tp)[0]) if typing.get_origin(tp) is list else None
        value = mapping.get(name)
        if str in (tp, item):
            key = f"{cls.__name__}.{name}"
            n = seen[key] = seen.get(key, -1) + 1
            start = (n - 1) * FEW % len(every)
            chosen = every if n == 0 else (every * FEW * 2)[start : start + FEW]
            mapping[name] = "\n\n".join(chosen) if tp is str else list(chosen)
            count += 1
        elif (sub := _entity(tp)) is not None and isinstance(value, dict):
            count += inject(value, sub, seen, vectors)
        elif (sub := _entity(item)) is not None and isinstance(value, list):
            count += sum(inject(v, sub, seen, vectors) for v in value if isinstance(v, dict))
    return count


def mark_codes(mapping: dict[str, Any], cls: type[Entity]) -> int:
    """Append a vector to every id, reference and code written: what is not free text."""
    count = 0
    for name, (f, tp) in fields_of(cls).items():
        tp = _unwrap(tp)
        item = _unwrap(typing.get_args(tp)[0]) if typing.get_origin(tp) is list else None
        value = mapping.get(name)
        if name in NOT_FREE_TEXT or f.metadata.get("ref") or f.metadata.get("key_ref"):
            if tp is str and isinstance(value, str):
                mapping[name] = value + CODE_VECTOR
                count += 1
            elif item is str and isinstance(value, list):
                mapping[name] = [f"{v}{CODE_VECTOR}" for v in value]
                count += 1
        elif (sub := _entity(tp)) is not None and isinstance(value, dict):
            count += mark_codes(value, sub)
        elif (sub := _entity(item)) is not None and isinstance(value, list):
            count += sum(mark_codes(v, sub) for v in value if isinstance(v, dict))
    return count


def hostile_copy(target: Path, change: Callable[[dict[str, Any], type[Entity]], int]) -> int:
    """The Ústí example with each entity changed by `change`; the count of fields changed."""
    shutil.copytree(EXAMPLES / "usti-seniors", target)
    count = 0
    for path in sorted(target.rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for section, value in data.items():
            cls = SECTIONS[section]
            for entity in value if isinstance(value, list) else [value]:
                count += change(entity, cls)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return count


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("xss")
    fields = hostile_copy(folder / "plan", functools.partial(inject, seen={}))
    plan, report = check_plan(folder / "plan")
    out = folder / "out"
    render_plan(plan, out)
    return {"plan": plan, "report": report, "fields": fields, "out": out}


@pytest.fixture(scope="module")
def tame(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same plan with a plain word where the hostile one has its vectors: the structure
    (headings, charts) that the hostile plan's pages must have, no more."""
    folder = tmp_path_factory.mktemp("tame")
    hostile_copy(folder / "plan", functools.partial(inject, seen={}, vectors=["Plain words."]))
    plan, _report = check_plan(folder / "plan")
    render_plan(plan, folder / "out")
    return folder / "out"


def page(hostile: dict[str, Any], name: str) -> str:
    return without_own_parts((hostile["out"] / name).read_text(encoding="utf-8"), name)


# services.html's own search form and script (templates/render/html/services.html.j2 and
# services.js), the only runnable parts a page may have: the templates' exact text, which
# escaped plan text cannot write. Each must be there once; the rest is scanned as any page.
OWN_SCRIPT = (ROOT / "templates" / "render" / "html" / "services.js").read_text(encoding="utf-8")
OWN_TAGS = (
    re.escape('<script>') + r"\s*" + re.escape(OWN_SCRIPT.strip()) + r"\s*" + re.escape("</script>"),
    re.escape('<form id="directory-filter" class="directory-filter" role="search" '
              'aria-labelledby="directory-filter-title" hidden>'),
    re.escape('<input id="directory-q" name="q" type="search" autocomplete="off">'),
    re.escape('<button type="reset">'),
)  # fmt: skip


def without_own_parts(text: str, name: str) -> str:
    if not name.startswith("services") or not name.endswith(".html"):
        return text
    for tag in OWN_TAGS:
        text, found = re.subn(tag, "<div>", text)
        assert found == 1, f"{tag[:40]}… is in {name} {found} times"
    return text.replace("</form>", "</div>", 1).replace("</button>", "</div>", 1)


class _Scan(html.parser.HTMLParser):
    """What in a page could run or fetch: elements, handlers, script and remote URLs, CSS."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.text: list[str] = []
        self._in: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        in_body = "body" in self._in
        if tag in RUNNABLE_TAGS or (in_body and tag == "style"):
            self.found.append(f"<{tag}>")
        if tag == "meta" and any(n == "http-equiv" for n, _ in attrs):
            self.found.append("<meta http-equiv>")
        if tag == "img" or tag == "image":
            self.found.append(f"<{tag}> (loads an image)")
        for name, value in attrs:
            name = name.lower()
            if name.startswith("on"):
                self.found.append(f"<{tag} {name}=>")
            if not value:
                continue
            squashed = "".join(ch for ch in value if ch.isprintable() and not ch.isspace())
            squashed = squashed.lower()
            if name in URL_ATTRIBUTES:
                if squashed.startswith(BAD_SCHEMES):
                    self.found.append(f"<{tag} {name}={value!r}>")
                remote = squashed.startswith(("http:", "https:", "//", "ftp:"))
                if remote and not (tag == "a" and name == "href"):  # a link loads nothing
                    self.found.append(f"<{tag} {name}={value!r}> (remote resource)")
            if name == "style" and REMOTE.search(value):
                self.found.append(f"<{tag} style={value!r}>")
        if tag not in ("br", "hr", "meta", "img", "input", "link", "col", "wbr"):
            self._in.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if self._in and self._in[-1] == tag:
            self._in.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag in self._in:
            while self._in.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        if "body" in self._in:
            self.text.append(data)
        if "style" in self._in and "body" not in self._in and REMOTE.search(data):
            self.found.append(f"remote or scripted CSS in <style>: {data[:80]!r}")


def scan(page_html: str) -> _Scan:
    s = _Scan()
    s.feed(page_html)
    s.close()
    return s


def probes_in(text: str) -> list[str]:
    return re.findall(r"tpl:(.*?):tpl", text)


def test_every_free_text_field_is_hostile(hostile: dict[str, Any]) -> None:
    plan = hostile["plan"]
    assert hostile["fields"] > 150, hostile["fields"]
    assert plan.info.title == TEXT
    assert plan.services[0].name == TEXT
    assert all(set(s.name.split("\n\n")) <= set(VECTORS) for s in plan.services)
    assert plan.swot[0].strengths == VECTORS
    first, second, *_ = plan.measures()
    assert first.title == TEXT
    assert second.title.split("\n\n") == VECTORS[:FEW]
    # The YAML stayed valid and every value kept its type: nothing was refused on reading.
    refused = [d for d in hostile["report"] if d.code < "CP2"]
    assert refused == [], refused


@pytest.mark.parametrize("name", PAGES)
def test_html_runs_and_loads_nothing(hostile: dict[str, Any], name: str) -> None:
    found = scan(page(hostile, f"{name}.html")).found
    assert found == [], "\n".join(dict.fromkeys(found))


@pytest.mark.parametrize("name", PAGES)
def test_vectors_are_shown_as_text(hostile: dict[str, Any], name: str) -> None:
    text = "".join(scan(page(hostile, f"{name}.html")).text)
    assert "<script>alert(1)</script>" in text
    assert "alert(9)" in text  # the handler's code is shown, not dropped silently


@pytest.mark.parametrize("name", [f"{p}.{ext}" for p in PAGES for ext in ("html", "md")])
def test_template_syntax_is_not_evaluated(hostile: dict[str, Any], name: str) -> None:
    body = page(hostile, name)
    text = "".join(scan(body).text) if name.endswith(".html") else html.unescape(body)
    found = probes_in(text)
    assert found, "no probe reached the page"
    assert not [p for p in found if "49" in p or "looploop" in p], found  # nothing evaluated
    assert set(PROBES) <= set(found), set(PROBES) - set(found)


@pytest.mark.parametrize("name", PAGES)
def test_markdown_has_no_raw_html(hostile: dict[str, Any], name: str) -> None:
    text = page(hostile, f"{name}.md")
    raw = re.findall(r"<\s*/?\s*[a-z!][^>\n]{0,40}", text, flags=re.IGNORECASE)
    assert raw == [], sorted(set(raw))[:20]


def test_ids_and_codes_are_escaped_too(tmp_path: Path) -> None:
    """Ids and codes are refused by check, but render still writes them: escaped, like text."""
    assert hostile_copy(tmp_path / "plan", mark_codes) > 100
    plan, report = check_plan(tmp_path / "plan")
    assert {"CP105", "CP202"} <= {d.code for d in report}
    render_plan(plan, tmp_path / "out")
    for name in PAGES:
        for ext in ("md", "html"):
            text = (tmp_path / "out" / f"{name}.{ext}").read_text(encoding="utf-8")
            assert "<i onclick" not in text, f"{name}.{ext}"
        page_html = (tmp_path / "out" / f"{name}.html").read_text(encoding="utf-8")
        assert scan(without_own_parts(page_html, f"{name}.html")).found == []


def test_scan_catches_unsanitised_vectors() -> None:
    """The scan is not vacuous: on the vectors converted but not sanitised it finds each kind."""
    import cmarkgfm
    from cmarkgfm.cmark import Options

    def unsafe(vector: str) -> str:
        return cmarkgfm.markdown_to_html(vector, options=Options.CMARK_OPT_UNSAFE)

    raw = "<html><body>" + "".join(unsafe(v) for v in VECTORS) + "</body></html>"
    found = "\n".join(scan(raw).found)
    for expected in (
        "<script>", "<iframe>", "<object>", "<embed>", "<base>", "<form>", "<meta http-equiv>",
        "<img onerror=>", "<svg onload=>", "<details ontoggle=>", "<style>",
        "<a href='javascript:alert(35)'>", "<a href='javascript:alert(37)'>",
        "<a href='data:text/html;base64,", "<a href='vbscript:", "<a href='javascript:alert(43)'>",
        "(remote resource)", "<div style=", "<math href=",
    ):  # fmt: skip
        assert expected in found, f"{expected} not found in:\n{found}"


@pytest.mark.browser
@pytest.mark.parametrize("name", PAGES)
def test_nothing_runs_or_loads_in_a_browser(
    hostile: dict[str, Any], browser: BrowserContext, name: str
) -> None:
    path = hostile["out"] / f"{name}.html"
    url = path.resolve().as_uri()
    page = browser.new_page()
    happened: list[str] = []

    def dialog(d: Dialog) -> None:
        happened.append(f"{d.type} dialog: {d.message}")
        d.dismiss()

    page.on("dialog", dialog)
    page.on("console", lambda m: happened.append(f"console {m.type}: {m.text}"))
    page.on("pageerror", lambda e: happened.append(f"uncaught: {e}"))
    page.on("websocket", lambda ws: happened.append(f"websocket: {ws.url}"))
    page.on(
        "request",
        lambda r: None if r.url in (url,) or r.url.startswith("data:") else happened.append(r.url),
    )
    try:
        page.goto(url, wait_until="load")
        # What a reader does, and what fires late: hover, focus, toggles, animations.
        page.mouse.move(200, 200)
        page.keyboard.press("Tab")
        page.wait_for_timeout(300)
        live = page.evaluate(
            "own => [...document.querySelectorAll("
            "'script, iframe, object, embed, img, [onload], [onerror]')]"
            ".filter(e => !(e.tagName == 'SCRIPT' && e.textContent.trim() == own)).length",
            OWN_SCRIPT.strip(),
        )
    finally:
        page.close()
    assert happened == [], "\n".join(happened)
    assert live == 0


def test_over_500_vectors_none_from_the_file() -> None:
    assert len(GENERATED) >= 500 and len(set(GENERATED)) == len(GENERATED)
    assert not set(GENERATED) & set(FILE_VECTORS)


@pytest.mark.parametrize("name", PAGES)
def test_markdown_runs_and_loads_nothing_in_a_viewer_that_does_not_sanitise(
    hostile: dict[str, Any], name: str
) -> None:
    """plan.md shown as cmark-gfm shows it in unsafe mode: no raw HTML, no script or data
    link, no handler, no image but the plan's own charts, links only to http(s), mailto, tel."""
    viewed = unsafe_markdown_view(page(hostile, f"{name}.md"))
    found = [f for f in scan(f"<html><body>{viewed}</body></html>").found if "<img>" not in f]
    assert found == [], "\n".join(dict.fromkeys(found))
    images = re.findall(r"<img\b[^>]*>", viewed)
    assert all(re.search(r'src="charts/[a-z]+\.svg"', i) for i in images), images[:5]
    hrefs = set(re.findall(r'\b(?:href|src)="([^"]*)"', viewed))
    allowed = ("http://", "https://", "mailto:", "tel:", "charts/")
    assert hrefs and not {h for h in hrefs if not h.lower().startswith(allowed)}


def _headings(text: str) -> Counter[str]:
    return Counter(re.findall(r"<h([1-6])\b", text))


@pytest.mark.parametrize("name", PAGES)
def test_plan_text_adds_no_heading_and_no_chart(
    hostile: dict[str, Any], tame: Path, name: str
) -> None:
    """`## Part H`, a line underlined with `---` or `===`, and a paragraph that names a chart
    marker stay text: the pages have the headings, contents and charts of the same plan with
    plain words, and no id twice."""
    hostile_md = unsafe_markdown_view(page(hostile, f"{name}.md"))
    tame_md = unsafe_markdown_view((tame / f"{name}.md").read_text(encoding="utf-8"))
    assert _headings(hostile_md) == _headings(tame_md)
    assert hostile_md.count("<hr") == tame_md.count("<hr")
    hostile_html = page(hostile, f"{name}.html")
    tame_html = (tame / f"{name}.html").read_text(encoding="utf-8")
    assert _headings(hostile_html) == _headings(tame_html)
    assert hostile_html.count("<svg") == tame_html.count("<svg")
    ids = Counter(re.findall(r'\bid="([^"]*)"', hostile_html))
    assert [i for i, n in ids.items() if n > 1] == []
    assert "Part H. Decision of the council" in hostile_html  # shown, as text


@pytest.mark.parametrize("name", PAGES)
def test_every_link_in_html_has_an_address(hostile: dict[str, Any], name: str) -> None:
    """A link whose address the sanitiser drops is its text, not an <a> without href."""
    anchors = re.findall(r"<a\b[^>]*>", page(hostile, f"{name}.html"))
    assert anchors and [a for a in anchors if not re.search(r'\shref="[^"]', a)] == []


def test_every_svg_is_well_formed_xml(hostile: dict[str, Any]) -> None:
    charts = sorted((hostile["out"] / "charts").glob("*.svg"))
    assert len(charts) == 3
    for path in charts:
        ElementTree.fromstring(path.read_bytes())
    inline = re.findall(r"<svg\b.*?</svg>", page(hostile, "plan.html"), flags=re.DOTALL)
    assert len(inline) == 3
    for svg in inline:
        ElementTree.fromstring(svg)
