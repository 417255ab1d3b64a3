"""The schema: one declarative pydantic model per file type (the text, date and number types are in
types.py, the uncertain readings in flags.py, references in refs.py)."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Iterable, Literal

from pydantic import BaseModel, ConfigDict, Field

from journey.inputs import limits
from journey.errors import PLACEHOLDER  # noqa: F401 - the model's words, for those reading records
from journey.inputs.flags import ANSWERABLE, DATE_KINDS, UNCERTAIN, UncertainKind, marker_words  # noqa: F401 - as above
from journey.inputs.refs import FindingRef, Related, RepeatRef
from journey.inputs.types import (  # noqa: F401 - the types and dates, for those reading records
    LINE_MAX, MONTHS, PROSE_MAX, PROSE_PATTERN, Colour, Date, Flag, Id, Line, Mailbox, Number, Partial, PartialDate, Prose,
    Year, _ActionNumber, _id, _kind, _number_text, contrast, human, number_key, parse_date)


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


EventCategory = Literal[
    "inspection", "governance", "leadership", "workforce", "practice", "fostering and adoption",
    "partnership", "recognition", "plan", "performance", "early help",
]


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
