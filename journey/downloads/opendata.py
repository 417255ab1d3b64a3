"""Open data: the whole checked model as known on the as-at date, with each record's standing, as one
JSON file, and its JSON Schema (generated from the same pydantic models, so they cannot drift). No
value is null: an absence is 'none', 'not_known' or 'not_yet'."""

from __future__ import annotations

import json
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from journey import facts as derive
from journey.inputs import model as m
from journey.inputs.refs import ActionKey
from journey.facts.absence import Absence


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
    due_soon: bool | NotKnown = Field(description=f"Due within {derive.DUE_SOON_DAYS} days of the as-at date and not "
                                      "completed; 'not_known' when progress is not recorded.")
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
        actions = {number: OpenAction(record=action, standing=_standing(facts.actions[ActionKey.of(pid, number)]))
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
    sources = cut.sources
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
