"""A chart's sheet: blocks stacked top to bottom in a figure of fixed width, and the placing of value
labels where they overlap nothing."""

from __future__ import annotations

from typing import Any
from journey.charts.measure import _dates_together, _height, _width, _wrap
from journey.charts.style import GAP, INK, MUTED, PAD, TEXT_PT, TITLE_PT, Variant



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


def _style_axes(ax) -> None:
    ax.tick_params(labelsize=TEXT_PT, length=3.5, pad=3.5, color=MUTED)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


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
