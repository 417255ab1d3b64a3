"""Every page kind in a real browser: loads with no console error and no request leaving
127.0.0.1; search finds action numbers, programme names and acronyms; the keyboard alone reaches
search, navigation, table sorting and filters."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from browser.conftest import tab_to

PAGE_KINDS = {
    "home": "",
    "inspections": "inspections/",
    "inspection": "inspections/2019-02-focused-visit/",
    "graded inspection": "inspections/2011-03-inspection/",
    "register": "register/",
    "plans": "plans/",
    "plan": "plans/cip-2019-20/",
    "action": "plans/cip-2019-20/actions/3.1/",
    "themes": "themes/",
    "theme": "themes/permanence/",
    "leads": "leads/",
    "lead": "leads/coventry-city-council/",
    "timeline": "timeline/",
    "metrics": "metrics/",
    "how to edit": "how-to-edit/",
    "sources": "sources/",
    "board report": "plans/cip-2019-20/board-report/",
    "downloads": "downloads/",
    "accessibility": "accessibility/",
    "not found": "404.html",
}


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_page_loads_clean(page, base_url, kind):
    response = page.page.goto(base_url + PAGE_KINDS[kind])
    assert response.ok
    page.page.wait_for_load_state("networkidle")
    assert page.page.locator("h1").count() == 1
    assert page.errors == []
    assert page.outside == []


@pytest.mark.parametrize("query, expected", [
    ("3.1", "Action 3.1:"),
    ("PLO", "PLO"),
    ("Signs of Safety", "Signs of Safety"),
    ("MASH", "MASH"),
    ("permanence", "permanence"),
])
def test_search_finds_numbers_programmes_and_acronyms(page, base_url, query, expected):
    p = page.page
    p.goto(base_url)
    tab_to(p, "input.md-search__input")
    p.keyboard.type(query)
    # Each key searches again, and a shorter query's results may be on screen for a moment: expect()
    # reads the list again until a result holds the words (or its timeout passes).
    found = p.locator(".md-search-result__item").filter(has_text=re.compile(re.escape(expected), re.I))
    expect(found.first).to_be_visible(timeout=15_000)
    assert page.errors == [] and page.outside == []


def test_search_result_opens_by_keyboard(page, base_url):
    p = page.page
    p.goto(base_url)
    tab_to(p, "input.md-search__input")
    p.keyboard.type("3.1")
    expect(p.locator(".md-search-result__item > a").first).to_have_attribute(
        "href", re.compile(r"plans/cip-2019-20/actions/3\.1/"), timeout=15_000)  # the full query's results
    p.keyboard.press("ArrowDown")
    p.keyboard.press("Enter")
    p.wait_for_url("**/plans/cip-2019-20/actions/3.1/**", timeout=15_000)


def test_navigation_by_keyboard(page, base_url):
    p = page.page
    p.goto(base_url)
    tab_to(p, '.md-sidebar--primary a.md-nav__link[href$="timeline/"]')
    p.keyboard.press("Enter")
    p.wait_for_url("**/timeline/")
    assert p.locator("h1").inner_text() == "Timeline of the journey"


def test_action_table_sorts_and_filters_by_keyboard(page, base_url):
    p = page.page
    p.goto(base_url + "plans/cip-2019-20/")
    table = p.locator("#objective-9 ~ .ij-table-wrap table").first
    numbers = lambda: table.locator("tbody tr td:first-child").all_inner_texts()  # noqa: E731
    assert numbers() == ["9.1", "9.2", "9.3", "9.4", "9.5"]
    tab_to(p, "#objective-9 ~ .ij-table-wrap table th:first-child button")
    p.keyboard.press("Enter")  # ascending: as it was
    p.keyboard.press("Enter")  # descending
    assert numbers() == ["9.5", "9.4", "9.3", "9.2", "9.1"]
    assert table.locator("th").first.get_attribute("aria-sort") == "descending"

    tab_to(p, "#ij-filter-text")
    p.keyboard.type("PLO")
    count = p.locator("#ij-filter-count").inner_text()
    assert count.endswith(" of 62 actions shown") and 0 < int(count.split()[0]) < 62
    below = p.locator("form.ij-filter ~ * tr[data-status]:not([hidden]), form.ij-filter ~ .ij-table-wrap tr[data-status]:not([hidden])")
    assert all("plo" in text.lower() for text in below.all_inner_texts())
    p.keyboard.press("Control+A")
    p.keyboard.press("Delete")
    assert p.locator("#ij-filter-count").inner_text() == "62 of 62 actions shown"
    p.keyboard.press("Tab")  # on to the "Show" list
    assert p.evaluate("document.activeElement.id") == "ij-filter-status"
    p.keyboard.type("com")  # type-ahead picks "completed"
    assert p.locator("#ij-filter-status").input_value() == "flag:completed"
    assert p.locator("#ij-filter-count").inner_text() == "0 of 62 actions shown"
    assert page.errors == [] and page.outside == []
