"""The output guard: before a build touches anything, make sure the output folder is one the
generator may replace, and that no other build is writing at the same time.

A build replaces its output folder whole, so pointing it at the wrong place would destroy work.
The guard refuses the project folder or any folder above it, anything inside plans/, content/,
theme_overrides/ or .git, a file, and any folder that is not empty unless it carries the marker
file the generator writes into every site it builds. The project's own site/ is adopted once
without a marker, so existing checkouts keep working. The only things ever removed are those the
generator marked itself: its previous site, and staging folders left behind by a killed build.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from journey.errors import UsageError

SITE_MARKER = ".journey-site"
SITE_MARKER_TEXT = ("Built by the improvement-journey site generator (build_site.py). The generator replaces\n"
                    "this whole folder on every build: keep nothing else in it.\n")
STAGING_MARKER = ".journey-staging"
STAGING_PREFIX = ".build-"
PROTECTED = ("plans", "content", "theme_overrides", ".git")
LOCK_WAIT = 600.0  # seconds a build waits for another to finish


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or path.is_relative_to(folder)


def check_cache(cache: Path, root: Path, site: Path, plans: Path) -> None:
    """Refuse (UsageError, exit 2) a JOURNEY_CACHE folder inside what the build reads or publishes."""
    cache, root = cache.resolve(), root.resolve()
    for folder in [root / name for name in PROTECTED] + [plans.resolve(), site.resolve()]:
        if _inside(cache, folder):
            raise UsageError(f"JOURNEY_CACHE={cache}: that is inside {folder.name}/, which the build reads or "
                             "publishes; choose a folder outside it, such as .cache/ in the project or one of "
                             "your own")


def check_output(site: Path, root: Path, *, plans: Path | None = None, default: Path | None = None) -> None:
    """Refuse (UsageError, exit 2) an output folder the build must not replace; touch nothing."""
    site, root = site.resolve(), root.resolve()
    shown = str(site)
    if _inside(root, site):
        where = "the project folder" if site == root else "a folder that holds the project"
        raise UsageError(f"--site {shown}: that is {where}; the build replaces its output folder whole, so it "
                         "would be deleted. Choose a new folder, such as site/")
    protected = [root / name for name in PROTECTED] + ([plans.resolve()] if plans is not None else [])
    for folder in protected:
        if _inside(site, folder):
            raise UsageError(f"--site {shown}: that is inside {folder.name}/, which the build must never "
                             "replace; choose a folder outside it, such as site/")
        if folder.is_relative_to(site):
            raise UsageError(f"--site {shown}: that folder holds {folder}, which the build must never delete; "
                             "choose a folder that holds nothing of the project's")
    if site.exists() or site.is_symlink():
        if site.is_symlink() or not site.is_dir():
            raise UsageError(f"--site {shown}: that is a file, not a folder; choose a folder for the site")
        if (site / SITE_MARKER).is_file() or (default is not None and site == default.resolve()):
            return
        try:
            empty = not any(os.scandir(site))
        except OSError as e:
            raise UsageError(f"--site {shown}: cannot be read ({(e.strerror or '').lower()})") from None
        if not empty:
            raise UsageError(f"--site {shown}: that folder already holds files the generator did not make "
                             f"(it has no {SITE_MARKER} marker), and the build would replace them; choose a new "
                             "or empty folder")
    parent = site.parent
    while not parent.exists() and parent != parent.parent:  # missing folders above are created
        parent = parent.parent
    if not parent.is_dir() or not os.access(parent, os.W_OK | os.X_OK):
        raise UsageError(f"--site {shown}: cannot write in {parent}; choose a folder you can write to")


class BuildLock:
    """A lock file in the project's own .cache/ that serialises builds (and preview regenerations): a
    second build waits for the first (saying so once, on stderr) up to `wait` seconds (JOURNEY_LOCK_WAIT,
    default ten minutes), then gives up with one line. filelock holds it, so a killed build releases it."""

    def __init__(self, folder: Path, wait: float | None = None, say=None):
        self.path = Path(folder).resolve() / "build.lock"
        self.wait = wait if wait is not None else float(os.environ.get("JOURNEY_LOCK_WAIT", LOCK_WAIT))
        self.say = say
        self.lock = None

    def __enter__(self) -> "BuildLock":
        from filelock import FileLock, Timeout

        self.path.parent.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(self.path))
        try:
            lock.acquire(timeout=0)
        except Timeout:
            if self.say is not None:
                self.say(f"waiting for another build of this project to finish (it holds {self.path})")
            try:
                lock.acquire(timeout=self.wait)
            except Timeout:
                raise UsageError(f"another build of this project is still running (it holds {self.path}); "
                                 f"waited {self.wait:g} s. Try again when it has finished") from None
        self.lock = lock
        return self

    def __exit__(self, *exc) -> None:
        if self.lock is not None:
            self.lock.release()
            self.lock = None


def staging_folder(site: Path) -> Path:
    """A fresh, marked staging folder beside the site (same file system, so the swap is a rename)."""
    import tempfile

    site.parent.mkdir(parents=True, exist_ok=True)
    stage = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{site.name}-", dir=site.parent))
    (stage / STAGING_MARKER).write_text(str(site) + "\n", encoding="utf-8")
    return stage


def old_name(site: Path) -> Path:
    return site.with_name(f".{site.name}-old-{os.getpid()}")


def remove_leftovers(site: Path) -> list[Path]:
    """Remove what a killed build of this site left beside it: marked staging folders and marked old
    sites, nothing else. Call with the build lock held. Return what was removed."""
    removed = []
    parent = site.parent
    if not parent.is_dir():
        return removed
    for entry in sorted(parent.iterdir()):
        if entry.is_symlink() or not entry.is_dir():
            continue
        if entry.name.startswith(f"{STAGING_PREFIX}{site.name}-"):
            marker = entry / STAGING_MARKER
            ours = marker.is_file() and marker.read_text("utf-8", errors="replace").strip() == str(site)
        elif entry.name.startswith(f".{site.name}-old-"):
            ours = (entry / SITE_MARKER).is_file()
        else:
            continue
        if ours:
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
    return removed
