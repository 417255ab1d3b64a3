"""Writing: generated pages into content/ (only changed bytes), the engine into a fresh folder,
and site/ swapped in only when everything succeeded."""

from __future__ import annotations

import html
import logging
import os
import re
import shutil
import signal
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from . import guard
from .errors import Problem, UserError
from .render import GENERATED


@dataclass(frozen=True)
class Layout:
    """Where things are, relative to the project folder holding mkdocs.yml."""

    root: Path
    config: Path
    content: Path
    site: Path

    @property
    def chart_cache(self) -> Path:
        return self.root / ".cache" / "charts"

    @classmethod
    def at(cls, root: Path, config: str = "mkdocs.yml", site: str | None = None) -> "Layout":
        root = Path(root).resolve()
        return cls(root, root / config, root / "content", Path(site).resolve() if site else root / "site")


def _generated(rel: str) -> bool:
    return rel.split("/", 1)[0] in GENERATED


def _existing_generated(content: Path) -> set[str]:
    found = set()
    for name in GENERATED:
        top = content / name
        if top.is_file():
            found.add(name)
        elif top.is_dir():
            found.update(p.relative_to(content).as_posix() for p in top.rglob("*") if p.is_file())
    return found


def _temp_name(target: Path) -> Path:
    # A dot name: MkDocs skips dot files, so a temp file left by a killed build is never published.
    return target.with_name(f".{target.name}.journey-tmp")


def sync_pages(content: Path, pages: dict[str, str | bytes]) -> list[str]:
    """Make content/ hold exactly these generated pages: write only files whose bytes changed,
    delete stale generated files, leave hand-written files alone. Return what changed.

    Every changed file is written beside its target first and only then renamed into place, so a
    failure while writing (a full disk) leaves content/ as it was."""
    changed: list[str] = []
    staged: list[tuple[Path, Path]] = []
    try:
        for rel, text in pages.items():
            if not _generated(rel):
                raise ValueError(f"render produced {rel}, outside the generated paths {GENERATED}")
            target = content / rel
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
    for rel in sorted(_existing_generated(content) - set(pages)):
        (content / rel).unlink()
        changed.append(rel)
    for name in GENERATED:  # prune emptied folders, deepest first
        top = content / name
        if top.is_dir():
            for folder in sorted((p for p in top.rglob("*") if p.is_dir()), key=lambda p: -len(p.parts)):
                if not any(folder.iterdir()):
                    folder.rmdir()
    return changed


class _Collect(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def run_mkdocs(config: Path, docs_dir: Path, site_dir: Path, *, strict: bool = True) -> list[str]:
    """Build with MkDocs (strict unless told otherwise); return its warnings (empty means success).
    Any failure inside the engine (a theme template error, say) comes back as a warning too."""
    from mkdocs import exceptions
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    log = logging.getLogger("mkdocs")
    handler = _Collect()
    log.addHandler(handler)
    level = log.level
    log.setLevel(logging.WARNING)
    try:
        cfg = load_config(str(config), docs_dir=str(docs_dir), site_dir=str(site_dir), strict=strict)
        build(cfg)
    except exceptions.Abort as e:
        return handler.messages or [str(e)]
    except exceptions.ConfigurationError as e:
        return handler.messages + [f"configuration error: {e}"]
    except (KeyboardInterrupt, MemoryError, RecursionError):
        raise
    except Exception as e:  # noqa: BLE001 - the engine's own failure, reported as one line
        detail = " ".join(str(e).split()) or type(e).__name__
        return handler.messages + [f"the site engine failed ({type(e).__name__}: {detail})"]
    finally:
        log.removeHandler(handler)
        log.setLevel(level)
    return handler.messages


_HREF = re.compile(r'(?:href|src)="([^"#?]*)[^"]*"')


def broken_links(site_dir: Path) -> list[tuple[str, str]]:
    """Return (page, message) for internal links in the built pages that lead nowhere (raw HTML too)."""
    broken = []
    for page in sorted(site_dir.rglob("*.html")):
        if page.name == "404.html" and page.parent == site_dir:
            continue  # MkDocs writes it with root-relative links, for any address on the server
        text = page.read_text("utf-8")
        for url in sorted(set(_HREF.findall(text))):
            if not url or re.match(r"[a-z][a-z0-9+.-]*:|//", url, re.IGNORECASE):
                continue
            target = (page.parent / url).resolve()
            if not (target.is_file() or (target / "index.html").is_file()):
                broken.append((page.relative_to(site_dir).as_posix(), f"links to '{url}', which leads nowhere; "
                                                                      "fix or remove the link"))
    return broken


_ARTICLE = re.compile(r'<article class="md-content__inner[^"]*">(.*?)</article>', re.S)
_ACTIVE = re.compile(r"<\s*(script|iframe|object|embed|base|meta|link|form[^>]*\saction)\b", re.I)
_HANDLER = re.compile(r"<[^>]*\son[a-z]+\s*=", re.I)
_URL_ATTR = re.compile(r'\s(?:href|src|action|formaction|xlink:href)\s*=\s*["\']?\s*([^"\'\s>]*)', re.I)


def unsafe_markup(site_dir: Path) -> list[tuple[str, str]]:
    """Scan the built pages for what no page of ours should carry: script, frames and other active
    elements inside the page content, event-handler attributes anywhere, script URLs anywhere.
    (The theme's own scripts sit outside the content and load from this site only.)"""
    found = []
    for page in sorted(site_dir.rglob("*.html")):
        text = page.read_text("utf-8")
        rel = page.relative_to(site_dir).as_posix()
        for body in _ARTICLE.findall(text):
            for tag in sorted(set(m.group(1).split()[0].lower() for m in _ACTIVE.finditer(body))):
                what = "scripts" if tag == "script" else f"<{tag}> elements"
                found.append((rel, f"a <{tag}> element in the page content (built as {rel}); hand-written pages "
                                   f"must not hold {what}, remove it"))
        if _HANDLER.search(text):
            found.append((rel, f"an event-handler attribute (on...=) in the page (built as {rel}); remove it"))
        for url in _URL_ATTR.findall(text):
            plain = html.unescape(url).replace("\x00", "")
            plain = re.sub(r"[\s\x00-\x1f]", "", plain).lower()
            if plain.startswith(("javascript:", "vbscript:", "data:text/html")):
                found.append((rel, f"a script address in a link (built as {rel}); remove it"))
        for tag in re.findall(r"<script\b[^>]*\ssrc=\"([^\"]+)\"", text):
            if re.match(r"(?:[a-z]+:)?//", tag, re.I):
                found.append((rel, f"a script loaded from another host (built as {rel}); remove it"))
    return sorted(set(found))


def build(layout: Layout, pages: dict[str, str | bytes]) -> None:
    """Build the site from these pages; on any failure leave content/ and site/ exactly as they were.
    Call with the output checked (guard.check_output) and the build lock held."""
    layout.content.mkdir(exist_ok=True)
    stage = guard.staging_folder(layout.site)
    try:
        docs = stage / "content"
        shutil.copytree(layout.content, docs, ignore=_ignore_generated(layout.content))
        sync_pages(docs, pages)
        out = stage / "site"
        warnings = run_mkdocs(layout.config, docs, out)
        if warnings:
            raise UserError([_engine_problem(w, layout) for w in warnings])
        refused = broken_links(out) + unsafe_markup(out)
        if refused:
            raise UserError([Problem(_source_of(rel, docs), 0, 0, "", message) for rel, message in refused])
        (out / guard.SITE_MARKER).write_text(guard.SITE_MARKER_TEXT, encoding="utf-8")
        with no_interrupts():  # an interrupt now waits until both are done
            sync_pages(layout.content, pages)
            _swap(out, layout.site)
    finally:
        shutil.rmtree(stage, ignore_errors=True)


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


def _engine_problem(warning: str, layout: Layout) -> Problem:
    """One MkDocs warning as a problem naming the page at fault where it can."""
    missing = _MISSING_LINK.match(warning)
    if missing:
        return Problem(f"content/{missing.group(1)}", 0, 0, "", f"links to '{missing.group(2)}', which is not a "
                                                                "page in content/; fix or remove the link")
    return Problem(layout.config.relative_to(layout.root).as_posix(), 0, 0, "",
                   f"the site engine refused the build: {warning}")


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
        return [n for n in names if rel == Path(".") and n in GENERATED]
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
    """Every hand-written file and folder in content/ (not generated), as (shown path, path)."""
    found = []
    if not content.is_dir():
        return found
    for path in sorted(content.rglob("*")):
        rel = path.relative_to(content).as_posix()
        if _generated(rel):
            continue
        found.append((f"content/{rel}", path))
    return found
