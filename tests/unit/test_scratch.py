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
from journey.engine.content import Content
from journey.project import Layout
from journey.inputs.validate import read_project

from conftest import NOT_SCRATCH, REPO, SCRATCH, litter, make_project
from test_validate import A, STRAY, problems

@pytest.mark.parametrize("name", SCRATCH)
def test_scratch_names(name):
    assert is_scratch(name)


@pytest.mark.parametrize("name", NOT_SCRATCH)
def test_names_that_are_not_scratch(name):
    assert not is_scratch(name)


def test_plans_with_editors_scratch_files_read_as_without_them(plans):
    before = read_project(plans.root)
    litter(plans.root / A.rsplit("/", 1)[0])
    litter(plans.root)
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
            litter(folder)
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


def test_a_link_named_like_scratch_is_still_refused_when_it_leads_to_a_folder(tmp_path):
    """(The preview's engine follows links: a link to /usr named usr~ once made it read all of /usr.)"""
    root = make_project(tmp_path / "project", plans=None)
    os.symlink(tmp_path, root / "content" / "usr~")
    assert [str(p).split(": ", 1)[0] for p in Content(root / "content", GENERATED).problems()] == ["content/usr~"]
