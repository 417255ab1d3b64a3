"""The markup scan after the engine keeps what each page's exact text was found to hold (issue 14):
a page seen before is not parsed again, and the cache never hides what a page holds."""

from __future__ import annotations

from journey.engine import scan as site

PAGE = ('<html><body><article class="md-content__inner">{}</article></body></html>')


def test_cached_scan_reports_the_same_and_changed_pages_are_scanned_again(tmp_path, monkeypatch):
    out, cache = tmp_path / "site", tmp_path / "scans.json"
    out.mkdir()
    (out / "bad.html").write_text(PAGE.format("<script>alert(1)</script>"))
    (out / "good.html").write_text(PAGE.format("<p>fine</p>"))
    first = site.unsafe_markup(out, cache=cache)
    assert [rel for rel, _ in first] == ["bad.html"] and cache.is_file()

    parsed = []
    real = site._scan
    monkeypatch.setattr(site, "_scan", lambda text: parsed.append(text) or real(text))
    assert site.unsafe_markup(out, cache=cache) == first  # from the cache: the same finding
    assert parsed == []  # and nothing parsed again
    (out / "good.html").write_text(PAGE.format('<img src="https://elsewhere.example/x.png">'))
    again = site.unsafe_markup(out, cache=cache)
    assert len(parsed) == 1 and {rel for rel, _ in again} == {"bad.html", "good.html"}


def test_the_scan_reads_a_nul_as_a_browser_does_and_a_link_title_is_only_text():
    content = '<article class="md-content__inner">{}</article>'
    assert site._scan(content.format("<b\x00 tabindex=0 onfocus=alert(1)>x</b>")) == ["handler"]
    assert site._scan(content.format('<a href="https://example.org" title="JavaScript: not needed">x</a>')) == []
    assert site._scan(content.format('<img src="a.png" alt="JavaScript: the language">')) == []
    assert site._scan(content.format("<div><![ x></div>")) == ["element:unreadable"]  # the parser gives up
