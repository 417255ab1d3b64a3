"""Hand-written pages in content/: what the site engine puts into a page's head without escaping (its
settings, its title) must be plain, and a page cannot choose a template; each problem at its line."""

from __future__ import annotations

import pytest

from journey.inputs.handwritten import SIZE_MAX, page_problems

from conftest import REPO

FINE = {
    "plain": "# About this site\n\nText.\n",
    "settings": "---\ntitle: About & contact\ndescription: Who runs the site, and how to reach us\nhide: [toc, footer]\n"
                "search: {boost: 2}\n---\n# About\n",
    "excluded from search": "---\nsearch:\n  exclude: true\n---\n# Draft\n",
    "crlf and bom": "\ufeff---\r\ntitle: Windows\r\n---\r\n# Windows\r\n",
    "ampersand in heading": "# Health &amp; safety\n",
    "markup in a later heading": "# About\n\n## Using <kbd>Tab</kbd>\n",
    "setext heading": "About us\n========\n\nText.\n",
    "title set, heading left alone": "---\ntitle: About\n---\n# About &lt;us&gt;\n",
    "blank line first": "\nNote: a note, shown as text\n",
    # false alarms a probe found
    "tab after a setting": "---\ntitle: Our plan\t\ndescription:\tWhat we do\n---\n# x\n",
    "quotes and a less-than in a title": "---\ntitle: Ofsted rates us \"Good\" for under <5s\n---\n# x\n",
    "hide as one word, or nothing": "---\nhide: toc\n---\n# x\n",
    "hide nothing": "---\nhide: []\n---\n# x\n",
    "a rule, then text": "---\nSome words under a line.\n",
    "a year as the title": "---\ntitle: 2024\n---\n# x\n",
}


@pytest.mark.parametrize("name", FINE)
def test_pages_that_are_fine(tmp_path, name):
    page = tmp_path / "page.md"
    page.write_bytes(FINE[name].encode("utf-8"))
    assert page_problems("content/page.md", page) == []


def test_the_repository_pages_are_fine():
    for page in sorted((REPO / "content").glob("*.md")):
        assert page_problems(str(page), page) == [], page


REFUSED = {
    "a list, not settings": ("---\n- a\n- b\n---\n# x\n", "content/page.md:2:1: the page settings between the --- "
                             "lines must be `key: value` lines; the engine would show them as text"),
    "second line of top settings": ("Author: someone\nStatus: draft\n\n# x\n",
                                    "content/page.md:1:1: author: the page's first lines ('author: ...') are read "
                                    "by the site engine as page settings, not shown as text; start the page with its "
                                    "# heading"),
    "title over lines": ("---\ntitle: |\n  a\n  b\n---\n# x\n", "content/page.md:2:1: title: must be a single line"),
    "continued on an indented line": ("Title: About us\n    </title><script>\n\n# About\n",
                                      "content/page.md:1:1: title: must be plain text: '</' would be read as markup "
                                      "in the page's head; leave it out"),
    "quote in a description": ("---\ndescription: 'Rated \"good\"'\n---\n# x\n", "content/page.md:2:1: "
                               "description: must be plain text: '\"' would be read as markup in the page's head; "
                               "leave it out"),
    "reference to a tag in a title": ("---\ntitle: A &lt;b&gt; B\n---\n# x\n", "content/page.md:2:1: title: must "
                                      "be plain text: '<b' would be read as markup in the page's head; leave it out"),
    "search boost without end": ("---\nsearch: {boost: .inf}\n---\n# x\n", "content/page.md:2:1: search: must be "
                                 "`exclude: true` (leave the page out of search) or `boost: <a number>`"),
    "nested deeply": ("---\ntitle: " + "[" * 3000 + "]" * 3000 + "\n---\n# x\n",
                      "content/page.md:2:1: title: must be a line of text"),
    "settings too long": ("---\ntitle: " + "[" * 20000 + "]" * 20000 + "\n---\n# x\n",  # seconds to read as YAML
                          "content/page.md:2:1: the page settings between the --- lines are longer than 8,192 "
                          "characters, far more than a title, a description, hide and search need; shorten them"),
    "bracket never closed": ("---\ntitle: [a\n---\n# x\n",  # found where the settings end: the line above is meant
                             "content/page.md:3:1: the page settings between the --- lines cannot be read (did not find "
                             "expected ',' or ']'); check this line and the one above. The engine would show them as "
                             "text. Write them as `key: value` lines"),
    "empty settings": ("---\n---\n# Empty\n", "content/page.md:1:1: starts with an empty block of page settings, "
                       "which the engine would show as lines across the page; remove its two --- lines"),
    "stray byte": ("# Caf\xe9\n", "content/page.md:1:1: is not UTF-8 text; save it again as UTF-8"),
    # One engine reads ``` as fenced code and the other does not (so there the heading is the title):
    # the check refuses what either would put in the head.
    "heading in code to one engine": ("```\n# &lt;not the title&gt;\n```\n\n# Title\n",
                                      "content/page.md: its title (from its title: setting, else its first # heading, "
                                      "else its file's name) would become markup in the page's head ('<n' in "
                                      "'&lt;not the title&gt;'); write it in plain words"),
    "heading in the file's name": ("Text only.\n", None),
}


@pytest.mark.parametrize("name", REFUSED)
def test_pages_that_are_refused(tmp_path, name):
    text, first = REFUSED[name]
    page = tmp_path / ("&lt;b&gt;.md" if first is None else "page.md")
    page.write_bytes(text.encode("latin-1") if name == "stray byte" else text.encode("utf-8"))
    first = first or ("content/page.md: its title (from its title: setting, else its first # heading, else its file's "
                      "name) would become markup in the page's head ('<b' in '&lt;b&gt;'); write it in plain words")
    assert str(page_problems("content/page.md", page)[0]) == first


def test_a_page_too_big_to_be_written_by_hand(tmp_path):
    page = tmp_path / "page.md"
    page.write_bytes(b"# Big\n" + b"x" * SIZE_MAX)
    assert [str(p) for p in page_problems("content/page.md", page)] == [
        f"content/page.md: is {SIZE_MAX + 6:,} bytes, over the limit of {SIZE_MAX:,} for a page; split it into several "
        "pages"]


def test_settings_nested_too_deeply_for_the_python_reader(tmp_path, monkeypatch):
    """(Without libyaml, PyYAML's own reader recurses: the page is still named, in one line.)"""
    import yaml

    monkeypatch.delattr(yaml, "CSafeLoader", raising=False)
    page = tmp_path / "page.md"
    page.write_text("---\ntitle: " + "[" * 3000 + "]" * 3000 + "\n---\n# x\n")
    assert [str(p) for p in page_problems("content/page.md", page)] == [
        "content/page.md:2:1: the page settings between the --- lines are nested too deeply to read; write them as "
        "`key: value` lines"]
