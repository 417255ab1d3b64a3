"""The schema: one declarative pydantic model per file type, plus the text and date types they use.

Every scalar reaches these models as the text the editor typed (see load.py); each type below
parses that text itself, so a mistake gets a message an editor can act on.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import total_ordering
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from .text import markdown_problems

MONTHS = list(calendar.month_name)[1:]

# --------------------------------------------------------------------------- text types

# Characters that reorder or hide text (bidi controls, zero-width): a classic way to make a
# reviewed diff say one thing and the page another.
_HIDDEN = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_HTML_TAG = re.compile(r"<\s*/?\s*[A-Za-z!?][^>]*>")
LINE_MAX = 300
PROSE_MAX = 10_000


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a group of fields"
    return f"'{value}'"


def _need_text(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(f"expected text, got {_kind(value)}")
    return value


def _common_text_checks(text: str) -> None:
    if _HIDDEN.search(text):
        raise ValueError("contains an invisible or direction-changing character (such as a zero-width "
                         "space); retype the text without it")
    for ch in text:
        if ch != "\n" and unicodedata.category(ch) == "Cc":
            raise ValueError(f"contains a control character (U+{ord(ch):04X}); delete it")
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
        raise ValueError(f"is {len(text)} characters long; keep it under {LINE_MAX}")
    if text.startswith("#"):
        raise ValueError("must not start with '#' (it would become a heading); remove it")
    return text


def _prose(value: Any) -> str:
    text = _need_text(value).strip()
    _common_text_checks(text)
    if not text:
        raise ValueError("must not be empty")
    if len(text) > PROSE_MAX:
        raise ValueError(f"is {len(text):,} characters long; keep it under {PROSE_MAX:,}")
    problems = markdown_problems(text)
    if problems:
        raise ValueError(problems[0])
    return text


_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
_NUMBER = re.compile(r"[0-9]+(\.[0-9]+)*")
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


def _id(value: Any) -> str:
    text = _need_text(value).strip()
    if not _ID.fullmatch(text):
        raise ValueError(f"expected an id of lower-case letters, digits and single hyphens, like "
                         f"'pre-proceedings', got '{text}'")
    return text


def _colour(value: Any) -> str:
    text = _need_text(value).strip()
    if not _COLOUR.fullmatch(text):
        raise ValueError(f"expected a colour like \"#1d70b8\" (in quotes), got '{text}'")
    return text.lower()


Line = Annotated[str, BeforeValidator(_line)]
Prose = Annotated[str, BeforeValidator(_prose)]
Id = Annotated[str, BeforeValidator(_id)]
Colour = Annotated[str, BeforeValidator(_colour)]

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


def _date(value: Any) -> date:
    if isinstance(value, date):
        return value
    text = _need_text(value).strip()
    match = _DATE.fullmatch(text)
    if not match:
        raise ValueError(f"expected a date like 2019-12-31, got '{text}'")
    y, m, d = (int(g) for g in match.groups())
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

    def __str__(self) -> str:
        return self.iso


def _partial_date(value: Any) -> PartialDate:
    if isinstance(value, PartialDate):
        return value
    text = _need_text(value).strip()
    match = _PARTIAL.fullmatch(text)
    if not match:
        raise ValueError(f"expected a date like 2019-02-26, or 2019-02 when only the month is known, got '{text}'")
    y, m, d = (int(g) if g else None for g in match.groups())
    _check_ymd(y, m, d, text)
    return PartialDate(y, m, d)


_NUM = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?")


def _number(value: Any) -> Decimal:
    if isinstance(value, Decimal):
        return value
    text = _need_text(value).strip()
    if not _NUM.fullmatch(text):
        hint = " (no leading zeros)" if re.fullmatch(r"-?0[0-9]+(\.[0-9]+)?", text) else ""
        raise ValueError(f"expected a number like 724 or 18.5{hint}, got '{text}'")
    try:
        return Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern already guarantees a number
        raise ValueError(f"expected a number, got '{text}'")


Date = Annotated[date, BeforeValidator(_date)]
Partial = Annotated[PartialDate, BeforeValidator(_partial_date)]
Number = Annotated[Decimal, BeforeValidator(_number)]

# --------------------------------------------------------------------------- site settings


class Strict(BaseModel):
    """Base for every file type: unknown keys are errors, so a typo never passes silently."""

    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True, frozen=True)


class SourceRef(Strict):
    """Where a fact comes from: a document listed in site.yaml, and the page or paragraph."""

    document: Id
    ref: Line | None = None


class RagLevel(Strict):
    key: Id
    label: Line
    meaning: Line
    colour: Colour


class GradeScale(Strict):
    id: Id
    title: Line
    grades: list[Line] = Field(min_length=2)  # best first


class Theme(Strict):
    id: Id
    title: Line
    description: Prose | None = None


class SourceDocument(Strict):
    id: Id
    title: Line
    publisher: Line
    date: Partial
    file: Line | None = None
    note: Prose | None = None


class Settings(Strict):
    """plans/site.yaml: who the site is about and the vocabularies every other file uses."""

    title: Line
    authority: Line
    service: Line
    as_at: Date | None = None
    intro: Prose | None = None
    rag: list[RagLevel] = Field(min_length=1)
    grade_scales: list[GradeScale] = []
    themes: list[Theme] = []
    sources: list[SourceDocument] = Field(min_length=1)


# --------------------------------------------------------------------------- inspections

InspectionKind = Literal[
    "full inspection", "re-inspection", "focused visit", "interim focused visit", "monitoring visit",
    "interim assurance visit", "peer review", "DfE review", "safeguarding board review",
]
FindingKind = Literal["strength", "area for improvement", "what needs to improve", "recommendation", "finding"]


class Judgement(Strict):
    area: Line
    grade: Line
    service: Line | None = None
    ref: Line | None = None


class Finding(Strict):
    id: Id
    kind: FindingKind
    text: Prose
    themes: list[Id] = []
    timescale: Line | None = None
    ref: Line | None = None
    note: Prose | None = None


class Figure(Strict):
    """A key figure quoted by an inspection (children on plans, looked after ...)."""

    label: Line
    value: Number
    unit: Line | None = None
    ref: Line | None = None


class Inspection(Strict):
    """plans/inspections/<id>.yaml: one inspection or visit; its id is the file name."""

    title: Line
    kind: InspectionKind
    inspectorate: Line
    start: Partial
    end: Partial | None = None
    published: Partial | None = None
    framework: Line | None = None
    grade_scale: Id | None = None
    overall: Line | None = None
    scope: Prose | None = None
    summary: Prose | None = None
    judgements: list[Judgement] = []
    figures: list[Figure] = []
    findings: list[Finding] = []
    note: Prose | None = None
    source: SourceRef


# --------------------------------------------------------------------------- plans and actions

_ActionNumber = Annotated[str, BeforeValidator(lambda v: _number_text(v))]


def _number_text(value: Any) -> str:
    text = _need_text(value).strip()
    if not _NUMBER.fullmatch(text):
        raise ValueError(f"expected a number like 3 or 3.1, got '{text}'")
    return text


_FINDING_REF = re.compile(r"([a-z0-9]+(?:-[a-z0-9]+)*)/([a-z0-9]+(?:-[a-z0-9]+)*)")


def _finding_ref(value: Any) -> str:
    text = _need_text(value).strip()
    if not _FINDING_REF.fullmatch(text):
        raise ValueError(f"expected a finding as inspection/finding, like "
                         f"'2019-02-focused-visit/pre-proceedings', got '{text}'")
    return text


FindingRef = Annotated[str, BeforeValidator(_finding_ref)]


class Objective(Strict):
    number: _ActionNumber
    text: Prose
    answers: list[FindingRef] = []
    themes: list[Id] = []
    ref: Line | None = None
    note: Prose | None = None


class Section(Strict):
    id: Id
    title: Line
    objectives: list[Objective] = Field(min_length=1)


class Plan(Strict):
    """plans/improvement-plans/<id>/plan.yaml: the plan, its sections and objectives."""

    title: Line
    period: Line
    start: Date | None = None
    end: Date | None = None
    summary: Prose | None = None
    rag_note: Prose | None = None
    sections: list[Section] = Field(min_length=1)
    note: Prose | None = None
    source: SourceRef


class StatusUpdate(Strict):
    date: Date
    progress: Id | None = None
    impact: Id | None = None
    note: Prose | None = None


class Action(Strict):
    """plans/improvement-plans/<plan>/actions/<number>.yaml: one action; its number is the file name."""

    title: Line
    text: Prose
    leads: list[Line] = Field(min_length=1)  # the delivery lead first, then partners
    due: Date | None = None
    cadence: Line | None = None
    measure: Prose | None = None
    impact: Prose | None = None
    updates: list[StatusUpdate] = []
    completed: Date | None = None
    answers: list[FindingRef] = []
    themes: list[Id] = []
    ref: Line | None = None
    note: Prose | None = None


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
                         f"'action:cip-2019-20/3.1' or 'metric:cp-plans', got '{text}'")
    return text


Related = Annotated[str, BeforeValidator(_related)]


class Event(Strict):
    date: Partial
    title: Line
    category: EventCategory
    description: Prose | None = None
    related: list[Related] = []
    source: SourceRef
    note: Prose | None = None


class TimelineFile(Strict):
    """plans/timeline/<year>.yaml: dated events of the journey."""

    events: list[Event] = Field(min_length=1)


class Point(Strict):
    date: Partial
    value: Number
    note: Line | None = None


class Comparator(Strict):
    label: Line
    values: list[Point] = Field(min_length=1)


class Metric(Strict):
    """plans/metrics/<id>.yaml: one measured series."""

    title: Line
    unit: Line
    definition: Prose | None = None
    better: Literal["higher", "lower", "neither"]
    values: list[Point] = Field(min_length=1)
    targets: list[Point] = []
    comparators: list[Comparator] = []
    note: Prose | None = None
    source: SourceRef


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


def number_key(number: str) -> tuple[int, ...]:
    """Sort action numbers as numbers: 3.2 before 3.10."""
    return tuple(int(p) for p in number.split("."))
