"""Writing a file and walking a tree, each done one way everywhere.

- atomic_write: the bytes go to a temporary file beside the target, which is then renamed over it, so
  a reader (a browser, another build sharing a cache) sees the old file or the new one, never half of
  one; a failure leaves the target as it was.
- walk: every file under a folder in a fixed order, links reported but never followed, and the
  folders editors' and systems' programs make (journey/scratch.py) left out.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Iterator


def temp_name(target: Path) -> Path:
    """Where a file is written before it is renamed into place: a dot name beside it (the engine skips
    dot files, so one left by a killed build is never published), unique to this process."""
    return target.with_name(f".{target.name}.{os.getpid()}.journey-tmp")


def atomic_write(path: Path, data: bytes | str, *, only_if_changed: bool = False, mode: int | None = None) -> bool:
    """Write data to path in one step (see the module's docstring); return whether it was written.
    only_if_changed: leave a file that already holds these bytes alone (its time too). mode: the
    new file's permissions (else the usual ones for a new file)."""
    data = data.encode("utf-8") if isinstance(data, str) else data
    if only_if_changed and path.is_file() and not path.is_symlink() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = temp_name(path)
    try:
        tmp.write_bytes(data)
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return True


def entries(folder: Path, *, skip: Callable[[str], bool] = lambda name: False) -> Iterator[tuple[Path, str]]:
    """Everything under folder in a fixed order, as (path, kind): "folder" (even an empty one), "file",
    or "link" (to a file or a folder; never followed). A folder skip(name) says yes to is not entered
    (nor given)."""
    for here, dirs, files in os.walk(folder, followlinks=False):
        base = Path(here)
        links = sorted(d for d in dirs if (base / d).is_symlink())
        dirs[:] = sorted(d for d in dirs if not (base / d).is_symlink() and not skip(d))
        for name in dirs:
            yield base / name, "folder"
        for name in links:
            yield base / name, "link"
        for name in sorted(files):
            path = base / name
            yield path, "link" if path.is_symlink() else "file"


def files_under(folder: Path) -> list[str]:
    """Every file (and link) under folder as a posix path relative to it, sorted."""
    return sorted(path.relative_to(folder).as_posix() for path, _ in walk(folder))


def walk(folder: Path, *, skip: Callable[[str], bool] = lambda name: False) -> Iterator[tuple[Path, bool]]:
    """Every file under folder, and every link (to a file or a folder), in a fixed order: (path, is a
    link). Links are never followed; a folder skip(name) says yes to is not entered."""
    for path, kind in entries(folder, skip=skip):
        if kind != "folder":
            yield path, kind == "link"
