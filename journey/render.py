"""Pure rendering: the checked Project and the as-at date in, Markdown pages out (nothing written).

Every value a template prints is escaped for Markdown and HTML unless it is Markup we built
ourselves (sanitised prose, computed links), so an editor's text can never become markup.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from . import derive
from . import model as m
from .text import md_escape, render_markdown

TEMPLATES = Path(__file__).parent / "templates"

# Top-level paths of content/ that belong to the generator: stale files under them are pruned,
# and hand-written pages must live elsewhere.
GENERATED = ("index.md", "inspections", "plans", "timeline.md", "metrics.md")


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
    env.filters["human"] = human
    return env


def prose(text: str, anchor: str | None = None) -> Markup:
    """Editor Markdown as a sanitised HTML block, set apart by blank lines for Python-Markdown."""
    ident = f' id="{anchor}"' if anchor else ""  # anchors are validated ids: safe as they are
    return Markup(f'\n<div class="ij-prose"{ident}>\n{render_markdown(text)}\n</div>\n')


def human(value: Any) -> str:
    """A date as readers say it: 31 December 2019 (or February 2019 when only the month is known)."""
    if isinstance(value, m.PartialDate):
        return value.human
    if isinstance(value, date):
        return f"{value.day} {m.MONTHS[value.month - 1]} {value.year}"
    raise TypeError(f"not a date: {value!r}")


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


# --------------------------------------------------------------------------- page assembly


FINDING_KINDS = [
    ("what needs to improve", "What needs to improve"),
    ("area for improvement", "Areas for improvement"),
    ("recommendation", "Recommendations"),
    ("strength", "Strengths"),
    ("finding", "Other findings"),
]


def finding_labels(project: m.Project) -> dict[str, str]:
    """Name each finding as readers would: 'Focused visit ..., area for improvement 2'."""
    labels = {}
    for ident, insp in project.inspections.items():
        seen: dict[str, int] = {}
        for f in insp.findings:
            seen[f.kind] = seen.get(f.kind, 0) + 1
            labels[f"{ident}/{f.id}"] = f"{insp.title}: {f.kind} {seen[f.kind]}"
    return labels


def render_site(project: m.Project, as_at: date) -> dict[str, str]:
    """Return every generated page as {source path under content/: Markdown text}, sorted by path."""
    env = _environment()
    answers = derive.answering(project)
    settings = project.settings
    sources = {d.id: d for d in settings.sources}
    themes = {t.id: t for t in settings.themes}
    pages: dict[str, str] = {}
    labels = finding_labels(project)

    def put(src: str, template: str, **values: Any) -> None:
        def here(to_src: str, anchor: str = "") -> Markup:
            return link(src, to_src, anchor)
        pages[src] = env.get_template(template).render(
            settings=settings, as_at=as_at, link=here, sources=sources, themes=themes, colours={r.key: Markup(r.colour) for r in settings.rag},
            finding_labels=labels,
            inspection_src=inspection_src, plan_src=plan_src, action_src=action_src,
            objective_anchor=objective_anchor, date_range=date_range, **values)

    status = {(pid, n): derive.status(a, settings, as_at)
              for pid, b in project.plans.items() for n, a in b.actions.items()}

    latest = list(project.inspections.items())[-1] if project.inspections else None
    put("index.md", "home.md.j2", latest=latest, counts=derive.status_counts(project, as_at),
        plans=project.plans, events=project.events[-5:][::-1])
    put("inspections/index.md", "inspections.md.j2", inspections=project.inspections)
    for ident, insp in project.inspections.items():
        groups = [(label, [f for f in insp.findings if f.kind == kind]) for kind, label in FINDING_KINDS]
        put(inspection_src(ident), "inspection.md.j2", ident=ident, insp=insp,
            groups=[g for g in groups if g[1]], answers=answers, plans=project.plans)
    put("plans/index.md", "plans.md.j2", plans=project.plans)
    for pid, bundle in project.plans.items():
        by_objective: dict[str, list[str]] = {}
        for number in bundle.actions:
            by_objective.setdefault(derive.objective_of(number), []).append(number)
        put(plan_src(pid), "plan.md.j2", pid=pid, bundle=bundle, by_objective=by_objective,
            status=status, inspections=project.inspections)
        numbers = list(bundle.actions)
        objectives = {o.number: o for s in bundle.plan.sections for o in s.objectives}
        for i, (number, action) in enumerate(bundle.actions.items()):
            put(action_src(pid, number), "action.md.j2", pid=pid, bundle=bundle, number=number,
                action=action, objective=objectives.get(derive.objective_of(number)),
                status=status[(pid, number)], inspections=project.inspections,
                history=[u for u in action.updates if u.date <= as_at],
                previous=numbers[i - 1] if i else None,
                next=numbers[i + 1] if i + 1 < len(numbers) else None,
                rag={r.key: r for r in settings.rag})
    years: dict[int, list[m.Event]] = {}
    for event in project.events:
        years.setdefault(event.date.year, []).append(event)
    put("timeline.md", "timeline.md.j2", years=years)
    put("metrics.md", "metrics.md.j2", metrics=project.metrics)
    return dict(sorted(pages.items()))
