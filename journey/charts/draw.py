"""Drawing: matplotlib SVG from a chart's data, one drawer per kind. Bytes are deterministic (fixed
width, fonts as text, svg.hashsalt set, no date or creator metadata)."""

from __future__ import annotations

import io
from datetime import date, timedelta

from journey.inputs import model as m
from journey.charts.measure import (_date_range, _date_ticks, _dates, _extent, _height, _month_ticks, _thin,
                                    _value_ticks, _width, _wrap)
from journey.charts.sheet import _around, _Placer, _Sheet, _style_axes
from journey.charts.specs import Chart
from journey.charts.style import (GAP, HATCHES, INK, MUTED, NOT_JUDGED, PAD, PANEL_PT, SERIES, SHADES, SHORT_NOTE, TEXT_PT,
                                  TICK_IN, Variant, _setup, _variant)


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
    longest_word = max((_width(w) for g in grades for w in g.split()), default=0.0)
    grade_labels = [_wrap(g, max(longest_word, 1.05 if narrow else 1.7)) for g in grades]
    panels = [_metric_ticks(s) for s in metrics]
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
    step_ax = _step_panel(sheet, steps, grades, grade_labels, end, (left, right), stretch) if steps else None
    if step_ax is not None:
        axes.append(step_ax)
    for i, (s, ticks) in enumerate(zip(metrics, panels)):
        sheet.skip(0.2 if axes else 0)
        axes.append(_metric_panel(sheet, s, ticks, SERIES[i % len(SERIES)], (left, right), axes[0] if axes else None))
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
    complete = _label_steps(fig, step_ax, steps, end) if step_ax is not None else True
    for a, s in zip(axes[1:] if step_ax is not None else axes, metrics):
        if s["points"]:
            last = s["points"][-1]
            _Placer(a).place([(last[1], (date.fromisoformat(last[0]), float(last[1])), (6, 0), "left", "center"),
                              *_around(last[1], (date.fromisoformat(last[0]), float(last[1])))], color=INK)
    return fig, complete


def _metric_ticks(s: dict):
    """A key figure's value axis: a little room above and below its values (from zero where near it)."""
    ys = [float(p[1]) for p in s["points"]] or [0.0]
    lo, hi = min(ys), max(ys)
    pad = (hi - lo) * 0.15 or max(abs(hi) * 0.1, 1.0)
    low = lo - pad if lo < 0 or lo - pad >= 0 else 0.0
    return _value_ticks(low, hi + pad, 1.0, integer=all(y == int(y) for y in ys))


def _step_panel(sheet: "_Sheet", steps: list, grades: list[str], grade_labels: list[str], end: date,
                margins: tuple[float, float], stretch: float):
    """The overall judgement at each inspection, as a step line over the grade scale, best at the top."""
    left, right = margins
    ranks = [s[2] for s in steps]
    bottom_rank = max([len(grades) - 1] + ranks)
    sheet.text("Overall judgement at each inspection", PANEL_PT, weight="bold", gap=0.08)
    # grade labels are stacked one rank apart: a rank must be as tall as two half labels
    heights = [_height(g) for g in grade_labels] + [0.0] * (bottom_rank + 1 - len(grade_labels))
    rank_in = max([0.3] + [(a + b) / 2 + 0.06 for a, b in zip(heights, heights[1:])])
    step_h = max(1.6, rank_in * (bottom_rank + 1.4)) * stretch
    step_ax = sheet.axes(left, step_h, right)
    _style_axes(step_ax)
    step_xs = _dates([s[0] for s in steps])
    step_ax.step(step_xs + [end], ranks + [ranks[-1]], where="post", color=INK, linewidth=2)
    step_ax.plot(step_xs, ranks, "o", color=INK, markersize=6)
    step_ax.set_ylim(bottom_rank + 0.7, -0.7)
    step_ax.set_yticks(range(len(grades)), grade_labels)
    step_ax.grid(axis="y", color="#eeeeee", linewidth=0.6)
    return step_ax


def _metric_panel(sheet: "_Sheet", s: dict, ticks, series: tuple, margins: tuple[float, float], share):
    """One key figure over the same years, its uncertain readings drawn hollow."""
    left, right = margins
    yticks, ylabels = ticks
    unit = "" if s["unit"].lower() in s["label"].lower() else f" ({s['unit']})"
    sheet.text(s["label"] + unit, PANEL_PT, weight="bold", gap=0.08)
    a = sheet.axes(left, 1.0, right, sharex=share)
    _style_axes(a)
    colour, style, marker = series
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
    return a


def _label_steps(fig, step_ax, steps: list, end: date) -> bool:
    """Each step's judgement beside it, wrapped narrower where it would collide; whether all fitted."""
    placer = _Placer(step_ax)
    plot_w_in = step_ax.get_window_extent(placer.renderer).width / fig.dpi
    longest = max(_width(w) for s in steps for w in s[1].split())
    step_xs, ranks = _dates([s[0] for s in steps]), [s[2] for s in steps]
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
    return None not in placer.place_all(labels, color=INK)
