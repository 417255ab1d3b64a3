"""Print: every page kind prints without the screen's furniture (navigation, search, filters, year
links, sort arrows), with table headers repeated and no list printed twice; the 2019-20 plan page,
printed to A4 by Chromium, fits in 12 pages with body text of at least 9 pt and every column."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from browser.test_layout import REAL_KINDS


def _printed(page, url: str) -> bytes:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return page.pdf(format="A4", prefer_css_page_size=True)


def test_the_2019_20_plan_prints_in_at_most_12_a4_pages_with_every_column(page, base_url):
    p = page.page
    pdf = PdfReader(io.BytesIO(_printed(p, base_url + "plans/cip-2019-20/")))
    assert len(pdf.pages) <= 12
    width, height = float(pdf.pages[0].mediabox.width), float(pdf.pages[0].mediabox.height)
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    text = "".join(pg.extract_text() for pg in pdf.pages)
    for column in ("No.", "Action", "Lead", "Due", "Status", "Last update"):
        assert column in text
    assert "3.1" in text and "27.3" in text  # the first and the last objectives' actions
    p.emulate_media(media="print")
    sizes = p.evaluate("""() => [...document.querySelectorAll('article p, article td, article li')]
        .filter(e => e.getClientRects().length && e.textContent.trim())
        .map(e => parseFloat(getComputedStyle(e).fontSize))""")
    assert sizes and min(sizes) >= 12  # 9 pt is 12 CSS px


@pytest.mark.parametrize("kind", REAL_KINDS)
def test_every_page_prints_without_the_screen_furniture(page, base_url, kind):
    p = page.page
    p.goto(base_url + REAL_KINDS[kind])
    p.wait_for_load_state("networkidle")
    p.emulate_media(media="print")
    shown = p.evaluate("""() => {
        const visible = s => [...document.querySelectorAll(s)].filter(e => e.getClientRects().length).length;
        return {nav: visible('.md-header, .md-sidebar, .md-search'), filters: visible('.ij-filter, .ij-timeline-filter, .ij-years'),
                attention: visible('.ij-attention'), arrows: [...document.querySelectorAll('.ij-sort')]
                    .filter(b => getComputedStyle(b, '::after').content !== 'none').length,
                heads: [...document.querySelectorAll('table.ij-table thead')]
                    .filter(t => getComputedStyle(t).display !== 'table-header-group').length};
    }""")
    assert shown == {"nav": 0, "filters": 0, "attention": 0, "arrows": 0, "heads": 0}
