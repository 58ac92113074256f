"""services.html in headless Chromium: the citizens' offer filters by need, target group
and place with its own script, and lists every service with JavaScript off; axe-core's
WCAG 2.1 A/AA rules find nothing. Expected services are read by hand from
examples/usti-seniors (needs.yaml's needs matrix, services.yaml's target groups)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from browser_tools import AXE_JS, format_violations, open_page, require_file, run_axe
from conftest import EXAMPLES, invoke

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

pytestmark = pytest.mark.browser

# Every service of services.yaml; three serve adults with disabilities too, so the page
# lists them twice, once under each group.
ALL = {
    "dd-residential", "dpd-bukov-housing", "dpd-kb-housing", "dpd-st-housing", "dps-flats",
    "city-home-care", "meals-on-wheels", "ngo-home-care-service", "personal-assistance",
    "supported-employment-service", "ldn-follow-up-care",
}  # fmt: skip
# needs.yaml: the cells of `housing` that name services (rows seniors-sheltered, -residential)
HOUSING = {"dd-residential", "dpd-bukov-housing", "dpd-kb-housing", "dpd-st-housing", "dps-flats"}
# services.yaml: target_groups [senior-citizens, adults-with-disabilities]
DISABILITIES = {"ngo-home-care-service", "personal-assistance", "supported-employment-service"}


@pytest.fixture(scope="module")
def services_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("services")
    result = invoke("render", str(EXAMPLES / "usti-seniors"), "-o", str(out), "-f", "html")
    assert result.returncode == 0, result.stderr
    return out / "services.html"


def visible(page: Page) -> set[str]:
    return set(
        page.eval_on_selector_all(
            ".directory-service",
            "els => els.filter(e => e.offsetParent !== null).map(e => e.dataset.service)",
        )
    )


def test_filter_by_need(browser: BrowserContext, services_page: Path) -> None:
    visit = open_page(browser, services_page)
    page = visit.page
    try:
        assert page.is_visible("#directory-filter")
        assert visible(page) == ALL
        page.select_option("#directory-need", "housing")
        assert visible(page) == HOUSING
        assert page.text_content("#directory-status") == "Shown: 5 of 11 services"
        page.select_option("#directory-need", "")
        page.select_option("#directory-place", "bukov")
        assert visible(page) == {"dpd-bukov-housing"}
        page.click("button[type=reset]")
        page.wait_for_function(
            "document.querySelectorAll('.directory-service[hidden]').length == 0"
        )
        assert visible(page) == ALL
        assert visit.errors == [] and visit.foreign_requests() == []
    finally:
        page.close()


def test_filter_by_target_group(browser: BrowserContext, services_page: Path) -> None:
    page = open_page(browser, services_page).page
    try:
        page.select_option("#directory-group", "group-adults-with-disabilities")
        assert visible(page) == DISABILITIES
        assert not page.is_visible("#group-senior-citizens")
        # words: accents do not matter ("Krasne" finds Krásné Březno)
        page.select_option("#directory-group", "")
        page.fill("#directory-q", "krasne brezno")
        assert visible(page) == {"dpd-kb-housing"}
        page.fill("#directory-q", "no such service anywhere")
        assert visible(page) == set() and page.is_visible("#directory-empty")
    finally:
        page.close()


def test_without_javascript_everything_is_listed(
    browser: BrowserContext, services_page: Path
) -> None:
    page = browser.new_page()
    try:
        cdp = browser.new_cdp_session(page)
        cdp.send("Emulation.setScriptExecutionDisabled", {"value": True})
        page.goto(services_page.resolve().as_uri())
        assert visible(page) == ALL
        assert page.locator(".directory-service").count() == len(ALL) + len(DISABILITIES)
        assert not page.is_visible("#directory-filter")  # no form that could not work
    finally:
        page.close()


def test_each_target_group_prints_as_a_leaflet(
    browser: BrowserContext, services_page: Path
) -> None:
    page = browser.new_page()
    try:
        page.goto(services_page.resolve().as_uri() + "#group-adults-with-disabilities")
        page.emulate_media(media="print")
        assert visible(page) == DISABILITIES  # the group opened by its link prints alone
        assert not page.is_visible("#directory-filter")
        breaks = page.eval_on_selector_all(
            ".directory-group", "els => els.map(e => getComputedStyle(e).breakBefore)"
        )
        assert breaks == ["page", "page"]
    finally:
        page.close()


def test_axe_finds_no_violation(browser: BrowserContext, services_page: Path) -> None:
    axe = require_file(AXE_JS, "axe-core (tests/browser/node_modules)")
    page = open_page(browser, services_page).page
    try:
        violations = run_axe(page, axe)
        assert violations == [], format_violations(violations)
        page.select_option("#directory-need", "housing")  # and with the filter in use
        violations = run_axe(page, axe)
        assert violations == [], format_violations(violations)
    finally:
        page.close()


def test_annual_report_page_passes_axe(
    browser: BrowserContext, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """The annual report's HTML (tests/test_annual.py checks its figures) is accessible too."""
    axe = require_file(AXE_JS, "axe-core (tests/browser/node_modules)")
    out = tmp_path_factory.mktemp("annual")
    result = invoke(
        "render", str(EXAMPLES / "usti-seniors"), "--annual-report", "2005", "-o", str(out)
    )
    assert result.returncode == 0, result.stderr
    visit = open_page(browser, out / "annual-2005.html")
    try:
        violations = run_axe(visit.page, axe)
        assert violations == [], format_violations(violations)
        assert visit.errors == [] and visit.foreign_requests() == []
    finally:
        visit.page.close()
