"""The charts' look, in one place: colours (colour-blind safe), line styles and hatches, text sizes,
and the two variants every chart is drawn in (wide for desktops, narrow for phones)."""

from __future__ import annotations

import functools
import hashlib
from dataclasses import dataclass
from pathlib import Path

# Any change to the drawing code changes every chart's key, so nothing stale is reused.
CODE_HASH = hashlib.sha256(b"".join((Path(__file__).parent / name).read_bytes()
                                    for name in ("style.py", "measure.py", "sheet.py", "draw.py"))).hexdigest()
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
