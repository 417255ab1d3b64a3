"""On one core (or off Linux, or with a plugin the engine does not know) the build falls back to
MkDocs' own build step, and the pages the engine did not check as it wrote them are checked after
it: the same site, and the same refusals."""

from __future__ import annotations

import os

import pytest

from conftest import make_project, tree_bytes
from journey import engine
from journey.cli import main

AS_AT = "2024-12-31"


@pytest.fixture
def one_core(monkeypatch):
    def two_cores(*args):
        raise AssertionError("the engine shared the pages between two processes on one core")

    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    monkeypatch.setattr(engine, "_shared_build", two_cores)


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
], ids=["script", "anchor"])
@pytest.mark.usefixtures("one_core")
def test_one_core_refuses_what_two_refuse(tmp_path, capsys, page, message):
    root = make_project(tmp_path / "project")
    (root / "content/evil.md").write_text(page)
    assert main(["--root", str(root), "build", "--as-at", AS_AT]) == 1
    assert capsys.readouterr().err.splitlines() == [message, "1 problem found; nothing was built."]
    assert not (root / "site").exists()
