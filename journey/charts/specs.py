"""Charts as data: each chart's title, text alternative, one-sentence summary and data table, made from
the derived facts, so nothing is only visible. Drawing is draw.py's; the words are here."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date

from journey import facts as derive
from journey.inputs import model as m
from journey.charts.style import CODE_HASH, NOT_JUDGED, SHORT_NOTE, VARIANTS, _matplotlib_version


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


def when(d: m.PartialDate) -> str:
    """'in March 2015', or 'on 30 September 2019' when the day is known."""
    return f"on {d.human}" if d.day else f"in {d.human}"


def _pct_phrase(counts: list[tuple[str, int]]) -> str:
    parts = [f"{n} {label}" for label, n in counts if n]
    return ", ".join(parts) if parts else "none"


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
    rows = tuple((label, *(grade or NOT_JUDGED for grade, _ in row)) for label, row in zip(areas, cells))
    return Chart("inspections-judgements", "grid", "Judgements by area",
                 "Grid of the grade given to each area at each graded inspection, best grades lightest.",
                 summary, ("Area", *columns), rows, {"areas": areas, "columns": columns, "cells": cells})


def axis_grades(scales: list[list[str]]) -> list[str]:
    """The step chart's grade axis, best at the top: at each rank, the grade names the scales give there
    ('Adequate or requires improvement to be good' where two frameworks named the third grade apart)."""
    labels = []
    for rank in range(max((len(s) for s in scales), default=0)):
        names = list(dict.fromkeys(s[rank] for s in scales if rank < len(s)))
        labels.append(names[0] + "".join(" or " + n[:1].lower() + n[1:] for n in names[1:]))
    return labels


def overview_chart(project: m.Project, facts: derive.Facts) -> Chart | None:
    """Overall judgements of the service over time, above the key figures on the same years.
    (project is the cut of what was known on the as-at date.)"""
    scales = {g.id: g.grades for g in project.settings.grade_scales}
    steps, used = [], []
    for iid, insp in project.inspections.items():
        if derive.judges_the_service(insp) and insp.grade_scale and iid not in facts.known.pending:
            used.append(insp.grade_scale)
            for service, grade in derive.overall_judgements(insp):
                label = derive.judgement_text(service, grade)
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
                  "grades": axis_grades([scales[s] for s in dict.fromkeys(used)] or list(scales.values()))},
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
