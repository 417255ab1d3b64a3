"""The layout check: no text outside the figure, none overlapping another, none under 11 CSS px where
it is shown (the tests run it on every chart kind)."""

from __future__ import annotations

from journey.charts.measure import _short
from journey.charts.sheet import _bbox_inside, _bbox_overlap
from journey.charts.style import MIN_CSS_PX, Variant, _variant



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
