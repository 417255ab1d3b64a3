"""Zensical is pinned exactly (pyproject.toml), and an upgrade that changes what it writes is seen
before it lands: a small fixed set of pages, written the way the generator writes them (headings
with anchors, tables, attribute lists, raw HTML, links between pages and to headings), is built with
the installed Zensical and each page's article compared with tests/golden/zensical/. After an
intended upgrade, review the difference and run `make golden`."""

from __future__ import annotations

import re
from importlib.metadata import version

from conftest import REPO, engine_build, make_project

GOLDEN = REPO / "tests" / "golden" / "zensical"
PAGES = {
    "index.md": "---\ntitle: Home\n---\n\n# Where we stand\n\nSee [action 3.1](plans/p/actions/3.1/index.md) and "
                "[its objective](plans/p/index.md#objective-3).\n\n| Action | Status |\n|---|---|\n"
                "| [3.1](plans/p/actions/3.1/index.md) | Amber: significant shift |\n",
    "plans/p/index.md": "# Plan\n\n## Objective 3 { #objective-3 }\n\nText with *emphasis* and `code`.\n\n"
                        '<table class="ij-actions"><caption>Actions</caption><tr><th scope="col">Action</th></tr>'
                        '<tr><td><a href="actions/3.1/">3.1</a></td></tr></table>\n',
    "plans/p/actions/3.1/index.md": "---\nsearch:\n  boost: 2\n---\n\n# Action 3.1: Recruit\n\n"
                                    "- **Lead:** Director\n- **Due:** 31 March 2020\n\n[Back](../../index.md)\n",
}
_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)


def _pinned() -> str:
    text = (REPO / "pyproject.toml").read_text("utf-8")
    return re.search(r'"zensical==([^"]+)"', text).group(1)


def test_the_installed_zensical_is_the_pinned_one():
    assert version("zensical") == _pinned(), (
        f"Zensical {version('zensical')} is installed but pyproject.toml pins {_pinned()}: run make test on a "
        "fresh set-up (it installs the pin), or change the pin with the golden pages (make golden)")


def test_an_upgrade_that_changes_the_article_html_is_seen(tmp_path, update_golden):
    root = make_project(tmp_path / "project", plans=None)
    docs = tmp_path / "docs"
    for rel, text in PAGES.items():
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text(text)
    assert engine_build(root, docs, tmp_path / "site", engine="zensical", strict=True) == []
    articles = {}
    for rel in PAGES:
        built = tmp_path / "site" / (rel[: -len("index.md")] + "index.html")
        articles[rel.replace("/", "__").replace(".md", ".html")] = _ARTICLE.search(built.read_text()).group(1)
    if update_golden:
        GOLDEN.mkdir(parents=True, exist_ok=True)
        for name, text in articles.items():
            (GOLDEN / name).write_text(text)
    changed = [name for name, text in articles.items()
               if not (GOLDEN / name).is_file() or (GOLDEN / name).read_text() != text]
    assert changed == [], (
        f"Zensical {version('zensical')} writes these pages' articles differently from tests/golden/zensical/: "
        f"{', '.join(changed)}. Review the difference (a link, a heading's anchor, a table), then run make golden")
