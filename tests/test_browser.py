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
    format_violations,
    format_vnu,
    open_page,
    require_file,
    require_java,
    run_axe,
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
    "init:ngo@zh-Hant", "unit", "unit@zh-Hant",
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
