"""Browser tests: the real-data site, built once, served on 127.0.0.1, driven by Playwright in
Debian's Chromium. A missing browser is a failure, never a skip: CI installs it (.ci/run)."""

from __future__ import annotations

import functools
import http.server
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from conftest import REPO, browser_path, make_project

AS_AT = "2021-09-16"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]


def chromium_path() -> str:
    found = browser_path()
    if found:
        return found
    pytest.fail("Chromium is not installed, so the browser tests cannot run. Install Debian's package "
                "(apt-get install -y chromium) or set CHROMIUM to the browser's path.", pytrace=False)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    root = make_project(tmp_path_factory.mktemp("browser-site") / "project", REPO / "plans")
    result = subprocess.run([sys.executable, str(REPO / "build_site.py"), "build", "--as-at", AS_AT],
                            cwd=root, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return root / "site"


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory) -> Path:
    """The fictional fixture (every kind of record, a logo, a colour and a contact mailbox), built."""
    root = make_project(tmp_path_factory.mktemp("browser-fixture") / "project")
    result = subprocess.run([sys.executable, str(REPO / "build_site.py"), "build", "--as-at", "2024-10-01"],
                            cwd=root, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return root / "site"


def _serve(folder: Path):
    handler = functools.partial(_Quiet, directory=str(folder))
    server = _QuietServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def served(folder: Path):
    """For a session fixture: the folder served on 127.0.0.1 while the session lasts, as its address."""
    server = _serve(folder)
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def fixture_base_url(fixture_site):
    yield from served(fixture_site)


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output clean
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):  # a browser that went away mid-answer is no failure
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


@pytest.fixture(scope="session")
def base_url(built_site):
    yield from served(built_site)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    path = chromium_path()
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


class Tracked:
    """A page that records console errors and every request that leaves 127.0.0.1."""

    def __init__(self, page):
        self.page = page
        self.errors: list[str] = []
        self.outside: list[str] = []
        page.on("console", lambda msg: self.errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))

        def route(r):
            url = r.request.url
            if url.startswith(("http://127.0.0.1:", "data:", "blob:", "about:")):
                r.continue_()
            else:
                self.outside.append(url)
                r.abort()

        page.route("**/*", route)


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tracked = Tracked(context.new_page())
    yield tracked
    context.close()


def tab_to(page, selector: str, limit: int = 1000) -> None:
    """Press Tab until the element matching selector has focus (keyboard only), or fail."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"Tab never reached {selector}")


SETTLE = """() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() =>
    Promise.all(document.getAnimations().map(a => a.finished.catch(() => null))).then(done))))"""


def settle(page) -> None:
    """Wait until the page has drawn twice and every transition or animation it started has finished
    (after a palette switch, say): an event to wait for, not a guessed delay."""
    page.evaluate(SETTLE)
