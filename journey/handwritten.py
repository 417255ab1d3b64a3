"""Rules for the hand-written Markdown pages in content/, checked before any build: what the site
engine reads from a page besides its text (its settings at the top, its title) goes into the page's
head and header as it is, without escaping, so it must be plain, and a page may not pick another
template (the theme's redirect and error templates put what they are given into a script).

The settings are found as MkDocs 1.6 (frozen) finds them: a YAML block between --- lines at the very
top, or else, when the first line looks like `Key: value`, every line up to the first blank line."""

from __future__ import annotations

import html
import re
from pathlib import Path

import yaml

from .errors import Problem

# As MkDocs 1.6's mkdocs/utils/meta.py.
_YAML_BLOCK = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
_META_LINE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
_META_MORE = re.compile(r"^([ ]{4}|\t)")

ALLOWED = ("title", "description", "hide", "search")
HIDE = ("navigation", "toc", "footer", "path")
_UNSAFE = re.compile(r"[<>\"]")  # markup, or the end of the attribute the value is put in
_REFERENCE = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ATX_H1 = re.compile(r"^ {0,3}#(?:[ \t]+(.*?))?[ \t]*(?:#+[ \t]*)?$")
_SETEXT_H1 = re.compile(r"^ {0,3}=+[ \t]*$")
SIZE_MAX = 2 * 1024 * 1024  # bytes: far more than any page a person writes


def page_problems(shown: str, path: Path) -> list[Problem]:
    """Everything wrong with one hand-written Markdown page, each at its line where it has one."""
    try:
        size = path.stat().st_size
        if size > SIZE_MAX:
            return [Problem(shown, 0, 0, "", f"is {size:,} bytes, over the limit of {SIZE_MAX:,} for a page; split it "
                                             "into several pages")]
        data = path.read_bytes()
    except OSError:
        return []  # the build reports a page it cannot read when it copies it
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        utf16 = data[:2] in (b"\xff\xfe", b"\xfe\xff")
        return [Problem(shown, line, 0, "", "is not UTF-8 text" + (" (it was saved as UTF-16, which Windows calls "
                                                                   "'Unicode')" if utf16 else "")
                        + "; save it again as UTF-8")]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    settings, problems, body_line = _settings(shown, text)
    if "title" not in settings:  # the engine takes the title from the first # heading instead
        problems += _heading_title(shown, text, body_line)
    return problems


def _settings(shown: str, text: str) -> tuple[dict, list[Problem], int]:
    """The page's settings as the engine reads them, the problems with them, and the first line after them."""
    block = _YAML_BLOCK.match(text)
    if block:
        return _yaml_settings(shown, block.group(1)) + (block.group(0).count("\n") + 1,)
    if re.match(r"---[ \t]*\n[-.]{3}[ \t]*(\n|$)", text):
        return {}, [Problem(shown, 1, 1, "", "starts with an empty block of page settings, which the engine would "
                                             "show as lines across the page; remove its two --- lines")], 3
    if re.match(r"---[ \t]*(\n|$)", text):
        return {}, [Problem(shown, 1, 1, "", "starts a block of page settings with --- but never ends it; add a "
                                             "line --- after the settings (or remove the first line)")], 2
    settings, problems = {}, []
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            break
        found = _META_LINE.match(line)
        if not found and not (_META_MORE.match(line) and settings):
            break
        if found:
            key = found.group("key").lower()
            settings[key] = found.group("value").strip()
            problems += _check_key(shown, number, 1, key, settings[key], top_lines=True)
    return settings, problems, len(settings) + 1


def _yaml_settings(shown: str, block: str) -> tuple[dict, list[Problem]]:
    try:
        node = yaml.compose(block, Loader=yaml.SafeLoader)
        data = yaml.safe_load(block)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        words = " ".join(str(getattr(e, "problem", "") or "is not valid YAML").split())
        return {}, [Problem(shown, mark.line + 2 if mark else 1, mark.column + 1 if mark else 0, "",
                            f"the page settings between the --- lines cannot be read ({words}); the engine would "
                            "show them as text. Write them as `key: value` lines")]
    if data is None:
        return {}, []
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        return {}, [Problem(shown, 2, 1, "", "the page settings between the --- lines must be `key: value` lines; "
                                             "the engine would show them as text")]
    problems = []
    for key_node, value_node in node.value:
        key = key_node.value
        problems += _check_key(shown, key_node.start_mark.line + 2, key_node.start_mark.column + 1, str(key),
                               data.get(key), top_lines=False)
    return data, problems


def _check_key(shown: str, line: int, column: int, key: str, value, top_lines: bool) -> list[Problem]:
    def problem(message: str) -> list[Problem]:
        return [Problem(shown, line, column, key, message)]

    if key == "template":
        return problem("a hand-written page uses the site's own page template; remove this line")
    if key not in ALLOWED:
        if top_lines:
            return problem(f"the page's first lines ('{key}: ...') are read by the site engine as page settings, "
                           "not shown as text; start the page with its # heading")
        return problem(f"is not a setting a hand-written page can have; remove it (allowed: {', '.join(ALLOWED)})")
    if key in ("title", "description"):
        if not isinstance(value, str) or not value.strip():
            return problem("must be a line of text")
        if "\n" in value.strip():
            return problem("must be a single line")
        bad = _UNSAFE.search(value)
        if bad:
            return problem(f"must be plain text: '{bad.group()}' would be read as markup in the page's head; "
                           "leave it out")
    if key == "hide" and not (isinstance(value, list) and value and all(v in HIDE for v in value)):
        return problem(f"must be a list of the parts of the page to hide, from: {', '.join(HIDE)}")
    if key == "search" and not (isinstance(value, dict) and set(value) <= {"exclude", "boost"}
                                and isinstance(value.get("exclude", False), bool)
                                and isinstance(value.get("boost", 1), (int, float))
                                and not isinstance(value.get("boost", 1), bool)):
        return problem("must be `exclude: true` (leave the page out of search) or `boost: <a number>`")
    return []


def _heading_title(shown: str, text: str, first: int) -> list[Problem]:
    """The first level-1 heading, which becomes the page's title, must be plain text."""
    fence = None
    lines = text.split("\n")
    for number in range(first, len(lines) + 1):
        line = lines[number - 1]
        opens = _FENCE.match(line)
        if opens and (fence is None or (opens.group(1)[0] == fence[0] and len(opens.group(1)) >= len(fence))):
            fence = None if fence else opens.group(1)
            continue
        if fence:
            continue
        title = None
        atx = _ATX_H1.match(line)
        if atx and not line.lstrip().startswith("##"):
            title = atx.group(1) or ""
        elif number < len(lines) and _SETEXT_H1.match(lines[number]) and line.strip() and \
                not _FENCE.match(line):
            title = line
        if title is None:
            continue
        bad = next((ref for ref in _REFERENCE.finditer(title) if html.unescape(ref.group()) in '<>"'), None) \
            or re.search(r"[<>]", title)
        if bad:
            return [Problem(shown, number, line.index(bad.group()) + 1, "",
                            f"the page's title (its first # heading) must be plain text: '{bad.group()}' would "
                            "become markup in the page's head; write the words instead")]
        return []
    return []
