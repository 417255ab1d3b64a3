#!/usr/bin/env python3
"""Regenerate the screenshots README.md shows (`make screenshots`): the home page, an action page
and the timeline of the real site, as a reader sees them on a desktop, plus the first page of the
fictional fixture's board report PDF (pdftoppm, from poppler-utils). Needs the test extra (Playwright) and Chromium.

    .venv/bin/python tests/screenshots.py [SITE]     (default: site/, built by make site)
"""

from __future__ import annotations

import functools
import http.server
import shutil
import socketserver
import sys
import threading
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
OUT = REPO / "docs" / "screenshots"
SHOTS = {  # file name: (page, viewport width, height)
    "home.png": ("", 1366, 1000),
    "action.png": ("plans/cip-2019-20/actions/20.2/", 1366, 1000),
    "timeline.png": ("timeline/", 1366, 1000),
}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def main() -> int:
    site = Path(sys.argv[1] if len(sys.argv) > 1 else REPO / "site").resolve()
    if not (site / "index.html").is_file():
        print(f"no built site at {site}: run make site first", file=sys.stderr)
        return 1
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    httpd = socketserver.TCPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    from conftest import browser_path as find_browser

    browser_path = find_browser() or "/usr/bin/chromium"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=browser_path, args=["--no-sandbox", "--disable-gpu"])
        for name, (path, width, height) in SHOTS.items():
            page = browser.new_page(viewport={"width": width, "height": height})
            page.goto(base + path)
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(OUT / name))
            page.close()
            print(f"wrote {(OUT / name).relative_to(REPO)}")
        browser.close()
    httpd.shutdown()
    board_report()
    return 0


def board_report() -> None:
    """The first page of the fictional fixture's board report PDF (it has ratings, an overdue action
    and a revised due date), drawn by poppler's pdftoppm."""
    import subprocess
    import tempfile
    from datetime import date

    sys.path.insert(0, str(REPO))
    from journey import facts as derive
    from journey.downloads.report import board_document, board_pdf
    from journey.inputs.validate import read_project

    as_at = date(2024, 10, 1)
    project = read_project(REPO / "tests" / "fixtures" / "plans")
    facts = derive.facts(project, as_at)
    report = derive.board_report(facts, "wv-plan-2024")
    pdf = board_pdf(board_document(report, facts, facts.known.project), as_at)
    if not shutil.which("pdftoppm"):
        print("the board report picture needs pdftoppm: sudo apt-get install poppler-utils", file=sys.stderr)
        return
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "report.pdf"
        source.write_bytes(pdf)
        subprocess.run(["pdftoppm", "-png", "-r", "90", "-f", "1", "-l", "1", "-singlefile", str(source),
                        str(OUT / "board-report")], check=True)
    print(f"wrote {(OUT / 'board-report.png').relative_to(REPO)}")


if __name__ == "__main__":
    sys.exit(main())
