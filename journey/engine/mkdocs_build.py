"""The site engine's build on two cores.

MkDocs' own build (mkdocs.commands.build.build, MkDocs 1.6, which is frozen) renders one page after
another on one core, and nearly all its time goes on two steps per page: Markdown to HTML, then the
theme's template and the search plugin's indexing. This is the same build, step for step and with
MkDocs' own functions, except that those two steps are shared between this process and one forked
child, each taking about half the pages (by size). What one process needs of the other's pages (their
titles and front matter for the navigation, their anchors for link checks) is sent across after the
first step; the child's search entries and log records come back after the second. The pages come out
byte for byte as MkDocs' own build writes them (tests/unit/test_engine.py holds it to that).

The pages are shared only on Linux (fork) with more than one core and at least two pages to render;
otherwise this process renders them all, the same way. Either way, before any page is written, every
page's title and description is checked, since the theme writes them unescaped (_check_heads). A
plugin other than search stops the build: what it does to pages is unknown to these steps.
"""

from __future__ import annotations

import gc
import logging
import os
import pickle
import signal
import sys
import threading
import traceback
from pathlib import Path

from mkdocs import utils
from mkdocs.commands import build as mkdocs_build
from mkdocs.exceptions import Abort, BuildError
from mkdocs.structure.files import InclusionLevel, get_files, set_exclusions
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.pages import Page

from journey.inputs.handwritten import markup_in

log = logging.getLogger("mkdocs.commands.build")
_KNOWN_PLUGINS = {"search", "material/search"}
_STOPS = {signal.SIGINT, signal.SIGTERM, signal.SIGHUP}


def two_cores() -> bool:
    """Whether the pages can be shared with a forked second process."""
    return sys.platform == "linux" and hasattr(os, "fork") and (os.cpu_count() or 1) > 1


def share(pages: list[Page]) -> tuple[list[Page], list[Page]]:
    """Two sets of about equal work (Markdown size), each in the site's page order; the first, for
    this process, the lighter (it also copies the theme's files and writes the search index)."""
    sizes = {}
    for page in pages:
        try:
            sizes[page.file.src_uri] = os.path.getsize(page.file.abs_src_path)
        except OSError:
            sizes[page.file.src_uri] = 0
    bins: tuple[list[Page], list[Page]] = ([], [])
    load = [0, 0]
    for page in sorted(pages, key=lambda p: (-sizes[p.file.src_uri], p.file.src_uri)):
        i = 0 if load[0] < load[1] else 1
        bins[i].append(page)
        load[i] += sizes[page.file.src_uri] + 2048  # a page costs something whatever its size
    order = {id(page): n for n, page in enumerate(pages)}
    first, second = (sorted(b, key=lambda p: order[id(p)]) for b in bins)
    return (first, second) if load[0] <= load[1] else (second, first)


def build(config, *, dirty: bool = False, after_page=None, templates: Path | None = None,
          anchors: dict | None = None) -> list:
    """Build as mkdocs.commands.build.build(config, dirty=dirty) does, on two cores where it can.
    after_page, if given, is called with each page's output path as soon as the page is written, in
    the process that wrote it; its results come back as a list.
    templates: a folder where the theme's compiled templates are kept between builds (Jinja's own
    bytecode cache, which checks each template's source), so they are not compiled on every build.

    anchors (the preview, where it can): a dict kept between builds of each page's anchors and links
    to anchors. A dirty build renders only the changed pages, so MkDocs alone would check only their
    links, and only against pages it rendered too; with this, every page's links are checked against
    every page's anchors as they now are, as a full build would."""
    unknown = sorted(set(config.plugins) - _KNOWN_PLUGINS)
    if unknown:  # its checks (titles, anchors) and sharing of pages rest on knowing what every plugin does
        raise Abort(f"mkdocs.yml names a plugin this build does not know ({', '.join(unknown)}); only search is "
                    "supported, so remove it")

    warning_counter = utils.CountHandler()
    warning_counter.setLevel(logging.WARNING)
    if config.strict:
        logging.getLogger("mkdocs").addHandler(warning_counter)
    inclusion = InclusionLevel.is_included
    try:
        config = config.plugins.on_config(config)
        config.plugins.on_pre_build(config=config)
        if not dirty:
            utils.clean_directory(config.site_dir)
        else:
            log.warning("A 'dirty' build is being performed, this will likely lead to inaccurate navigation and "
                        "other links within your site. This option is designed for site development purposes only.")
        files, env, nav, doc_files = _files_and_nav(config, templates, inclusion)
        todo = [f.page for f in doc_files if not dirty or f.is_modified()]
        if len(todo) < 2 or not two_cores():
            mine, theirs = todo, []
        else:
            mine, theirs = share(todo)

        # What exists now is shared with the child, unchanged, as long as neither side's garbage collector
        # walks it (which writes to every object it visits): set it aside until the pages are built.
        gc.freeze()
        try:
            checked, their_checked = _shared_build(config, files, nav, env, doc_files, todo, mine, theirs,
                                                   dirty, inclusion, after_page)
        finally:
            gc.unfreeze()

        log_level = config.validation.links.anchors
        done = {id(page) for page in todo}
        if anchors is not None:
            _remember_anchors(anchors, doc_files, files, done, dirty)
        for file in doc_files:
            if id(file.page) in done or anchors is not None:
                file.page.validate_anchor_links(files=files, log_level=log_level)

        config.plugins.on_post_build(config=config)
        if counts := warning_counter.get_counts():
            msg = ", ".join(f"{v} {k.lower()}s" for k, v in counts)
            raise Abort(f"Aborted with {msg} in strict mode!")
        return checked + their_checked
    except Exception as e:
        config.plugins.on_build_error(error=e)
        if isinstance(e, BuildError):
            log.error(str(e))
            raise Abort("Aborted with a BuildError!")
        raise
    finally:
        logging.getLogger("mkdocs").removeHandler(warning_counter)


def _files_and_nav(config, templates: Path | None, inclusion):
    """MkDocs' files, theme environment, navigation and documentation pages, as its build makes them."""
    files = get_files(config)
    env = config.theme.get_env()
    if templates is not None:
        from journey.cache import template_cache

        env.bytecode_cache = template_cache(templates)
    files.add_files_from_theme(env, config)
    files = config.plugins.on_files(files, config=config)
    set_exclusions(files, config)
    nav = get_navigation(files, config)
    nav = config.plugins.on_nav(nav, config=config, files=files)
    doc_files = files.documentation_pages(inclusion=inclusion)
    for file in doc_files:
        if file.page is None and file.inclusion.is_not_in_nav():
            Page(None, file, config)
        assert file.page is not None
    return files, env, nav, doc_files


def _shared_build(config, files, nav, env, doc_files, todo, mine, theirs, dirty, inclusion, after_page):
    """The pages rendered and written by this process (mine) and the child (theirs); MkDocs' steps
    in between (theme files, theme templates) here. Returns what after_page said, here and there."""
    with _Partner(bool(theirs)) as partner:
        if partner.is_child:
            partner.child_work(theirs, config, files, nav, env, doc_files, after_page)  # never returns
        _populate_pages(mine, config, files)
        _apply(partner.receive(), doc_files, files)
        _check_heads(todo)
        partner.send(_facts(mine))
        env = config.plugins.on_env(env, config=config, files=files)
        files.copy_static_files(dirty=dirty, inclusion=inclusion)
        for template in config.theme.static_templates:
            mkdocs_build._build_theme_template(template, env, files, config, nav)
        for template in config.extra_templates:
            mkdocs_build._build_extra_template(template, files, config, nav)
        entries, checked = _build_pages(mine, config, doc_files, nav, env, after_page)
        their_entries, their_checked = partner.receive() or ({}, [])
        entries.update(their_entries)
        _merge_search_entries(config, todo, entries)
    return checked, their_checked


def _populate_pages(pages: list[Page], config, files) -> None:
    """Render these pages' Markdown (MkDocs' own step). Unlike MkDocs, let go of each page's source
    once rendered (and, in _build_pages, its HTML once written): no other page uses them, and a big
    site no longer holds every page twice over in memory. Each page's title is fixed first."""
    for page in pages:
        mkdocs_build._populate_page(page, config, files)
        page.title = page.title
        page.markdown = None


def _check_heads(pages: list[Page]) -> None:
    """The theme writes each page's title (in the head, the header, the navigation, the search index,
    decoding references on the way) and its description (in an attribute) without escaping them: a
    title or description that would become markup there is a warning naming the page, and the build
    stops before any page is written (the preview lists them). Only a hand-written page can have one,
    whatever its title came from: its settings, its first heading or its file's name."""
    bad = False
    for page in pages:
        for what, value in (("title", page.title), ("description", (page.meta or {}).get("description"))):
            text = str(value) if value is not None else ""
            found = markup_in(text, attribute=what == "description")
            if found:
                log.warning(f"Doc file '{page.file.src_uri}': its {what} would become markup in the page's head "
                            f"('{found}' in {text[:80]!r})")
                bad = True
    if bad:
        raise Abort("Aborted: a page's title or description would become markup")


def _facts(pages: list[Page]) -> dict:
    """What the other process needs of these pages: title and front matter (the navigation), anchors
    and links to anchors (the link checks, made in the parent; files by their source path)."""
    return {p.file.src_uri: (p.title, p.meta, p.present_anchor_ids,
                             {to.src_uri: links for to, links in (p.links_to_anchors or {}).items()})
            for p in pages}


def _remember_anchors(kept: dict, doc_files, files, rendered: set[int], dirty: bool) -> None:
    """Keep the anchors and links of the pages just rendered; give the others theirs from before."""
    if not dirty:
        kept.clear()
    for file in doc_files:
        page = file.page
        if id(page) in rendered:
            kept[file.src_uri] = (page.present_anchor_ids,
                                  {to.src_uri: links for to, links in (page.links_to_anchors or {}).items()})
        elif file.src_uri in kept:
            page.present_anchor_ids, links = kept[file.src_uri]
            page.links_to_anchors = {files.get_file_from_path(uri): to for uri, to in links.items()
                                     if files.get_file_from_path(uri) is not None}
    for uri in [uri for uri in kept if files.get_file_from_path(uri) is None]:  # pages since removed
        del kept[uri]


def _apply(facts: dict, doc_files, files) -> None:
    for file in doc_files:
        if file.src_uri in facts:
            title, meta, anchors, links = facts[file.src_uri]
            file.page.title, file.page.meta, file.page.present_anchor_ids = title, meta, anchors
            file.page.links_to_anchors = {files.get_file_from_path(uri): to for uri, to in links.items()}


def _search_entries(config) -> list | None:
    plugin = next((p for name, p in config.plugins.items() if name in _KNOWN_PLUGINS), None)
    index = getattr(plugin, "search_index", None)
    return getattr(index, "entries", None)


def _build_pages(pages: list[Page], config, doc_files, nav, env, after_page) -> tuple[dict[str, list], list]:
    """Build these pages (MkDocs' own step); return each page's search entries, and what after_page
    said of each."""
    entries = _search_entries(config)
    found, checked = {}, []
    for page in pages:
        before = len(entries) if entries is not None else 0
        mkdocs_build._build_page(page, config, doc_files, nav, env, excluded=page.file.inclusion.is_excluded())
        found[page.file.src_uri] = entries[before:] if entries is not None else []
        if after_page is not None and os.path.isfile(page.file.abs_dest_path):
            checked.append(after_page(page.file.abs_dest_path))
        page.content = None  # written: see _populate_pages
    return found, checked


def _merge_search_entries(config, pages: list[Page], found: dict[str, list]) -> None:
    """The search index's entries in the site's page order, as one process would have made them."""
    entries = _search_entries(config)
    if entries is not None:
        entries[:] = [entry for page in pages for entry in found.get(page.file.src_uri, [])]


class _Records(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


class _Partner:
    """The forked child and the two pipes to it. In the parent: send, receive (the child's log records
    are logged here as they arrive; its failure is raised here). Without work for a child, nothing is
    forked and receive returns {}."""

    def __init__(self, wanted: bool):
        self.wanted, self.pid, self.is_child, self.held = wanted, None, False, None

    def __enter__(self) -> "_Partner":
        if not self.wanted:
            return self
        down_r, down_w = os.pipe()
        up_r, up_w = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        # Interrupts wait until this side can stop the child again (see __exit__).
        main = threading.current_thread() is threading.main_thread()
        self.held = signal.pthread_sigmask(signal.SIG_BLOCK, _STOPS) if main else None
        pid = os.fork()
        if pid == 0:
            self.is_child = True
            os.close(down_w)
            os.close(up_r)
            self.inbox, self.outbox = os.fdopen(down_r, "rb"), os.fdopen(up_w, "wb")
            return self
        self.pid = pid
        try:
            os.close(down_r)
            os.close(up_w)
            self.inbox, self.outbox = os.fdopen(up_r, "rb"), os.fdopen(down_w, "wb")
            if self.held is not None:
                signal.pthread_sigmask(signal.SIG_SETMASK, self.held)
        except BaseException:
            self.__exit__(*sys.exc_info())
            raise
        return self

    def __exit__(self, kind, error, trace) -> None:
        if self.pid is None:
            return
        for stream in (getattr(self, "outbox", None), getattr(self, "inbox", None)):
            try:
                if stream is not None:
                    stream.close()
            except OSError:
                pass
        if kind is not None:  # the parent failed or was interrupted: the child's work is no longer wanted
            try:
                os.kill(self.pid, 9)
            except OSError:
                pass
        os.waitpid(self.pid, 0)

    def send(self, message) -> None:
        if self.pid is not None:
            pickle.dump(message, self.outbox, protocol=pickle.HIGHEST_PROTOCOL)
            self.outbox.flush()

    def receive(self) -> dict:
        if self.pid is None:
            return {}
        try:
            kind, records, payload = pickle.load(self.inbox)
        except (EOFError, pickle.UnpicklingError, OSError):
            raise RuntimeError("the site engine's second process stopped without finishing") from None
        for name, level, message in records:
            logging.getLogger(name).log(level, "%s", message)
        if kind == "error":
            raise payload
        return payload

    def child_work(self, pages, config, files, nav, env, doc_files, after_page) -> None:
        """The child's whole life: render its pages, swap facts, build them, report, exit."""
        code = 0
        if self.held is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, self.held)
        records = _Records()
        top = logging.getLogger("mkdocs")
        top.handlers, top.propagate = [records], False  # everything it logs goes to the parent, once
        try:
            _populate_pages(pages, config, files)
            self._report("ok", records, _facts(pages))
            _apply(pickle.load(self.inbox), doc_files, files)
            env = config.plugins.on_env(env, config=config, files=files)
            self._report("ok", records, _build_pages(pages, config, doc_files, nav, env, after_page))
        except BaseException as e:  # noqa: BLE001 - every failure goes to the parent, which raises it
            code = 1
            try:
                e.journey_template = template_where(e)  # (the traceback stays here; where it arose goes too)
            except Exception:  # noqa: BLE001 - an exception that takes no attributes
                pass
            try:
                pickle.dumps(e)
            except Exception:  # noqa: BLE001 - an exception that cannot cross: its words can
                e = RuntimeError(f"{type(e).__name__}: {e}")
            try:
                self._report("error", records, e)
            except BaseException:  # noqa: BLE001 - the parent has gone
                pass
        finally:
            os._exit(code)

    def _report(self, kind: str, records: _Records, payload) -> None:
        pickle.dump((kind, records.records, payload), self.outbox, protocol=pickle.HIGHEST_PROTOCOL)
        self.outbox.flush()
        records.records = []


def template_where(error: BaseException) -> tuple[str, int] | None:
    """The theme template (file, line) a rendering error arose in, from its traceback: Jinja gives
    a template's frames the template's own file and line. None when it arose elsewhere."""
    found = getattr(error, "journey_template", None)
    if found:
        return found
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if frame.filename.endswith((".html", ".xml")) and frame.lineno:
            return frame.filename, frame.lineno
    return None
