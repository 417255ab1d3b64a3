"""When the site engine stops on a hand-written page, the editor is told once, about that page, in
the build and in the preview alike (it was told twice, against mkdocs.yml, in the engine's words)."""

from __future__ import annotations

from journey.site import Layout, engine_problem, run_mkdocs

from conftest import make_project


def test_a_page_naming_a_missing_template_is_one_problem_at_its_line(tmp_path):
    root = make_project(tmp_path / "project", plans=None)
    (root / "content/about.md").write_text("---\ntitle: About\ntemplate: nope.html\n---\n# About\n")
    warnings = run_mkdocs(root / "mkdocs.yml", root / "content", tmp_path / "site", strict=False)  # as the preview
    assert len(warnings) == 1 and warnings[0].startswith("Error building page 'about.md':")
    assert str(engine_problem(warnings[0], Layout.at(root), refused=False)) == (
        "content/about.md:3:1: template: there is no template 'nope.html' in the theme; remove the template: line "
        "(every page uses the theme's own)")


def test_other_engine_words_stay_against_mkdocs_yml(tmp_path):
    root = make_project(tmp_path / "project", plans=None)
    assert str(engine_problem("something odd", Layout.at(root), refused=False)) == (
        "mkdocs.yml: the site engine warned: something odd")
