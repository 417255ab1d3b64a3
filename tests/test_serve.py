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
        # Once settled, nothing keeps rewriting content/ (which would make the preview rebuild for ever).
        time.sleep(2)
        stamps = {p: p.stat().st_mtime_ns for p in (project / "content").rglob("*.md")}
        time.sleep(4)
        assert stamps == {p: p.stat().st_mtime_ns for p in (project / "content").rglob("*.md")}
    finally:
        output = preview.stop()
    assert "rebuilt in" in output and "2 pages changed" in output  # the home page and the open-data JSON
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
        assert preview.shows("1 problem in the plans"), "the problem never reached the browser"
        page = preview.page("plans/wv-plan-2024/")
        assert f"{ACTION}:1:20: the file is nested too deeply" in page
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
