"""The site engine (MkDocs with Material) behind one call: build a docs folder into an output folder
with settings, and its messages turned into problems at their place (file:line:col), never a
traceback. All parsing of the engine's messages is here."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

from journey.errors import Problem
from journey.files import atomic_write
from journey.project import Layout
from journey.scratch import exclusions


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
    from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError
    from mkdocs import exceptions
    from mkdocs.config import load_config
    from pathspec.gitignore import GitIgnoreSpec

    from journey.engine.mkdocs_build import build, template_where

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
