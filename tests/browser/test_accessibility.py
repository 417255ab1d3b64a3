"""WCAG 2.2 AA by axe-core in a real browser: every page kind, in the light and the dark palette
and at phone width, with zero violations. No rule is disabled; Material's own shortfalls are fixed
in theme_overrides/."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from browser.conftest import settle
from browser.test_pages import PAGE_KINDS

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
MODES = {"light": ("default", 1280), "dark": ("slate", 1280), "phone": ("default", 375)}
AXE = Axe()


def violations(p) -> list[str]:
    result = AXE.run(p, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]})
    return [f"{v['id']} ({v['impact']}): {len(v['nodes'])} x {v['nodes'][0]['target']} - {v['help']}"
            for v in result.response["violations"]]


@pytest.fixture(params=list(MODES))
def mode_page(request, browser):
    scheme, width = MODES[request.param]
    context = browser.new_context(viewport={"width": width, "height": 900}, reduced_motion="reduce")
    page = context.new_page()
    yield scheme, page
    context.close()


def _open(page, url: str, scheme: str) -> None:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    if scheme != "default":
        # What Material's palette toggle does; then let colour transitions finish.
        page.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
        settle(page)


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_no_axe_violations(mode_page, base_url, kind):
    scheme, page = mode_page
    _open(page, base_url + PAGE_KINDS[kind], scheme)
    assert violations(page) == []


def test_no_axe_violations_with_search_results_open(mode_page, base_url):
    scheme, page = mode_page
    _open(page, base_url, scheme)
    page.keyboard.press("/")  # Material's shortcut to the search box
    page.keyboard.type("permanence")
    page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
    assert violations(page) == []


def test_no_axe_violations_with_filters_in_use(mode_page, base_url):
    scheme, page = mode_page
    _open(page, base_url + "timeline/", scheme)
    page.locator("form.ij-timeline-filter input[value=workforce]").uncheck()
    assert violations(page) == []
    _open(page, base_url + "plans/cip-2019-20/", scheme)
    page.locator("#ij-filter-text").fill("PLO")
    page.locator("table.ij-actions th button").first.click()
    assert violations(page) == []
