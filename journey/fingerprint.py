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
import re
import stat
import sys
from datetime import date, datetime
from pathlib import Path

import yaml

from .scratch import is_scratch_folder, scratch_path

PACKAGE = Path(__file__).resolve().parent
SCHEME = "3"  # bump when what the fingerprint covers changes (2: scratch files left out; 3: packages by folder, folders)
_READ_MAX = 4 * 1024 * 1024


def _tree(digest, folder: Path, label: str, skip=lambda rel: False) -> None:
    """Every file under folder (links recorded by their target, never followed), in a fixed order."""
    if not folder.exists() and not folder.is_symlink():
        digest.update(f"{label}: missing\n".encode())
        return
    if folder.is_file():
        digest.update(f"{label}\0".encode() + folder.read_bytes() + b"\0")
        return
    for here, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__"
                         and not (is_scratch_folder(d) and not (Path(here) / d).is_symlink()))  # a link counts
        for name in dirs:  # a folder, even empty, is an input: the check refuses a misspelt one
            rel = (Path(here) / name).relative_to(folder).as_posix()
            if not skip(rel):
                digest.update(f"{label}/{rel}/\0".encode("utf-8", "surrogateescape"))
        for name in sorted(files) + [d for d in dirs if (Path(here) / d).is_symlink()]:
            path = Path(here) / name
            rel = path.relative_to(folder).as_posix()
            if skip(rel) or scratch_path(path):
                continue
            try:
                info = path.lstat()
                if stat.S_ISLNK(info.st_mode):
                    body = b"link:" + os.readlink(path).encode("utf-8", "surrogateescape")
                elif not stat.S_ISREG(info.st_mode):  # a pipe or device: never opened (it could hang)
                    body = f"special:{stat.S_IFMT(info.st_mode)}".encode()
                elif info.st_size > _READ_MAX:  # the check refuses it anyway; do not read it all
                    body = f"large:{info.st_size}:{info.st_mtime_ns}".encode()
                else:
                    body = path.read_bytes()
            except OSError:
                body = b"unreadable"
            digest.update(f"{label}/{rel}\0{len(body)}\0".encode("utf-8", "surrogateescape") + body)


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


def _pinned(site_yaml: Path) -> str | None:
    """The as_at date site.yaml gives, read as YAML as the build reads it (ISO), or None."""
    try:
        if site_yaml.is_symlink() or not site_yaml.is_file() or site_yaml.stat().st_size > _READ_MAX:
            return None
        data = yaml.load(site_yaml.read_bytes(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, yaml.YAMLError, ValueError, RecursionError):  # the build says what is wrong with it
        return None
    value = data.get("as_at") if isinstance(data, dict) else None
    if isinstance(value, date) and not isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        return value.strip()
    return None


def of(root: Path, plans: Path, site: Path, as_at: date | None, generated: tuple[str, ...],
       package: Path = PACKAGE) -> str:
    """The fingerprint of a build of plans into site, with the project folder at root."""
    digest = hashlib.blake2b(digest_size=20)
    site_yaml = plans / "site.yaml"
    # The date the build is as at, however it was given (--as-at or site.yaml): the same date, the same site.
    when = as_at.isoformat() if as_at else _pinned(site_yaml) or f"today {date.today().isoformat()}"
    digest.update(f"scheme {SCHEME}\0python {platform.python_version()}\0as at {when}\0site {site}\0".encode())
    digest.update(_packages().encode())
    _tree(digest, plans, "plans")
    _tree(digest, package, "package")
    _tree(digest, root / "mkdocs.yml", "mkdocs.yml")
    _tree(digest, root / "theme_overrides", "theme_overrides")
    _tree(digest, root / "content", "content",
          skip=lambda rel: rel.split("/", 1)[0] in generated or rel.startswith(".journey"))
    return digest.hexdigest()


def site_state(site: Path) -> str:
    """Every file of the built site by name, size and time: a site changed by hand is built again."""
    digest = hashlib.blake2b(digest_size=20)
    for here, dirs, files in os.walk(site):
        dirs.sort()
        for name in sorted(files):
            try:
                info = os.lstat(os.path.join(here, name))
            except OSError:
                continue
            digest.update(f"{os.path.relpath(os.path.join(here, name), site)}\0{info.st_size}\0{info.st_mtime_ns}\0"
                          .encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def _stamp(root: Path) -> Path:
    return root / ".cache" / "last-build.json"


def unchanged(root: Path, site: Path, fingerprint: str, marker: str) -> dict | None:
    """What the last build recorded, if it had this fingerprint and its site is still in place."""
    try:
        last = json.loads(_stamp(root).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if (isinstance(last, dict) and last.get("fingerprint") == fingerprint and last.get("site") == str(site)
            and (site / marker).is_file() and (site / "index.html").is_file()
            and last.get("output") == site_state(site)):
        return last
    return None


def record(root: Path, site: Path, fingerprint: str, as_at: date) -> None:
    stamp = _stamp(root)
    stamp.parent.mkdir(parents=True, exist_ok=True)
    tmp = stamp.with_suffix(".tmp")
    tmp.write_text(json.dumps({"fingerprint": fingerprint, "site": str(site), "as_at": as_at.isoformat(),
                               "output": site_state(site)}), encoding="utf-8")
    os.replace(tmp, stamp)


def forget(root: Path) -> None:
    _stamp(root).unlink(missing_ok=True)
