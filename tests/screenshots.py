#!/usr/bin/env python3
"""Regenerate the screenshots README.md shows (`make screenshots`): the home page, an action page
and the timeline of the real site, as a reader sees them on a desktop, plus the first page of the
2019-20 plan's board report when one is built. Needs the test extra (Playwright) and Chromium.

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
    browser_path = shutil.which("chromium") or shutil.which("chromium-browser") or "/usr/bin/chromium"
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
