"""Writing: generated pages into content/ (only changed bytes), the engine into a fresh folder,
and site/ swapped in only when everything succeeded."""

from __future__ import annotations

import hashlib
import html
import json
import logging
import os
import posixpath
import re
import shutil
import signal
import sys
import threading
import time
from collections.abc import Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Callable

from . import guard
from .errors import Problem, UserError
from .handwritten import page_problems
from .scratch import exclusions, is_scratch_folder, scratch_path

# Top-level paths of content/ that belong to the generator: stale files under them are pruned,
# and hand-written pages must live elsewhere. (render.py writes exactly these.)
GENERATED = ("index.md", "inspections", "register.md", "plans", "themes", "leads", "timeline.md",
             "metrics", "charts", "how-to-edit.md", "sources.md", "identity", "downloads")


@dataclass(frozen=True)
class Layout:
    """Where things are, relative to the project folder holding mkdocs.yml."""

    root: Path
    config: Path
    content: Path
    site: Path

    @property
    def cache(self) -> Path:
        """Where the caches keyed by content live (charts, board report PDFs, page scans, compiled
        templates): .cache/ in the project, or the folder JOURNEY_CACHE names, which any number of
        project folders (or CI runs) may share."""
        shared = os.environ.get("JOURNEY_CACHE", "").strip()
        return Path(shared).expanduser() if shared else self.root / ".cache"

    @property
    def theme(self) -> Path:
        """theme_overrides/: the project's additions to the theme's templates and styles."""
        return self.root / "theme_overrides"

    @property
    def template_cache(self) -> Path:
        return self.cache / "templates"

    @property
    def chart_cache(self) -> Path:
        return self.cache / "charts"

    @property
    def scan_cache(self) -> Path:
        return self.cache / "scans.json"

    @classmethod
    def at(cls, root: Path, config: str = "mkdocs.yml", site: str | None = None) -> "Layout":
        root = Path(root).resolve()
        return cls(root, root / config, root / "content", Path(site).resolve() if site else root / "site")


def _generated(rel: str) -> bool:
    return rel.split("/", 1)[0] in GENERATED


MANIFEST = ".journey-generated"  # in content/: every file the generator wrote there (MkDocs skips dot files)
# What a hand-written file in content/ may be: pages, the site's own styles and script, images.
HAND_WRITTEN_KINDS = (".md", ".css", ".js", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico", ".txt")


def _walk(folder: Path):
    """Every file under folder, links included but never followed: (path, is a link)."""
    for here, dirs, files in os.walk(folder, followlinks=False):
        for name in sorted(dirs):
            path = Path(here) / name
            if path.is_symlink():
                yield path, True
        # (a system's or an editor's folder such as __MACOSX is never published, so never checked)
        dirs[:] = sorted(d for d in dirs if not (Path(here) / d).is_symlink() and not is_scratch_folder(d))
        for name in sorted(files):
            path = Path(here) / name
            yield path, path.is_symlink()


def _manifest(content: Path) -> set[str] | None:
    """The files the generator wrote into content/ last time, or None before it kept a list."""
    path = content / MANIFEST
    if path.is_symlink() or not path.is_file():
        return None
    try:
        return set(json.loads(path.read_text("utf-8")))
    except (OSError, ValueError):
        return None


def _existing_generated(content: Path, listed: set[str] | None) -> set[str]:
    """Generated files now in content/ (without following links) that the manifest lists (with no
    manifest, none: the check refuses to go on, so nothing that may be someone's page is deleted)."""
    if listed is None:
        return set()
    found = set()
    for name in GENERATED:
        top = content / name
        if top.is_symlink():
            continue
        if top.is_file():
            found.add(name)
        elif top.is_dir():
            found.update(p.relative_to(content).as_posix() for p, link in _walk(top)
                         if not link and not p.name.startswith("."))  # temp files are not pages
    return found & listed


def read_checked(plans: Path, layout: Layout, memo: dict | None = None):
    """The plans read and checked, with content/ and theme_overrides/ checked too, so one run reports
    every problem (check, build and the preview alike; memo: see validate.read_project)."""
    from .validate import read_project

    trouble = layout_problems(layout)
    try:
        project = read_project(plans, hand_written(layout.content), memo=memo)
    except UserError as e:
        raise UserError(trouble + e.problems) from None
    if trouble:
        raise UserError(trouble)
    return project


def layout_problems(layout: Layout) -> list[Problem]:
    """What in the project's own folders a build must not use: see theme_problems, content_problems."""
    return theme_problems(layout.theme) + content_problems(layout.content)


def theme_problems(theme: Path) -> list[Problem]:
    """Links in theme_overrides/, which the engine would follow to files no fingerprint or preview watches."""
    if not (theme.is_dir() or theme.is_symlink()):
        return []
    links = [theme] if theme.is_symlink() else [path for path, link in _walk(theme) if link]
    return [Problem(theme.name + ("" if path == theme else "/" + path.relative_to(theme).as_posix()), 0, 0, "",
                    f"is a link; put the files themselves in {theme.name}/ (a build follows no links)")
            for path in links]


def content_problems(content: Path) -> list[Problem]:
    """What in content/ a build must not touch or publish: links (a build that followed one could
    publish or delete files elsewhere), files of kinds that cannot be checked, and files someone put
    in a folder the generator writes, which the next build would delete."""
    problems: list[Problem] = []
    if content.is_symlink():
        return [Problem("content", 0, 0, "", "is a link; make content/ a real folder (a build must never write "
                                             "through a link)")]
    if not content.is_dir():
        return problems
    listed = _manifest(content)
    if listed is None:
        present = [name for name in GENERATED if (content / name).exists() or (content / name).is_symlink()]
        if present:  # generated pages without the list of them: which are someone's cannot be told
            shown = ", ".join(f"content/{name}" for name in present[:4]) + (" ..." if len(present) > 4 else "")
            problems.append(Problem(f"content/{MANIFEST}", 0, 0, "", "is missing: it lists the pages the generator "
                                    f"wrote into content/, so without it they cannot be told from pages of yours "
                                    f"({shown}); move any page of yours elsewhere in content/, then delete those "
                                    "(each build writes them again)"))
    for path, link in _walk(content):
        rel = path.relative_to(content).as_posix()
        shown = f"content/{rel}"
        if scratch_path(path):
            continue  # an editor's swap, lock or backup file: never published (see run_mkdocs)
        if link:
            problems.append(Problem(shown, 0, 0, "", "is a link; the build never follows links in content/ (one "
                                                     "could publish or delete files elsewhere): put the file itself "
                                                     "there, or remove the link"))
        elif _generated(rel):
            if path.name.endswith(".journey-tmp"):
                continue  # left by a killed build; the next one removes it
            if listed is not None and rel not in listed:
                top = rel.split("/", 1)[0]
                problems.append(Problem(shown, 0, 0, "", f"is in content/{top}, which the generator writes, so the next "
                                                         "build would delete it; move it elsewhere in content/"))
        elif path.suffix == ".md" and not path.name.startswith("."):
            problems += page_problems(shown, path)
        elif rel != MANIFEST and not path.name.startswith(".") and path.suffix.lower() not in HAND_WRITTEN_KINDS:
            problems.append(Problem(shown, 0, 0, "", f"hand-written files in content/ must be Markdown pages (.md), "
                                                     f"stylesheets, scripts, images or text; a '{path.suffix or path.name}' "
                                                     "file cannot be checked for personal data or active content, so "
                                                     "remove it"))
    return problems


def _temp_name(target: Path) -> Path:
    # A dot name: MkDocs skips dot files, so a temp file left by a killed build is never published.
    return target.with_name(f".{target.name}.journey-tmp")


def _no_links_between(content: Path, target: Path) -> None:
    """Refuse to write or delete through a link anywhere between content/ and the target."""
    for folder in [target, *target.parents]:
        if folder == content:
            return
        if folder.is_symlink():
            raise UserError([Problem(f"content/{folder.relative_to(content).as_posix()}", 0, 0, "",
                                     "is a link; the build never writes through links in content/: replace it with "
                                     "a real folder, or remove it")])


def sync_pages(content: Path, pages: dict[str, str | bytes], *, whole: bool = True) -> list[str]:
    """Make content/ hold exactly these generated pages: write only files whose bytes changed,
    delete stale generated files, leave hand-written files alone. Return what changed. Not whole
    (the live preview's first look at an edited action): write these pages, delete nothing.

    Every changed file is written beside its target first and only then renamed into place, so a
    failure while writing (a full disk) leaves content/ as it was."""
    changed: list[str] = []
    staged: list[tuple[Path, Path]] = []
    listed = _manifest(content)
    stale = sorted(_existing_generated(content, listed) - set(pages)) if whole else []
    # The list first, with every page about to be written: a build stopped half way leaves no page of
    # ours unlisted (an unlisted file is taken for someone's own and never deleted).
    _write_manifest(content, sorted(set(pages) | (listed or set())))
    for name in GENERATED:  # temp files a killed build left behind: ours, so removed
        top = content / name
        if top.is_dir() and not top.is_symlink():
            for leftover, link in _walk(top):
                if not link and leftover.name.endswith(".journey-tmp"):
                    leftover.unlink()
    try:
        for rel, text in pages.items():
            if not _generated(rel):
                raise ValueError(f"render produced {rel}, outside the generated paths {GENERATED}")
            target = content / rel
            _no_links_between(content, target)
            data = text.encode("utf-8") if isinstance(text, str) else text
            if target.is_file() and target.read_bytes() == data:
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = _temp_name(target)
            tmp.write_bytes(data)
            staged.append((tmp, target))
            changed.append(rel)
    except BaseException:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise
    for tmp, target in staged:
        os.replace(tmp, target)
    if not whole:
        return changed
    for rel in stale:
        _no_links_between(content, content / rel)
        (content / rel).unlink()
        changed.append(rel)
    for name in GENERATED:  # prune emptied folders, deepest first (never through a link)
        top = content / name
        if top.is_dir() and not top.is_symlink():
            folders = [Path(here) / d for here, dirs, _ in os.walk(top, followlinks=False) for d in dirs
                       if not (Path(here) / d).is_symlink()]
            for folder in sorted(set(folders), key=lambda p: -len(p.parts)):
                if folder.is_dir() and not any(folder.iterdir()):
                    folder.rmdir()
    _write_manifest(content, sorted(pages))
    return changed


def _write_manifest(content: Path, names: list[str]) -> None:
    manifest = (json.dumps(names, indent=0) + "\n").encode("utf-8")
    path = content / MANIFEST
    if not (path.is_file() and path.read_bytes() == manifest):
        _no_links_between(content, path)
        tmp = _temp_name(path)
        tmp.write_bytes(manifest)
        os.replace(tmp, path)


class _Collect(logging.Handler):
    """The engine's warnings and errors, but for the notice it gives of every dirty build (which the
    preview asks for)."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if not message.startswith(_DIRTY_NOTICE):
            self.messages.append(message)


def engine_settings(pages, docs: Path) -> dict:
    """What a build tells the site engine beyond mkdocs.yml: the site's name, the council's identity
    for the header and footer, and the navigation made from the registered page kinds (hand-written
    pages in it only when they exist in docs). See render.Pages."""
    settings = {}
    if getattr(pages, "site_name", ""):
        settings["site_name"] = pages.site_name
    if getattr(pages, "extra", None):
        settings["extra"] = pages.extra
    if getattr(pages, "nav", None):
        settings["nav"] = [entry for entry in pages.nav
                           if all(src in pages or (docs / src).is_file() for src in entry.values())]
    return settings


_DIRTY_NOTICE = "A 'dirty' build is being performed"


def run_mkdocs(config: Path, docs_dir: Path, site_dir: Path, *, strict: bool = True,
               settings: dict | None = None, dirty: bool = False, after_page=None,
               checked: list | None = None, templates: Path | None = None, anchors: dict | None = None) -> list[str]:
    """Build with MkDocs (strict unless told otherwise); return its warnings (empty means success).
    Any failure inside the engine (a theme template error, say) comes back as a warning too.

    dirty (the preview only): render again only the pages whose Markdown is newer than their HTML.
    The caller makes sure nothing else changed (the navigation, the theme) and mends the search
    index (merge_search_index), which a dirty build writes with the rebuilt pages alone.

    after_page (a PageChecks), where the engine can: called with each page's path as soon as it is
    written, in the process that wrote it; what it returns is added to `checked`. templates: where
    the theme's compiled templates are kept between builds; anchors: every page's anchors and links
    kept between the preview's builds (see engine.build for both)."""
    from mkdocs import exceptions
    from mkdocs.config import load_config
    from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError
    from pathspec.gitignore import GitIgnoreSpec

    from .engine import build, template_where

    log = logging.getLogger("mkdocs")
    handler = _Collect()
    log.addHandler(handler)
    level = log.level
    log.setLevel(logging.WARNING)
    try:
        cfg = load_config(str(config), docs_dir=str(docs_dir), site_dir=str(site_dir), strict=strict,
                          **(settings or {}))
        scratch_files = GitIgnoreSpec.from_lines(exclusions(docs_dir))  # never published, beside mkdocs.yml's own
        cfg["exclude_docs"] = scratch_files + cfg["exclude_docs"] if cfg["exclude_docs"] else scratch_files
        results = build(cfg, dirty=dirty, after_page=after_page, templates=templates, anchors=anchors)
        if checked is not None:
            checked += results
    except exceptions.Abort as e:
        return handler.messages or [str(e)]
    except exceptions.ConfigurationError as e:
        mark = getattr(e.__context__, "problem_mark", None)  # mkdocs.yml that is not YAML: where, in a line
        if mark is not None:
            words = " ".join(str(getattr(e.__context__, "problem", "") or "not valid YAML").split())
            return handler.messages + [f"configuration unreadable at {mark.line + 1}:{mark.column + 1}: {words}"]
        return handler.messages + [f"configuration error: {' '.join(str(e).split())}"]
    except (KeyboardInterrupt, MemoryError, RecursionError):
        raise
    except Exception as e:  # noqa: BLE001 - the engine's own failure, reported as one line
        detail = " ".join(str(e).split()) or type(e).__name__
        if isinstance(e, TemplateSyntaxError) and e.filename:  # a theme template: named, at its line
            return handler.messages + [f"template unreadable '{e.filename}' at {e.lineno}: {' '.join(e.message.split())}"]
        where = template_where(e) if isinstance(e, TemplateError) else None
        if where:  # failed as it ran (an undefined name, a missing include): the template, not the page
            words = f"no template '{e.name}'" if isinstance(e, TemplateNotFound) else f"{type(e).__name__}: {detail}"
            return [m for m in handler.messages if not _PAGE_ERROR.match(m)] + [
                f"template failed '{where[0]}' at {where[1]}: {words}"]
        page = next((m for m in handler.messages if _PAGE_ERROR.match(m)), None)
        if page is not None:  # the engine named the page it was building: once, with what went wrong
            if page.endswith(":"):  # (for its own BuildError MkDocs leaves the words to the exception)
                handler.messages[handler.messages.index(page)] = f"{page} {detail}"
            return handler.messages
        return handler.messages + [f"the site engine failed ({type(e).__name__}: {detail})"]
    finally:
        log.removeHandler(handler)
        log.setLevel(level)
    return handler.messages


SEARCH_INDEX = Path("search") / "search_index.json"


def read_search_index(site_dir: Path) -> dict | None:
    try:
        return json.loads((site_dir / SEARCH_INDEX).read_text("utf-8"))
    except (OSError, ValueError):
        return None


def merge_search_index(site_dir: Path, previous: dict) -> dict:
    """After a dirty build: the previous index, with the entries of every rebuilt page replaced by
    the new ones, written back; so search still finds every page. Returns the merged index."""
    new = read_search_index(site_dir) or {"docs": []}
    rebuilt = {d.get("location", "").split("#", 1)[0] for d in new.get("docs", [])}
    kept = [d for d in previous.get("docs", []) if d.get("location", "").split("#", 1)[0] not in rebuilt]
    merged = {**previous, **{k: v for k, v in new.items() if k != "docs"}, "docs": kept + new.get("docs", [])}
    # Replaced in one step: a browser fetching the index meanwhile gets the old or the new file, never
    # half of one. (Between the engine writing its own index and this, the file lists the rebuilt pages
    # only; the preview reloads browsers after the merge, so a reader's search never loads that one.)
    path = site_dir / SEARCH_INDEX
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(json.dumps(merged, ensure_ascii=False, separators=(",", ":")), "utf-8")
    os.replace(tmp, path)
    return merged


# Material's base template writes its drawer and search toggles as checkboxes with autocomplete="off",
# which HTML allows only on text-like inputs. The two lines sit outside any template block, so
# theme_overrides/ cannot change them; the build removes the attribute from every page instead.
_TOGGLE = re.compile(r'(<input class="md-toggle" data-md-toggle="(?:drawer|search)" type="checkbox" '
                     r'id="__(?:drawer|search)") autocomplete="off">')


_HREF = re.compile(r'(?:href|src)="([^"#?]*)[^"]*"')
_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*:|//", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x1f]")


def _listing(site_dir: Path) -> list[str]:
    """Every file under site_dir, as posix paths relative to it, in order."""
    found = []
    for here, dirs, files in os.walk(site_dir):
        dirs.sort()
        rel = os.path.relpath(here, site_dir)
        found += [name if rel == "." else f"{rel}/{name}".replace(os.sep, "/") for name in sorted(files)]
    return found


def _links(rel: str, urls: list[str], files: set[str]) -> list[tuple[str, str]]:
    """(page, message) for each internal link of one built page (its PageChecks.links) that leads nowhere."""
    broken = []
    folder = posixpath.dirname(rel)
    for url in urls:
        if not url or _SCHEME.match(url):
            continue
        plain_url = html.unescape(url)
        if _CONTROL.search(plain_url):
            broken.append((rel, "links to an address with a control character in it; fix or remove the link"))
            continue
        target = posixpath.normpath(posixpath.join(folder, plain_url)) if not plain_url.startswith("/") else None
        if target is None or target.startswith("../") or target == "..":
            broken.append((rel, f"links to '{url}', which leads nowhere; fix or remove the link"))
        elif not (target in files or f"{target}/index.html" in files or (target == "." and "index.html" in files)):
            broken.append((rel, f"links to '{url}', which leads nowhere; fix or remove the link"))
    return broken


class PageChecks:
    """What is done to each built page, in one reading of it: the theme's fixed markup made valid HTML
    (see _TOGGLE; the only change made to built pages), the addresses it links to noted (checked by
    after_engine once every file is written), and the page scanned for markup none of ours may carry
    (see unsafe_markup; from the cache when its exact text was seen before). The engine calls it for
    each page right after writing it, in whichever process wrote it (journey/engine.py), so the pages
    are read once, on both cores, and never all held in memory at once."""

    def __init__(self, site_dir: Path, cache: Path | None = None):
        self.site_dir, self.cache = site_dir, cache
        self.known: dict[str, list[str]] = {}
        if cache is not None:
            try:
                self.known = json.loads(cache.read_text("utf-8"))
            except (OSError, ValueError):
                self.known = {}
            if not isinstance(self.known, dict):
                self.known = {}
        # Each page's key covers this module's own source too, so a changed scanner judges every page again.
        self.scanner = hashlib.blake2b(Path(__file__).read_bytes(), digest_size=16).hexdigest()

    def key(self, text: str) -> str:
        return hashlib.blake2b(f"{self.scanner}\0{text}".encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()

    def read(self, rel: str) -> tuple[str, list[str]]:
        """The page's text (mended) and the addresses it links to."""
        page = self.site_dir / rel
        text = page.read_text("utf-8", errors="replace")
        links: list[str] = []
        if rel.lower().endswith(".html"):
            fixed = _TOGGLE.sub(r"\1>", text)
            if fixed != text:
                page.write_text(fixed, "utf-8")
                text = fixed
            if rel != "404.html":  # MkDocs writes it with root-relative links, for any address on the server
                links = sorted(set(_HREF.findall(text)))
        return text, links

    def __call__(self, path: str) -> tuple[str, list[str], str, list[str]]:
        """One built page (its full path): (path in the site, its links, its scan key, what the scan found)."""
        rel = Path(path).relative_to(self.site_dir).as_posix()
        text, links = self.read(rel)
        key = self.key(text)
        codes = self.known.get(key)
        return rel, links, key, codes if isinstance(codes, list) else _scan(text)

    def save(self, keys: set[str], found: dict[str, list[str]]) -> None:
        """Keep what these pages were found to hold (and nothing about pages no longer built)."""
        if self.cache is None:
            return
        known = {k: found.get(k, self.known.get(k)) for k in sorted(keys)}
        if known == {k: self.known.get(k) for k in sorted(self.known)}:
            return
        self.cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.cache.with_name(f".{self.cache.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(known), "utf-8")
        os.replace(tmp, self.cache)


def _scanned(checks: PageChecks, pages: list[tuple[str, str]]) -> list[tuple[str, str, list[str]]]:
    """(path, scan key, what it holds) for each (path, text): from the cache, the rest parsed (on
    every core when there are many)."""
    keys = [checks.key(text) for _, text in pages]
    missing = [i for i, key in enumerate(keys) if not isinstance(checks.known.get(key), list)]
    fresh = dict(zip(missing, _scan_many([pages[i][1] for i in missing])))
    return [(rel, key, fresh[i] if i in fresh else checks.known[key]) for i, ((rel, _), key) in enumerate(zip(pages, keys))]


def after_engine(site_dir: Path, cache: Path | None = None, checked: list | None = None,
                 checks: PageChecks | None = None) -> list[tuple[str, str]]:
    """Everything done to the engine's output: PageChecks on every page the engine did not check as it
    wrote it (checked: what it found for those), then refuse internal links that lead nowhere and
    markup no page of ours may carry (unsafe_markup). Returns (page, message)."""
    checks = checks or PageChecks(site_dir, cache)
    files = _listing(site_dir)
    present = set(files)
    results = {rel: (links, key, codes) for rel, links, key, codes in checked or []}
    links: dict[str, list[str]] = {}
    texts: list[tuple[str, str]] = []
    for rel in files:
        suffix = posixpath.splitext(rel)[1].lower()
        if suffix not in _SCANNED or rel in results or (suffix == ".svg" and rel.startswith("assets/")):
            continue  # the theme's own icons are not scanned
        text, links[rel] = checks.read(rel)
        texts.append((rel, text))
    for rel, key, codes in _scanned(checks, texts):
        results[rel] = (links[rel], key, codes)
    del texts
    refused = [problem for rel in sorted(results) for problem in _links(rel, results[rel][0], present)]
    found = [message for rel, (_, _, codes) in results.items() for message in _messages(rel, codes)]
    checks.save({key for _, key, _ in results.values()}, {key: codes for _, key, codes in results.values()})
    return refused + sorted(set(found))


# Elements no page content, nor anything after it, may hold (but for the theme's own scripts, below).
# A <style> too: inside an <svg> or <math> a browser reads its text as markup, which this parser does not.
_ACTIVE = {"script", "iframe", "frame", "frameset", "object", "embed", "applet", "base", "meta", "link", "form",
           "portal", "noscript", "template", "style"}
# The scripts the theme writes after the page content: Material's bundle and its one inline script,
# the site's own script (mkdocs.yml's extra_javascript) and the theme's settings (JSON, never run).
_THEME_SCRIPT = re.compile(r"(?:^|/)assets/(?:javascripts/bundle\.[0-9a-f]+\.min\.js|journey\.js)$")
_THEME_INLINE = ('var target=document.getElementById(location.hash.slice(1));target&&target.name&&'
                 '(target.checked=target.name.startsWith("__tabbed_"))')
_SVG_ANIMATION = {"animate", "set", "animatemotion", "animatetransform"}
# Attributes whose value is an address the browser loads, and the elements that load them.
_LOADS = {"src", "srcset", "href", "xlink:href", "data", "poster", "background", "action", "formaction"}
_LOADING = {"img", "script", "iframe", "frame", "embed", "object", "source", "video", "audio", "track", "image",
            "use", "link", "input", "picture", "form", "body", "table", "td"}
_EXTERNAL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.I)
_SCRIPT_URL = ("javascript:", "vbscript:", "data:text/html", "data:image/svg", "data:application")
_CSS_URL = re.compile(r"(?:@import|url\()\s*['\"]?\s*(?:[a-z][a-z0-9+.-]*:)?//", re.I)


def _plain_url(value: str) -> str:
    return re.sub(r"[\s\x00-\x1f]", "", html.unescape(value or "")).lower()


class _Scanner(HTMLParser):
    """Reads a built page as a browser would (so no spelling of an attribute slips past a pattern)
    and notes what no page of ours may carry."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        # From the start of the page content (<article class="md-content__inner">) to the end of the
        # page: content can close the article early, so nothing after its start is the theme's alone.
        self.content = False
        self.found: set[str] = set()
        self.in_style = False
        self.script: str | None = None  # the text of an inline script after the content started

    def handle_starttag(self, tag: str, attrs: list) -> None:
        names = {(n or "").lower(): v or "" for n, v in attrs}
        if tag == "article" and "md-content__inner" in names.get("class", ""):
            self.content = True
        if self.content and tag == "script":
            if names.get("src"):
                if not _THEME_SCRIPT.search(names["src"]):
                    self.found.add("element:script")
            elif names.get("type", "").lower() != "application/json" or names.get("id") != "__config":
                self.script = ""  # the theme's, if its text is
        elif self.content and tag in _ACTIVE and (tag != "form" or "action" in names):
            self.found.add(f"element:{tag}")  # (the site's own filter forms send nothing anywhere)
        if any(name.startswith("on") for name in names):
            self.found.add("handler")
        if tag in _SVG_ANIMATION and names.get("attributename", "").lower() in ("href", "xlink:href"):
            self.found.add("script-url")  # it can set a link to anything
        for name, value in names.items():
            url = _plain_url(value)
            if (name in _LOADS and url.startswith(_SCRIPT_URL)) or (name in ("values", "from", "to", "by") and any(
                    part.startswith(_SCRIPT_URL) for part in url.split(";"))):  # (an SVG animation's values)
                self.found.add("script-url")
            if name in ("src", "srcset", "data", "poster", "background", "xlink:href") and _EXTERNAL.match(value):
                self.found.add("external")
            if name == "href" and tag in ("link", "use", "image") and _EXTERNAL.match(value):
                self.found.add("external")
            if name == "style" and _CSS_URL.search(html.unescape(value)):
                self.found.add("external")
        self.in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self.script is not None:
            if self.script != _THEME_INLINE:
                self.found.add("element:script")
            self.script = None
        self.in_style = False

    def handle_data(self, data: str) -> None:
        if self.script is not None:
            self.script += data
        if self.in_style and _CSS_URL.search(data):
            self.found.add("external")

    def handle_comment(self, data: str) -> None:
        # "<!-->" and "<!--->" are whole (empty) comments to a browser; this parser reads on to the next "-->".
        if self.content and data.startswith((">", "->")):
            self.found.add("element:comment")

    def unknown_decl(self, data: str) -> None:  # noqa: ARG002 - whatever the declaration holds
        # "<![CDATA[" in HTML is a bogus comment that ends at the first ">" for a browser, not at "]]>".
        if self.content:
            self.found.add("element:cdata")

    def close(self) -> None:
        super().close()
        if self.script is not None:  # a script never closed runs to the end of the page
            self.found.add("element:script")


_SCANNED = (".html", ".htm", ".xhtml", ".svg")


def _scan(text: str) -> list[str]:
    """What no page of ours may carry, found in one page's text (see _Scanner)."""
    scanner = _Scanner()
    try:
        # A browser reads a NUL as U+FFFD (so "<b\0 onfocus=..." is an element with a handler); this
        # parser would end the tag's name there and read the rest as text.
        scanner.feed(text.replace("\x00", "\ufffd"))
        scanner.close()
    except AssertionError:  # markup this parser gives up on ("<![ x>"): never taken for harmless
        scanner.found.add("element:unreadable")
    return sorted(scanner.found)


def _scan_many(texts: list[str]) -> list[list[str]]:
    """_scan for many pages, on every core when there are enough of them to be worth it."""
    workers = min(os.cpu_count() or 1, 4)
    if workers < 2 or len(texts) < 64 or sys.platform != "linux":
        return [_scan(t) for t in texts]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        return list(pool.map(_scan, texts, chunksize=max(1, len(texts) // (workers * 4))))


def _messages(rel: str, codes: list[str]) -> list[tuple[str, str]]:
    found = []
    for what in codes:
        if what == "element:unreadable":
            found.append((rel, f"markup the checks cannot read in the page (built as {rel}); remove it"))
        elif what in ("element:comment", "element:cdata"):
            kind = "comment opened as <!--> or <!--->" if what == "element:comment" else "<![CDATA[ section"
            found.append((rel, f"a {kind} in the page content (built as {rel}), which a browser reads differently "
                               "from the checks; remove it"))
        elif what.startswith("element:"):
            tag = what.split(":", 1)[1]
            kind = "scripts" if tag == "script" else f"<{tag}> elements"
            found.append((rel, f"a <{tag}> element in the page content (built as {rel}); hand-written pages "
                               f"must not hold {kind}, remove it"))
        elif what == "handler":
            found.append((rel, f"an event-handler attribute (on...=) in the page (built as {rel}); remove it"))
        elif what == "script-url":
            found.append((rel, f"a script address in a link (built as {rel}); remove it"))
        else:
            found.append((rel, f"something loaded from another host (built as {rel}); the site loads nothing "
                               "from other hosts, so remove it or keep a copy in content/"))
    return found


def _read_pages(site_dir: Path, since_ns: int = 0) -> list[tuple[str, str]]:
    pages = []
    for page in sorted(p for p in site_dir.rglob("*") if p.suffix.lower() in _SCANNED
                       and p.is_file() and (not since_ns or p.stat().st_mtime_ns >= since_ns)):
        rel = page.relative_to(site_dir).as_posix()
        if page.suffix.lower() == ".svg" and rel.startswith("assets/"):
            continue  # the theme's own icons
        pages.append((rel, page.read_text("utf-8", errors="replace")))
    return pages


def unsafe_markup(site_dir: Path, since_ns: int = 0, cache: Path | None = None,
                  checked: list | None = None) -> list[tuple[str, str]]:
    """Scan every built page for what no page of ours should carry: scripts, frames and other active
    elements inside the page content; event-handler attributes, script addresses and anything
    loaded from another host anywhere in the page. Pages are parsed, not matched with patterns.
    since_ns (the preview): only the pages written at or after that time. cache: a file keeping
    what each page's exact text was found to hold, so an unchanged page is not parsed again. checked:
    what PageChecks found in pages the engine checked as it wrote them (those are not read again)."""
    done = [(rel, key, codes) for rel, _, key, codes in checked or []]
    seen = {rel for rel, _, _ in done}
    checks = PageChecks(site_dir, cache)
    scanned = _scanned(checks, [(rel, text) for rel, text in _read_pages(site_dir, since_ns) if rel not in seen])
    checks.save({key for _, key, _ in scanned}, {key: codes for _, key, codes in scanned})
    return sorted({message for rel, _, codes in scanned + done for message in _messages(rel, codes)})


def build(layout: Layout, pages: dict[str, str | bytes], timings: dict[str, float] | None = None) -> None:
    """Build the site from these pages; on any failure leave content/ and site/ exactly as they were.
    Call with the output checked (guard.check_output) and the build lock held. timings, if given,
    gets the seconds each part took (build --timings). The command line does the same in two parts,
    stage_pages (in the process that made the pages) and finish."""
    layout.content.mkdir(exist_ok=True)
    stage = guard.staging_folder(layout.site)
    try:
        settings = stage_pages(layout, pages, stage, timings)
        finish(layout, stage, settings, sorted(pages), timings)
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def stage_pages(layout: Layout, pages: dict[str, str | bytes], stage: Path,
                timings: dict[str, float] | None = None) -> dict:
    """Put content/'s hand-written files and these generated pages in the staging folder (made by
    guard.staging_folder); return the settings the site engine needs for them (engine_settings)."""
    clock = _Clock(timings)
    docs = stage / "content"
    shutil.copytree(layout.content, docs, ignore=_ignore_generated(layout.content))
    sync_pages(docs, pages)
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


def finish(layout: Layout, stage: Path, settings: dict, generated: list[str],
           timings: dict[str, float] | None = None, after_swap: Callable[[], None] | None = None) -> None:
    """Build the staged pages with the site engine, check what it wrote, then put the generated pages
    in content/ and the new site in place; any failure leaves both as they were. after_swap runs
    before an interrupt held back during the swap takes effect (the command line: from then on the
    build is done, and an interrupt changes nothing)."""
    clock = _Clock(timings)
    docs, out = stage / "content", stage / "site"
    checks = PageChecks(out, layout.scan_cache)
    checked: list = []
    warnings = run_mkdocs(layout.config, docs, out, settings=settings, after_page=checks, checked=checked,
                          templates=layout.template_cache)
    clock("engine")
    if warnings:
        raise UserError([engine_problem(w, layout) for w in warnings])
    refused = after_engine(out, checked=checked, checks=checks)
    clock("checks")
    if refused:
        raise UserError(markup_problems(refused, docs))
    (out / guard.SITE_MARKER).write_text(guard.SITE_MARKER_TEXT, encoding="utf-8")
    with no_interrupts():  # an interrupt now waits until both are done
        sync_pages(layout.content, _Staged(docs, generated))
        _swap(out, layout.site)
        if after_swap is not None:
            after_swap()
    clock("swap")


class _Clock:
    """Adds the seconds since the last call to timings[name] (when there is a timings dict)."""

    def __init__(self, timings: dict[str, float] | None):
        self.timings, self.last = timings, time.perf_counter()

    def __call__(self, name: str) -> None:
        now = time.perf_counter()
        if self.timings is not None:
            self.timings[name] = self.timings.get(name, 0.0) + now - self.last
        self.last = now


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


_MISSING_LINK = re.compile(r"Doc file '(.+?)' contains a link '(.+?)', but the target (?:'.*?' )?is not found "
                           r"among documentation files\.")


_MISSING_ANCHOR = re.compile(r"Doc file '(.+?)' contains a link '(.+?)', but the doc '(.+?)' does not contain an "
                             r"anchor '#(.+?)'")
_MISSING_ANCHOR_HERE = re.compile(r"Doc file '(.+?)' contains a link '(.+?)', but there is no such anchor on this "
                                  r"page\.")
_MARKUP_IN_HEAD = re.compile(r"Doc file '(.+?)': its (title|description) would become markup in the page's head "
                             r"\('(.+?)' in (.*)\)$", re.DOTALL)
_CONFIG_UNREADABLE = re.compile(r"configuration unreadable at (\d+):(\d+): (.*)", re.DOTALL)
_TEMPLATE = re.compile(r"template (unreadable|failed) '(.+?)' at (\d+): (.*)", re.DOTALL)  # see run_mkdocs
_UNREADABLE = re.compile(r"expected name token at '(.*)'", re.DOTALL)  # the words of Python's HTML reader
_PAGE_ERROR = re.compile(r"Error (?:building|reading) page '(.+?)':\s*(.*)", re.DOTALL)  # how MkDocs names a page it failed on


def engine_problem(warning: str, layout: Layout, refused: bool = True) -> Problem:
    """One MkDocs warning as a problem naming the page at fault where it can (refused: the build
    stopped on it; else the preview's engine only warned)."""
    missing = _MISSING_LINK.match(warning)
    if missing:
        page, link = missing.groups()
        return Problem(f"content/{page}", *_where(layout.content / page, link), "",
                       f"links to '{link}', which is not a {'page' if _is_page(link) else 'file'} in content/; fix or "
                       "remove the link")
    anchor = _MISSING_ANCHOR.match(warning)
    if anchor:
        page, link, target, name = anchor.groups()
        return Problem(f"content/{page}", *_where(layout.content / page, link), "",
                       f"links to '{link}', but {target} has no heading or anchor '{name}'; fix the link (a page's "
                       "headings are its anchors)")
    here = _MISSING_ANCHOR_HERE.match(warning)
    if here:
        page, link = here.groups()
        return Problem(f"content/{page}", *_where(layout.content / page, link), "",
                       f"links to '{link}', but this page has no heading or anchor "
                       f"'{link.split('#', 1)[1]}'; fix the link (a page's headings are its anchors)")
    head = _MARKUP_IN_HEAD.match(warning)
    if head:
        page, what, found, text = head.groups()
        where = ("its title (from its title: setting, else its first # heading, else its file's name)"
                 if what == "title" else "its description: setting")
        return Problem(f"content/{page}", 0, 0, "", f"{where} would become markup in the page's head ('{found}' in "
                                                    f"{text}); write it in plain words")
    unreadable = _CONFIG_UNREADABLE.match(warning)
    config = layout.config.relative_to(layout.root).as_posix()
    if unreadable:
        line, column, words = unreadable.groups()
        return Problem(config, int(line), int(column), "", f"cannot be read as YAML ({words}); check this line and "
                                                           "the one above")
    template = _TEMPLATE.match(warning)
    if template:
        how, path, line, words = template.groups()
        shown = Path(path).resolve()
        shown = (shown.relative_to(layout.root.resolve()).as_posix() if shown.is_relative_to(layout.root.resolve())
                 else f"the theme's {Path(path).name}")
        how = "cannot be read" if how == "unreadable" else "failed as the pages were made"
        return Problem(shown, int(line), 0, "", f"this theme template {how} ({words}); fix it, or undo the last "
                                                "change to it")
    failed = _PAGE_ERROR.match(warning)
    if failed:
        page, why = failed.groups()
        unreadable = _UNREADABLE.search(why)
        if unreadable:  # the HTML reader inside Python-Markdown gave up on a declaration ("<![ x>")
            snippet = unreadable.group(1).split("\\n")[0].split(">")[0][:40]
            line, column = _find(layout.content / page, snippet)
            return Problem(f"content/{page}", line, column, "",
                           f"markup the site engine cannot read ('{snippet}'); remove it, or write it inside "
                           "`backticks` to show it as text")
        return Problem(f"content/{page}", 0, 0, "", f"the site engine could not build this page: {why}")
    if warning.startswith(("configuration error: ", "Config value '")):  # mkdocs.yml names what cannot be used
        words = " ".join(warning.removeprefix("configuration error: ").split())
        for name in reversed(re.findall(r"'([^'\s]+)'", words)):  # the extension, option or value named
            line, column = _find(layout.config, name)
            if line:
                return Problem(config, line, column, "", f"the site engine cannot use this: {words}")
        return Problem(config, 0, 0, "", f"the site engine cannot use it: {words}")
    refused = refused or warning.startswith("the site engine failed")  # (the preview's engine stopped too)
    return Problem(config, 0, 0, "", f"the site engine {'refused the build' if refused else 'warned'}: "
                                     f"{' '.join(warning.split())}")


_CODE_SPAN = re.compile(r"(`+).*?\1")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def _is_page(link: str) -> bool:
    """Whether a link names a page (a .md file, or a folder's page) rather than a picture or other file."""
    path = link.split("#", 1)[0].split("?", 1)[0]
    return path.endswith((".md", "/")) or "." not in path.rsplit("/", 1)[-1]


def _where(page: Path, link: str) -> tuple[int, int]:
    """Line and column of a link (as a Markdown or HTML link, not in code) in a page's source, or (0, 0)."""
    form = re.compile(r"""(?:\]\(\s*<?|\]:\s*<?|["'<])""" + f"({re.escape(link)})" + r"""(?=[)>"'\s]|$)""")
    fence = None
    for number, line in enumerate(_source_lines(page), start=1):
        opens = _FENCE.match(line)
        if opens and (fence is None or opens.group(1)[0] == fence[0] and len(opens.group(1)) >= len(fence)):
            fence = None if fence else opens.group(1)
            continue
        if fence:
            continue
        line = _CODE_SPAN.sub(lambda code: " " * len(code.group()), line)
        found = form.search(line)
        if found:
            return number, found.start(1) + 1
    return 0, 0


def _find(page: Path, text: str) -> tuple[int, int]:
    """Line and column where text first appears in a page's source, or (0, 0)."""
    for number, line in enumerate(_source_lines(page), start=1):
        if text and text in line:
            return number, line.index(text) + 1
    return 0, 0


def _source_lines(page: Path) -> list[str]:
    try:
        return page.read_text("utf-8-sig", errors="replace").splitlines()
    except OSError:
        return []


def markup_problems(found: list[tuple[str, str]], docs: Path) -> list[Problem]:
    """What the scan of built pages found, each against the content/ page it came from."""
    return [Problem(_source_of(rel, docs), 0, 0, "", message) for rel, message in found]


def _source_of(rel: str, docs: Path) -> str:
    """The content/ page a built page came from: 'evil/index.html' -> 'content/evil.md'."""
    stem = rel[: -len("index.html")].rstrip("/") if rel.endswith("index.html") else rel.rsplit(".", 1)[0]
    for candidate in ([f"{stem}.md", f"{stem}/index.md"] if stem else ["index.md"]):
        if (docs / candidate).is_file():
            return f"content/{candidate}"
    return f"site/{rel}"


def _ignore_generated(content: Path):
    def ignore(folder: str, names: list[str]) -> list[str]:
        rel = Path(folder).resolve().relative_to(content.resolve())
        return [n for n in names if (rel == Path(".") and (n in GENERATED or n == MANIFEST))
                or scratch_path(Path(folder) / n)]
    return ignore


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


def hand_written(content: Path) -> list[tuple[str, Path]]:
    """Every hand-written file in content/ (not generated, not a link), as (shown path, path)."""
    if not content.is_dir() or content.is_symlink():
        return []
    return [(f"content/{path.relative_to(content).as_posix()}", path) for path, link in _walk(content)
            if not link and not _generated(path.relative_to(content).as_posix()) and path.name != MANIFEST
            and not scratch_path(path)]
