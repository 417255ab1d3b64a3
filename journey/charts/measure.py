"""Measuring and wrapping text, and choosing ticks, with matplotlib's own text extents: what the
layout of every chart is worked out with."""

from __future__ import annotations

import functools
import re
from datetime import date, timedelta

from journey.inputs import model as m
from journey.charts.style import TEXT_PT, _setup


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


def _dates(values: list[str]) -> list[date]:
    return [date.fromisoformat(v) for v in values]


def _date_range(days: list[date]) -> tuple[date, date]:
    first, last = min(days), max(days)
    pad = timedelta(days=max(45, int((last - first).days * 0.05))) if last > first else timedelta(days=183)
    return first - pad, last + pad
