"""The one exception type for bad user input, and how problems are printed."""

from __future__ import annotations

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
