"""What each page kind shows: its pages and what each page's template is given."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup

from journey import facts as derive
from journey.downloads import report as rp
from journey.inputs import model as m
from journey.inputs.refs import Ref
from journey.facts.absence import Absence, Count
from journey.pages.downloads import Download, download_list
from journey.pages.fragments import Marks, filter_controls, hyperlink, register_table, timeline_filter, timeline_list
from journey.pages.urls import action_src, board_src, inspection_src, lead_src, link, plan_src, theme_src


FINDING_KINDS = [
    ("what needs to improve", "What needs to improve"),
    ("area for improvement", "Areas for improvement"),
    ("recommendation", "Recommendations"),
    ("strength", "Strengths"),
    ("finding", "Other findings"),
]


def short_labels(project: m.Project) -> dict[str, str]:
    """Name each finding within its inspection as readers would: 'area for improvement 2'."""
    labels = {}
    for ident, insp in project.inspections.items():
        seen: dict[str, int] = {}
        for f in insp.findings:
            seen[f.kind] = seen.get(f.kind, 0) + 1
            labels[Ref.of(ident, f.id)] = f"{f.kind} {seen[f.kind]}"
    return labels


# How much search favours a page kind (Material's per-page search boost, from the front matter): a
# theme page and the newest inspections come before the many action pages that mention the same words;
# an action still comes first for its own number, which its title carries.
BOOST_THEME = 4.0


BOOST_INSPECTION = (1.5, 3.0)  # oldest to newest


BOOST_ACTION = 0.6


BOOST_BOARD = 0.4  # a board report lists every action: it should not come before the action itself


def plan_answers_html(plan: m.Plan, here: str, project: m.Project, labels: dict[str, str], marks: Marks) -> Markup:
    """What a whole plan says it answers, in a sentence ('It probably answers what ... found.'), or what
    its objectives answer ('Its objectives answer 3 points of the interim focused visit of May 2021.')."""
    if not plan.answers:
        by_visit: dict[str, set[str]] = {}
        for section in plan.sections:
            for o in section.objectives:
                for ref in o.answers:  # counted as distinct points: a finding expanding another is the same
                    iid, fid = ref.inspection, ref.finding
                    finding = next((f for f in project.inspections[iid].findings if f.id == fid), None)
                    by_visit.setdefault(iid, set()).add(finding.expands if finding and finding.expands else fid)
        parts = [Markup("{} point{} raised by the ").format(len(refs), "" if len(refs) == 1 else "s")
                 + hyperlink(link(here, inspection_src(iid)), _visit_words(project.inspections[iid]))
                 for iid, refs in by_visit.items()]
        return (Markup("Its objectives answer ") + Markup(", and ").join(parts) + Markup(".")) if parts else Markup("")
    parts = []
    for ref in plan.answers:
        iid, fid = ref.inspection, ref.finding
        insp = project.inspections[iid]
        if fid:
            parts.append(hyperlink(link(here, inspection_src(iid), fid), labels[ref]))
        else:
            parts.append(Markup("what the ") + hyperlink(link(here, inspection_src(iid)), _visit_words(insp))
                         + Markup(" found"))
    probable = "answers" in plan.uncertain
    joined = Markup(", and ").join(parts)
    return (Markup("It probably answers ") + joined + marks(["answers"]) + Markup(".")) if probable else \
        (Markup("It answers ") + joined + Markup("."))


INTRO_PLACEHOLDERS = ("{first visit}", "{latest visit}", "{as at}")


def _visit_words(insp: m.Inspection) -> str:
    when = f"{m.MONTHS[insp.start.month - 1]} {insp.start.year}" if insp.start.month else str(insp.start.year)
    return f"{insp.kind} of {when}"


def fill_intro(text: str, project: m.Project, facts: derive.Facts) -> str | None:
    """The site's introduction with its placeholders filled from what was known on the as-at date
    ({first visit}, {latest visit}, {as at}); None where one has nothing to name yet (no visit held)."""
    visits = list(project.inspections.values())
    values = {"{as at}": m.human(facts.as_at)}
    if visits:
        values["{first visit}"] = _visit_words(visits[0])
        values["{latest visit}"] = _visit_words(project.inspections[facts.latest_visit])
    for placeholder in INTRO_PLACEHOLDERS:
        if placeholder in text:
            if placeholder not in values:
                return None
            text = text.replace(placeholder, values[placeholder])
    return text


def with_search_boost(text: str, boost: float | None) -> str:
    """The page with Material's search boost in its front matter (added, or put into what is there)."""
    if boost is None:
        return text
    entry = f"search:\n  boost: {boost:g}\n"
    if text.startswith("---\n"):
        return "---\n" + entry + text[4:]
    return f"---\n{entry}---\n\n" + text


@dataclass
class Build:
    """What every page kind draws on in one build: the cut project, its facts, and shared lookups."""

    project: m.Project
    facts: derive.Facts
    as_at: date
    downloads: list["Download"]

    @functools.cached_property
    def short(self) -> dict[str, str]:
        return short_labels(self.project)

    @functools.cached_property
    def labels(self) -> dict[str, str]:
        return {ref: f"{self.project.inspections[ref.inspection].title}: {label}" for ref, label in self.short.items()}

    @functools.cached_property
    def entries(self) -> list[derive.Entry]:
        return derive.timeline(self.project, self.as_at, self.facts.known)

    @functools.cached_property
    def theme_pages(self) -> dict[str, tuple]:
        pages = {}
        for theme in self.project.settings.themes:
            raised = [(iid, f) for iid, insp in self.project.inspections.items() for f in insp.findings
                      if theme.id in f.themes]
            objectives = [(pid, o) for pid, b in self.project.plans.items() for s in b.plan.sections
                          for o in s.objectives if theme.id in o.themes]
            actions = [k for k, a in self.facts.actions.items() if theme.id in a.themes]
            pages[theme.id] = (raised, objectives, actions)
        return pages

    @functools.cached_property
    def plans_not_known(self) -> tuple[list[str], list[str]]:
        """The plans on record whose objectives (no sections), and whose actions, are not known: a count
        of either across plans is then only the least it could be."""
        plans = self.project.plans
        return ([pid for pid, b in plans.items() if not b.plan.sections],
                [pid for pid, b in plans.items() if b.plan.actions != "recorded"])

    @functools.cached_property
    def theme_counts(self) -> dict[str, tuple[Count, Count, Count]]:
        """Each theme's objectives, actions and points raised on record, counted as the least they could be where some
        plans' objectives or actions are not known."""
        objectives_unknown, actions_unknown = self.plans_not_known
        findings_unknown = [iid for iid, count in self.facts.findings.items() if not count.known or count.at_least]

        def count(n: int, unknown: list[str]) -> Count:
            if not unknown:
                return Count.of(n)
            return Count.of(n, at_least=True) if n else Count.missing(Absence.NOT_KNOWN)
        return {tid: (count(len(objectives), objectives_unknown), count(len(actions), actions_unknown),
                      count(len(raised), findings_unknown))
                for tid, (raised, objectives, actions) in self.theme_pages.items()}

    @functools.cached_property
    def theme_plan_answers(self) -> dict[str, list[tuple[str, str, bool]]]:
        """For each theme: (plan, finding ref, probable) where a whole plan answers a point on the theme."""
        out: dict[str, list[tuple[str, str, bool]]] = {}
        for tid, (raised, _, _) in self.theme_pages.items():
            for iid, f in raised:
                ref = Ref.of(iid, f.id)
                for p in self.facts.answers[ref].plans if ref in self.facts.answers else []:
                    if p.objective is None:
                        out.setdefault(tid, []).append((p.plan, ref, p.probable))
        return out

    @functools.cached_property
    def theme_years(self) -> dict[str, list[int]]:
        """The years each theme was raised as something to improve (a strength alone does not count)."""
        return {tid: sorted({self.project.inspections[iid].start.year for iid, f in raised if derive.answerable(f)})
                for tid, (raised, _, _) in self.theme_pages.items()}

    @functools.cached_property
    def lead_doubts(self) -> dict[str, int]:
        """For each lead: how many of the actions it leads name it first where which organisation leads
        is an uncertain reading."""
        return {ident: sum(1 for role, key in roles if role == "lead" and self.facts.actions[key].lead_uncertain)
                for ident, (_, roles) in self.facts.leads.items()}

    @functools.cached_property
    def boards(self) -> dict[str, derive.BoardReport]:
        """Each plan's board report facts: shared by its page and its PDF (plans whose actions are known)."""
        return {pid: derive.board_report(self.facts, pid) for pid, bundle in self.project.plans.items()
                if bundle.plan.actions == "recorded"}

    def plan_actions(self, pid: str) -> list[str]:
        return [k for k, a in self.facts.actions.items() if a.plan == pid]


def records_end(b: Build) -> m.PartialDate | None:
    """The date of the newest record, where it is more than OLD_FIGURE_MONTHS before the as-at date: the home
    page then says that nothing later is on record (its statements are where things stood then)."""
    newest = derive.data_updated(b.facts.known)
    old = newest is not None and newest.last_day < derive.months_before(b.as_at, derive.OLD_FIGURE_MONTHS)
    return newest if old else None


def home_plans(project: m.Project) -> tuple[list[str], list[str]]:
    """The plans the home page shows in full (the newest first, and every plan whose actions are
    known), and the earlier ones the documents only mention, shown in a line each."""
    newest_first = list(reversed(project.plans))
    current = [pid for i, pid in enumerate(newest_first) if i == 0 or project.plans[pid].plan.actions == "recorded"]
    return current, [pid for pid in newest_first if pid not in current]


@dataclass(frozen=True)
class Point:
    """One finding as its inspection's page shows it."""

    finding: m.Finding
    key: Ref
    doubts: list[str]  # its uncertain readings, bar the pairing (shown beside "Part of the same point")
    expands: Ref | None  # the finding it spells out, where that is on record
    repeats: list[Ref]  # what it repeats, as its source declares
    again: list[Ref]  # where it was raised again
    related: list  # other inspections raising points on its themes (derive.Recurrence)
    answer: object  # what answers it (derive.Answer); None for a strength or another finding


def _point(b: Build, ident: str, f: m.Finding) -> Point:
    key, facts = Ref.of(ident, f.id), b.facts
    expands = Ref.of(ident, f.expands) if f.expands else None
    answerable = derive.answerable(f)
    return Point(f, key, [k for k in f.uncertain if k != "expands"], expands if expands in b.labels else None,
                 [Ref(r) for r in facts.repeats.get(key, [])], facts.raised_again.get(key, []),
                 facts.related.get(key, []) if answerable else [], facts.answers[key] if answerable else None)


def inspection(b: Build):
    newest = max(len(b.project.inspections) - 1, 1)
    low, high = BOOST_INSPECTION
    cut = b.facts.known
    for rank, (ident, insp) in enumerate(b.project.inspections.items()):
        groups = [(label, [_point(b, ident, f) for f in insp.findings if f.kind == kind]) for kind, label in FINDING_KINDS]
        pending = ident in cut.pending
        grades = derive.overall_judgements(insp)
        yield inspection_src(ident), dict(
            ident=ident, insp=insp, groups=[g for g in groups if g[1]], pending=pending, when=cut.reported[ident],
            under_way=ident in cut.under_way, grades=grades, said=derive.judgements_said(grades),
            by_service=any(j.service for j in insp.judgements),
            earlier_here=[] if pending else b.facts.raised_again.get(ident, []),
            boost=round(low + (high - low) * rank / newest, 2))


REGISTER_WORDS = (("actions", "answered by plan actions"),
                  ("plans", "answered by a plan or its objectives, whose actions are not known"),
                  ("probably", "probably answered by a plan (our reading)"),
                  ("not yet", "not yet answered by any plan on record"),
                  ("not known", "where what answered them is not known from the documents we hold"))


def register_headline(facts: derive.Facts) -> str:
    """The register's count in words: distinct points, then each kind of answer that has any."""
    summary = facts.register_summary()
    parts = [f"{summary[key]} {words}" for key, words in REGISTER_WORDS if summary[key]]
    findings = len(facts.register)
    head = f"{facts.points} point{'s' if facts.points != 1 else ''}"
    if findings != facts.points:
        reading = " (our reading of the letter)" if any(r.expands_uncertain for r in facts.register) else ""
        head += f" ({findings} findings: an area for improvement that spells out another is the same point{reading})"
    return head + (": " + "; ".join(parts) if parts else "") + "."


def register(b: Build):
    marks = Marks()
    yield "register/index.md", dict(register_table=register_table(b.facts, b.project, "register/index.md", b.short, marks),
                              headline=register_headline(b.facts), marks=marks)


def plan(b: Build):
    for pid, bundle in b.project.plans.items():
        mine = b.plan_actions(pid)
        by_objective: dict[str, list[str]] = {}
        for k in mine:
            by_objective.setdefault(derive.objective_of(b.facts.actions[k].number), []).append(k)
        yield plan_src(pid), dict(pid=pid, bundle=bundle, mine=mine, by_objective=by_objective,
                                  overdue=[k for k in mine if b.facts.actions[k].overdue],
                                  soon=[k for k in mine if b.facts.actions[k].due_soon],
                                  filters=filter_controls(b.project.settings.rag),
                                  progress=b.facts.progress(mine, b.project.settings.rag),
                                  objective_doubts={o.number: [k for k in o.uncertain if k != "answers"]
                                                    for s in bundle.plan.sections for o in s.objectives})


def action(b: Build):
    for pid, bundle in b.project.plans.items():
        mine = b.plan_actions(pid)
        for i, key in enumerate(mine):
            a = b.facts.actions[key]
            yield action_src(pid, a.number), dict(
                pid=pid, bundle=bundle, a=a, partners=a.action.leads[1:], boost=BOOST_ACTION, previous=b.facts.actions[mine[i - 1]] if i else None,
                next=b.facts.actions[mine[i + 1]] if i + 1 < len(mine) else None)


def board(b: Build):
    for pid, bundle in b.project.plans.items():
        if bundle.plan.actions != "recorded":
            continue  # a plan the documents only mention has nothing to report to a board
        src = board_src(pid)
        report_ = b.boards[pid]
        marks = Marks()
        tables = rp.board_tables(report_, b.facts, b.project,
                                 href=lambda key: link(src, action_src(key.plan, key.number)), marks=marks)
        yield src, dict(pid=pid, bundle=bundle, report=report_, t=tables, boost=BOOST_BOARD,
                        not_recorded=rp.not_recorded_sentence(report_), marks=marks)


def theme(b: Build):
    for theme in b.project.settings.themes:
        raised, objectives, actions = b.theme_pages[theme.id]
        raised = [(Ref.of(iid, f.id), b.project.inspections[iid].start, f) for iid, f in raised]
        yield theme_src(theme.id), dict(theme=theme, raised=raised, objectives=objectives, actions=actions,
                                        boost=BOOST_THEME, whole_plans=b.theme_plan_answers.get(theme.id, []),
                                        objectives_unknown=b.plans_not_known[0])


def _roles(roles: list[tuple[str, str]], role: str) -> list[str]:
    return [key for r, key in roles if r == role]


def lead(b: Build):
    rag = b.project.settings.rag
    for ident, (name, roles) in b.facts.leads.items():
        led = _roles(roles, "lead")
        yield lead_src(ident), dict(name=name, led=led, partner=_roles(roles, "partner"), doubtful=b.lead_doubts[ident],
                                    progress=b.facts.progress(led, rag))


def timeline(b: Build):
    years: dict[int, Markup] = {}
    marks = Marks()
    for year in sorted({e.date.year for e in b.entries}):
        years[year] = timeline_list([e for e in b.entries if e.date.year == year], "timeline/index.md", b.project,
                                    b.labels, marks)
    yield "timeline/index.md", dict(years=years, entries=b.entries, filter=timeline_filter(b.entries), marks=marks)


def sources(b: Build):
    cut = b.facts.known
    yield "sources/index.md", dict(known_sources=cut.sources, later=cut.sources_later)


def downloads(b: Build):
    src = "downloads/index.md"
    yield src, dict(plan_downloads={pid: download_list(src, b.downloads, pid) for pid in b.project.plans},
                    journey_downloads=download_list(src, b.downloads, None))


# The views of the kinds with one page each (see kinds.py); those above make one page per record.


def _judged(b: Build, ident: str | None) -> dict | None:
    """An inspection with its overall judgements, as the home page names it."""
    if ident is None:
        return None
    insp = b.project.inspections[ident]
    grades = derive.overall_judgements(insp)
    return dict(ident=ident, insp=insp, grades=grades, said=derive.judgements_said(grades),
                one_grade=grades[0][1] if len(grades) == 1 and not grades[0][0] else "",
                pending=ident in b.facts.known.pending)


def home(b: Build):
    current, earlier = home_plans(b.project)
    facts = b.facts
    updates = facts.changes["updates"]
    yield "index.md", dict(
        current_plans=current, earlier_plans=earlier, records_end=records_end(b),
        intro=fill_intro(b.project.settings.intro, b.project, facts) if b.project.settings.intro else None,
        latest=_judged(b, facts.latest_judgement),
        visit=_judged(b, facts.latest_visit) if facts.latest_visit != facts.latest_judgement else None,
        old_headlines=sum(1 for hl in facts.headlines if hl.latest_available),
        updates_shown=updates[:derive.CHANGES_SHOWN], updates_more=max(len(updates) - derive.CHANGES_SHOWN, 0),
        recent_events=derive.recent_events(b.project))


def inspections(_b: Build):
    yield "inspections/index.md", {}


def plans(b: Build):
    rag = b.project.settings.rag
    rows = []
    for pid, bundle in reversed(b.project.plans.items()):
        keys = b.plan_actions(pid)
        rows.append((pid, bundle, b.facts.plans[pid], keys, b.facts.progress(keys, rag)))
    yield "plans/index.md", dict(plans=rows)


def themes(b: Build):
    yield "themes/index.md", dict(theme_pages=b.theme_pages, theme_years=b.theme_years, theme_counts=b.theme_counts)


def leads(b: Build):
    rag = b.project.settings.rag
    rows = []
    for ident, (name, roles) in b.facts.leads.items():
        led = _roles(roles, "lead")
        rows.append(dict(ident=ident, name=name, leads=len(led), partner=len(roles) - len(led),
                         doubtful=b.lead_doubts[ident], progress=b.facts.progress(led, rag)))
    yield "leads/index.md", dict(rows=rows, actions_unknown=b.plans_not_known[1])


def metrics(b: Build):
    travel = {hl.metric: bool(hl.uncertain) for hl in b.facts.headlines}
    yield "metrics/index.md", dict(metrics=[(ident, metric, sum(1 for v in metric.values if v.uncertain),
                                             travel.get(ident, False)) for ident, metric in b.project.metrics.items()])


def how_to_edit(_b: Build):
    yield "how-to-edit/index.md", {}
