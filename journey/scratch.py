"""Files that editors' programs and operating systems leave beside the files being edited: swap,
lock, autosave and backup files, and folder litter. The generator never reads, watches, fingerprints
or publishes them, and never reports them as misplaced files (a file open in vim is not a problem
in the plans). Each name here is one a program makes by itself; none is a name anyone gives data."""

from __future__ import annotations

import fnmatch
import re

# Shell-style patterns matched against a file's own name, case-sensitively.
NAMES = (
    "*~",                 # backups: vim, emacs, gedit, nano, kate
    ".*.sw[a-p]", ".*.swx",  # vim's swap files (.swp, then .swo, .swn ...) and its probe
    "4913",               # vim checks it may write a folder by making and deleting this file
    "#*#", ".#*",         # emacs: autosave file and lock link
    ".*.kate-swp",        # kate's swap file
    ".~lock.*#",          # LibreOffice's lock file
    "~$*",                # Microsoft Office's owner file
    "*___jb_tmp___", "*___jb_old___",  # JetBrains editors' safe-write files
    ".goutputstream-*",   # GNOME's safe-write file
    ".DS_Store", "._*",   # macOS: folder settings and AppleDouble files on shared drives
    "Thumbs.db", "desktop.ini",  # Windows: thumbnails and folder settings
)

_MATCH = re.compile("|".join(fnmatch.translate(p) for p in NAMES))


def is_scratch(name: str) -> bool:
    """Whether a file of this name (no folder) is an editor's or the system's scratch file."""
    return _MATCH.match(name) is not None


def exclude_lines() -> list[str]:
    """NAMES as .gitignore lines (MkDocs' exclude_docs takes these), a leading # escaped."""
    return ["\\" + p if p.startswith("#") else p for p in NAMES]
