"""What was known when: the as-at date is the whole site's clock. `known()` cuts the project down
to what was known on the as-at date (inspections whose outcome was published, plans from their own
publication, values, updates and events dated on or before it, each uncertain date from its latest
possible reading; a partial date counts from the last day it could mean), and every page is rendered
from that cut, so nothing later can appear anywhere."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from journey.inputs import model as m
from journey.inputs.refs import ActionKey, Ref


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
    sources: list = field(default_factory=list)  # the documents the site draws on: published by then, or cited
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
    inspections = _inspections(project, as_at, out)
    findings = {Ref.of(iid, f.id) for iid, insp in inspections.items() for f in insp.findings}
    reported_ids = {iid for iid in inspections if iid not in out.pending}

    def points(values: list[str]) -> list[str]:
        """Findings, or whole inspections, known by then."""
        return [r for r in values if r in findings or r in reported_ids]

    for iid, insp in list(inspections.items()):
        if insp.findings:
            inspections[iid] = insp.model_copy(update={"findings": [
                f.model_copy(update={"repeats": points(f.repeats)}) for f in insp.findings]})
    plans = _plans(project, as_at, out, findings, points)
    out.sources_later = {d.id for d in project.settings.sources if d.date.last_day > as_at}
    metrics = _metrics(project, as_at)
    targets = {"inspection": set(inspections), "plan": set(plans), "finding": findings, "metric": set(metrics),
               "action": {ActionKey.of(pid, n) for pid, b in plans.items() for n in b.actions}}
    events = []
    for e in project.events:
        if known_from(e) > as_at:
            continue
        related = [r for r in e.related if r.target in targets[r.kind]]
        later = _later(e.later, as_at)
        events.append(e.model_copy(update={"related": related, "later": later})
                      if related != e.related or later != e.later else e)
    out.project = m.Project(project.settings, inspections, plans, events, metrics, project.paths, project.assets)
    cited = _cited(out.project)
    out.sources = [d for d in project.settings.sources if d.date.last_day <= as_at or d.id in cited]
    return out


def _cited(project: m.Project) -> set[str]:
    """Every document a record of the (cut) project cites: a record may draw on a document published
    later than the record's own date (a visit known only from a later letter)."""
    records = [*project.inspections.values(), *(b.plan for b in project.plans.values()), *project.events,
               *project.metrics.values()]
    cited = {r.source.document for r in records}
    cited |= {x.source.document for r in records for x in getattr(r, "later", []) if x.source}
    cited |= {ev.source.document for b in project.plans.values() for a in b.actions.values() for ev in a.evidence}
    return cited


def _inspections(project: m.Project, as_at: date, out: Known) -> dict[str, m.Inspection]:
    """The inspections held by the as-at date: without their outcome where it was not yet published,
    without their end where they were still under way."""
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
    return inspections


def _plans(project: m.Project, as_at: date, out: Known, findings: set, points) -> dict[str, m.PlanBundle]:
    """The plans known by the as-at date, oldest first, each with what was recorded of it by then."""
    def refs(values: list[str]) -> list[str]:
        return [r for r in values if r in findings]

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
    return dict(sorted(plans.items(), key=lambda kv: (out.plan_from[kv[0]].day, kv[0])))  # oldest first


def _metrics(project: m.Project, as_at: date) -> dict[str, m.Metric]:
    """Each series with the figures published by the as-at date (none: the series is left out)."""
    documents = {d.id: d for d in project.settings.sources}
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
    return metrics
