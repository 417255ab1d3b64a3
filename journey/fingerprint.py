"""A fingerprint of every input of a build, so a build with nothing changed can say so and stop.

The inputs: every file under plans/, the generator's own code, templates and data (this package),
mkdocs.yml, theme_overrides/, the hand-written files in content/, the installed packages and their
versions, the Python version, the output folder and the as-at date. The fingerprint of the last
successful build is kept in .cache/, with the names, sizes and times of the files it wrote; a build
whose fingerprint matches it, into a site/ that is still there and untouched, has nothing to do. Light on purpose: it runs before the heavy imports.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import stat
import sys
from datetime import date
from pathlib import Path

from journey.files import atomic_write, entries, files_under
from journey.project import READ_MAX, Layout, pinned_as_at, resolve_as_at
from journey.scratch import is_scratch_folder, scratch_path

PACKAGE = Path(__file__).resolve().parent
SCHEME = "4"  # bump when what the fingerprint covers changes (2: scratch files left out; 3: packages by folder, folders; 4: the engine)


def _tree(digest, folder: Path, label: str, skip=lambda rel: False) -> None:
    """Every file under folder (links recorded by their target, never followed), and every folder even
    empty (the check refuses a misspelt one), in a fixed order."""
    if not folder.exists() and not folder.is_symlink():
        digest.update(f"{label}: missing\n".encode())
        return
    if folder.is_file():
        digest.update(f"{label}\0".encode() + folder.read_bytes() + b"\0")
        return
    for path, kind in entries(folder, skip=lambda name: name == "__pycache__" or is_scratch_folder(name)):
        rel = path.relative_to(folder).as_posix()
        if skip(rel) or (kind != "folder" and scratch_path(path)):
            continue
        if kind == "folder":
            digest.update(f"{label}/{rel}/\0".encode("utf-8", "surrogateescape"))
            continue
        body = _body(path)
        digest.update(f"{label}/{rel}\0{len(body)}\0".encode("utf-8", "surrogateescape") + body)


def _body(path: Path) -> bytes:
    """What of a file the fingerprint reads: its bytes, or what it is where reading it would not do."""
    try:
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode):
            return b"link:" + os.readlink(path).encode("utf-8", "surrogateescape")
        if not stat.S_ISREG(info.st_mode):  # a pipe or device: never opened (it could hang)
            return f"special:{stat.S_IFMT(info.st_mode)}".encode()
        if info.st_size > READ_MAX:  # the check refuses it anyway; do not read it all
            return f"large:{info.st_size}:{info.st_mtime_ns}".encode()
        return path.read_bytes()
    except OSError:
        return b"unreadable"


def _packages() -> str:
    """Every installed distribution, by the name and version its metadata folder is named with
    (`mkdocs-1.6.1.dist-info`) and that folder's time, which a reinstall changes: reading each
    package's metadata instead took a quarter of a second, most of a build with nothing changed."""
    found = []
    for entry in sys.path:
        try:
            with os.scandir(entry or ".") as listing:
                for item in listing:
                    if item.name.endswith((".dist-info", ".egg-info")):
                        found.append(f"{entry}/{item.name}@{item.stat(follow_symlinks=False).st_mtime_ns}")
        except OSError:  # not a folder (a zip file) or gone
            continue
    return ";".join(sorted(found))


def of(layout: Layout, given: date | None, package: Path = PACKAGE, engine: str = "") -> str:
    """The fingerprint of a build of the layout's plans into its site by the engine."""
    digest = hashlib.blake2b(digest_size=20)
    # The date the build is as at, however it was given (--as-at or site.yaml): the same date, the same site.
    when = resolve_as_at(given, pinned_as_at(layout.plans / "site.yaml"))
    day = when.day.isoformat() if when.pinned else f"today {when.day.isoformat()}"
    digest.update(f"scheme {SCHEME}\0python {platform.python_version()}\0as at {day}\0site {layout.site}\0engine {engine}\0".encode())
    digest.update(_packages().encode())
    _tree(digest, layout.plans, "plans")
    _tree(digest, package, "package")
    _tree(digest, layout.config, "mkdocs.yml")
    _tree(digest, layout.theme, "theme_overrides")
    _tree(digest, layout.content, "content",
          skip=lambda rel: rel.split("/", 1)[0] in layout.generated or rel.startswith(".journey") or rel == ".gitignore")
    return digest.hexdigest()


def site_state(site: Path) -> str:
    """Every file of the built site by name, size and time: a site changed by hand is built again."""
    digest = hashlib.blake2b(digest_size=20)
    for rel in files_under(site) if site.is_dir() else []:
        try:
            info = os.lstat(site / rel)
        except OSError:
            continue
        digest.update(f"{rel}\0{info.st_size}\0{info.st_mtime_ns}\0".encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def _stamp(layout: Layout) -> Path:
    return layout.own_cache / "last-build.json"


def unchanged(layout: Layout, fingerprint: str, marker: str) -> dict | None:
    """What the last build recorded, if it had this fingerprint and its site is still in place."""
    site = layout.site
    try:
        last = json.loads(_stamp(layout).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if (isinstance(last, dict) and last.get("fingerprint") == fingerprint and last.get("site") == str(site)
            and (site / marker).is_file() and (site / "index.html").is_file()
            and last.get("output") == site_state(site)):
        return last
    return None


def record(layout: Layout, fingerprint: str, as_at: date) -> None:
    atomic_write(_stamp(layout), json.dumps({"fingerprint": fingerprint, "site": str(layout.site),
                                             "as_at": as_at.isoformat(), "output": site_state(layout.site)}))


def forget(layout: Layout) -> None:
    _stamp(layout).unlink(missing_ok=True)
