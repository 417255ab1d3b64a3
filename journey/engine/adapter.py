"""The site engine (MkDocs with Material) behind one call: build a docs folder into an output folder
with settings, and its messages turned into problems at their place (file:line:col), never a
traceback. All parsing of the engine's messages is here."""

from __future__ import annotations

import json
import re
from pathlib import Path

from journey.engine.config import generated
from journey.engine.config import read as read_config
from journey.engine.engines import Engine
from journey.errors import Problem
from journey.files import atomic_write
from journey.project import Layout
from journey.scratch import exclusions


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


def run(layout: Layout, engine: Engine, docs: Path, out: Path, settings: dict, *, strict: bool = True,
        dirty: bool = False, whole: bool = True) -> list[str]:
    """Build docs into out with the engine: mkdocs.yml read first (its problems raised at their line),
    then the engine given the whole generated configuration. Returns the engine's warnings (empty:
    built). dirty (the preview only): render again only the pages whose Markdown is newer than their
    HTML; the caller makes sure nothing else changed and mends the search index (merge_search_index).
    whole: docs holds the whole site, so each stylesheet and script mkdocs.yml names must be there
    (not so for a test's bare folder of pages)."""
    user = read_config(layout.config, layout.config.relative_to(layout.root).as_posix()
                       if layout.config.is_relative_to(layout.root) else layout.config.name)
    config = generated(user, docs=docs, out=out, theme=layout.theme, settings=settings,
                       exclusions=exclusions(docs), strict=strict)
    missing = [f"Config value '{key}': the file '{name}' is not in content/ (nor made by the build); fix the name "
               "or add the file" for key in ("extra_css", "extra_javascript")
               for name in (config.get(key) or []) if isinstance(name, str) and "//" not in name
               and not (docs / name).is_file() and not (layout.theme / name).is_file()] if whole else []
    return missing or engine.build(config, dirty=dirty)


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
    atomic_write(site_dir / SEARCH_INDEX, json.dumps(merged, ensure_ascii=False, separators=(",", ":")))
    return merged


_MISSING_LINK = re.compile(r"Doc file '(.+?)' contains a link '(.+?)', but the target (?:'.*?' )?is not found "
                           r"among documentation files\.")


_MISSING_ANCHOR = re.compile(r"Doc file '(.+?)' contains a link '(.+?)', but the doc '(.+?)' does not contain an "
                             r"anchor '#(.+?)'")


_MISSING_ANCHOR_HERE = re.compile(r"Doc file '(.+?)' contains a link '(.+?)', but there is no such anchor on this "
                                  r"page\.")


_MARKUP_IN_HEAD = re.compile(r"Doc file '(.+?)': its (title|description) would become markup in the page's head "
                             r"\('(.+?)' in (.*)\)$", re.DOTALL)


_TEMPLATE = re.compile(r"template (unreadable|failed) '(.+?)' at (\d+): (.*)", re.DOTALL)  # see engines.MkDocs


_UNREADABLE = re.compile(r"expected name token at '(.*)'", re.DOTALL)  # the words of Python's HTML reader


_AT_PLACE = re.compile(r"Doc file '(.+?)' at (\d+):(\d+): (.*)", re.DOTALL)  # Zensical's boxed warnings (engines.py)


_PLACE_WORDS = {"page does not exist": "links to '{link}', which is not a page in content/; fix or remove the link",
                "anchor does not exist": "links to '{link}', but that page has no heading or anchor '{anchor}'; fix "
                                         "the link (a page's headings are its anchors)"}


def _link_at(page: Path, line: int, column: int) -> str:
    """The link address written around a place in a page's source (a Markdown link's (...) or an
    attribute's quotes), or "" where none is."""
    lines = _source_lines(page)
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    at = min(max(column - 1, 0), len(text))
    for opening, closing in (("(", ")"), ('"', '"'), ("'", "'")):
        start, end = text.rfind(opening, 0, at + 1), text.find(closing, at + 1)
        if start >= 0 and end > start and " " not in text[start + 1:end].strip():
            return text[start + 1:end].strip().strip("<>")
    return ""


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
    placed = _AT_PLACE.match(warning)
    if placed:
        page, line, column, words = placed.groups()
        link = _link_at(layout.content / page, int(line), int(column))
        shown = _PLACE_WORDS.get(words.strip()) if link else None
        message = shown.format(link=link, anchor=link.partition("#")[2]) if shown else \
            f"the site engine says: {' '.join(words.split())}"
        return Problem(f"content/{page}", int(line), int(column), "", message)
    head = _MARKUP_IN_HEAD.match(warning)
    if head:
        page, what, found, text = head.groups()
        where = ("its title (from its title: setting, else its first # heading, else its file's name)"
                 if what == "title" else "its description: setting")
        return Problem(f"content/{page}", 0, 0, "", f"{where} would become markup in the page's head ('{found}' in "
                                                    f"{text}); write it in plain words")
    config = layout.config.relative_to(layout.root).as_posix()
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
    line = column = 0
    for name in reversed(re.findall(r"'([^'\s]+)'", warning)):  # a name mkdocs.yml holds: where it is
        line, column = _find(layout.config, name)
        if line:
            break
    return Problem(config, line, column, "", f"the site engine {'refused the build' if refused else 'warned'}: "
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
