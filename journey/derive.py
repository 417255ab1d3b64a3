"""As-at facts computed from the model. The as-at date passed in is the only clock: nothing here
reads today's date, so the same plans and as-at date always give the same facts.

Two rules keep every statement true to its data:

- **The as-at date is the whole site's clock.** `known()` cuts the project down to what was
  known on the as-at date (inspections whose outcome was published, plans from their start,
  values, updates and events dated on or before it; a partial date counts from the last day it
  could mean) and every page is rendered from that cut, so nothing later can appear anywhere.
- **Recorded versus not recorded.** Where a plan's progress is not recorded in the sources, none
  of its actions is counted or flagged as overdue, stale or not rated: pages say so once.
"""

from __future__ import annotations

import calendar
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from . import model as m
from . import answers as ans
from .absence import Absence, Count

NOT_RATED = "not yet rated"
NOT_RECORDED = "progress not known"  # an action of a plan whose progress no document records
DUE_SOON_DAYS = 90
QUARTER_MONTHS = 3
OLD_FIGURE_MONTHS = 6  # a headline figure older than this says "latest available"
ANSWERABLE = ans.ANSWERABLE
CHANGES_SHOWN = 10  # the home page lists this many status updates, then counts the rest
JUDGED_KINDS = ("full inspection", "re-inspection")  # inspections whose overall grade is the service's


def months_before(day: date, months: int) -> date:
    """The same day of the month `months` earlier, clamped to the month's end (31 May -> 28 Feb)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# --------------------------------------------------------------------------- what was known when


@dataclass(frozen=True)
class Dated:
    """The day a record became known, and the uncertain kind to mark when that day is a fallback
    (the documents give no publication date, say, so the end of the visit stands in for it)."""

    day: date
    fallback: str | None = None


def latest_reading(day: m.PartialDate, uncertain: list[str] | tuple[str, ...] = (),
                   alternative: list[m.PartialDate] | tuple[m.PartialDate, ...] = ()) -> m.PartialDate:
    """The latest possible reading of a date: where its day, month or year is flagged uncertain, the
    latest of the date as given and its alternatives (a pairing flag moves no date)."""
    if not alternative or not any(k in m.DATE_KINDS for k in uncertain):
        return day
    return max([day, *alternative], key=lambda d: (d.last_day, d.sort_key))


def known_from(record) -> date:
    """The day a dated record (an event, a metric value, evidence) counts as known: the last day its
    latest possible reading could mean."""
    return latest_reading(record.date, record.uncertain, record.alternative).last_day


def reported(insp: m.Inspection) -> Dated:
    """When an inspection's outcome was known: its publication, else (marked) the end of the visit."""
    if insp.published:
        return Dated(insp.published.last_day)
    start = latest_reading(insp.start, insp.uncertain, insp.alternative)
    return Dated(max((insp.end or start).last_day, start.last_day), "published")


def held_from(insp: m.Inspection) -> date:
    """The first day an inspection was certainly under way: its latest possible start."""
    return latest_reading(insp.start, insp.uncertain, insp.alternative).first_day


def plan_known(plan: m.Plan, settings: m.Settings) -> Dated:
    """When a plan is shown from: the publication of the plan itself (its latest possible reading),
    else (marked) the date of the document recording it. Never its period's start: a plan can be
    published after its period began."""
    if plan.published:
        return Dated(latest_reading(plan.published, plan.uncertain, plan.alternative).last_day)
    document = next((d for d in settings.sources if d.id == plan.source.document), None)
    if document is not None:
        return Dated(document.date.last_day, "published")
    return Dated(date.max, "published")  # pragma: no cover - the check makes every source exist


@dataclass
class Known:
    """The project as it was known on the as-at date, and how each record's date was reckoned."""

    project: m.Project
    as_at: date
    pending: set[str] = field(default_factory=set)  # inspections held but not yet reported
    reported: dict[str, Dated] = field(default_factory=dict)  # inspection id -> outcome known
    plan_from: dict[str, Dated] = field(default_factory=dict)  # plan id -> shown from
    sources_later: set[str] = field(default_factory=set)  # source documents published after the as-at date
    under_way: set[str] = field(default_factory=set)  # inspections begun but not ended by the as-at date


def _on_or_before(points: list, as_at: date) -> list:
    """The records known by as_at, each without the other readings of its date that lie after it (a
    figure whose pairing is uncertain is shown from its own date; naming a later date as its other
    reading would tell of a figure not yet published)."""
    out = []
    for p in points:
        if known_from(p) > as_at:
            continue
        later = [d for d in p.alternative if d.last_day > as_at]
        out.append(p.model_copy(update={"alternative": [d for d in p.alternative if d not in later]}) if later else p)
    return out


def _later(items: list[m.Later], as_at: date) -> list[m.Later]:
    return [x for x in items if x.date.last_day <= as_at]


def known(project: m.Project, as_at: date) -> Known:
    """Cut the project down to what was known on the as-at date. Every page is rendered from this
    cut, so no page can link to, list or count a record dated after the as-at date, and no sentence
    dated later (later:) is shown."""
    out = Known(project, as_at)
    inspections: dict[str, m.Inspection] = {}
    for iid, insp in project.inspections.items():
        if held_from(insp) > as_at:
            continue  # not held yet
        when = reported(insp)
        out.reported[iid] = when
        if when.day > as_at:  # held, but its outcome not yet published: shown as such, without it
            out.pending.add(iid)
            insp = insp.model_copy(update={"findings": [], "judgements": [], "overall": None, "figures": [],
                                           "summary": None, "published": None, "later": []})
        elif insp.later:
            insp = insp.model_copy(update={"later": _later(insp.later, as_at)})
        if insp.end and insp.end.last_day > as_at:  # still under way: when it ended is not known yet
            out.under_way.add(iid)
            insp = insp.model_copy(update={"end": None})
        inspections[iid] = insp
    findings = {f"{iid}/{f.id}" for iid, insp in inspections.items() for f in insp.findings}
    reported_ids = {iid for iid in inspections if iid not in out.pending}

    def refs(values: list[str]) -> list[str]:
        return [r for r in values if r in findings]

    def points(values: list[str]) -> list[str]:
        """Findings, or whole inspections, known by then."""
        return [r for r in values if r in findings or r in reported_ids]

    for iid, insp in list(inspections.items()):
        if insp.findings:
            inspections[iid] = insp.model_copy(update={"findings": [
                f.model_copy(update={"repeats": points(f.repeats)}) for f in insp.findings]})

    plans: dict[str, m.PlanBundle] = {}
    for pid, bundle in project.plans.items():
        when = plan_known(bundle.plan, project.settings)
        if when.day > as_at:
            continue
        out.plan_from[pid] = when
        sections = [s.model_copy(update={"objectives": [o.model_copy(update={"answers": refs(o.answers)})
                                                        for o in s.objectives]}) for s in bundle.plan.sections]
        ends = bundle.plan.record_ends if bundle.plan.record_ends and bundle.plan.record_ends.last_day <= as_at \
            else None  # where the record stops, once it has stopped
        plan = bundle.plan.model_copy(update={"sections": sections, "answers": points(bundle.plan.answers),
                                              "later": _later(bundle.plan.later, as_at), "record_ends": ends})
        actions = {number: a.model_copy(update={
            "updates": [u for u in a.updates if u.date <= as_at],
            "completed": a.completed if a.completed and a.completed <= as_at else None,
            "revisions": [r for r in a.revisions if r.date <= as_at],
            "evidence": _on_or_before(a.evidence, as_at),
            "answers": refs(a.answers)}) for number, a in bundle.actions.items()}
        plans[pid] = m.PlanBundle(pid, plan, actions, bundle.action_paths)
    plans = dict(sorted(plans.items(), key=lambda kv: (out.plan_from[kv[0]].day, kv[0])))  # oldest first

    documents = {d.id: d for d in project.settings.sources}
    out.sources_later = {d.id for d in project.settings.sources if d.date.last_day > as_at}
    metrics: dict[str, m.Metric] = {}
    for mid, metric in project.metrics.items():
        values = _on_or_before(metric.values, as_at)
        if not values:
            continue
        comparators = [c.model_copy(update={"values": _on_or_before(c.values, as_at)}) for c in metric.comparators]
        # A target is a stated aim, usually for a later date: known once the document stating it was.
        document = documents.get(metric.source.document)
        stated = document is not None and document.date.last_day <= as_at
        metrics[mid] = metric.model_copy(update={"values": values, "targets": metric.targets if stated else [],
                                                 "comparators": [c for c in comparators if c.values],
                                                 "later": _later(metric.later, as_at)})

    targets = {"inspection": set(inspections), "plan": set(plans), "finding": findings, "metric": set(metrics),
               "action": {f"{pid}/{n}" for pid, b in plans.items() for n in b.actions}}
    events = []
    for e in project.events:
        if known_from(e) > as_at:
            continue
        related = [r for r in e.related if r.partition(":")[2] in targets[r.partition(":")[0]]]
        later = _later(e.later, as_at)
        events.append(e.model_copy(update={"related": related, "later": later})
                      if related != e.related or later != e.later else e)

    out.project = m.Project(project.settings, inspections, plans, events, metrics, project.paths, project.assets)
    return out


# --------------------------------------------------------------------------- actions


@dataclass(frozen=True)
class Status:
    """An action's RAG standing on the as-at date."""

    key: str | None  # RAG key, or None when not yet rated (or not recorded)
    label: str
    update: m.StatusUpdate | None


def latest_update(action: m.Action, as_at: date) -> m.StatusUpdate | None:
    """Return the newest update dated on or before as_at (later ones have not happened yet)."""
    seen = [u for u in action.updates if u.date <= as_at]
    return seen[-1] if seen else None


def status(action: m.Action, settings: m.Settings, as_at: date) -> Status:
    """Return the progress RAG of an action as at a date (from the newest update that gives one: an
    update with only a note does not undo a rating), or 'not yet rated'."""
    rated = [u for u in action.updates if u.date <= as_at and u.progress]
    if not rated:
        return Status(None, NOT_RATED, latest_update(action, as_at))
    level = next(r for r in settings.rag if r.key == rated[-1].progress)
    return Status(level.key, level.label, rated[-1])


def impact_status(action: m.Action, settings: m.Settings, as_at: date) -> Status:
    """The latest impact rating given on or before as_at, or 'not yet rated'."""
    rated = [u for u in action.updates if u.date <= as_at and u.impact]
    if not rated:
        return Status(None, NOT_RATED, None)
    level = next(r for r in settings.rag if r.key == rated[-1].impact)
    return Status(level.key, level.label, rated[-1])


def current_due(action: m.Action, as_at: date) -> date | None:
    """The due date in force on the as-at date: the newest revision made by then, else the original."""
    made = [r for r in action.revisions if r.date <= as_at]
    return made[-1].due if made else action.due


def is_completed(action: m.Action, as_at: date) -> bool:
    return action.completed is not None and action.completed <= as_at


def is_overdue(action: m.Action, as_at: date) -> bool:
    """Past its due date in force (due yesterday or earlier) and not completed by the as-at date."""
    due = current_due(action, as_at)
    return due is not None and due < as_at and not is_completed(action, as_at)


def is_due_soon(action: m.Action, as_at: date) -> bool:
    """Due between the as-at date (today counts) and 90 days after it, and not completed."""
    due = current_due(action, as_at)
    return (due is not None and as_at <= due <= as_at + timedelta(days=DUE_SOON_DAYS)
            and not is_completed(action, as_at))


def is_stale(action: m.Action, as_at: date) -> bool:
    """Rated before, but with no update for over a quarter (exactly a quarter ago is not stale).

    Never-rated actions are counted as 'not yet rated' instead; completed actions need no update."""
    update = latest_update(action, as_at)
    return (update is not None and update.date < months_before(as_at, QUARTER_MONTHS)
            and not is_completed(action, as_at))


@dataclass
class ActionFacts:
    """One action with everything a page says about it as at the reporting date."""

    plan: str
    number: str
    action: m.Action
    objective: m.Objective | None
    section: m.Section | None
    status: Status
    completed: bool
    overdue: bool
    due_soon: bool
    stale: bool
    recorded: bool = True  # False when the plan's progress is not recorded in the sources
    answers: list[str] = field(default_factory=list)  # finding refs, via its objective or its own
    themes: list[str] = field(default_factory=list)
    events: list[m.Event] = field(default_factory=list)
    due: date | None = None  # the due date in force (after any revision made by the as-at date)
    impact: Status | None = None  # the latest impact rating; None where progress is not recorded
    answers_probable: list[str] = field(default_factory=list)  # answered only through an objective we read so

    @property
    def key(self) -> str:
        return f"{self.plan}/{self.number}"

    @property
    def last_update(self) -> date | None:
        """The date of the newest update of any kind (a note without a rating counts)."""
        return self.action.updates[-1].date if self.action.updates else None

    @property
    def latest_note(self) -> str | None:
        """The newest note given with an update."""
        notes = [u.note for u in self.action.updates if u.note]
        return notes[-1] if notes else None

    @property
    def completion(self) -> date | Absence:
        """The completion date by the as-at date; not yet; or not known, where progress is not recorded."""
        if self.completed:
            return self.action.completed
        return Absence.NOT_YET if self.recorded else Absence.NOT_KNOWN

    @property
    def evidence(self) -> list[m.Evidence] | Absence:
        """What a document records as done towards the action, or not known (no document records any)."""
        return self.action.evidence or Absence.NOT_KNOWN

    @property
    def lead_uncertain(self) -> bool:
        """Whether which organisation leads is an uncertain reading (the first listed is shown)."""
        return "lead" in self.action.uncertain


def progress_recorded(plan: m.Plan) -> bool:
    """Whether the documents record progress against the plan: not where they say it is not
    recorded, nor where its actions themselves are not known."""
    return plan.progress == "recorded" and plan.actions == "recorded"


def action_facts(pid: str, number: str, action: m.Action, plan: m.Plan, settings: m.Settings,
                 as_at: date) -> ActionFacts:
    """An action's standing as at a date. A plan whose progress is not recorded flags nothing."""
    where = {o.number: (o, s) for s in plan.sections for o in s.objectives}
    objective, section = where.get(objective_of(number), (None, None))
    refs = list(dict.fromkeys((objective.answers if objective else []) + action.answers))
    themes = list(dict.fromkeys(action.themes + (objective.themes if objective else [])))
    due = current_due(action, as_at)
    probable = [r for r in refs if r not in action.answers and objective and "answers" in objective.uncertain]
    if not progress_recorded(plan):
        return ActionFacts(pid, number, action, objective, section, Status(None, NOT_RECORDED, None),
                           is_completed(action, as_at), False, False, False, False, refs, themes, due=due,
                           answers_probable=probable)
    return ActionFacts(pid, number, action, objective, section, status(action, settings, as_at),
                       is_completed(action, as_at), is_overdue(action, as_at), is_due_soon(action, as_at),
                       is_stale(action, as_at), True, refs, themes, due=due,
                       impact=impact_status(action, settings, as_at), answers_probable=probable)


@dataclass(frozen=True)
class PlanProgress:
    """A plan's standing as at the date: counts only where progress is recorded."""

    plan: str
    recorded: bool  # progress recorded (and so its actions known)
    record_ends: m.PartialDate | None  # where the record stops, when progress is not recorded
    total: int
    actions: Count  # how many actions: not known for a plan the documents only mention
    counts: Counter  # RAG key (None: not yet rated) -> actions; empty when not recorded
    overdue: int
    due_soon: int
    stale: int
    completed: int
    rated: int  # actions with at least one rating; "no update for a quarter" means nothing without one


# --------------------------------------------------------------------------- figures


@dataclass(frozen=True)
class Headline:
    """A metric's latest value as at the reporting date and its direction of travel."""

    metric: str
    latest: m.Point
    previous: m.Point | None
    direction: str  # "up", "down", "no change" or "" when there is nothing to compare
    verdict: str  # "better", "worse" or "" (when up is neither good nor bad, or no change)
    uncertain: bool = False  # either figure is an uncertain reading: the comparison says so
    latest_available: m.PartialDate | None = None  # set when the latest figure is long before the as-at date
    swapped: bool = False  # the document may pair the two figures the other way round: no direction


def headline(ident: str, metric: m.Metric, as_at: date) -> Headline | None:
    """The latest figure known on the as-at date and how it compares with the one before."""
    points = sorted(_on_or_before(metric.values, as_at), key=lambda p: p.date)
    if not points:
        return None
    latest, previous = points[-1], (points[-2] if len(points) > 1 else None)
    direction = verdict = ""
    swapped = previous is not None and may_swap(latest, previous)
    if previous is not None and not swapped:
        diff = Decimal(latest.value) - Decimal(previous.value)
        direction = "up" if diff > 0 else "down" if diff < 0 else "no change"
        if metric.better != "neither" and diff:
            verdict = "better" if (diff > 0) == (metric.better == "higher") else "worse"
    uncertain = bool(latest.uncertain or (previous is not None and previous.uncertain))
    old = latest.date.last_day < months_before(as_at, OLD_FIGURE_MONTHS)
    return Headline(ident, latest, previous, direction, verdict, uncertain, latest.date if old else None, swapped)


def may_swap(a: m.Point, b: m.Point) -> bool:
    """Whether the document may pair two figures with each other's dates (so which came first is not
    known): either lists the other's date as an alternative reading."""
    return b.date in a.alternative or a.date in b.alternative


@dataclass(frozen=True)
class Extreme:
    """The highest or lowest value of a series, and whether that claim rests on uncertain readings."""

    point: m.Point
    uncertain: bool

    @property
    def nameable(self) -> bool:
        """Whether a summary may name it, with its date: not where which date the figure belongs to is
        itself uncertain (its date flags, like a year, are shown beside it)."""
        return "pairing" not in self.point.uncertain and "value" not in self.point.uncertain


def extremes(points: list[m.Point]) -> tuple[Extreme, Extreme] | None:
    """Highest and lowest values (latest date wins a tie); uncertain when any value is."""
    if not points:
        return None
    doubt = any(p.uncertain for p in points)
    high = max(points, key=lambda p: (p.value, p.date))
    low = min(points, key=lambda p: (p.value, p.date))
    return Extreme(high, doubt), Extreme(low, doubt)


# --------------------------------------------------------------------------- inspections


def overall_judgements(insp: m.Inspection) -> list[tuple[str, str]]:
    """(service, grade) of each overall judgement: the one overall grade, or one per service."""
    if insp.overall:
        return [("", insp.overall)]
    return [(j.service or j.area, j.grade) for j in insp.judgements if j.kind == "overall"]


def judges_the_service(insp: m.Inspection) -> bool:
    """An inspection of the children's services themselves that gave an overall judgement (a review
    of the safeguarding board, a separate body, does not count)."""
    return insp.kind in JUDGED_KINDS and bool(overall_judgements(insp))


@dataclass(frozen=True)
class Repeat:
    """A point declared, by the later inspection's source, to repeat an earlier one."""

    later: str  # finding ref
    earlier: str  # finding ref, or an inspection id when the earlier findings are not recorded


@dataclass(frozen=True)
class Recurrence:
    """Another inspection raising something to improve on a shared theme: related, not the same point."""

    inspection: str
    year: int
    findings: tuple[str, ...]  # finding refs sharing a theme


@dataclass(frozen=True)
class RegisterRow:
    """One point to improve, with what answers it (coverage), progress and recurrence. Rows come in
    distinct points: a finding that expands on another follows it and counts as the same point."""

    inspection: str
    finding: m.Finding
    answers: tuple[str, ...]  # action keys
    progress: str  # e.g. "2 red, 1 not yet rated; 1 overdue", or the words of why there is none
    repeats: tuple[str, ...]  # earlier refs this point repeats (declared)
    raised_again: tuple[str, ...]  # later finding refs declared to repeat this point
    related: tuple[Recurrence, ...]  # other inspections on the same themes
    answer: ans.Answer | None = None  # everything that answers it (actions, objectives, plans), or why nothing
    expands: str | None = None  # the finding ref this one expands on (the same point)

    @property
    def expands_uncertain(self) -> bool:
        return "expands" in self.finding.uncertain

    @property
    def key(self) -> str:
        return f"{self.inspection}/{self.finding.id}"


# --------------------------------------------------------------------------- everything at once


@dataclass
class Facts:
    """Everything derived from the project as at one date; computed once, read by every page."""

    as_at: date
    previous_date: date
    actions: dict[str, ActionFacts]  # by "plan/number", in plan then number order
    plans: dict[str, PlanProgress]
    answered_by: dict[str, list[str]]  # finding ref -> action keys
    objectives_for: dict[str, list[tuple[str, str]]]  # finding ref -> (plan, objective number)
    repeats: dict[str, list[str]]  # finding ref -> earlier refs it repeats (declared by its source)
    raised_again: dict[str, list[str]]  # finding ref or inspection id -> later finding refs repeating it
    related: dict[str, list[Recurrence]]  # finding ref -> other inspections on the same themes
    headlines: list[Headline]
    leads: dict[str, tuple[str, list[tuple[str, str]]]]  # slug -> (name, [(role, action key)])
    latest_judgement: str | None  # inspection id: the latest overall judgement of the service
    latest_visit: str | None  # inspection id: the most recent inspection or visit held
    changes: dict[str, list]  # what happened after previous_date, up to as_at
    known: Known | None = None
    register: list[RegisterRow] = field(default_factory=list)
    answers: dict[str, ans.Answer] = field(default_factory=dict)  # finding ref -> what answers it
    findings: dict[str, Count] = field(default_factory=dict)  # inspection id -> how many findings
    publication: dict[str, m.PartialDate | Absence] = field(default_factory=dict)  # inspection id -> published
    points: int = 0  # distinct points to improve (a finding expanding on another is the same point)

    def counts(self, keys: list[str] | None = None) -> Counter:
        """Count actions (all, or these) by RAG key, None for not yet rated; only where recorded."""
        chosen = self.actions.values() if keys is None else [self.actions[k] for k in keys]
        return Counter(a.status.key for a in chosen if a.recorded)

    def progress(self, keys: list[str], rag: list[m.RagLevel]) -> str:
        """Summarise these actions' progress in words: '2 red, 1 not yet rated; 1 overdue', or 'not
        known' where no document records their progress."""
        if not keys:
            return ""
        counts = self.counts(keys)
        parts = [f"{counts[r.key]} {r.key}" for r in rag if counts[r.key]]
        if counts[None]:
            parts.append(f"{counts[None]} {NOT_RATED}")
        unrecorded = sum(1 for k in keys if not self.actions[k].recorded)
        if unrecorded == len(keys):
            parts.append(Absence.NOT_KNOWN.words)
        elif unrecorded:
            parts.append(f"{unrecorded} {Absence.NOT_KNOWN.words}")
        text = ", ".join(parts)
        for flag, word in (("overdue", "overdue"), ("completed", "completed")):
            n = sum(1 for k in keys if getattr(self.actions[k], flag))
            if n:
                text += f"; {n} {word}"
        return text

    def register_summary(self) -> dict[str, int]:
        """The distinct points by what answers them: 'actions' (plan actions), 'plans' (a plan or
        objective only, its actions not known), 'probably' (our reading of a plan only), 'not yet' and
        'not known'. A point and the findings expanding on it count once, by the best answer among them."""
        groups: dict[str, list[RegisterRow]] = {}
        for row in self.register:
            groups.setdefault(row.expands or row.key, []).append(row)
        out = {"actions": 0, "plans": 0, "probably": 0, "not yet": 0, "not known": 0}
        for rows in groups.values():
            answers = [r.answer for r in rows]
            if any(a.actions and not a.probable for a in answers):
                out["actions"] += 1
            elif any(a.plans and not a.probable for a in answers):
                out["plans"] += 1
            elif any(a.answered for a in answers):
                out["probably"] += 1
            else:
                out[rows[0].answer.absence.words] += 1
        return out

    def point_progress(self, answer: ans.Answer, rag: list[m.RagLevel]) -> str:
        """A point's progress in words: its answering actions' progress; not known where only a plan or
        objective answers it (their actions, or their progress, are not in the documents); else why
        nothing answers it."""
        if answer.actions:
            return self.progress(list(answer.actions), rag)
        if answer.plans:
            return Absence.NOT_KNOWN.words
        return answer.absence.words


SLUG_MAX = 60  # a web-address part, and a file name: well under any file system's limit


def slug(text: str) -> str:
    """A readable web-address part: 'Coventry City Council' -> 'coventry-city-council'."""
    out = re.sub(r"[^a-z0-9]+", "-", re.sub("['’]", "", text.lower())).strip("-")
    return out[:SLUG_MAX].rstrip("-") or "lead"


RESERVED_SLUGS = {"index"}  # the address of a generated list page


def _leads(actions: dict[str, ActionFacts]) -> dict[str, tuple[str, list[tuple[str, str]]]]:
    by_name: dict[str, list[tuple[str, str]]] = {}
    for key, a in actions.items():
        for i, name in enumerate(a.action.leads):
            by_name.setdefault(name, []).append(("lead" if i == 0 else "partner", key))
    leads: dict[str, tuple[str, list[tuple[str, str]]]] = {}
    for name in sorted(by_name, key=lambda n: (n.lower(), n)):
        ident, n = slug(name), 2
        while ident in leads or ident in RESERVED_SLUGS:  # two spellings with one address: keep them apart
            ident, n = f"{slug(name)}-{n}", n + 1
        leads[ident] = (name, by_name[name])
    return leads


def _plan_progress(pid: str, bundle: m.PlanBundle, actions: list[ActionFacts]) -> PlanProgress:
    plan = bundle.plan
    recorded = progress_recorded(plan)
    counts = Counter(a.status.key for a in actions) if recorded else Counter()
    rated = sum(1 for a in actions if a.action.updates)
    count = Count.of(len(actions)) if plan.actions == "recorded" else Count.missing(Absence.NOT_KNOWN)
    return PlanProgress(pid, recorded, plan.record_ends, len(actions), count, counts,
                        sum(a.overdue for a in actions), sum(a.due_soon for a in actions),
                        sum(a.stale for a in actions), sum(a.completed for a in actions), rated)


def _recurrence(project: m.Project) -> tuple[dict, dict, dict]:
    """Declared repeats both ways, and theme relations (labelled as such, never as the same point)."""
    repeats: dict[str, list[str]] = {}
    raised_again: dict[str, list[str]] = {}
    raised: dict[str, list[tuple[str, str]]] = {}
    for iid, insp in project.inspections.items():
        for f in insp.findings:
            ref = f"{iid}/{f.id}"
            if f.repeats:
                repeats[ref] = list(f.repeats)
                for earlier in f.repeats:
                    raised_again.setdefault(earlier, []).append(ref)
            if f.kind in ANSWERABLE:
                for theme in f.themes:
                    raised.setdefault(theme, []).append((iid, ref))
    related: dict[str, list[Recurrence]] = {}
    for iid, insp in project.inspections.items():
        for f in insp.findings:
            if f.kind not in ANSWERABLE:
                continue
            ref = f"{iid}/{f.id}"
            declared = set(repeats.get(ref, [])) | set(raised_again.get(ref, []))
            others: dict[str, list[str]] = {}
            for theme in f.themes:
                for other, other_ref in raised.get(theme, []):
                    if other != iid and other_ref not in declared and other_ref not in others.setdefault(other, []):
                        others[other].append(other_ref)
            related[ref] = [Recurrence(o, project.inspections[o].start.year, tuple(refs))
                            for o, refs in sorted(others.items(), key=lambda kv: (project.inspections[kv[0]].start,
                                                                                  kv[0])) if refs]
    return repeats, raised_again, related


def facts(project: m.Project, as_at: date) -> Facts:
    """Compute every as-at fact the pages show, from what was known on the as-at date."""
    cut = known(project, as_at)
    project = cut.project
    settings = project.settings
    event_links: dict[str, list[m.Event]] = {}
    for event in project.events:
        for link in event.related:
            kind, _, target = link.partition(":")
            if kind == "action":
                event_links.setdefault(target, []).append(event)

    actions: dict[str, ActionFacts] = {}
    answered_by: dict[str, list[str]] = {}
    objectives_for: dict[str, list[tuple[str, str]]] = {}
    plans: dict[str, PlanProgress] = {}
    for pid, bundle in project.plans.items():
        for s in bundle.plan.sections:
            for o in s.objectives:
                for ref in o.answers:
                    objectives_for.setdefault(ref, []).append((pid, o.number))
        mine = []
        for number, action in bundle.actions.items():
            a = action_facts(pid, number, action, bundle.plan, settings, as_at)
            a.events = event_links.get(a.key, [])
            actions[a.key] = a
            mine.append(a)
            for ref in a.answers:
                answered_by.setdefault(ref, []).append(a.key)
        plans[pid] = _plan_progress(pid, bundle, mine)

    repeats, raised_again, related = _recurrence(project)
    service = [iid for iid, insp in project.inspections.items()
               if iid not in cut.pending and judges_the_service(insp)]
    visits = sorted(project.inspections, key=lambda i: (project.inspections[i].start, i))
    previous_date = months_before(as_at, QUARTER_MONTHS)

    def in_window(day: date) -> bool:
        return previous_date < day <= as_at

    changes = {
        "updates": sorted(((key, u) for key, a in actions.items() for u in a.action.updates if in_window(u.date)),
                          key=lambda item: item[1].date, reverse=True),  # newest first; stable by plan order
        "completed": [key for key, a in actions.items() if a.action.completed and in_window(a.action.completed)],
        "events": [e for e in project.events if in_window(known_from(e))],
        "inspections": [iid for iid, insp in project.inspections.items()
                        if in_window(insp.start.last_day) or in_window(cut.reported[iid].day)],
    }
    headlines = [h for ident, metric in project.metrics.items() if (h := headline(ident, metric, as_at))]
    result = Facts(as_at, previous_date, actions, plans, answered_by, objectives_for, repeats, raised_again,
                   related, headlines, _leads(actions), service[-1] if service else None,
                   visits[-1] if visits else None, changes, cut)
    result.answers = ans.answers(project, answered_by)
    for iid, insp in project.inspections.items():
        result.findings[iid] = findings_count(insp, iid in cut.pending)
        result.publication[iid] = (Absence.NOT_YET if iid in cut.pending else
                                   insp.published or Absence.NOT_KNOWN)
        for point, expanders in ans.distinct(insp.findings):
            result.points += 1
            for f in [point, *expanders]:
                key = f"{iid}/{f.id}"
                answer = result.answers[key]
                result.register.append(RegisterRow(
                    iid, f, answer.actions, result.point_progress(answer, settings.rag),
                    tuple(repeats.get(key, [])), tuple(raised_again.get(key, [])), tuple(related.get(key, [])),
                    answer, f"{iid}/{point.id}" if f is not point else None))
    return result


def findings_count(insp: m.Inspection, pending: bool) -> Count:
    """How many findings an inspection's report made, as far as the documents we hold tell: not yet
    while its report is unpublished, not known where the report is not among the documents, at
    least the ones recorded where a later document recalls only some."""
    if pending:
        return Count.missing(Absence.NOT_YET)
    if insp.findings_known == "not known":
        return Count.missing(Absence.NOT_KNOWN)
    return Count.of(len(insp.findings), at_least=insp.findings_known == "some")


# --------------------------------------------------------------------------- the board report

BOARD_FALLBACK_MONTHS = 3  # with no board date listed, the quarter before and after stand in


@dataclass(frozen=True)
class Board:
    """A board meeting date the report looks back or forward to."""

    day: date
    listed: bool  # False: no board date is listed, so the quarter before (or after) stands in


def boards(dates: list[date], as_at: date) -> tuple[Board, Board]:
    """The previous board (the latest listed date before the as-at date, else the quarter before)
    and the next (the first listed date after it, else three months on)."""
    before = [d for d in dates if d < as_at]
    after = [d for d in dates if d > as_at]
    previous = Board(max(before), True) if before else Board(months_before(as_at, BOARD_FALLBACK_MONTHS), False)
    upcoming = Board(min(after), True) if after else Board(months_before(as_at, -BOARD_FALLBACK_MONTHS), False)
    return previous, upcoming


def board_dates(plan: m.Plan, settings: m.Settings) -> list[date]:
    """The board dates for a plan: its own list when it has one, else the site's."""
    return list(plan.board_dates or settings.board_dates)


def is_exception(level: m.RagLevel, rag: list[m.RagLevel]) -> bool:
    """Whether a board report lists actions at this level as exceptions: as the level says, else
    every level but the last listed (the best)."""
    if any(r.exception is not None for r in rag):
        return bool(level.exception)
    return level.key != rag[-1].key


@dataclass(frozen=True)
class RatingChange:
    """A progress or impact rating given since the previous board, with the one it replaced."""

    key: str  # action key
    update: m.StatusUpdate
    progress_before: str | None  # the progress rating it replaced (from the newest earlier update giving one)
    impact_before: str | None


@dataclass(frozen=True)
class Revised:
    """A revised due date, with the due date it replaced."""

    key: str  # action key
    revision: m.Revision
    replaced: date | None


@dataclass
class BoardReport:
    """One plan's progress as at the as-at date, for a board: headline, exceptions first, what
    changed since the previous board, then every action. Where the plan's progress is not recorded
    in the sources, nothing is counted or flagged."""

    plan: str
    as_at: date
    recorded: bool
    record_ends: m.PartialDate | None
    previous: Board
    next: Board
    actions: list[str]  # every action key, in number order
    counts: Counter  # progress RAG key (None: not yet rated) -> actions; empty when not recorded
    completed: list[str] = field(default_factory=list)
    overdue: list[str] = field(default_factory=list)
    due_before_next: list[str] = field(default_factory=list)  # open, due after the as-at date, by the next board
    not_updated: list[str] = field(default_factory=list)  # open, no update since the previous board
    exceptions: list[str] = field(default_factory=list)  # open, progress rated at an exception level
    revisions: list[Revised] = field(default_factory=list)  # every revised due date known
    changes: list[RatingChange] = field(default_factory=list)  # updates since the previous board, newest first
    completed_since: list[str] = field(default_factory=list)
    revised_since: list[Revised] = field(default_factory=list)
    newly_overdue: list[str] = field(default_factory=list)  # due dates passed since the previous board


def board_report(facts: Facts, pid: str) -> BoardReport:
    """The board report for one plan as at the facts' date."""
    project = facts.known.project if facts.known else None
    bundle = project.plans[pid]
    settings = project.settings
    as_at = facts.as_at
    previous, upcoming = boards(board_dates(bundle.plan, settings), as_at)
    keys = [k for k, a in facts.actions.items() if a.plan == pid]
    progress = facts.plans[pid]
    report = BoardReport(pid, as_at, progress.recorded, progress.record_ends, previous, upcoming, keys,
                         facts.counts(keys) if progress.recorded else Counter())

    levels = {r.key: r for r in settings.rag}

    def since(day: date) -> bool:
        return previous.day < day <= as_at

    for key in keys:
        a = facts.actions[key]
        act = a.action
        replaced = act.due
        for revision in act.revisions:  # the cut keeps only revisions made by the as-at date
            revised = Revised(key, revision, replaced)
            report.revisions.append(revised)
            if since(revision.date):
                report.revised_since.append(revised)
            replaced = revision.due
        if a.completed:
            report.completed.append(key)
            if since(act.completed):
                report.completed_since.append(key)
        if not a.recorded:
            continue
        if a.overdue:
            report.overdue.append(key)
            if a.due and since(a.due + timedelta(days=1)):
                report.newly_overdue.append(key)
        if not a.completed and a.due and as_at <= a.due <= upcoming.day:  # due today counts
            report.due_before_next.append(key)
        if not a.completed and not any(since(u.date) for u in act.updates):
            report.not_updated.append(key)
        if not a.completed and a.status.key and is_exception(levels[a.status.key], settings.rag):
            report.exceptions.append(key)
        for i, update in enumerate(act.updates):
            if since(update.date) and (update.progress or update.impact):
                earlier = act.updates[:i]
                report.changes.append(RatingChange(
                    key, update, next((u.progress for u in reversed(earlier) if u.progress), None),
                    next((u.impact for u in reversed(earlier) if u.impact), None)))
    report.changes.sort(key=lambda c: c.update.date, reverse=True)
    order = {r.key: i for i, r in enumerate(settings.rag)}
    report.exceptions.sort(key=lambda k: (order[facts.actions[k].status.key], keys.index(k)))
    return report


def data_updated(cut: Known) -> m.PartialDate | None:
    """The date of the newest record known on the as-at date ("data last updated"), from the data
    alone, never the clock: publications, plan starts, status updates, completions, evidence, events
    and figures. A partial date counts from its last day."""
    project = cut.project
    dates: list[m.PartialDate] = []
    for iid, insp in project.inspections.items():
        dates.append(insp.published or insp.start)
    for bundle in project.plans.values():
        if bundle.plan.start:
            dates.append(bundle.plan.start)
        for action in bundle.actions.values():
            dates += [m.PartialDate.of(u.date) for u in action.updates]
            dates += [m.PartialDate.of(action.completed)] if action.completed else []
            dates += [m.PartialDate.of(r.date) for r in action.revisions]
            dates += [e.date for e in action.evidence]
    dates += [e.date for e in project.events]
    dates += [p.date for metric in project.metrics.values() for p in metric.values]
    known_dates = [d for d in dates if d.last_day <= cut.as_at]
    return max(known_dates, key=lambda d: (d.last_day, d.sort_key)) if known_dates else None


def objective_of(number: str) -> str:
    """Return the objective number an action number belongs to (3.1 -> 3)."""
    return number.rsplit(".", 1)[0]


def recent_events(project: m.Project, n: int = 5) -> list[m.Event]:
    """The newest n typed events of the (already cut) project, newest first."""
    return list(reversed(project.events[-n:]))


# --------------------------------------------------------------------------- the journey timeline


@dataclass(frozen=True)
class Entry:
    """One line of the journey timeline: typed in plans/timeline/, or joined from another record."""

    date: m.PartialDate
    title: str
    category: str
    description: str | None
    links: tuple[tuple[str, str], ...]  # (kind, target): ("inspection", id), ("action", "plan/3.1") ...
    automatic: bool  # joined from an inspection, plan or completed action, not typed as an event
    uncertain: tuple[str, ...] = ()  # uncertain kinds to mark beside the date
    alternative: tuple[m.PartialDate, ...] = ()  # other readings of the date
    later: tuple[m.Later, ...] = ()  # what was known later, shown by then (the cut keeps only those)


def _inspection_entry(insp: m.Inspection, pending: bool) -> str:
    by = f" by {insp.inspectorate}" if insp.inspectorate else " (the documents do not say by whom)"
    if pending:
        return f"{insp.kind.capitalize()}{by}. Its report had not been published by this date."
    grades = overall_judgements(insp)
    if not grades:
        return f"{insp.kind.capitalize()}{by}."
    said = "; ".join(f"{service}: {grade}" if service else grade for service, grade in grades)
    return f"{insp.kind.capitalize()}{by}. Overall judgement{'s' if len(grades) > 1 else ''}: {said}."


def timeline(project: m.Project, as_at: date, cut: Known | None = None) -> list[Entry]:
    """Every journey event known on the as-at date, oldest first. Inspections, plan start and end
    dates and completed actions join automatically unless a typed event already links to them."""
    cut = cut or known(project, as_at)
    project = cut.project
    typed_links = {link for e in project.events for link in e.related}
    entries: list[tuple[tuple, int, Entry]] = []
    for i, e in enumerate(project.events):
        links = tuple(tuple(link.split(":", 1)) for link in e.related)
        entries.append((e.date.sort_key, i, Entry(e.date, e.title, e.category, e.description, links, False,
                                                  tuple(e.uncertain), tuple(e.alternative), tuple(e.later))))
    order = len(entries)

    def add(day: m.PartialDate, *args, uncertain: tuple[str, ...] = (), alternative=()) -> None:
        nonlocal order
        if day.last_day <= as_at:
            entries.append((day.sort_key, order, Entry(day, *args, True, uncertain, tuple(alternative))))
            order += 1

    for iid, insp in project.inspections.items():
        if f"inspection:{iid}" not in typed_links:
            add(insp.start, insp.title, "inspection", _inspection_entry(insp, iid in cut.pending),
                (("inspection", iid),), uncertain=tuple(k for k in insp.uncertain if k in m.DATE_KINDS),
                alternative=insp.alternative)
    for pid, bundle in project.plans.items():
        plan = bundle.plan
        if f"plan:{pid}" not in typed_links:
            if plan.start:
                add(plan.start, f"{plan.title} begins", "plan", None, (("plan", pid),))
            elif plan.published:
                add(plan.published, f"{plan.title} published", "plan", None, (("plan", pid),),
                    uncertain=tuple(k for k in plan.uncertain if k in m.DATE_KINDS), alternative=plan.alternative)
            else:
                add(m.PartialDate.of(cut.plan_from[pid].day), f"{plan.title} published", "plan", None,
                    (("plan", pid),), uncertain=("published",))
        if plan.end:
            add(plan.end, f"{plan.title}: period ends", "plan", None, (("plan", pid),))
        for number, action in bundle.actions.items():
            if action.completed and f"action:{pid}/{number}" not in typed_links:
                add(m.PartialDate.of(action.completed), f"Action {number} completed: {action.title}", "plan", None,
                    (("action", f"{pid}/{number}"),))
    entries.sort(key=lambda item: (item[0], item[1]))
    return [e for _, _, e in entries]
