"""The schema: one declarative pydantic model per file type, plus the text and date types they use.

Every scalar reaches these models as the text the editor typed (see load.py); each type below
parses that text itself, so a mistake gets a message an editor can act on.
"""

from __future__ import annotations

import calendar
import functools
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import total_ordering
from typing import Annotated, Any, Iterable, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer, ValidationInfo, WithJsonSchema

from . import limits
from .errors import _CATEGORY_WORDS, FILLERS, PLACEHOLDER, shown  # noqa: F401 - shared with messages and checks
from .text import markdown_problems

MONTHS = list(calendar.month_name)[1:]

# --------------------------------------------------------------------------- text types

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


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a group of fields"
    text = shown(str(value))
    return f"'{text[:60]}...'" if len(text) > 63 else f"'{text}'"


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

# --------------------------------------------------------------------------- dates and numbers

_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_PARTIAL = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def _check_ymd(y: int, m: int | None, d: int | None, text: str) -> None:
    if m is not None and not 1 <= m <= 12:
        raise ValueError(f"'{text}' has month {m}; months run from 01 to 12")
    if d is not None:
        last = calendar.monthrange(y, m)[1]
        if not 1 <= d <= last:
            raise ValueError(f"'{text}' is not a real date: {MONTHS[m - 1]} {y} has {last} days")


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

# --------------------------------------------------------------------------- uncertainty

# What a record can mark as an uncertain reading of its source, with the words readers see: a
# short marker beside the value and one plain sentence. (The note explaining how the source was
# read is for editors and stays in the YAML.)
UNCERTAIN: dict[str, tuple[str, str]] = {
    "day": ("day uncertain", "The document does not make the day clear."),
    "month": ("month uncertain", "The document does not make the month clear: the month shown is our reading."),
    "year": ("year uncertain", "The document does not make the year clear: the year shown is our reading."),
    "date": ("date uncertain", "The document does not make the date clear: the date shown is our reading."),
    "pairing": ("date of figure uncertain", "The document prints its figures apart from their dates, so which date "
                                           "this figure belongs to is our reading."),
    "value": ("figure uncertain", "The figure is an uncertain reading of the document."),
    "lead": ("lead uncertain", "The document lists several organisations and no longer shows which one leads; the "
                               "first listed is shown as the lead."),
    "measure": ("measure uncertain", "Which action this performance measure belongs to is uncertain in the document."),
    "impact": ("impact uncertain", "Which action this statement of impact belongs to is uncertain in the document."),
    "wording": ("wording uncertain", "The document's wording is unclear here; the text shown is our reading of it."),
    "published": ("publication date not known", "The documents we hold do not give the date this was published; "
                                                "the site counts it as known from the date shown."),
    "start": ("start date not known", "The documents we hold do not give the date this plan started; the site "
                                      "counts it as known from the date shown."),
    "answers": ("our reading", "No document says so: that it answers this point is our reading, so the page says "
                               "\"probably\"."),
    "expands": ("our reading", "The letter does not say which of its bullets this point expands on: the link "
                               "shown is our reading."),
}
# The kinds that are about a record's own date: its other possible readings (alternative:) are dates,
# and the latest of them is the day the record counts as known from.
DATE_KINDS = ("day", "month", "year", "date")


def marker_words(kind: str, alternative=()) -> str:
    """The words beside an uncertain value, naming the other reading where the data gives one:
    'month uncertain: may be May 2017'; 'date of figure uncertain: may be for March 2016'."""
    label = UNCERTAIN[kind][0]
    if not alternative or kind not in (*DATE_KINDS, "pairing"):
        return label
    readings = " or ".join(d.human for d in alternative)
    return f"{label}: may be {'for ' if kind == 'pairing' else ''}{readings}"
UncertainKind = Literal[tuple(UNCERTAIN)]  # type: ignore[valid-type]

# --------------------------------------------------------------------------- site settings


class Strict(BaseModel):
    """Base for every file type: unknown keys are errors, so a typo never passes silently.

    The docstring under each field is its description for editors (the How to edit page, the JSON
    Schemas): read from the source by field_docs when asked, not by pydantic at import, which would
    add a tenth of a second to every command."""

    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True, frozen=True)


@functools.cache
def field_docs(cls: type) -> dict[str, str]:
    """The docstring written under each field of a model class (and of the classes it extends)."""
    import ast
    import inspect
    import textwrap

    docs: dict[str, str] = {}
    for klass in reversed(cls.__mro__):
        if not isinstance(klass, type) or not issubclass(klass, BaseModel) or klass is BaseModel:
            continue
        try:
            tree = ast.parse(textwrap.dedent(inspect.getsource(klass)))
        except (OSError, TypeError, SyntaxError):
            continue
        body = tree.body[0].body if tree.body and isinstance(tree.body[0], ast.ClassDef) else []
        for field_line, doc in zip(body, body[1:]):
            if (isinstance(field_line, ast.AnnAssign) and isinstance(field_line.target, ast.Name)
                    and isinstance(doc, ast.Expr) and isinstance(doc.value, ast.Constant)
                    and isinstance(doc.value.value, str)):
                docs[field_line.target.id] = inspect.cleandoc(doc.value.value)
    return docs


def describe(schema: dict, root: type, classes: Iterable[type] = ()) -> dict:
    """A model's JSON Schema with each field's docstring as its description (see field_docs): for
    root and for every class of this module or of `classes` that the schema defines."""
    by_name = {c.__name__: c for c in [*(c for c in globals().values() if isinstance(c, type)
                                         and issubclass(c, BaseModel)), *classes]}

    def fill(node: dict, cls: type | None) -> None:
        if cls is None:
            return
        for name, prop in node.get("properties", {}).items():
            doc = field_docs(cls).get(name)
            if doc and isinstance(prop, dict):
                prop["description"] = doc
    fill(schema, root)
    for name, node in schema.get("$defs", {}).items():
        fill(node, by_name.get(name))
    return schema


class SourceRef(Strict):
    """Where a fact comes from: a document listed in site.yaml, and the page or paragraph."""

    document: Id
    """The id of the document, as listed under sources in site.yaml."""
    ref: Line | None = None
    """Where in the document: a page, paragraph or section, like 'page 4'."""


class Later(Strict):
    """A sentence that looks ahead of its record: shown only from its date, when what it says was known."""

    date: Partial
    """The date from which this is shown: when what it says happened or became known."""
    text: Prose
    """What happened later, in our own words."""
    source: SourceRef | None = None
    """The document that says so, if not the record's own."""


class RagLevel(Strict):
    key: Id
    """The short key that status updates use for this rating, like amber."""
    label: Line
    """The rating as the pages show it, like 'Amber: significant shift'."""
    meaning: Line
    """What this rating means, in one sentence."""
    colour: Colour
    """The colour the pages show for this rating."""
    exception: Flag | None = None
    """Whether board reports list open actions at this rating as exceptions. If no rating says, every rating but the last listed (the best) is one."""


class GradeScale(Strict):
    id: Id
    """The id inspections use to name this scale in grade_scale."""
    title: Line
    """The name of the scale, like 'Single inspection framework'."""
    grades: list[Line] = Field(min_length=2)  # best first
    """Every grade on the scale, best first, written exactly as inspections use them."""


class Theme(Strict):
    id: Id
    """The id findings, objectives and actions use to tag this theme."""
    title: Line
    """The name of the theme, as the pages show it."""
    description: Prose | None = None
    """A short explanation of what the theme covers."""


class SourceDocument(Strict):
    id: Id
    """The id other files use to cite this document (source: document:)."""
    title: Line
    """The title of the document."""
    publisher: Line
    """Who published the document, like Ofsted or the council."""
    date: Partial
    """When the document was published."""
    file: Line | None = None
    """The file name of the copy of the document kept with the project, if there is one."""
    note: Prose | None = None
    """Anything a reader should know about the document, such as what is uncertain in it."""


def _year(value: Any) -> int:
    text = _need_text(value).strip()
    if not re.fullmatch(r"[0-9]{4}", text):
        raise ValueError(f"expected a year like 2019, got {_kind(text)}")
    if not 1000 <= int(text) <= 9000:  # room for date arithmetic on either side
        raise ValueError(f"'{text}' is outside the years this tool can handle (1000 to 9000)")
    return int(text)


Year = Annotated[int, BeforeValidator(_year)]


class Years(Strict):
    """The years dates may fall in; a date outside them is reported as a likely typo."""

    first: Year = limits.FIRST_YEAR
    """The earliest year a date may have (1000 or later)."""
    last: Year = limits.LAST_YEAR
    """The latest year a date may have (9000 or earlier)."""

    def window(self) -> limits.YearWindow:
        return limits.YearWindow(self.first, self.last)


class Settings(Strict):
    """plans/site.yaml: who the site is about and the vocabularies every other file uses."""

    title: Line
    """The title of the site."""
    authority: Line
    """The council the site is about."""
    service: Line
    """The service the site is about, like Children's Services."""
    as_at: Date | None = None
    """The reporting date the pages are built for; leave it out to use the day of the build."""
    intro: Prose | None = None
    """A short introduction shown on the home page."""
    rag: list[RagLevel] = Field(min_length=1)
    """The RAG ratings that status updates can give, in the order the pages list them."""
    grade_scales: list[GradeScale] = []
    """The grading scales that inspection judgements use."""
    themes: list[Theme] = []
    """The themes that findings, objectives and actions can be tagged with."""
    sources: list[SourceDocument] = Field(min_length=1)
    """Every document the site cites; every fact names one of these."""
    published_mailboxes: list[Mailbox] = []
    """Council mailboxes that are already public and may appear in text; any other email address is refused."""
    years: Years | None = None
    """The years dates may fall in (default 1900 to 2100); a date outside them is reported as a likely typo."""
    owner: Line | None = None
    """Who runs this site, as the footer names them, like 'Children's Services Improvement Team'."""
    contact: Mailbox | None = None
    """A published mailbox readers can write to about the site; the footer shows it."""
    logo: Line | None = None
    """The council's logo: the name of a PNG file in plans/assets/, like logo.png; the header shows it."""
    colour: Colour | None = None
    """The header colour, like "#1d70b8"; white text on it must have a contrast of at least 4.5:1."""
    board_dates: list[Date] = []
    """The dates the improvement board meets, in any order: board reports look back to the last one before the reporting date and ahead to the next (a plan can list its own)."""


# --------------------------------------------------------------------------- inspections

_FINDING_REF = re.compile(r"([a-z0-9]+(?:-[a-z0-9]+)*)/([a-z0-9]+(?:-[a-z0-9]+)*)")


def _finding_ref(value: Any) -> str:
    text = _need_text(value).strip()
    if not _FINDING_REF.fullmatch(text):
        raise ValueError(f"expected a finding as inspection/finding, like "
                         f"'2019-02-focused-visit/pre-proceedings', got {_kind(text)}")
    return text


FindingRef = Annotated[str, BeforeValidator(_finding_ref)]


def _repeat_ref(value: Any) -> str:
    text = _need_text(value).strip()
    if not (_FINDING_REF.fullmatch(text) or _ID.fullmatch(text)):
        raise ValueError(f"expected an inspection, like '2014-03-inspection', or a finding as inspection/finding, "
                         f"like '2017-03-re-inspection/afi-1', got {_kind(text)}")
    return text


RepeatRef = Annotated[str, BeforeValidator(_repeat_ref)]



InspectionKind = Literal[
    "full inspection", "re-inspection", "focused visit", "interim focused visit", "monitoring visit",
    "interim assurance visit", "peer review", "DfE review", "safeguarding board review",
]
FindingKind = Literal["strength", "area for improvement", "what needs to improve", "recommendation", "finding"]


class Judgement(Strict):
    area: Line
    """What was judged, like 'Overall effectiveness'."""
    kind: Literal["area", "overall"] = "area"
    """'overall' for an overall judgement of a service (an inspection can give one for each service it judges)."""
    grade: Line
    """The grade given: one of the grades on the inspection's grade scale."""
    service: Line | None = None
    """The service judged, when the inspection judged more than one."""
    ref: Line | None = None
    """Where in the document the judgement is given."""


class Finding(Strict):
    id: Id
    """A short id for the finding, unique in this inspection; plans use it to say what answers the finding."""
    kind: FindingKind
    """What sort of finding it is."""
    text: Prose
    """The finding, summarised in our own words."""
    themes: list[Id] = []
    """The themes the finding belongs to."""
    timescale: Line | None = None
    """The timescale the inspectors set for it, if any, like 'within three months'."""
    ref: Line | None = None
    """Where in the document the finding is."""
    note: Prose | None = None
    """For editors: how the source was read and why anything is uncertain (not shown on the pages)."""
    uncertain: list[UncertainKind] = []
    """What is an uncertain reading of the source (the wording, say); the pages mark it. Say how it was read in note."""
    repeats: list[RepeatRef] = []
    """Earlier points this one repeats, as the source itself says (an inspection, or inspection/finding)."""
    expands: Id | None = None
    """The id of another finding of this inspection that this one expands on (an area for improvement spelling out a 'what needs to improve' bullet, say): the two count as one point. Flag it uncertain: [expands] when it is our reading."""
    answered: Literal["not known"] | None = None
    """Say 'not known' when what answered this point is not known from the documents we hold (no plan in them says so); the pages then say so instead of flagging it unanswered."""


class Figure(Strict):
    """A key figure quoted by an inspection (children on plans, looked after ...)."""

    label: Line
    """What the figure counts, like 'Children on a child protection plan'."""
    value: Number
    """The figure itself, without commas or a % sign."""
    unit: Line | None = None
    """The unit of the figure, like 'per cent', if the label does not make it clear."""
    ref: Line | None = None
    """Where in the document the figure is quoted."""
    uncertain: list[UncertainKind] = []
    """What is an uncertain reading of the source (the figure, say); the pages mark it. Say how it was read in note."""


class Inspection(Strict):
    """plans/inspections/<id>.yaml: one inspection or visit; its id is the file name."""

    title: Line
    """The name of the inspection or visit, as the pages show it."""
    kind: InspectionKind
    """What sort of inspection or visit it was."""
    inspectorate: Line | None = None
    """Who carried it out, like Ofsted; leave it out when the source does not say."""
    start: Partial
    """The first day of the inspection or visit."""
    end: Partial | None = None
    """The last day, if it lasted more than one day."""
    published: Partial | None = None
    """When the report or letter was published."""
    framework: Line | None = None
    """The inspection framework it was carried out under."""
    grade_scale: Id | None = None
    """The grade scale the judgements use; needed when there are judgements."""
    overall: Line | None = None
    """The overall grade, if one was given: a grade on the grade scale."""
    scope: Prose | None = None
    """What the inspection or visit looked at."""
    summary: Prose | None = None
    """A short summary of what the inspectors found."""
    judgements: list[Judgement] = []
    """The graded judgements, in the order the report gives them."""
    figures: list[Figure] = []
    """Key figures the report quotes."""
    findings: list[Finding] = []
    """What the inspectors found: strengths, areas for improvement, recommendations."""
    findings_known: Literal["all", "some", "not known"] | None = None
    """Whether the findings above are all the report's: 'all'; 'some' when a later document recalls only some of them; 'not known' when the report is not among the documents (then list none). Left out: 'all' when findings are listed, else 'not known' (a report that truly found nothing says 'all')."""
    note: Prose | None = None
    """For editors: how the sources were read and why anything is uncertain (not shown on the pages)."""
    uncertain: list[UncertainKind] = []
    """What is an uncertain reading of the source (its dates, say); the pages mark it. Say how it was read in note."""
    alternative: list[Partial] = []
    """Other possible readings of the start date, where uncertain: says the day, month or year is unclear, like [2014-01]; the latest counts. Leave it out when the document suggests none."""
    source: SourceRef
    """The document this record comes from."""
    later: list[Later] = []
    """Sentences about what happened after the visit, each shown only from its date."""


# --------------------------------------------------------------------------- plans and actions

_ActionNumber = Annotated[str, BeforeValidator(lambda v: _number_text(v))]


def _number_text(value: Any) -> str:
    text = _need_text(value).strip()
    if not _NUMBER.fullmatch(text):
        raise ValueError(f"expected a number like 3 or 3.1, got {_kind(text)}")
    return text


class Objective(Strict):
    number: _ActionNumber
    """The objective's number; its actions are numbered after it (objective 3 has actions 3.1, 3.2 and so on)."""
    text: Prose
    """What the objective sets out to achieve."""
    answers: list[FindingRef] = []
    """The inspection findings this objective answers."""
    themes: list[Id] = []
    """The themes the objective belongs to."""
    ref: Line | None = None
    """Where in the plan document the objective is."""
    note: Prose | None = None
    """For editors: how the source was read and why anything is uncertain (not shown on the pages)."""
    uncertain: list[UncertainKind] = []
    """What is an uncertain reading of the source (the wording, say); the pages mark it. Say how it was read in note."""


class Section(Strict):
    id: Id
    """A short id for the section, unique in this plan."""
    title: Line
    """The heading of the section."""
    objectives: list[Objective] = Field(min_length=1)
    """The objectives in this section, in order."""


class Plan(Strict):
    """plans/improvement-plans/<id>/plan.yaml: the plan, its sections and objectives."""

    title: Line
    """The name of the plan."""
    period: Line | None = None
    """The period the plan covers, as the plan writes it, like 2019-20 (leave it out when the documents do not say)."""
    published: Partial | None = None
    """When the plan itself was published (a day, a month or a year); the site shows the plan from then. Without it, the plan is shown from the date of its source document."""
    start: Partial | None = None
    """When the plan's period starts (a day, a month or a year)."""
    end: Partial | None = None
    """When the plan ends."""
    actions: Literal["recorded", "not known"] | None = None
    """Say 'not known' for a plan the documents only mention: its actions (and so their progress) are not in them, and it needs no sections. Left out: 'recorded' when the plan has action files, else 'not known' (a plan that truly has no actions says 'recorded')."""
    answers: list[RepeatRef] = []
    """Inspections (or inspection/finding) the whole plan answers, where a document says so; flag it uncertain: [answers] when it is our reading."""
    progress: Literal["recorded", "not recorded"] = "recorded"
    """Say 'not recorded' when the sources hold no progress reports: no action is then counted as overdue or stale."""
    record_ends: Partial | None = None
    """With progress: not recorded, the date the sources' record of the plan stops (its publication, say)."""
    summary: Prose | None = None
    """A short summary of the plan."""
    rag_note: Prose | None = None
    """How this plan rates progress, or why its actions have no ratings."""
    board_dates: list[Date] = []
    """The dates of the board this plan reports to, if not the ones in site.yaml."""
    sections: list[Section] = []
    """The sections of the plan, in order, each with its objectives (needed unless actions: not known)."""
    note: Prose | None = None
    """For editors: how the source was read and why anything is uncertain (not shown on the pages)."""
    uncertain: list[UncertainKind] = []
    """What is an uncertain reading of the source (its publication month, or answers when which points it answers is our reading); the pages mark it. Say how it was read in note."""
    alternative: list[Partial] = []
    """Other possible readings of the publication date, where uncertain: says the day, month or year is unclear, like [2014-03]; the latest counts. Leave it out when the document suggests none."""
    source: SourceRef
    """The document the plan comes from; its actions and objectives cite pages of it."""
    later: list[Later] = []
    """Sentences about what happened after the plan was published, each shown only from its date."""


class StatusUpdate(Strict):
    date: Date
    """The date of the update, usually the end of a quarter."""
    progress: Id | None = None
    """The RAG rating for progress on the action."""
    impact: Id | None = None
    """The RAG rating for the performance measure and impact."""
    note: Prose | None = None
    """What has happened since the last update."""


class Revision(Strict):
    date: Date
    """When the due date was revised (the day it was agreed)."""
    due: Date
    """The new due date."""
    reason: Line
    """Why, in one line."""


class Evidence(Strict):
    date: Partial
    """When the source says it happened."""
    text: Line
    """What happened, in one line."""
    source: SourceRef
    """The document that records it."""
    uncertain: list[UncertainKind] = []
    """What is an uncertain reading of the source (the date, say); the pages mark it."""
    alternative: list[Partial] = []
    """Other possible readings of the date, where uncertain: says it is unclear; the latest counts."""


class Action(Strict):
    """plans/improvement-plans/<plan>/actions/<number>.yaml: one action; its number is the file name."""

    title: Line
    """A short name for the action."""
    text: Prose
    """What will be done."""
    leads: list[Line] = Field(min_length=1)  # the delivery lead first, then partners
    """Who leads the action: the delivery lead first, then any partners."""
    due: Date | None = None
    """The date the action was first due to be finished; keep it when the date is revised."""
    revisions: list[Revision] = []
    """Revised due dates, oldest first, each with when and why; the newest made by the reporting date is the due date in force."""
    cadence: Line | None = None
    """How often it happens or is reported, for ongoing work, like 'Quarterly reports'."""
    measure: Prose | None = None
    """How progress will be measured."""
    impact: Prose | None = None
    """The difference the action should make for children and families."""
    updates: list[StatusUpdate] = []
    """Status updates, oldest first, one per date; the newest on or before the reporting date is shown."""
    completed: Date | None = None
    """The date the action was finished."""
    evidence: list[Evidence] = []
    """What a source records as done towards the action, with its date and citation."""
    answers: list[FindingRef] = []
    """Inspection findings this action answers, besides those its objective answers."""
    themes: list[Id] = []
    """The themes the action belongs to, besides those of its objective."""
    ref: Line | None = None
    """Where in the plan document the action is."""
    note: Prose | None = None
    """For editors: how the source was read and why anything is uncertain (not shown on the pages)."""
    uncertain: list[UncertainKind] = []
    """What is an uncertain reading of the source (the lead, measure, impact or wording); the pages mark it. Say how it was read in note."""


# --------------------------------------------------------------------------- timeline and metrics

EventCategory = Literal[
    "inspection", "governance", "leadership", "workforce", "practice", "fostering and adoption",
    "partnership", "recognition", "plan", "performance", "early help",
]
_RELATED = re.compile(r"(inspection|plan|action|finding|metric):([a-z0-9./-]+)")


def _related(value: Any) -> str:
    text = _need_text(value).strip()
    if not _RELATED.fullmatch(text):
        raise ValueError(f"expected a link like 'inspection:2019-02-focused-visit', "
                         f"'action:cip-2019-20/3.1' or 'metric:cp-plans', got {_kind(text)}")
    return text


Related = Annotated[str, BeforeValidator(_related)]


class Event(Strict):
    date: Partial
    """When it happened."""
    title: Line
    """What happened, in one line."""
    category: EventCategory
    """What kind of event it was."""
    description: Prose | None = None
    """More about the event."""
    related: list[Related] = []
    """Other records the event is about; the pages link to them."""
    source: SourceRef
    """The document the event comes from."""
    note: Prose | None = None
    """For editors: how the source was read and why anything is uncertain (not shown on the pages)."""
    uncertain: list[UncertainKind] = []
    """What is an uncertain reading of the source (the month, say); the pages mark it. Say how it was read in note."""
    alternative: list[Partial] = []
    """Other possible readings of the date, where uncertain: says the day, month or year is unclear, like [2016-11]; the latest counts for when it was known. Leave it out when the document suggests none."""
    later: list[Later] = []
    """Sentences about what happened after the event, each shown only from its date."""


class TimelineFile(Strict):
    """plans/timeline/<year>.yaml: dated events of the journey."""

    events: list[Event] = Field(min_length=1)
    """The events; the site puts them in date order."""


class Point(Strict):
    date: Partial
    """The date the value is for."""
    value: Number
    """The value, in the metric's unit."""
    note: Line | None = None
    """A short note on this value."""
    uncertain: list[UncertainKind] = []
    """What is an uncertain reading of the source (the year or the pairing, say); the pages mark it. Say how it was read in note."""
    alternative: list[Partial] = []
    """Other dates this value may belong to, where uncertain: says the year or the pairing is unclear, like [2016-03]; a pairing does not move the date it counts from, a year does (the latest counts)."""


class Comparator(Strict):
    label: Line
    """What the values are compared with, like 'England average'."""
    values: list[Point] = Field(min_length=1)
    """The comparator's values, one per date."""


class Metric(Strict):
    """plans/metrics/<id>.yaml: one measured series."""

    title: Line
    """The name of the measure."""
    unit: Line
    """The unit of the values, like 'children per worker' or 'per cent'."""
    definition: Prose | None = None
    """Exactly what is counted, and how."""
    better: Literal["higher", "lower", "neither"]
    """Whether a higher or a lower value is better, or neither."""
    values: list[Point] = Field(min_length=1)
    """The measured values, one per date."""
    targets: list[Point] = []
    """Target values, one per date, if there are any."""
    comparators: list[Comparator] = []
    """Other series to compare with, such as national averages."""
    note: Prose | None = None
    """For editors: how the source was read and why anything is uncertain (not shown on the pages)."""
    source: SourceRef
    """The document the values come from."""
    later: list[Later] = []
    """Sentences about the series that are true only from a later date (the date of its newest figure, say), each shown only from its date."""


# --------------------------------------------------------------------------- the whole project


@dataclass
class PlanBundle:
    id: str
    plan: Plan
    actions: dict[str, Action]  # by number, in number order
    action_paths: dict[str, str] = field(default_factory=dict)


@dataclass
class Project:
    """Everything in plans/, validated and cross-checked."""

    settings: Settings
    inspections: dict[str, Inspection]
    plans: dict[str, PlanBundle]
    events: list[Event]
    metrics: dict[str, Metric]
    paths: dict[str, str] = field(default_factory=dict)  # "inspection:x" -> file shown to users
    assets: dict[str, bytes] = field(default_factory=dict)  # images in plans/assets/ by file name (the logo)


def number_key(number: str) -> tuple[int, ...]:
    """Sort action numbers as numbers: 3.2 before 3.10."""
    return tuple(int(p) for p in number.split("."))
