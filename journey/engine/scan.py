"""The post-build pass over the engine's output: every internal link must lead somewhere, and no page
may carry active markup (scripts, frames, event handlers, script addresses, anything loaded from
another host), whatever put it there. Pages are parsed as a browser reads them, not matched with
patterns, and each page's verdict is kept by a hash of its exact text."""

from __future__ import annotations

import hashlib
import html
import json
import os
import posixpath
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

from journey.errors import Problem
from journey.files import atomic_write, files_under


# Material's base template writes its drawer and search toggles as checkboxes with autocomplete="off",
# which HTML allows only on text-like inputs. The two lines sit outside any template block, so
# theme_overrides/ cannot change them; the build removes the attribute from every page instead.
_TOGGLE = re.compile(r'(<input class="md-toggle" data-md-toggle="(?:drawer|search)" type="checkbox" '
                     r'id="__(?:drawer|search)") autocomplete="off">')


# Zensical's base template hides the drawer's overlay label from assistive technology, which HTML does
# not allow on a label tied to a form control (Material writes it without); also outside any block.
_OVERLAY = '<label class="md-overlay" for="__drawer" aria-hidden="true"></label>'


_HREF = re.compile(r'(?:href|src)="([^"?]*)[^"]*"')


_ID = re.compile(r'\sid="([^"]*)"')


_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*:|//", re.IGNORECASE)


_CONTROL = re.compile(r"[\x00-\x1f]")


def _listing(site_dir: Path) -> list[str]:
    """Every file under site_dir, as posix paths relative to it, in order."""
    return files_under(site_dir)


def _links(rel: str, urls: list[str], files: set[str], ids: dict[str, set[str]]) -> list[tuple[str, str]]:
    """(page, message) for each internal link of one built page (its PageChecks.links) that leads nowhere:
    to no file, or to a heading or anchor its page does not have (ids: each page's)."""
    broken = []
    folder = posixpath.dirname(rel)
    for url in urls:
        if not url or _SCHEME.match(url):
            continue
        url, _, fragment = url.partition("#")
        if fragment:
            page = rel if not url else posixpath.normpath(posixpath.join(folder, html.unescape(url)))
            page = page if page.endswith(".html") else posixpath.join(page, "index.html") if page != "." else "index.html"
            if page in ids and html.unescape(fragment) not in ids[page]:
                broken.append((rel, f"links to '{url}#{fragment}', but that page has no heading or anchor "
                                    f"'{html.unescape(fragment)}'; fix the link (a page's headings are its anchors)"))
                continue
        if not url:
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
    (see _TOGGLE; the only change made to built pages), the addresses it links to and the anchors it
    has noted (checked by after_engine once every page is read), and the page scanned for markup none
    of ours may carry (see unsafe_markup; from the cache when its exact text was seen before)."""

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

    def read(self, rel: str) -> tuple[str, list[str], set[str]]:
        """The page's text (mended), the addresses it links to and its anchors."""
        page = self.site_dir / rel
        text = page.read_text("utf-8", errors="replace")
        links: list[str] = []
        ids = set(html.unescape(i) for i in _ID.findall(text))
        if rel.lower().endswith(".html"):
            fixed = _TOGGLE.sub(r"\1>", text).replace(_OVERLAY, '<label class="md-overlay" for="__drawer"></label>')
            if fixed != text:
                page.write_text(fixed, "utf-8")
                text = fixed
            if rel != "404.html":  # MkDocs writes it with root-relative links, for any address on the server
                links = sorted(set(_HREF.findall(text)))
        return text, links, ids

    def save(self, keys: set[str], found: dict[str, list[str]]) -> None:
        """Keep what these pages were found to hold (and nothing about pages no longer built)."""
        if self.cache is None:
            return
        known = {k: found.get(k, self.known.get(k)) for k in sorted(keys)}
        if known == {k: self.known.get(k) for k in sorted(self.known)}:
            return
        atomic_write(self.cache, json.dumps(known))


def _scanned(checks: PageChecks, pages: list[tuple[str, str]]) -> list[tuple[str, str, list[str]]]:
    """(path, scan key, what it holds) for each (path, text): from the cache, the rest parsed (on
    every core when there are many)."""
    keys = [checks.key(text) for _, text in pages]
    missing = [i for i, key in enumerate(keys) if not isinstance(checks.known.get(key), list)]
    fresh = dict(zip(missing, _scan_many([pages[i][1] for i in missing])))
    return [(rel, key, fresh[i] if i in fresh else checks.known[key]) for i, ((rel, _), key) in enumerate(zip(pages, keys))]


def after_engine(site_dir: Path, cache: Path | None = None) -> list[tuple[str, str]]:
    """The one pass over the engine's output, whichever engine wrote it: PageChecks on every page,
    then refuse internal links that lead nowhere (to no file, or no anchor on their page) and markup
    no page of ours may carry (unsafe_markup). Returns (page, message)."""
    checks = PageChecks(site_dir, cache)
    files = _listing(site_dir)
    present = set(files)
    results: dict[str, tuple[list[str], str, list[str]]] = {}
    links: dict[str, list[str]] = {}
    ids: dict[str, set[str]] = {}
    texts: list[tuple[str, str]] = []
    for rel in files:
        suffix = posixpath.splitext(rel)[1].lower()
        if suffix not in _SCANNED or (suffix == ".svg" and rel.startswith("assets/")):
            continue  # the theme's own icons are not scanned
        text, links[rel], found_ids = checks.read(rel)
        if suffix == ".html":
            ids[rel] = found_ids
        texts.append((rel, text))
    for rel, key, codes in _scanned(checks, texts):
        results[rel] = (links[rel], key, codes)
    del texts
    refused = [problem for rel in sorted(results) for problem in _links(rel, results[rel][0], present, ids)]
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


# Attributes whose value is an address the browser loads (on whatever element carries them).
_LOADS = {"src", "srcset", "href", "xlink:href", "data", "poster", "background", "action", "formaction"}


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
            if name == "href" and tag in ("link", "use", "image") and _EXTERNAL.match(value) and not (
                    tag == "link" and set(names.get("rel", "").lower().split()) == {"canonical"}):
                self.found.add("external")  # (a canonical address, site_url's, names the page; loads nothing)
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
    for rel in files_under(site_dir):
        page = site_dir / rel
        if page.suffix.lower() not in _SCANNED or not page.is_file() or (since_ns and page.stat().st_mtime_ns < since_ns):
            continue
        if page.suffix.lower() == ".svg" and rel.startswith("assets/"):
            continue  # the theme's own icons
        pages.append((rel, page.read_text("utf-8", errors="replace")))
    return pages


def unsafe_markup(site_dir: Path, since_ns: int = 0, cache: Path | None = None) -> list[tuple[str, str]]:
    """Scan every built page for what no page of ours should carry: scripts, frames and other active
    elements inside the page content; event-handler attributes, script addresses and anything
    loaded from another host anywhere in the page. Pages are parsed, not matched with patterns.
    since_ns: only the pages written at or after that time. cache: a file keeping what each page's
    exact text was found to hold, so an unchanged page is not parsed again."""
    checks = PageChecks(site_dir, cache)
    scanned = _scanned(checks, _read_pages(site_dir, since_ns))
    checks.save({key for _, key, _ in scanned}, {key: codes for _, key, codes in scanned})
    return sorted({message for rel, _, codes in scanned for message in _messages(rel, codes)})


_BUILT_AS = re.compile(r" \(built as [^)]*\)")

EVERYWHERE = 10  # the same finding on at least this many pages comes from what they share, not from a page


def markup_problems(found: list[tuple[str, str]], docs: Path) -> list[Problem]:
    """What the scan of built pages found, each against the content/ page it came from; the same
    finding on many pages once, against what those pages share (the theme, mkdocs.yml)."""
    pages: dict[str, list[str]] = {}
    for rel, message in found:
        pages.setdefault(_BUILT_AS.sub("", message), []).append(rel)
    shared = {message for message, where in pages.items() if len(set(where)) >= EVERYWHERE}
    problems = [Problem(_source_of(rel, docs), 0, 0, "", message) for rel, message in found
                if _BUILT_AS.sub("", message) not in shared]
    for message in sorted(shared):
        where = sorted(set(pages[message]))
        problems.append(Problem("theme_overrides/ or mkdocs.yml", 0, 0, "",
                                f"{message} (on {len(where)} pages, {where[0]} among them: it comes from what they "
                                "share, the theme's templates or mkdocs.yml, not from a page)"))
    return problems


def _source_of(rel: str, docs: Path) -> str:
    """The content/ page a built page came from: 'evil/index.html' -> 'content/evil.md'."""
    stem = rel[: -len("index.html")].rstrip("/") if rel.endswith("index.html") else rel.rsplit(".", 1)[0]
    for candidate in ([f"{stem}.md", f"{stem}/index.md"] if stem else ["index.md"]):
        if (docs / candidate).is_file():
            return f"content/{candidate}"
    return f"site/{rel}"
