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
from typing import Any

from pydantic import BaseModel, ConfigDict

from . import derive
from . import model as m
from .text import csv_text, plain

YES, NO = "yes", "no"
NOT_RATED = derive.NOT_RATED


# --------------------------------------------------------------------------- one row per action


ACTION_COLUMNS = [
    "plan", "number", "title", "lead", "partners", "section", "objective", "due (original)", "due (in force)",
    "due revised on", "revision reason", "cadence", "completed", "progress recorded in the sources", "progress",
    "impact", "last update", "latest note", "overdue", "due in the next 90 days", "no update for over a quarter",
    "answers", "themes", "uncertain", "as at",
]


def _flag(on: bool, recorded: bool) -> str:
    return (YES if on else NO) if recorded else derive.NOT_RECORDED


def action_row(a: derive.ActionFacts, facts: derive.Facts) -> list[Any]:
    """One action as typed values: exact dates as dates, words for everything that is not recorded."""
    act = a.action
    revision = act.revisions[-1] if act.revisions else None
    if a.recorded:
        progress = a.status.label
        impact = a.impact.label if a.impact else NOT_RATED
        last = a.last_update or "none"
        note = plain(a.latest_note) if a.latest_note else ""
    else:
        progress = impact = last = derive.NOT_RECORDED
        note = ""
    return [
        a.plan, a.number, act.title, act.leads[0], "; ".join(act.leads[1:]),
        a.section.title if a.section else "", a.objective.number if a.objective else "",
        act.due or "not given", a.due or "not given", revision.date if revision else "",
        revision.reason if revision else "", act.cadence or "",
        act.completed or ("not completed" if a.recorded else derive.NOT_RECORDED),
        YES if a.recorded else NO, progress, impact, last, note,
        _flag(a.overdue, a.recorded), _flag(a.due_soon, a.recorded), _flag(a.stale, a.recorded),
        "; ".join(a.answers), "; ".join(a.themes), "; ".join(act.uncertain), facts.as_at,
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
ANSWERS_COLUMNS = ["number", "finding", "inspection", "kind", "finding text"]


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
            rows.append([a.number, ref, insp.title, finding.kind, plain(finding.text)])
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
    if plan.progress == "not recorded":
        ends = f" after {plan.record_ends.human}" if plan.record_ends else ""
        lines.append(f"The sources record no progress against this plan{ends}: progress, impact and the flags "
                     "say 'progress not recorded', which is not the same as none.")
    lines.append("'not yet rated' means no rating had been given by the as-at date. Dates known only to the "
                 "month or year are written as text. The 'uncertain' column names readings of the source that "
                 "are uncertain.")
    for i, line in enumerate(lines):
        about.write_string(i, 0, line, wrap)
    book.close()
    return buf.getvalue()


METRIC_COLUMNS = ["series", "date", "value", "note"]


def metric_csv(metric: m.Metric) -> bytes:
    """A metric's values, targets and comparators as CSV (series, date, value, note)."""
    rows = [[label, p.date.iso, p.value, p.note or ""]
            for label, points in [(metric.title, metric.values), ("Target", metric.targets)] +
            [(c.label, c.values) for c in metric.comparators] for p in sorted(points, key=lambda p: p.date)]
    return _csv(METRIC_COLUMNS, rows)


# --------------------------------------------------------------------------- register and timeline


REGISTER_COLUMNS = ["inspection", "inspection date", "finding", "kind", "label", "text", "themes", "answered by",
                    "progress", "repeats", "raised again in", "uncertain", "as at"]


def register_csv(facts: derive.Facts, project: m.Project, labels: dict[str, str]) -> bytes:
    rows = []
    for row in facts.register:
        insp = project.inspections[row.inspection]
        rows.append([row.inspection, insp.start.iso, row.key, row.finding.kind, labels[row.key],
                     plain(row.finding.text), "; ".join(row.finding.themes),
                     "; ".join(row.answers) or "no answering action", row.progress or "none",
                     "; ".join(row.repeats), "; ".join(row.raised_again), "; ".join(row.finding.uncertain),
                     facts.as_at])
    return _csv(REGISTER_COLUMNS, rows)


TIMELINE_COLUMNS = ["date", "known to", "category", "title", "description", "links", "added from the records",
                    "uncertain", "as at"]


def _known_to(day: m.PartialDate) -> str:
    return "day" if day.day else "month" if day.month else "year"


def timeline_csv(entries: list[derive.Entry], as_at: date) -> bytes:
    rows = [[e.date.iso, _known_to(e.date), e.category, e.title, plain(e.description) if e.description else "",
             "; ".join(f"{kind}:{target}" for kind, target in e.links), YES if e.automatic else NO,
             "; ".join(e.uncertain), as_at] for e in entries]
    return _csv(TIMELINE_COLUMNS, rows)


# --------------------------------------------------------------------------- open data (JSON)


_DOCUMENTED = ConfigDict(extra="forbid", arbitrary_types_allowed=True, use_attribute_docstrings=True)


class About(BaseModel):
    """What the file is and when it stands."""

    model_config = _DOCUMENTED
    title: str
    """The title of the site."""
    authority: str
    """The council the data is about."""
    service: str
    """The service the data is about."""
    as_at: date
    """The reporting date: only what was known on this date is included."""
    note: str
    """How to read the data: dates, uncertain readings, progress not recorded."""


class Standing(BaseModel):
    """An action's standing on the as-at date, as the pages show it."""

    model_config = _DOCUMENTED
    progress_recorded: bool
    """False when the sources record no progress against the plan: nothing is then rated or flagged, and the fields below that would say so are null (not recorded, which is not the same as none)."""
    progress: str | None
    """The RAG key of the newest progress rating given by the as-at date; null when not yet rated, or when progress is not recorded."""
    impact: str | None
    """The RAG key of the newest impact rating; null when not yet rated, or when progress is not recorded."""
    due_in_force: date | None
    """The due date after any revision made by the as-at date (record.due keeps the original); null when the action has none."""
    completed: bool
    """Whether a completion on or before the as-at date is recorded."""
    overdue: bool | None
    """Due before the as-at date (against the due date in force) and not completed; null when progress is not recorded."""
    due_soon: bool | None
    """Due within 90 days of the as-at date and not completed; null when progress is not recorded."""
    stale: bool | None
    """Rated before, but no update for over a quarter; null when progress is not recorded."""
    last_update: date | None
    """The date of the newest status update by the as-at date; null when there is none or progress is not recorded."""


class OpenAction(BaseModel):
    """One action: its record as checked (editors' notes left out) and its standing on the as-at date."""

    model_config = _DOCUMENTED
    record: m.Action
    """The action as recorded in plans/ (only updates, completions and revisions known on the as-at date)."""
    standing: Standing
    """What the pages say about it on the as-at date."""


class OpenPlan(BaseModel):
    """One improvement plan and its actions by number."""

    model_config = _DOCUMENTED
    plan: m.Plan
    """The plan, its sections and objectives."""
    actions: dict[str, OpenAction]
    """The actions, by number (3.1), in number order."""


class OpenData(BaseModel):
    """The whole checked model as known on the as-at date (editors' notes left out)."""

    model_config = ConfigDict(extra="forbid", arbitrary_types_allowed=True, use_attribute_docstrings=True,
                              json_schema_extra={"$schema": "https://json-schema.org/draft/2020-12/schema"})
    about: About
    """What the file is and when it stands."""
    settings: m.Settings
    """Who the site is about and its vocabularies (RAG scale, grade scales, themes, sources)."""
    inspections: dict[str, m.Inspection]
    """Inspections and visits held by the as-at date, by id; findings only once published."""
    plans: dict[str, OpenPlan]
    """Improvement plans shown by the as-at date, by id."""
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


def open_data(facts: derive.Facts) -> bytes:
    """The cut project (only what was known on the as-at date) and each action's standing, as JSON."""
    project = facts.known.project
    settings = project.settings
    plans = {}
    for pid, bundle in project.plans.items():
        actions = {}
        for number, action in bundle.actions.items():
            a = facts.actions[f"{pid}/{number}"]
            rec = a.recorded
            actions[number] = OpenAction(record=action, standing=Standing(
                progress_recorded=rec, progress=a.status.key if rec else None,
                impact=a.impact.key if rec and a.impact else None, due_in_force=a.due, completed=a.completed,
                overdue=a.overdue if rec else None, due_soon=a.due_soon if rec else None,
                stale=a.stale if rec else None, last_update=a.last_update if rec else None))
        plans[pid] = OpenPlan(plan=bundle.plan, actions=actions)
    data = OpenData(
        about=About(title=settings.title, authority=settings.authority, service=settings.service, as_at=facts.as_at,
                    note="Only what was known on the as-at date. Dates are ISO 8601; a date known only to the "
                         "month or year is written as 2019-02 or 2019. 'uncertain' lists readings of the "
                         "source that are uncertain. Where 'progress_recorded' is false, the sources record no "
                         "progress, which is not the same as none."),
        settings=settings.model_copy(update={"as_at": facts.as_at, "sources": _known_sources(project, facts.as_at)}),
        inspections=project.inspections, plans=plans, events=project.events,
        metrics=project.metrics)
    dumped = data.model_dump(mode="json")
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
