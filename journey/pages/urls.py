"""Addresses: where each record's page is in content/, and relative links between pages (valid wherever
the site is hosted)."""

from __future__ import annotations

import posixpath

from markupsafe import Markup



def page_url(src: str) -> str:
    """The site address of a Markdown source path, as MkDocs makes it with directory URLs."""
    stem = src[:-3]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[:-5]
    return stem + "/"


def md_link(from_src: str, to_src: str, anchor: str = "") -> Markup:
    """A link in a page's Markdown to another page: its source file, relative to this one's (each
    engine turns it into the page's address, and checks it leads to a page and heading that exist)."""
    rel = posixpath.relpath(to_src, posixpath.dirname(from_src) or ".")
    return Markup(rel + (f"#{anchor}" if anchor else ""))


def link(from_src: str, to_src: str, anchor: str = "") -> Markup:
    """A relative link from one generated page to another in raw HTML (which no engine rewrites): the
    page's address, relative to this page's, valid wherever the site is hosted."""
    here = page_url(from_src).rstrip("/") or "."
    there = page_url(to_src).rstrip("/") or "."
    rel = posixpath.relpath(there, here)
    url = ("" if rel == "." else rel + "/") or "./"
    return Markup(url + (f"#{anchor}" if anchor else ""))


def inspection_src(ident: str) -> str:
    return f"inspections/{ident}/index.md"


def plan_src(pid: str) -> str:
    return f"plans/{pid}/index.md"


def action_src(pid: str, number: str) -> str:
    return f"plans/{pid}/actions/{number}/index.md"


def objective_anchor(number: str) -> str:
    return "objective-" + number.replace(".", "-")


def theme_src(ident: str) -> str:
    return f"themes/{ident}/index.md"


def lead_src(ident: str) -> str:
    return f"leads/{ident}/index.md"


def file_link(from_src: str, to_file: str) -> str:
    """A relative address from a page to a file (an SVG chart, a CSV download)."""
    here = page_url(from_src).rstrip("/") or "."
    return posixpath.relpath(to_file, here)


def board_src(pid: str) -> str:
    return f"plans/{pid}/board-report/index.md"
