"""The real site built with the second engine, Zensical (issue 22), in a real browser: every page kind
loads with no console error and no request leaving 127.0.0.1, axe finds nothing in the light and the
dark palette, and search puts an action's number and a programme's acronym first. (The HTML checker
runs over it in tests/e2e/test_html_valid.py; the full browser suite runs on the default engine.)

Zensical's search is its own: a button opens a dialog (in a shadow root, which Playwright's locators
enter) whose results are links to the pages with ?h= and the words found."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect

from browser.conftest import AS_AT, served, settle, tab_to
from browser.test_accessibility import MODES, violations
from browser.test_pages import PAGE_KINDS
from conftest import REPO, make_project


@pytest.fixture(scope="session")
def zensical_site(tmp_path_factory) -> Path:
    root = make_project(tmp_path_factory.mktemp("browser-zensical") / "project", REPO / "plans")
    result = subprocess.run([sys.executable, str(REPO / "build_site.py"), "build", "--as-at", AS_AT,
                             "--engine", "zensical"], cwd=root, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return root / "site"


@pytest.fixture(scope="session")
def zensical_url(zensical_site):
    yield from served(zensical_site)


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_page_loads_clean(page, zensical_url, kind):
    response = page.page.goto(zensical_url + PAGE_KINDS[kind])
    assert response.ok
    page.page.wait_for_load_state("networkidle")
    assert page.page.locator("h1").count() == 1
    assert page.errors == [] and page.outside == []


@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_no_axe_violations(browser, zensical_url, kind, mode):
    scheme, width = MODES[mode]
    context = browser.new_context(viewport={"width": width, "height": 900}, reduced_motion="reduce")
    try:
        p = context.new_page()
        p.goto(zensical_url + PAGE_KINDS[kind])
        p.wait_for_load_state("networkidle")
        if scheme != "default":
            p.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
            settle(p)
        assert violations(p) == []
    finally:
        context.close()


@pytest.mark.parametrize("query, first", [
    ("3.1", r"/plans/cip-2019-20/actions/3\.1/\?"),
    ("PLO", r"/themes/plo-and-pre-proceedings/\?"),
])
def test_search_puts_the_number_or_acronym_first(page, zensical_url, query, first):
    """Zensical ignores search: boost; the pages rank first because the words are in their heading."""
    p = page.page
    p.goto(zensical_url)
    tab_to(p, "button.md-search__button")
    p.keyboard.press("Enter")
    box = p.get_by_role("dialog", name="Search").locator("input")
    expect(box).to_be_focused(timeout=15_000)
    p.keyboard.type(query)
    results = p.get_by_role("dialog", name="Search").locator("a[href*='?h=']")
    expect(results.first).to_have_attribute("href", re.compile(first), timeout=15_000)
    assert page.errors == [] and page.outside == []
