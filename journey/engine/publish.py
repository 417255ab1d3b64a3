"""Publishing a build: the pages staged beside the site, built by the engine, scanned, and only then
put in place (content/'s generated pages and the new site swapped in with renames), so a failed or
interrupted build leaves content/ and site/ exactly as they were."""

from __future__ import annotations

import os
import shutil
import signal
import threading
from collections.abc import Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Callable

from journey import guard
from journey.engine import adapter
from journey.engine.adapter import engine_problem, engine_settings
from journey.engine.content import Content
from journey.engine.engines import Engine
from journey.engine.scan import after_engine, markup_problems
from journey.errors import UserError
from journey.project import Layout
from journey.timings import Clock


def stage_pages(layout: Layout, pages: dict[str, str | bytes], stage: Path,
                timings: dict[str, float] | None = None) -> dict:
    """Put content/'s hand-written files and these generated pages in the staging folder (made by
    guard.staging_folder); return the settings the site engine needs for them (engine_settings)."""
    clock = Clock(timings)
    docs = stage / "content"
    shutil.copytree(layout.content, docs, ignore=Content.of(layout).ignore_generated())
    Content(docs, layout.generated).sync(pages)
    clock("copy")
    return engine_settings(pages, docs)


class _Staged(Mapping):
    """The generated pages as stage_pages wrote them, read from the staging folder when asked for."""

    def __init__(self, docs: Path, names: list[str]):
        self.docs, self.names = docs, names

    def __getitem__(self, rel: str) -> bytes:
        return (self.docs / rel).read_bytes()

    def __iter__(self):
        return iter(self.names)

    def __len__(self) -> int:
        return len(self.names)


def finish(layout: Layout, engine: Engine, stage: Path, settings: dict, generated: list[str],
           timings: dict[str, float] | None = None, after_swap: Callable[[], None] | None = None) -> None:
    """Build the staged pages with the site engine, check what it wrote, then put the generated pages
    in content/ and the new site in place. A failure before that (a problem, the engine, a check) leaves
    both as they were; the generated pages go into content/ first, so a failure of the swap itself (a
    full disk) can leave them newer than the site, which the next build puts right. after_swap runs
    before an interrupt held back during the swap takes effect (the command line: from then on the
    build is done, and an interrupt changes nothing)."""
    clock = Clock(timings)
    docs, out = stage / "content", stage / "site"
    warnings = adapter.run(layout, engine, docs, out, settings)
    clock("engine")
    if warnings:
        raise UserError([engine_problem(w, layout) for w in warnings])
    refused = after_engine(out, layout.scan_cache)
    clock("checks")
    if refused:
        raise UserError(markup_problems(refused, docs))
    (out / guard.SITE_MARKER).write_text(guard.SITE_MARKER_TEXT, encoding="utf-8")
    with no_interrupts():  # an interrupt now waits until both are done
        Content.of(layout).sync(_Staged(docs, generated))
        _swap(out, layout.site)
        if after_swap is not None:
            after_swap()
    clock("swap")


@contextmanager
def no_interrupts():
    """Hold back Ctrl-C and termination while the new pages and site are put in place (the main
    thread only: signals reach Python there); they take effect as soon as the block ends."""
    signals = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, signals)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _swap(new: Path, site: Path) -> None:
    """Put the new site in place with renames, so readers never see a half-written folder."""
    old = None
    if site.exists():
        old = guard.old_name(site)
        os.replace(site, old)
    try:
        os.replace(new, site)
    except BaseException:
        if old is not None:
            os.replace(old, site)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
