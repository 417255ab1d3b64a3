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
from .text import csv_text, md_escape, plain, render_markdown

TEMPLATES = Path(__file__).parent / "templates"

# Top-level paths of content/ that belong to the generator: stale files under them are pruned,
# and hand-written pages must live elsewhere.
GENERATED = ("index.md", "inspections", "register.md", "plans", "themes", "leads", "timeline.md",
             "metrics", "charts", "how-to-edit.md")


def _finalize(value: Any) -> Any:
    if isinstance(value, Markup):
        return value
    if value is None:
        raise TypeError("a template printed None: guard optional fields with {% if %}")
    return md_escape(str(value))


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
                 *, caption: str, plan_titles: dict[str, str] | None = None, role: dict[str, str] | None = None) -> Markup:
    """A sortable, filterable table of actions: number, action, lead, due, status, last update."""
    if not rows:
        return Markup("")
    order = {key: i for i, key in enumerate(rag_order)}
    head = ["No.", "Action"] + (["Plan"] if plan_titles else []) + (["Role"] if role else []) + \
           ["Lead", "Due", "Status", "Last update"]
    out = [f'<div class="ij-table-wrap" role="region" tabindex="0" aria-label="{h(caption)}">',
           '<table class="ij-actions ij-sortable">', f"<caption>{h(caption)}</caption>", "<thead><tr>"]
    out += [f'<th scope="col">{h(c)}</th>' for c in head]
    out.append("</tr></thead><tbody>")
    for a in rows:
        act = a.action
        flags = " ".join(f for f, on in (("overdue", a.overdue), ("due-soon", a.due_soon), ("stale", a.stale),
                                           ("completed", a.completed)) if on)
        number_key = ".".join(f"{int(p):04d}" for p in a.number.split("."))
        url = link(here, action_src(a.plan, a.number))
        cells = [f'<td data-sort="{h(number_key)}"><a href="{url}">{h(a.number)}</a></td>',
                 f'<td><a href="{url}">{h(act.title)}</a></td>']
        if plan_titles:
            cells.append(f"<td>{h(plan_titles[a.plan])}</td>")
        if role:
            cells.append(f"<td>{h(role[a.key])}</td>")
        cells.append(f"<td>{h(act.leads[0])}</td>")
        cells.append(f'<td data-sort="{act.due.isoformat() if act.due else "9999"}">{h(due_text(act))}</td>')
        flag_text = flags_text(a)
        status_sort = order.get(a.status.key, len(order))
        cells.append(f'<td data-sort="{status_sort}">{status_html(a.status, colours)}'
                     + (f'<br><span class="ij-flags">{h(flag_text)}</span>' if flag_text else "") + "</td>")
        last = a.last_update
        cells.append(f'<td data-sort="{last.isoformat() if last else ""}">{h(m.human(last)) if last else "none"}</td>')
        out.append(f'<tr data-status="{h(a.status.key or "none")}" data-flags="{flags}">' + "".join(cells) + "</tr>")
    out.append("</tbody></table></div>")
    return Markup("\n" + "\n".join(out) + "\n")


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


def figure(chart: ch.Chart | None, here: str, *, open_table: bool = False, empty: str = "",
           marks: Marks | None = None) -> Markup:
    """A chart with its text alternative, its one-sentence summary and its data as a table; values
    that are uncertain readings are marked in the table."""
    if chart is None:
        return Markup(f"\n<p>{h(empty)}</p>\n" if empty else "")
    marks = marks or Marks()
    head = "".join(f'<th scope="col">{h(c)}</th>' for c in chart.columns)
    doubts = chart.row_uncertain or ((),) * len(chart.rows)
    body = "".join("<tr>" + "".join(f"<td>{h(v)}{marks(doubt) if doubt and i == 1 else ''}</td>"
                                    for i, v in enumerate(row)) + "</tr>" for row, doubt in zip(chart.rows, doubts))
    return Markup(
        f'\n<figure class="ij-chart" id="chart-{h(chart.name)}">'
        f'<img src="{h(file_link(here, chart.src))}" alt="{h(chart.alt)}" loading="lazy">'
        f'<figcaption><strong>{h(chart.title)}.</strong> <span class="ij-summary">{h(chart.summary)}</span>'
        f"</figcaption></figure>\n"
        f'<details class="ij-chart-data"{" open" if open_table else ""}><summary>Data for the chart: '
        f"{h(chart.title)}</summary>\n<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>\n"
        f"</details>\n")


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
        item = [f'<li data-category="{h(e.category)}"><time datetime="{h(e.date.iso)}">{h(e.date.human)}</time>'
                f'{doubt} ',
                category_label(e.category), f' <strong class="ij-event-title">{h(e.title)}</strong>']
        if e.description:
            item.append(f'<div class="ij-prose">{render_markdown(e.description)}</div>')
        if links:
            item.append('<p class="ij-links">See: ' + " · ".join(f'<a href="{url}">{h(text)}</a>' for url, text in links)
                        + "</p>")
        if e.automatic:
            item.append('<p class="ij-auto">Added from the inspection and plan records.</p>')
        item.append("</li>")
        out.append("".join(str(x) for x in item))
    out.append("</ol>")
    return Markup("\n" + "\n".join(out) + "\n")


def timeline_filter(entries: list[derive.Entry]) -> Markup:
    """Category checkboxes (native, so keyboard users get them for free); hidden until the script runs."""
    counts: dict[str, int] = {}
    for e in entries:
        counts[e.category] = counts.get(e.category, 0) + 1
    boxes = "".join(f'<label class="ij-check"><input type="checkbox" name="category" value="{h(c)}" checked> '
                    f"{category_label(c)} ({n})</label>" for c, n in sorted(counts.items()))
    return Markup(f'\n{sprite([CATEGORY_ICONS[c] for c in counts])}\n'
                  '<form class="ij-timeline-filter" hidden aria-label="Filter the timeline">'
                  f'<fieldset><legend>Show events in these categories</legend>{boxes}</fieldset>'
                  '<output aria-live="polite"></output></form>\n')


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


def render_site(project: m.Project, as_at: date, cache: ch.ChartCache | None = None) -> dict[str, str | bytes]:
    """Return every generated file as {path under content/: Markdown text, or bytes for charts and
    CSV downloads}, sorted by path. Charts come from the cache when their data has not changed."""
    env = _environment()
    settings = project.settings
    facts = derive.facts(project, as_at)
    cut = facts.known
    project = cut.project  # from here on, only what was known on the as-at date exists
    charts = ch.site_charts(project, facts)
    cache = cache or ch.ChartCache()
    pages: dict[str, str | bytes] = {c.src: cache.svg(c) for c in charts.values() if c}
    colours = {r.key: Markup(r.colour) for r in settings.rag}
    rag_order = [r.key for r in settings.rag]
    plan_titles = {pid: b.plan.title for pid, b in project.plans.items()}
    findings = {f"{iid}/{f.id}": (iid, f) for iid, insp in project.inspections.items() for f in insp.findings}

    def put(src: str, template: str, **values: Any) -> None:
        marks = values.pop("marks", None) or Marks()

        def here(to_src: str, anchor: str = "") -> Markup:
            return link(src, to_src, anchor)

        def table(keys: list[str], caption: str, **kw: Any) -> Markup:
            return action_table([facts.actions[k] for k in keys], src, colours, rag_order, caption=caption, **kw)

        def status_label(key: str) -> Markup:
            return status_html(facts.actions[key].status, colours)

        def chart(where: str, **kw: Any) -> Markup:
            return figure(charts[where], src, marks=marks, **kw)

        text = env.get_template(template).render(
            settings=settings, project=project, facts=facts, as_at=as_at, link=here, table=table, chart=chart,
            status_label=status_label, sources={d.id: d for d in settings.sources},
            themes={t.id: t for t in settings.themes}, finding_labels=labels, short_labels=short, findings=findings,
            plan_titles=plan_titles, inspection_src=inspection_src, plan_src=plan_src, action_src=action_src,
            theme_src=theme_src, lead_src=lead_src, objective_anchor=objective_anchor, date_range=date_range,
            due_text=due_text, flags_text=flags_text, lead_ids={n: i for i, (n, _) in facts.leads.items()},
            rag_labels={r.key: r.label for r in settings.rag}, ANSWERABLE=derive.ANSWERABLE,
            changes_shown=derive.CHANGES_SHOWN, uncertain=marks, cut=cut, overall=derive.overall_judgements,
            NOT_RECORDED=derive.NOT_RECORDED, recent_events=derive.recent_events(project), **values)
        pages[src] = text + (uncertainty_key(marks.used) if marks.used else "")

    short = short_labels(project)
    labels = {ref: f"{project.inspections[ref.split('/')[0]].title}: {label}" for ref, label in short.items()}
    put("index.md", "home.md.j2")
    put("inspections/index.md", "inspections.md.j2")
    for ident, insp in project.inspections.items():
        groups = [(label, [f for f in insp.findings if f.kind == kind]) for kind, label in FINDING_KINDS]
        put(inspection_src(ident), "inspection.md.j2", ident=ident, insp=insp, groups=[g for g in groups if g[1]])
    put("register.md", "register.md.j2")
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
            put(action_src(pid, a.number), "action.md.j2", pid=pid, bundle=bundle, a=a,
                previous=facts.actions[mine[i - 1]] if i else None,
                next=facts.actions[mine[i + 1]] if i + 1 < len(mine) else None)
    theme_pages = {}
    for theme in settings.themes:
        raised = [(iid, f) for iid, insp in project.inspections.items() for f in insp.findings if theme.id in f.themes]
        objectives = [(pid, o) for pid, b in project.plans.items() for s in b.plan.sections for o in s.objectives
                      if theme.id in o.themes]
        actions = [k for k, a in facts.actions.items() if theme.id in a.themes]
        theme_pages[theme.id] = (raised, objectives, actions)
        put(theme_src(theme.id), "theme.md.j2", theme=theme, raised=raised, objectives=objectives, actions=actions)
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
    pages["how-to-edit.md"] = edit_guide()
    return dict(sorted(pages.items()))
