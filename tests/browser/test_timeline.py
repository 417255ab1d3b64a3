"""The journey timeline in a real browser: the category filter and the year jump by keyboard alone."""

from __future__ import annotations

from browser.conftest import tab_to


def test_category_filter_works_by_keyboard(page, base_url):
    p = page.page
    p.goto(base_url + "timeline/")
    workforce = p.locator("ol.ij-timeline > li[data-category=workforce]")
    total = p.locator("ol.ij-timeline > li").count()
    n = workforce.count()
    assert n > 10 and total > n
    assert p.locator("form.ij-timeline-filter output").inner_text() == f"{total} of {total} events shown"
    tab_to(p, "form.ij-timeline-filter input[value=workforce]")
    p.keyboard.press("Space")
    assert workforce.evaluate_all("items => items.every(i => i.hidden)")
    assert p.locator("form.ij-timeline-filter output").inner_text() == f"{total - n} of {total} events shown"
    assert p.locator("ol.ij-timeline > li[data-category=inspection]").first.is_visible()
    p.keyboard.press("Space")
    assert workforce.evaluate_all("items => items.every(i => !i.hidden)")
    assert page.errors == [] and page.outside == []


def test_year_jump_works_by_keyboard(page, base_url):
    p = page.page
    p.goto(base_url + "timeline/")
    tab_to(p, '.ij-years a[href="#year-2016"]')
    p.keyboard.press("Enter")
    p.wait_for_function("location.hash === '#year-2016'")
    top = p.locator("#year-2016").evaluate("e => e.getBoundingClientRect().top")
    assert 0 <= top < 300  # the 2016 heading is at the top of the window
    assert page.errors == [] and page.outside == []


def test_every_chart_image_loads(page, base_url):
    p = page.page
    for path in ("timeline/", "metrics/", "plans/cip-2019-20/", "inspections/"):
        p.goto(base_url + path)
        assert p.locator("figure.ij-chart img").count() >= 1, path
        loaded = p.evaluate("""() => Promise.all([...document.querySelectorAll('figure.ij-chart img')].map(
            i => fetch(i.src).then(r => r.ok && r.headers.get('content-type').includes('svg'))))""")
        assert loaded and all(loaded), path
    assert page.errors == [] and page.outside == []
