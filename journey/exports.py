"""Downloads for other tools: each plan's actions as CSV and XLSX, the areas-for-improvement register
and the timeline as CSV, and the whole checked model (as known on the as-at date) as JSON with its
JSON Schema.

Every download carries what the pages say about certainty: "not recorded" stays words (never an empty
cell that reads as zero or "no"), uncertain readings are listed in their own column, exact dates are
typed as dates and partial or uncertain dates stay text. The same data and as-at date always give the
same bytes. Editors' text is written as text: a cell never becomes a formula or a link.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from . import derive
from . import model as m
from .absence import Absence, Count
from .text import csv_text, plain

YES, NO = "yes", "no"
NOT_RATED = derive.NOT_RATED


# --------------------------------------------------------------------------- one row per action


ACTION_COLUMNS = [
    "plan", "number", "title", "lead", "partners", "section", "objective", "due (original)", "due (in force)",
    "due revised on", "revision reason", "cadence", "completed", "progress recorded", "progress",
    "impact", "last update", "latest note", "overdue", "due in the next 90 days", "no update for over a quarter",
    "evidence", "answers", "themes", "uncertain", "as at",
]
NOT_KNOWN = Absence.NOT_KNOWN.cell


def _flag(on: bool, recorded: bool) -> str:
    return (YES if on else NO) if recorded else NOT_KNOWN


def _cell(value: Any) -> Any:
    """A derived value as a spreadsheet cell: a date stays a date, an absence is its words."""
    if isinstance(value, Absence):
        return value.cell
    if isinstance(value, Count):
        return value.cell
    return value


def evidence_text(a: derive.ActionFacts) -> str:
    """What a document records as done towards the action ('October 2019: ...'), or not known."""
    evidence = a.evidence
    if isinstance(evidence, Absence):
        return evidence.cell
    return "; ".join(f"{e.date.human}{_flags(e.uncertain, e.alternative)}: {plain(e.text)}" for e in evidence)


def answers_text(a: derive.ActionFacts) -> str:
    """The findings an action answers, 'probably' before one it answers only through an objective that we
    read as answering it."""
    return "; ".join(("probably " if r in a.answers_probable else "") + r for r in a.answers)


def _flags(kinds, alternative=()) -> str:
    return f" ({', '.join(m.marker_words(k, alternative) for k in kinds)})" if kinds else ""


def action_row(a: derive.ActionFacts, facts: derive.Facts) -> list[Any]:
    """One action as typed values: exact dates as dates, words for everything that is not known."""
    act = a.action
    revision = act.revisions[-1] if act.revisions else None
    if a.recorded:
        progress = a.status.label
        impact = a.impact.label if a.impact else NOT_RATED
        last = a.last_update or "none yet"
        note = plain(a.latest_note) if a.latest_note else ""
    else:
        progress = impact = last = NOT_KNOWN
        note = ""
    return [
        a.plan, a.number, act.title, act.leads[0], "; ".join(act.leads[1:]),
        a.section.title if a.section else "", a.objective.number if a.objective else "",
        act.due or "not given", a.due or "not given", revision.date if revision else "",
        revision.reason if revision else "", act.cadence or "", _cell(a.completion),
        YES if a.recorded else NO, progress, impact, last, note,
        _flag(a.overdue, a.recorded), _flag(a.due_soon, a.recorded), _flag(a.stale, a.recorded),
        evidence_text(a), answers_text(a), "; ".join(a.themes), "; ".join(act.uncertain), facts.as_at,
    ]


def _cell_text(value: Any) -> str:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (int, Decimal)) and not isinstance(value, bool):
        return str(value)  # a number stays a number (-0.5 is not a formula)
    return csv_text(str(value))


def _csv(columns: list[str], rows: list[list[Any]]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell_text(v) for v in row])
    return buf.getvalue().encode("utf-8")


def plan_keys(facts: derive.Facts, pid: str) -> list[str]:
    return [k for k, a in facts.actions.items() if a.plan == pid]


def actions_csv(facts: derive.Facts, pid: str) -> bytes:
    return _csv(ACTION_COLUMNS, [action_row(facts.actions[k], facts) for k in plan_keys(facts, pid)])


HISTORY_COLUMNS = ["number", "date", "progress", "impact", "note"]
ANSWERS_COLUMNS = ["number", "finding", "inspection", "kind", "finding text", "our reading", "uncertain"]


def history_rows(facts: derive.Facts, pid: str, settings: m.Settings) -> list[list[Any]]:
    labels = {r.key: r.label for r in settings.rag}
    rows = []
    for k in plan_keys(facts, pid):
        a = facts.actions[k]
        for u in a.action.updates:
            rows.append([a.number, u.date, labels.get(u.progress, NOT_RATED) if u.progress else NOT_RATED,
                         labels.get(u.impact, NOT_RATED) if u.impact else NOT_RATED, plain(u.note) if u.note else ""])
    return rows


def answers_rows(facts: derive.Facts, pid: str, project: m.Project) -> list[list[Any]]:
    rows = []
    for k in plan_keys(facts, pid):
        a = facts.actions[k]
        for ref in a.answers:
            iid, _, fid = ref.partition("/")
            insp = project.inspections[iid]
            finding = next(f for f in insp.findings if f.id == fid)
            rows.append([a.number, ref, insp.title, finding.kind, plain(finding.text),
                         YES if ref in a.answers_probable else NO, "; ".join(finding.uncertain)])
    return rows


# --------------------------------------------------------------------------- XLSX


def _text_colour(fill: str) -> str:
    """Black or white text, whichever reads better on the fill."""
    return "#000000" if m.contrast("#000000", fill) >= m.contrast("#ffffff", fill) else "#ffffff"


def actions_xlsx(facts: derive.Facts, pid: str, project: m.Project) -> bytes:
    """The plan's actions as a workbook: Actions (frozen header, filters, RAG cells coloured and in
    words), Status history and Findings answered, plus About (what the sheets hold and as at when)."""
    import xlsxwriter  # imported here: only builds that write downloads need it

    settings = project.settings
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                     "strings_to_numbers": False})
    created = datetime(facts.as_at.year, facts.as_at.month, facts.as_at.day)
    book.set_properties({"title": f"{project.plans[pid].plan.title}: actions as at {m.human(facts.as_at)}",
                         "author": settings.authority, "company": settings.authority, "created": created,
                         "comments": "Written by the improvement-journey site generator."})
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#f3f2f1",
                            "bottom": 1})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    day = book.add_format({"num_format": "d mmmm yyyy", "valign": "top", "align": "left"})
    rag_formats = {r.label: book.add_format({"bg_color": r.colour, "font_color": _text_colour(r.colour),
                                             "text_wrap": True, "valign": "top"}) for r in settings.rag}

    def sheet(name: str, columns: list[str], rows: list[list[Any]], widths: dict[str, int],
              rag_columns: tuple[str, ...] = ()) -> None:
        ws = book.add_worksheet(name)
        for c, title in enumerate(columns):
            ws.write_string(0, c, title, bold)
            ws.set_column(c, c, widths.get(title, 14))
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row):
                if value == "":
                    continue  # an empty cell, not an empty string
                if isinstance(value, date):
                    ws.write_datetime(r, c, datetime(value.year, value.month, value.day), day)
                elif columns[c] in rag_columns and value in rag_formats:
                    ws.write_string(r, c, value, rag_formats[value])
                else:
                    ws.write_string(r, c, str(value), wrap)
        ws.freeze_panes(1, 0)
        ws.autofilter(0, 0, max(len(rows), 1), len(columns) - 1)

    keys = plan_keys(facts, pid)
    sheet("Actions", ACTION_COLUMNS, [action_row(facts.actions[k], facts) for k in keys],
          {"title": 40, "lead": 28, "partners": 28, "section": 24, "latest note": 50, "revision reason": 30,
           "progress": 24, "impact": 24, "answers": 30}, rag_columns=("progress", "impact"))
    sheet("Status history", HISTORY_COLUMNS, history_rows(facts, pid, settings),
          {"note": 60, "progress": 24, "impact": 24}, rag_columns=("progress", "impact"))
    sheet("Findings answered", ANSWERS_COLUMNS, answers_rows(facts, pid, project),
          {"finding": 36, "inspection": 36, "finding text": 70})
    about = book.add_worksheet("About")
    about.set_column(0, 0, 110)
    plan = project.plans[pid].plan
    lines = [f"{plan.title}: actions as at {m.human(facts.as_at)}", f"{settings.authority}, {settings.service}.",
             "Actions: one row per action with its standing as at that date. Status history: every status "
             "update recorded by then. Findings answered: the inspection findings each action answers."]
    if not derive.progress_recorded(plan):
        ends = f" after {plan.record_ends.human}" if plan.record_ends else ""
        lines.append(f"No document we hold reports progress against this plan{ends}: progress, impact, completion "
                     "and the flags say 'not known', which is not the same as none.")
    lines.append("'not yet rated' means no rating had been given by the as-at date, 'not yet' that it had not "
                 "happened by then. Dates known only to the month or year are written as text. The 'uncertain' "
                 "column names readings of the document that are uncertain (a lead that is uncertain is the first "
                 "listed). 'evidence' is what a document records as done; 'not known' where none does.")
    for i, line in enumerate(lines):
        about.write_string(i, 0, line, wrap)
    book.close()
    return buf.getvalue()


METRIC_COLUMNS = ["series", "date", "value", "note", "uncertain", "other reading of the date"]


def metric_csv(metric: m.Metric) -> bytes:
    """A metric's values, targets and comparators as CSV (series, date, value, note, and which
    readings are uncertain, with the other reading of the date where the data gives one)."""
    rows = [[label, p.date.iso, p.value, p.note or "", "; ".join(p.uncertain), "; ".join(d.iso for d in p.alternative)]
            for label, points in [(metric.title, metric.values), ("Target", metric.targets)] +
            [(c.label, c.values) for c in metric.comparators] for p in sorted(points, key=lambda p: p.date)]
    return _csv(METRIC_COLUMNS, rows)


# --------------------------------------------------------------------------- register and timeline


REGISTER_COLUMNS = ["inspection", "inspection date", "finding", "kind", "label", "text", "themes", "point",
                    "expands on", "answered by", "progress", "repeats", "raised again in", "uncertain", "as at"]


def answered_by_text(answer) -> str:
    """What answers a point, as the register page says it: action keys; plans and objectives
    ('probably' where that is our reading); or why nothing does."""
    if answer.actions:
        keys = "; ".join(answer.actions)
        return f"probably {keys}" if answer.probable else keys
    if answer.plans:
        return "; ".join(("probably " if p.probable else "") + p.plan + (f" objective {p.objective}" if p.objective
                                                                         else "") for p in answer.plans)
    return answer.absence.cell


def register_csv(facts: derive.Facts, project: m.Project, labels: dict[str, str]) -> bytes:
    rows = []
    for row in facts.register:
        insp = project.inspections[row.inspection]
        rows.append([row.inspection, insp.start.iso, row.key, row.finding.kind, labels[row.key],
                     plain(row.finding.text), "; ".join(row.finding.themes), row.expands or row.key,
                     row.expands or "", answered_by_text(row.answer), row.progress,
                     "; ".join(row.repeats), "; ".join(row.raised_again), "; ".join(row.finding.uncertain),
                     facts.as_at])
    return _csv(REGISTER_COLUMNS, rows)


TIMELINE_COLUMNS = ["date", "known to", "category", "title", "description", "links", "added from the records",
                    "uncertain", "other reading of the date", "as at"]


def _known_to(day: m.PartialDate) -> str:
    return "day" if day.day else "month" if day.month else "year"


def timeline_csv(entries: list[derive.Entry], as_at: date) -> bytes:
    rows = [[e.date.iso, _known_to(e.date), e.category, e.title, plain(e.description) if e.description else "",
             "; ".join(f"{kind}:{target}" for kind, target in e.links), YES if e.automatic else NO,
             "; ".join(e.uncertain), "; ".join(d.iso for d in e.alternative), as_at] for e in entries]
    return _csv(TIMELINE_COLUMNS, rows)


# --------------------------------------------------------------------------- open data (JSON)


_DOCUMENTED = ConfigDict(extra="forbid", arbitrary_types_allowed=True, use_attribute_docstrings=True)


SCHEMA_VERSION = "2"  # CHANGELOG.md says what each version changed

NotKnown = Literal["not_known"]
NotYet = Literal["not_yet"]


class About(BaseModel):
    """What the file is and when it stands."""

    model_config = _DOCUMENTED
    schema_version: str
    """The version of this file's layout (journey.schema.json); CHANGELOG.md says what each version changed."""
    title: str
    """The title of the site."""
    authority: str
    """The council the data is about."""
    service: str
    """The service the data is about."""
    as_at: date
    """The reporting date: only what was known on this date is included."""
    note: str
    """How to read the data: dates, uncertain readings, and the three words for an absence."""


class Standing(BaseModel):
    """An action's standing on the as-at date, as the pages show it. No field is ever null: an absence
    is 'not_known' (no document we hold says) or 'not_yet' (not by the as-at date)."""

    model_config = _DOCUMENTED
    progress_recorded: bool
    """False when no document reports progress against the plan: nothing is then rated or flagged, and the fields below that would say so are 'not_known' (which is not the same as none)."""
    progress: str
    """The RAG key of the newest progress rating given by the as-at date; 'not_yet' when not yet rated, 'not_known' when progress is not recorded."""
    impact: str
    """The RAG key of the newest impact rating; 'not_yet' when not yet rated, 'not_known' when progress is not recorded."""
    due_in_force: date | Literal["none"]
    """The due date after any revision made by the as-at date (record.due keeps the original); 'none' when the plan gives the action no date (a cadence, say)."""
    completed: date | NotYet | NotKnown
    """The completion date, if completed by the as-at date; 'not_yet'; or 'not_known' when progress is not recorded."""
    overdue: bool | NotKnown
    """Due before the as-at date (against the due date in force) and not completed; 'not_known' when progress is not recorded."""
    due_soon: bool | NotKnown
    """Due within 90 days of the as-at date and not completed; 'not_known' when progress is not recorded."""
    stale: bool | NotKnown
    """Rated before, but no update for over a quarter; 'not_known' when progress is not recorded."""
    last_update: date | NotYet | NotKnown
    """The date of the newest status update by the as-at date; 'not_yet' when there is none; 'not_known' when progress is not recorded."""
    themes: list[str]
    """The themes the pages show: the action's own and its objective's."""
    answers: list[str]
    """The findings it answers (inspection/finding), its own and its objective's, as the pages show them."""
    answers_our_reading: list[str]
    """Those of answers it answers only through an objective whose answers are our reading (the pages say 'probably')."""
    evidence: int | NotKnown
    """How many things a document records as done towards it (record.evidence lists them); 'not_known' where none does."""


class OpenAction(BaseModel):
    """One action: its record as checked (editors' notes left out) and its standing on the as-at date."""

    model_config = _DOCUMENTED
    record: m.Action
    """The action as recorded in plans/ (only updates, completions, revisions and evidence known on the as-at date)."""
    standing: Standing
    """What the pages say about it on the as-at date."""


class PlanStanding(BaseModel):
    """What the pages say about a plan as a whole on the as-at date."""

    model_config = _DOCUMENTED
    shown_from: date
    """The day the plan counts as known from: its publication (the latest possible reading), else its document's date."""
    published: str | NotKnown
    """When the plan was published (2019-10), or 'not_known'."""
    actions: int | NotKnown
    """How many actions it has; 'not_known' for a plan the documents only mention."""
    progress_recorded: bool
    """Whether a document reports progress against its actions."""


class OpenPlan(BaseModel):
    """One improvement plan and its actions by number."""

    model_config = _DOCUMENTED
    plan: m.Plan
    """The plan, its sections and objectives."""
    standing: PlanStanding
    """What the pages say about the plan as a whole."""
    actions: dict[str, OpenAction]
    """The actions, by number (3.1), in number order."""


class InspectionStanding(BaseModel):
    """What the pages say about an inspection on the as-at date."""

    model_config = _DOCUMENTED
    published: str | NotYet | NotKnown
    """When its report was published (2019-03-21); 'not_yet' when held but not published by the as-at date; 'not_known' when no document gives the date."""
    findings: int | NotYet | NotKnown
    """How many findings its report made, where all are recorded; 'not_known' when the report is not among the documents we hold, or only some are recalled (findings_recorded says how many are listed); 'not_yet' before publication."""
    findings_recorded: int
    """How many findings are listed in record.findings."""


class OpenInspection(BaseModel):
    """One inspection or visit: its record as checked (editors' notes left out) and its standing."""

    model_config = _DOCUMENTED
    record: m.Inspection
    """The inspection as recorded in plans/ (its findings and judgements only once published)."""
    standing: InspectionStanding
    """What the pages say about it on the as-at date."""


class PlanAnswerOut(BaseModel):
    """A plan, or one of its objectives, answering a point."""

    model_config = _DOCUMENTED
    plan: str
    """The plan's id."""
    objective: str | None = None
    """The objective's number; left out where the whole plan answers."""
    probable: bool
    """True where that it answers is our reading, not a document's statement (the pages say 'probably')."""


class AnsweredBy(BaseModel):
    """What answers a point."""

    model_config = _DOCUMENTED
    actions: list[str]
    """Action keys (plan/number), their own answers and their objectives'."""
    plans: list[PlanAnswerOut]
    """Objectives and whole plans that answer it."""


class OpenPoint(BaseModel):
    """One point to improve in the register, as the register page shows it."""

    model_config = _DOCUMENTED
    finding: str
    """The finding (inspection/finding)."""
    point: str
    """The distinct point it belongs to: itself, or the finding it expands on (count distinct points by this)."""
    answered_by: AnsweredBy | NotYet | NotKnown
    """What answers it; 'not_yet' when nothing on record answers it by the as-at date; 'not_known' when the documents we hold do not say what answered it."""
    progress: str
    """Its answering actions' progress in the register's words ('2 red, 1 not yet rated'); 'not_known' where no document reports it, 'not_yet' where nothing answers it yet."""
    repeats: list[str]
    """Earlier points it repeats, as its document says."""
    raised_again_in: list[str]
    """Later findings that say they repeat it."""


class OpenData(BaseModel):
    """The whole checked model as known on the as-at date (editors' notes left out). No value is null:
    a field a record does not give is left out, and an absence the pages state is 'none' (the documents
    observed none), 'not_known' (the documents we hold do not say) or 'not_yet' (not by the as-at date)."""

    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True, use_attribute_docstrings=True,
                              json_schema_extra={"$schema": "https://json-schema.org/draft/2020-12/schema"})
    about: About
    """What the file is and when it stands."""
    settings: m.Settings
    """Who the site is about and its vocabularies (RAG scale, grade scales, themes, sources)."""
    sources_published_after_as_at: list[str]
    """Source documents cited by a record here but published after the as-at date (settings.sources lists them with the rest)."""
    inspections: dict[str, OpenInspection]
    """Inspections and visits held by the as-at date, by id; findings only once published."""
    plans: dict[str, OpenPlan]
    """Improvement plans shown by the as-at date, by id, oldest first."""
    points_to_improve: list[OpenPoint]
    """Every point to improve and what answers it, as the register page shows it."""
    events: list[m.Event]
    """Timeline events dated by the as-at date, oldest first."""
    metrics: dict[str, m.Metric]
    """Performance series, values dated by the as-at date."""


def _editor_only(cls: type[BaseModel]) -> set[str]:
    """Fields written for editors only (their notes on how a source was read): not published."""
    return {name for name in cls.model_fields if m.field_docs(cls).get(name, "").startswith("For editors")}


def _strip(value: Any, data: Any) -> None:
    """Remove editor-only fields from dumped data, walking it beside the models it came from."""
    if isinstance(value, BaseModel):
        for name in _editor_only(type(value)):
            data.pop(name, None)
        for name in type(value).model_fields:
            if name in data:
                _strip(getattr(value, name), data[name])
    elif isinstance(value, (list, tuple)):
        for item, dumped in zip(value, data):
            _strip(item, dumped)
    elif isinstance(value, dict):
        for key, item in value.items():
            _strip(item, data[str(key)])


def _models(cls: type[BaseModel] = m.Strict) -> list[type[BaseModel]]:
    found = []
    for sub in cls.__subclasses__():
        found += [sub, *_models(sub)]
    return found


def _known_sources(project: m.Project, as_at: date) -> list[m.SourceDocument]:
    """The source documents published by the as-at date, and any a record included here cites."""
    cited = {i.source.document for i in project.inspections.values()} | \
        {b.plan.source.document for b in project.plans.values()} | \
        {e.source.document for e in project.events} | {x.source.document for x in project.metrics.values()} | \
        {ev.source.document for b in project.plans.values() for a in b.actions.values() for ev in a.evidence}
    return [d for d in project.settings.sources if d.date.last_day <= as_at or d.id in cited]


def _json(value: Any) -> Any:
    """A derived value for JSON: a date stays a date; an absence is its enum string; a count a number."""
    if isinstance(value, Absence):
        return value.json
    return value


def _standing(a: derive.ActionFacts) -> Standing:
    rec = a.recorded

    def rating(status: derive.Status | None) -> str:
        if not rec:
            return Absence.NOT_KNOWN.json
        return status.key if status and status.key else Absence.NOT_YET.json

    def flag(on: bool) -> bool | str:
        return on if rec else Absence.NOT_KNOWN.json

    last = a.last_update if rec and a.last_update else (Absence.NOT_YET if rec else Absence.NOT_KNOWN)
    evidence = a.evidence
    return Standing(progress_recorded=rec, progress=rating(a.status), impact=rating(a.impact),
                    due_in_force=a.due or "none", completed=_json(a.completion), overdue=flag(a.overdue),
                    due_soon=flag(a.due_soon), stale=flag(a.stale), last_update=_json(last), themes=list(a.themes),
                    answers=list(a.answers), answers_our_reading=list(a.answers_probable), evidence=_json(evidence) if isinstance(evidence, Absence) else len(evidence))


def _point(row: derive.RegisterRow) -> OpenPoint:
    answer = row.answer
    answered = AnsweredBy(actions=list(answer.actions),
                          plans=[PlanAnswerOut(plan=p.plan, objective=p.objective, probable=p.probable)
                                 for p in answer.plans]) if answer.answered else answer.absence.json
    progress = next((a.json for a in Absence if a.words == row.progress), row.progress)  # an absence as its enum
    return OpenPoint(finding=row.key, point=row.expands or row.key, answered_by=answered, progress=progress,
                     repeats=list(row.repeats), raised_again_in=list(row.raised_again))


def open_data(facts: derive.Facts) -> bytes:
    """The cut project (only what was known on the as-at date), each record's standing and the register,
    as JSON."""
    cut = facts.known
    project = cut.project
    settings = project.settings
    plans = {}
    for pid, bundle in project.plans.items():
        actions = {number: OpenAction(record=action, standing=_standing(facts.actions[f"{pid}/{number}"]))
                   for number, action in bundle.actions.items()}
        progress = facts.plans[pid]
        plans[pid] = OpenPlan(plan=bundle.plan, actions=actions, standing=PlanStanding(
            shown_from=cut.plan_from[pid].day,
            published=bundle.plan.published.iso if bundle.plan.published else Absence.NOT_KNOWN.json,
            actions=progress.actions.n if progress.actions.known else progress.actions.absence.json,
            progress_recorded=progress.recorded))
    inspections = {}
    for iid, insp in project.inspections.items():
        published = facts.publication[iid]
        count = facts.findings[iid]
        inspections[iid] = OpenInspection(record=insp, standing=InspectionStanding(
            published=published.iso if isinstance(published, m.PartialDate) else published.json,
            findings=count.n if count.known and not count.at_least else
            (count.absence.json if count.absence else Absence.NOT_KNOWN.json),
            findings_recorded=len(insp.findings)))
    sources = _known_sources(project, facts.as_at)
    data = OpenData(
        about=About(schema_version=SCHEMA_VERSION, title=settings.title, authority=settings.authority,
                    service=settings.service, as_at=facts.as_at,
                    note="Only what was known on the as-at date. Dates are ISO 8601; a date known only to the "
                         "month or year is written as YYYY-MM or YYYY. 'uncertain' lists readings of the "
                         "documents that are uncertain, and 'alternative' the other readings of a date where "
                         "the data gives one. No value is null: 'none' means the documents observed none, "
                         "'not_known' that the documents we hold do not say, 'not_yet' that it had not "
                         "happened (or was not public) by the as-at date."),
        settings=settings.model_copy(update={"as_at": facts.as_at, "sources": sources}),
        sources_published_after_as_at=[d.id for d in sources if d.id in cut.sources_later],
        inspections=inspections, plans=plans, points_to_improve=[_point(r) for r in facts.register],
        events=project.events, metrics=project.metrics)
    dumped = data.model_dump(mode="json", exclude_none=True)
    _strip(data, dumped)
    return (json.dumps(dumped, indent=1, ensure_ascii=False, sort_keys=False) + "\n").encode()


def open_data_schema() -> bytes:
    """The JSON Schema of open_data's output (generated from the same models, so they cannot drift)."""
    schema = m.describe(OpenData.model_json_schema(mode="serialization"), OpenData)
    schema["$id"] = "journey.schema.json"
    for cls in _models():
        for name in _editor_only(cls):
            schema.get("$defs", {}).get(cls.__name__, {}).get("properties", {}).pop(name, None)
    return (json.dumps(schema, indent=1, ensure_ascii=False, sort_keys=True) + "\n").encode()
