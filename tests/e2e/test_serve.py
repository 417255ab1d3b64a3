"""`build_site.py serve`: a live preview that follows edits to plans/, survives anything an editor
does to the files, shows problems in the browser and recovers when they are fixed."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from conftest import REPO

ACTION = "plans/improvement-plans/wv-plan-2024/actions/1.2.yaml"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.read().decode("utf-8")
    except OSError:
        return None


def _wait_for(predicate, seconds: float) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.2)
    return False


class Preview:
    def __init__(self, project):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        self.proc = subprocess.Popen([sys.executable, str(REPO / "build_site.py"), "serve", "--addr",
                                      f"127.0.0.1:{self.port}"], cwd=project, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True)
        self.output = ""

    def page(self, path: str = "") -> str:
        return _get(self.url + path) or ""

    def shows(self, text: str, path: str = "", seconds: float = 60) -> bool:
        return _wait_for(lambda: text in self.page(path), seconds)

    def stop(self) -> str:
        if self.proc.returncode is not None:
            return self.output  # stopped already (to show its output in a failure message)
        self.proc.terminate()
        try:
            self.output, _ = self.proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.output, _ = self.proc.communicate()
        return self.output


def test_serve_regenerates_on_edit_without_looping(project):
    preview = Preview(project)
    try:
        assert preview.shows("Wyvern Vale improvement journey", seconds=90), "preview never came up"
        site_yaml = project / "plans/site.yaml"
        site_yaml.write_text(site_yaml.read_text().replace("title: Wyvern Vale improvement journey (fictional)",
                                                           "title: Wyvern Vale journey, edited live"))
        assert preview.shows("Wyvern Vale journey, edited live"), f"edit not picked up:\n{preview.stop()}"
        # A hand-written page's edit is shown and named in the rebuild's line, not "no page changed".
        page = project / "content/accessibility.md"
        page.write_text(page.read_text() + "\nAsk the team for a printed copy.\n")
        assert preview.shows("Ask the team for a printed copy.", "accessibility/"), preview.stop()
        # So is an edit to the theme, which every page shows.
        theme = project / "theme_overrides" / "main.html"
        theme.write_text(theme.read_text().replace("{% endblock %}", "<!-- edited live -->{% endblock %}", 1))
        assert preview.shows("<!-- edited live -->", "accessibility/"), preview.stop()
        assert preview.page("no-such-page/") is not None  # a 404: the terminal is not told of requests
        # A page added, then removed, is said so.
        extra = project / "content" / "extra.md"
        extra.write_text("# Extra page\n\nAdded live.\n")
        assert preview.shows("Added live.", "extra/"), preview.stop()
        extra.unlink()
        assert _wait_for(lambda: "Added live." not in preview.page("extra/"), 60), preview.stop()
        # A rebuild rewrites no generated page that did not change (a write into content/ would start
        # another rebuild, for ever): after an edit to a hand-written page alone, none is rewritten.
        stamps = {p: p.stat().st_mtime_ns for p in (project / "content").rglob("*.md") if p.name != "accessibility.md"}
        page.write_text(page.read_text() + "\nOr ask for large print.\n")
        assert preview.shows("Or ask for large print.", "accessibility/"), preview.stop()
        assert stamps == {p: p.stat().st_mtime_ns for p in (project / "content").rglob("*.md")
                          if p.name != "accessibility.md"}
    finally:
        output = preview.stop()
    assert "rebuilt in" in output and "2 pages changed" in output  # the home page and the open-data JSON
    assert "content/accessibility.md changed (only those rendered again)" in output
    assert "theme_overrides/main.html changed (every page rendered)" in output
    assert "content/extra.md added (every page rendered)" in output  # a new page is in every page's navigation
    assert "content/extra.md removed (every page rendered)" in output
    assert output.startswith("built in") and "code 404" not in output and "GET" not in output
    assert "no page changed" not in output
    assert "shown after" not in output  # only an action edit has its own page shown first
    assert "Traceback" not in output
    assert "unrecognized relative link" not in output  # only what an editor needs


def test_preview_survives_broken_deleted_and_renamed_files_and_recovers(project):
    action = project / ACTION
    good = action.read_text()
    preview = Preview(project)
    try:
        assert preview.shows("Wyvern Vale improvement journey", seconds=90)
        # 0. A malformed address (a NUL byte) gets a plain refusal, not a traceback in the terminal.
        try:
            urllib.request.urlopen(preview.url + "%00", timeout=5)
        except urllib.error.HTTPError as e:
            assert e.code in (400, 404)
        # 1. An 800-byte file of nested brackets once killed the watcher for good.
        action.write_text("title: " + "[" * 400 + "]" * 400 + "\n")
        (project / "content" / "bad.md").write_text("---\ntitle: [\n---\n# Bad\n")  # and one in content/
        assert preview.shows("2 problems to fix"), "the problems never reached the browser (all of them, as a build)"
        page = preview.page("plans/wv-plan-2024/")
        assert f"{ACTION}:1:20: the file is nested too deeply" in page and "content/bad.md:3:1:" in page
        (project / "content" / "bad.md").unlink()
        assert preview.shows("1 problem to fix")
        assert preview.proc.poll() is None, "the preview died"
        # 2. Fixed: the site comes back by itself.
        action.write_text(good.replace("title: Audit assessments every quarter", "title: Audit, fixed live"))
        assert preview.shows("Audit, fixed live", "plans/wv-plan-2024/actions/1.2/"), "never recovered"
        # 3. A whole folder deleted, then put back.
        timeline = project / "plans/timeline"
        kept = project / "timeline-kept"
        assert "Improvement plan 2024 launched" in preview.page("timeline/")
        shutil.move(timeline, kept)
        assert _wait_for(lambda: "Improvement plan 2024 launched" not in preview.page("timeline/"), 60)
        assert "Timeline of the journey" in preview.page("timeline/")
        shutil.move(kept, timeline)
        assert preview.shows("Improvement plan 2024 launched", "timeline/"), "never recovered from the deleted folder"
        # 4. A file renamed to a name the generator refuses, then back.
        bad = action.with_name("one-point-two.yaml")
        action.rename(bad)
        assert preview.shows("one-point-two.yaml: the file name must be an action number")
        bad.rename(action)
        assert preview.shows("Audit, fixed live", "plans/wv-plan-2024/actions/1.2/")
        assert preview.proc.poll() is None
    finally:
        output = preview.stop()
    assert "Traceback" not in output
    assert "problem" in output  # the terminal says it too


def _search_pages(preview) -> dict[str, str]:
    """Each page in the served search index, with all its indexed text."""
    import json
    try:
        index = json.loads(preview.page("search/search_index.json") or "{}")
    except ValueError:  # fetched while the engine was writing it
        index = {}
    pages: dict[str, str] = {}
    for doc in index.get("docs", []):
        where = doc["location"].split("#", 1)[0]
        pages[where] = pages.get(where, "") + " " + doc.get("title", "") + " " + doc.get("text", "")
    return pages


def test_one_action_edit_renders_only_the_changed_pages_and_search_stays_complete(project):
    """Issue 14: after a one-action edit the preview serves the updated action, plan and home pages,
    renders only the pages whose Markdown changed, and its search index still lists every page."""
    action = project / "plans/improvement-plans/wv-plan-2024/actions/1.10.yaml"
    good = action.read_text()
    preview = Preview(project)
    try:
        assert preview.shows("Wyvern Vale improvement journey", seconds=90), "preview never came up"
        before = _search_pages(preview)
        assert len(before) > 20
        action.write_text(good.replace("title: Add an assessment due-date report", "title: Due-date report, edited")
                          .replace("ref: page 5", "  - date: 2024-12-31\n    progress: amber\n"
                                                  "    note: Specified in the live preview.\nref: page 5"))
        assert preview.shows("Due-date report, edited", "plans/wv-plan-2024/actions/1.10/"), preview.stop()
        # The edited action's own page is shown first; the pages that list it follow by themselves.
        assert preview.shows("Due-date report, edited", "plans/wv-plan-2024/", seconds=30)
        assert preview.shows("Status update, 31 December 2024", "", seconds=30)
        assert "Due-date report, edited" in preview.page("")  # the home page's recent updates
        # Once the rebuild has settled (the engine's index of the rebuilt pages is merged into the whole
        # just after it is written; the browsers reload only then):
        # (read once per try: the engine may be writing the index while it is fetched)
        def settled() -> bool:
            now = _search_pages(preview)
            return now.keys() == before.keys() and "Due-date report, edited" in now["plans/wv-plan-2024/actions/1.10/"]
        assert _wait_for(settled, 30), "the search index lost or gained pages, or lacks the edit"
        # An edit with an error shows the problem page; fixing it brings the site back, still complete.
        action.write_text(good.replace("due: 2025-01-31", "due: 2025-02-30"))
        assert preview.shows("1 problem to fix", "plans/wv-plan-2024/actions/1.10/")
        assert "1.10.yaml:5:6: due:" in preview.page("") and "not a real date" in preview.page("")
        action.write_text(good)
        assert preview.shows("Add an assessment due-date report", "plans/wv-plan-2024/actions/1.10/")
        assert _wait_for(lambda: _search_pages(preview).keys() == before.keys(), 30)
    finally:
        output = preview.stop()
    rebuilds = [line for line in output.splitlines() if line.startswith(("built in", "rebuilt in"))]
    assert rebuilds[0].startswith("built in") and rebuilds[0].endswith("(every page rendered)")
    assert any("(only those rendered again; the edited action's page shown after " in line for line in rebuilds[1:]), \
        output
    assert "Traceback" not in output


def test_preview_shows_a_link_to_a_missing_heading_as_the_build_would(project):
    """A dirty rebuild renders only the edited page: the heading it links to, on a page not rendered
    again, is still checked, and so are links to a heading that an edit takes away."""
    page = project / "content/accessibility.md"
    good = page.read_text()
    preview = Preview(project)
    try:
        assert preview.shows("Wyvern Vale improvement journey", seconds=90), "preview never came up"
        page.write_text(good + "\nSee [the actions](plans/wv-plan-2024/index.md#no-such-part).\n")
        assert preview.shows("1 problem to fix", "accessibility/"), preview.stop()
        assert "content/accessibility.md:" in preview.page("") and "no heading or anchor" in preview.page("")
        # Markup the scan of built pages refuses is put against the page it came from, as a build puts it.
        page.write_text(good + "\n<script>alert(1)</script>\n")
        assert preview.shows("content/accessibility.md: a &lt;script&gt; element", "accessibility/"), preview.stop()
        page.write_text(good)
        assert preview.shows("Accessibility statement", "accessibility/")
        assert "1 problem to fix" not in preview.page("accessibility/")
    finally:
        output = preview.stop()
    assert "Traceback" not in output
