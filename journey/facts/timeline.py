"""The journey timeline: typed events, and inspections, plan milestones and completed actions joined
from their own records."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from journey.inputs import model as m
from journey.inputs.refs import ActionKey, Link
from journey.facts.inspections import judgements_said, overall_judgements
from journey.facts.known import Known, known


@dataclass(frozen=True)
class Entry:
    """One line of the journey timeline: typed in plans/timeline/, or joined from another record."""

    date: m.PartialDate
    title: str
    category: str
    description: str | None
    links: tuple[tuple[str, str], ...]  # (kind, target): ("inspection", Ref), ("action", ActionKey) ... (refs.Link.ref)
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
    said = judgements_said(grades)
    return f"{insp.kind.capitalize()}{by}. Overall judgement{'s' if len(grades) > 1 else ''}: {said}."


def timeline(project: m.Project, as_at: date, cut: Known | None = None) -> list[Entry]:
    """Every journey event known on the as-at date, oldest first. Inspections, plan start and end
    dates and completed actions join automatically unless a typed event already links to them."""
    cut = cut or known(project, as_at)
    project = cut.project
    typed_links = {link for e in project.events for link in e.related}
    entries: list[tuple[tuple, int, Entry]] = []
    for i, e in enumerate(project.events):
        links = tuple((link.kind, link.ref) for link in e.related)
        entries.append((e.date.sort_key, i, Entry(e.date, e.title, e.category, e.description, links, False,
                                                  tuple(e.uncertain), tuple(e.alternative), tuple(e.later))))
    order = len(entries)

    def add(day: m.PartialDate, *args, uncertain: tuple[str, ...] = (), alternative=()) -> None:
        nonlocal order
        if day.last_day <= as_at:
            entries.append((day.sort_key, order, Entry(day, *args, True, uncertain, tuple(alternative))))
            order += 1

    for iid, insp in project.inspections.items():
        if Link.of("inspection", iid) not in typed_links:
            add(insp.start, insp.title, "inspection", _inspection_entry(insp, iid in cut.pending),
                (("inspection", iid),), uncertain=tuple(k for k in insp.uncertain if k in m.DATE_KINDS),
                alternative=insp.alternative)
    for pid, bundle in project.plans.items():
        plan = bundle.plan
        if Link.of("plan", pid) not in typed_links:
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
            if action.completed and Link.of("action", ActionKey.of(pid, number)) not in typed_links:
                add(m.PartialDate.of(action.completed), f"Action {number} completed: {action.title}", "plan", None,
                    (("action", ActionKey.of(pid, number)),))
    entries.sort(key=lambda item: (item[0], item[1]))
    return [e for _, _, e in entries]
