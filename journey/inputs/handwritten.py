"""Rules for the hand-written Markdown pages in content/, checked before any build: the settings at a
page's top go into its head and header as they are, without escaping, so the title and description
must be plain, and a page may not pick another template (the theme's redirect and error templates
put what they are given into a script). A title the engine finds elsewhere (the first heading, the
file's name) is checked here too, before any engine runs (_title).

The settings are found as MkDocs 1.6 (frozen) finds them: a YAML block between --- lines at the very
top, or else, when the first line looks like `Key: value`, every line up to the first blank line."""

from __future__ import annotations

import html
import math
import re
from pathlib import Path

import yaml

from journey.errors import Problem

# As MkDocs 1.6's mkdocs/utils/meta.py.
_YAML_BLOCK = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.DOTALL)
_META_LINE = re.compile(r"^[ ]{0,3}(?P<key>[A-Za-z0-9_-]+):\s*(?P<value>.*)")
_META_MORE = re.compile(r"^([ ]{4}|\t)")

ALLOWED = ("title", "description", "hide", "search")
HIDE = ("navigation", "toc", "footer", "path")
_TAG = re.compile(r"<[A-Za-z/!?]")  # a tag, comment or declaration starting
SIZE_MAX = 2 * 1024 * 1024  # bytes: far more than any page a person writes
SETTINGS_MAX = 8 * 1024  # characters of settings at a page's top: far more than the four allowed need
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # all but tab and line breaks


def markup_in(text: str, attribute: bool = False) -> str | None:
    """What in a title (or, attribute: a description, written inside an attribute's quotes) would
    become markup where the theme writes it unescaped: a tag starting, as written or once its
    references are decoded (the theme decodes them in titles), or a quote ending the attribute."""
    found = (attribute and re.search('"', text)) or _TAG.search(text) or _TAG.search(html.unescape(text))
    return found.group() if found else None


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
    control = _CONTROL.search(text)
    if control:  # (a NUL inside a tag once hid its event handlers from the scan of built pages)
        line = text.count("\n", 0, control.start()) + 1
        column = control.start() - (text.rfind("\n", 0, control.start()) + 1) + 1
        return [Problem(shown, line, column, "", f"contains a control character (U+{ord(control.group()):04X}), "
                                                 "which no page needs; delete it")]
    return _settings(shown, text) or _title(shown, text, path)


_ATX = re.compile(r"^ {0,3}#(?!#)[ \t]*(.*?)(?:[ \t]+#+)?[ \t]*$")
_SETEXT_UNDER = re.compile(r"^ {0,3}=+[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def _title(shown: str, text: str, path: Path) -> list[Problem]:
    """A page without a title setting takes its title from its first level-one heading, else its
    file's name; the theme writes that unescaped too (in the head, the header, the navigation). The
    engines differ on what starts a heading (one reads fenced code, the other does not), so every line
    either could take for the first heading is checked: refusing a harmless page is the safe mistake."""
    settings = _YAML_BLOCK.match(text)
    try:
        data = yaml.safe_load(settings.group(1)) if settings else None
    except yaml.YAMLError:
        data = None
    if isinstance(data, dict) and data.get("title") or not settings and re.match(r"(?i)title:", text):
        return []  # the title setting, checked with the others
    lines = text.split("\n")
    candidates = []
    for fenced in (True, False):
        fence = None
        for number, line in enumerate(lines):
            opens = _FENCE.match(line) if fenced else None
            if opens:
                fence = None if fence and opens.group(1)[0] == fence[0] else fence or opens.group(1)
                continue
            if fence:
                continue
            heading = _ATX.match(line)
            if heading:
                candidates.append(heading.group(1))
                break
            if number + 1 < len(lines) and line.strip() and _SETEXT_UNDER.match(lines[number + 1]):
                candidates.append(line.strip())
                break
    candidates.append(path.stem)
    for title in candidates:
        found = markup_in(title)
        if found:
            return [Problem(shown, 0, 0, "", f"its title (from its title: setting, else its first # heading, else its "
                                             f"file's name) would become markup in the page's head ('{found}' in "
                                             f"{title[:80]!r}); write it in plain words")]
    return []


def _settings(shown: str, text: str) -> list[Problem]:
    """The problems with the page's settings, read as the engine reads them."""
    block = _YAML_BLOCK.match(text)
    if block:
        return _yaml_settings(shown, block.group(1))
    if re.match(r"---[ \t]*\n[-.]{3}[ \t]*(\n|$)", text):
        return [Problem(shown, 1, 1, "", "starts with an empty block of page settings, which the engine would show "
                                         "as lines across the page; remove its two --- lines")]
    if re.match(r"---[ \t]*\n[ ]{0,3}[A-Za-z0-9_-]+:", text):  # (a page may start with a rule and text)
        return [Problem(shown, 1, 1, "", "starts a block of page settings with --- but never ends it; add a line "
                                         "--- after the settings (or remove the first line)")]
    settings: dict[str, tuple[int, str]] = {}
    key = None
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            break
        found = _META_LINE.match(line)
        if found:
            key = found.group("key").lower()
            before = settings.get(key, (number, None))
            value = found.group("value").strip()
            settings[key] = (before[0], value if before[1] is None else f"{before[1]} {value}")
        elif _META_MORE.match(line) and key:  # a line more of the setting above, as the engine reads it
            settings[key] = (settings[key][0], f"{settings[key][1]} {line.strip()}")
        else:
            break
    return [problem for key, (number, value) in settings.items()
            for problem in _check_key(shown, number, 1, key, value, top_lines=True)]


def _yaml_settings(shown: str, block: str) -> list[Problem]:
    if len(block) > SETTINGS_MAX:  # (brackets nested thousands deep take the YAML reader seconds, and more)
        return [Problem(shown, 2, 1, "", f"the page settings between the --- lines are longer than {SETTINGS_MAX:,} "
                                         "characters, far more than a title, a description, hide and search need; "
                                         "shorten them")]
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # as the engine reads them
    try:
        node = yaml.compose(block, Loader=loader)
        data = yaml.load(block, Loader=loader)
    except RecursionError:
        return [Problem(shown, 2, 1, "", "the page settings between the --- lines are nested too deeply to read; "
                                         "write them as `key: value` lines")]
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        words = " ".join(str(getattr(e, "problem", "") or "is not valid YAML").split())
        return [Problem(shown, mark.line + 2 if mark else 1, mark.column + 1 if mark else 0, "",
                        f"the page settings between the --- lines cannot be read ({words}); check this line and "
                        "the one above. The engine would show them as text. Write them as `key: value` lines")]
    if data is None:
        return []
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode):
        return [Problem(shown, 2, 1, "", "the page settings between the --- lines must be `key: value` lines; the "
                                         "engine would show them as text")]
    problems = []
    for key_node, _ in node.value:
        key = key_node.value
        problems += _check_key(shown, key_node.start_mark.line + 2, key_node.start_mark.column + 1, str(key),
                               data.get(key), top_lines=False)
    return problems


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
        if isinstance(value, (dict, list)) or value is None or not str(value).strip():
            return problem("must be a line of text")
        if "\n" in str(value).strip():
            return problem("must be a single line")
        bad = markup_in(str(value), attribute=key == "description")
        if bad:
            return problem(f"must be plain text: '{bad}' would be read as markup in the page's head; leave it out")
    hide = [value] if isinstance(value, str) else value
    if key == "hide" and not (isinstance(hide, list) and all(v in HIDE for v in hide)):
        return problem(f"must be a list of the parts of the page to hide, from: {', '.join(HIDE)}")
    boost = value.get("boost", 1) if isinstance(value, dict) else None
    if key == "search" and not (isinstance(value, dict) and set(value) <= {"exclude", "boost"}
                                and isinstance(value.get("exclude", False), bool)
                                and isinstance(boost, (int, float)) and not isinstance(boost, bool)
                                and math.isfinite(boost)):
        return problem("must be `exclude: true` (leave the page out of search) or `boost: <a number>`")
    return []
