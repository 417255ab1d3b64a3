"""content/'s generated paths come from the page-kind registration (journey/pages/kinds.py): what a
build writes is ignored by git through content/.gitignore, which the build writes, and nothing an
editor writes is."""

from __future__ import annotations

import shutil
import subprocess

from journey.engine.content import Content
from journey.pages.kinds import GENERATED, PAGE_KINDS

GIT = shutil.which("git") or "git"  # a clone of the project has git


def test_every_registered_kind_and_output_is_generated():
    assert {kind.root for kind in PAGE_KINDS} <= set(GENERATED)
    assert {"charts", "identity"} <= set(GENERATED)


def test_git_ignores_what_the_build_writes_in_content_and_nothing_else(tmp_path):
    subprocess.run([GIT, "init", "-q", str(tmp_path)], check=True)
    content = tmp_path / "content"
    content.mkdir()
    pages = {"index.md": "# Home\n", "plans/p/index.md": "# Plan\n", "charts/c.svg": "<svg/>",
             "how-to-edit/index.md": "# Edit\n"}
    Content(content, GENERATED).sync(pages)
    (content / "about.md").write_text("# About\n")  # an editor's own page
    (content / "assets").mkdir()
    (content / "assets" / "extra.css").write_text("a {}\n")
    status = subprocess.run([GIT, "status", "--porcelain", "--untracked-files=all"], cwd=tmp_path,
                            capture_output=True, text=True, check=True).stdout.split("\n")
    untracked = sorted(line[3:] for line in status if line.startswith("??"))
    assert untracked == ["content/about.md", "content/assets/extra.css"]
    ignored = (content / ".gitignore").read_text().splitlines()
    assert ignored[0].startswith("# Written by build_site.py")
    assert {line.strip("/") for line in ignored[1:]} == set(GENERATED) | {".journey-generated", ".gitignore"}
