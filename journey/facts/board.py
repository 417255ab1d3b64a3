"""The board report's facts: one plan's progress as at the as-at date, the previous and next boards,
exceptions first, what changed since the previous board."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from journey.inputs import model as m
from journey.facts.dates import months_before
from journey.facts.derive import Facts


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
