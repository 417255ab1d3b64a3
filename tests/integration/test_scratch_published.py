"""What editors' programs and systems leave in content/ is never published, and git leaves it out of
commits (the engine builds and git runs here; what check and the preview make of such files is in
tests/unit/test_scratch.py)."""

from __future__ import annotations

import subprocess

from conftest import NOT_SCRATCH, REPO, SCRATCH, engine_build, litter, make_project
from journey.engine.content import Content
from journey.pages.kinds import GENERATED
from journey.scratch import is_scratch


def test_scratch_files_in_content_are_not_problems_and_never_published(tmp_path):
    """The preview builds from content/ itself (a build copies it first): the engine leaves them out."""
    root = make_project(tmp_path / "project", plans=None)
    content = root / "content"
    litter(content)
    litter(content / "assets")
    (content / "__MACOSX").mkdir()  # what unzipping on a Mac leaves: never published, so never an input
    (content / "__MACOSX" / "page.md").write_text("# From a zip\n\n<script>x()</script>\n")
    assert Content(content, GENERATED).problems() == []
    assert engine_build(root, content, root / "site", strict=False) == []
    published = {p.name for p in (root / "site").rglob("*")}
    assert "accessibility" in published and not [n for n in published if is_scratch(n) or n == "__MACOSX"]


def test_a_page_in_a_folder_named_like_scratch_is_published(tmp_path):
    root = make_project(tmp_path / "project", plans=None)
    for folder in ("drafts~", "4913", "notes [old] *"):
        (root / "content" / folder).mkdir()
        (root / "content" / folder / "index.md").write_text(f"# Page in {folder}\n")
        (root / "content" / folder / "index.md~").write_text("# An older copy\n")
    assert Content(root / "content", GENERATED).problems() == []
    assert engine_build(root, root / "content", root / "site", strict=False) == []
    for folder in ("drafts~", "4913", "notes [old] *"):
        assert (root / "site" / folder / "index.html").is_file()
        assert not (root / "site" / folder / "index.md~").exists()


def test_git_leaves_out_every_scratch_file_and_no_folder():
    def ignored(path):
        return subprocess.run(["git", "check-ignore", "-q", "--no-index", path], cwd=REPO).returncode == 0

    assert [n for n in SCRATCH if not ignored(f"plans/improvement-plans/x/actions/{n}")] == []
    assert [n for n in NOT_SCRATCH if ignored(f"plans/{n}")] == []
    assert not ignored("content/4913/index.md") and not ignored("content/drafts~/page.md")
    assert ignored("plans/.vscode/settings.json") and not ignored(".vscode/settings.json")
