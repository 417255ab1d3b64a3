"""Pure rendering: the checked Project and the as-at date in, Markdown pages out (nothing written).

Every value a template prints is escaped for Markdown and HTML unless it is Markup we built
ourselves (sanitised prose, computed links), so an editor's text can never become markup.
"""

from __future__ import annotations

import csv
import html
import io
import posixpath
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from . import charts as ch
from . import derive
from . import model as m
from .icons import CATEGORY_ICONS, sprite, use
from .editguide import edit_guide
from .text import csv_text, data_table, md_escape, plain, render_markdown

TEMPLATES = Path(__file__).parent / "templates"

# Top-level paths of content/ that belong to the generator: stale files under them are pruned,
# and hand-written pages must live elsewhere.
GENERATED = ("index.md", "inspections", "register.md", "plans", "themes", "leads", "timeline.md",
             "metrics", "charts", "how-to-edit.md", "sources.md", "identity")
DEFAULT_COLOUR = "#1d70b8"  # the header colour when site.yaml sets none (white text on it: 5.2:1)


class Pages(dict):
    """The generated files {path under content/: text or bytes}, and the settings the site engine
    needs for this build (the council's identity for the header and footer) as `extra`."""

    def __init__(self, items=(), extra: dict | None = None, site_name: str = ""):
        super().__init__(items)
        self.extra = extra or {}
        self.site_name = site_name


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


def _environment() -> Environment:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), undefined=StrictUndefined,
                      autoescape=False, finalize=_finalize, keep_trailing_newline=True,
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["prose"] = prose
    env.filters["human"] = m.human
    env.filters["oneline"] = plain
    return env


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


def h(value: Any) -> str:
    return html.escape(str(value), quote=True)


def uncertain_marker(kinds: list[str] | tuple[str, ...]) -> Markup:
    """The visible, keyboard-reachable marker for an uncertain reading: words, each a link to the
    plain sentence saying what it means at the foot of the page."""
    if not kinds:
        return Markup("")
    links = ", ".join(f'<a href="#uncertain-{h(k)}">{h(m.UNCERTAIN[k][0])}</a>' for k in kinds)
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

    def __call__(self, kinds, only: tuple[str, ...] | None = None) -> Markup:
        chosen = [k for k in kinds if only is None or k in only]
        for k in chosen:
            if k not in self.used:
                self.used.append(k)
        return uncertain_marker(chosen)


def due_text(action: m.Action) -> str:
    parts = [m.human(action.due)] if action.due else []
    if action.cadence:
        parts.append(action.cadence)
    return "; ".join(parts) or "not given"


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
                 cls: str = "") -> Markup:
    """A sortable, filterable table of actions: number, action, lead, due, status, last update."""
    if not rows:
        return Markup("")
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
        cells.append(f'<td data-label="Lead">{h(act.leads[0])}</td>')
        cells.append(f'<td data-label="Due" data-sort="{act.due.isoformat() if act.due else "9999"}">'
                     f'{h(due_text(act))}</td>')
        flag_text = flags_text(a)
        status_sort = order.get(a.status.key, len(order))
        cells.append(f'<td data-label="Status" data-sort="{status_sort}">{status_html(a.status, colours)}'
                     + (f'<br><span class="ij-flags">{h(flag_text)}</span>' if flag_text else "") + "</td>")
        last = a.last_update
        cells.append(f'<td data-label="Last update" data-sort="{last.isoformat() if last else ""}">'
                     f'{h(m.human(last)) if last else "none"}</td>')
        out.append(f'<tr data-status="{h(a.status.key or "none")}" data-flags="{flags}">' + "".join(cells) + "</tr>")
    out.append("</tbody></table></div>")
    return Markup("\n" + "\n".join(out) + "\n")


def register_table(facts: derive.Facts, project: m.Project, here: str, labels: dict[str, str]) -> Markup:
    """Every point to improve: raised when, what answers it, progress, and whether it was raised again."""
    def to(ref: str) -> str:
        iid, _, fid = ref.partition("/")
        return link(here, inspection_src(iid), fid)

    def year(ref: str) -> str:
        return str(project.inspections[ref.split("/")[0]].start.year)

    rows = []
    for row in facts.register:
        insp = project.inspections[row.inspection]
        answered = Markup(", ").join(hyperlink(link(here, action_src(facts.actions[k].plan, facts.actions[k].number)),
                                       facts.actions[k].number) for k in row.answers) \
            or Markup("<strong>No answering action</strong>")
        raised = []
        if row.repeats:
            raised.append(Markup("before, in ") + Markup(", ").join(hyperlink(to(r), year(r)) for r in row.repeats))
        if row.raised_again:
            raised.append(Markup("again in ") + Markup(", ").join(hyperlink(to(r), year(r)) for r in row.raised_again))
        related = Markup(", ").join(hyperlink(to(r.findings[0]), str(r.year)) for r in row.related) or "none"
        rows.append([hyperlink(link(here, inspection_src(row.inspection)), f"{m.human(insp.start)}, {insp.kind}"),
                     hyperlink(to(row.key), labels[row.key]) + Markup(": ") + plain(row.finding.text),
                     answered, row.progress or "none", Markup("; ").join(raised) or "not recorded", related])
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
                 Markup("{}{}").format(latest, marks(hl.latest.uncertain))]
        if hl.previous is None:
            cells.append("first figure")
        else:
            travel = Markup("{} from {} ({}){}").format(hl.direction, hl.previous.value, hl.previous.date.human,
                                                         marks(hl.previous.uncertain))
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
        when = Markup("{}{}").format(date_range(insp.start, insp.end),
                                     marks(insp.uncertain, only=("day", "month", "year", "date")))
        rows.append([when, hyperlink(link(here, inspection_src(ident)), insp.title), insp.kind, overall,
                     "not yet published" if pending else str(len(insp.findings))])
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
    rows = [[Markup("{}{}").format(v, marks(doubt)) if doubt and i == 1 else v for i, v in enumerate(row)]
            for row, doubt in zip(chart.rows, doubts)]
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
        doubt = (marks or Marks())(e.uncertain)
        item = [f'<li data-category="{h(e.category)}"><span class="ij-when"><time datetime="{h(e.date.iso)}">'
                f'{h(e.date.human)}</time>{doubt}</span> ',
                category_label(e.category), f' <strong class="ij-event-title">{h(e.title)}</strong>']
        if e.description:
            item.append(f'<div class="ij-prose">{render_markdown(e.description)}</div>')
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


def metric_csv(ident: str, metric: m.Metric) -> bytes:
    """A metric's values, targets and comparators as CSV (series, date, value, note)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(["series", "date", "value", "note"])
    for label, points in [(metric.title, metric.values), ("Target", metric.targets)] + \
            [(c.label, c.values) for c in metric.comparators]:
        for p in sorted(points, key=lambda p: p.date):
            writer.writerow([csv_text(label), p.date.iso, str(p.value), csv_text(p.note or "")])
    return buf.getvalue().encode("utf-8")


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


def with_search_boost(text: str, boost: float | None) -> str:
    """The page with Material's search boost in its front matter (added, or put into what is there)."""
    if boost is None:
        return text
    entry = f"search:\n  boost: {boost:g}\n"
    if text.startswith("---\n"):
        return "---\n" + entry + text[4:]
    return f"---\n{entry}---\n\n" + text


def render_site(project: m.Project, as_at: date, cache: ch.ChartCache | None = None) -> Pages:
    """Return every generated file as {path under content/: Markdown text, or bytes for charts and
    CSV downloads}, sorted by path. Charts come from the cache when their data has not changed."""
    env = _environment()
    settings = project.settings
    facts = derive.facts(project, as_at)
    cut = facts.known
    project = cut.project  # from here on, only what was known on the as-at date exists
    charts = ch.site_charts(project, facts)
    cache = cache or ch.ChartCache()
    pages: dict[str, str | bytes] = {c.src_for(v): cache.svg(c, v) for c in charts.values() if c for v in ch.VARIANTS}
    colours = {r.key: Markup(r.colour) for r in settings.rag}
    rag_order = [r.key for r in settings.rag]
    plan_titles = {pid: b.plan.title for pid, b in project.plans.items()}
    findings = {f"{iid}/{f.id}": (iid, f) for iid, insp in project.inspections.items() for f in insp.findings}

    def put(src: str, template: str, **values: Any) -> None:
        marks = values.pop("marks", None) or Marks()
        boost = values.pop("boost", None)

        def here(to_src: str, anchor: str = "") -> Markup:
            return link(src, to_src, anchor)

        def table(keys: list[str], caption: str, **kw: Any) -> Markup:
            return action_table([facts.actions[k] for k in keys], src, colours, rag_order, caption=caption, **kw)

        def status_label(key: str) -> Markup:
            return status_html(facts.actions[key].status, colours)

        def chart(where: str, **kw: Any) -> Markup:
            return figure(charts[where], src, marks=marks, **kw)

        def headlines() -> Markup:
            return headline_table(facts, project, src, marks)

        def inspections() -> Markup:
            return inspections_table(facts, project, src, marks)

        text = env.get_template(template).render(
            settings=settings, project=project, facts=facts, as_at=as_at, link=here, table=table, chart=chart,
            status_label=status_label, sources={d.id: d for d in settings.sources},
            themes={t.id: t for t in settings.themes}, finding_labels=labels, short_labels=short, findings=findings,
            plan_titles=plan_titles, inspection_src=inspection_src, plan_src=plan_src, action_src=action_src,
            theme_src=theme_src, lead_src=lead_src, objective_anchor=objective_anchor, date_range=date_range,
            due_text=due_text, flags_text=flags_text, lead_ids={n: i for i, (n, _) in facts.leads.items()},
            rag_labels={r.key: r.label for r in settings.rag}, ANSWERABLE=derive.ANSWERABLE,
            changes_shown=derive.CHANGES_SHOWN, uncertain=marks, cut=cut, overall=derive.overall_judgements,
            NOT_RECORDED=derive.NOT_RECORDED, recent_events=derive.recent_events(project), html_table=html_table,
            html_link=hyperlink, headline_table=headlines, inspections_table=inspections, **values)
        pages[src] = with_search_boost(text, boost) + (uncertainty_key(marks.used) if marks.used else "")

    short = short_labels(project)
    labels = {ref: f"{project.inspections[ref.split('/')[0]].title}: {label}" for ref, label in short.items()}
    put("index.md", "home.md.j2")
    put("inspections/index.md", "inspections.md.j2")
    newest = max(len(project.inspections) - 1, 1)
    for rank, (ident, insp) in enumerate(project.inspections.items()):
        groups = [(label, [f for f in insp.findings if f.kind == kind]) for kind, label in FINDING_KINDS]
        low, high = BOOST_INSPECTION
        put(inspection_src(ident), "inspection.md.j2", ident=ident, insp=insp, groups=[g for g in groups if g[1]],
            boost=round(low + (high - low) * rank / newest, 2))
    put("register.md", "register.md.j2", register_table=register_table(facts, project, "register.md", short))
    put("plans/index.md", "plans.md.j2")
    for pid, bundle in project.plans.items():
        mine = [k for k, a in facts.actions.items() if a.plan == pid]
        by_objective: dict[str, list[str]] = {}
        for k in mine:
            by_objective.setdefault(derive.objective_of(facts.actions[k].number), []).append(k)
        put(plan_src(pid), "plan.md.j2", pid=pid, bundle=bundle, mine=mine, by_objective=by_objective,
            overdue=[k for k in mine if facts.actions[k].overdue],
            soon=[k for k in mine if facts.actions[k].due_soon], filters=filter_controls(settings.rag))
        for i, key in enumerate(mine):
            a = facts.actions[key]
            put(action_src(pid, a.number), "action.md.j2", pid=pid, bundle=bundle, a=a, boost=BOOST_ACTION,
                previous=facts.actions[mine[i - 1]] if i else None,
                next=facts.actions[mine[i + 1]] if i + 1 < len(mine) else None)
    theme_pages = {}
    for theme in settings.themes:
        raised = [(iid, f) for iid, insp in project.inspections.items() for f in insp.findings if theme.id in f.themes]
        objectives = [(pid, o) for pid, b in project.plans.items() for s in b.plan.sections for o in s.objectives
                      if theme.id in o.themes]
        actions = [k for k, a in facts.actions.items() if theme.id in a.themes]
        theme_pages[theme.id] = (raised, objectives, actions)
        put(theme_src(theme.id), "theme.md.j2", theme=theme, raised=raised, objectives=objectives, actions=actions,
            boost=BOOST_THEME)
    put("themes/index.md", "themes.md.j2", theme_pages=theme_pages)
    for ident, (name, roles) in facts.leads.items():
        put(lead_src(ident), "lead.md.j2", name=name, roles=roles)
    put("leads/index.md", "leads.md.j2")
    entries = derive.timeline(project, as_at, cut)
    years: dict[int, Markup] = {}
    timeline_marks = Marks()
    for year in sorted({e.date.year for e in entries}):
        years[year] = timeline_list([e for e in entries if e.date.year == year], "timeline.md", project, labels,
                                    timeline_marks)
    put("timeline.md", "timeline.md.j2", years=years, entries=entries, filter=timeline_filter(entries),
        marks=timeline_marks)
    put("metrics/index.md", "metrics.md.j2")
    for ident, metric in project.metrics.items():
        pages[f"metrics/{ident}.csv"] = metric_csv(ident, metric)
    put("sources.md", "sources.md.j2",
        known_sources=[d for d in settings.sources if d.date.last_day <= as_at])
    pages["how-to-edit.md"] = edit_guide()
    pages["identity/identity.css"] = identity_css(settings.colour or DEFAULT_COLOUR)
    for name, data in project.assets.items():
        pages[f"identity/{name}"] = data
    return Pages(sorted(pages.items()), identity(project, facts), settings.title)
