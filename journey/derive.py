"""As-at facts computed from the model: the as-at date passed in is the only clock."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from . import model as m

NOT_RATED = "not yet rated"


@dataclass(frozen=True)
class Status:
    """An action's standing on the as-at date."""

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


def status_counts(project: m.Project, as_at: date) -> list[tuple[str | None, str, int]]:
    """Count actions by status across all plans, in RAG-scale order, 'not yet rated' last."""
    counts: Counter = Counter()
    for bundle in project.plans.values():
        for action in bundle.actions.values():
            counts[status(action, project.settings, as_at).key] += 1
    rows = [(r.key, r.label, counts[r.key]) for r in project.settings.rag]
    rows.append((None, NOT_RATED, counts[None]))
    return rows


@dataclass(frozen=True)
class Answer:
    """What answers one finding in one plan: the objectives, and the actions under them."""

    plan: str
    objectives: tuple[str, ...]
    actions: tuple[str, ...]


def answering(project: m.Project) -> dict[str, list[Answer]]:
    """Map each finding ref ('inspection/finding') to what answers it, plan by plan.

    An action answers a finding when its objective does, or when it names the finding itself.
    """
    out: dict[str, list[Answer]] = {}
    for pid, bundle in project.plans.items():
        refs: dict[str, tuple[list[str], list[str]]] = {}
        for section in bundle.plan.sections:
            for objective in section.objectives:
                for ref in objective.answers:
                    refs.setdefault(ref, ([], []))[0].append(objective.number)
        for number, action in bundle.actions.items():
            for ref, (objectives, actions) in refs.items():
                if objective_of(number) in objectives:
                    actions.append(number)
            for ref in action.answers:
                entry = refs.setdefault(ref, ([], []))
                if number not in entry[1]:
                    entry[1].append(number)
        for ref, (objectives, actions) in refs.items():
            ordered = tuple(sorted(set(actions), key=m.number_key))
            out.setdefault(ref, []).append(Answer(pid, tuple(objectives), ordered))
    return out


def objective_of(number: str) -> str:
    """Return the objective number an action number belongs to (3.1 -> 3)."""
    return number.rsplit(".", 1)[0]
