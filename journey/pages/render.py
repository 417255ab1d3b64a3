"""Pure rendering: the checked Project and the as-at date in, Markdown pages out (nothing written).

Every value a template prints is escaped for Markdown and HTML unless it is Markup we built
ourselves (sanitised prose, computed links), so an editor's text can never become markup."""

from __future__ import annotations

import functools
import json
import time
from datetime import date
from pathlib import Path
from typing import Any, Collection

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from journey import charts as ch
from journey import facts as derive
from journey.downloads import report as rp
from journey.inputs import model as m
from journey.inputs.refs import Ref
from journey.pages.editguide import edit_guide
from journey.text import md_escape, plain
from journey.pages import kinds as kinds_
from journey.pages import views
from journey.pages.downloads import download_list, make_downloads
from journey.pages.fragments import (Marks, action_table, answer_html, date_range, figure, flags_text, headline_table,
                                     html_table, hyperlink, inspections_table, later_html, prose, say, status_html,
                                     uncertainty_key)
from journey.pages.urls import action_src, board_src, inspection_src, lead_src, link, objective_anchor, plan_src, theme_src
from journey.pages.views import Build, plan_answers_html, with_search_boost


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
        self.nav = kinds_.nav(self.kinds)
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
    from journey.cache import template_cache

    _environment().bytecode_cache = template_cache(folder)


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
    findings = {Ref.of(iid, f.id): (iid, f) for iid, insp in project.inspections.items() for f in insp.findings}
    b = Build(project, facts, as_at, [])
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
            uncertain=marks, html_table=html_table, html_link=hyperlink, headline_table=headlines,
            inspections_table=inspections, downloads=downloads, answer_html=answer, plan_published=plan_published,
            plan_answers=plan_answers, DATE_KINDS=m.DATE_KINDS, **values)
        pages[src] = with_search_boost(text, boost) + (uncertainty_key(marks.used) if marks.used else "")

    kinds: dict[str, list[str]] = {}
    for kind in kinds_.PAGE_KINDS:
        for src, values in getattr(views, kind.view)(b):
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
