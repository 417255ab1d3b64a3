"""An editor with a plans file open in vim, emacs or LibreOffice, or browsing the folder on a Mac or
Windows share, leaves swap, lock, backup and litter files beside it. They are not data: check, build
and preview neither read nor report them, a build with nothing else changed has nothing to do, the
preview does not rebuild when an editor's swap file is saved, and none is ever published."""

from __future__ import annotations

import os
import shutil
from datetime import date

import pytest

from journey import fingerprint
from journey.preview import Preview
from journey.pages.kinds import GENERATED
from journey.scratch import is_scratch
from journey.engine.adapter import run_mkdocs
from journey.engine.content import Content
from journey.project import Layout
from journey.inputs.validate import read_project

from conftest import REPO, make_project
from test_validate import A, STRAY, problems

SCRATCH = ["1.2.yaml~", ".1.2.yaml.swp", ".1.2.yaml.swo", ".1.2.yaml.swx", "4913", "#1.2.yaml#",
           ".~lock.1.2.yaml#", "~$1.2.yaml", "1.2.yaml___jb_tmp___", ".goutputstream-ABC123", ".DS_Store",
           "._1.2.yaml", "Thumbs.db", "thumbs.db", "Desktop.ini", "ehthumbs.db", ".1.2.yaml.kate-swp", ".directory",
           ".nfs000000000123"]
# Near misses: each could be data someone meant the generator to read, so each is still reported.
NOT_SCRATCH = ["1.2.yaml", "1.2.yaml.bak", "1.2~.yaml", "1.2.yaml.orig", "notes.swp", "49130", "#1.2.yaml",
               "1.2.yaml.save", ".gitkeep"]


@pytest.mark.parametrize("name", SCRATCH)
def test_scratch_names(name):
    assert is_scratch(name)


@pytest.mark.parametrize("name", NOT_SCRATCH)
def test_names_that_are_not_scratch(name):
    assert not is_scratch(name)


def _litter(folder):
    """What vim, emacs, LibreOffice and a Mac leave beside 1.2.yaml: a stale backup holding an error,
    binary swap and AppleDouble files, and emacs' lock, a link to nowhere."""
    (folder / "1.2.yaml~").write_text("title: [unclosed\n")
    (folder / ".1.2.yaml.swp").write_bytes(b"b0VIM 9.0\x00\x00\xff")
    (folder / "._1.2.yaml").write_bytes(b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X")
    (folder / "#1.2.yaml#").write_text("title: x\nnonsense: [\n")
    (folder / ".~lock.1.2.yaml#").write_text(",someone,host,01.12.2026 10:00,file:///x;\n")
    os.symlink("someone@host.4242:1733000000", folder / ".#1.2.yaml")
    (folder / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (folder / "Thumbs.db").write_bytes(b"\xd0\xcf\x11\xe0")


def test_plans_with_editors_scratch_files_read_as_without_them(plans):
    before = read_project(plans.root)
    _litter(plans.root / A.rsplit("/", 1)[0])
    _litter(plans.root)
    plans.write(".vscode/settings.json", "{}\n")  # plans/ opened as a folder of its own in VS Code
    plans.write(".idea/workspace.xml", "<project/>\n")  # ... or in a JetBrains editor
    assert problems(plans) == []
    after = read_project(plans.root)
    assert after.plans["wv-plan-2024"].actions["1.2"] == before.plans["wv-plan-2024"].actions["1.2"]


def test_a_near_miss_is_still_reported(plans):
    plans.write("improvement-plans/wv-plan-2024/actions/1.2.yaml.bak", "title: x\n")
    assert problems(plans) == [f"plans/improvement-plans/wv-plan-2024/actions/1.2.yaml.bak: {STRAY}"]


def test_a_folder_is_never_taken_for_scratch_by_its_name(plans):
    """Only files are: a folder named like a backup holds what someone put there on purpose."""
    plans.write("metrics~/caseloads.yaml", "title: x\n")
    assert [p.split(": ", 1)[0] for p in problems(plans)] == ["plans/metrics~"]


def test_scratch_files_change_no_fingerprint_and_start_no_preview_rebuild(tmp_path):
    root = make_project(tmp_path / "project")
    package = tmp_path / "journey"
    shutil.copytree(REPO / "journey", package, ignore=shutil.ignore_patterns("__pycache__"))

    def of():
        return fingerprint.of(Layout.at(root, generated=GENERATED), date(2024, 10, 1), package=package)

    preview = Preview(Layout.at(root, generated=GENERATED), date(2024, 10, 1))
    try:
        before, watched, shape = of(), preview.watched(), preview._shape({})
        for folder in (root / "plans/improvement-plans/wv-plan-2024/actions", root / "content",
                       root / "theme_overrides", package):
            _litter(folder)
        assert of() == before
        assert preview.watched() == watched
        assert preview._shape({}) == shape  # what every page shares: the next edit renders only its pages
        os.symlink(tmp_path, root / "plans/__MACOSX")  # a link named like a scratch folder: the check refuses it
        assert of() != before and preview.watched() != watched
        (root / "plans/__MACOSX").unlink()
        (root / "plans/inspectoins").mkdir()  # a real change still counts, of course: a new (empty) folder
        assert of() != before and preview.watched() != watched
        (root / "plans/inspectoins").rmdir()
        assert of() == before and preview.watched() == watched
        (root / "content/about.md").write_text("# About\n")  # and an edit
        assert of() != before and preview.watched() != watched
    finally:
        shutil.rmtree(preview.site_dir, ignore_errors=True)


def test_scratch_files_in_content_are_not_problems_and_never_published(tmp_path):
    """The preview builds from content/ itself (a build copies it first): the engine leaves them out."""
    root = make_project(tmp_path / "project", plans=None)
    content = root / "content"
    _litter(content)
    _litter(content / "assets")
    (content / "__MACOSX").mkdir()  # what unzipping on a Mac leaves: never published, so never an input
    (content / "__MACOSX" / "page.md").write_text("# From a zip\n\n<script>x()</script>\n")
    assert Content(content, GENERATED).problems() == []
    assert run_mkdocs(root / "mkdocs.yml", content, root / "site", strict=False) == []
    published = {p.name for p in (root / "site").rglob("*")}
    assert "accessibility" in published and not [n for n in published if is_scratch(n) or n == "__MACOSX"]


def test_a_page_in_a_folder_named_like_scratch_is_published(tmp_path):
    root = make_project(tmp_path / "project", plans=None)
    for folder in ("drafts~", "4913", "notes [old] *"):
        (root / "content" / folder).mkdir()
        (root / "content" / folder / "index.md").write_text(f"# Page in {folder}\n")
        (root / "content" / folder / "index.md~").write_text("# An older copy\n")
    assert Content(root / "content", GENERATED).problems() == []
    assert run_mkdocs(root / "mkdocs.yml", root / "content", root / "site", strict=False) == []
    for folder in ("drafts~", "4913", "notes [old] *"):
        assert (root / "site" / folder / "index.html").is_file()
        assert not (root / "site" / folder / "index.md~").exists()


def test_a_link_named_like_scratch_is_still_refused_when_it_leads_to_a_folder(tmp_path):
    """(The preview's engine follows links: a link to /usr named usr~ once made it read all of /usr.)"""
    root = make_project(tmp_path / "project", plans=None)
    os.symlink(tmp_path, root / "content" / "usr~")
    assert [str(p).split(": ", 1)[0] for p in Content(root / "content", GENERATED).problems()] == ["content/usr~"]


def test_git_leaves_out_every_scratch_file_and_no_folder():
    import subprocess

    def ignored(path):
        return subprocess.run(["git", "check-ignore", "-q", "--no-index", path], cwd=REPO).returncode == 0

    assert [n for n in SCRATCH if not ignored(f"plans/improvement-plans/x/actions/{n}")] == []
    assert [n for n in NOT_SCRATCH if ignored(f"plans/{n}")] == []
    assert not ignored("content/4913/index.md") and not ignored("content/drafts~/page.md")
    assert ignored("plans/.vscode/settings.json") and not ignored(".vscode/settings.json")
