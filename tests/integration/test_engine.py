"""The engine's build on two cores (journey/engine/mkdocs_build.py, issue 14) writes exactly what MkDocs' own build
writes, and nothing that happens in the second process is lost: its warnings, its failures, its
pages' search entries."""

from __future__ import annotations

import json
import os
import time

import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from journey.engine import mkdocs_build as engine

CONFIG = """site_name: Engine test (fictional)
use_directory_urls: true
theme:
  name: material
  font: false
plugins:
  - search
markdown_extensions:
  - tables
  - attr_list
  - toc:
      permalink: false
nav:
  - Home: index.md
  - plan.md
  - Guide: guide/index.md
  - Actions:  # titles from each page's heading, whichever process renders it
""" + "".join(f"    - actions/a{i}.md\n" for i in range(1, 9))

PAGES = {
    "index.md": "# Welcome\n\nSee the [plan](plan.md#actions) and the [first action](actions/a1.md).\n",
    "plan.md": "# The plan\n\n## Actions { #actions }\n\n" + "".join(
        f"- [Action {i}](actions/a{i}.md): a line of text about action {i}\n" for i in range(1, 9)) * 40,
    "guide/index.md": "---\ntitle: Guide from front matter\n---\n\nNo heading; the title is in the front matter.\n",
    **{f"actions/a{i}.md": f"# Action {i}\n\n<p class=\"x\">Raw <em>HTML</em> {i}</p>\n\n| a | b |\n| - | - |\n"
                           f"| {i} | [home](../index.md) |\n" for i in range(1, 9)},
    "untitled.md": "No heading at all, and not in the navigation.\n",
}


def _project(tmp_path, pages=PAGES):
    docs = tmp_path / "docs"
    for rel, text in pages.items():
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text(text, encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(CONFIG, encoding="utf-8")
    return docs


@pytest.fixture(scope="module", autouse=True)
def _compiled(tmp_path_factory):
    """The theme's templates compiled once for these tests, as a build keeps them (.cache/templates)."""
    global TEMPLATES
    TEMPLATES = tmp_path_factory.mktemp("templates")


TEMPLATES = None


def _build(tmp_path, docs, name, how, **kw):
    out = tmp_path / name
    cfg = load_config(str(tmp_path / "mkdocs.yml"), docs_dir=str(docs), site_dir=str(out),
                      strict=not kw.get("dirty"))  # a dirty build always warns that it is one
    if how is engine.build:
        kw.setdefault("templates", TEMPLATES)
    how(cfg, **kw)
    return out


def _tree(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_cores_write_exactly_what_mkdocs_writes(tmp_path):
    docs = _project(tmp_path)
    ours = _tree(_build(tmp_path, docs, "ours", engine.build))
    theirs = _tree(_build(tmp_path, docs, "theirs", mkdocs_build))
    assert ours.keys() == theirs.keys()
    assert [rel for rel in ours if ours[rel] != theirs[rel]] == []
    # Both processes did rendering work: the pages were shared between them.
    first, second = engine.share([f.page for f in _pages(tmp_path, docs)])
    assert first and second
    index = json.loads(ours["search/search_index.json"])
    assert {d["location"].split("#")[0] for d in index["docs"]} >= {"", "plan/", "guide/", "actions/a5/", "untitled/"}


def _pages(tmp_path, docs):
    from mkdocs.structure.files import get_files
    from mkdocs.structure.nav import get_navigation
    from mkdocs.structure.pages import Page

    cfg = load_config(str(tmp_path / "mkdocs.yml"), docs_dir=str(docs), site_dir=str(tmp_path / "x"))
    files = get_files(cfg)
    get_navigation(files, cfg)
    for f in files.documentation_pages():
        if f.page is None:
            Page(None, f, cfg)
    return files.documentation_pages()


def _child_takes(monkeypatch, name):
    """Make the forked process render the page `name` (and the others share as usual)."""
    real = engine.share

    def share(pages):
        mine, theirs = real(pages)
        moved = [p for p in mine if p.file.src_uri == name]
        return [p for p in mine if p.file.src_uri != name], sorted(theirs + moved, key=pages.index)
    monkeypatch.setattr(engine, "share", share)


def test_a_warning_in_the_second_process_fails_a_strict_build(tmp_path, monkeypatch):
    docs = _project(tmp_path, {**PAGES, "actions/a3.md": "# Action 3\n\n[gone](../nowhere.md)\n"})
    _child_takes(monkeypatch, "actions/a3.md")
    with pytest.raises(Abort, match="strict mode"):
        _build(tmp_path, docs, "ours", engine.build)


def test_a_failure_in_the_second_process_reaches_the_caller(tmp_path, monkeypatch):
    docs = _project(tmp_path, {**PAGES, "actions/a3.md": "---\ntemplate: no-such-template.html\n---\n# Action 3\n"})
    _child_takes(monkeypatch, "actions/a3.md")
    with pytest.raises(Exception, match="no-such-template"):
        _build(tmp_path, docs, "ours", engine.build)
    assert not [p for p in os.listdir("/proc") if p.isdigit() and _is_zombie_child(int(p))]


def _is_zombie_child(pid):
    try:
        stat = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    except OSError:
        return False
    return stat[0] == "Z" and int(stat[1]) == os.getpid()


def test_a_dirty_build_renders_only_the_changed_pages_on_two_cores(tmp_path):
    docs = _project(tmp_path)
    out = _build(tmp_path, docs, "ours", engine.build)
    before = {rel: (out / rel).stat().st_mtime_ns for rel in ("plan/index.html", "actions/a2/index.html")}
    for rel in ("actions/a1.md", "actions/a4.md"):
        os.utime(docs / rel, ns=(before["plan/index.html"] + 10**9,) * 2)
    _build(tmp_path, docs, "ours", engine.build, dirty=True)
    assert (out / "plan/index.html").stat().st_mtime_ns == before["plan/index.html"]
    assert (out / "actions/a2/index.html").stat().st_mtime_ns == before["actions/a2/index.html"]
    assert (out / "actions/a1/index.html").stat().st_mtime_ns > before["plan/index.html"]


def test_every_page_is_checked_once_by_the_process_that_wrote_it(tmp_path):
    docs = _project(tmp_path)
    out = tmp_path / "ours"
    cfg = load_config(str(tmp_path / "mkdocs.yml"), docs_dir=str(docs), site_dir=str(out), strict=True)
    seen = engine.build(cfg, after_page=lambda path: (os.getpid(), os.path.relpath(path, out), open(path).read()))
    pages = sorted(p.relative_to(out).as_posix() for p in out.rglob("index.html"))
    assert sorted(rel for _, rel, _ in seen) == pages  # each page once
    assert len({pid for pid, _, _ in seen}) == 2  # by two processes
    assert all(text == (out / rel).read_text() for _, rel, text in seen)  # each one whole when checked



def _one_process_takes(monkeypatch, name, child):
    """Make the forked process (child) or this one render the page `name`."""
    real = engine.share

    def share(pages):
        mine, theirs = real(pages)
        page = next(p for p in pages if p.file.src_uri == name)
        mine, theirs = [p for p in mine if p is not page], [p for p in theirs if p is not page]
        return (mine, sorted(theirs + [page], key=pages.index)) if child else (
            sorted(mine + [page], key=pages.index), theirs)
    monkeypatch.setattr(engine, "share", share)


@pytest.mark.parametrize("child", [False, True], ids=["this process", "the second process"])
def test_a_link_to_a_missing_anchor_warns_whichever_process_renders_the_page(tmp_path, monkeypatch, child):
    """With mkdocs.yml's validation of anchors on, a link to a heading that is not there warns just as
    in MkDocs' own build: the links of pages rendered in the second process are checked too."""
    import logging

    docs = _project(tmp_path, {**PAGES, "actions/a3.md": "# Action 3\n\n[to](../plan.md#no-such-heading) "
                                                         "[fine](../plan.md#actions)\n"})
    (tmp_path / "mkdocs.yml").write_text(CONFIG + "validation:\n  anchors: warn\n", encoding="utf-8")
    _one_process_takes(monkeypatch, "actions/a3.md", child)
    warned = {}
    for name, how in (("ours", engine.build), ("theirs", mkdocs_build)):
        handler = logging.Handler(logging.WARNING)
        handler.emit = lambda record: warned.setdefault(name, []).append(record.getMessage())
        logging.getLogger("mkdocs").addHandler(handler)
        try:
            _build(tmp_path, docs, name, how, dirty=True)  # (not strict: every warning is heard)
        finally:
            logging.getLogger("mkdocs").removeHandler(handler)
    missing = [w for w in warned["theirs"] if "no-such-heading" in w]
    assert len(missing) == 1 and "does not contain an anchor" in missing[0]
    assert [w for w in warned["ours"] if "no-such-heading" in w] == missing


def test_a_dirty_build_checks_every_pages_links_against_every_pages_anchors(tmp_path):
    """The preview's dirty builds render only the changed pages; with the anchors kept between
    builds, a broken link to a heading is still found, whichever of the two pages changed."""
    import logging

    docs = _project(tmp_path, {**PAGES, "actions/a3.md": "# Action 3\n\n[plan](../plan.md#actions)\n"})
    (tmp_path / "mkdocs.yml").write_text(CONFIG + "validation:\n  anchors: warn\n", encoding="utf-8")
    kept: dict = {}

    def build_after(edit):
        if edit:
            path, old, new = edit
            (docs / path).write_text((docs / path).read_text().replace(old, new))
            os.utime(docs / path, ns=(time.time_ns() + 10**9,) * 2)  # newer than its page
        warned = []
        handler = logging.Handler(logging.WARNING)
        handler.emit = lambda record: warned.append(record.getMessage())
        logging.getLogger("mkdocs").addHandler(handler)
        try:
            _build(tmp_path, docs, "ours", engine.build, dirty=bool(edit), anchors=kept)
        finally:
            logging.getLogger("mkdocs").removeHandler(handler)
        return [w for w in warned if "anchor" in w]

    assert build_after(None) == []
    # 1. The linking page changes: its new link is checked against the plan page, not rendered again.
    assert len(build_after(("actions/a3.md", "#actions", "#no-such-heading"))) == 1
    assert build_after(("actions/a3.md", "#no-such-heading", "#actions")) == []
    # 2. The linked page changes: the heading goes, and the pages linking to it, not rendered again, warn.
    warned = build_after(("plan.md", "## Actions { #actions }", "## Steps { #steps }"))
    assert sorted(w.split("'")[1] for w in warned) == ["actions/a3.md", "index.md"]
    assert all("does not contain an anchor '#actions'" in w for w in warned)


@pytest.mark.parametrize("child", [False, True], ids=["this process", "the second process"])
def test_a_title_that_would_become_markup_warns_before_any_page_is_written(tmp_path, monkeypatch, child):
    """The theme writes titles unescaped (and decodes references in them): whichever process renders
    the page, and wherever its title came from, the build is warned before a page is written."""
    docs = _project(tmp_path, {**PAGES, "actions/a3.md": "#&lt;/title&gt;&lt;script&gt;x&lt;/script&gt;\n"})
    _one_process_takes(monkeypatch, "actions/a3.md", child)
    with pytest.raises(Abort, match="would become markup"):
        _build(tmp_path, docs, "ours", engine.build)
    assert not list((tmp_path / "ours").rglob("*.html"))  # stopped before any page was written
