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
from journey.pages.urls import action_src, board_src, inspection_src, lead_src, link, md_link, objective_anchor, plan_src, theme_src
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
                spreadsheets: bool = True, only: Collection[str] | None = None, reports: Path | None = None) -> Pages:
    """Return every generated file as {path under content/: Markdown text, or bytes for charts and
    downloads}, sorted by path, with each page kind's paths in `kinds`. Charts come from the cache
    when their data has not changed. Without `pdf` board report PDFs, without `spreadsheets`
    the XLSX files, are skipped (the live preview skips both). only (the live preview's first look
    at an edited action): just these pages, which must not list downloads; `kinds` stays whole.
    reports: where board report PDFs are kept by content between builds (Layout.report_cache)."""
    settings = project.settings
    facts = derive.facts(project, as_at)
    project = facts.known.project  # from here on, only what was known on the as-at date exists
    site = _Site(Build(project, facts, as_at, []), ch.site_charts(project, facts))
    cache = cache or ch.ChartCache()
    pages: dict[str, str | bytes] = {} if only is not None else {
        c.src_for(v): cache.svg(c, v) for c in site.charts.values() if c for v in ch.VARIANTS}
    started = time.perf_counter()
    if only is None:
        site.b.downloads = make_downloads(site.b, pdf=pdf, spreadsheets=spreadsheets,
                                          pdf_folder=reports)
    spent = {"downloads": time.perf_counter() - started}
    for d in site.b.downloads:
        pages[d.src] = d.data
    kinds: dict[str, list[str]] = {}
    for kind in kinds_.PAGE_KINDS:
        for src, values in getattr(views, kind.view)(site.b):
            kinds.setdefault(kind.name, []).append(src)
            if only is not None and src not in only:
                continue
            pages[src] = site.render(src, kind.template, values) if kind.template else edit_guide()
    pages["identity/identity.css"] = identity_css(settings.colour or DEFAULT_COLOUR)
    for name, data in project.assets.items():
        pages[f"identity/{name}"] = data
    if only is not None:
        pages = {src: text for src, text in pages.items() if src in only}
    out = Pages(sorted(pages.items()), identity(project, facts), settings.title, kinds)
    out.timings = spent
    return out


class _Site:
    """What every page of one build shares: the facts, the charts and the lookups its templates read."""

    def __init__(self, b: Build, charts: dict):
        self.b, self.charts = b, charts
        project, facts, settings = b.project, b.facts, b.project.settings
        self.colours = {r.key: Markup(r.colour) for r in settings.rag}
        self.rag_order = [r.key for r in settings.rag]
        self.plan_titles = {pid: bundle.plan.title for pid, bundle in project.plans.items()}
        self.shared = dict(
            settings=settings, project=project, facts=facts, as_at=b.as_at, sources={d.id: d for d in settings.sources},
            themes={t.id: t for t in settings.themes}, finding_labels=b.labels, short_labels=b.short,
            findings={Ref.of(iid, f.id): (iid, f) for iid, insp in project.inspections.items() for f in insp.findings},
            plan_titles=self.plan_titles, inspection_src=inspection_src, plan_src=plan_src, action_src=action_src,
            board_src=board_src, theme_src=theme_src, lead_src=lead_src, objective_anchor=objective_anchor,
            date_range=date_range, due_text=rp.due_text, flags_text=flags_text,
            lead_ids={n: i for i, (n, _) in facts.leads.items()}, rag_labels={r.key: r.label for r in settings.rag},
            html_table=html_table, html_link=hyperlink, DATE_KINDS=m.DATE_KINDS, due_soon=derive.DUE_SOON, stale=derive.STALE,
            old_after=f"{derive.OLD_FIGURE_MONTHS} months")

    def render(self, src: str, template: str, values: dict[str, Any]) -> str:
        """One page: its template given the shared lookups, the helpers bound to this page and its view's
        values; then its search boost and the key to the uncertain readings it marks."""
        values = dict(values)
        marks = values.pop("marks", None) or Marks()
        boost = values.pop("boost", None)
        text = _environment().get_template(template).render(**self.shared, **_Helpers(self, src, marks).names(),
                                                            uncertain=marks, **values)
        return with_search_boost(text, boost) + (uncertainty_key(marks.used) if marks.used else "")


class _Helpers:
    """The formatting helpers a template calls, bound to its page (links are relative to it) and to the
    page's collection of uncertain readings (its foot explains each kind it marks)."""

    def __init__(self, site: _Site, src: str, marks: Marks):
        self.site, self.src, self.marks = site, src, marks
        self.b = site.b

    def names(self) -> dict[str, Any]:
        return dict(link=self.link, url=self.url, table=self.table, chart=self.chart, status_label=self.status_label,
                    headline_table=self.headlines, inspections_table=self.inspections, downloads=self.downloads,
                    answer_html=self.answer, plan_published=self.plan_published, plan_answers=self.plan_answers)

    def link(self, to_src: str, anchor: str = "") -> Markup:
        """A link in a page's Markdown: the other page's source (see urls.md_link)."""
        return md_link(self.src, to_src, anchor)

    def url(self, to_src: str, anchor: str = "") -> Markup:
        """A link in a page's raw HTML: the other page's address (see urls.link)."""
        return link(self.src, to_src, anchor)

    def table(self, keys: list[str], caption: str, **kw: Any) -> Markup:
        return action_table([self.b.facts.actions[k] for k in keys], self.src, self.site.colours, self.site.rag_order,
                            caption=caption, marks=self.marks, **kw)

    def plan_published(self, pid: str) -> Markup:
        plan, when = self.b.project.plans[pid].plan, self.b.facts.known.plan_from[pid]
        if plan.published:
            return Markup("{}{}").format(plan.published.human, self.marks.of(plan, only=m.DATE_KINDS))
        return Markup("not known; shown on this site from {}{}").format(m.human(when.day), self.marks(["published"]))

    def plan_answers(self, pid: str) -> Markup:
        return plan_answers_html(self.b.project.plans[pid].plan, self.src, self.b.project, self.b.labels, self.marks)

    def answer(self, value, actions: bool = True) -> Markup:
        return answer_html(value, self.src, self.site.plan_titles, self.b.facts, self.marks, actions=actions)

    def status_label(self, key: str) -> Markup:
        return status_html(self.b.facts.actions[key].status, self.site.colours)

    def chart(self, where: str, **kw: Any) -> Markup:
        return figure(self.site.charts[where], self.src, marks=self.marks, **kw)

    def headlines(self) -> Markup:
        return headline_table(self.b.facts, self.b.project, self.src, self.marks)

    def inspections(self) -> Markup:
        return inspections_table(self.b.facts, self.b.project, self.src, self.marks)

    def downloads(self, scope: str | None, *only: str, inline: bool = False) -> Markup:
        return download_list(self.src, self.b.downloads, scope, only=only, inline=inline)
