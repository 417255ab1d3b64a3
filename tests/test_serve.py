"""`build_site.py serve`: live preview that follows edits to plans/ without a rebuild loop."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request

from conftest import REPO


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
        time.sleep(0.3)
    return False


def test_serve_regenerates_on_edit_without_looping(project):
    port = _free_port()
    url = f"http://127.0.0.1:{port}/"
    proc = subprocess.Popen([sys.executable, str(REPO / "build_site.py"), "serve", "--addr", f"127.0.0.1:{port}"],
                            cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert _wait_for(lambda: "Wyvern Vale improvement journey" in (_get(url) or ""), 90), "preview never came up"
        site_yaml = project / "plans/site.yaml"
        site_yaml.write_text(site_yaml.read_text().replace("title: Wyvern Vale improvement journey (fictional)",
                                                           "title: Wyvern Vale journey, edited live"))
        assert _wait_for(lambda: "Wyvern Vale journey, edited live" in (_get(url) or ""), 60), "edit not picked up"
        # Once settled, nothing keeps rewriting content/ (which would make MkDocs rebuild for ever).
        time.sleep(2)
        stamps = {p: p.stat().st_mtime_ns for p in (project / "content").rglob("*.md")}
        time.sleep(4)
        assert stamps == {p: p.stat().st_mtime_ns for p in (project / "content").rglob("*.md")}
    finally:
        proc.terminate()
        try:
            output, _ = proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            output, _ = proc.communicate()
    assert "regenerated 1 page" in output
    assert "Traceback" not in output
