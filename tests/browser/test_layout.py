"""Looks right to a person: every page kind as rendered in Chromium, on the real data and the
fictional fixture, at desktop (1366 px) and phone (390 px) width, in the light and the dark palette.

For each: no part of the page is wider than the screen; no icon is taller than 2em; no text is cut
off by the box it sits in; the footer names the council and gives the contact, the as-at date and
the date the data was last updated; every chart is shown in the variant drawn for that width, at a
width where its smallest text is at least 11 CSS px. And: the timeline takes at most 160 px per
event on a desktop, and its category chips filter ("only this" leaves one category)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from browser.conftest import settle
from journey.charts import VARIANTS

REAL_KINDS = {
    "home": "", "inspections": "inspections/", "inspection": "inspections/2019-02-focused-visit/",
    "graded inspection": "inspections/2011-03-inspection/", "register": "register/", "plans": "plans/",
    "plan": "plans/cip-2019-20/", "action": "plans/cip-2019-20/actions/3.1/", "themes": "themes/",
    "theme": "themes/permanence/", "leads": "leads/", "lead": "leads/coventry-city-council/",
    "timeline": "timeline/", "metrics": "metrics/", "how to edit": "how-to-edit/", "sources": "sources/",
    "accessibility": "accessibility/", "board report": "plans/cip-2019-20/board-report/", "downloads": "downloads/",
}
FIXTURE_KINDS = {
    "home": "", "inspections": "inspections/", "inspection": "inspections/2022-05-inspection/",
    "register": "register/", "plans": "plans/", "plan": "plans/wv-plan-2024/",
    "action": "plans/wv-plan-2024/actions/1.1/", "themes": "themes/", "theme": "themes/assessment/",
    "leads": "leads/", "lead": "leads/wyvern-vale-borough-council/", "timeline": "timeline/",
    "metrics": "metrics/", "sources": "sources/", "board report": "plans/wv-plan-2024/board-report/",
    "downloads": "downloads/",
}
WIDTHS = {"desktop": 1366, "phone": 390}


def test_every_registered_page_kind_is_checked_in_the_browser():
    """A new page kind (one entry in journey/pages/kinds.py PAGE_KINDS) fails here until it has an example."""
    from journey.pages.kinds import PAGE_KINDS

    assert {k.name for k in PAGE_KINDS} <= set(REAL_KINDS)
    assert {k.name for k in PAGE_KINDS} - {"how to edit"} <= set(FIXTURE_KINDS)
SCHEMES = {"light": "default", "dark": "slate"}
FOOTER = {"real": ("Coventry City Council", "Contact:", "As at 16 September 2021", "Data last updated"),
          "fixture": ("Wyvern Vale Borough Council", "Contact: improvement@wyvernvale.example.gov.uk",
                      "As at 1 October 2024", "Data last updated 30 September 2024")}

# Every text node is checked against every ancestor that clips (overflow hidden or clip, or an
# ellipsis); visually hidden helpers (1 px, clipped on purpose for screen readers) are skipped.
LAYOUT_JS = """() => {
  const out = {wide: [], icons: [], cut: []};
  const vw = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth > vw + 1) out.wide.push('page ' + document.documentElement.scrollWidth);
  for (const el of document.querySelectorAll('.md-main *')) {
    const r = el.getBoundingClientRect();
    if (r.width && r.right > vw + 1 && getComputedStyle(el).position !== 'fixed') {
      let scrolled = false;
      for (let a = el.parentElement; a; a = a.parentElement) {
        const o = getComputedStyle(a).overflowX;
        if (o === 'auto' || o === 'scroll' || o === 'hidden') { scrolled = true; break; }
      }
      if (!scrolled) out.wide.push(el.tagName + '.' + el.className + ' ' + Math.round(r.right));
    }
  }
  for (const svg of document.querySelectorAll('.md-content svg')) {  // Material sizes its toolbar icons in rem
    const r = svg.getBoundingClientRect();
    if (!r.height || svg.closest('figure.ij-chart')) continue;
    const em = parseFloat(getComputedStyle(svg.parentElement).fontSize);
    if (r.height > 2 * em + 0.5) out.icons.push((svg.getAttribute('class') || svg.parentElement.className) + ' ' + Math.round(r.height) + 'px');
  }
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    if (!n.textContent.trim()) continue;
    const el = n.parentElement;
    if (!el || !el.getClientRects().length) continue;
    const range = document.createRange(); range.selectNodeContents(n);
    const t = range.getBoundingClientRect();
    if (t.width < 2 || t.height < 2) continue;
    let unseen = false;  // not shown to a reader at the moment (Material's swapped-out header title)
    for (let a = el; a && a !== document.body; a = a.parentElement) {
      const cs = getComputedStyle(a);
      if (cs.visibility === 'hidden' || parseFloat(cs.opacity) === 0) { unseen = true; break; }
    }
    if (unseen) continue;
    for (let a = el; a && a !== document.body; a = a.parentElement) {
      const cs = getComputedStyle(a);
      const ar = a.getBoundingClientRect();
      if (ar.width <= 1 || ar.height <= 1 || cs.clipPath !== 'none') break;  // visually hidden on purpose
      const clips = ['hidden', 'clip'].includes(cs.overflowX) || ['hidden', 'clip'].includes(cs.overflowY)
                    || cs.textOverflow === 'ellipsis';
      if (!clips) continue;
      const ellipsed = cs.textOverflow === 'ellipsis' && a.scrollWidth > a.clientWidth + 1;
      if (ellipsed || t.right > ar.right + 1 || t.left < ar.left - 1 || t.bottom > ar.bottom + 1 || t.top < ar.top - 1) {
        out.cut.push(JSON.stringify(n.textContent.trim().slice(0, 40)) + ' in ' + a.tagName + '.' + a.className);
        break;
      }
    }
  }
  return out;
}"""


def _open(context, url: str, scheme: str):
    page = context.new_page()
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.evaluate("""() => Promise.all([...document.images].map(i => { i.loading = 'eager';
        return i.complete ? null : new Promise(r => { i.onload = i.onerror = r; }); }))""")
    if scheme != "default":
        page.evaluate(f"document.body.setAttribute('data-md-color-scheme', '{scheme}')")
    settle(page)
    return page


def _check_page(browser, url: str, width: int, scheme: str, data: str) -> list[str]:
    context = browser.new_context(viewport={"width": width, "height": 900}, reduced_motion="reduce")
    try:
        page = _open(context, url, scheme)
        found = page.evaluate(LAYOUT_JS)
        problems = [f"wider than the screen: {w}" for w in found["wide"][:5]]
        problems += [f"icon too tall: {i}" for i in found["icons"][:5]]
        problems += [f"text cut off: {c}" for c in found["cut"][:5]]
        footer = page.locator("footer .ij-identity").inner_text()
        problems += [f"footer lacks {w!r}" for w in FOOTER[data] if w not in footer]
        variant = "narrow" if width <= 640 else "wide"
        for chart in page.locator("figure.ij-chart img").all():
            chart.scroll_into_view_if_needed()
            shown = chart.evaluate("""i => ({src: i.currentSrc, width: i.clientWidth
                - parseFloat(getComputedStyle(i).paddingLeft) - parseFloat(getComputedStyle(i).paddingRight)})""")
            wanted = ".narrow.svg" if variant == "narrow" else ".svg"
            if not shown["src"].endswith(wanted) or (variant == "wide" and shown["src"].endswith(".narrow.svg")):
                problems.append(f"chart {shown['src']} is not the {variant} variant")
            if shown["width"] < VARIANTS[variant].min_display_px:
                problems.append(f"chart {shown['src']} shown {shown['width']:.0f} px wide, under "
                                f"{VARIANTS[variant].min_display_px} px: its text would be under 11 px")
        return problems
    finally:
        context.close()


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", REAL_KINDS)
def test_real_site_page_looks_right(browser, base_url, kind, width, scheme):
    assert _check_page(browser, base_url + REAL_KINDS[kind], WIDTHS[width], SCHEMES[scheme], "real") == []


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", FIXTURE_KINDS)
def test_fixture_site_page_looks_right(browser, fixture_base_url, kind, width, scheme):
    assert _check_page(browser, fixture_base_url + FIXTURE_KINDS[kind], WIDTHS[width], SCHEMES[scheme],
                       "fixture") == []


def test_the_checks_catch_what_they_look_for(browser, base_url):
    """The checker is not blind: a tall icon, a cut title and a too-wide block are all reported."""
    context = browser.new_context(viewport={"width": 390, "height": 900})
    page = _open(context, base_url + "timeline/", "default")
    page.add_style_tag(content=".md-typeset svg.ij-icon, svg.ij-icon { height: 150px !important; }"
                               ".md-typeset h1 { width: 80px; overflow: hidden; white-space: nowrap; }"
                               ".md-typeset p:first-of-type { width: 900px; }")
    found = page.evaluate(LAYOUT_JS)
    context.close()
    assert found["icons"] and found["wide"] and any("Timeline" in c for c in found["cut"])


def test_the_timeline_is_compact_on_a_desktop(browser, base_url):
    context = browser.new_context(viewport={"width": 1366, "height": 900})
    page = _open(context, base_url + "timeline/", "default")
    heights = page.evaluate("""() => {
        const lists = [...document.querySelectorAll('ol.ij-timeline')];
        return [lists.reduce((s, l) => s + l.getBoundingClientRect().height, 0),
                lists.reduce((s, l) => s + l.children.length, 0),
                document.querySelector('.ij-years').getBoundingClientRect().top];
    }""")
    context.close()
    total, events, years_top = heights
    assert events > 200
    assert total / events <= 160, f"{total / events:.0f} px per event"
    assert years_top < 900, "the year links are below the fold"


def test_only_this_leaves_one_category_and_show_all_brings_them_back(page, base_url):
    p = page.page
    p.goto(base_url + "timeline/")
    items = p.locator("ol.ij-timeline > li")
    total = items.count()
    p.locator("button.ij-only[data-only=inspection]").click()
    shown = items.evaluate_all("items => items.filter(i => !i.hidden).map(i => i.dataset.category)")
    assert shown and set(shown) == {"inspection"} and len(shown) < total
    assert p.locator("form.ij-timeline-filter input:checked").count() == 1
    p.locator("button.ij-all").click()
    assert items.evaluate_all("items => items.every(i => !i.hidden)")
    assert page.errors == [] and page.outside == []


@pytest.mark.parametrize("query, first", [
    ("PLO", "themes/plo-and-pre-proceedings/"),
    ("3.1", "plans/cip-2019-20/actions/3.1/"),
])
def test_search_ranks_what_matters_first(page, base_url, query, first):
    p = page.page
    p.goto(base_url)
    p.locator("label.md-search__icon, .md-search__input").first.click()
    # typed key by key as a reader does: Material reads the box on keyup (a filled value is only read if
    # the search index happens to finish loading afterwards)
    p.locator("input.md-search__input").press_sequentially(query)
    # Each key searches again, and the results of a shorter query ("PL") may be on screen for a moment:
    # expect() keeps reading the list until it shows the results wanted (or its timeout passes).
    links = p.locator(".md-search-result__item > a")
    expect(links.first).to_have_attribute("href", re.compile(re.escape(first) + r"(?:[?#].*)?$"), timeout=15_000)
    if query == "PLO":  # then the newest area for improvement on the theme, before any single action
        expect(links.nth(1)).to_have_attribute("href", re.compile(r"inspections/2021-05-interim-focused-visit/"
                                                                  r"(?:[?#].*)?$"), timeout=15_000)
        pages = [h.split("?")[0] for h in links.evaluate_all("as => as.map(a => a.getAttribute('href'))")]
        actions = [i for i, h in enumerate(pages) if "/actions/" in h]
        assert not actions or actions[0] > 1
