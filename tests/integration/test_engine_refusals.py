"""What a build refuses, whichever engine builds: active markup and links to missing anchors in the
built pages (the one pass over every engine's output), titles that would become markup (before any
engine runs), and plugins, hooks and code-running tags in mkdocs.yml (before any engine reads it)."""

from __future__ import annotations

import pytest

from conftest import make_project
from journey.cli import main

AS_AT = "2024-12-31"


@pytest.mark.parametrize("page, message", [
    ("# Evil\n\n<script>alert(1)</script>\n",
     "content/evil.md: a <script> element in the page content (built as evil/index.html); hand-written pages must "
     "not hold scripts, remove it"),
    ("# Evil\n\n[gone](plans/wv-plan-2024/index.md#nowhere)\n",
     "content/evil.md:3:8: links to 'plans/wv-plan-2024/index.md#nowhere', but plans/wv-plan-2024/index.md has no "
     "heading or anchor 'nowhere'; fix the link (a page's headings are its anchors)"),
    ("#&lt;script&gt;alert(1)&lt;/script&gt;\n",
     "content/evil.md: its title (from its title: setting, else its first # heading, else its file's name) would "
     "become markup in the page's head ('<s' in '&lt;script&gt;alert(1)&lt;/script&gt;'); write it in plain words"),
], ids=["script", "anchor", "title"])
@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_a_build_refuses(tmp_path, capsys, page, message, engine):
    root = make_project(tmp_path / "project")
    (root / "content/evil.md").write_text(page)
    if engine == "zensical" and "#nowhere" in page:  # Zensical points at the anchor, in words of its own
        message = ("content/evil.md:3:36: links to 'plans/wv-plan-2024/index.md#nowhere', but that page has no heading "
                   "or anchor 'nowhere'; fix the link (a page's headings are its anchors)")
    assert main(["--root", str(root), "build", "--as-at", AS_AT, "--engine", engine]) == 1
    assert capsys.readouterr().err.splitlines() == [message, "1 problem found; nothing was built."]
    assert not (root / "site").exists()


def test_a_plugin_other_than_search_stops_the_build(tmp_path, capsys):
    root = make_project(tmp_path / "project")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("plugins:\n  - search\n", "plugins:\n  - search\n  - tags\n"))
    line = config.read_text().splitlines().index("  - tags") + 1
    assert main(["--root", str(root), "build", "--as-at", AS_AT]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"mkdocs.yml:{line}:5: plugins: names the plugin 'tags'; only search is supported (a plugin can change every page in "
        "ways the build's checks cannot see), so remove it", "1 problem found; nothing was built."]
    assert not (root / "site").exists()


@pytest.mark.parametrize("line, message", [
    ("hooks:\n  - evil.py\n", "mkdocs.yml:LINE:1: hooks: is set by the build (hooks run Python inside the engine); "
                               "remove it from mkdocs.yml"),
    ("extra:\n  x: !!python/name:os.system\n", "mkdocs.yml:LINE:6: cannot be read as YAML (the tag "
     "'tag:yaml.org,2002:python/name:os.system' is not allowed here); check this line and the one above"),
    ("extra:\n  x: !ENV HOME\n", "mkdocs.yml:LINE:6: cannot be read as YAML (the tag '!ENV' is not allowed here); "
                                  "check this line and the one above"),
    ("INHERIT: ../elsewhere.yml\n", "mkdocs.yml:LINE:1: INHERIT: is set by the build (its settings come from "
                                    "mkdocs.yml alone, which a reviewer reads whole); remove it from mkdocs.yml"),
], ids=["hooks", "python-tag", "env-tag", "inherit"])
def test_mkdocs_yml_may_not_run_code(tmp_path, capsys, line, message):
    """Refused by check and build alike, at its line, before any engine imports what it names."""
    root = make_project(tmp_path / "project")
    config = root / "mkdocs.yml"
    text = config.read_text()
    config.write_text(text + line)
    at = text.count("\n") + 1 + (line.count("\n") - 1 if "!" in line else 0)
    for command in (["check"], ["build", "--as-at", AS_AT]):
        assert main(["--root", str(root), *command]) == 1
        assert capsys.readouterr().err.splitlines()[0] == message.replace("LINE", str(at))
    assert not (root / "site").exists()


def test_zensicals_boxed_warnings_become_one_line_each_at_their_place(tmp_path, capsys):
    root = make_project(tmp_path / "project")
    (root / "content/about.md").write_text("# About\n\nSee [gone](nope.md) and [here](index.md#nope).\n")
    assert main(["--root", str(root), "build", "--as-at", AS_AT, "--engine", "zensical"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "content/about.md:3:12: links to 'nope.md', which is not a page in content/; fix or remove the link",
        "content/about.md:3:41: links to 'index.md#nope', but that page has no heading or anchor 'nope'; fix the link "
        "(a page's headings are its anchors)", "2 problems found; nothing was built."]
    assert not (root / "site").exists()


def test_a_markdown_extension_that_reads_other_files_is_refused(tmp_path, capsys):
    """pymdownx.snippets would publish any file of the build machine (--8<-- "/etc/passwd")."""
    root = make_project(tmp_path / "project")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("markdown_extensions:\n", "markdown_extensions:\n  - pymdownx.snippets:\n"
                                                 "      base_path: ['/']\n"))
    (root / "content/about.md").write_text('# About\n\n--8<-- "/etc/passwd"\n')
    line = config.read_text().splitlines().index("  - pymdownx.snippets:") + 1
    assert main(["--root", str(root), "check"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"mkdocs.yml:{line}:5: markdown_extensions: names the Markdown extension "
                             "'pymdownx.snippets', which a build does not allow")
    assert main(["--root", str(root), "build", "--as-at", AS_AT, "--engine", "zensical"]) == 1
    assert not (root / "site").exists()


def test_fonts_from_google_and_a_missing_stylesheet_are_one_problem_each_in_mkdocs_yml(tmp_path, capsys):
    root = make_project(tmp_path / "project")
    config = root / "mkdocs.yml"
    text = config.read_text().replace("  font: false  #", "  font:\n    text: Roboto  #")
    config.write_text(text)
    line = text.splitlines().index("  font:") + 1
    assert main(["--root", str(root), "build", "--as-at", AS_AT]) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"mkdocs.yml:{line}:3: theme.font: would load the theme's fonts from Google's servers, and the site requests "
        "nothing from other hosts; set `font: false`", "1 problem found; nothing was built."]
    config.write_text(text.replace("  font:\n    text: Roboto  #", "  font: false  #").replace(
        "  - identity/identity.css", "  - identity/identity.css\n  - assets/missing.css"))
    line = config.read_text().splitlines().index("  - assets/missing.css") + 1
    for engine in ("mkdocs", "zensical"):
        assert main(["--root", str(root), "build", "--as-at", AS_AT, "--engine", engine]) == 1
        assert capsys.readouterr().err.splitlines() == [
            f"mkdocs.yml:{line}:5: the site engine cannot use this: Config value 'extra_css': the file "
            "'assets/missing.css' is not in content/ (nor made by the build); fix the name or add the file",
            "1 problem found; nothing was built."]


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_a_site_url_for_a_sub_path_builds_and_its_404_page_works_there(tmp_path, engine):
    """docs/engines.md: site_url puts the 404 page's links under the sub-path (the canonical address it
    adds to each page loads nothing, so the scan lets it be)."""
    from test_engines import broken_links

    root = make_project(tmp_path / "project")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text() + "site_url: https://intranet.example/improvement-journey/\n")
    assert main(["--root", str(root), "build", "--as-at", AS_AT, "--engine", engine]) == 0
    assert broken_links(root / "site", "/improvement-journey/") == []


def test_the_same_finding_on_every_page_is_one_problem_against_the_theme(tmp_path, capsys):
    """A template in theme_overrides/ that loads something from another host puts it on every page:
    one problem naming where it comes from, not one per page."""
    root = make_project(tmp_path / "project")
    main_html = root / "theme_overrides/main.html"
    main_html.write_text(main_html.read_text() + '{% block content %}{{ super() }}'
                         '<img src="https://tracker.example/pixel.gif" alt="">{% endblock %}\n')
    assert main(["--root", str(root), "build", "--as-at", AS_AT]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2 and err[1] == "1 problem found; nothing was built."
    assert err[0].startswith("theme_overrides/ or mkdocs.yml: something loaded from another host")
    assert "pages, accessibility/index.html among them: it comes from what they share" in err[0]
    assert not (root / "site").exists()
