"""Text safety: editors' Markdown becomes HTML only through markdown-it-py with raw HTML off
and a strict link allowlist; plain one-line fields are escaped for Markdown and HTML."""

from __future__ import annotations

import functools
import html
import re

from markdown_it import MarkdownIt

ALLOWED_LINK = re.compile(r"https?://[^\s]+", re.IGNORECASE)


def _allowed(url: str) -> bool:
    return bool(ALLOWED_LINK.fullmatch(url.strip()))


def _make(validate) -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")
    md.disable("image")
    md.validateLink = validate
    return md


_RENDER = _make(_allowed)
# The inspector accepts every link so that a refused one can be reported, not silently dropped.
_INSPECT = MarkdownIt("commonmark", {"html": False}).enable("table")
_INSPECT.validateLink = lambda url: True


def markdown_problems(text: str) -> list[str]:
    """Return what an editor must change for this Markdown to be published (empty if fine)."""
    problems = []
    for token in _INSPECT.parse(text):
        for child in token.children or []:
            if child.type == "image":
                problems.append("images are not allowed (the site loads nothing from other hosts); "
                                "remove the ![...](...) image")
            elif child.type == "link_open":
                href = str(child.attrs.get("href", ""))
                if not _allowed(href):
                    scheme = href.split(":", 1)[0] if ":" in href else href
                    problems.append(f"links must start with https:// or http://; this one starts "
                                    f"'{scheme[:20]}'. Remove it or use a web address")
    return problems


@functools.lru_cache(maxsize=32768)  # the same texts again on every rebuild of the preview
def render_markdown(text: str) -> str:
    """Render an editor's Markdown to safe HTML: no raw HTML, only http(s) links, no images."""
    out = _RENDER.render(text).strip()
    return out.replace("<a href=", '<a rel="noopener" href=')


# Only characters Python-Markdown (with the tables extension) accepts as backslash escapes.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|])")


def md_escape(text: str) -> str:
    """Escape plain text for a Markdown inline context (HTML escaped, Markdown punctuation
    backslashed), so an editor's title can never become a link, emphasis or raw HTML."""
    return html.escape(_MD_SPECIAL.sub(r"\\\1", str(text)), quote=False)


def h(value) -> str:
    """Any value as HTML-escaped text (quotes too, so it is safe in an attribute)."""
    return html.escape(str(value), quote=True)


_TAG = re.compile(r"<[^>]+>")


def plain(text: str) -> str:
    """An editor's Markdown as one line of plain text (for table cells and summaries)."""
    return " ".join(html.unescape(_TAG.sub(" ", render_markdown(text))).split())


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_text(text: str) -> str:
    """A text cell for a CSV or spreadsheet that no program will run as a formula: text starting
    with = + - @ or a tab gets a leading apostrophe, as spreadsheets themselves do. (Numbers are
    written as numbers and are never passed through this.)"""
    text = str(text)
    return "'" + text if text.startswith(_FORMULA_START) else text


def inline_markdown(text: str) -> str:
    """A short piece of (trusted, generated) Markdown as inline HTML: for a table cell."""
    out = render_markdown(text)
    return out[3:-4] if out.startswith("<p>") and out.endswith("</p>") else out
