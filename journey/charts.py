"""Charts: matplotlib SVG drawn from derived facts. Each chart comes with its title, a text
alternative, a one-sentence summary and its data as a table, so nothing is only visible.

Bytes are deterministic (fixed size, fonts drawn as paths, svg.hashsalt set, no date or creator
metadata) and every chart is cached by a hash of its data and style: a chart whose data has not
changed is not redrawn (matplotlib costs about 35 ms a chart).
"""

from __future__ import annotations

import hashlib
import io
import json
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

    @property
    def key(self) -> str:
        import matplotlib

        payload = json.dumps({"kind": self.kind, "title": self.title, "data": self.data, "code": CODE_HASH,
                              "matplotlib": matplotlib.__version__}, sort_keys=True, default=str)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()

    @property
    def src(self) -> str:
        return f"charts/{self.name}.svg"


class ChartCache:
    """SVG bytes by chart key, in a folder (or in memory when folder is None); counts draws."""

    def __init__(self, folder: Path | None = None):
        self.folder = folder
        self.memory: dict[str, bytes] = {}
        self.drawn = 0
        self.reused = 0

    def svg(self, chart: Chart) -> bytes:
        key = chart.key
        path = self.folder / f"{key}.svg" if self.folder else None
        if key in self.memory:
            self.reused += 1
            return self.memory[key]
        if path and path.is_file():
            self.reused += 1
            data = path.read_bytes()
        else:
            self.drawn += 1
            try:
                data = draw(chart)
            except (KeyboardInterrupt, MemoryError):
                raise
            except Exception as e:  # noqa: BLE001 - a drawing failure names the chart, not a traceback
                detail = " ".join(str(e).split())[:200]
                raise UserError([Problem(f"content/{chart.src}", 0, 0, "", f"the chart '{chart.title}' could not be "
                                         f"drawn ({type(e).__name__}: {detail}); check the values it shows")]) from None
            if path:
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = path.with_suffix(".tmp")
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

    summary = f"{metric.title}: from {amount(first)} {when(first.date)} to {amount(last)} {when(last.date)}"
    ends = derive.extremes(values)
    if len(values) > 2 and ends:
        high, low = ends
        extra = []
        if high.point is not first and high.point is not last:
            extra.append(f"highest {amount(high.point)} {when(high.point.date)}")
        if low.point is not first and low.point is not last:
            extra.append(f"lowest {amount(low.point)} {when(low.point.date)}")
        if extra:
            summary += ", with the " + " and the ".join(extra)
    summary += "."
    if any(p.uncertain for p in values):
        summary += (" Some of these dates or figures are uncertain readings of the source (open markers on the "
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
    rows, doubts = [], []
    for s in series:
        for point in sorted(s.pop("source"), key=lambda p: p.date):
            rows.append((s["label"], point.date.human, str(point.value), point.note or ""))
            doubts.append(tuple(point.uncertain))
    return Chart(f"metric-{ident}", "line", metric.title,
                 f"Line chart of {metric.title.lower()} ({metric.unit}), {first.date.human} to {last.date.human}.",
                 summary, ("Series", "Date", "Value", "Note"), tuple(rows),
                 {"series": series, "unit": metric.unit}, tuple(doubts))


def _levels(settings: m.Settings) -> list[tuple[str | None, str, str]]:
    """(key, label, colour) for each RAG level, then 'not yet rated'."""
    return [(r.key, r.label, r.colour) for r in settings.rag] + [(None, derive.NOT_RATED, "#b1b4b6")]


def status_mix_chart(pid: str, bundle: m.PlanBundle, facts: derive.Facts, settings: m.Settings) -> Chart | None:
    if bundle.plan.progress == "not recorded":
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
    if not dates or bundle.plan.progress == "not recorded":
        return None
    levels = _levels(settings)
    bars = []
    for day in quarter_ends(min(dates), as_at):
        counts = {key: 0 for key, _, _ in levels}
        for a in bundle.actions.values():
            counts[derive.status(a, settings, day).key] += 1
        bars.append({"label": m.human(day), "counts": [counts[key] for key, _, _ in levels]})
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
    due = [a.due for a in bundle.actions.values() if a.due]
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
    bars = [{"label": f"{m.MONTHS[mo - 1][:3]} {y}",
             "due": sum(1 for d in due if (d.year, d.month) == (y, mo)),
             "done": sum(1 for d in done if (d.year, d.month) == (y, mo))} for y, mo in months]
    on_time = sum(1 for a in bundle.actions.values()
                  if a.due and a.completed and a.completed <= as_at and a.completed <= a.due)
    span = (f"{len(due)} actions fall due between {m.MONTHS[first.month - 1]} {first.year} and "
            f"{m.MONTHS[last.month - 1]} {last.year}")
    if bundle.plan.progress == "not recorded":  # completions are not recorded: chart what is due only
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
            summary += " Some of these figures' dates are uncertain readings of the source."
    rows = [("Overall judgement", when, grade) for _, grade, _, when in steps]
    doubts: list[tuple[str, ...]] = [() for _ in steps]
    for hl in facts.headlines:
        for p in sorted(project.metrics[hl.metric].values, key=lambda p: p.date):
            rows.append((project.metrics[hl.metric].title, p.date.human, str(p.value)))
            doubts.append(tuple(p.uncertain))
    return Chart("journey-overview", "overview", f"The journey at a glance, {start} to {end}",
                 f"Step chart of the overall judgement at each inspection from {start} to {end}, with "
                 f"{len(metrics)} key figures on the same time axis below it.", summary,
                 ("Measure", "Date", "Value"), tuple(rows),
                 {"steps": steps, "metrics": metrics, "start": start, "end": end, "as_at": facts.as_at.isoformat(),
                  "grades": ["Outstanding", "Good", "Adequate or requires improvement", "Inadequate"]},
                 tuple(doubts))


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


def _setup():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update({
        "svg.fonttype": "none", "font.family": "sans-serif", "font.sans-serif": ["DejaVu Sans"], "font.size": 9,
        "text.color": INK, "axes.labelcolor": INK, "axes.edgecolor": MUTED, "xtick.color": INK, "ytick.color": INK,
        "axes.spines.top": False, "axes.spines.right": False, "figure.facecolor": "white", "axes.facecolor": "white",
        "axes.titlesize": 10, "axes.titleweight": "bold", "legend.frameon": False, "hatch.linewidth": 0.6,
        # Editors' text is text: '$x$' must not be read as mathematics (an error, or a formula).
        "text.parse_math": False, "text.usetex": False,
    })
    return plt


def _year_axis(ax) -> None:
    import matplotlib.dates as mdates

    ax.xaxis.set_major_locator(mdates.YearLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))


def _dates(values: list[str]):
    return [date.fromisoformat(v) for v in values]


def draw(chart: Chart) -> bytes:
    """Draw a chart to SVG bytes; the same chart always gives the same bytes."""
    plt = _setup()
    plt.rcParams["svg.hashsalt"] = chart.name
    drawer = {"line": _draw_line, "stacked": _draw_stacked, "stacked-time": _draw_stacked,
              "due-done": _draw_due_done, "grid": _draw_grid, "overview": _draw_overview}[chart.kind]
    fig = drawer(plt, chart)
    out = io.BytesIO()
    fig.savefig(out, format="svg", metadata={"Date": None, "Creator": None, "Title": chart.title})
    plt.close(fig)
    return out.getvalue()


def _draw_line(plt, chart: Chart):
    fig, ax = plt.subplots(figsize=(7.5, 3.4))
    for i, s in enumerate(chart.data["series"]):
        colour, style, marker = SERIES[i % len(SERIES)]
        xs = _dates([p[0] for p in s["points"]])
        ys = [float(p[1]) for p in s["points"]]
        ax.plot(xs, ys, linestyle=style, marker=marker, color=colour, linewidth=2, label=s["label"])
        doubtful = [(x, y) for x, y, p in zip(xs, ys, s["points"]) if p[3]]
        if doubtful:  # uncertain readings: open markers (the table marks them in words)
            ax.plot([x for x, _ in doubtful], [y for _, y in doubtful], linestyle="none", marker=marker,
                    markersize=8, markerfacecolor="white", markeredgecolor=colour, markeredgewidth=1.5)
        for x, y, (_, value, note, _doubt) in zip(xs, ys, s["points"]):
            # Short notes ("peak 724 in October") go on the chart; longer ones are marked * and
            # stay in the data table beside it.
            mark = "*" if note and len(note) > SHORT_NOTE else ""
            ax.annotate(value + mark, (x, y), textcoords="offset points", xytext=(0, 7), ha="center", fontsize=8,
                        color=INK)
            if note and not mark:
                ax.annotate(note, (x, y), textcoords="offset points", xytext=(0, -16), ha="center", fontsize=7,
                            color=MUTED, style="italic")
    ax.set_title(chart.title, loc="left")
    ax.set_ylabel(chart.data["unit"])
    ax.margins(x=0.06, y=0.2)
    ax.grid(axis="y", color="#dddddd", linewidth=0.6)
    if len(chart.data["series"]) > 1:
        ax.legend(loc="best", fontsize=8)
    _year_axis(ax)
    fig.tight_layout()
    return fig


def _draw_stacked(plt, chart: Chart):
    from matplotlib.ticker import MaxNLocator

    bars = chart.data["bars"]
    levels = chart.data["levels"]
    horizontal = chart.kind == "stacked"
    size = (7.5, max(2.2, 0.55 * len(bars) + 1.4)) if horizontal else (7.5, 3.6)
    fig, ax = plt.subplots(figsize=size)
    labels = [b["label"] for b in bars]
    positions = list(range(len(bars)))
    base = [0] * len(bars)
    for i, (label, colour) in enumerate(levels):
        values = [b["counts"][i] for b in bars]
        hatch = "" if i == len(levels) - 1 else HATCHES[i % len(HATCHES)]
        kw = dict(color=colour, edgecolor=INK, linewidth=0.5, hatch=hatch, label=label)
        if horizontal:
            ax.barh(positions, values, left=base, **kw)
        else:
            ax.bar(positions, values, bottom=base, **kw)
        for p, v, b in zip(positions, values, base):
            if v:
                xy = (b + v / 2, p) if horizontal else (p, b + v / 2)
                ax.annotate(str(v), xy, ha="center", va="center", fontsize=8, color=INK,
                            bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none"))
        base = [b + v for b, v in zip(base, values)]
    if horizontal:
        ax.set_yticks(positions, labels)
        ax.invert_yaxis()
        ax.set_xlabel("actions")
    else:
        ax.set_xticks(positions, labels, rotation=30, ha="right")
        ax.set_ylabel("actions")
    (ax.xaxis if horizontal else ax.yaxis).set_major_locator(MaxNLocator(integer=True))
    ax.set_title(chart.title, loc="left")
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8)
    fig.tight_layout()
    return fig


def _draw_due_done(plt, chart: Chart):
    from matplotlib.ticker import MaxNLocator

    bars = chart.data["bars"]
    fig, ax = plt.subplots(figsize=(7.5, 3.4))
    positions = list(range(len(bars)))
    ax.bar(positions, [b["due"] for b in bars], color="#b1b4b6", edgecolor=INK, linewidth=0.5, hatch="///",
           label="Due that month")
    if bars and bars[0]["done"] is not None:
        ax.plot(positions, [b["done"] for b in bars], color=SERIES[0][0], marker="o", linewidth=2,
                label="Completed that month")
    step = max(1, len(bars) // 12)
    ax.set_xticks(positions[::step], [b["label"] for b in bars][::step], rotation=30, ha="right")
    ax.set_ylabel("actions")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title(chart.title, loc="left")
    ax.legend(loc="upper right", fontsize=8)
    fig.tight_layout()
    return fig


def _draw_grid(plt, chart: Chart):
    areas, columns, cells = chart.data["areas"], chart.data["columns"], chart.data["cells"]
    shades = ["#f3f2f1", "#d9dde0", "#9ea3a8", "#505a5f"]  # best grade lightest
    fig, ax = plt.subplots(figsize=(7.5, max(2.5, 0.3 * len(areas) + 1.2)))
    for r, row in enumerate(cells):
        for c, (grade, rank) in enumerate(row):
            colour = shades[min(rank, 3)] if rank >= 0 else "white"
            ax.add_patch(plt.Rectangle((c, r), 1, 1, facecolor=colour, edgecolor="white", linewidth=1.5))
            ax.text(c + 0.5, r + 0.5, grade or "not judged", ha="center", va="center", fontsize=7,
                    color="white" if rank >= 3 else INK)
    ax.set_xlim(0, len(columns))
    ax.set_ylim(len(areas), 0)
    ax.set_xticks([c + 0.5 for c in range(len(columns))], columns)
    ax.xaxis.tick_top()
    ax.set_yticks([r + 0.5 for r in range(len(areas))], [a if len(a) < 70 else a[:67] + "..." for a in areas],
                  fontsize=7)
    for side in ("top", "right", "bottom", "left"):
        ax.spines[side].set_visible(False)
    ax.tick_params(length=0)
    ax.set_title(chart.title, loc="left", pad=24)
    fig.tight_layout()
    return fig


def _draw_overview(plt, chart: Chart):
    steps, metrics = chart.data["steps"], chart.data["metrics"]
    start, end = date(chart.data["start"], 1, 1), date.fromisoformat(chart.data["as_at"])
    rows = 1 + len(metrics)
    fig, axes = plt.subplots(rows, 1, figsize=(7.5, 2.0 + 1.25 * len(metrics)), sharex=True,
                             gridspec_kw={"height_ratios": [2] + [1] * len(metrics)}, squeeze=False)
    axes = [a[0] for a in axes]
    ax = axes[0]
    grades = chart.data["grades"]
    if steps:
        xs = _dates([s[0] for s in steps]) + [end]
        ys = [s[2] for s in steps] + [steps[-1][2]]
        ax.step(xs, ys, where="post", color=INK, linewidth=2)
        ax.plot(xs[:-1], ys[:-1], "o", color=INK)
        for x, (_, grade, rank, _when) in zip(xs, steps):
            ax.annotate(grade, (x, rank), textcoords="offset points", xytext=(4, 6), fontsize=7, color=INK)
    ax.set_ylim(3.6, -0.6)
    ax.set_yticks(range(4), grades, fontsize=7)
    ax.set_title(chart.title, loc="left")
    ax.grid(axis="y", color="#eeeeee", linewidth=0.6)
    for i, (a, s) in enumerate(zip(axes[1:], metrics)):
        colour, style, marker = SERIES[i % len(SERIES)]
        if s["points"]:
            xs = _dates([p[0] for p in s["points"]])
            ys = [float(p[1]) for p in s["points"]]
            a.plot(xs, ys, color=colour, linestyle=style, marker=marker, markersize=3, linewidth=1.5)
            doubtful = [(x, y) for x, y, p in zip(xs, ys, s["points"]) if p[2]]
            if doubtful:
                a.plot([x for x, _ in doubtful], [y for _, y in doubtful], linestyle="none", marker=marker,
                       markersize=5, markerfacecolor="white", markeredgecolor=colour)
            a.annotate(s["points"][-1][1], (xs[-1], ys[-1]), textcoords="offset points", xytext=(4, 0), fontsize=7,
                       va="center")
            a.set_ylim(min(ys) * 0.8 if min(ys) > 0 else min(ys) - 1, max(ys) * 1.15 + 1)
        unit = "" if s["unit"].lower() in s["label"].lower() else f" ({s['unit']})"
        a.set_title(s["label"] + unit, loc="left", fontsize=8, fontweight="normal")
        a.tick_params(axis="y", labelsize=7)
    axes[-1].set_xlim(start - timedelta(days=60), end + timedelta(days=200))
    _year_axis(axes[-1])
    fig.tight_layout()
    return fig
