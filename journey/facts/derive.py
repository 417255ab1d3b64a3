"""Every fact the pages show, computed once from the project as at one date (facts()), from the cut of
what was known then (known.py). The as-at date passed in is the only clock: nothing here reads today's
date, so the same plans and as-at date always give the same facts."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from journey.inputs import model as m
from journey.inputs.refs import Ref
from journey.facts import answers as ans
from journey.facts.absence import Absence, Count
from journey.facts.actions import NOT_RATED, QUARTER_MONTHS, ActionFacts, PlanProgress, _plan_progress, action_facts
from journey.facts.dates import months_before
from journey.facts.figures import Headline, headline
from journey.facts.inspections import Recurrence, _recurrence, findings_count, judges_the_service
from journey.facts.known import Known, known, known_from


ANSWERABLE = ans.ANSWERABLE


CHANGES_SHOWN = 10  # the home page lists this many status updates, then counts the rest


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
    def key(self) -> Ref:
        return Ref.of(self.inspection, self.finding.id)


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
    """A readable web-address part: 'Coventry City Council' -> 'coventry-city-council', 'Conwy Môn
    Partnership' -> 'conwy-mon-partnership' (Python-Markdown's slugify, which folds accents away); an
    apostrophe joins (childrens-services), any other mark between words parts them."""
    from markdown.extensions.toc import slugify

    words = re.sub(r"[\W_]+", " ", re.sub("['’]", "", text))
    return slugify(words, "-")[:SLUG_MAX].rstrip("-") or "lead"


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


def facts(project: m.Project, as_at: date) -> Facts:
    """Compute every as-at fact the pages show, from what was known on the as-at date."""
    cut = known(project, as_at)
    project = cut.project
    settings = project.settings
    event_links: dict[str, list[m.Event]] = {}
    for event in project.events:
        for link in event.related:
            if link.kind == "action":
                event_links.setdefault(link.target, []).append(event)

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
                key = Ref.of(iid, f.id)
                answer = result.answers[key]
                result.register.append(RegisterRow(
                    iid, f, answer.actions, result.point_progress(answer, settings.rag),
                    tuple(repeats.get(key, [])), tuple(raised_again.get(key, [])), tuple(related.get(key, [])),
                    answer, Ref.of(iid, point.id) if f is not point else None))
    return result


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


def recent_events(project: m.Project, n: int = 5) -> list[m.Event]:
    """The newest n typed events of the (already cut) project, newest first."""
    return list(reversed(project.events[-n:]))
