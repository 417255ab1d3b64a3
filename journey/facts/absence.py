"""What the site says where a value is absent: the documents observed none, the documents we hold do
not say, or it had not happened (or was not public) by the as-at date. Three different statements,
never one zero: "None" and "0" appear only where the documents observed zero.

The words for each are written here once: for readers (the pages), for spreadsheets (CSV and XLSX
cells) and for open data (JSON enum strings, never null).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Absence(Enum):
    """Why a value is not there."""

    NONE = "none"  # the documents observed none
    NOT_KNOWN = "not known"  # not in the documents we hold
    NOT_YET = "not yet"  # had not happened, or was not public, by the as-at date

    @property
    def words(self) -> str:
        """The reader's words on a page."""
        return _READER[self]

    @property
    def cell(self) -> str:
        """The words in a CSV or XLSX cell."""
        return _CELL[self]

    @property
    def json(self) -> str:
        """The enum string in journey.json."""
        return _JSON[self]

    @property
    def sentence(self) -> str:
        """One plain sentence saying what the words mean."""
        return _SENTENCE[self]


_READER = {Absence.NONE: "none", Absence.NOT_KNOWN: "not known", Absence.NOT_YET: "not yet"}
_CELL = {Absence.NONE: "none", Absence.NOT_KNOWN: "not known", Absence.NOT_YET: "not yet"}
_JSON = {Absence.NONE: "none", Absence.NOT_KNOWN: "not_known", Absence.NOT_YET: "not_yet"}
_SENTENCE = {
    Absence.NONE: "None: the documents say there was none.",
    Absence.NOT_KNOWN: "Not known: the documents we hold do not say.",
    Absence.NOT_YET: "Not yet: it had not happened, or was not public, by the date the page is written for.",
}


@dataclass(frozen=True)
class Count:
    """How many of something: a number, a number that is only the least it could be (a later
    document recalls some), or an absence. Zero is a count only where the documents observed it."""

    n: int | None
    absence: Absence | None = None  # why there is no number (n is None)
    at_least: bool = False  # n are recorded; the full number is not known

    @classmethod
    def of(cls, n: int, *, at_least: bool = False) -> "Count":
        return cls(n, None, at_least)

    @classmethod
    def missing(cls, absence: Absence) -> "Count":
        return cls(None, absence)

    @property
    def known(self) -> bool:
        return self.n is not None

    @property
    def words(self) -> str:
        """'3', 'none', 'at least 2', 'not known' or 'not yet'."""
        if self.n is None:
            return self.absence.words
        if self.at_least:
            return f"at least {self.n}"
        return str(self.n) if self.n else "none"

    @property
    def cell(self) -> int | str:
        """A number where the count is exact, else words."""
        if self.n is None:
            return self.absence.cell
        return f"at least {self.n}" if self.at_least else self.n

    @property
    def json(self) -> int | str:
        """A number where the count is exact; 'at_least_N' or an absence's enum string otherwise."""
        if self.n is None:
            return self.absence.json
        return f"at_least_{self.n}" if self.at_least else self.n

    def __str__(self) -> str:
        return self.words
