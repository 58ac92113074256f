"""Finding and driving the browser-test tools: headless Chromium, axe-core and the Nu HTML Checker.

axe-core and vnu-jar are pinned in tests/browser/package.json and installed with
`npm ci --ignore-scripts --prefix tests/browser`; Chromium (CPKIT_CHROMIUM, else
/usr/bin/chromium) and Java come from the system. A missing tool skips the test, or fails it
when CPKIT_REQUIRE_BROWSER=1 (as in CI).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, ConsoleMessage, Page

TESTS = Path(__file__).resolve().parent
NODE_MODULES = TESTS / "browser" / "node_modules"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
ARTIFACTS = TESTS / "artifacts"
CHROMIUM = Path(os.environ.get("CPKIT_CHROMIUM", "/usr/bin/chromium"))

# Playwright adds --headless itself; the profile is a fresh user-data-dir per session.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    # No name ever resolves: a page that reaches for the network cannot get out.
    "--host-resolver-rules=MAP * ~NOTFOUND",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
VIEWPORT = {"width": 1280, "height": 800}
INSTALL_HINT = (
    "install with: apt-get install chromium default-jre-headless; "
    "npm ci --ignore-scripts --prefix tests/browser; pip install -e '.[test]'"
)


def required() -> bool:
    """True when missing tools must fail the tests instead of skipping them."""
    return os.environ.get("CPKIT_REQUIRE_BROWSER") == "1"


def missing(what: str) -> NoReturn:
    """Skip for a missing tool, or fail under CPKIT_REQUIRE_BROWSER=1."""
    reason = f"{what} not installed ({INSTALL_HINT})"
    if required():
        pytest.fail(f"{reason}; CPKIT_REQUIRE_BROWSER=1 makes this a failure", pytrace=False)
    pytest.skip(reason)


def require_file(path: Path, what: str) -> Path:
    if not path.is_file():
        missing(what)
    return path


def require_java() -> str:
    java = shutil.which("java")
    if java is None or subprocess.run([java, "-version"], capture_output=True).returncode != 0:
        missing("java")
    return java


@contextmanager
def chromium_context(profile: Path) -> Iterator[BrowserContext]:
    """Headless Debian Chromium driven by Playwright, with all non-local requests aborted."""
    require_file(CHROMIUM, f"chromium ({CHROMIUM})")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("the Python package playwright")
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            profile,
            executable_path=CHROMIUM,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport=VIEWPORT,
        )
        context.route(lambda url: not url.startswith(("file:", "data:")), lambda r: r.abort())
        try:
            yield context
        finally:
            context.close()


@dataclass
class Visit:
    """One page opened in the browser, with what it tried to load and what it complained of."""

    page: Page
    url: str
    requests: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def foreign_requests(self) -> list[str]:
        """Requests other than the page itself and data: URLs, each once."""
        return list(
            dict.fromkeys(u for u in self.requests if u != self.url and not u.startswith("data:"))
        )


def open_page(context: BrowserContext, path: Path) -> Visit:
    page = context.new_page()
    visit = Visit(page, path.resolve().as_uri())
    page.on("request", lambda r: visit.requests.append(r.url))
    page.on("websocket", lambda ws: visit.requests.append(ws.url))
    page.on("pageerror", lambda e: visit.errors.append(f"uncaught: {e}"))
    page.on(
        "console",
        lambda m: visit.errors.append(f"console: {m.text}") if m.type == "error" else None,
    )
    page.goto(visit.url, wait_until="load")
    return visit


def _console(visit: Visit, message: ConsoleMessage) -> None:
    # A failed load is already among the requests, which name the URL.
    if message.type == "error" and not message.text.startswith("Failed to load resource"):
        visit.errors.append(f"console: {message.text}")


def run_axe(page: Page, axe_js: Path) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.0/2.1 A and AA violations on the page."""
    # Evaluated, not added as a <script>: works under the page's own strict CSP, adds no node.
    page.evaluate(axe_js.read_text(encoding="utf-8"))
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    result = page.evaluate("options => axe.run(document, options)", options)
    return result["violations"]


def _selector(target: list[Any]) -> str:
    return " >>> ".join(t if isinstance(t, str) else " ".join(t) for t in target)


def format_violations(violations: Iterable[dict[str, Any]]) -> str:
    """One block per rule: id, impact, help, then each failing node's selector and summary."""
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v.get('impact')}): {v['help']}  [{v.get('helpUrl', '')}]")
        for node in v["nodes"]:
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"  - {_selector(node['target'])}: {summary}")
    return "\n".join(lines)


def run_vnu(java: str, jar: Path, files: Iterable[Path]) -> dict[Path, list[dict[str, Any]]]:
    """The Nu HTML Checker's errors for several files in one JVM start, keyed by file."""
    paths = [p.resolve() for p in files]
    if not paths:
        return {}
    proc = subprocess.run(
        [java, "-jar", str(jar), "--errors-only", "--format", "json", "--stdout", *map(str, paths)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"vnu exited {proc.returncode}: {proc.stderr or proc.stdout}")
    found: dict[Path, list[dict[str, Any]]] = {p: [] for p in paths}
    by_uri = {p.as_uri(): p for p in paths} | {f"file:{p}": p for p in paths}
    for msg in json.loads(proc.stdout)["messages"]:
        path = by_uri.get(msg.get("url", ""))
        if path is None:  # a message about no file in particular
            for msgs in found.values():
                msgs.append(msg)
        else:
            found[path].append(msg)
    return found


def format_vnu(messages: Iterable[dict[str, Any]]) -> str:
    return "\n".join(
        f"  line {m.get('lastLine', '?')}:{m.get('firstColumn', m.get('lastColumn', '?'))} "
        f"{m['type']}: {m['message']}\n    {' '.join(m.get('extract', '').split())}"
        for m in messages
    )


# What a reader on a narrow screen meets: the page panning sideways, chart text too small.
# A chart's text is measured as drawn: its font size times the scale its SVG is shown at.
LAYOUT_JS = """() => {
  const small = [];
  for (const text of document.querySelectorAll("svg text")) {
    const svg = text.ownerSVGElement;
    if (!text.getBoundingClientRect().height || !svg.viewBox.baseVal.width) continue;
    const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    const px = parseFloat(getComputedStyle(text).fontSize) * scale;
    if (px < 12) small.push(`${px.toFixed(1)} px: ${text.textContent.trim().slice(0, 40)}`);
  }
  // a chart on a phone is re-laid or replaced by its words: it never pans in a region
  const panning = [...document.querySelectorAll("figure.chart")]
    .filter(figure => [...figure.querySelectorAll("*")].some(
      e => e.getBoundingClientRect().width && e.scrollWidth > e.clientWidth + 1
           && getComputedStyle(e).overflowX !== "visible"))
    .map(figure => figure.id);
  return {width: innerWidth, scrollWidth: document.scrollingElement.scrollWidth, small, panning};
}"""
SMALLEST_TEXT_PX = 12
#: Up to this width a chart must neither pan sideways nor have text under 12 px (WCAG 1.4.10
#: asks for 320 px; 375 px is the commonest phone).
PHONE_PX = 375


def layout_problems(page: Page) -> list[str]:
    """Page-level sideways scrolling (WCAG 1.4.10) and chart text under 12 CSS px."""
    found = page.evaluate(LAYOUT_JS)
    problems = []
    if found["scrollWidth"] > found["width"]:
        problems.append(f"the page is {found['scrollWidth']} px wide in {found['width']} px")
    if found["width"] <= PHONE_PX and found["panning"]:
        problems.append("charts that pan sideways on a phone: " + ", ".join(found["panning"]))
    if found["small"]:
        problems.append(
            f"{len(found['small'])} chart texts under {SMALLEST_TEXT_PX} px, e.g. "
            + "; ".join(found["small"][:3])
        )
    return problems


def run_axe_every_rule(page: Page, axe_js: Path) -> list[dict[str, Any]]:
    """axe-core's violations with every rule it has turned on, best practices and
    experimental rules included."""
    page.evaluate(axe_js.read_text(encoding="utf-8"))
    return page.evaluate(
        """() => axe.run(document, {
             runOnly: {type: "rule", values: axe.getRules().map(rule => rule.ruleId)},
             resultTypes: ["violations"]}).then(result => result.violations)"""
    )


def accessibility_tree(page: Page) -> list[dict[str, Any]]:
    """Chromium's full accessibility tree of the page (CDP Accessibility.getFullAXTree),
    nodes ignored by assistive technology left out."""
    session = page.context.new_cdp_session(page)
    try:
        nodes = session.send("Accessibility.getFullAXTree")["nodes"]
    finally:
        session.detach()
    return [n for n in nodes if not n.get("ignored")]


def ax_role(node: dict[str, Any]) -> str:
    return node.get("role", {}).get("value", "")


def ax_name(node: dict[str, Any]) -> str:
    return str(node.get("name", {}).get("value", ""))


def ax_property(node: dict[str, Any], name: str) -> Any:
    return next((p["value"].get("value") for p in node.get("properties", []) if p["name"] == name),
                None)  # fmt: skip
