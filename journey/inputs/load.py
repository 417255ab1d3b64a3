"""Safe YAML reading: every value stays as written, every node keeps its line and column.

PyYAML's own constructors are never used. We compose the node graph and turn it into plain
dicts, lists and strings ourselves, so `no` stays the text "no", `1.10` stays "1.10" and dates
stay text until the schema parses them with a clear message. Anchors, aliases, tags, duplicate
keys, tab indentation, invalid UTF-8 and oversized files are refused with their position.
"""

from __future__ import annotations

from dataclasses import dataclass, field
import os
import re
import stat
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.resolver import Resolver
from yaml.events import AliasEvent, CollectionStartEvent, ScalarEvent

try:
    from yaml._yaml import CParser
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    CParser = None

from journey.inputs import limits
from journey.errors import Problem

MAX_FILE_BYTES = limits.FILE_BYTES
MAX_DEPTH = limits.DEPTH
MAX_NODES = limits.VALUES

Loc = tuple  # a path into the data: keys (str) and list indexes (int)


@dataclass
class Document:
    """One YAML file, parsed: plain data plus the position of every value and key."""

    path: str  # as shown to the user, relative to the project
    data: Any
    values: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    # Values left empty because an unquoted ' #' made the rest of the line a YAML comment.
    comments: dict[Loc, tuple[int, int]] = field(default_factory=dict)

    def position(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """Return the best known (line, column) for a location, walking up to a parent."""
        loc = tuple(loc)
        if key and loc in self.keys:
            return self.keys[loc]
        while loc:
            if loc in self.values:
                return self.values[loc]
            loc = loc[:-1]
        return self.values.get((), (1, 1))


class _Refused(Exception):
    def __init__(self, mark, message: str):
        self.mark = mark
        self.message = message


class _Checked(Composer):
    """Composes nodes only, refusing aliases, anchors, explicit tags and deep nesting as it goes.

    PyYAML composes recursively, so nesting is counted here, before Python's own stack runs out
    (800 bytes of '[' would otherwise end in a RecursionError)."""

    depth = 0

    def compose_node(self, parent, index):  # noqa: D401 - PyYAML hook
        event = self.peek_event()
        if isinstance(event, CollectionStartEvent):
            if self.depth > MAX_DEPTH:
                raise _TooBig(event.start_mark)
            self.depth += 1
            try:
                return self._compose_checked(event, parent, index)
            finally:
                self.depth -= 1
        return self._compose_checked(event, parent, index)

    def _compose_checked(self, event, parent, index):
        if self.check_event(AliasEvent):
            raise _Refused(event.start_mark, "aliases (*name) are not allowed; write the value out in full")
        if getattr(event, "anchor", None):
            raise _Refused(event.start_mark, "anchors (&name) are not allowed; write each value out in full")
        tag = getattr(event, "tag", None)
        if tag is not None and not (isinstance(event, ScalarEvent) and tag == "!"):
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            raise _Refused(event.start_mark, f"tags such as '{shown}' are not allowed; remove it and write a plain value")
        return super().compose_node(parent, index)


class _Loader(_Checked, yaml.SafeLoader):
    """PyYAML's own pure-Python reader: its messages are the ones PLAIN_YAML explains."""


if CParser is not None:
    class _FastLoader(_Checked, CParser, Resolver):
        """libyaml reads the text (ten times faster); composing stays in Python, with the same checks.
        A file libyaml refuses is read again by _Loader, so every message is PyYAML's."""

        def __init__(self, text: str):
            CParser.__init__(self, text)
            Composer.__init__(self)
            Resolver.__init__(self)
else:  # pragma: no cover - PyYAML built without libyaml
    _FastLoader = _Loader


def _compose(text: str):
    try:
        loader = _FastLoader(text)
        try:
            return loader.get_single_node()
        finally:
            loader.dispose()
    except (_Refused, _TooBig):
        raise
    except yaml.YAMLError:
        pass
    loader = _Loader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _pos(mark) -> tuple[int, int]:
    return (mark.line + 1, mark.column + 1)


# YAML's own words for the mistakes editors make most, in plain words with the usual cause and fix.
PLAIN_YAML = [
    ("mapping values are not allowed here",
     "a colon followed by a space in the middle of a value makes YAML read a new field here; put the whole "
     "value in quotes, like title: \"Phase 2: recruitment\""),
    ("could not find expected ':'",
     "this line is not 'field: value': a colon is missing, or text that wrapped onto a new line is not "
     "indented under its field; add the colon, or indent the continued text (or quote the whole value)"),
    ("that cannot start any token",
     "a value cannot start with this character (@ or `); put the whole value in quotes"),
    ("expected <block end>, but found '<scalar>'",
     "text follows a quoted value on the same line; put the whole value inside the quotes"),
    ("expected <block end>",
     "this line is not lined up with the lines above it; indent it exactly like the other fields (or "
     "list items) at its level"),
]


def _plain(problem: str) -> str | None:
    return next((words for pattern, words in PLAIN_YAML if pattern in problem), None)


def parse_text(text: str, path: str) -> tuple[Document | None, list[Problem]]:
    """Parse YAML text into a Document, or return the problems that stop it being read."""
    problems: list[Problem] = []
    for number, line in enumerate(text.split("\n"), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        if "\t" in indent:
            problems.append(Problem(path, number, indent.index("\t") + 1, "",
                                    "tab used for indentation; indent with spaces only"))
    if problems:
        return None, problems
    if not text.strip():
        return None, [Problem(path, 1, 1, "", "the file is empty; add its fields or delete the file")]
    try:
        node = _compose(text)
    except _Refused as e:
        return None, [Problem(path, *_pos(e.mark), "", e.message)]
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        msg = (e.problem or "not valid YAML").strip()
        if e.context and "expected a single document" in e.context:
            msg = "the file holds more than one YAML document (a second '---'); keep one"
        elif e.context and "while scanning a quoted scalar" in e.context and e.context_mark:
            mark = e.context_mark
            msg = "not valid YAML: the quoted value that starts here is never closed; add the closing quote"
        elif _plain(msg):
            msg = f"not valid YAML: {_plain(msg)}"
        else:
            msg = f"not valid YAML: {msg}; check the indentation and quotes on this line and the one above"
        line, col = _pos(mark) if mark else (1, 1)
        return None, [Problem(path, line, col, "", msg)]
    except yaml.YAMLError as e:  # ReaderError: a character YAML does not accept
        line, col = 1, 1
        if getattr(e, "position", None) is not None:
            before = text[: e.position]
            line = before.count("\n") + 1
            col = e.position - (before.rfind("\n") + 1) + 1
        return None, [Problem(path, line, col, "", "the file holds a control character that is not allowed; delete it")]
    if node is None:
        return None, [Problem(path, 1, 1, "", "the file is empty; add its fields or delete the file")]
    doc = Document(path=path, data=None)
    counter = [0]
    lines = text.split("\n")
    doc.data = _convert(node, (), doc, problems, counter, 0, lines)
    return (doc if not problems else None), problems


# Unquoted, these mean "no value" to every YAML tool; the checker agrees (quote them to mean the word).
_NULLS = frozenset(("", "~", "null", "Null", "NULL"))
_COMMENT_AFTER = re.compile(r"\s+#")


def _convert(node, loc: Loc, doc: Document, problems: list[Problem], counter: list[int], depth: int,
             lines: list[str]):
    counter[0] += 1
    if counter[0] > MAX_NODES or depth > MAX_DEPTH:
        raise _TooBig(node.start_mark)
    doc.values[loc] = _pos(node.start_mark)
    if isinstance(node, yaml.ScalarNode):
        if not node.style:  # plain (libyaml says '' where PyYAML says None)
            rest = lines[node.end_mark.line][node.end_mark.column:] if node.end_mark.line < len(lines) else ""
            comment = _COMMENT_AFTER.match(rest)
            if node.value == "" and comment:
                doc.comments[loc] = (node.end_mark.line + 1, node.end_mark.column + comment.end())
            elif comment and rest[comment.end():comment.end() + 1] not in ("", " "):
                # "Audit #1 priority": YAML ends the value at " #" and throws "#1 priority" away.
                problems.append(Problem(doc.path, node.end_mark.line + 1, node.end_mark.column + comment.end(),
                                        dotted(loc), "the text stops before ' #': YAML reads ' #' as the start "
                                                     "of a comment; put the whole value in quotes"))
        if not node.style and node.value in _NULLS:  # as editors' YAML tools read it: no value
            return None
        return node.value
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, loc + (i,), doc, problems, counter, depth + 1, lines)
                for i, item in enumerate(node.value)]
    out: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            problems.append(Problem(doc.path, *_pos(key_node.start_mark), "", "a key must be a plain word, not a list or mapping"))
            continue
        key = key_node.value
        if key in out:
            first = doc.keys[loc + (key,)]
            problems.append(Problem(doc.path, *_pos(key_node.start_mark), _dotted(loc + (key,)),
                                    f"duplicate key: '{key}' is already set on line {first[0]}; keep one of them"))
            continue
        doc.keys[loc + (key,)] = _pos(key_node.start_mark)
        out[key] = _convert(value_node, loc + (key,), doc, problems, counter, depth + 1, lines)
    return out


class _TooBig(Exception):
    def __init__(self, mark):
        self.mark = mark


def _dotted(loc: Loc) -> str:
    """Render a location as editors read it: `findings[2].text` (list items count from 1)."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += ("." if out else "") + str(part)
    return out


dotted = _dotted


def refused_entry(path: Path, shown: str, root: Path | None = None) -> Problem | None:
    """Why a file or folder under plans/ cannot be read as it is (a link, a device, a pipe), or None."""
    try:
        info = os.lstat(path)
    except OSError as e:
        return Problem(shown, 0, 0, "", f"cannot be read ({os_words(e)}); check that it exists and can be read")
    if stat.S_ISLNK(info.st_mode):
        try:
            inside = root is not None and path.resolve().is_relative_to(Path(root).resolve())
        except (OSError, RuntimeError):  # a loop of links
            inside = False
        kind = "folder" if path.is_dir() else "file"
        where = (f"another {kind} in plans/; keep one copy" if inside
                 else f"a {kind} outside plans/; copy the {kind} in instead")
        return Problem(shown, 0, 0, "", f"is a link to {where}")
    if not (stat.S_ISREG(info.st_mode) or stat.S_ISDIR(info.st_mode)):
        return Problem(shown, 0, 0, "", "is not an ordinary file or folder (a pipe, socket or device); remove it")
    return None


def os_words(e: OSError) -> str:
    """An operating-system error in plain words, without the path (the message names it)."""
    return (e.strerror or type(e).__name__).lower()


def read_file(file: Path, shown: str, root: Path | None = None) -> tuple[Document | None, list[Problem]]:
    """Read one YAML file safely: no links or special files, size cap, strict UTF-8, BOM and CRLF tolerated."""
    refused = refused_entry(file, shown, root)
    if refused:
        return None, [refused]
    try:
        with open(file, "rb") as f:
            raw = f.read(MAX_FILE_BYTES + 1)
            size = os.fstat(f.fileno()).st_size
    except OSError as e:
        return None, [Problem(shown, 0, 0, "", f"cannot be read ({os_words(e)}); check the file's permissions")]
    if len(raw) > MAX_FILE_BYTES:  # read no further than the limit, however big the file
        return None, [Problem(shown, 1, 1, "", f"the file is {max(size, len(raw)):,} bytes, over the limit of "
                                                f"{MAX_FILE_BYTES:,}; split it into smaller files")]
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        before = raw[: e.start]
        line = before.count(b"\n") + 1
        # Count characters, not bytes, like every other message (an en dash is one column).
        col = len(before[before.rfind(b"\n") + 1:].decode("utf-8", errors="replace")) + 1
        return None, [Problem(shown, line, col, "", "the file is not valid UTF-8 text; save it as UTF-8")]
    text = text.replace("\r\n", "\n")
    try:
        return parse_text(text, shown)
    except RecursionError:  # a last line of defence: the loader counts nesting before this can happen
        return None, [Problem(shown, 1, 1, "", f"the file is nested too deeply (limit: {MAX_DEPTH} levels); "
                                                "split it up")]
    except _TooBig as e:
        return None, [Problem(shown, *_pos(e.mark), "", f"the file is nested too deeply or has too many values "
                                                        f"(limits: {MAX_DEPTH} levels, {MAX_NODES:,} values); split it up")]
