"""On one core (or off Linux) the engine renders every page in this one process, the same way: the
same site byte for byte, and the same refusals. A plugin other than search stops the build, since the
engine's checks rest on knowing what every plugin does to a page."""

from __future__ import annotations

import os

import pytest

from conftest import make_project, tree_bytes
from journey.engine import mkdocs_build as engine
from journey.cli import main

AS_AT = "2024-12-31"


@pytest.fixture
def one_core(monkeypatch):
    class OneProcess(engine._Partner):
        def __init__(self, wanted):
            assert not wanted, "the engine shared the pages with a second process on one core"
            super().__init__(wanted)

    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    monkeypatch.setattr(engine, "_Partner", OneProcess)


def test_one_core_builds_the_same_site(tmp_path, request):
    both = make_project(tmp_path / "both")
    assert main(["--root", str(both), "build", "--as-at", AS_AT]) == 0
    one = make_project(tmp_path / "one")
    request.getfixturevalue("one_core")
    assert main(["--root", str(one), "build", "--as-at", AS_AT]) == 0
    # (the sitemap dates each page by the day of the build; both ran today)
    assert tree_bytes(one / "site") == tree_bytes(both / "site")


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
@pytest.mark.usefixtures("one_core")
def test_one_core_refuses_what_two_refuse(tmp_path, capsys, page, message):
    root = make_project(tmp_path / "project")
    (root / "content/evil.md").write_text(page)
    assert main(["--root", str(root), "build", "--as-at", AS_AT]) == 1
    assert capsys.readouterr().err.splitlines() == [message, "1 problem found; nothing was built."]
    assert not (root / "site").exists()


def test_a_plugin_other_than_search_stops_the_build(tmp_path, capsys):
    root = make_project(tmp_path / "project")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("plugins:\n  - search\n", "plugins:\n  - search\n  - tags\n"))
    assert main(["--root", str(root), "build", "--as-at", AS_AT]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "mkdocs.yml: the site engine refused the build: mkdocs.yml names a plugin this build does not know (material/tags); "
        "only search is supported, so remove it", "1 problem found; nothing was built."]
    assert not (root / "site").exists()
