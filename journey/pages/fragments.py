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
from journey.facts.absence import Absence, Count
from journey.pages.icons import CATEGORY_ICONS, sprite, use
from journey.html import data_table
from journey.text import h, plain, render_markdown
from journey.pages.urls import action_src, file_link, inspection_src, link, objective_anchor, plan_src


def html_table(columns: list[str], rows: list[list[Any]], *, caption: str = "", cls: str = "",
               label: str = "") -> Markup:
    """A data table as HTML (escaped; Markup cells kept), set apart by blank lines for Markdown."""
    return Markup(data_table(columns, rows, caption=caption, cls=cls, label=label))


def hyperlink(url: str, text: str) -> Markup:
    """A link, its text escaped."""
    return Markup('<a href="{}">{}</a>').format(url, text)


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

    def cite(x: m.Later) -> str:
        doc = (sources or {}).get(x.source.document) if x.source else None
        if doc is None:
            return ""
        where = f", {x.source.ref}" if x.source.ref else ""
        return f'<p class="ij-cite">Source: {h(doc.title)} ({h(doc.publisher)}, {h(doc.date.human)}){h(where)}.</p>'

    paras = "".join(render_markdown(f"**Later, {x.date.human}:** {x.text}") + cite(x) for x in items)
    return Markup(f'\n<div class="ij-prose">{paras}</div>\n')


def prose(text: str, anchor: str | None = None) -> Markup:
    """Editor Markdown as a sanitised HTML block, set apart by blank lines for Python-Markdown."""
    ident = f' id="{anchor}"' if anchor else ""  # anchors are validated ids: safe as they are
    return Markup(f'\n<div class="ij-prose"{ident}>\n{render_markdown(text)}\n</div>\n')


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
    links = ", ".join(f'<a href="#uncertain-{h(k)}">{h(m.marker_words(k, alternative))}</a>' for k in kinds)
    return Markup(f' <span class="ij-uncertain">({links})</span>')  # leads with its own space


def uncertainty_key(kinds: list[str]) -> str:
    """The foot-of-page section the markers link to: one plain sentence for each kind used."""
    rows = "".join(f'<dt id="uncertain-{h(k)}">{h(m.UNCERTAIN[k][0].capitalize())}</dt><dd>{h(m.UNCERTAIN[k][1])}</dd>'
                   for k in kinds)
    return ("\n## About uncertain readings { #about-uncertain }\n\n"
            "Some values on this page are uncertain readings of their sources and are marked where they appear.\n\n"
            f'<dl class="ij-uncertain-key">{rows}</dl>\n')


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
    if st.key is None:
        return Markup(f'<span class="ij-rag ij-rag--none">{h(st.label)}</span>')
    # (st.label is "not yet rated", or "progress not recorded" for a plan whose sources record none)
    return Markup(f'<span class="ij-rag" style="border-left-color: {colours[st.key]}">{h(st.label)}</span>')


def flags_text(a: derive.ActionFacts) -> str:
    flags = []
    if a.completed:
        flags.append(f"completed {m.human(a.action.completed)}")
    if a.overdue:
        flags.append("overdue")
    if a.due_soon:
        flags.append("due soon")
    if a.stale:
        flags.append("no update for over a quarter")
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
    out = [f'<div class="ij-table-wrap{" " + h(cls) if cls else ""}" role="region" tabindex="0" '
           f'aria-label="{h(caption)}">',
           '<table class="ij-table ij-actions ij-sortable">', f"<caption>{h(caption)}</caption>", "<thead><tr>"]
    out += [f'<th scope="col">{h(c)}</th>' for c in head]
    out.append("</tr></thead><tbody>")
    for a in rows:
        act = a.action
        flags = " ".join(f for f, on in (("overdue", a.overdue), ("due-soon", a.due_soon), ("stale", a.stale),
                                           ("completed", a.completed)) if on)
        number_key = ".".join(f"{int(p):04d}" for p in a.number.split("."))
        url = link(here, action_src(a.plan, a.number))
        cells = [f'<td data-label="No." data-sort="{h(number_key)}"><a href="{url}">{h(a.number)}</a></td>',
                 f'<td data-label="Action"><a href="{url}">{h(act.title)}</a></td>']
        if plan_titles:
            cells.append(f'<td data-label="Plan">{h(plan_titles[a.plan])}</td>')
        if role:
            cells.append(f'<td data-label="Role">{h(role[a.key])}</td>')
        cells.append(f'<td data-label="Lead">{h(act.leads[0])}{marks.lead(a)}</td>')
        cells.append(f'<td data-label="Due" data-sort="{a.due.isoformat() if a.due else "9999"}">'
                     f'{h(rp.due_text(a))}</td>')
        flag_text = flags_text(a)
        status_sort = order.get(a.status.key, len(order))
        cells.append(f'<td data-label="Status" data-sort="{status_sort}">{status_html(a.status, colours)}'
                     + (f'<br><span class="ij-flags">{h(flag_text)}</span>' if flag_text else "") + "</td>")
        last = a.last_update
        last_words = h(m.human(last)) if last else ("none yet" if a.recorded else Absence.NOT_KNOWN.words)
        cells.append(f'<td data-label="Last update" data-sort="{last.isoformat() if last else ""}">{last_words}</td>')
        out.append(f'<tr data-status="{h(a.status.key or "none")}" data-flags="{flags}">' + "".join(cells) + "</tr>")
    out.append("</tbody></table></div>")
    return Markup("\n" + "\n".join(out) + "\n")


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
    def to(ref: str) -> str:
        iid, _, fid = ref.partition("/")
        return link(here, inspection_src(iid), fid)

    def year(ref: str) -> str:
        return str(project.inspections[ref.split("/")[0]].start.year)

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
        overall = ("report not yet published" if pending else
                   "; ".join(f"{service}: {grade}" if service else grade for service, grade in grades) or "not graded")
        when = Markup("{}{}").format(date_range(insp.start, insp.end), marks.of(insp, only=m.DATE_KINDS))
        rows.append([when, hyperlink(link(here, inspection_src(ident)), insp.title), insp.kind, overall,
                     facts.findings[ident].words])
    return html_table(["Date", "Inspection or visit", "Kind", "Overall judgement", "Findings"], rows,
                      cls="ij-inspections")


def filter_controls(rag: list[m.RagLevel]) -> Markup:
    """Filter boxes for the action tables on a page; hidden until the script is running."""
    options = "".join(f'<option value="status:{h(r.key)}">{h(r.label)}</option>' for r in rag)
    return Markup(
        '\n<form class="ij-filter" hidden role="search" aria-label="Filter actions">'
        '<label for="ij-filter-text">Filter actions by words or number</label> '
        '<input id="ij-filter-text" type="search" autocomplete="off"> '
        '<label for="ij-filter-status">Show</label> '
        f'<select id="ij-filter-status"><option value="">all actions</option>{options}'
        '<option value="status:none">not yet rated</option><option value="flag:overdue">overdue</option>'
        '<option value="flag:due-soon">due in the next 90 days</option>'
        '<option value="flag:stale">no update for over a quarter</option>'
        '<option value="flag:completed">completed</option></select> '
        '<output id="ij-filter-count" aria-live="polite"></output></form>\n')


PHONE_MAX_PX = 640  # at this viewport width or less, charts are shown in their narrow variant


def figure(chart: ch.Chart | None, here: str, *, open_table: bool = False, empty: str = "",
           marks: Marks | None = None) -> Markup:
    """A chart with its text alternative, its one-sentence summary and its data as a table; values
    that are uncertain readings are marked in the table."""
    if chart is None:
        return Markup(f"\n<p>{h(empty)}</p>\n" if empty else "")
    marks = marks or Marks()
    doubts = chart.row_uncertain or ((),) * len(chart.rows)
    others = chart.row_alternative or ((),) * len(chart.rows)
    rows = [[Markup("{}{}").format(v, marks(doubt, alternative=alt)) if doubt and i == 1 else v
             for i, v in enumerate(row)] for row, doubt, alt in zip(chart.rows, doubts, others)]
    table = html_table(list(chart.columns), rows, cls="ij-chart-table")
    return Markup(
        f'\n<figure class="ij-chart" id="chart-{h(chart.name)}">'
        f'<picture><source media="(max-width: {PHONE_MAX_PX}px)" srcset="{h(file_link(here, chart.src_for("narrow")))}">'
        f'<img src="{h(file_link(here, chart.src_for("wide")))}" alt="{h(chart.alt)}" loading="lazy"></picture>'
        f'<figcaption><strong>{h(chart.title)}.</strong> <span class="ij-summary">{h(chart.summary)}</span>'
        f"</figcaption></figure>\n"
        f'<details class="ij-chart-data"{" open" if open_table else ""}><summary>Data for the chart: '
        f"{h(chart.title)}</summary>{table}</details>\n")


def category_label(category: str) -> Markup:
    """A timeline category as icon and words (the icon is decoration; the words carry it)."""
    return Markup(f'<span class="ij-cat">{use(CATEGORY_ICONS[category])} {h(category)}</span>')


def timeline_list(entries: list[derive.Entry], here: str, project: m.Project, labels: dict[str, str],
                  marks: Marks | None = None) -> Markup:
    """One year's events as an HTML list the category filter can show and hide."""
    out = ['<ol class="ij-timeline">']
    for e in entries:
        links = []
        for kind, target in e.links:
            if kind == "inspection":
                links.append((link(here, inspection_src(target)), project.inspections[target].title))
            elif kind == "plan":
                links.append((link(here, plan_src(target)), project.plans[target].plan.title))
            elif kind == "action":
                pid, number = target.split("/")
                links.append((link(here, action_src(pid, number)), f"Action {number}"))
            elif kind == "finding":
                iid, fid = target.split("/")
                links.append((link(here, inspection_src(iid), fid), labels[target]))
            elif kind == "metric":
                links.append((link(here, "metrics/index.md", target), project.metrics[target].title))
        marks = marks or Marks()
        doubt = marks(e.uncertain, only=m.DATE_KINDS, alternative=e.alternative)  # by the date: the date's
        other = marks(e.uncertain, only=("value", "wording"))  # by the title: the title's
        item = [f'<li data-category="{h(e.category)}"><span class="ij-when"><time datetime="{h(e.date.iso)}">'
                f'{h(e.date.human)}</time>{doubt}</span> ',
                category_label(e.category), f' <strong class="ij-event-title">{h(e.title)}</strong>{other}']
        if e.description:
            item.append(f'<div class="ij-prose">{render_markdown(e.description)}</div>')
        if e.later:
            item.append(later_html(e.later, {d.id: d for d in project.settings.sources}))
        if links or e.automatic:
            see = ("See: " + " · ".join(f'<a href="{url}">{h(text)}</a>' for url, text in links)) if links else ""
            auto = '<span class="ij-auto">(added from the records)</span>' if e.automatic else ""
            item.append(f'<p class="ij-links">{see}{" " if see and auto else ""}{auto}</p>')
        item.append("</li>")
        out.append("".join(str(x) for x in item))
    out.append("</ol>")
    return Markup("\n" + "\n".join(out) + "\n")


def timeline_filter(entries: list[derive.Entry]) -> Markup:
    """Category chips: each a native checkbox (keyboard users get it for free) with an "only" button
    beside it, and "Show all"; hidden until the script runs, so without it every event shows."""
    counts: dict[str, int] = {}
    for e in entries:
        counts[e.category] = counts.get(e.category, 0) + 1
    chips = "".join(
        f'<span class="ij-chip"><label><input type="checkbox" name="category" value="{h(c)}" checked> '
        f'{use(CATEGORY_ICONS[c])} {h(c)} <span class="ij-count">({n})</span></label>'
        f'<button type="button" class="ij-only" data-only="{h(c)}" aria-label="only {h(c)}">only</button></span>'
        for c, n in sorted(counts.items()))
    return Markup(f'\n{sprite([CATEGORY_ICONS[c] for c in counts])}\n'
                  '<form class="ij-timeline-filter" hidden aria-label="Filter the timeline">'
                  '<fieldset><legend>Show events in these categories</legend><div class="ij-chips">'
                  '<button type="button" class="ij-all">Show all</button>'
                  f'{chips}</div></fieldset><output aria-live="polite"></output></form>\n')
