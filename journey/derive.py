"""As-at facts computed from the model. The as-at date passed in is the only clock: nothing here
reads today's date, so the same plans and as-at date always give the same facts."""

from __future__ import annotations

import calendar
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from . import model as m

NOT_RATED = "not yet rated"
DUE_SOON_DAYS = 90
QUARTER_MONTHS = 3
ANSWERABLE = ("area for improvement", "what needs to improve", "recommendation")
CHANGES_SHOWN = 10  # the home page lists this many status updates, then counts the rest


def months_before(day: date, months: int) -> date:
    """The same day of the month `months` earlier, clamped to the month's end (31 May -> 28 Feb)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Status:
    """An action's RAG standing on the as-at date."""

    key: str | None  # RAG key, or None when not yet rated
    label: str
    update: m.StatusUpdate | None


def latest_update(action: m.Action, as_at: date) -> m.StatusUpdate | None:
    """Return the newest update dated on or before as_at (later ones have not happened yet)."""
    seen = [u for u in action.updates if u.date <= as_at]
    return seen[-1] if seen else None


def status(action: m.Action, settings: m.Settings, as_at: date) -> Status:
    """Return the progress RAG of an action as at a date, or 'not yet rated'."""
    update = latest_update(action, as_at)
    if update is None or update.progress is None:
        return Status(None, NOT_RATED, update)
    level = next(r for r in settings.rag if r.key == update.progress)
    return Status(level.key, level.label, update)


def is_completed(action: m.Action, as_at: date) -> bool:
    return action.completed is not None and action.completed <= as_at


def is_overdue(action: m.Action, as_at: date) -> bool:
    """Past its due date (due yesterday or earlier) and not completed by the as-at date."""
    return action.due is not None and action.due < as_at and not is_completed(action, as_at)


def is_due_soon(action: m.Action, as_at: date) -> bool:
    """Due between the as-at date (today counts) and 90 days after it, and not completed."""
    return (action.due is not None and as_at <= action.due <= as_at + timedelta(days=DUE_SOON_DAYS)
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
    answers: list[str] = field(default_factory=list)  # finding refs, via its objective or its own
    themes: list[str] = field(default_factory=list)
    events: list[m.Event] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.plan}/{self.number}"

    @property
    def last_update(self) -> date | None:
        return self.status.update.date if self.status.update else None


@dataclass(frozen=True)
class Headline:
    """A metric's latest value as at the reporting date and its direction of travel."""

    metric: str
    latest: m.Point
    previous: m.Point | None
    direction: str  # "up", "down", "no change" or "" when there is nothing to compare
    verdict: str  # "better", "worse" or "" (when up is neither good nor bad, or no change)


@dataclass(frozen=True)
class Recurrence:
    inspection: str
    year: int
    findings: tuple[str, ...]  # finding refs sharing a theme


@dataclass(frozen=True)
class RegisterRow:
    """One point to improve, with what answers it (coverage), progress and recurrence."""

    inspection: str
    finding: m.Finding
    answers: tuple[str, ...]  # action keys
    progress: str  # e.g. "2 red, 1 not yet rated; 1 overdue", or "" when nothing answers it
    recurrence: tuple[Recurrence, ...]

    @property
    def key(self) -> str:
        return f"{self.inspection}/{self.finding.id}"


@dataclass
class Facts:
    """Everything derived from the project as at one date; computed once, read by every page."""

    as_at: date
    previous_date: date
    actions: dict[str, ActionFacts]  # by "plan/number", in plan then number order
    answered_by: dict[str, list[str]]  # finding ref -> action keys
    objectives_for: dict[str, list[tuple[str, str]]]  # finding ref -> (plan, objective number)
    recurrence: dict[str, list[Recurrence]]  # finding ref -> other inspections raising its themes
    headlines: list[Headline]
    leads: dict[str, tuple[str, list[tuple[str, str]]]]  # slug -> (name, [(role, action key)])
    latest_judgement: str | None  # inspection id
    changes: dict[str, list]  # what happened after previous_date, up to as_at
    register: list[RegisterRow] = field(default_factory=list)

    def counts(self, keys: list[str] | None = None) -> Counter:
        """Count actions (all, or these) by RAG key, None for not yet rated."""
        chosen = self.actions.values() if keys is None else [self.actions[k] for k in keys]
        return Counter(a.status.key for a in chosen)

    def progress(self, keys: list[str], rag: list[m.RagLevel]) -> str:
        """Summarise these actions' progress in words: '2 red, 1 not yet rated; 1 overdue'."""
        if not keys:
            return ""
        counts = self.counts(keys)
        parts = [f"{counts[r.key]} {r.key}" for r in rag if counts[r.key]]
        if counts[None]:
            parts.append(f"{counts[None]} {NOT_RATED}")
        text = ", ".join(parts)
        for flag, word in (("overdue", "overdue"), ("completed", "completed")):
            n = sum(1 for k in keys if getattr(self.actions[k], flag))
            if n:
                text += f"; {n} {word}"
        return text


def slug(text: str) -> str:
    """A readable web-address part: 'Coventry City Council' -> 'coventry-city-council'."""
    return re.sub(r"[^a-z0-9]+", "-", re.sub("['’]", "", text.lower())).strip("-") or "lead"


def _headline(ident: str, metric: m.Metric, as_at: date) -> Headline | None:
    points = [p for p in metric.values if p.date.first_day <= as_at]
    if not points:
        return None
    points.sort(key=lambda p: p.date)
    latest, previous = points[-1], (points[-2] if len(points) > 1 else None)
    direction = verdict = ""
    if previous is not None:
        diff = Decimal(latest.value) - Decimal(previous.value)
        direction = "up" if diff > 0 else "down" if diff < 0 else "no change"
        if metric.better != "neither" and diff:
            verdict = "better" if (diff > 0) == (metric.better == "higher") else "worse"
    return Headline(ident, latest, previous, direction, verdict)


def facts(project: m.Project, as_at: date) -> Facts:
    """Compute every as-at fact the pages show."""
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
    for pid, bundle in project.plans.items():
        where = {o.number: (o, s) for s in bundle.plan.sections for o in s.objectives}
        for s in bundle.plan.sections:
            for o in s.objectives:
                for ref in o.answers:
                    objectives_for.setdefault(ref, []).append((pid, o.number))
        for number, action in bundle.actions.items():
            objective, section = where.get(objective_of(number), (None, None))
            refs = list(dict.fromkeys((objective.answers if objective else []) + action.answers))
            themes = list(dict.fromkeys(action.themes + (objective.themes if objective else [])))
            facts_ = ActionFacts(pid, number, action, objective, section, status(action, settings, as_at),
                                 is_completed(action, as_at), is_overdue(action, as_at),
                                 is_due_soon(action, as_at), is_stale(action, as_at), refs, themes,
                                 event_links.get(f"{pid}/{number}", []))
            actions[facts_.key] = facts_
            for ref in refs:
                answered_by.setdefault(ref, []).append(facts_.key)

    # Recurrence: the same theme raised as something to improve by other inspections.
    raised: dict[str, list[tuple[str, int, str]]] = {}
    for iid, insp in project.inspections.items():
        for f in insp.findings:
            if f.kind in ANSWERABLE:
                for theme in f.themes:
                    raised.setdefault(theme, []).append((iid, insp.start.year, f"{iid}/{f.id}"))
    recurrence: dict[str, list[Recurrence]] = {}
    for iid, insp in project.inspections.items():
        for f in insp.findings:
            if f.kind not in ANSWERABLE:
                continue
            others: dict[str, list[str]] = {}
            for theme in f.themes:
                for other, _year, ref in raised.get(theme, []):
                    if other != iid and ref not in others.setdefault(other, []):
                        others[other].append(ref)
            recurrence[f"{iid}/{f.id}"] = [
                Recurrence(other, project.inspections[other].start.year, tuple(refs))
                for other, refs in sorted(others.items(), key=lambda kv: (project.inspections[kv[0]].start, kv[0]))]

    by_name: dict[str, list[tuple[str, str]]] = {}
    for key, a in actions.items():
        for i, name in enumerate(a.action.leads):
            by_name.setdefault(name, []).append(("lead" if i == 0 else "partner", key))
    leads: dict[str, tuple[str, list[tuple[str, str]]]] = {}
    for name in sorted(by_name, key=lambda n: (n.lower(), n)):
        ident, n = slug(name), 2
        while ident in leads:  # two spellings with one address: keep them apart
            ident, n = f"{slug(name)}-{n}", n + 1
        leads[ident] = (name, by_name[name])

    graded = [iid for iid, insp in project.inspections.items() if insp.overall and insp.start.first_day <= as_at]
    previous_date = months_before(as_at, QUARTER_MONTHS)

    def in_window(day: date) -> bool:
        return previous_date < day <= as_at

    changes = {
        "updates": sorted(((key, u) for key, a in actions.items() for u in a.action.updates if in_window(u.date)),
                          key=lambda item: item[1].date, reverse=True),  # newest first; stable by plan order
        "completed": [key for key, a in actions.items() if a.action.completed and in_window(a.action.completed)],
        "events": [e for e in project.events if in_window(e.date.first_day)],
        "inspections": [iid for iid, insp in project.inspections.items()
                        if in_window(insp.start.first_day) or (insp.published and in_window(insp.published.first_day))],
    }
    headlines = [h for ident, metric in project.metrics.items() if (h := _headline(ident, metric, as_at))]
    result = Facts(as_at, previous_date, actions, answered_by, objectives_for, recurrence, headlines, leads,
                   graded[-1] if graded else None, changes)
    for iid, insp in project.inspections.items():
        for f in insp.findings:
            if f.kind in ANSWERABLE:
                key = f"{iid}/{f.id}"
                answers = answered_by.get(key, [])
                result.register.append(RegisterRow(iid, f, tuple(answers), result.progress(answers, settings.rag),
                                                   tuple(recurrence.get(key, []))))
    return result


def objective_of(number: str) -> str:
    """Return the objective number an action number belongs to (3.1 -> 3)."""
    return number.rsplit(".", 1)[0]


# --------------------------------------------------------------------------- the journey timeline

JUDGED_KINDS = ("full inspection", "re-inspection")  # inspections whose overall grade is the service's


@dataclass(frozen=True)
class Entry:
    """One line of the journey timeline: typed in plans/timeline/, or joined from another record."""

    date: m.PartialDate
    title: str
    category: str
    description: str | None
    links: tuple[tuple[str, str], ...]  # (kind, target): ("inspection", id), ("action", "plan/3.1") ...
    automatic: bool  # joined from an inspection, plan or completed action, not typed as an event
    note: str | None = None


def timeline(project: m.Project, as_at: date) -> list[Entry]:
    """Every journey event up to the as-at date, oldest first. Inspections, plan start and end
    dates and completed actions join automatically unless a typed event already links to them."""
    typed_links = {link for e in project.events for link in e.related}
    entries: list[tuple[tuple, int, Entry]] = []
    for i, e in enumerate(project.events):
        links = tuple(tuple(link.split(":", 1)) for link in e.related)
        entries.append((e.date.sort_key, i, Entry(e.date, e.title, e.category, e.description, links, False, e.note)))
    order = len(entries)
    for iid, insp in project.inspections.items():
        if f"inspection:{iid}" in typed_links:
            continue
        grade = f" Overall judgement: {insp.overall}." if insp.overall else ""
        entries.append((insp.start.sort_key, order, Entry(insp.start, insp.title, "inspection",
                                                          f"{insp.kind.capitalize()} by {insp.inspectorate}.{grade}",
                                                          (("inspection", iid),), True)))
        order += 1
    for pid, bundle in project.plans.items():
        plan = bundle.plan
        if plan.start and f"plan:{pid}" not in typed_links:
            day = m.PartialDate(plan.start.year, plan.start.month, plan.start.day)
            entries.append((day.sort_key, order, Entry(day, f"{plan.title} begins", "plan", None,
                                                        (("plan", pid),), True)))
            order += 1
        if plan.end:
            day = m.PartialDate(plan.end.year, plan.end.month, plan.end.day)
            entries.append((day.sort_key, order, Entry(day, f"{plan.title}: period ends", "plan", None,
                                                        (("plan", pid),), True)))
            order += 1
        for number, action in bundle.actions.items():
            if action.completed and f"action:{pid}/{number}" not in typed_links:
                day = m.PartialDate(action.completed.year, action.completed.month, action.completed.day)
                entries.append((day.sort_key, order, Entry(day, f"Action {number} completed: {action.title}", "plan",
                                                            None, (("action", f"{pid}/{number}"),), True)))
                order += 1
    entries.sort(key=lambda item: (item[0], item[1]))
    return [e for _, _, e in entries if e.date.first_day <= as_at]
