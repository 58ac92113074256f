"""Rendered pages in a real browser and the W3C validator.

Each example is rendered by `cpkit render` (run in this process: conftest.invoke); plan.html and
services.html are opened in headless Chromium (screenshots for screen and print go to
tests/artifacts/), must load nothing but themselves, must pass axe-core's WCAG 2.1 A and AA rules,
and must have no Nu HTML Checker errors. The harness itself is checked on
tests/browser/fixture.html and on a page built to fail. A missing tool skips these tests (fails
them under CPKIT_REQUIRE_BROWSER=1); a failed or missing `cpkit render` always fails them.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from browser_tools import (
    ARTIFACTS,
    AXE_JS,
    TESTS,
    VNU_JAR,
    accessibility_tree,
    ax_name,
    ax_property,
    ax_role,
    format_violations,
    format_vnu,
    layout_problems,
    open_page,
    require_file,
    require_java,
    run_axe,
    run_axe_every_rule,
    run_vnu,
)
from conftest import EXAMPLES, invoke, write_plan

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext

pytestmark = pytest.mark.browser

# an example, or example@language: the same plan published in another language; a plan shape
# after "init:" is the plan `cpkit init --shape` starts, "unit" a service unit's annual plan
EXAMPLE_NAMES = [
    "usti-seniors", "hkcss-2023", "hkcss-2025", "usti-seniors@cs", "usti-seniors@zh-Hant",
    "init:district", "init:district@cs", "init:district@zh-Hant", "init:ngo@cs",
    "init:ngo@zh-Hant", "unit", "unit@zh-Hant", "usti-seniors-cs", "ssp-district-zh",
]  # fmt: skip
PAGES = ["plan", "services"]
# a business plan names no services, so it has no directory of services
NO_SERVICES = {"hkcss-2023", "hkcss-2025", "init:ngo", "unit"}
CASES = [
    (example, page)
    for example in EXAMPLE_NAMES
    for page in PAGES
    if not (page == "services" and example.partition("@")[0] in NO_SERVICES)
]
FIXTURE = TESTS / "browser" / "fixture.html"

# Everything the harness must catch: no lang, an image without alt, low contrast, remote loads.
BAD_HTML = """\
<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>Bad page</title>
<link rel="stylesheet" href="https://fonts.example.invalid/font.css">
</head>
<body>
<main>
<h1>Bad page</h1>
<p style="color: #aaa; background: #fff">Too pale to read.</p>
<img src="https://cdn.example.invalid/chart.png">
</main>
</body>
</html>
"""


@pytest.fixture(scope="session")
def axe_js() -> Path:
    return require_file(AXE_JS, "axe-core (tests/browser/node_modules)")


@pytest.fixture(scope="session")
def vnu() -> tuple[str, Path]:
    java = require_java()
    return java, require_file(VNU_JAR, "vnu-jar (tests/browser/node_modules)")


@pytest.fixture(scope="session")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path | str]:
    """Each example rendered once: its output folder, or why `cpkit render` failed."""
    results: dict[str, Path | str] = {}
    for name in EXAMPLE_NAMES:
        out = tmp_path_factory.mktemp(f"render-{name}")
        proc = invoke("render", str(_plan(name, tmp_path_factory)), "-o", str(out))
        ok = proc.returncode == 0
        results[name] = (
            out if ok else f"render exited {proc.returncode}:\n{proc.stderr}{proc.stdout}"
        )
    return results


def _plan(name: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    example, _, language = name.partition("@")
    if example.startswith("init:"):
        plan = tmp_path_factory.mktemp("init") / example[5:]
        shape = ["--shape", example[5:], "--language", language or "en"]
        assert invoke("init", str(plan), *shape).returncode == 0
        return plan
    if example == "unit":
        from test_shapes import UNIT

        plan_yaml = UNIT["plan.yaml"] + (f"  language: {language}\n" if language else "")
        return write_plan(
            tmp_path_factory.mktemp("unit") / "unit", {**UNIT, "plan.yaml": plan_yaml}
        )
    if not language:
        return EXAMPLES / example
    plan = tmp_path_factory.mktemp(f"plan-{example}-{language}") / example
    shutil.copytree(EXAMPLES / example, plan)
    text = (plan / "plan.yaml").read_text(encoding="utf-8")
    (plan / "plan.yaml").write_text(text.replace("language: en", f"language: {language}"))
    return plan


def page_file(rendered: dict[str, Path | str], example: str, page: str) -> Path:
    out = rendered[example]
    if isinstance(out, str):
        pytest.fail(f"{example}: {out}", pytrace=False)
    path = out / f"{page}.html"
    if not path.is_file():
        written = sorted(p.name for p in out.iterdir())
        pytest.fail(f"{example}: render wrote no {path.name} (wrote {written})", pytrace=False)
    return path


@pytest.fixture(scope="session")
def vnu_rendered(
    vnu: tuple[str, Path], rendered: dict[str, Path | str]
) -> dict[Path, list[dict[str, Any]]]:
    """Nu HTML Checker errors of every rendered page, from one JVM start."""
    files = [
        out / f"{page}.html" for out in rendered.values() if isinstance(out, Path) for page in PAGES
    ]
    return run_vnu(*vnu, [f for f in files if f.is_file()])


@pytest.fixture(scope="session")
def harness_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    bad = tmp_path_factory.mktemp("harness") / "bad.html"
    bad.write_text(BAD_HTML, encoding="utf-8")
    return {"fixture": FIXTURE, "bad": bad}


@pytest.fixture(scope="session")
def vnu_harness(
    vnu: tuple[str, Path], harness_pages: dict[str, Path]
) -> dict[str, list[dict[str, Any]]]:
    found = run_vnu(*vnu, harness_pages.values())
    return {name: found[path.resolve()] for name, path in harness_pages.items()}


def browser_problems(context: BrowserContext, axe_js: Path, path: Path, name: str) -> list[str]:
    """Open `path`, save screen and print screenshots as `name`, and list what is wrong."""
    ARTIFACTS.mkdir(exist_ok=True)
    visit = open_page(context, path)
    page = visit.page
    try:
        page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)
        page.emulate_media(media="print")
        printed = page.evaluate("document.body.innerText.trim().length")
        page.screenshot(path=ARTIFACTS / f"{name}-print.png", full_page=True)
        page.emulate_media(media="screen")
        violations = run_axe(page, axe_js)
    finally:
        page.close()
    problems = []
    if foreign := visit.foreign_requests():
        problems.append("loads more than itself (must be standalone):\n  " + "\n  ".join(foreign))
    if visit.errors:
        problems.append("errors in the page:\n  " + "\n  ".join(visit.errors))
    if not printed:
        problems.append("no text is visible with the print stylesheet")
    if violations:
        problems.append("axe-core WCAG 2.1 A/AA violations:\n" + format_violations(violations))
    return problems


@pytest.mark.parametrize(("example", "page"), CASES)
def test_page_in_browser(
    browser: BrowserContext,
    axe_js: Path,
    rendered: dict[str, Path | str],
    example: str,
    page: str,
) -> None:
    path = page_file(rendered, example, page)
    problems = browser_problems(browser, axe_js, path, f"{example}-{page}")
    if problems:
        pytest.fail(f"{example}/{path.name}:\n" + "\n\n".join(problems), pytrace=False)


@pytest.mark.parametrize(("example", "page"), CASES)
def test_page_is_valid_html(
    vnu_rendered: dict[Path, list[dict[str, Any]]],
    rendered: dict[str, Path | str],
    example: str,
    page: str,
) -> None:
    path = page_file(rendered, example, page)
    if errors := vnu_rendered[path.resolve()]:
        pytest.fail(f"Nu HTML Checker, {example}/{path.name}:\n{format_vnu(errors)}", pytrace=False)


def test_harness_passes_accessible_fixture(
    browser: BrowserContext, axe_js: Path, vnu_harness: dict[str, list[dict[str, Any]]]
) -> None:
    assert browser_problems(browser, axe_js, FIXTURE, "harness-fixture") == []
    assert vnu_harness["fixture"] == [], format_vnu(vnu_harness["fixture"])


def test_harness_catches_bad_page(
    browser: BrowserContext,
    axe_js: Path,
    harness_pages: dict[str, Path],
    vnu_harness: dict[str, list[dict[str, Any]]],
) -> None:
    report = "\n".join(browser_problems(browser, axe_js, harness_pages["bad"], "harness-bad"))
    for expected in (
        "https://fonts.example.invalid/font.css",
        "https://cdn.example.invalid/chart.png",
        "html-has-lang (serious)",
        "image-alt (critical)",
        "color-contrast (serious)",
        "  - p: Fix any of the following",  # the failing node's selector
    ):
        assert expected in report, report
    assert any("alt" in m["message"] for m in vnu_harness["bad"]), vnu_harness["bad"]


# A phone (320 and 375 CSS px: WCAG 1.4.10 asks for 320) and a desktop.
WIDTHS = [320, 375, 1280]
REFLOW = ARTIFACTS / "reflow"


def seen_at(context: BrowserContext, axe_js: Path, path: Path, width: int, *,
            name: str, dark: bool = False) -> list[str]:  # fmt: skip
    """Open `path` `width` px wide (in dark mode if `dark`), save a screenshot as `name`,
    and list what a reader there meets: sideways panning, small chart text, and axe-core's
    violations with every rule on."""
    REFLOW.mkdir(parents=True, exist_ok=True)
    visit = open_page(context, path)
    page = visit.page
    try:
        if dark:
            page.emulate_media(color_scheme="dark")
        page.set_viewport_size({"width": width, "height": 900})
        problems = layout_problems(page)
        page.screenshot(path=REFLOW / f"{name}.png", full_page=True)
        if violations := run_axe_every_rule(page, axe_js):
            problems.append("axe-core, every rule:\n" + format_violations(violations))
    finally:
        page.close()
    return problems


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("example", "page"), CASES)
def test_page_reflows(
    browser: BrowserContext,
    axe_js: Path,
    rendered: dict[str, Path | str],
    example: str,
    page: str,
    width: int,
) -> None:
    """No page scrolls sideways at any width, no chart text is under 12 px, and axe-core
    finds nothing with every rule on; the screenshot is tests/artifacts/reflow/."""
    path = page_file(rendered, example, page)
    if problems := seen_at(browser, axe_js, path, width, name=f"{example}-{page}-{width}"):
        pytest.fail(f"{example}/{path.name} at {width} px:\n" + "\n".join(problems), pytrace=False)


# A chart drawn too small for a phone, and one panning in a region of its own: both caught.
SMALL_CHART_HTML = """\
<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Charts</title></head>
<body><main><h1>Charts</h1>
<figure class="chart" id="chart-shrunk"><svg viewBox="0 0 1000 100" width="100%" role="img"
aria-label="Shrunk"><text x="10" y="50" font-size="14">A label</text></svg>
<figcaption>Shrunk</figcaption></figure>
<figure class="chart" id="chart-panning"><div style="overflow-x: auto"><svg viewBox="0 0 900 100"
width="900" role="img" aria-label="Panning"><text x="10" y="50" font-size="14">Wide</text></svg>
</div><figcaption>Panning</figcaption></figure>
</main></body>
</html>
"""


@pytest.mark.parametrize("width", [320, 375])
def test_harness_catches_small_or_panning_chart(
    browser: BrowserContext, tmp_path: Path, width: int
) -> None:
    page_path = tmp_path / "charts.html"
    page_path.write_text(SMALL_CHART_HTML, encoding="utf-8")
    visit = open_page(browser, page_path)
    try:
        visit.page.set_viewport_size({"width": width, "height": 900})
        report = "\n".join(layout_problems(visit.page))
    finally:
        visit.page.close()
    # the drawing is the page less the body's margins (2 × 8 px) and the figure's (2 × 40 px):
    # 14 × (320 − 96) / 1000 = 3.1 px; 14 × (375 − 96) / 1000 = 3.9 px
    expected = {320: "3.1 px: A label", 375: "3.9 px: A label"}[width]
    assert expected in report, report
    assert "charts that pan sideways on a phone: chart-panning" in report, report
    assert "chart-shrunk" not in report.partition("pan sideways")[2], report


@pytest.mark.parametrize(("example", "page"), CASES)
def test_page_in_dark_mode(
    browser: BrowserContext,
    axe_js: Path,
    rendered: dict[str, Path | str],
    example: str,
    page: str,
) -> None:
    """prefers-color-scheme: dark keeps every contrast (axe-core, every rule on)."""
    path = page_file(rendered, example, page)
    name = f"{example}-{page}-320-dark"
    if problems := seen_at(browser, axe_js, path, 320, name=name, dark=True):
        pytest.fail(f"{example}/{path.name}, dark:\n" + "\n".join(problems), pytrace=False)


def test_accessibility_tree_of_usti(
    browser: BrowserContext, rendered: dict[str, Path | str]
) -> None:
    """What a screen reader is given for the Ústí plan: every table named by its caption,
    rows named by their first cell where it names them, and the measure tree one heading
    level deeper at each step down (Measure 1.1.1 at level 6, its sub-measure 1.1.1.1 at 7)."""
    visit = open_page(browser, page_file(rendered, "usti-seniors", "plan"))
    try:
        nodes = accessibility_tree(visit.page)
    finally:
        visit.page.close()
    tables = [n for n in nodes if ax_role(n) == "table"]
    # the 50 tables of the plan (issue 15), the network's table for 2005 and 2006 and its
    # 2006 update (Part B.3), and where each § 3(h) item is found (Part A): 50 + 3 + 1
    assert len(tables) == 54
    assert [ax_name(t) for t in tables if not ax_name(t)] == []
    assert ax_name(tables[0]) == "Key facts"
    assert sum(ax_role(n) == "caption" for n in nodes) == 54
    row_headers = {ax_name(n) for n in nodes if ax_role(n) == "rowheader"}
    assert {"Territory", "Planning period", "Implementing entity", "Status"} <= row_headers
    # gap tables name no row by their first column: their level ("objective") is a cell
    assert "objective" not in row_headers
    headings = {
        ax_name(n).partition(". ")[0]: ax_property(n, "level")
        for n in nodes
        if ax_role(n) == "heading" and ax_name(n).startswith("Measure ")
    }
    # objective 1.1's measures carry the plan's own numbers (1, 1.1 … 2.4), the rest their ids
    assert headings["Measure 1"] == 6  # id 1.1.1
    assert headings["Measure 1.1"] == 7  # id 1.1.1.1, under it
    assert headings["Measure 2.4"] == 7  # id 1.1.2.4
    assert headings["Measure 2.1.4"] == 6
    # the funds chart's amounts are in its text, not only inside the (hidden) drawing
    # (English puts the currency code first, kept from the digits by a no-break space: CLDR)
    text = " ".join(ax_name(n) for n in nodes if ax_role(n) == "StaticText").replace("\xa0", " ")
    for amount in ("state: CZK 7,400,000", "EU funds: CZK 1,777,500", "clients: CZK 1,050,000"):
        assert amount in text
