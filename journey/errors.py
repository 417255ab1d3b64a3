"""The one exception type for bad user input, and how problems are printed."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in the plans, located as precisely as the input allows."""

    path: str
    line: int = 0
    column: int = 0
    field: str = ""
    message: str = ""

    def __str__(self) -> str:
        where = self.path
        if self.line:
            where += f":{self.line}:{self.column or 1}"
        if self.field:
            return f"{where}: {self.field}: {self.message}"
        return f"{where}: {self.message}"


class UserError(Exception):
    """Raised when the plans (or the command line) are wrong; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems), key=_natural_key)
        super().__init__("\n".join(str(p) for p in self.problems))

    def __reduce__(self):  # passed whole between processes (journey/engine/forked.py)
        return type(self), (self.problems,)


class UsageError(Exception):
    """Raised when the command line asks for something the tool must refuse (exit 2): one line."""


def _natural_key(p: Problem) -> tuple:
    return (p.path, p.line, p.column, p.field, p.message)


def format_problems(problems: list[Problem]) -> str:
    """Return the report printed for a failed check: one line per problem, then a count."""
    lines = [str(p) for p in problems]
    n = len(problems)
    lines.append(f"{n} problem{'s' if n != 1 else ''} found; nothing was built.")
    return "\n".join(lines)


class BuildError(Exception):
    """A part of the build that could not be made (a board report PDF, say): one line, no traceback."""


# What `build_site.py new` writes where the editor has something to fill in. Any value holding it
# fails the check, so a half-written record can never be published.
PLACEHOLDER = "FILL IN:"


# Characters refused in every text field, by Unicode category rather than by a list, so a new
# invisible or direction-changing character is refused the day Unicode adds it. (Format characters
# reorder or hide text: a classic way to make a reviewed diff say one thing and the page another.)
_CATEGORY_WORDS = {
    "Cc": "a control character ({code}); delete it",
    "Cf": "an invisible or direction-changing character ({code}, such as a zero-width space); retype the text "
          "without it",
    "Co": "a private-use character ({code}), which readers' devices show differently or not at all; delete it",
    "Cn": "a character ({code}) that Unicode does not define; delete it",
    "Cs": "a broken character ({code}, half of a pair); retype the text",
    "Zl": "a line separator character ({code}); use an ordinary line break, or none in a one-line field",
    "Zp": "a paragraph separator character ({code}); use an ordinary line break, or none in a one-line field",
}
# Blank "filler" letters that look like a space but are not one.
FILLERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def shown(text: str) -> str:
    """Text as a message may quote it: characters that could hide or reorder it written as U+XXXX."""
    return "".join(f"U+{ord(ch):04X}" if ch in FILLERS or unicodedata.category(ch) in _CATEGORY_WORDS
                   else ch for ch in text)
