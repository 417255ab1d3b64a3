"""The text, date and number types every file type uses: each parses the text the editor typed
itself, so a mistake gets a message an editor can act on (every scalar reaches the models as text;
see load.py)."""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import total_ordering
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer, ValidationInfo, WithJsonSchema

from journey.inputs import limits
from journey.inputs.days import DATE as _DATE
from journey.inputs.days import MONTHS
from journey.inputs.days import check_ymd as _check_ymd
from journey.inputs.days import kind as _kind
from journey.errors import _CATEGORY_WORDS, FILLERS
from journey.text import markdown_problems




# A tag, but not an autolink like <https://example.org> (the link rules judge those).
_HTML_TAG = re.compile(r"<\s*/?\s*(?![A-Za-z][A-Za-z0-9+.-]*:)[A-Za-z!?][^>]*>")


LINE_MAX = limits.LINE_CHARS


PROSE_MAX = limits.PROSE_CHARS


def refused_character(text: str) -> str | None:
    """Why this text cannot be published character by character, or None (line breaks allowed)."""
    for ch in text:
        if ch == "\n":
            continue
        if ch in FILLERS:
            return f"contains a blank filler character (U+{ord(ch):04X}) that looks like a space; use a plain space"
        words = _CATEGORY_WORDS.get(unicodedata.category(ch))
        if words:
            return "contains " + words.format(code=f"U+{ord(ch):04X}")
    return None


def _need_text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected text, got {_kind(value)}")
    return value


def _common_text_checks(text: str) -> None:
    refused = refused_character(text)
    if refused:
        raise ValueError(refused)
    if _HTML_TAG.search(text):
        raise ValueError("contains HTML (something like <tag>); HTML is not allowed, write plain text")


def _line(value: Any) -> str:
    text = _need_text(value).strip()
    if "\n" in text:
        raise ValueError("must be a single line; remove the line break (use a short sentence)")
    _common_text_checks(text)
    if not text:
        raise ValueError("must not be empty")
    if len(text) > LINE_MAX:
        raise ValueError(f"is {len(text)} characters long; keep it to {LINE_MAX} or fewer")
    if text.startswith("#"):
        raise ValueError("must not start with '#' (it would become a heading); remove it")
    return text


def _prose(value: Any) -> str:
    text = _need_text(value).strip()
    _common_text_checks(text)
    if not text:
        raise ValueError("must not be empty")
    if len(text) > PROSE_MAX:
        raise ValueError(f"is {len(text):,} characters long; keep it to {PROSE_MAX:,} or fewer")
    problems = markdown_problems(text)
    if problems:
        raise ValueError(problems[0])
    return text


_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")


_NUMBER = re.compile(r"[0-9]+(\.[0-9]+)*")


_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


ID_MAX = 64


def _id(value: Any) -> str:
    text = _need_text(value).strip()
    if len(text) > ID_MAX:
        raise ValueError(f"is {len(text)} characters long; keep an id to {ID_MAX} or fewer")
    if not _ID.fullmatch(text):
        raise ValueError(f"expected an id of lower-case letters, digits and single hyphens, like "
                         f"'pre-proceedings', got {_kind(text)}")
    return text


def _colour(value: Any) -> str:
    text = _need_text(value).strip()
    if not _COLOUR.fullmatch(text):
        raise ValueError(f"expected a colour like \"#1d70b8\" (in quotes), got {_kind(text)}")
    return text.lower()


_MAILBOX = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")


def _mailbox(value: Any) -> str:
    text = _line(value)
    if not _MAILBOX.fullmatch(text):
        raise ValueError(f"expected an email address like children@example.gov.uk, got {_kind(text)}")
    return text.lower()


def contrast(foreground: str, background: str) -> float:
    """The WCAG contrast ratio of two colours like '#1d70b8' (1 to 21)."""
    def luminance(colour: str) -> float:
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
    high, low = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


# What JSON Schema can say of each text type (editors' tools check these as the editor types).
LINE_PATTERN = r"^\s*[^\n]*\S[^\n]*\s*$"  # one line, not blank


PROSE_PATTERN = r"\S"  # not blank


ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"


Line = Annotated[str, BeforeValidator(_line), WithJsonSchema({"type": "string", "pattern": LINE_PATTERN})]


Mailbox = Annotated[str, BeforeValidator(_mailbox)]


Prose = Annotated[str, BeforeValidator(_prose), WithJsonSchema({"type": "string", "pattern": PROSE_PATTERN})]


Id = Annotated[str, BeforeValidator(_id), WithJsonSchema({"type": "string", "pattern": ID_PATTERN})]


Colour = Annotated[str, BeforeValidator(_colour), WithJsonSchema({"type": "string", "pattern": "^#[0-9a-fA-F]{6}$"})]




_PARTIAL = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def parse_date(text: str) -> date:
    """A date typed as 2019-12-31 (on the command line, say), within the default years."""
    return _date(text, None)


def _window(info: ValidationInfo | None) -> limits.YearWindow:
    """The years dates may fall in: site.yaml's years, passed in as validation context."""
    context = info.context if info is not None else None
    return (context or {}).get("years", limits.DEFAULT_YEARS)


def _date(value: Any, info: ValidationInfo | None) -> date:
    if isinstance(value, date):
        return value
    text = _need_text(value).strip()
    match = _DATE.fullmatch(text)
    if not match:
        raise ValueError(f"expected a date like 2019-12-31, got {_kind(text)}")
    y, m, d = (int(g) for g in match.groups())
    _window(info).check(y, text)
    _check_ymd(y, m, d, text)
    return date(y, m, d)


@total_ordering
@dataclass(frozen=True)
class PartialDate:
    """A date known to the year, the month or the day, as the sources give it."""

    year: int
    month: int | None = None
    day: int | None = None

    @property
    def sort_key(self) -> tuple[int, int, int]:
        return (self.year, self.month or 0, self.day or 0)

    def __lt__(self, other: "PartialDate") -> bool:
        return self.sort_key < other.sort_key

    @property
    def iso(self) -> str:
        out = f"{self.year:04d}"
        if self.month:
            out += f"-{self.month:02d}"
        if self.day:
            out += f"-{self.day:02d}"
        return out

    @property
    def human(self) -> str:
        if self.day:
            return f"{self.day} {MONTHS[self.month - 1]} {self.year}"
        if self.month:
            return f"{MONTHS[self.month - 1]} {self.year}"
        return str(self.year)

    @property
    def first_day(self) -> date:
        return date(self.year, self.month or 1, self.day or 1)

    @property
    def last_day(self) -> date:
        """The last day the date could mean: 2019-02 is 28 February 2019, 2019 is 31 December 2019."""
        if self.day:
            return date(self.year, self.month, self.day)
        month = self.month or 12
        return date(self.year, month, calendar.monthrange(self.year, month)[1])

    @classmethod
    def of(cls, day: date) -> "PartialDate":
        return cls(day.year, day.month, day.day)

    def __str__(self) -> str:
        return self.iso


def human(value: date | PartialDate) -> str:
    """A date as readers say it: 31 December 2019 (or February 2019 when only the month is known)."""
    if isinstance(value, PartialDate):
        return value.human
    if isinstance(value, date):
        return f"{value.day} {MONTHS[value.month - 1]} {value.year}"
    raise TypeError(f"not a date: {value!r}")


def _partial_date(value: Any, info: ValidationInfo | None) -> PartialDate:
    if isinstance(value, PartialDate):
        return value
    text = _need_text(value).strip()
    match = _PARTIAL.fullmatch(text)
    if not match:
        raise ValueError(f"expected a date like 2019-02-26, or 2019-02 when only the month is known, "
                         f"got {_kind(text)}")
    y, m, d = (int(g) if g else None for g in match.groups())
    _window(info).check(y, text)
    _check_ymd(y, m, d, text)
    return PartialDate(y, m, d)


_NUM = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?")


NUMBER_DIGITS = limits.NUMBER_DIGITS


def _number(value: Any) -> Decimal:
    if isinstance(value, Decimal):
        return value
    text = _need_text(value).strip()
    if not _NUM.fullmatch(text):
        hint = " (no leading zeros)" if re.fullmatch(r"-?0[0-9]+(\.[0-9]+)?", text) else ""
        raise ValueError(f"expected a number like 724 or 18.5{hint}, got {_kind(text)}")
    if sum(c.isdigit() for c in text) > NUMBER_DIGITS:
        raise ValueError(f"has more than {NUMBER_DIGITS} digits; check the number")
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern already guarantees a number
        raise ValueError(f"expected a number, got {_kind(text)}")


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = _need_text(value).strip().lower()
    if text in ("true", "false"):
        return text == "true"
    raise ValueError(f"expected true or false, got {_kind(text)}")


Flag = Annotated[bool, BeforeValidator(_flag)]


def _number_out(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


# Each type says how it is written to JSON (open data) and what its JSON Schema is.
PARTIAL_PATTERN = r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$"


Date = Annotated[date, BeforeValidator(_date),
                 WithJsonSchema({"type": "string", "format": "date",
                                 "pattern": r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"})]


Partial = Annotated[PartialDate, BeforeValidator(_partial_date), PlainSerializer(lambda d: d.iso, return_type=str,
                                                                                 when_used="json"),
                    WithJsonSchema({"type": "string", "pattern": PARTIAL_PATTERN,
                                    "description": "A date known to the day (2019-02-26), the month (2019-02) or "
                                                   "the year (2019)."})]


Number = Annotated[Decimal, BeforeValidator(_number), PlainSerializer(_number_out, when_used="json"),
                   WithJsonSchema({"type": "number"})]


def _year(value: Any) -> int:
    text = _need_text(value).strip()
    if not re.fullmatch(r"[0-9]{4}", text):
        raise ValueError(f"expected a year like 2019, got {_kind(text)}")
    if not 1000 <= int(text) <= 9000:  # room for date arithmetic on either side
        raise ValueError(f"'{text}' is outside the years this tool can handle (1000 to 9000)")
    return int(text)


Year = Annotated[int, BeforeValidator(_year)]


_ActionNumber = Annotated[str, BeforeValidator(lambda v: _number_text(v))]


def _number_text(value: Any) -> str:
    text = _need_text(value).strip()
    if not _NUMBER.fullmatch(text):
        raise ValueError(f"expected a number like 3 or 3.1, got {_kind(text)}")
    return text


def number_key(number: str) -> tuple[int, ...]:
    """Sort action numbers as numbers: 3.2 before 3.10."""
    return tuple(int(p) for p in number.split("."))
