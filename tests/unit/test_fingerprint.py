"""A build with nothing changed does nothing (issue 14): the fingerprint covers every input, so
changing any one of them (plans/, the generator's code and templates, mkdocs.yml, theme_overrides/,
hand-written content/, installed packages, the as-at date, the output folder) means a rebuild."""

from __future__ import annotations

import os
import re
import shutil
from datetime import date

import pytest

from journey import fingerprint
from journey.pages.kinds import GENERATED
from journey import project
from journey.project import Layout

from conftest import REPO, make_project


@pytest.fixture
def setup(tmp_path):
    root = make_project(tmp_path / "project")
    package = tmp_path / "journey"
    shutil.copytree(REPO / "journey", package, ignore=shutil.ignore_patterns("__pycache__"))
    return root, package


def _of(root, package, as_at=date(2024, 10, 1), site=None):
    return fingerprint.of(Layout.at(root, site=site, generated=GENERATED), as_at, package=package)


def _append(path, text="\n# changed\n"):
    with open(path, "a", encoding="utf-8") as f:
        f.write(text)


CHANGES = {
    "a plans file": lambda root, pkg: _append(root / "plans/improvement-plans/wv-plan-2024/actions/1.1.yaml"),
    "a new plans file": lambda root, pkg: (root / "plans/timeline/2023.yaml").write_text("events: []\n"),
    "a removed plans file": lambda root, pkg: (root / "plans/timeline/2022.yaml").unlink(),
    "the generator's code": lambda root, pkg: _append(pkg / "derive.py"),
    "a template": lambda root, pkg: _append(next((pkg / "pages" / "templates").glob("*.j2")), "{# changed #}"),
    "mkdocs.yml": lambda root, pkg: _append(root / "mkdocs.yml"),
    "theme_overrides/": lambda root, pkg: _append(next((root / "theme_overrides").rglob("*.html")), "<!-- -->"),
    "hand-written content/": lambda root, pkg: (root / "content" / "about.md").write_text("# About\n"),
    "a new empty folder in plans/": lambda root, pkg: (root / "plans" / "inspectoins").mkdir(),
    "a new empty folder in content/": lambda root, pkg: (root / "content" / "pictures").mkdir(),
}


@pytest.mark.parametrize("what", list(CHANGES))
def test_changing_any_input_changes_the_fingerprint(setup, what):
    root, package = setup
    before = _of(root, package)
    assert _of(root, package) == before  # the same inputs, the same fingerprint
    CHANGES[what](root, package)
    assert _of(root, package) != before


def test_as_at_date_and_output_folder_are_inputs(setup, tmp_path):
    root, package = setup
    before = _of(root, package)
    assert _of(root, package, as_at=date(2024, 10, 2)) != before
    assert _of(root, package, site=tmp_path / "elsewhere") != before


def test_the_as_at_date_counts_however_it_is_given(setup):
    """site.yaml's as_at and the same date given with --as-at make the same site: the same fingerprint."""
    root, package = setup
    pinned = re.search(r"(?m)^as_at: (\S+)", (root / "plans" / "site.yaml").read_text()).group(1)
    assert _of(root, package, as_at=None) == _of(root, package, as_at=date.fromisoformat(pinned))
    # ... read as YAML: a line of a quoted text that starts "as_at:" is not the date.
    site = root / "plans" / "site.yaml"
    site.write_text('intro: "Our summary,\nas_at: 2020-06-30 is words here.\n  "\n' + site.read_text())
    assert _of(root, package, as_at=None) == _of(root, package, as_at=date.fromisoformat(pinned))
    assert _of(root, package, as_at=None) != _of(root, package, as_at=date(2020, 6, 30))


def test_installed_packages_are_inputs(setup, tmp_path, monkeypatch):
    """A package installed, upgraded or installed again (the same version) means a rebuild."""
    root, package = setup
    installed = tmp_path / "site-packages"
    installed.mkdir()
    monkeypatch.syspath_prepend(str(installed))
    before = _of(root, package)
    (installed / "wyvern_tools-1.0.dist-info").mkdir()
    added = _of(root, package)
    (installed / "wyvern_tools-1.0.dist-info").rename(installed / "wyvern_tools-1.1.dist-info")
    upgraded = _of(root, package)
    os.utime(installed / "wyvern_tools-1.1.dist-info", ns=(10**18, 10**18))
    again = _of(root, package)
    assert len({before, added, upgraded, again}) == 4


def test_generated_pages_in_content_are_not_inputs(setup):
    """The build writes them itself; counting them would make every build look changed."""
    root, package = setup
    before = _of(root, package)
    (root / "content" / "plans").mkdir(parents=True, exist_ok=True)
    (root / "content" / "plans" / "x.md").write_text("generated\n")
    (root / "content" / ".journey-generated").write_text("[]\n")
    assert _of(root, package) == before


def test_without_as_at_anywhere_today_is_an_input(setup, monkeypatch):
    root, package = setup
    site_yaml = root / "plans" / "site.yaml"
    site_yaml.write_text("\n".join(x for x in site_yaml.read_text().split("\n") if not x.startswith("as_at:")))
    today = fingerprint.of(Layout.at(root, generated=GENERATED), None, package=package)

    class Tomorrow(date):
        @classmethod
        def today(cls):
            return date(2099, 1, 1)
    monkeypatch.setattr(project, "date", Tomorrow)
    assert fingerprint.of(Layout.at(root, generated=GENERATED), None, package=package) != today


def test_a_pipe_in_plans_is_never_opened(setup):
    """Reading a named pipe would hang the build before the check could refuse it."""
    import os
    root, package = setup
    before = _of(root, package)
    os.mkfifo(root / "plans" / "metrics" / "pipe.yaml")
    assert _of(root, package) != before  # returns at once, and the pipe counts as a change


def test_a_site_changed_by_hand_is_not_up_to_date(tmp_path):
    layout = Layout.at(tmp_path, generated=GENERATED)
    site = layout.site
    site.mkdir()
    (site / "index.html").write_text("built")
    (site / ".journey-site").write_text("marker")
    fingerprint.record(layout, "abc", date(2024, 10, 1))
    assert fingerprint.unchanged(layout, "abc", ".journey-site")
    assert not fingerprint.unchanged(layout, "abd", ".journey-site")
    (site / "stale.html").write_text("added by hand")
    assert not fingerprint.unchanged(layout, "abc", ".journey-site")
