"""Files and folders that editors' programs and operating systems leave beside what is being edited:
swap, lock, autosave and backup files, editor settings folders and folder litter. The generator
never reads, watches, fingerprints or publishes them, and never reports them as misplaced (a file
open in vim is not a problem in the plans). Each name here is one a program makes by itself; none is
a name anyone gives data. Only a file is taken for a scratch file by its name, never a folder: a
folder called `drafts~` or `4913` is the editor's own, and is read or reported as usual."""

from __future__ import annotations

import fnmatch
import os
import re
from pathlib import Path

# Shell-style patterns for a file's own name.
FILES = (
    "*~",                 # backups: vim, emacs, gedit, nano, kate
    ".*.sw[a-p]", ".*.swx",  # vim's swap files (.swp, then .swo, .swn ...) and its probe
    "4913",               # vim checks it may write a folder by making and deleting this file
    "#*#", ".#*",         # emacs: autosave file and lock link
    ".*.kate-swp",        # kate's swap file
    ".~lock.*#",          # LibreOffice's lock file
    "~$*",                # Microsoft Office's owner file
    "*___jb_tmp___", "*___jb_old___",  # JetBrains editors' safe-write files
    ".goutputstream-*",   # GNOME's safe-write file
    ".nfs*",              # a file deleted while open on a network drive
    ".DS_Store", "._*",   # macOS: folder settings and AppleDouble files on shared drives
    ".directory",         # KDE's folder settings
)
FILES_ANY_CASE = ("thumbs.db", "ehthumbs.db", "desktop.ini")  # Windows, which ignores case
# Folders an editor or a system makes in a folder it opens or browses.
FOLDERS = (".idea", ".vscode", "__MACOSX", ".Trashes", ".Spotlight-V100", ".fseventsd", ".TemporaryItems",
           "$RECYCLE.BIN")

_FILE = re.compile("|".join(fnmatch.translate(p) for p in FILES))
_FILE_ANY_CASE = re.compile("|".join(fnmatch.translate(p) for p in FILES_ANY_CASE), re.IGNORECASE)


def is_scratch(name: str) -> bool:
    """Whether a file of this name (no folder) is an editor's or the system's scratch file."""
    return _FILE.match(name) is not None or _FILE_ANY_CASE.match(name) is not None


def is_scratch_folder(name: str) -> bool:
    return name in FOLDERS


def scratch_path(path: Path) -> bool:
    """Whether this file (a file or a link, not a folder) is a scratch file by its name."""
    return is_scratch(path.name) and not path.is_dir()


_GLOB = re.compile(r"([\\*?\[\]])")


def exclusions(folder: Path) -> list[str]:
    """Every scratch file and scratch folder under folder (never one in a folder a link leads to), as a
    .gitignore line naming it exactly: what MkDocs' exclude_docs takes to leave them out."""
    lines = []
    for here, dirs, files in os.walk(folder):
        for name in [d for d in dirs if is_scratch_folder(d) and not (Path(here) / d).is_symlink()]:
            dirs.remove(name)  # a system's or an editor's folder (__MACOSX, .vscode): left out whole
            rel = _GLOB.sub(r"\\\1", (Path(here) / name).relative_to(folder).as_posix())
            lines.append("/" + rel + "/")
        for name in files:
            path = Path(here) / name
            if scratch_path(path):
                rel = _GLOB.sub(r"\\\1", path.relative_to(folder).as_posix())
                lines.append("/" + re.sub(r" +$", lambda spaces: "\\ " * len(spaces.group()), rel))
    return lines
