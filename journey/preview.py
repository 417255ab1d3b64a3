"""The live preview (`build_site.py serve`): regenerate the pages when plans/ or the templates
change, rebuild with MkDocs into a temporary folder, reload the browser.

It survives anything an editor can do to the files: a broken file, a deleted or renamed folder,
a half-saved file. While the plans have problems, every page in the browser is replaced by a
page listing them (file:line:column and message, personal data hidden); fixing the file brings
the site back by itself. Nothing here writes outside content/'s generated pages and a temporary
folder of its own.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path
from typing import Callable

from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

from markupsafe import Markup

from journey import guard
from journey.inputs import privacy
from journey.inputs.kinds import BY_NAME
from journey.charts import ChartCache
from journey.errors import Problem, UsageError, UserError, format_problems
from journey import pipeline
from journey.engine import adapter
from journey.engine.adapter import engine_problem, engine_settings, merge_search_index, read_search_index
from journey.engine.content import Content
from journey.engine.engines import engine as chosen_engine
from journey.engine.publish import no_interrupts
from journey.engine.scan import after_engine, markup_problems
from journey.pages.render import TEMPLATES, keep_compiled_templates, render_site
from journey.pages.urls import action_src
from journey.project import Layout
from journey.scratch import is_scratch_folder, scratch_path

POLL_SECONDS = 0.05


def parse_addr(addr: str) -> tuple[str, int]:
    """'127.0.0.1:8000' -> ('127.0.0.1', 8000), or a UsageError saying what is wrong."""
    host, sep, port = addr.rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise UsageError(f"--addr {addr!r}: expected a host and a port like 127.0.0.1:8000")
    return host.strip("[]"), int(port)


def snapshot(paths: list[Path], skip: Callable[[Path], bool] = lambda p: False) -> dict[str, tuple]:
    """(size, mtime) of every file under these paths, and every folder by its name (ending in a
    separator); a missing or unreadable path counts as empty."""
    seen: dict[str, tuple] = {}
    stack = list(paths)
    while stack:
        path = stack.pop()
        try:
            info = path.lstat()
        except OSError:
            continue
        if path.is_dir() and not path.is_symlink():
            if skip(path):
                continue
            seen[os.path.join(path, "")] = (0, 0)  # a folder, even empty, counts (the check refuses a misspelt one)
            try:
                stack.extend(Path(e.path) for e in os.scandir(path))
            except OSError:
                continue
        elif not skip(path):
            seen[str(path)] = (info.st_size, info.st_mtime_ns)
    return seen


def _scratch(path: Path) -> bool:
    """An editor's or the system's scratch file or folder (journey/scratch.py): never an edit."""
    return scratch_path(path) or (is_scratch_folder(path.name) and path.is_dir() and not path.is_symlink())


def problem_page(problems: list[str]) -> bytes:
    """The page shown in place of every page while the plans have problems."""
    from journey.html import fragments

    return str(fragments().problems(problems, Markup(_PROBLEM_STYLE))).encode("utf-8")


_PROBLEM_STYLE = ("body{font:16px/1.5 system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#0b0c0c}"
                  "h1{color:#d4351c}li{margin:.5rem 0}code{white-space:pre-wrap;word-break:break-word}")


RELOAD = "/.journey-preview/version"  # what the pages' reload script asks: the version shown now

# Added to each HTML page as it is served (never to the built files): waits for the next version of the
# site and reloads the page when it comes.
_RELOAD_SCRIPT = ("<script>(function(){var v=%d;function w(){fetch('%s?since='+v).then(function(r){return r.text()})"
                  ".then(function(t){if(+t!==v){location.reload()}else{w()}},function(){setTimeout(w,1000)})}w()})()"
                  "</script>")


class _Server(ThreadingHTTPServer):
    """A small web server for the preview (the standard library's): it serves whichever folder holds
    the last scanned build (`live`), or the problem page while there are problems, and tells each page
    when a new version is up."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], empty: Path):
        super().__init__(address, _Handler, bind_and_activate=False)
        self.live = empty  # (nothing built yet: every page says so)
        self.building = True
        self.problems: list[str] = []
        self.version = 0
        self.changed = threading.Condition()

    def show(self, live: Path | None, problems: list[str]) -> None:
        """A new version: this folder (None: keep the one shown) and these problems; pages reload."""
        with self.changed:
            if live is not None:
                self.live, self.building = live, False
            self.problems = problems
            self.version += 1
            self.changed.notify_all()

    def handle_error(self, request, client_address) -> None:  # noqa: ARG002 - the standard library's names
        """One request that failed (a browser that went away, a hostile address) is no news: the
        preview's terminal shows the rebuilds, never a traceback."""

    def wait(self, since: int, seconds: float = 20.0) -> int:
        with self.changed:
            self.changed.wait_for(lambda: self.version != since, timeout=seconds)
            return self.version


class _Handler(SimpleHTTPRequestHandler):
    server: _Server

    def __init__(self, request, client_address, server: _Server):
        super().__init__(request, client_address, server, directory=str(server.live))

    def log_message(self, format, *args) -> None:  # noqa: A002, ARG002 - no request lines in the terminal
        pass

    def do_GET(self) -> None:  # noqa: N802 - the standard library's name
        path = self.path.split("?", 1)[0]
        if "\x00" in self.path or "%00" in self.path:
            return self._send(400, b"400 Bad Request", "text/plain")
        if path == RELOAD:
            since = self.path.partition("since=")[2]
            known = since.isascii() and since.isdigit() and len(since) < 16
            version = self.server.wait(int(since) if known else -1)
            return self._send(200, str(version).encode(), "text/plain")
        if path.endswith(("/", ".html")) and self.server.problems:
            return self._send(200, self._with_reload(problem_page(self.server.problems)))
        if self.server.building:
            return self._send(503, self._with_reload(b"<!doctype html><title>Building</title><body><p>The preview is "
                                                     b"building the site; this page reloads when it is ready.</p></body>"))
        try:
            return self._file(path)
        except OSError:  # a name too long for the file system, say: not a page
            return self._send(404, b"404 Not Found", "text/plain")

    def _file(self, path: str) -> None:
        local = Path(self.translate_path(path))
        if local.is_dir():
            if not path.endswith("/"):
                return super().do_GET()  # the standard redirect to the folder's address
            local = local / "index.html"
        if local.suffix == ".html" and local.is_file():
            return self._send(200, self._with_reload(local.read_bytes()))
        if not local.exists() and (Path(self.directory) / "404.html").is_file():
            return self._send(404, self._with_reload((Path(self.directory) / "404.html").read_bytes()))
        return super().do_GET()

    def _with_reload(self, page: bytes) -> bytes:
        script = (_RELOAD_SCRIPT % (self.server.version, RELOAD)).encode()
        at = page.rfind(b"</body>")
        return page[:at] + script + page[at:] if at >= 0 else page + script

    def _send(self, code: int, body: bytes, kind: str = "text/html; charset=utf-8") -> None:
        self.send_response(code)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)


class Preview:
    """One preview session: what to watch, how to rebuild, and what the browser is shown."""

    def __init__(self, layout: Layout, as_at: date | None, out=sys.stderr, engine: str | None = None):
        self.layout = layout
        self.engine = chosen_engine(engine, layout)
        self.content = Content.of(layout)
        self.plans = layout.plans
        self.as_at = as_at
        self.out = out
        self.site_dir = Path(tempfile.mkdtemp(prefix="journey-preview-"))
        # Two builds, served in turn: the next is built (from a copy of the last) and scanned while the
        # last is served, then shown in its place.
        self.builds = (self.site_dir / "a", self.site_dir / "b")
        self.live: Path | None = None
        (self.site_dir / "empty").mkdir()
        self.cache = ChartCache(self.layout.chart_cache)
        keep_compiled_templates(self.layout.template_cache)
        self.problems: list[str] = []
        self.shape: str | None = None  # what every page shares (navigation, theme, page list) at the last good build
        self.search: dict | None = None  # the full search index of the last good build
        self.incremental = False  # whether the last rebuild rendered only the changed pages
        self.memo: dict = {}  # files already read and validated, by name, size and time (validate.read_project)
        self.plans_seen: dict[str, tuple] = {}  # plans/ as it was at the last good build
        self.publish: Callable[[Path | None, list[str]], None] = lambda live, problems: None  # (serve sets it)
        self.first: list[str] = []  # what the last rebuild showed first (the edited actions' pages)
        self.built = False  # whether a build has succeeded yet (the first is "built", the next "rebuilt")
        self.hand_seen: dict[str, tuple] | None = None  # what editors write besides plans/, at the last good build

    def say(self, line: str) -> None:
        print(line, file=self.out, flush=True)

    def watched(self) -> dict[str, tuple]:
        return snapshot([self.plans, TEMPLATES, self.layout.content, self.layout.config,
                         self.layout.theme], self._not_an_edit)

    def _not_an_edit(self, path: Path) -> bool:
        """Generated pages are our own output, and scratch files an editor's swap files: not edits."""
        if _scratch(path):
            return True
        try:
            rel = path.resolve().relative_to(self.layout.content.resolve()).as_posix()
        except ValueError:
            return path.name == "__pycache__"
        return self.content.ours(rel) or path.name.endswith(".journey-tmp")

    def _editors_files(self) -> dict[str, tuple]:
        """What editors write besides plans/: content/'s own pages, mkdocs.yml, theme_overrides/ and
        the generator's templates."""
        return snapshot([self.layout.content, self.layout.config, self.layout.theme, TEMPLATES],
                        self._not_an_edit)

    def _hand_written_changes(self, now: dict[str, tuple]) -> list[str]:
        """Those files added, edited or removed since the last good build, as an editor names them."""
        if self.hand_seen is None:
            return []
        changed = []
        for path in sorted(set(now) | set(self.hand_seen)):
            if now.get(path) == self.hand_seen.get(path) or path.endswith(os.sep):
                continue
            verb = "added" if path not in self.hand_seen else "removed" if path not in now else "changed"
            for base in (self.layout.root, TEMPLATES.parents[2]):  # content/..., or journey/pages/templates/...
                if Path(path).is_relative_to(base):
                    changed.append(f"{Path(path).relative_to(base).as_posix()} {verb}")
                    break
            else:
                changed.append(f"{path} {verb}")
        return changed

    def rebuild(self) -> None:
        """Regenerate content/ and rebuild the preview; record problems instead of ever raising.

        When only action files changed since the last good build, their own pages are rendered and
        shown first (the browsers reload), and then every page that changed with them (the plan,
        board report and home pages, say), which at a thousand actions takes seconds more."""
        started = time.monotonic()
        problems: list[Problem] = []
        changed: list[str] = []
        hand_changed: list[str] = []
        self.first = []
        plans_now = snapshot([self.plans])
        hand_now = self._editors_files()
        try:
            with guard.BuildLock(self.layout.own_cache):
                project = pipeline.read(self.layout, memo=self.memo, given=self.as_at)  # every problem, as a build
                as_at = pipeline.as_at(project, self.as_at)
                edited = self._edited_actions(plans_now)
                if edited:
                    self.first = self._first_look(project, as_at, edited)
                first_took = time.monotonic() - started
                pages = render_site(project, as_at, self.cache, pdf=False, spreadsheets=False)  # slow to make
                with no_interrupts():
                    changed = self.content.sync(pages)
            settings = engine_settings(pages, self.layout.content)
            shape = self._shape(settings)
            # Only the pages whose Markdown changed are rendered again, unless something every page
            # shows (the navigation, the footer, the theme, the list of pages) changed too.
            dirty = shape == self.shape and self.search is not None
            self.shape = None
            warnings, problems, out = self._engine(settings, dirty)
            self.incremental = dirty
            if not problems:
                self.live = out
                self.shape = shape
                self.plans_seen = plans_now
                hand_changed = self._hand_written_changes(hand_now)
                self.hand_seen = hand_now
        except UserError as e:
            problems = e.problems
        except UsageError as e:
            problems = [Problem("preview", 0, 0, "", str(e))]
        except Exception as e:  # noqa: BLE001 - the preview must outlive any failure and say what it was
            problems = [Problem("preview", 0, 0, "", f"the rebuild failed ({type(e).__name__}: {e})")]
        self.problems = [privacy.redact(str(p)) for p in problems]
        self.publish(self.live if not self.problems else None, self.problems)
        took = time.monotonic() - started
        if self.problems:
            self.say(format_problems(problems).replace("nothing was built.", "the browser lists them until "
                                                                            "they are fixed."))
        else:
            changed = sorted(set(changed) | set(self.first))
            what = f"{len(changed)} page{'s' if len(changed) != 1 else ''} changed" if changed else "no page changed"
            if hand_changed:  # an edit to a hand-written page, mkdocs.yml or the theme is news too
                shown = ", ".join(hand_changed[:3]) + (
                    f" and {len(hand_changed) - 3} more" if len(hand_changed) > 3 else "")
                what = shown if not changed else (
                    f"{shown}; {len(changed)} generated page{'s' if len(changed) != 1 else ''} changed")
            how = "only those rendered again" if self.incremental else "every page rendered"
            first = (f"; the edited action's page shown after {first_took:.1f} s" if len(self.first) == 1 else
                     f"; the edited actions' pages shown after {first_took:.1f} s") if self.first else ""
            self.say(f"rebuilt in {took:.1f} s: {what} ({how}{first})" if self.built else
                     f"built in {took:.1f} s (every page rendered)")
            self.built = True

    def _edited_actions(self, plans_now: dict[str, tuple]) -> set[str]:
        """The pages of the action files changed since the last good build, when nothing else in
        plans/ changed and each such page exists already; else nothing."""
        if not self.plans_seen or self.shape is None or self.search is None:
            return set()
        edited = {path for path in set(plans_now) | set(self.plans_seen) if plans_now.get(path) != self.plans_seen.get(path)}
        srcs = set()
        for path in edited:
            parts = Path(path).relative_to(self.plans).parts if Path(path).is_relative_to(self.plans) else ()
            names = BY_NAME["action"].names(parts)
            if names is None or path not in plans_now:
                return set()
            src = action_src(*names)
            if not (self.layout.content / src).is_file():
                return set()
            srcs.add(src)
        return srcs

    def _first_look(self, project, as_at: date, edited: set[str]) -> list[str]:
        """Render and show the edited actions' own pages at once (the browsers reload); the rest of
        the rebuild follows. Nothing is shown early that the full rebuild might refuse: any warning
        or finding, and this step gives way to it."""
        pages = render_site(project, as_at, self.cache, pdf=False, spreadsheets=False, only=edited)
        settings = engine_settings(pages, self.layout.content)
        if self._shape(settings) != self.shape:
            return []
        with no_interrupts():
            written = self.content.sync(pages, whole=False)
        if not written:
            return []
        warnings, problems, out = self._engine(settings, dirty=True)
        if warnings or problems:
            self.shape = None  # the full rebuild renders every page again
            return []
        self.live = out
        self.publish(out, [])
        return written

    def _engine(self, settings: dict, dirty: bool) -> tuple[list[str], list[Problem], Path]:
        """Build content/ into the folder not being served (from a copy of the one served, for a dirty
        build), then the same pass over it a build makes: a preview never shows what a build would
        refuse. Returns the engine's warnings, every problem, and the folder."""
        out = self.builds[1] if self.live == self.builds[0] else self.builds[0]
        shutil.rmtree(out, ignore_errors=True)
        if dirty and self.live is not None:
            shutil.copytree(self.live, out, symlinks=True)  # (times kept: the engine compares them)
        warnings = adapter.run(self.layout, self.engine, self.layout.content, out, settings, strict=False,
                               dirty=dirty)
        problems = [engine_problem(w, self.layout, refused=False) for w in warnings]
        if warnings:
            return warnings, problems, out
        # A dirty build's search index lists the rebuilt pages alone: merged into the last whole one.
        index = merge_search_index(out, self.search) if dirty and self.search is not None else read_search_index(out)
        problems += markup_problems(after_engine(out, self.layout.scan_cache), self.layout.content)
        if not problems:
            self.search = index
        return warnings, problems, out

    def _shape(self, settings: dict) -> str:
        """What every built page depends on besides its own Markdown."""
        pages = sorted(str(p.relative_to(self.layout.content)) for p in self.layout.content.rglob("*")
                       if p.is_file() and not p.name.startswith(".") and not _scratch(p))
        theme = snapshot([self.layout.config, self.layout.theme], _scratch)
        return json.dumps([settings, pages, sorted(theme.items())], sort_keys=True, default=str)

    def serve(self, addr: str) -> int:
        try:
            host, port = parse_addr(addr)
        except UsageError:
            shutil.rmtree(self.site_dir, ignore_errors=True)
            raise
        server = _Server((host, port), self.site_dir / "empty")
        self.publish = server.show
        stop = threading.Event()
        seen = {}
        wanted = threading.Event()

        def poll() -> None:
            nonlocal seen
            while not stop.wait(POLL_SECONDS):
                try:
                    now = self.watched()
                except Exception:  # noqa: BLE001 - never let the watcher die
                    continue
                if now != seen:
                    seen = now
                    wanted.set()

        previous = signal.signal(signal.SIGTERM, _interrupt)
        hangup = signal.signal(signal.SIGHUP, _interrupt)
        watcher = threading.Thread(target=poll, daemon=True)
        serving = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.2}, daemon=True)
        try:
            try:  # the address first: a port in use is said at once, before seconds of building
                server.server_bind()
                server.server_activate()
            except OSError as e:
                raise UsageError(f"cannot serve on {host}:{port}: {(e.strerror or str(e)).lower()}; choose another "
                                 f"port with --addr {host}:{port + 1 if port < 65535 else 8000}") from None
            serving.start()
            seen = self.watched()  # before the first build: an edit made while it runs is followed too
            self.rebuild()
            self.say(f"previewing on http://{host}:{port}/ (Ctrl-C to stop)")
            watcher.start()
            try:
                while True:
                    if not wanted.wait(0.5):
                        continue
                    wanted.clear()
                    self.rebuild()
            except KeyboardInterrupt:
                pass
            self.say("preview stopped")
            return 0
        finally:
            stop.set()
            signal.signal(signal.SIGTERM, previous)
            signal.signal(signal.SIGHUP, hangup)
            if serving.is_alive():
                server.shutdown()
            server.server_close()
            shutil.rmtree(self.site_dir, ignore_errors=True)


def _interrupt(_signum, _frame) -> None:
    raise KeyboardInterrupt
