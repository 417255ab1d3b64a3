"""The one pipeline: read -> facts -> pages -> stage -> engine -> scan -> publish, with timings.

Every entry point goes through it: the command line (check, build), the live preview (which runs the
same steps into a folder of its own, re-rendering only what changed), the tests and the bench. Each
step is a function here; `build` runs them all, so the build sequence is written once.

- read: the plans read and checked, with content/ and theme_overrides/, so one run reports every
  problem;
- facts and pages: the as-at date resolved (journey/project.py), the facts cut to it and the pages
  rendered (journey/pages/render.py);
- stage: content/'s hand-written files and the generated pages in a staging folder beside the site;
- engine: the site engine builds the staged pages (journey/engine/adapter.py);
- scan: every built page checked for broken links and active markup (journey/engine/scan.py);
- publish: the generated pages put in content/ and the new site swapped in, only if all succeeded.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable

from journey import guard
from journey.errors import UserError
from journey.pages.kinds import GENERATED
from journey.project import Layout, resolve_as_at
from journey.timings import Clock, ready


def layout(root: Path, *, site: Path | None = None, plans: Path | None = None) -> Layout:
    """The project's folders, with the paths of content/ the registered page kinds write."""
    return Layout.at(root, site=site, plans=plans, generated=GENERATED)


def read(layout: Layout, memo: dict | None = None, given: date | None = None):
    """The plans read and checked, with content/ and theme_overrides/ checked too, so one run reports
    every problem (check, build and the preview alike; memo: see inputs.validate.read_project; given:
    the build's --as-at, which the rules about dates use where it is later than site.yaml's)."""
    from journey.engine.content import Content, layout_problems
    from journey.inputs.validate import read_project

    trouble = layout_problems(layout) + config_problems(layout)
    try:
        project = read_project(layout.plans, Content.of(layout).hand_written(), memo=memo, given=given)
    except UserError as e:
        raise UserError(trouble + e.problems) from None
    if trouble:
        raise UserError(trouble)
    return project


def config_problems(layout: Layout) -> list:
    """What in mkdocs.yml a build refuses (engine/config.py), at its line."""
    from journey.engine.config import read as read_config

    try:
        read_config(layout.config, layout.config.relative_to(layout.root).as_posix()
                    if layout.config.is_relative_to(layout.root) else layout.config.name)
    except UserError as e:
        return e.problems
    return []


def as_at(project, given: date | None) -> date:
    """The date the site is built as at: --as-at, else site.yaml's as_at, else today."""
    return resolve_as_at(given, project.settings.as_at).day


@dataclass
class Made:
    """What the pages step made, small enough to pass between processes: the as-at date, the settings
    the engine needs for them, every generated path, the time each part took and the charts drawn."""

    as_at: date
    settings: dict
    generated: list[str]
    timings: dict[str, float] = field(default_factory=dict)
    drawn: int = 0
    reused: int = 0


def pages(project, as_at_day: date, layout: Layout, **options):
    """The facts as at the date and every page, chart and download made from them (render_site's
    options: pdf, spreadsheets, only), with the caches kept in the layout's cache folder."""
    from journey.charts import ChartCache
    from journey.pages.render import keep_compiled_templates, render_site

    keep_compiled_templates(layout.template_cache)
    cache = ChartCache(layout.chart_cache)
    made = render_site(project, as_at_day, cache, reports=layout.report_cache, **options)
    return made, cache


def make(layout: Layout, given: date | None, stage: Path, **options) -> Made:
    """Read, facts, pages and stage: the pages written into the staging folder, with content/'s
    hand-written files beside them (options: see pages)."""
    from journey.engine.publish import stage_pages

    timings: dict[str, float] = {}
    clock = Clock(timings)
    ready("read")  # (the tests interrupt a build here: in the child process, when forked)
    project = read(layout, given=given)
    clock("read")
    day = as_at(project, given)
    rendered, cache = pages(project, day, layout, **options)
    clock("pages", less=rendered.timings.get("downloads", 0.0))
    timings.update(rendered.timings)
    settings = stage_pages(layout, rendered, stage, timings)
    return Made(day, settings, sorted(rendered), timings, cache.drawn, cache.reused)


def build(layout: Layout, given: date | None = None, *, engine: str | None = None,
          after_swap: Callable[[Made], None] | None = None, **options) -> Made:
    """The whole build, call with the output checked (guard.check_output) and the build lock held:
    every step, in a staging folder beside the site that is removed whatever happens; content/ and
    site/ change only if every step succeeded. engine: --engine (None: the project's choice, see
    engine/engines.py). after_swap runs once the new site is in place, before an interrupt held back
    during the swap takes effect. options: see pages (the scale test leaves out the downloads)."""
    from journey.engine.engines import engine as chosen
    from journey.engine.publish import finish, no_interrupts

    guard.remove_leftovers(layout.site)
    layout.content.mkdir(exist_ok=True)
    stage = None
    try:
        with no_interrupts():  # an interrupt arrives once `stage` names the folder, so it is removed
            stage = guard.staging_folder(layout.site)
        site_engine = chosen(engine, layout)
        made = make(layout, given, stage, **options)
        finish(layout, site_engine, stage, made.settings, made.generated, made.timings,
               after_swap=(lambda: after_swap(made)) if after_swap else None)
        return made
    finally:
        if stage is not None:
            shutil.rmtree(stage, ignore_errors=True)
