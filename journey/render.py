"""Pure rendering: the checked Project and the as-at date in, Markdown pages out (nothing written).

Every value a template prints is escaped for Markdown and HTML unless it is Markup we built
ourselves (sanitised prose, computed links), so an editor's text can never become markup.
"""

from __future__ import annotations

import functools
import json
import posixpath
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Callable, Collection, Iterable

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from . import charts as ch
from . import derive
from . import exports as ex
from . import report as rp
from . import model as m
from .absence import Absence, Count
from .icons import CATEGORY_ICONS, sprite, use
from .editguide import edit_guide
from .site import GENERATED  # noqa: F401 - the generator's top-level paths of content/ (site.py owns them)
from .text import data_table, h, md_escape, plain, render_markdown

TEMPLATES = Path(__file__).parent / "templates"
DEFAULT_COLOUR = "#1d70b8"  # the header colour when site.yaml sets none (white text on it: 5.2:1)


class Pages(dict):
    """The generated files {path under content/: text or bytes}, and the settings the site engine
    needs for this build (the council's identity for the header and footer) as `extra`."""

    def __init__(self, items=(), extra: dict | None = None, site_name: str = "",
                 kinds: dict[str, list[str]] | None = None):
        super().__init__(items)
        self.extra = extra or {}
        self.site_name = site_name
        self.kinds = kinds or {}  # page kind -> the paths of its pages (see PAGE_KINDS)
        self.nav = nav(self.kinds)
        self.timings: dict[str, float] = {}  # seconds spent on parts of the work (build --timings)


def _shade(colour: str, factor: float) -> str:
    """The colour made lighter (factor > 1) or darker (factor < 1), for hover and focus states."""
    channels = [int(colour[i:i + 2], 16) for i in (1, 3, 5)]
    if factor >= 1:
        channels = [round(c + (255 - c) * (factor - 1)) for c in channels]
    else:
        channels = [round(c * factor) for c in channels]
    return "#" + "".join(f"{min(255, max(0, c)):02x}" for c in channels)


def identity_css(colour: str) -> bytes:
    """The council's header colour for every page (the checker has made sure white text reads on it)."""
    lines = ["/* Generated from plans/site.yaml (colour): the council's header colour. */",
             "[data-md-color-primary=custom] {",
             f"  --md-primary-fg-color: {colour};",
             f"  --md-primary-fg-color--light: {_shade(colour, 1.25)};",
             f"  --md-primary-fg-color--dark: {_shade(colour, 0.8)};",
             "  --md-primary-bg-color: #ffffff;",
             "  --md-primary-bg-color--light: #ffffffb3;",
             f"  --md-typeset-a-color: {colour};",
             "}", ""]
    return "\n".join(lines).encode("utf-8")


def identity(project: m.Project, facts: derive.Facts) -> dict:
    """What the header and footer say about who publishes the site and how current it is."""
    settings = project.settings
    updated = derive.data_updated(facts.known)
    return {"identity": {
        "authority": settings.authority,
        "service": settings.service,
        "title": settings.title,
        "owner": settings.owner or "",
        "contact": settings.contact or "",
        "as_at": m.human(facts.as_at),
        "data_updated": updated.human if updated else "no record yet",
        "logo": f"identity/{settings.logo}" if settings.logo and settings.logo in project.assets else "",
    }}


def _finalize(value: Any) -> Any:
    if isinstance(value, Markup):
        return value
    if value is None:
        raise TypeError("a template printed None: guard optional fields with {% if %}")
    return md_escape(str(value))


def html_table(columns: list[str], rows: list[list[Any]], *, caption: str = "", cls: str = "",
               label: str = "") -> Markup:
    """A data table as HTML (escaped; Markup cells kept), set apart by blank lines for Markdown."""
    return Markup(data_table(columns, rows, caption=caption, cls=cls, label=label))


def hyperlink(url: str, text: str) -> Markup:
    """A link, its text escaped."""
    return Markup('<a href="{}">{}</a>').format(url, text)


@functools.cache
def _environment() -> Environment:
    """One environment a process: each template is compiled once (and again only when its file changes)."""
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), undefined=StrictUndefined,
                      autoescape=False, finalize=_finalize, keep_trailing_newline=True,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["prose"] = prose
    env.filters["later"] = later_html
    env.filters["say"] = say
    env.filters["human"] = m.human
    env.filters["oneline"] = plain
    env.filters["yaml_text"] = lambda text: Markup(json.dumps(plain(str(text)), ensure_ascii=False))  # front matter
    return env


def keep_compiled_templates(folder: Path) -> None:
    """Keep the templates' compiled form in folder between runs (Jinja's bytecode cache, which checks
    each template's source), so a build does not compile them all again."""
    from .caches import template_cache

    _environment().bytecode_cache = template_cache(folder)


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


# --------------------------------------------------------------------------- addresses


def page_url(src: str) -> str:
    """The site address of a Markdown source path, as MkDocs makes it with directory URLs."""
    stem = src[:-3]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[:-5]
    return stem + "/"


def link(from_src: str, to_src: str, anchor: str = "") -> Markup:
    """A relative link from one generated page to another, valid wherever the site is hosted."""
    here = page_url(from_src).rstrip("/") or "."
    there = page_url(to_src).rstrip("/") or "."
    rel = posixpath.relpath(there, here)
    url = ("" if rel == "." else rel + "/") or "./"
    return Markup(url + (f"#{anchor}" if anchor else ""))


def inspection_src(ident: str) -> str:
    return f"inspections/{ident}.md"


def plan_src(pid: str) -> str:
    return f"plans/{pid}/index.md"


def action_src(pid: str, number: str) -> str:
    return f"plans/{pid}/actions/{number}.md"


def objective_anchor(number: str) -> str:
    return "objective-" + number.replace(".", "-")


def theme_src(ident: str) -> str:
    return f"themes/{ident}.md"


def lead_src(ident: str) -> str:
    return f"leads/{ident}.md"


# --------------------------------------------------------------------------- HTML pieces
# Tables that scripts sort and filter are built here as HTML, every value escaped with h().


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


def file_link(from_src: str, to_file: str) -> str:
    """A relative address from a page to a file (an SVG chart, a CSV download)."""
    here = page_url(from_src).rstrip("/") or "."
    return posixpath.relpath(to_file, here)


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


# --------------------------------------------------------------------------- page assembly

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
            labels[f"{ident}/{f.id}"] = f"{f.kind} {seen[f.kind]}"
    return labels


# How much search favours a page kind (Material's per-page search boost, from the front matter): a
# theme page and the newest inspections come before the many action pages that mention the same words;
# an action still comes first for its own number, which its title carries.
BOOST_THEME = 4.0
BOOST_INSPECTION = (1.5, 3.0)  # oldest to newest
BOOST_ACTION = 0.6
BOOST_BOARD = 0.4  # a board report lists every action: it should not come before the action itself


def answers_of_plan(plan_answers: Callable[[str], Markup]) -> "_Lazy":
    return _Lazy(plan_answers)


class _Lazy(dict):
    """A mapping that computes each value when a template asks for it (a page's markers are collected
    only for what it shows)."""

    def __init__(self, make: Callable[[str], Any]):
        super().__init__()
        self.make = make

    def __missing__(self, key: str) -> Any:
        return self.make(key)


def plan_answers_html(plan: m.Plan, here: str, project: m.Project, labels: dict[str, str], marks: Marks) -> Markup:
    """What a whole plan says it answers, in a sentence ('It probably answers what ... found.'), or what
    its objectives answer ('Its objectives answer 3 points of the interim focused visit of May 2021.')."""
    if not plan.answers:
        by_visit: dict[str, set[str]] = {}
        for section in plan.sections:
            for o in section.objectives:
                for ref in o.answers:  # counted as distinct points: a finding expanding another is the same
                    iid, _, fid = ref.partition("/")
                    finding = next((f for f in project.inspections[iid].findings if f.id == fid), None)
                    by_visit.setdefault(iid, set()).add(finding.expands if finding and finding.expands else fid)
        parts = [Markup("{} point{} raised by the ").format(len(refs), "" if len(refs) == 1 else "s")
                 + hyperlink(link(here, inspection_src(iid)), _visit_words(project.inspections[iid]))
                 for iid, refs in by_visit.items()]
        return (Markup("Its objectives answer ") + Markup(", and ").join(parts) + Markup(".")) if parts else Markup("")
    parts = []
    for ref in plan.answers:
        iid, _, fid = ref.partition("/")
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


# --------------------------------------------------------------------------- page kinds and downloads


def board_src(pid: str) -> str:
    return f"plans/{pid}/board-report.md"


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
        return {ref: f"{self.project.inspections[ref.split('/')[0]].title}: {label}" for ref, label in self.short.items()}

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
    def theme_counts(self) -> dict[str, tuple[Count, Count]]:
        """Each theme's objectives and actions on record, counted as the least they could be where some
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
                ref = f"{iid}/{f.id}"
                for p in self.facts.answers[ref].plans if ref in self.facts.answers else []:
                    if p.objective is None:
                        out.setdefault(tid, []).append((p.plan, ref, p.probable))
        return out

    @functools.cached_property
    def theme_years(self) -> dict[str, list[int]]:
        """The years each theme was raised as something to improve (a strength alone does not count)."""
        return {tid: sorted({self.project.inspections[iid].start.year for iid, f in raised if derive.ans.answerable(f)})
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


@dataclass(frozen=True)
class PageKind:
    """One kind of page, registered once: its name, template, the pages it makes (each a path under
    content/ and what its template is given) and its title in the navigation, if it has a place there
    (the navigation links the kind's first page)."""

    name: str
    template: str
    pages: Callable[[Build], Iterable[tuple[str, dict]]]
    nav: str | None = None


def _one(src: str, **values: Any) -> Callable[[Build], Iterable[tuple[str, dict]]]:
    return lambda b: [(src, values)]


def records_end(b: Build) -> m.PartialDate | None:
    """The date of the newest record, where it is more than six months before the as-at date: the home
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


def _inspection_pages(b: Build):
    newest = max(len(b.project.inspections) - 1, 1)
    low, high = BOOST_INSPECTION
    for rank, (ident, insp) in enumerate(b.project.inspections.items()):
        groups = [(label, [f for f in insp.findings if f.kind == kind]) for kind, label in FINDING_KINDS]
        yield inspection_src(ident), dict(ident=ident, insp=insp, groups=[g for g in groups if g[1]],
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


def _register_page(b: Build):
    marks = Marks()
    yield "register.md", dict(register_table=register_table(b.facts, b.project, "register.md", b.short, marks),
                              headline=register_headline(b.facts), marks=marks)


def _plan_pages(b: Build):
    for pid, bundle in b.project.plans.items():
        mine = b.plan_actions(pid)
        by_objective: dict[str, list[str]] = {}
        for k in mine:
            by_objective.setdefault(derive.objective_of(b.facts.actions[k].number), []).append(k)
        yield plan_src(pid), dict(pid=pid, bundle=bundle, mine=mine, by_objective=by_objective,
                                  overdue=[k for k in mine if b.facts.actions[k].overdue],
                                  soon=[k for k in mine if b.facts.actions[k].due_soon],
                                  filters=filter_controls(b.project.settings.rag))


def _action_pages(b: Build):
    for pid, bundle in b.project.plans.items():
        mine = b.plan_actions(pid)
        for i, key in enumerate(mine):
            a = b.facts.actions[key]
            yield action_src(pid, a.number), dict(
                pid=pid, bundle=bundle, a=a, boost=BOOST_ACTION, previous=b.facts.actions[mine[i - 1]] if i else None,
                next=b.facts.actions[mine[i + 1]] if i + 1 < len(mine) else None)


def _board_pages(b: Build):
    for pid, bundle in b.project.plans.items():
        if bundle.plan.actions != "recorded":
            continue  # a plan the documents only mention has nothing to report to a board
        src = board_src(pid)
        report_ = b.boards[pid]
        marks = Marks()
        tables = rp.board_tables(report_, b.facts, b.project,
                                 href=lambda key: link(src, action_src(*key.split("/"))), marks=marks)
        yield src, dict(pid=pid, bundle=bundle, report=report_, t=tables, boost=BOOST_BOARD,
                        not_recorded=rp.not_recorded_sentence(report_), marks=marks)


def _theme_pages(b: Build):
    for theme in b.project.settings.themes:
        raised, objectives, actions = b.theme_pages[theme.id]
        yield theme_src(theme.id), dict(theme=theme, raised=raised, objectives=objectives, actions=actions,
                                        boost=BOOST_THEME, whole_plans=b.theme_plan_answers.get(theme.id, []),
                                        objectives_unknown=b.plans_not_known[0])


def _lead_pages(b: Build):
    for ident, (name, roles) in b.facts.leads.items():
        yield lead_src(ident), dict(name=name, roles=roles, doubtful=b.lead_doubts[ident])


def _timeline_page(b: Build):
    years: dict[int, Markup] = {}
    marks = Marks()
    for year in sorted({e.date.year for e in b.entries}):
        years[year] = timeline_list([e for e in b.entries if e.date.year == year], "timeline.md", b.project,
                                    b.labels, marks)
    yield "timeline.md", dict(years=years, entries=b.entries, filter=timeline_filter(b.entries), marks=marks)


def _sources_page(b: Build):
    yield "sources.md", dict(known_sources=[d for d in b.project.settings.sources if d.date.last_day <= b.as_at])


def _downloads_page(b: Build):
    src = "downloads/index.md"
    yield src, dict(plan_downloads={pid: download_list(src, b.downloads, pid) for pid in b.project.plans},
                    journey_downloads=download_list(src, b.downloads, None))


# Every page kind, in the order of the navigation (kinds with no place in it follow).
PAGE_KINDS: list[PageKind] = [
    PageKind("home", "home.md.j2", lambda b: [("index.md", dict(
        zip(("current_plans", "earlier_plans"), home_plans(b.project)), records_end=records_end(b)))],
        "Where we stand"),
    PageKind("inspections", "inspections.md.j2", _one("inspections/index.md"), "Inspections"),
    PageKind("plans", "plans.md.j2", _one("plans/index.md"), "Improvement plans"),
    PageKind("register", "register.md.j2", _register_page, "Areas for improvement"),
    PageKind("themes", "themes.md.j2", lambda b: [("themes/index.md", dict(
        theme_pages=b.theme_pages, theme_years=b.theme_years, theme_counts=b.theme_counts))], "Themes"),
    PageKind("leads", "leads.md.j2", lambda b: [("leads/index.md", dict(
        lead_doubts=b.lead_doubts, actions_unknown=b.plans_not_known[1]))], "Who leads what"),
    PageKind("timeline", "timeline.md.j2", _timeline_page, "Timeline"),
    PageKind("metrics", "metrics.md.j2", _one("metrics/index.md"), "Performance figures"),
    PageKind("downloads", "downloads.md.j2", _downloads_page, "Downloads"),
    PageKind("how to edit", "", lambda b: [("how-to-edit.md", {})], "How to edit"),
    PageKind("sources", "sources.md.j2", _sources_page, "Sources"),
    PageKind("inspection", "inspection.md.j2", _inspection_pages),
    PageKind("plan", "plan.md.j2", _plan_pages),
    PageKind("board report", "board.md.j2", _board_pages),
    PageKind("action", "action.md.j2", _action_pages),
    PageKind("theme", "theme.md.j2", _theme_pages),
    PageKind("lead", "lead.md.j2", _lead_pages),
]
HAND_WRITTEN_NAV = [("Accessibility", "accessibility.md")]  # pages of content/ with a place in the navigation


@dataclass(frozen=True)
class Download:
    """A file for other tools: where it goes, what it is called on the pages, and what it belongs to
    (a plan id, or None for the whole journey)."""

    src: str
    title: str
    kind: str  # "PDF", "XLSX", "CSV", "JSON"
    scope: str | None
    data: bytes
    about: str = ""


def _size(n: int) -> str:
    return f"{n / 1024:.0f} KB" if n >= 1024 else f"{n} bytes"


def download_list(here: str, downloads: list[Download], scope: str | None, *, only: tuple[str, ...] = (),
                  inline: bool = False) -> Markup:
    """The downloads of one plan (or of the whole journey) as a list of links with kind and size, or
    `inline`, as short links in a line: 'PDF, A4 (26 KB) · XLSX spreadsheet (10 KB)'."""
    chosen = [d for d in downloads if d.scope == scope and (not only or d.src in only)]
    if not chosen:
        return Markup("")
    if inline:
        return Markup(" · ".join(f'<a href="{h(file_link(here, d.src))}" download>{h(d.kind)}</a> ({_size(len(d.data))})'
                                 for d in chosen))
    items = "".join(f'<li><a href="{h(file_link(here, d.src))}" download>{h(d.title)}</a> '
                    f'({h(d.kind)}, {_size(len(d.data))}){": " + h(d.about) if d.about else ""}</li>'
                    for d in chosen)
    return Markup(f'\n<ul class="ij-downloads">{items}</ul>\n')


def make_downloads(b: Build, *, pdf: bool = True, pdf_folder: Path | None = None,
                   spreadsheets: bool = True) -> list[Download]:
    """Every download as at the date. Without `pdf` the board report PDFs, without `spreadsheets` the
    XLSX files, are left out (the live preview makes neither: they are slow to make); with a `pdf_folder`, a report that did not change is not drawn again."""
    out: list[Download] = []
    for pid, bundle in b.project.plans.items():
        if bundle.plan.actions != "recorded":
            continue  # its actions are not known: nothing to list (journey.json carries the plan itself)
        base = f"downloads/{pid}"
        if pdf:
            document = rp.board_document(b.boards[pid], b.facts, b.project)
            out.append(Download(f"{base}/board-report.pdf", f"Board report: {bundle.plan.title}", "PDF, A4", pid,
                                rp.cached_pdf(document, b.as_at, pdf_folder), "for printing and board papers"))
        if spreadsheets:
            out.append(Download(f"{base}/actions.xlsx", f"Actions of {bundle.plan.title}", "XLSX spreadsheet", pid,
                                ex.actions_xlsx(b.facts, pid, b.project),
                                "actions with their status, status history and the findings they answer"))
        out.append(Download(f"{base}/actions.csv", f"Actions of {bundle.plan.title}", "CSV", pid,
                            ex.actions_csv(b.facts, pid), "one row per action"))
    out.append(Download("downloads/register.csv", "Areas for improvement register", "CSV", None,
                        ex.register_csv(b.facts, b.project, b.labels), "every point to improve and what answers it"))
    out.append(Download("downloads/timeline.csv", "Timeline of the journey", "CSV", None,
                        ex.timeline_csv(b.entries, b.as_at), "every event, with how exactly its date is known"))
    out.append(Download("downloads/journey.json", "Open data: the whole checked model", "JSON", None,
                        ex.open_data(b.facts), "for Power BI, Excel or a data portal"))
    out.append(Download("downloads/journey.schema.json", "JSON Schema of the open data", "JSON Schema", None,
                        ex.open_data_schema(), "describes every field of the open data"))
    for ident, metric in b.project.metrics.items():
        out.append(Download(f"metrics/{ident}.csv", metric.title, "CSV", None, ex.metric_csv(metric),
                            "values, targets and comparators"))
    return out


def nav(kinds: dict[str, list[str]]) -> list[dict[str, str]]:
    """The site navigation: each registered kind with a place in it (its first page), then the
    hand-written pages that have one."""
    return [{kind.nav: kinds[kind.name][0]} for kind in PAGE_KINDS if kind.nav and kinds.get(kind.name)] + \
        [{title: src} for title, src in HAND_WRITTEN_NAV]


def render_site(project: m.Project, as_at: date, cache: ch.ChartCache | None = None, *, pdf: bool = True,
                spreadsheets: bool = True, only: Collection[str] | None = None) -> Pages:
    """Return every generated file as {path under content/: Markdown text, or bytes for charts and
    downloads}, sorted by path, with each page kind's paths in `kinds`. Charts come from the cache
    when their data has not changed. Without `pdf` board report PDFs, without `spreadsheets`
    the XLSX files, are skipped (the live preview skips both). only (the live preview's first look
    at an edited action): just these pages, which must not list downloads; `kinds` stays whole."""
    env = _environment()
    settings = project.settings
    facts = derive.facts(project, as_at)
    cut = facts.known
    project = cut.project  # from here on, only what was known on the as-at date exists
    charts = ch.site_charts(project, facts)
    cache = cache or ch.ChartCache()
    pages: dict[str, str | bytes] = {} if only is not None else {
        c.src_for(v): cache.svg(c, v) for c in charts.values() if c for v in ch.VARIANTS}
    colours = {r.key: Markup(r.colour) for r in settings.rag}
    rag_order = [r.key for r in settings.rag]
    plan_titles = {pid: b.plan.title for pid, b in project.plans.items()}
    findings = {f"{iid}/{f.id}": (iid, f) for iid, insp in project.inspections.items() for f in insp.findings}
    b = Build(project, facts, as_at, [])
    intro = fill_intro(settings.intro, project, facts) if settings.intro else None
    started = time.perf_counter()
    if only is None:
        b.downloads = make_downloads(b, pdf=pdf, pdf_folder=cache.folder.parent / "reports" if cache.folder else None,
                                     spreadsheets=spreadsheets)
    spent = {"downloads": time.perf_counter() - started}
    for d in b.downloads:
        pages[d.src] = d.data

    def put(src: str, template: str, **values: Any) -> None:
        if only is not None and src not in only:
            return
        marks = values.pop("marks", None) or Marks()
        boost = values.pop("boost", None)

        def here(to_src: str, anchor: str = "") -> Markup:
            return link(src, to_src, anchor)

        def table(keys: list[str], caption: str, **kw: Any) -> Markup:
            return action_table([facts.actions[k] for k in keys], src, colours, rag_order, caption=caption,
                                marks=marks, **kw)

        def plan_published(pid: str) -> Markup:
            plan, when = project.plans[pid].plan, cut.plan_from[pid]
            if plan.published:
                return Markup("{}{}").format(plan.published.human, marks.of(plan, only=m.DATE_KINDS))
            return Markup("not known; shown on this site from {}{}").format(m.human(when.day), marks(["published"]))

        def plan_answers(pid: str) -> Markup:
            return plan_answers_html(project.plans[pid].plan, src, project, b.labels, marks)

        def answer(value, actions: bool = True) -> Markup:
            return answer_html(value, src, plan_titles, facts, marks, actions=actions)

        def status_label(key: str) -> Markup:
            return status_html(facts.actions[key].status, colours)

        def chart(where: str, **kw: Any) -> Markup:
            return figure(charts[where], src, marks=marks, **kw)

        def headlines() -> Markup:
            return headline_table(facts, project, src, marks)

        def inspections() -> Markup:
            return inspections_table(facts, project, src, marks)

        def downloads(scope: str | None, *only: str, inline: bool = False) -> Markup:
            return download_list(src, b.downloads, scope, only=only, inline=inline)

        text = env.get_template(template).render(
            settings=settings, project=project, facts=facts, as_at=as_at, link=here, table=table, chart=chart,
            status_label=status_label, sources={d.id: d for d in settings.sources},
            themes={t.id: t for t in settings.themes}, finding_labels=b.labels, short_labels=b.short,
            findings=findings, plan_titles=plan_titles, inspection_src=inspection_src, plan_src=plan_src,
            action_src=action_src, board_src=board_src, theme_src=theme_src, lead_src=lead_src,
            objective_anchor=objective_anchor, date_range=date_range, due_text=rp.due_text, flags_text=flags_text,
            lead_ids={n: i for i, (n, _) in facts.leads.items()}, rag_labels={r.key: r.label for r in settings.rag},
            ANSWERABLE=derive.ANSWERABLE, changes_shown=derive.CHANGES_SHOWN, uncertain=marks, cut=cut,
            overall=derive.overall_judgements, NOT_RECORDED=derive.NOT_RECORDED,
            recent_events=derive.recent_events(project), html_table=html_table, html_link=hyperlink,
            headline_table=headlines, inspections_table=inspections, downloads=downloads, answer_html=answer,
            plan_published=plan_published, plan_answers=plan_answers, answers_of_plan=answers_of_plan(plan_answers),
            intro=intro, DATE_KINDS=m.DATE_KINDS, **values)
        pages[src] = with_search_boost(text, boost) + (uncertainty_key(marks.used) if marks.used else "")

    kinds: dict[str, list[str]] = {}
    for kind in PAGE_KINDS:
        for src, values in kind.pages(b):
            kinds.setdefault(kind.name, []).append(src)
            if kind.template:
                put(src, kind.template, **values)
            elif only is None or src in only:
                pages[src] = edit_guide()
    pages["identity/identity.css"] = identity_css(settings.colour or DEFAULT_COLOUR)
    for name, data in project.assets.items():
        pages[f"identity/{name}"] = data
    if only is not None:
        pages = {src: text for src, text in pages.items() if src in only}
    out = Pages(sorted(pages.items()), identity(project, facts), settings.title, kinds)
    out.timings = spent
    return out
