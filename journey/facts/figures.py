"""A metric's headline as at the as-at date: the latest figure, its direction of travel, and the
highest and lowest values, said only as far as the readings support."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from journey.inputs import model as m
from journey.facts.dates import months_before
from journey.facts.known import _on_or_before


OLD_FIGURE_MONTHS = 6  # a headline figure older than this says "latest available"


@dataclass(frozen=True)
class Headline:
    """A metric's latest value as at the reporting date and its direction of travel."""

    metric: str
    latest: m.Point
    previous: m.Point | None
    direction: str  # "up", "down", "no change" or "" when there is nothing to compare
    verdict: str  # "better", "worse" or "" (when up is neither good nor bad, or no change)
    uncertain: bool = False  # either figure is an uncertain reading: the comparison says so
    latest_available: m.PartialDate | None = None  # set when the latest figure is long before the as-at date
    swapped: bool = False  # the document may pair the two figures the other way round: no direction


def headline(ident: str, metric: m.Metric, as_at: date) -> Headline | None:
    """The latest figure known on the as-at date and how it compares with the one before."""
    points = sorted(_on_or_before(metric.values, as_at), key=lambda p: p.date)
    if not points:
        return None
    latest, previous = points[-1], (points[-2] if len(points) > 1 else None)
    direction = verdict = ""
    swapped = previous is not None and may_swap(latest, previous)
    if previous is not None and not swapped:
        diff = Decimal(latest.value) - Decimal(previous.value)
        direction = "up" if diff > 0 else "down" if diff < 0 else "no change"
        if metric.better != "neither" and diff:
            verdict = "better" if (diff > 0) == (metric.better == "higher") else "worse"
    uncertain = bool(latest.uncertain or (previous is not None and previous.uncertain))
    old = latest.date.last_day < months_before(as_at, OLD_FIGURE_MONTHS)
    return Headline(ident, latest, previous, direction, verdict, uncertain, latest.date if old else None, swapped)


def may_swap(a: m.Point, b: m.Point) -> bool:
    """Whether the document may pair two figures with each other's dates (so which came first is not
    known): either lists the other's date as an alternative reading."""
    return b.date in a.alternative or a.date in b.alternative


@dataclass(frozen=True)
class Extreme:
    """The highest or lowest value of a series, and whether that claim rests on uncertain readings."""

    point: m.Point
    uncertain: bool

    @property
    def nameable(self) -> bool:
        """Whether a summary may name it, with its date: not where which date the figure belongs to is
        itself uncertain (its date flags, like a year, are shown beside it)."""
        return "pairing" not in self.point.uncertain and "value" not in self.point.uncertain


def extremes(points: list[m.Point]) -> tuple[Extreme, Extreme] | None:
    """Highest and lowest values (latest date wins a tie); uncertain when any value is."""
    if not points:
        return None
    doubt = any(p.uncertain for p in points)
    high = max(points, key=lambda p: (p.value, p.date))
    low = min(points, key=lambda p: (p.value, p.date))
    return Extreme(high, doubt), Extreme(low, doubt)
