"""Downloads as tables: each plan's actions, the areas-for-improvement register, the timeline and each
metric as CSV (and the rows the XLSX shares). They carry what the pages say about certainty: "not
known" and "not yet" stay words (never an empty cell that reads as zero or "no"), uncertain readings
are listed in their own columns, exact dates are typed as dates and partial dates stay text. Editors'
text is written as text: a cell never becomes a formula or a link."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from typing import Any


from journey import facts as derive
from journey.inputs import model as m
from journey.facts.absence import Absence, Count
from journey.text import csv_text, plain


YES = "yes"


NO = "no"


NOT_RATED = derive.NOT_RATED


ACTION_COLUMNS = [
    "plan", "number", "title", "lead", "partners", "section", "objective", "due (original)", "due (in force)",
    "due revised on", "revision reason", "cadence", "completed", "progress recorded", "progress",
    "impact", "last update", "latest note", "overdue", derive.DUE_SOON, derive.STALE,
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
            insp, fid = project.inspections[ref.inspection], ref.finding
            finding = next(f for f in insp.findings if f.id == fid)
            rows.append([a.number, ref, insp.title, finding.kind, plain(finding.text),
                         YES if ref in a.answers_probable else NO, "; ".join(finding.uncertain)])
    return rows


METRIC_COLUMNS = ["series", "date", "value", "note", "uncertain", "other reading of the date"]


def metric_csv(metric: m.Metric) -> bytes:
    """A metric's values, targets and comparators as CSV (series, date, value, note, and which
    readings are uncertain, with the other reading of the date where the data gives one)."""
    rows = [[label, p.date.iso, p.value, p.note or "", "; ".join(p.uncertain), "; ".join(d.iso for d in p.alternative)]
            for label, points in [(metric.title, metric.values), ("Target", metric.targets)] +
            [(c.label, c.values) for c in metric.comparators] for p in sorted(points, key=lambda p: p.date)]
    return _csv(METRIC_COLUMNS, rows)


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
