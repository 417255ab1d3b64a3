"""Limits as data: every bound the generator puts on what it reads, in one table.

A hostile or mistaken file must fail with a message naming the limit, never exhaust memory, the
stack or the disk. The editors' guide lists this table, so the numbers are documented where the
code reads them. Only the date window can be changed by editors (`years:` in site.yaml): a year
typo (2109 for 2019) is then an error instead of a century-long chart.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limit:
    name: str
    value: int
    what: str  # what the limit bounds, in editors' words


FILE_BYTES = 256 * 1024
IMAGE_BYTES = 1024 * 1024
DEPTH = 12
VALUES = 20_000
FILES = 20_000
LINE_CHARS = 300
PROSE_CHARS = 10_000
NUMBER_DIGITS = 15
FIRST_YEAR = 1900
LAST_YEAR = 2100

TABLE: tuple[Limit, ...] = (
    Limit("file size", FILE_BYTES, "bytes in one YAML file"),
    Limit("image size", IMAGE_BYTES, "bytes in one image in plans/assets/ (a logo)"),
    Limit("nesting", DEPTH, "levels of lists and fields inside one another in one file"),
    Limit("values", VALUES, "values (texts, numbers, list items) in one file"),
    Limit("files", FILES, "files and folders under plans/"),
    Limit("one-line text", LINE_CHARS, "characters in a one-line field such as a title"),
    Limit("longer text", PROSE_CHARS, "characters in a Markdown field such as a summary"),
    Limit("digits", NUMBER_DIGITS, "digits in a number"),
    Limit("earliest year", FIRST_YEAR, "the earliest year a date may have (change it with years: in site.yaml)"),
    Limit("latest year", LAST_YEAR, "the latest year a date may have (change it with years: in site.yaml)"),
)


@dataclass(frozen=True)
class YearWindow:
    """The years a date may fall in; outside them a date is taken to be a typo."""

    first: int = FIRST_YEAR
    last: int = LAST_YEAR
    from_site: bool = True  # whether site.yaml's years: sets it (said in the message)

    def check(self, year: int, text: str) -> None:
        if not self.first <= year <= self.last:
            where = " (the range is set by years: in site.yaml)" if self.from_site else ""
            raise ValueError(f"'{text}' is outside the years {self.first} to {self.last}; check the year{where}")


DEFAULT_YEARS = YearWindow()
