"""An action's standing as at the as-at date: its rating, due date in force, overdue, due soon, stale,
completion. Where a plan's progress is not recorded, none of its actions is counted or flagged."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from journey.inputs import model as m
from journey.inputs.refs import ActionKey
from journey.facts.absence import Absence, Count
from journey.facts.dates import months_before


NOT_RATED = "not yet rated"


NOT_RECORDED = "progress not known"  # an action of a plan whose progress no document records


DUE_SOON_DAYS = 90
DUE_SOON = f"due in the next {DUE_SOON_DAYS} days"  # the words for is_due_soon, wherever it is shown
STALE = "no update for over a quarter"  # the words for is_stale


QUARTER_MONTHS = 3


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
    """Due between the as-at date (today counts) and DUE_SOON_DAYS after it, and not completed."""
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
    def key(self) -> ActionKey:
        return ActionKey.of(self.plan, self.number)

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


def _plan_progress(pid: str, bundle: m.PlanBundle, actions: list[ActionFacts]) -> PlanProgress:
    plan = bundle.plan
    recorded = progress_recorded(plan)
    counts = Counter(a.status.key for a in actions) if recorded else Counter()
    rated = sum(1 for a in actions if a.action.updates)
    count = Count.of(len(actions)) if plan.actions == "recorded" else Count.missing(Absence.NOT_KNOWN)
    return PlanProgress(pid, recorded, plan.record_ends, len(actions), count, counts,
                        sum(a.overdue for a in actions), sum(a.due_soon for a in actions),
                        sum(a.stale for a in actions), sum(a.completed for a in actions), rated)


def objective_of(number: str) -> str:
    """Return the objective number an action number belongs to (3.1 -> 3)."""
    return number.rsplit(".", 1)[0]
