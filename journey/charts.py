"""Charts: matplotlib SVG drawn from derived facts. Each chart comes with its title, a text
alternative, a one-sentence summary and its data as a table, so nothing is only visible.

Every chart is drawn in two variants, "wide" and "narrow" (VARIANTS), laid out to its data: no text
outside the figure, none overlapping another, none under 11 CSS px (layout_problems checks).
Bytes are deterministic (fixed width, fonts as text, svg.hashsalt set, no date or creator metadata)
and every chart is cached by a hash of its data, style and variant: a chart whose data has not
changed is not redrawn (matplotlib costs tens of ms a chart).
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import os
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from . import derive
from . import model as m
from .errors import Problem, UserError

# Any change to this module's drawing code changes every chart's key, so nothing stale is reused.
CODE_HASH = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()
INK = "#0b0c0c"
MUTED = "#505a5f"
# Okabe-Ito colours (colour-blind safe); series also differ by line style and marker.
SERIES = [("#0072b2", "-", "o"), ("#d55e00", "--", "s"), ("#009e73", ":", "^"), ("#cc79a7", "-.", "D")]
SHORT_NOTE = 40
HATCHES = ["///", "\\\\\\", "xx", "--", "||"]  # "not yet rated" (last) has none


@functools.lru_cache(maxsize=1)
def _matplotlib_version() -> str:
    """matplotlib's version, read from its installed metadata: a build whose charts are all cached
    never loads matplotlib itself (tens of MB and most of a second)."""
    from importlib.metadata import version

    return version("matplotlib")


@dataclass(frozen=True)
class Chart:
    """A chart as data: drawn to SVG by draw(), described in words by its other fields."""

    name: str  # file name stem under charts/
    kind: str
    title: str
    alt: str
    summary: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    data: dict = field(default_factory=dict, compare=False)  # JSON-serialisable drawing input
    row_uncertain: tuple[tuple[str, ...], ...] = ()  # per row: uncertain kinds the table marks by its date
    row_alternative: tuple[tuple, ...] = ()  # per row: the other readings of its date the marker names

    def key_for(self, variant: str = "wide") -> str:
        """A hash of everything the drawing of this variant depends on (data, style, code, matplotlib)."""
        payload = json.dumps({"kind": self.kind, "title": self.title, "data": self.data, "code": CODE_HASH,
                              "matplotlib": _matplotlib_version(), "variant": variant,
                              "size": VARIANTS[variant].width_in}, sort_keys=True, default=str)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()

    @property
    def key(self) -> str:
        """The key of the wide variant (see key_for)."""
        return self.key_for("wide")

    def src_for(self, variant: str = "wide") -> str:
        """Where the variant's SVG goes: charts/<name>.svg (wide) or charts/<name>.narrow.svg."""
        VARIANTS[variant]  # an unknown variant is an error, not a file name
        return f"charts/{self.name}.svg" if variant == "wide" else f"charts/{self.name}.{variant}.svg"

    @property
    def src(self) -> str:
        return self.src_for("wide")


class ChartCache:
    """SVG bytes by chart key, in a folder (or in memory when folder is None); counts draws."""

    def __init__(self, folder: Path | None = None):
        self.folder = folder
        self.memory: dict[str, bytes] = {}
        self.drawn = 0
        self.reused = 0

    def svg(self, chart: Chart, variant: str = "wide") -> bytes:
        """The chart's SVG in that variant ('wide' or 'narrow'), drawn only when not cached already."""
        key = chart.key_for(variant)
        path = self.folder / f"{key}.svg" if self.folder else None
        if key in self.memory:
            self.reused += 1
            return self.memory[key]
        data = path.read_bytes() if path and path.is_file() else b""
        if data.startswith(b"<?xml") and data.rstrip().endswith(b"</svg>"):  # whole, not a damaged entry
            self.reused += 1
        else:
            self.drawn += 1
            try:
                data = draw(chart, variant)
            except (KeyboardInterrupt, MemoryError):
                raise
            except Exception as e:  # noqa: BLE001 - a drawing failure names the chart, not a traceback
                detail = " ".join(str(e).split())[:200]
                raise UserError([Problem(f"content/{chart.src_for(variant)}", 0, 0, "", f"the chart '{chart.title}' could not be "
                                         f"drawn ({type(e).__name__}: {detail}); check the values it shows")]) from None
            if path:
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")  # builds may share the cache
                tmp.write_bytes(data)
                tmp.replace(path)
        self.memory[key] = data
        return data


# --------------------------------------------------------------------------- words


def when(d: m.PartialDate) -> str:
    """'in March 2015', or 'on 30 September 2019' when the day is known."""
    return f"on {d.human}" if d.day else f"in {d.human}"


def _pct_phrase(counts: list[tuple[str, int]]) -> str:
    parts = [f"{n} {label}" for label, n in counts if n]
    return ", ".join(parts) if parts else "none"


# --------------------------------------------------------------------------- chart specs (pure)


def metric_chart(ident: str, metric: m.Metric) -> Chart:
    values = sorted(metric.values, key=lambda p: p.date)
    first, last = values[0], values[-1]

    def amount(p: m.Point) -> str:
        return f"{p.value} {metric.unit}"

    def at(p: m.Point) -> str:
        """When, with the point's own date flags in words: 'in October 2018 (year uncertain)'."""
        flags = [m.marker_words(k, p.alternative) for k in p.uncertain if k in (*m.DATE_KINDS, "pairing")]
        return when(p.date) + (f" ({'; '.join(flags)})" if flags else "")

    summary = f"{metric.title}: from {amount(first)} {at(first)} to {amount(last)} {at(last)}"
    ends = derive.extremes(values)
    if len(values) > 2 and ends:
        high, low = ends
        extra = []
        # A figure whose date is itself an uncertain pairing is never named highest or lowest "in" it.
        if high.point is not first and high.point is not last and high.nameable:
            extra.append(f"highest {amount(high.point)} {at(high.point)}")
        if low.point is not first and low.point is not last and low.nameable:
            extra.append(f"lowest {amount(low.point)} {at(low.point)}")
        if extra:
            summary += ", with the " + " and the ".join(extra)
    summary += "."
    if any(p.uncertain for p in values):
        summary += (" Some of these dates or figures are uncertain readings of the document (open markers on the "
                    "chart, marked in the table), so the rise and fall between them is uncertain too.")
    if any(p.note and len(p.note) > SHORT_NOTE for p in values):
        summary += " Values marked * carry a note in the table."

    def points(series: list[m.Point]) -> list[list]:
        return [[p.date.first_day.isoformat(), str(p.value), p.note or "", bool(p.uncertain)]
                for p in sorted(series, key=lambda p: p.date)]

    series = [{"label": metric.title, "points": points(values), "source": values}]
    if metric.targets:
        series.append({"label": "Target", "points": points(metric.targets), "source": metric.targets})
    for comp in metric.comparators:
        series.append({"label": comp.label, "points": points(comp.values), "source": comp.values})
    rows, doubts, others = [], [], []
    for s in series:
        for point in sorted(s.pop("source"), key=lambda p: p.date):
            rows.append((s["label"], point.date.human, str(point.value), point.note or ""))
            doubts.append(tuple(point.uncertain))
            others.append(tuple(point.alternative))
    return Chart(f"metric-{ident}", "line", metric.title,
                 f"Line chart of {metric.title.lower()} ({metric.unit}), {first.date.human} to {last.date.human}.",
                 summary, ("Series", "Date", "Value", "Note"), tuple(rows),
                 {"series": series, "unit": metric.unit}, tuple(doubts), tuple(others))


def _levels(settings: m.Settings) -> list[tuple[str | None, str, str]]:
    """(key, label, colour) for each RAG level, then 'not yet rated'."""
    return [(r.key, r.label, r.colour) for r in settings.rag] + [(None, derive.NOT_RATED, "#b1b4b6")]


def status_mix_chart(pid: str, bundle: m.PlanBundle, facts: derive.Facts, settings: m.Settings) -> Chart | None:
    if not derive.progress_recorded(bundle.plan):
        return None  # no status to chart: the page says progress is not recorded
    levels = _levels(settings)
    bars = []
    for section in bundle.plan.sections:
        numbers = {o.number for o in section.objectives}
        keys = [k for k, a in facts.actions.items() if a.plan == pid and derive.objective_of(a.number) in numbers]
        counts = facts.counts(keys)
        bars.append({"label": section.title, "counts": [counts[key] for key, _, _ in levels]})
    total = sum(sum(b["counts"]) for b in bars)
    if not total:
        return None
    totals = [sum(b["counts"][i] for b in bars) for i in range(len(levels))]
    summary = (f"Of {total} actions as at {m.human(facts.as_at)}: "
               f"{_pct_phrase([(label, n) for (_, label, _), n in zip(levels, totals)])}.")
    rows = tuple((b["label"], *(str(n) for n in b["counts"]), str(sum(b["counts"]))) for b in bars)
    return Chart(f"plan-{pid}-status-mix", "stacked", f"Status of actions by section, as at {m.human(facts.as_at)}",
                 f"Stacked bar chart: the status of each section's actions as at {m.human(facts.as_at)}.", summary,
                 ("Section", *(label for _, label, _ in levels), "All"), rows,
                 {"bars": bars, "levels": [[label, colour] for _, label, colour in levels]})


def quarter_ends(start: date, end: date) -> list[date]:
    """Quarter ends (31 March, 30 June, 30 September, 31 December) from start's quarter up to end,
    then end itself when it falls inside a quarter: the last bar is always 'as at' the end date."""
    out: list[date] = []
    year, q = start.year, (start.month - 1) // 3
    while True:
        month = q * 3 + 3
        day = date(year, month, 30 if month in (6, 9) else 31)
        if day >= end:
            out.append(end)
            return out
        out.append(day)
        year, q = (year + 1, 0) if q == 3 else (year, q + 1)


def status_history_chart(pid: str, bundle: m.PlanBundle, settings: m.Settings, as_at: date) -> Chart | None:
    dates = [u.date for a in bundle.actions.values() for u in a.updates if u.date <= as_at]
    if not dates or not derive.progress_recorded(bundle.plan):
        return None
    levels = _levels(settings)
    bars = []
    for day in quarter_ends(min(dates), as_at):
        counts = {key: 0 for key, _, _ in levels}
        for a in bundle.actions.values():
            counts[derive.status(a, settings, day).key] += 1
        bars.append({"label": m.human(day), "day": day.isoformat(), "counts": [counts[key] for key, _, _ in levels]})
    last = bars[-1]
    summary = (f"Status of the {len(bundle.actions)} actions at each quarter end from {bars[0]['label']} to "
               f"{last['label']}; at {last['label']}: "
               f"{_pct_phrase([(label, n) for (_, label, _), n in zip(levels, last['counts'])])}.")
    rows = tuple((b["label"], *(str(n) for n in b["counts"])) for b in bars)
    return Chart(f"plan-{pid}-status-history", "stacked-time", "Status of actions over time",
                 "Stacked bar chart: how many actions had each status at the end of each quarter.", summary,
                 ("Quarter end", *(label for _, label, _ in levels)), rows,
                 {"bars": bars, "levels": [[label, colour] for _, label, colour in levels]})


def due_done_chart(pid: str, bundle: m.PlanBundle, as_at: date) -> Chart | None:
    in_force = {n: derive.current_due(a, as_at) for n, a in bundle.actions.items()}
    due = [d for d in in_force.values() if d]
    if not due:
        return None
    done = [a.completed for a in bundle.actions.values() if a.completed and a.completed <= as_at]
    first = min(due + done)
    last = max(due + done)
    months = []
    y, mo = first.year, first.month
    while (y, mo) <= (last.year, last.month):
        months.append((y, mo))
        y, mo = (y + 1, 1) if mo == 12 else (y, mo + 1)
    bars = [{"label": f"{m.MONTHS[mo - 1][:3]} {y}", "month": f"{y:04d}-{mo:02d}",
             "due": sum(1 for d in due if (d.year, d.month) == (y, mo)),
             "done": sum(1 for d in done if (d.year, d.month) == (y, mo))} for y, mo in months]
    on_time = sum(1 for n, a in bundle.actions.items()
                  if in_force[n] and a.completed and a.completed <= as_at and a.completed <= in_force[n])
    span = (f"{len(due)} actions fall due between {m.MONTHS[first.month - 1]} {first.year} and "
            f"{m.MONTHS[last.month - 1]} {last.year}")
    if not derive.progress_recorded(bundle.plan):  # completions are not recorded: chart what is due only
        rows = tuple((b["label"], str(b["due"])) for b in bars)
        return Chart(f"plan-{pid}-due-done", "due-done", "Actions due, by month",
                     "Bar chart of actions falling due each month.",
                     f"{span}. Whether they were completed is not recorded in the sources.",
                     ("Month", "Due"), rows, {"bars": [{**b, "done": None} for b in bars]})
    summary = (f"{span}; {len(done)} completed by {m.human(as_at)}"
               f"{f', {on_time} of them by their due date' if done else ''}.")
    rows = tuple((b["label"], str(b["due"]), str(b["done"])) for b in bars)
    return Chart(f"plan-{pid}-due-done", "due-done", "Actions due and completed, by month",
                 "Bar chart of actions falling due each month, with actions completed each month as a line.",
                 summary, ("Month", "Due", "Completed"), rows, {"bars": bars})


def judgements_chart(project: m.Project) -> Chart | None:
    graded = [(iid, insp) for iid, insp in project.inspections.items() if insp.judgements and insp.grade_scale]
    if not graded:
        return None
    scales = {g.id: g.grades for g in project.settings.grade_scales}
    areas: list[str] = []
    for _, insp in graded:
        for j in insp.judgements:
            label = f"{j.service}: {j.area}" if j.service else j.area
            if label not in areas:
                areas.append(label)
    columns = [f"{insp.start.human}" for _, insp in graded]
    cells = []
    for label in areas:
        row = []
        for _, insp in graded:
            found = next((j for j in insp.judgements if (f"{j.service}: {j.area}" if j.service else j.area) == label), None)
            if found is None:
                row.append(["", -1])
            else:
                row.append([found.grade, scales[insp.grade_scale].index(found.grade)])
        cells.append(row)
    counts: dict[str, int] = {}
    for row in cells:
        for grade, _ in row:
            if grade:
                counts[grade] = counts.get(grade, 0) + 1
    summary = (f"{sum(counts.values())} judgements by area at {len(graded)} inspection"
               f"{'s' if len(graded) != 1 else ''}: " + ", ".join(f"{n} {g.lower()}" for g, n in counts.items()) + ".")
    rows = tuple((label, *(grade or "not judged" for grade, _ in row)) for label, row in zip(areas, cells))
    return Chart("inspections-judgements", "grid", "Judgements by area",
                 "Grid of the grade given to each area at each graded inspection, best grades lightest.",
                 summary, ("Area", *columns), rows, {"areas": areas, "columns": columns, "cells": cells})


def overview_chart(project: m.Project, facts: derive.Facts) -> Chart | None:
    """Overall judgements of the service over time, above the key figures on the same years.
    (project is the cut of what was known on the as-at date.)"""
    scales = {g.id: g.grades for g in project.settings.grade_scales}
    steps = []
    for iid, insp in project.inspections.items():
        if derive.judges_the_service(insp) and insp.grade_scale and iid not in facts.known.pending:
            for service, grade in derive.overall_judgements(insp):
                label = f"{service}: {grade}" if service else grade
                steps.append([insp.start.first_day.isoformat(), label, scales[insp.grade_scale].index(grade),
                              insp.start.human])
    metrics = []
    for hl in facts.headlines:
        metric = project.metrics[hl.metric]
        points = [[p.date.first_day.isoformat(), str(p.value), bool(p.uncertain)]
                  for p in sorted(metric.values, key=lambda p: p.date)]
        metrics.append({"label": metric.title, "unit": metric.unit, "points": points})
    if not steps and not metrics:
        return None
    years = [int(d[:4]) for d, *_ in steps] + [int(p[0][:4]) for s in metrics for p in s["points"]]
    start, end = min(years + [facts.as_at.year]), facts.as_at.year
    words = "; ".join(f"{grade} ({when})" for _, grade, _, when in steps) or "no graded inspection"
    summary = f"Overall judgements: {words}."
    if metrics:
        summary += " Alongside, on the same years: " + "; ".join(
            f"{s['label'].lower()} from {s['points'][0][1]} to {s['points'][-1][1]}" for s in metrics if s["points"]) + "."
        if any(p[2] for s in metrics for p in s["points"]):
            summary += " Some of these figures' dates are uncertain readings of the document."
    rows = [("Overall judgement", when, grade) for _, grade, _, when in steps]
    doubts: list[tuple[str, ...]] = [() for _ in steps]
    others: list[tuple] = [() for _ in steps]
    for hl in facts.headlines:
        for p in sorted(project.metrics[hl.metric].values, key=lambda p: p.date):
            rows.append((project.metrics[hl.metric].title, p.date.human, str(p.value)))
            doubts.append(tuple(p.uncertain))
            others.append(tuple(p.alternative))
    return Chart("journey-overview", "overview", f"The journey at a glance, {start} to {end}",
                 f"Step chart of the overall judgement at each inspection from {start} to {end}, with "
                 f"{len(metrics)} key figures on the same time axis below it.", summary,
                 ("Measure", "Date", "Value"), tuple(rows),
                 {"steps": steps, "metrics": metrics, "start": start, "end": end, "as_at": facts.as_at.isoformat(),
                  "grades": ["Outstanding", "Good", "Adequate or requires improvement", "Inadequate"]},
                 tuple(doubts), tuple(others))


def site_charts(project: m.Project, facts: derive.Facts) -> dict[str, Chart | None]:
    """Every chart the site shows, by where it goes ('metric:id', 'plan:id:status-mix' ...)."""
    charts: dict[str, Chart | None] = {"overview": overview_chart(project, facts),
                                       "judgements": judgements_chart(project)}
    for ident, metric in project.metrics.items():
        charts[f"metric:{ident}"] = metric_chart(ident, metric)
    for pid, bundle in project.plans.items():
        charts[f"plan:{pid}:status-mix"] = status_mix_chart(pid, bundle, facts, project.settings)
        charts[f"plan:{pid}:status-history"] = status_history_chart(pid, bundle, project.settings, facts.as_at)
        charts[f"plan:{pid}:due-done"] = due_done_chart(pid, bundle, facts.as_at)
    return charts


# --------------------------------------------------------------------------- drawing (matplotlib)
#
# Every chart is drawn in two variants from the same spec: "wide" (desktop and tablet) and "narrow"
# (phones, picked by the page with <picture><source media="(max-width: 640px)">). The width is fixed
# and the height follows the content: each chart is laid out top to bottom in inches (title, unit,
# plot, tick labels, legend) with every text measured first, so labels are wrapped, tick labels
# thinned and legends split into rows before anything is placed. layout_problems() checks the result:
# no text outside the figure, no two texts overlapping, no text under 11 CSS px at the narrowest width
# the image is shown at.


@dataclass(frozen=True)
class Variant:
    """One size of every chart: the figure's width, and the narrowest CSS width its image is shown at."""

    width_in: float
    min_display_px: int

    @property
    def css_px_per_pt(self) -> float:
        """CSS px a 1 pt font is shown at when the image is min_display_px wide (1 pt is 4/3 CSS px
        at the natural size of width_in * 96 px)."""
        return 4 / 3 * self.min_display_px / (self.width_in * 96)


VARIANTS = {"wide": Variant(width_in=7.5, min_display_px=590), "narrow": Variant(width_in=4.2, min_display_px=340)}
MIN_CSS_PX = 11.0  # the smallest text allowed, at a variant's min_display_px
TEXT_PT = 10.5  # every label, tick, legend entry and value (11.5 CSS px or more in both variants)
PANEL_PT = 11.0  # panel titles in the overview (bold)
TITLE_PT = 12.5  # chart titles (bold)
PAD = 0.1  # inches of white round the figure
GAP = 0.1  # inches between stacked blocks
TICK_IN = 7 / 72  # tick length + padding between an axis and its tick labels
SHADES = ["#f3f2f1", "#d9dde0", "#9ea3a8", "#505a5f"]  # judgement grid: best grade lightest
NOT_JUDGED = "not judged"


def _setup():
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams.update({
        "svg.fonttype": "none", "font.family": "sans-serif", "font.sans-serif": ["DejaVu Sans"],
        "font.size": TEXT_PT, "text.color": INK, "axes.labelcolor": INK, "axes.edgecolor": MUTED,
        "xtick.color": INK, "ytick.color": INK, "xtick.labelsize": TEXT_PT, "ytick.labelsize": TEXT_PT,
        "xtick.major.size": 3.5, "ytick.major.size": 3.5, "xtick.major.pad": 3.5, "ytick.major.pad": 3.5,
        "xtick.minor.visible": False, "ytick.minor.visible": False,
        "axes.spines.top": False, "axes.spines.right": False, "figure.facecolor": "white", "axes.facecolor": "white",
        "savefig.facecolor": "white", "legend.frameon": False, "legend.fontsize": TEXT_PT, "hatch.linewidth": 0.6,
        # Editors' text is text: '$x$' must not be read as mathematics (an error, or a formula).
        "text.parse_math": False, "text.usetex": False,
    })
    return matplotlib


def _variant(variant: str | Variant) -> Variant:
    if isinstance(variant, Variant):
        return variant
    if variant not in VARIANTS:
        raise ValueError(f"unknown chart variant {variant!r}: expected one of {', '.join(VARIANTS)}")
    return VARIANTS[variant]


def draw(chart: Chart, variant: str = "wide") -> bytes:
    """Draw a chart to SVG bytes; the same chart and variant always give the same bytes."""
    import matplotlib

    fig = figure(chart, variant)
    with matplotlib.rc_context({"svg.hashsalt": chart.name}):
        out = io.BytesIO()
        fig.savefig(out, format="svg", metadata={"Date": None, "Creator": None, "Title": chart.title})
    return out.getvalue()


def figure(chart: Chart, variant: str = "wide"):
    """The chart drawn (not saved) as a matplotlib Figure of the variant's width, for draw() and tests.
    The figure belongs to no pyplot state: nothing needs closing."""
    _setup()
    v = _variant(variant)
    drawer = {"line": _draw_line, "stacked": _draw_stacked, "stacked-time": _draw_stacked_time,
              "due-done": _draw_due_done, "grid": _draw_grid, "overview": _draw_overview}[chart.kind]
    return drawer(chart, v)


# ------------------------------------------------------------------ measuring and wrapping text

_SCRATCH: list = []


def _scratch():
    """A 72 dpi figure and renderer to measure text with (1 px = 1 pt)."""
    if not _SCRATCH:
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        fig = Figure(figsize=(2, 2), dpi=72)
        FigureCanvasAgg(fig)
        _SCRATCH.append((fig, fig.canvas.get_renderer()))
    return _SCRATCH[0]


@functools.lru_cache(maxsize=100_000)
def _extent(s: str, pt: float = TEXT_PT, weight: str = "normal", style: str = "normal") -> tuple[float, float]:
    """Width and height in inches of text s (one line or several) as matplotlib lays it out."""
    from matplotlib.text import Text

    _setup()
    fig, renderer = _scratch()
    t = Text(0, 0, s, fontsize=pt, fontweight=weight, fontstyle=style)
    t.set_figure(fig)
    bb = t.get_window_extent(renderer)
    return bb.width / 72, bb.height / 72


def _width(s: str, pt: float = TEXT_PT, weight: str = "normal", style: str = "normal") -> float:
    return _extent(s, pt, weight, style)[0]


def _height(s: str, pt: float = TEXT_PT, weight: str = "normal", style: str = "normal") -> float:
    return _extent(s, pt, weight, style)[1]


@functools.lru_cache(maxsize=20_000)
def _wrap(s: str, width_in: float, pt: float = TEXT_PT, weight: str = "normal", style: str = "normal") -> str:
    """s broken into lines no wider than width_in inches, at spaces; a word wider than a whole line is
    split with a hyphen. Nothing is dropped."""
    lines: list[str] = []
    for para in s.split("\n"):
        line = ""
        for word in (w for w in para.split(" ") if w.strip()):
            candidate = f"{line} {word}" if line else word
            if _width(candidate, pt, weight, style) <= width_in:
                line = candidate
                continue
            if line:
                lines.append(line)
            while len(word) > 1 and _width(word, pt, weight, style) > width_in:
                k = len(word) - 1
                while k > 1 and _width(word[:k] + "-", pt, weight, style) > width_in:
                    k -= 1
                lines.append(word[:k] + "-")
                word = word[k:]
            line = word
        lines.append(line)
    return "\n".join(lines).strip("\n") or s.strip()


def _dates_together(s: str) -> str:
    """'30 June 2025' is not broken across lines: its spaces become no-break spaces."""
    months = "|".join(m.MONTHS)
    return re.sub(rf"\b(\d{{1,2}}) ({months}) (\d{{4}})\b", "\\1\u00a0\\2\u00a0\\3", s)


def _short(s: str, n: int = 40) -> str:
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


# ------------------------------------------------------------------ the sheet: a figure laid out in inches


class _Sheet:
    """A figure of fixed width laid out top to bottom in inches; finish() sets its height and places
    everything. self.y is the next free inch from the top, self.end the bottom of the content so far
    (self.y less the gap after it)."""

    def __init__(self, v: Variant):
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        self.v = v
        self.w = v.width_in
        self.fig = Figure(figsize=(self.w, 4), dpi=72, facecolor="white")
        FigureCanvasAgg(self.fig)
        self.y = self.end = PAD
        self._moves: list = []

    @property
    def inner(self) -> float:
        return self.w - 2 * PAD

    def skip(self, content: float, gap: float = 0.0) -> None:
        """Room for content drawn outside the sheet's blocks (tick labels below axes), then a gap."""
        self.end = self.y + content
        self.y = self.end + gap

    def text(self, s: str, pt: float = TEXT_PT, *, weight: str = "normal", style: str = "normal", color: str = INK,
             x: float = PAD, width: float | None = None, gap: float = GAP):
        """A block of text from x, wrapped to width (the rest of the line by default)."""
        s = _wrap(s, width if width is not None else self.w - PAD - x, pt, weight, style)
        t = self.fig.text(0, 0, s, fontsize=pt, fontweight=weight, fontstyle=style, color=color, ha="left",
                          va="top")
        top = self.y
        self._moves.append(lambda h: t.set_position((x / self.w, 1 - top / h)))
        self.end = self.y + _height(s, pt, weight, style)
        self.y = self.end + gap
        return t

    def title(self, s: str):
        return self.text(_dates_together(s), TITLE_PT, weight="bold")

    def axes(self, left: float, height: float, right: float = PAD, **kw):
        """Axes from left to (width - right) inches, height inches tall, at the current y."""
        ax = self.fig.add_axes((0, 0, 1, 1), **kw)
        top = self.y
        self._moves.append(lambda h: ax.set_position(
            (left / self.w, 1 - (top + height) / h, (self.w - left - right) / self.w, height / h)))
        self.y = self.end = self.y + height
        return ax

    def legend(self, handles: list, labels: list[str], x: float = PAD, gap: float = GAP):
        """A legend below everything so far, in as many columns as fit the width and as many rows as
        needed; a label too long for one line is wrapped."""
        avail = self.w - PAD - x
        handle = (1.8 + 0.6) * TEXT_PT / 72  # handlelength + handletextpad
        labels = [_wrap(label, avail - handle) for label in labels]
        widths = [_width(label) + handle for label in labels]
        spacing = 1.6 * TEXT_PT / 72
        n = len(labels)

        def columns(ncol: int) -> list[list[float]]:
            size, extra = divmod(n, ncol)  # as numpy.array_split, which Legend uses
            out, i = [], 0
            for c in range(ncol):
                k = size + (1 if c < extra else 0)
                out.append(widths[i:i + k])
                i += k
            return [c for c in out if c]

        ncol = 1
        for cand in range(n, 0, -1):
            cols = columns(cand)
            if sum(max(c) for c in cols) + spacing * (len(cols) - 1) <= avail:
                ncol = cand
                break
        rows = -(-n // ncol)
        ncol = -(-n // rows)  # as few columns as give that many rows: balanced
        leg = self.fig.legend(handles, labels, loc="upper left", ncols=ncol, frameon=False, borderpad=0,
                              borderaxespad=0, handlelength=1.8, handletextpad=0.6, columnspacing=1.6,
                              labelspacing=0.45, fontsize=TEXT_PT)
        top = self.y
        self._moves.append(lambda h: leg.set_bbox_to_anchor((x / self.w, 1 - top / h), transform=self.fig.transFigure))
        height = leg.get_window_extent(self.fig.canvas.get_renderer()).height / self.fig.dpi
        self.end = self.y + height
        self.y = self.end + gap
        return leg

    def finish(self):
        height = max(1.0, round(self.end + PAD + 0.005, 2))
        self.fig.set_size_inches(self.w, height)
        for move in self._moves:
            move(height)
        return self.fig


# ------------------------------------------------------------------ ticks


def _fmt(v: float, step: float) -> str:
    digits = 0
    while digits < 6 and abs(step * 10 ** digits - round(step * 10 ** digits)) > 1e-6 * max(1.0, step * 10 ** digits):
        digits += 1
    out = f"{v:,.{digits}f}"
    return out[1:] if out.startswith("-") and not out.strip("-0.,") else out


def _value_ticks(lo: float, hi: float, length_in: float, *, across: bool = False,
                 integer: bool = False) -> tuple[list[float], list[str]]:
    """Nice ticks covering lo..hi, as many as fit an axis length_in long: across=True for an axis
    whose labels sit side by side (x), False for labels stacked (y)."""
    from matplotlib.ticker import MaxNLocator

    if not hi > lo:
        hi = lo + 1
    best: tuple[list[float], list[str]] = ([lo, hi], [_fmt(lo, 1), _fmt(hi, 1)])
    for nbins in range(6, 0, -1):
        ticks = [float(t) for t in MaxNLocator(nbins=nbins, integer=integer, steps=[1, 2, 5, 10],
                                               min_n_ticks=1).tick_values(lo, hi)]
        step = ticks[1] - ticks[0] if len(ticks) > 1 else 1.0
        labels = [_fmt(t, step) for t in ticks]
        best = (ticks, labels)
        room = length_in / max(1, len(ticks) - 1)
        need = (max(_width(s) for s in labels) + 0.2) if across else _height("0") * 2
        if room >= need:
            return best
    return best


def _date_ticks(d0: date, d1: date, width_in: float) -> tuple[list[date], list[str]]:
    """Year ticks (every 1, 2, 5, 10... years) when three or more fit, else month ticks (every 1, 2, 3
    or 6 months) labelled 'Jan\\n2024'; labels never closer than their width."""
    span = max(1, (d1 - d0).days)
    per_day = width_in / span

    def fits(labels: list[str], days: float) -> bool:
        return not labels or days * per_day >= max(_width(s) for s in labels) + 0.2

    years: tuple[list[date], list[str]] = ([], [])
    for base in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        days = [date(y, 1, 1) for y in range(d0.year, d1.year + 1) if y % base == 0 and d0 <= date(y, 1, 1) <= d1]
        if fits([str(d.year) for d in days], 365 * base):
            years = (days, [str(d.year) for d in days])
            break
    if len(years[0]) >= 3:
        return years
    for step in (1, 2, 3, 6):
        days, y, mo = [], d0.year, d0.month
        while date(y, mo, 1) <= d1:
            if date(y, mo, 1) >= d0 and (mo - 1) % step == 0:
                days.append(date(y, mo, 1))
            y, mo = (y + 1, 1) if mo == 12 else (y, mo + 1)
        labels = [f"{m.MONTHS[d.month - 1][:3]}\n{d.year}" for d in days]
        if len(days) >= 2 and fits(labels, 28 * step):
            return days, labels
    return years


def _thin(n: int, slot_in: float, labels: list[str], steps: tuple[int, ...] = ()) -> list[int]:
    """Which of n evenly spaced category labels to show so that none touch: every k-th counted back
    from the last (which is always shown), the smallest k that fits, trying `steps` first."""
    widest = max((_width(s) for s in labels), default=0) + 0.15
    k = n
    for k in (*steps, *range(max(steps, default=0) + 1, n + 1)):
        if k * slot_in >= widest:
            break
    return sorted(range(n - 1, -1, -max(1, k)))


def _month_ticks(months: list[tuple[int, int]], slot_in: float) -> list[int]:
    """Indices of the months to label: every 1, 2, 3, 4, 6 or 12 months (then every 2, 5, 10 years)
    aligned on the calendar, the smallest step whose labels do not touch."""
    widest = max((_width(f"{m.MONTHS[mo - 1][:3]}\n{y}") for y, mo in months), default=0) + 0.15
    for step in (1, 2, 3, 4, 6, 12, 24, 60, 120, 240, 600, 1200):
        if step * slot_in < widest:
            continue
        if step <= 12:
            chosen = [i for i, (_, mo) in enumerate(months) if (mo - 1) % step == 0]
        else:
            chosen = [i for i, (y, mo) in enumerate(months) if mo == 1 and y % (step // 12) == 0]
        return chosen or [0]
    return [0]


def _style_axes(ax) -> None:
    ax.tick_params(labelsize=TEXT_PT, length=3.5, pad=3.5, color=MUTED)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


# ------------------------------------------------------------------ placing labels without collisions


def _bbox_overlap(a, b, tol: float = 0.5) -> bool:
    return min(a.x1, b.x1) - max(a.x0, b.x0) > tol and min(a.y1, b.y1) - max(a.y0, b.y0) > tol


def _bbox_inside(inner, outer, tol: float = 0.5) -> bool:
    return (inner.x0 >= outer.x0 - tol and inner.y0 >= outer.y0 - tol and inner.x1 <= outer.x1 + tol
            and inner.y1 <= outer.y1 + tol)


def _box_of(x0: float, y0: float, x1: float, y1: float):
    from matplotlib.transforms import Bbox

    return Bbox([[x0, y0], [x1, y1]])


class _Placer:
    """Puts labels in an axes at candidate positions that stay inside the axes and touch no other
    label; a label with no such position is left out (every number is in the chart's data table)."""

    def __init__(self, ax):
        self.ax = ax
        self.renderer = ax.figure.canvas.get_renderer()
        self.bounds = ax.get_window_extent(self.renderer)
        self.placed: list = []

    def avoid_path(self, xs: list, ys: list, *, steps: bool = False, marker_pt: float = 8) -> None:
        """Keep labels off a line's markers and, for a step line (horizontal then vertical segments),
        off the line itself."""
        ax = self.ax
        pts = [ax.transData.transform((ax.xaxis.convert_units(x), y)) for x, y in zip(xs, ys)]
        r = marker_pt / 2 * ax.figure.dpi / 72
        for px, py in pts:
            self.placed.append(_box_of(px - r, py - r, px + r, py + r))
        if steps:
            w = 1.5 * ax.figure.dpi / 72
            for (ax0, ay0), (ax1, ay1) in zip(pts, pts[1:]):
                self.placed.append(_box_of(min(ax0, ax1), ay0 - w, max(ax0, ax1), ay0 + w))  # along
                self.placed.append(_box_of(ax1 - w, min(ay0, ay1), ax1 + w, max(ay0, ay1)))  # then up or down

    def _annotate(self, option, **kw):
        """The annotation for an option (text, xy, offset in points, ha, va); ha 'clamp' centres the
        text on the point but slides it sideways to stay inside the axes."""
        s, xy, offset, ha, va = option
        if ha == "clamp":
            x = self.ax.transData.transform((self.ax.xaxis.convert_units(xy[0]), xy[1]))[0]
            w = _width(s, TEXT_PT, style=kw.get("style", "normal")) * self.ax.figure.dpi
            left = min(max(x - w / 2, self.bounds.x0 + 2), self.bounds.x1 - w - 2)
            offset, ha = ((left - x) * 72 / self.ax.figure.dpi, offset[1]), "left"
        return self.ax.annotate(s, xy, xytext=offset, textcoords="offset points", ha=ha, va=va, fontsize=TEXT_PT,
                                annotation_clip=False, **kw)

    def _box(self, option, **kw):
        t = self._annotate(option, **kw)
        bb = t.get_window_extent(self.renderer)
        t.remove()
        return bb if _bbox_inside(bb, self.bounds) else None

    def place(self, options: list[tuple[str, Any, tuple[float, float], str, str]], **kw):
        """The first option that fits, placed; None when none does."""
        for option in options:
            bb = self._box(option, **kw)
            if bb is not None and not any(_bbox_overlap(bb, o) for o in self.placed):
                self.placed.append(bb)
                return self._annotate(option, **kw)
        return None

    def place_all(self, labels: list[list[tuple]], budget: int = 20_000, **kw) -> list:
        """Place several labels together: the choice of options that places the most of them (the
        earliest options preferred), found by a bounded search rather than first come first served."""
        boxes = [[(i, bb) for i, o in enumerate(options) if (bb := self._box(o, **kw)) is not None]
                 for options in labels]
        best: list = [[None] * len(labels), -1]
        chosen: list = []
        steps = [0]

        def search(k: int, placed: list) -> bool:
            steps[0] += 1
            count = sum(c is not None for c in chosen)
            if count + (len(labels) - k) <= best[1] or steps[0] > budget:
                return False
            if k == len(labels):
                best[0], best[1] = list(chosen), count
                return count == len(labels)
            for i, bb in boxes[k]:
                if not any(_bbox_overlap(bb, o) for o in placed) and not any(_bbox_overlap(bb, o) for o in self.placed):
                    chosen.append(i)
                    if search(k + 1, placed + [bb]):
                        return True
                    chosen.pop()
            chosen.append(None)
            done = search(k + 1, placed)
            chosen.pop()
            return done

        search(0, [])
        out = []
        for options, i in zip(labels, best[0]):
            if i is None:
                out.append(None)
                continue
            self.placed.append(self._box(options[i], **kw))
            out.append(self._annotate(options[i], **kw))
        return out


def _around(s: str, xy, d: float = 6) -> list[tuple[str, Any, tuple[float, float], str, str]]:
    """Candidate positions for a label at a point: above, below, right, left."""
    return [(s, xy, (0, d), "center", "bottom"), (s, xy, (0, -d), "center", "top"),
            (s, xy, (d + 1, 0), "left", "center"), (s, xy, (-d - 1, 0), "right", "center")]


# ------------------------------------------------------------------ the charts


def _dates(values: list[str]) -> list[date]:
    return [date.fromisoformat(v) for v in values]


def _date_range(days: list[date]) -> tuple[date, date]:
    first, last = min(days), max(days)
    pad = timedelta(days=max(45, int((last - first).days * 0.05))) if last > first else timedelta(days=183)
    return first - pad, last + pad


def _draw_line(chart: Chart, v: Variant):
    series = chart.data["series"]
    sheet = _Sheet(v)
    sheet.title(chart.title)
    sheet.text(chart.data["unit"], color=MUTED, gap=0.06)
    ys = [float(p[1]) for s in series for p in s["points"]]
    lo, hi = min(ys), max(ys)
    pad = (hi - lo) * 0.15 or max(abs(hi) * 0.1, 1.0)
    low = lo - pad if lo < 0 or lo - pad >= 0 else 0.0
    plot_h = 2.7 if v.width_in >= 6 else 2.5
    yticks, ylabels = _value_ticks(low, hi + pad, plot_h, integer=all(y == int(y) for y in ys))
    left = PAD + max(_width(s) for s in ylabels) + TICK_IN + 0.02
    x0, x1 = _date_range([d for s in series for d in _dates([p[0] for p in s["points"]])])
    right = PAD + 0.3
    xticks, xlabels = _date_ticks(x0, x1, v.width_in - left - right)
    if xlabels:
        right = PAD + max(0.05, max(_width(s) for s in xlabels) / 2)
    sheet.skip(0.12)
    ax = sheet.axes(left, plot_h, right)
    _style_axes(ax)
    sheet.skip(TICK_IN + max((_height(s) for s in xlabels), default=0), GAP)
    handles = []
    for i, s in enumerate(series):
        colour, style, marker = SERIES[i % len(SERIES)]
        xs = _dates([p[0] for p in s["points"]])
        vals = [float(p[1]) for p in s["points"]]
        (line,) = ax.plot(xs, vals, linestyle=style, marker=marker, color=colour, linewidth=2, markersize=6,
                          label=s["label"])
        handles.append(line)
        doubtful = [(x, y) for x, y, p in zip(xs, vals, s["points"]) if p[3]]
        if doubtful:  # uncertain readings: open markers (the table marks them in words)
            ax.plot([x for x, _ in doubtful], [y for _, y in doubtful], linestyle="none", marker=marker,
                    markersize=8, markerfacecolor="white", markeredgecolor=colour, markeredgewidth=1.5)
    ax.set_xlim(x0, x1)
    ax.set_ylim(yticks[0], yticks[-1])
    ax.set_yticks(yticks, ylabels)
    ax.set_xticks(xticks, xlabels)
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    if len(series) > 1:
        sheet.legend(handles, [s["label"] for s in series])
    fig = sheet.finish()
    # Values (and short notes) at the points, where they fit: the last, first, highest and lowest of
    # each series first. A short note with no room is marked * like a long one: the table has it.
    placer = _Placer(ax)
    for s in series:
        placer.avoid_path(_dates([p[0] for p in s["points"]]), [float(p[1]) for p in s["points"]])
    for s in series:
        xs = _dates([p[0] for p in s["points"]])
        points = list(zip(xs, s["points"]))
        order = list(range(len(points)))
        if order:
            by_value = sorted(order, key=lambda i: float(points[i][1][1]))
            first = [len(points) - 1, 0, by_value[-1], by_value[0]]
            # Too many points to label them all legibly: the last, first, highest and lowest, and
            # those with a note. (The data table has every value.)
            crowded = sum(_width(p[1]) + 0.12 for _, p in points) > 0.9 * (v.width_in - left - right)
            rest = [i for i in order if points[i][1][2]] if crowded else order
            order = list(dict.fromkeys(first + rest))
        for i in order:
            x, (_, value, note, _doubt) = points[i]
            y = float(value)
            mark = "*" if note and len(note) > SHORT_NOTE else ""
            if note and not mark:
                options = []
                for width in (2.2, 1.4):
                    wrapped = _wrap(note, width, TEXT_PT, style="italic")
                    options += [(wrapped, (x, y), (0, -8), "center", "top"), (wrapped, (x, y), (0, 8), "center", "bottom")]
                if placer.place(options, color=MUTED, style="italic") is None:
                    mark = "*"
            placer.place(_around(value + mark, (x, y)), color=INK)
    return fig


def _swatch(colour: str, hatch: str):
    """A legend entry for bars of that colour and hatching (whether or not any bar has them)."""
    from matplotlib.patches import Patch

    return Patch(facecolor=colour, edgecolor=INK, linewidth=0.5, hatch=hatch)


def _nonzero(*columns: list) -> list[list]:
    """The columns (positions, values, bases...) kept where the values (second column) are not 0:
    a segment of no width would still draw its edge."""
    kept = [row for row in zip(*columns) if row[1]]
    return [list(c) for c in zip(*kept)] if kept else [[] for _ in columns]


def _draw_stacked(chart: Chart, v: Variant):
    """Status by section: one horizontal bar per section, its (wrapped) name above it over the full
    width, counts inside the segments that have room, the legend below."""
    from matplotlib.transforms import blended_transform_factory

    bars, levels = chart.data["bars"], chart.data["levels"]
    sheet = _Sheet(v)
    sheet.title(chart.title)
    total = max(sum(b["counts"]) for b in bars) or 1
    right = PAD + 0.25
    width = v.width_in - PAD - right
    xticks, xlabels = _value_ticks(0, total, width, across=True, integer=True)
    right = PAD + max(0.05, _width(xlabels[-1]) / 2)
    width = v.width_in - PAD - right
    bar_h, label_gap, row_gap = 0.3, 0.05, 0.16
    labels = [_wrap(b["label"], width) for b in bars]
    rows, y = [], 0.06
    for label in labels:
        h = _height(label)
        rows.append((y, y + h + label_gap + bar_h / 2))
        y += h + label_gap + bar_h + row_gap
    plot_h = y - row_gap + 0.06
    sheet.skip(0.04)
    ax = sheet.axes(PAD, plot_h, right)
    _style_axes(ax)
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", left=False, labelleft=False)
    ax.set_ylim(plot_h, 0)  # data units are inches from the top of the plot
    ax.set_xlim(0, xticks[-1])
    ax.set_xticks(xticks, xlabels)
    centres = [c for _, c in rows]
    base = [0] * len(bars)
    handles = []
    for i, (label, colour) in enumerate(levels):
        values = [b["counts"][i] for b in bars]
        hatch = "" if i == len(levels) - 1 else HATCHES[i % len(HATCHES)]
        at, widths, lefts = _nonzero(centres, values, base)
        ax.barh(at, widths, left=lefts, height=bar_h, color=colour, edgecolor=INK, linewidth=0.5, hatch=hatch)
        handles.append(_swatch(colour, hatch))
        base = [b + n for b, n in zip(base, values)]
    mixed = blended_transform_factory(ax.transAxes, ax.transData)
    for (top, centre), label, b in zip(rows, labels, bars):
        ax.text(0, top, label, transform=mixed, ha="left", va="top", fontsize=TEXT_PT, color=INK)
        if not sum(b["counts"]):
            ax.text(0, centre, "no actions", transform=mixed, ha="left", va="center", fontsize=TEXT_PT, color=MUTED,
                    fontstyle="italic")
    sheet.skip(TICK_IN + _height("0"), 0.04)
    sheet.text("Number of actions", color=MUTED)
    sheet.legend(handles, [label for label, _ in levels])
    fig = sheet.finish()
    per_action = width / xticks[-1]  # inches per action along the bar
    base = [0] * len(bars)
    for i in range(len(levels)):
        values = [b["counts"][i] for b in bars]
        for c, n, b in zip(centres, values, base):
            if n and n * per_action >= _width(str(n)) + 0.08:
                ax.text(b + n / 2, c, str(n), ha="center", va="center", fontsize=TEXT_PT, color=INK,
                        bbox=dict(boxstyle="round,pad=0.12", fc="white", ec="none"))
        base = [b + n for b, n in zip(base, values)]
    return fig


def _category_axis(ax, n: int, v: Variant, labels: list[str], chosen: list[int]) -> None:
    """n bars at 0..n-1, in at least 6 slots (4 when narrow): a single bar is not a slab."""
    slots = max(n, 6 if v.width_in >= 6 else 4)
    extra = (slots - n) / 2
    ax.set_xlim(-0.6 - extra, n - 0.4 + extra)
    ax.set_xticks([i for i in chosen], [labels[i] for i in chosen])


def _draw_vertical_bars(chart: Chart, v: Variant, labels: list[str], chosen_for, stacks: list[tuple],
                        top_value: float, line: tuple | None = None, value_labels: bool = True):
    """Shared by status over time (stacked) and due by month: title, 'actions' above the y axis,
    bars, thinned category labels, legend below. stacks: (label, colour, hatch, values)."""
    sheet = _Sheet(v)
    sheet.title(chart.title)
    sheet.text("Number of actions", color=MUTED, gap=0.06)
    plot_h = 2.6 if v.width_in >= 6 else 2.4
    yticks, ylabels = _value_ticks(0, max(top_value, 1), plot_h, integer=True)
    left = PAD + max(_width(s) for s in ylabels) + TICK_IN + 0.02
    right = PAD + max(_width(s) for s in labels) / 2
    width = v.width_in - left - right
    n = len(labels)
    slots = max(n, 6 if v.width_in >= 6 else 4)
    slot_in = width / (slots + 0.2)
    chosen = chosen_for(slot_in)
    right = PAD + max(0.05, max(_width(labels[i]) for i in chosen) / 2 - 0.4 * slot_in)
    width = v.width_in - left - right
    slot_in = width / (slots + 0.2)
    sheet.skip(0.12)
    ax = sheet.axes(left, plot_h, right)
    _style_axes(ax)
    sheet.skip(TICK_IN + max(_height(labels[i]) for i in chosen), GAP)
    positions = list(range(n))
    base = [0] * n
    handles = []
    for label, colour, hatch, values in stacks:
        at, heights, bottoms = _nonzero(positions, values, base)
        ax.bar(at, heights, bottom=bottoms, width=0.8, color=colour, edgecolor=INK, linewidth=0.5, hatch=hatch)
        handles.append(_swatch(colour, hatch))
        base = [b + x for b, x in zip(base, values)]
    if line is not None:
        label, values = line
        colour, style, marker = SERIES[0]
        dense = slot_in < 0.14  # markers would merge into a band: the line alone
        (ln,) = ax.plot(positions, values, color=colour, linestyle=style, marker=None if dense else marker,
                        linewidth=1.5 if dense else 2, markersize=6, label=label)
        handles.append(ln)
    _category_axis(ax, n, v, labels, chosen)
    ax.set_ylim(0, yticks[-1])
    ax.set_yticks(yticks, ylabels)
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)
    sheet.legend(handles, [s[0] for s in stacks] + ([line[0]] if line else []))
    fig = sheet.finish()
    if value_labels:
        per_action = plot_h / yticks[-1]
        bar_w = 0.8 * width / (ax.get_xlim()[1] - ax.get_xlim()[0])
        base = [0] * n
        for _, _, _, values in stacks:
            for p, x, b in zip(positions, values, base):
                w, h = _extent(str(x))
                if x and x * per_action >= h + 0.04 and bar_w >= w + 0.06:
                    ax.text(p, b + x / 2, str(x), ha="center", va="center", fontsize=TEXT_PT, color=INK,
                            bbox=dict(boxstyle="round,pad=0.12", fc="white", ec="none"))
            base = [b + x for b, x in zip(base, values)]
    return fig


def _draw_stacked_time(chart: Chart, v: Variant):
    bars, levels = chart.data["bars"], chart.data["levels"]
    labels = []
    for b in bars:
        if "day" in b:
            d = date.fromisoformat(b["day"])
            labels.append(f"{d.day} {m.MONTHS[d.month - 1][:3]}\n{d.year}")
        else:
            labels.append(_wrap(b["label"], 0.9))
    stacks = [(label, colour, "" if i == len(levels) - 1 else HATCHES[i % len(HATCHES)],
               [b["counts"][i] for b in bars]) for i, (label, colour) in enumerate(levels)]
    top = max(sum(b["counts"]) for b in bars)
    return _draw_vertical_bars(chart, v, labels,
                               lambda slot: _thin(len(bars), slot, labels, steps=(1, 2, 4, 8, 12, 16, 20, 40, 80)),
                               stacks, top)


def _draw_due_done(chart: Chart, v: Variant):
    bars = chart.data["bars"]
    months = []
    for b in bars:
        if "month" in b:
            y, mo = (int(x) for x in b["month"].split("-"))
        else:
            name, y = b["label"].split()
            y, mo = int(y), [x[:3] for x in m.MONTHS].index(name) + 1
        months.append((y, mo))
    labels = [f"{m.MONTHS[mo - 1][:3]}\n{y}" for y, mo in months]
    stacks = [("Due that month", "#b1b4b6", "///", [b["due"] for b in bars])]
    line = None
    if bars and bars[0]["done"] is not None:
        line = ("Completed that month", [b["done"] for b in bars])
    top = max([b["due"] for b in bars] + (line[1] if line else []))
    return _draw_vertical_bars(chart, v, labels, lambda slot: _month_ticks(months, slot), stacks, top, line,
                               value_labels=False)


def _draw_grid(chart: Chart, v: Variant):
    """Judgements: one row per area, one column per inspection, the grade in words in each cell (best
    grade lightest). Area names go left of the cells when there is room, else above each row of cells;
    more inspections than fit the width are drawn in several blocks, one below the other."""
    from matplotlib.patches import Rectangle

    areas, columns, cells = chart.data["areas"], chart.data["columns"], chart.data["cells"]
    sheet = _Sheet(v)
    sheet.title(chart.title)
    inner = sheet.inner
    words = {w for row in cells for grade, _ in row for w in (grade or NOT_JUDGED).split()}
    words |= {w for c in columns for w in c.split()}
    min_cell = max(0.95, max(_width(w) for w in words) + 0.16)
    max_cell = 1.9
    min_label = 1.9 if v.width_in < 6 else 2.4
    n = len(columns)
    if min_label + n * min_cell <= inner:
        beside, per_block = True, n
    else:
        beside, per_block = False, max(1, min(n, int(inner // min_cell)))
    cell_w = min(max_cell, (inner - (min_label if beside else 0)) / per_block)
    if beside:  # no wider than the longest grade needs: the rest goes to the area names
        need = max(_width(grade or NOT_JUDGED) for row in cells for grade, _ in row) + 0.3
        cell_w = max(min_cell, min(cell_w, need))
    widest = max(_width(a) for a in areas) + 0.2
    label_w = min(inner - per_block * cell_w, max(min_label, widest)) if beside else inner
    pad = 0.06
    texts: list[tuple[float, float, str, dict]] = []  # x, y (inches from the top-left of the grid), text, style
    rects: list[tuple[float, float, float, float, str, str]] = []
    rules: list[tuple[float, float]] = []
    y = 0.0
    for start in range(0, n, per_block):
        block = list(range(start, min(n, start + per_block)))
        x0 = label_w if beside else 0.0
        heads = [_wrap(columns[c], cell_w - 2 * pad) for c in block]
        head_h = max(_height(h) for h in heads)
        for k, head in enumerate(heads):
            texts.append((x0 + (k + 0.5) * cell_w, y + head_h, head, dict(ha="center", va="bottom",
                                                                          fontweight="bold")))
        y += head_h + 0.08
        for area, row in zip(areas, cells):
            label = _wrap(area, label_w - 0.12 if beside else inner)
            grades = [(_wrap(row[c][0] or NOT_JUDGED, cell_w - 2 * pad), row[c][1]) for c in block]
            cell_h = max(_height(g) for g, _ in grades) + 2 * pad
            if beside:
                h = max(_height(label) + 2 * pad, cell_h)
                texts.append((0.0, y + h / 2, label, dict(ha="left", va="center")))
                rules.append((y + h, x0))
                top = y
            else:
                texts.append((0.0, y + 0.04, label, dict(ha="left", va="top")))
                top = y + 0.04 + _height(label) + 0.05
                h = top - y + cell_h
            for k, (grade, rank) in enumerate(grades):
                colour = SHADES[max(0, min(rank, len(SHADES) - 1))] if rank >= 0 else "white"
                edge = "white" if rank >= 0 else "#b1b4b6"
                rects.append((x0 + k * cell_w, top, cell_w, cell_h if not beside else h, colour, edge))
                style = dict(ha="center", va="center", color="white" if rank >= len(SHADES) - 1 else INK)
                if rank < 0:
                    style.update(color=MUTED, fontstyle="italic")
                texts.append((x0 + (k + 0.5) * cell_w, top + (cell_h if not beside else h) / 2, grade, style))
            y += h + (0.0 if beside else 0.1)
        y += 0.2
    y -= 0.2
    sheet.skip(0.04)
    ax = sheet.axes(PAD, y, PAD)
    ax.set_axis_off()
    ax.set_xlim(0, inner)
    ax.set_ylim(y, 0)
    for ry, rx in rules:
        ax.plot([0, rx], [ry, ry], color="#e5e6e7", linewidth=0.8, solid_capstyle="butt")
    for x, top, w, h, colour, edge in rects:
        ax.add_patch(Rectangle((x, top), w, h, facecolor=colour, edgecolor=edge, linewidth=1.5))
    for x, ty, s, style in texts:
        ax.text(x, ty, s, fontsize=TEXT_PT, **{"color": INK, **style})
    return sheet.finish()


def _draw_overview(chart: Chart, v: Variant):
    """The overall judgement at each inspection as a step chart, then one small panel per key figure,
    all on the same years; only the bottom panel carries the year labels. When the step labels do not
    all fit, the step chart is drawn taller (up to three times)."""
    for stretch in (1.0, 1.4, 1.8, 2.4):
        fig, complete = _overview(chart, v, stretch)
        if complete:
            break
    return fig


def _overview(chart: Chart, v: Variant, stretch: float):
    steps, metrics = chart.data["steps"], chart.data["metrics"]
    start, end = date(chart.data["start"], 1, 1), date.fromisoformat(chart.data["as_at"])
    grades = chart.data["grades"]
    narrow = v.width_in < 6
    sheet = _Sheet(v)
    sheet.title(chart.title)
    longest_word = max(_width(w) for g in grades for w in g.split())
    grade_labels = [_wrap(g, max(longest_word, 1.05 if narrow else 1.7)) for g in grades]
    ranks = [s[2] for s in steps]
    bottom_rank = max([len(grades) - 1] + ranks)
    panels = []
    for s in metrics:
        ys = [float(p[1]) for p in s["points"]] or [0.0]
        lo, hi = min(ys), max(ys)
        pad = (hi - lo) * 0.15 or max(abs(hi) * 0.1, 1.0)
        low = lo - pad if lo < 0 or lo - pad >= 0 else 0.0
        panels.append(_value_ticks(low, hi + pad, 1.0, integer=all(y == int(y) for y in ys)))
    tick_widths = [_width(g) for g in grade_labels] if steps else []
    tick_widths += [_width(s) for ticks, labels in panels for s in labels]
    left = PAD + max(tick_widths, default=0.3) + TICK_IN + 0.02
    right = PAD + 0.25
    x0 = start - timedelta(days=60)
    ends = [s["points"][-1][1] for s in metrics if s["points"]]
    room = max((_width(e) for e in ends), default=0) + 0.12
    plot_w = v.width_in - left - right
    span = (end - x0).days + 30
    x1 = end + timedelta(days=30 + int(span * room / max(0.5, plot_w - room)))
    xticks, xlabels = _date_ticks(x0, x1, plot_w)
    axes = []
    step_ax = None
    if steps:
        sheet.text("Overall judgement at each inspection", PANEL_PT, weight="bold", gap=0.08)
        # grade labels are stacked one rank apart: a rank must be as tall as two half labels
        heights = [_height(g) for g in grade_labels] + [0.0] * (bottom_rank + 1 - len(grade_labels))
        rank_in = max([0.3] + [(a + b) / 2 + 0.06 for a, b in zip(heights, heights[1:])])
        step_h = max(1.6, rank_in * (bottom_rank + 1.4)) * stretch
        step_ax = sheet.axes(left, step_h, right)
        axes.append(step_ax)
        _style_axes(step_ax)
        step_xs = _dates([s[0] for s in steps])
        step_ax.step(step_xs + [end], ranks + [ranks[-1]], where="post", color=INK, linewidth=2)
        step_ax.plot(step_xs, ranks, "o", color=INK, markersize=6)
        step_ax.set_ylim(bottom_rank + 0.7, -0.7)
        step_ax.set_yticks(range(len(grades)), grade_labels)
        step_ax.grid(axis="y", color="#eeeeee", linewidth=0.6)
    for i, (s, (yticks, ylabels)) in enumerate(zip(metrics, panels)):
        sheet.skip(0.2 if axes else 0)
        unit = "" if s["unit"].lower() in s["label"].lower() else f" ({s['unit']})"
        sheet.text(s["label"] + unit, PANEL_PT, weight="bold", gap=0.08)
        a = sheet.axes(left, 1.0, right, sharex=axes[0] if axes else None)
        axes.append(a)
        _style_axes(a)
        colour, style, marker = SERIES[i % len(SERIES)]
        if s["points"]:
            xs = _dates([p[0] for p in s["points"]])
            vals = [float(p[1]) for p in s["points"]]
            a.plot(xs, vals, color=colour, linestyle=style, marker=marker, markersize=5, linewidth=1.8)
            doubtful = [(x, y) for x, y, p in zip(xs, vals, s["points"]) if p[2]]
            if doubtful:
                a.plot([x for x, _ in doubtful], [y for _, y in doubtful], linestyle="none", marker=marker,
                       markersize=7, markerfacecolor="white", markeredgecolor=colour, markeredgewidth=1.3)
        a.set_ylim(yticks[0], yticks[-1])
        a.set_yticks(yticks, ylabels)
        a.grid(axis="y", color="#eeeeee", linewidth=0.6)
    if not axes:  # neither steps nor metrics: the spec returns None, but draw something sane anyway
        axes.append(sheet.axes(left, 1.0, right))
    for a in axes:
        a.set_xlim(x0, x1)
        a.set_xticks(xticks, xlabels)
        a.grid(axis="x", color="#eeeeee", linewidth=0.6)
        a.set_axisbelow(True)
        if a is not axes[-1]:
            a.tick_params(axis="x", labelbottom=False)
    sheet.skip(TICK_IN + max((_height(s) for s in xlabels), default=0), GAP)
    fig = sheet.finish()
    if step_ax is not None:
        placer = _Placer(step_ax)
        plot_w_in = step_ax.get_window_extent(placer.renderer).width / fig.dpi
        longest = max(_width(w) for s in steps for w in s[1].split())
        labels = []
        for x, (_, label, rank, _when) in zip(step_xs, steps):
            options = []
            for w in (None, plot_w_in * 0.6, plot_w_in * 0.4):
                text = label if w is None else _wrap(label, max(w, longest))
                options += [(text, (x, rank), (6, 5), "left", "bottom"), (text, (x, rank), (6, -5), "left", "top"),
                            (text, (x, rank), (-6, 5), "right", "bottom"), (text, (x, rank), (-6, -5), "right", "top"),
                            (text, (x, rank), (0, 7), "clamp", "bottom"), (text, (x, rank), (0, -7), "clamp", "top")]
            labels.append(options)
        placer.avoid_path(step_xs + [end], ranks + [ranks[-1]], steps=True)
        complete = None not in placer.place_all(labels, color=INK)
    else:
        complete = True
    for a, s in zip(axes[1:] if step_ax is not None else axes, metrics):
        if s["points"]:
            last = s["points"][-1]
            _Placer(a).place([(last[1], (date.fromisoformat(last[0]), float(last[1])), (6, 0), "left", "center"),
                              *_around(last[1], (date.fromisoformat(last[0]), float(last[1])))], color=INK)
    return fig, complete


# ------------------------------------------------------------------ checking a layout


def _drawn_texts(fig) -> list:
    """Every text the figure draws: visible, not empty, not the label of a tick outside its axis, not
    in an axes that is hidden or has its axis turned off."""
    from matplotlib.text import Text

    skip: set[int] = set()
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            if not ax.get_visible() or not ax.axison or not axis.get_visible():
                skip.update(id(t) for t in axis.findobj(Text))
                continue
            lo, hi = sorted(axis.get_view_interval())
            eps = (hi - lo) * 1e-9
            for ticks, locs in ((axis.get_major_ticks(), axis.get_majorticklocs()),
                                (axis.get_minor_ticks(), axis.get_minorticklocs())):
                for tick, loc in zip(ticks, locs):
                    if not lo - eps <= loc <= hi + eps or not tick.get_visible():
                        skip.update(id(t) for t in (tick.label1, tick.label2))
    out = []
    for t in fig.findobj(Text):
        if id(t) in skip or not t.get_visible() or not t.get_text().strip():
            continue
        if t.axes is not None and not t.axes.get_visible():
            continue
        out.append(t)
    return out


def layout_problems(fig, variant: str | Variant = "wide") -> list[str]:
    """In words: every text outside the figure, every two texts that overlap and every text smaller
    than 11 CSS px when the image is shown at the variant's narrowest width. [] is a good layout."""
    v = _variant(variant)
    renderer = fig.canvas.get_renderer()
    fig.draw_without_rendering()  # tick labels, legends and annotations take their final places
    scale = 4 / 3 * v.min_display_px / (fig.get_figwidth() * 96)
    page = fig.bbox
    problems, boxes = [], []
    for t in _drawn_texts(fig):
        name = f"'{_short(t.get_text())}'"
        bb = t.get_window_extent(renderer)
        px = t.get_fontsize() * scale
        if px < MIN_CSS_PX - 1e-6:
            problems.append(f"{name} is {px:.1f} CSS px high at {v.min_display_px} px wide (less than "
                            f"{MIN_CSS_PX:g}): {t.get_fontsize():g} pt")
        if not _bbox_inside(bb, page):
            problems.append(f"{name} is outside the figure ({bb.x0:.0f}..{bb.x1:.0f} x {bb.y0:.0f}..{bb.y1:.0f}, "
                            f"figure {page.width:.0f} x {page.height:.0f})")
        boxes.append((name, bb))
    for i, (a, ba) in enumerate(boxes):
        for b, bb in boxes[i + 1:]:
            if _bbox_overlap(ba, bb):
                problems.append(f"{a} overlaps {b}")
    return problems
