"""When the site engine stops on a hand-written page, the editor is told once, about that page, in
the build and in the preview alike (it was told twice, against mkdocs.yml, in the engine's words)."""

from __future__ import annotations

import pytest

from journey.engine.adapter import engine_problem
from journey.project import Layout

from conftest import engine_build, make_project


def test_a_page_the_engine_fails_on_is_one_problem_against_that_page(tmp_path):
    """(A hand-written page cannot choose a template: the check refuses it before any build. Here the
    engine is given one anyway, as the simplest failure it names a page for.)"""
    root = make_project(tmp_path / "project", plans=None)
    (root / "content/about.md").write_text("---\ntitle: About\ntemplate: nope.html\n---\n# About\n")
    warnings = engine_build(root, root / "content", tmp_path / "site", strict=False)  # as the preview
    assert len(warnings) == 1 and warnings[0].startswith("Error building page 'about.md':")
    problem = str(engine_problem(warnings[0], Layout.at(root), refused=False))
    assert problem.startswith("content/about.md: the site engine could not build this page: 'nope.html' not found")


def test_other_engine_words_stay_against_mkdocs_yml(tmp_path):
    root = make_project(tmp_path / "project", plans=None)
    assert str(engine_problem("something odd", Layout.at(root), refused=False)) == (
        "mkdocs.yml: the site engine warned: something odd")


PAGE = """---
# template: main.html was used before
title: "template: notes"
template: nope.html
---
# Notes

`[x](plans/p/index.md#nope)` is how a link is written.

```
[x](plans/p/index.md#nope)
```

- [all actions](plans/p/index.md#all-actions)
- [everything](plans/p/index.md#all)
- [broken](plans/p/index.md#nope "A title")
- [ref]

[ref]: plans/p/index.md#gone
"""


@pytest.mark.parametrize("warning, where", [
    ("Doc file 'notes.md' contains a link 'plans/p/index.md#all', but the doc 'plans/p/index.md' does not contain "
     "an anchor '#all'.", "content/notes.md:15:16:"),
    ("Doc file 'notes.md' contains a link 'plans/p/index.md#nope', but the doc 'plans/p/index.md' does not contain "
     "an anchor '#nope'.", "content/notes.md:16:12:"),
    ("Doc file 'notes.md' contains a link 'plans/p/index.md#gone', but the doc 'plans/p/index.md' does not contain "
     "an anchor '#gone'.", "content/notes.md:19:8:"),
], ids=["not-a-longer-link", "not-in-code", "reference"])
def test_a_problem_is_placed_at_the_link_itself(tmp_path, warning, where):
    root = make_project(tmp_path / "project", plans=None)
    (root / "content/notes.md").write_text(PAGE)
    assert str(engine_problem(warning, Layout.at(root))).startswith(where)


def test_a_missing_heading_on_the_same_page_is_named_in_plain_words(tmp_path):
    root = make_project(tmp_path / "project", plans=None)
    (root / "content/notes.md").write_text("# Notes\n\nSee [below](#nope-here).\n")
    warning = "Doc file 'notes.md' contains a link '#nope-here', but there is no such anchor on this page."
    assert str(engine_problem(warning, Layout.at(root))) == (
        "content/notes.md:3:13: links to '#nope-here', but this page has no heading or anchor 'nope-here'; fix the "
        "link (a page's headings are its anchors)")
