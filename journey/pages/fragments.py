"""HTML pieces the pages share (tables that scripts sort and filter, figures, the timeline's list,
markers of uncertain readings), every value escaped."""

from __future__ import annotations

from datetime import date
from typing import Any

from markupsafe import Markup

from journey import charts as ch
from journey import facts as derive
from journey.downloads import report as rp
from journey.inputs import model as m
from journey.inputs.refs import Ref
from journey.facts.absence import Absence, Count
from journey.pages.icons import CATEGORY_ICONS, sprite, use
from journey.html import data_table, fragments
from journey.text import plain, render_markdown
from journey.pages.urls import action_src, file_link, inspection_src, link, objective_anchor, plan_src


def html_table(columns: list[str], rows: list[list[Any]], *, caption: str = "", cls: str = "",
               label: str = "") -> Markup:
    """A data table as HTML (escaped; Markup cells kept), set apart by blank lines for Markdown."""
    return Markup(data_table(columns, rows, caption=caption, cls=cls, label=label))


def hyperlink(url: str, text: str) -> Markup:
    """A link, its text escaped."""
    return fragments().link(url, text)


def say(value: Any) -> str:
    """A value as a reader reads it: a date, a count, or the words of an absence."""
    if isinstance(value, (Absence, Count)):
        return value.words
    if isinstance(value, (date, m.PartialDate)):
        return m.human(value)
    return str(value)


def later_html(items, sources: dict[str, m.SourceDocument] | None = None) -> Markup:
    """Sentences dated after their record (later:), each after its date and with its own citation, as
    a block of prose. The cut has already left out those dated after the as-at date."""
    if not items:
        return Markup("")

    def doc(x: m.Later):
        return (sources or {}).get(x.source.document) if x.source else None

    return fragments().later([(Markup(render_markdown(f"**Later, {x.date.human}:** {x.text}")), doc(x),
                               f", {x.source.ref}" if x.source and x.source.ref else "") for x in items])


def prose(text: str, anchor: str | None = None) -> Markup:
    """Editor Markdown as a sanitised HTML block, set apart by blank lines for Python-Markdown."""
    return fragments().prose(Markup(render_markdown(text)), anchor or "")


def date_range(start: m.PartialDate, end: m.PartialDate | None) -> str:
    """26 to 27 February 2019; 21 March to 1 April 2011; or a single date."""
    if end is None or end == start:
        return start.human
    if start.day and end.day and (start.year, start.month) == (end.year, end.month):
        return f"{start.day} to {end.human}"
    if start.day and end.day and start.year == end.year:
        return f"{start.day} {m.MONTHS[start.month - 1]} to {end.human}"
    return f"{start.human} to {end.human}"


def uncertain_marker(kinds: list[str] | tuple[str, ...], alternative=()) -> Markup:
    """The visible, keyboard-reachable marker for an uncertain reading: words (naming the other
    reading where the data gives one), each a link to the plain sentence saying what it means at the
    foot of the page."""
    if not kinds:
        return Markup("")
    return fragments().marker([(k, m.marker_words(k, alternative)) for k in kinds])  # leads with its own space


def uncertainty_key(kinds: list[str]) -> str:
    """The foot-of-page section the markers link to: one plain sentence for each kind used."""
    key = fragments().uncertainty_key([(k, m.UNCERTAIN[k][0].capitalize(), m.UNCERTAIN[k][1]) for k in kinds])
    return ("\n## About uncertain readings { #about-uncertain }\n\n"
            "Some values on this page are uncertain readings of their sources and are marked where they appear.\n\n"
            f"{key}\n")


class Marks:
    """Collects the uncertain kinds a page marks, so its foot explains each of them once."""

    def __init__(self) -> None:
        self.used: list[str] = []

    def __call__(self, kinds, only: tuple[str, ...] | None = None, alternative=()) -> Markup:
        chosen = [k for k in kinds if only is None or k in only]
        for k in chosen:
            if k not in self.used:
                self.used.append(k)
        return uncertain_marker(chosen, alternative)

    def of(self, record, only: tuple[str, ...] | None = None) -> Markup:
        """The marker for a record's own uncertain readings (an event, a figure), with its alternatives."""
        return self(record.uncertain, only, getattr(record, "alternative", ()))

    def lead(self, a: derive.ActionFacts) -> Markup:
        """The marker beside an action's lead, where which organisation leads is uncertain."""
        return self(["lead"]) if a.lead_uncertain else Markup("")


def status_html(st: derive.Status, colours: dict[str, str]) -> Markup:
    """RAG as a text label first; the colour bar only repeats it (never colour alone)."""
    # (st.label is "not yet rated", or "progress not recorded" for a plan whose sources record none)
    return fragments().rag(st.label, None if st.key is None else colours[st.key])


def flags_text(a: derive.ActionFacts) -> str:
    flags = []
    if a.completed:
        flags.append(f"completed {m.human(a.action.completed)}")
    if a.overdue:
        flags.append("overdue")
    if a.due_soon:
        flags.append("due soon")
    if a.stale:
        flags.append(derive.STALE)
    return ", ".join(flags)


def action_table(rows: list[derive.ActionFacts], here: str, colours: dict[str, str], rag_order: list[str],
                 *, caption: str, plan_titles: dict[str, str] | None = None, role: dict[str, str] | None = None,
                 cls: str = "", marks: Marks | None = None) -> Markup:
    """A sortable, filterable table of actions: number, action, lead, due, status, last update (a lead
    that is an uncertain reading is marked)."""
    if not rows:
        return Markup("")
    marks = marks or Marks()
    order = {key: i for i, key in enumerate(rag_order)}
    head = ["No.", "Action"] + (["Plan"] if plan_titles else []) + (["Role"] if role else []) + \
           ["Lead", "Due", "Status", "Last update"]
    out = []
    for a in rows:
        last = a.last_update
        out.append(dict(
            status_key=a.status.key or "none", url=link(here, action_src(a.plan, a.number)), number=a.number,
            flags=" ".join(f for f, on in (("overdue", a.overdue), ("due-soon", a.due_soon), ("stale", a.stale),
                                             ("completed", a.completed)) if on),
            number_key=".".join(f"{int(p):04d}" for p in a.number.split(".")), title=a.action.title,
            plan=plan_titles[a.plan] if plan_titles else None, role=role[a.key] if role else None,
            lead=a.action.leads[0], lead_marker=marks.lead(a), due=rp.due_text(a),
            due_sort=a.due.isoformat() if a.due else "9999", status=status_html(a.status, colours),
            status_sort=order.get(a.status.key, len(order)), flag_text=flags_text(a),
            last_sort=last.isoformat() if last else "",
            last=m.human(last) if last else ("none yet" if a.recorded else Absence.NOT_KNOWN.words)))
    return fragments().action_table(caption, cls, head, out)


def answer_html(answer, here: str, plan_titles: dict[str, str], facts: derive.Facts, marks: Marks,
                *, actions: bool = True) -> Markup:
    """What answers a point, in words and links: its actions (where `actions`), else the objectives
    or plans that say they answer it ("probably" where that is our reading), else why nothing does."""
    if answer.actions and (actions or not answer.plans):
        if not actions:
            return Markup("the actions below")
        links = Markup(", ").join(hyperlink(link(here, action_src(facts.actions[k].plan, facts.actions[k].number)),
                                            facts.actions[k].number) for k in answer.actions)
        return (Markup("probably ") + links + marks(["answers"])) if answer.probable else links
    if answer.plans:
        parts = []
        for p in answer.plans:
            target = link(here, plan_src(p.plan), objective_anchor(p.objective) if p.objective else "")
            words = f"{plan_titles[p.plan]}, objective {p.objective}" if p.objective else plan_titles[p.plan]
            parts.append((Markup("probably ") if p.probable else Markup("")) + hyperlink(target, words)
                         + (marks(["answers"]) if p.probable else Markup("")))
        return Markup("; ").join(parts)
    if answer.absence is Absence.NOT_KNOWN:
        return Markup("not known: no document we hold says what answered it")
    return Markup("<strong>not yet answered by any plan on record</strong>")


def register_table(facts: derive.Facts, project: m.Project, here: str, labels: dict[str, str],
                   marks: Marks) -> Markup:
    """Every point to improve: raised when, what answers it, progress, and whether it was raised again.
    A finding that expands on another follows it, marked as part of the same point."""
    def to(ref: Ref) -> str:
        return link(here, inspection_src(ref.inspection), ref.finding)

    def year(ref: Ref) -> str:
        return str(project.inspections[ref.inspection].start.year)

    plan_titles = {pid: b.plan.title for pid, b in project.plans.items()}
    rows = []
    for row in facts.register:
        insp = project.inspections[row.inspection]
        answered = answer_html(row.answer, here, plan_titles, facts, marks)
        raised = []
        if row.repeats:
            raised.append(Markup("before, in ") + Markup(", ").join(hyperlink(to(r), year(r)) for r in row.repeats))
        if row.raised_again:
            raised.append(Markup("again in ") + Markup(", ").join(hyperlink(to(r), year(r)) for r in row.raised_again))
        related = Markup(", ").join(hyperlink(to(r.findings[0]), str(r.year)) for r in row.related) or "none on record"
        point = (hyperlink(to(row.key), labels[row.key]) + Markup(": ") + plain(row.finding.text)
                 + marks(row.finding.uncertain, only=("wording",)))
        if row.expands:
            point = (Markup("Part of the same point: expands on ") + hyperlink(to(row.expands), labels[row.expands])
                     + (marks(["expands"]) if row.expands_uncertain else Markup("")) + Markup(". ") + point)
        rows.append([hyperlink(link(here, inspection_src(row.inspection)), f"{m.human(insp.start)}, {insp.kind}"),
                     point, answered, row.progress, Markup("; ").join(raised) or "no document says so", related])
    return html_table(["Raised", "Point", "Answered by", "Progress", "The same point raised", "Related by theme"],
                      rows, cls="ij-register", label="Every area for improvement")


def headline_table(facts: derive.Facts, project: m.Project, here: str, marks: Marks) -> Markup:
    """The latest figure of each measure and its direction of travel, uncertain readings marked."""
    rows = []
    for hl in facts.headlines:
        metric = project.metrics[hl.metric]
        latest = (f"{hl.latest.value} {metric.unit} ({hl.latest.date.human}"
                  f"{', the latest available' if hl.latest_available else ''})")
        cells = [hyperlink(link(here, "metrics/index.md", hl.metric), metric.title),
                 Markup("{}{}").format(latest, marks.of(hl.latest))]
        if hl.previous is None:
            cells.append("first figure")
        elif hl.swapped:
            cells.append(Markup("not known: the document may pair this figure and the one before, {} ({}){}, the "
                                "other way round").format(hl.previous.value, hl.previous.date.human,
                                                          marks.of(hl.previous)))
        else:
            travel = Markup("{} from {} ({}){}").format(hl.direction, hl.previous.value, hl.previous.date.human,
                                                         marks.of(hl.previous))
            if hl.verdict:
                travel += f": {hl.verdict}"
            if hl.uncertain:
                both = hl.previous.uncertain and hl.latest.uncertain
                travel += f", though {'these readings are' if both else 'one reading is'} uncertain"
            cells.append(travel)
        rows.append(cells)
    return html_table(["Measure", "Latest", "Direction of travel"], rows, cls="ij-headlines")


def inspections_table(facts: derive.Facts, project: m.Project, here: str, marks: Marks) -> Markup:
    """Every inspection and visit known on the as-at date: when, what, its overall judgement(s)."""
    rows = []
    for ident, insp in project.inspections.items():
        pending = ident in facts.known.pending
        grades = derive.overall_judgements(insp)
        overall = "report not yet published" if pending else derive.judgements_said(grades) or "not graded"
        when = Markup("{}{}").format(date_range(insp.start, insp.end), marks.of(insp, only=m.DATE_KINDS))
        rows.append([when, hyperlink(link(here, inspection_src(ident)), insp.title), insp.kind, overall,
                     facts.findings[ident].words])
    return html_table(["Date", "Inspection or visit", "Kind", "Overall judgement", "Findings"], rows,
                      cls="ij-inspections")


def filter_controls(rag: list[m.RagLevel]) -> Markup:
    """Filter boxes for the action tables on a page; hidden until the script is running."""
    return fragments().filter_controls(rag, derive.DUE_SOON, derive.STALE)


PHONE_MAX_PX = 640  # at this viewport width or less, charts are shown in their narrow variant


def figure(chart: ch.Chart | None, here: str, *, open_table: bool = False, empty: str = "",
           marks: Marks | None = None) -> Markup:
    """A chart with its text alternative, its one-sentence summary and its data as a table; values
    that are uncertain readings are marked in the table."""
    if chart is None:
        return fragments().empty_chart(empty)
    marks = marks or Marks()
    doubts = chart.row_uncertain or ((),) * len(chart.rows)
    others = chart.row_alternative or ((),) * len(chart.rows)
    rows = [[Markup("{}{}").format(v, marks(doubt, alternative=alt)) if doubt and i == 1 else v
             for i, v in enumerate(row)] for row, doubt, alt in zip(chart.rows, doubts, others)]
    table = html_table(list(chart.columns), rows, cls="ij-chart-table")
    return fragments().figure(chart, file_link(here, chart.src_for("narrow")), file_link(here, chart.src_for("wide")),
                              PHONE_MAX_PX, open_table, table)


def category_label(category: str) -> Markup:
    """A timeline category as icon and words (the icon is decoration; the words carry it)."""
    return fragments().category(category, use(CATEGORY_ICONS[category]))


def timeline_list(entries: list[derive.Entry], here: str, project: m.Project, labels: dict[str, str],
                  marks: Marks | None = None) -> Markup:
    """One year's events as an HTML list the category filter can show and hide."""
    items = []
    marks = marks or Marks()
    sources = {d.id: d for d in project.settings.sources}
    for e in entries:
        links = []
        for kind, target in e.links:
            if kind == "inspection":
                links.append((link(here, inspection_src(target)), project.inspections[target].title))
            elif kind == "plan":
                links.append((link(here, plan_src(target)), project.plans[target].plan.title))
            elif kind == "action":
                links.append((link(here, action_src(target.plan, target.number)), f"Action {target.number}"))
            elif kind == "finding":
                links.append((link(here, inspection_src(target.inspection), target.finding), labels[target]))
            elif kind == "metric":
                links.append((link(here, "metrics/index.md", target), project.metrics[target].title))
        items.append(dict(
            category=e.category, iso=e.date.iso, when=e.date.human, title=e.title, label=category_label(e.category),
            doubt=marks(e.uncertain, only=m.DATE_KINDS, alternative=e.alternative),  # by the date: the date's
            other=marks(e.uncertain, only=("value", "wording")),  # by the title: the title's
            description=Markup(render_markdown(e.description)) if e.description else "",
            later=later_html(e.later, sources) if e.later else "", links=links, automatic=e.automatic))
    return fragments().timeline(items)


def timeline_filter(entries: list[derive.Entry]) -> Markup:
    """Category chips: each a native checkbox (keyboard users get it for free) with an "only" button
    beside it, and "Show all"; hidden until the script runs, so without it every event shows."""
    counts: dict[str, int] = {}
    for e in entries:
        counts[e.category] = counts.get(e.category, 0) + 1
    chips = [(c, use(CATEGORY_ICONS[c]), n) for c, n in sorted(counts.items())]
    return fragments().timeline_filter(sprite([CATEGORY_ICONS[c] for c in counts]), chips)
