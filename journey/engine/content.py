"""content/: what a build may publish from it, and the generated pages written into it (only changed
bytes, stale ones pruned), without ever touching an editor's file.

Which top-level paths of content/ the generator writes is the page kinds' registration
(journey/pages/kinds.py GENERATED), handed in through the project's Layout. Every file the generator
wrote is listed in content/.journey-generated (written before the pages, so a stopped build leaves
none unlisted): only listed files are ever deleted. content/.gitignore, written from the same
registration, keeps the generated files out of commits.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from journey.errors import Problem, UserError
from journey.files import atomic_write, entries, temp_name, walk
from journey.inputs.handwritten import page_problems
from journey.project import Layout
from journey.scratch import is_scratch_folder, scratch_path

MANIFEST = ".journey-generated"  # every file the generator wrote there (the engine skips dot files)
IGNORE = ".gitignore"  # written from the registration: keeps the generated files out of commits
_IGNORE_HEAD = "# Written by build_site.py from the page kinds it generates (journey/pages/kinds.py): do not edit.\n"
OURS = (MANIFEST, IGNORE)  # the generator's own files at the top of content/, beside the pages
# What a hand-written file in content/ may be: pages, the site's own styles and script, images.
HAND_WRITTEN_KINDS = (".md", ".css", ".js", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico", ".txt")


def _walk(folder: Path):
    """Every file under folder, links included but never followed (a system's or an editor's folder
    such as __MACOSX is never published, so never checked)."""
    return walk(folder, skip=is_scratch_folder)


class Content:
    """content/ as one build sees it: the folder, and the top-level paths the generator writes there."""

    def __init__(self, folder: Path, generated: tuple[str, ...]):
        if not generated:
            raise ValueError("the generated paths of content/ are needed (journey/pages/kinds.py GENERATED)")
        self.folder, self.generated = folder, tuple(generated)

    @classmethod
    def of(cls, layout: Layout) -> "Content":
        return cls(layout.content, layout.generated)

    def ours(self, rel: str) -> bool:
        """Whether a path under content/ is one the generator writes (or one of its own list files), or
        one it wrote before and lists (a page whose place has moved since: removed by the next build)."""
        return rel.split("/", 1)[0] in self.generated or rel in OURS or rel in self._listed

    @property
    def _listed(self) -> frozenset[str]:
        if not hasattr(self, "_listed_cache"):
            self._listed_cache = frozenset(self.manifest() or ())
        return self._listed_cache

    def manifest(self) -> set[str] | None:
        """The files the generator wrote into content/ last time, or None before it kept a list."""
        path = self.folder / MANIFEST
        if path.is_symlink() or not path.is_file():
            return None
        try:
            return set(json.loads(path.read_text("utf-8")))
        except (OSError, ValueError):
            return None

    def existing(self, listed: set[str] | None) -> set[str]:
        """Generated files now in content/ (without following links) that the manifest lists (with no
        manifest, none: the check refuses to go on, so nothing that may be someone's page is deleted)."""
        if listed is None:
            return set()
        found = set()
        for name in self.generated:
            top = self.folder / name
            if top.is_symlink():
                continue
            if top.is_file():
                found.add(name)
            elif top.is_dir():
                found.update(p.relative_to(self.folder).as_posix() for p, link in _walk(top)
                             if not link and not p.name.startswith("."))  # temp files are not pages
        moved = {rel for rel in listed if rel not in OURS and (self.folder / rel).is_file()
                 and not (self.folder / rel).is_symlink()}  # written here before, by an older build
        return (found & listed) | moved

    def problems(self) -> list[Problem]:
        """What in content/ a build must not touch or publish: links (a build that followed one could
        publish or delete files elsewhere), files of kinds that cannot be checked, files someone put in
        a folder the generator writes (the next build would delete them), and an editor's own
        .gitignore where the generator keeps its list."""
        content = self.folder
        if content.is_symlink():
            return [Problem("content", 0, 0, "", "is a link; make content/ a real folder (a build must never write "
                                                 "through a link)")]
        if not content.is_dir():
            return []
        problems = self._unlisted() + self._foreign_ignore()
        listed = self.manifest()
        for path, link in _walk(content):
            rel = path.relative_to(content).as_posix()
            shown = f"content/{rel}"
            if scratch_path(path) or rel in OURS:
                continue  # an editor's swap, lock or backup file (never published), or the generator's own list
            if link:
                problems.append(Problem(shown, 0, 0, "", "is a link; the build never follows links in content/ (one "
                                                         "could publish or delete files elsewhere): put the file "
                                                         "itself there, or remove the link"))
            elif self.ours(rel):
                if path.name.endswith(".journey-tmp"):
                    continue  # left by a killed build; the next one removes it
                if listed is not None and rel not in listed:
                    top = rel.split("/", 1)[0]
                    problems.append(Problem(shown, 0, 0, "", f"is in content/{top}, which the generator writes, so "
                                                             "the next build would delete it; move it elsewhere in "
                                                             "content/"))
            elif path.suffix == ".md" and not path.name.startswith("."):
                problems += page_problems(shown, path)
            elif not path.name.startswith(".") and path.suffix.lower() not in HAND_WRITTEN_KINDS:
                problems.append(Problem(shown, 0, 0, "", "hand-written files in content/ must be Markdown pages (.md), "
                                                         "stylesheets, scripts, images or text; a "
                                                         f"'{path.suffix or path.name}' file cannot be checked for "
                                                         "personal data or active content, so remove it"))
        return problems

    def _unlisted(self) -> list[Problem]:
        if self.manifest() is not None:
            return []
        present = [n for n in self.generated if (self.folder / n).exists() or (self.folder / n).is_symlink()]
        if not present:
            return []
        # Generated pages without the list of them: which are someone's cannot be told.
        shown = ", ".join(f"content/{name}" for name in present[:4]) + (" ..." if len(present) > 4 else "")
        return [Problem(f"content/{MANIFEST}", 0, 0, "", "is missing: it lists the pages the generator wrote into "
                        f"content/, so without it they cannot be told from pages of yours ({shown}); move any page "
                        "of yours elsewhere in content/, then delete those (each build writes them again)")]

    def _foreign_ignore(self) -> list[Problem]:
        path = self.folder / IGNORE
        try:
            mine = not path.is_symlink() and path.is_file() and not path.read_text("utf-8").startswith(_IGNORE_HEAD)
        except (OSError, UnicodeDecodeError):
            mine = True
        if not mine:
            return []
        return [Problem(f"content/{IGNORE}", 0, 0, "", "is yours, but the generator keeps its list of generated files "
                                                       "there; move your rules to the project's .gitignore and "
                                                       "delete this one")]

    def hand_written(self) -> list[tuple[str, Path]]:
        """Every hand-written file in content/ (not generated, not a link), as (shown path, path)."""
        if not self.folder.is_dir() or self.folder.is_symlink():
            return []
        return [(f"content/{path.relative_to(self.folder).as_posix()}", path) for path, link in _walk(self.folder)
                if not link and not self.ours(path.relative_to(self.folder).as_posix()) and not scratch_path(path)]

    def ignore_generated(self):
        """For copying content/ without what the generator writes (shutil.copytree's ignore)."""
        root = self.folder.resolve()

        def ignore(folder: str, names: list[str]) -> list[str]:
            rel = Path(folder).resolve().relative_to(root)
            return [n for n in names if (rel == Path(".") and self.ours(n)) or scratch_path(Path(folder) / n)]
        return ignore

    def _no_links_between(self, target: Path) -> None:
        """Refuse to write or delete through a link anywhere between content/ and the target."""
        for folder in [target, *target.parents]:
            if folder == self.folder:
                return
            if folder.is_symlink():
                raise UserError([Problem(f"content/{folder.relative_to(self.folder).as_posix()}", 0, 0, "",
                                         "is a link; the build never writes through links in content/: replace it "
                                         "with a real folder, or remove it")])

    def sync(self, pages, *, whole: bool = True) -> list[str]:
        """Make content/ hold exactly these generated pages: write only files whose bytes changed, delete
        stale generated files, leave hand-written files alone. Return what changed. Not whole (the live
        preview's first look at an edited action): write these pages, delete nothing.

        Every changed file is written beside its target first and only then renamed into place, so a
        failure while writing (a full disk) leaves content/ as it was."""
        listed = self.manifest()
        stale = sorted(self.existing(listed) - set(pages)) if whole else []
        # The list first, with every page about to be written: a build stopped half way leaves no page of
        # ours unlisted (an unlisted file is taken for someone's own and never deleted).
        self._write_lists(sorted(set(pages) | (listed or set())))
        self._remove_leftovers()
        changed = self._write(pages)
        if not whole:
            return changed
        for rel in stale:
            self._no_links_between(self.folder / rel)
            (self.folder / rel).unlink()
            changed.append(rel)
        self._prune()
        self._write_lists(sorted(pages))
        self.__dict__.pop("_listed_cache", None)
        return changed

    def _write(self, pages) -> list[str]:
        changed: list[str] = []
        staged: list[tuple[Path, Path]] = []
        try:
            for rel, text in pages.items():
                if rel.split("/", 1)[0] not in self.generated or rel in OURS:
                    raise ValueError(f"render produced {rel}, outside the generated paths {self.generated}")
                target = self.folder / rel
                self._no_links_between(target)
                data = text.encode("utf-8") if isinstance(text, str) else text
                if target.is_file() and target.read_bytes() == data:
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
                tmp = temp_name(target)
                tmp.write_bytes(data)
                staged.append((tmp, target))
                changed.append(rel)
        except BaseException:
            for tmp, _ in staged:
                tmp.unlink(missing_ok=True)
            raise
        for tmp, target in staged:
            os.replace(tmp, target)
        return changed

    def _remove_leftovers(self) -> None:
        """Temp files a killed build left behind in the generated folders: ours, so removed."""
        for name in self.generated:
            top = self.folder / name
            if top.is_dir() and not top.is_symlink():
                for leftover, link in _walk(top):
                    if not link and leftover.name.endswith(".journey-tmp"):
                        leftover.unlink()

    def _prune(self) -> None:
        """Remove emptied generated folders, deepest first (never through a link)."""
        for name in self.generated:
            top = self.folder / name
            if top.is_dir() and not top.is_symlink():
                folders = [path for path, kind in entries(top) if kind == "folder"]
                for folder in sorted(set(folders), key=lambda p: -len(p.parts)):
                    if folder.is_dir() and not any(folder.iterdir()):
                        folder.rmdir()

    def _write_lists(self, names: list[str]) -> None:
        """The manifest of every generated file, and the .gitignore made from the registration."""
        for name, data in ((MANIFEST, json.dumps(names, indent=0) + "\n"), (IGNORE, self.gitignore())):
            self._no_links_between(self.folder / name)
            if name == IGNORE and self._foreign_ignore():
                continue  # an editor's own: reported by problems(), never overwritten
            atomic_write(self.folder / name, data, only_if_changed=True)

    def gitignore(self) -> str:
        """content/.gitignore: the generated paths (and the generator's own list files)."""
        lines = [f"/{name}" for name in OURS]
        lines += [f"/{name}" if "." in name else f"/{name}/" for name in self.generated]
        return _IGNORE_HEAD + "\n".join(lines) + "\n"


def theme_problems(theme: Path) -> list[Problem]:
    """Links in theme_overrides/, which the engine would follow to files no fingerprint or preview watches."""
    if not (theme.is_dir() or theme.is_symlink()):
        return []
    links = [theme] if theme.is_symlink() else [path for path, link in _walk(theme) if link]
    return [Problem(theme.name + ("" if path == theme else "/" + path.relative_to(theme).as_posix()), 0, 0, "",
                    f"is a link; put the files themselves in {theme.name}/ (a build follows no links)")
            for path in links]


def layout_problems(layout: Layout) -> list[Problem]:
    """What in the project's own folders a build must not use: links in theme_overrides/, and what
    Content.problems refuses in content/."""
    return theme_problems(layout.theme) + Content.of(layout).problems()
