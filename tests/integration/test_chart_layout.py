"""Charts lay themselves out: in both variants (wide for desktops and tablets, narrow for phones), at
every size of data the site can produce, no text is outside the figure, no two texts overlap and no
text is smaller than 11 CSS px at the narrowest width the image is shown at.

The chart specs are built the way the site builds them, from the real plans (also at earlier as-at
dates), the fictional fixture and synthetic FICTIONAL plans of 1 to 3,000 actions (tests/synth.py);
then from hand-made specs at the extremes (long names, many sections, quarters, months, series,
inspections and key figures). Each distinct chart is drawn once per variant. Takes about a minute,
a third of it writing and reading the 3,000-action plans.
"""

from __future__ import annotations

from datetime import date

import pytest

from synth import write_plans
from conftest import FIXTURE, REPO
from journey import charts
from journey import facts as derive
from journey.inputs.validate import read_project

SYNTHETIC_SIZES = (1, 10, 100, 1000, 3000)
# The real plans also at earlier as-at dates: fewer inspections, figures and plans known.
REAL_AS_AT = ("2011-05-12", "2014-03-31", "2019-09-30")
SOURCES = ("real", *(f"real-{d}" for d in REAL_AS_AT), "fixture", *(f"synthetic-{n}" for n in SYNTHETIC_SIZES))
KINDS = {"line", "stacked", "stacked-time", "due-done", "grid", "overview"}
SYNTHETIC_AS_AT = date(2025, 6, 30)

_specs: dict[str, dict[str, charts.Chart | None]] = {}
_checked: dict[str, list[str]] = {}  # chart key for the variant -> its layout problems


def site_specs(source: str, tmp_path_factory) -> dict[str, charts.Chart | None]:
    """The charts the site draws from one source of plans, built as render.py builds them."""
    if source not in _specs:
        as_at = None
        if source.startswith("real"):
            path = REPO / "plans"
            as_at = date.fromisoformat(source[5:]) if source != "real" else None
        elif source == "fixture":
            path = FIXTURE
        else:
            path = tmp_path_factory.mktemp(source) / "plans"
            write_plans(path, int(source.split("-")[1]))
        project = read_project(path)
        facts = derive.facts(project, as_at or project.settings.as_at or SYNTHETIC_AS_AT)
        _specs[source] = charts.site_charts(facts.known.project, facts)
    return _specs[source]


def problems_of(chart: charts.Chart, variant: str) -> list[str]:
    """Layout problems of one chart in one variant, drawn once however many sources share it."""
    key = chart.key_for(variant)
    if key not in _checked:
        _checked[key] = charts.layout_problems(charts.figure(chart, variant), variant)
    return _checked[key]


@pytest.mark.parametrize("variant", sorted(charts.VARIANTS))
@pytest.mark.parametrize("source", SOURCES)
def test_site_charts_lay_themselves_out(source, variant, tmp_path_factory):
    specs = {where: c for where, c in site_specs(source, tmp_path_factory).items() if c}
    assert specs
    found = {f"{where} ({c.kind})": p for where, c in specs.items() if (p := problems_of(c, variant))}
    assert found == {}


def test_every_kind_of_chart_is_checked(tmp_path_factory):
    kinds = {c.kind for source in ("real", "fixture", "synthetic-10")
             for c in site_specs(source, tmp_path_factory).values() if c}
    assert kinds == KINDS


# --------------------------------------------------------------------------- extremes, by hand

LEVELS = [["Red: no significant change", "#d4351c"], ["Amber: significant shift", "#f47738"],
          ["Green: met", "#00703c"], ["not yet rated", "#b1b4b6"]]
LONG = ("Strengthen multi-agency safeguarding arrangements so that children and families at the front door "
        "receive a timely, proportionate and well-recorded response")


def spec(kind: str, data: dict, title: str = "A chart") -> charts.Chart:
    return charts.Chart(f"extreme-{kind}", kind, title, "alt", "summary.", ("a",), (("1",),), data)


def months(first: date, n: int) -> list[date]:
    out, y, mo = [], first.year, first.month
    for _ in range(n):
        out.append(date(y, mo, 1))
        y, mo = (y + 1, 1) if mo == 12 else (y, mo + 1)
    return out


def line_extreme() -> charts.Chart:
    days = months(date(2012, 1, 1), 120)
    main = [[d.isoformat(), f"{1000 + 37 * (i % 17) - 3 * i:.1f}", "peak in winter" if i % 23 == 5 else
             ("a long note that is kept in the data table and marked with a star" if i % 31 == 7 else ""),
             i % 13 == 0] for i, d in enumerate(days)]
    target = [[date(2022, 3, 1).isoformat(), "900", "", False]]
    comparators = [[[d.isoformat(), str(950 + i), "", False] for i, d in enumerate(days[::12])],
                   [[d.isoformat(), str(1100 - i), "", True] for i, d in enumerate(days[6::12])]]
    series = [{"label": "Children looked after by the council at the end of each month, all ages", "points": main},
              {"label": "Target", "points": target},
              {"label": "England average for councils of a similar size and make-up (statistical neighbours)",
               "points": comparators[0]},
              {"label": "Region", "points": comparators[1]}]
    return spec("line", {"series": series, "unit": "children looked after per 10,000 children aged under 18"},
                "Children looked after per 10,000 children aged under 18, by month, with the target and comparators")


def line_tiny() -> charts.Chart:
    return spec("line", {"series": [{"label": "x", "points": [["2024-03-01", "-0.5", "", True]]}], "unit": "%"}, "x")


def stacked_extreme() -> charts.Chart:
    bars = [{"label": f"{i + 1}. {LONG}", "counts": [i * 37 % 250, i * 11, 0 if i % 3 else 2, 300 - i]}
            for i in range(15)]
    levels = LEVELS + [["Blue: complete and evidenced by an audit of children's records", "#1d70b8"]]
    bars = [{**b, "counts": b["counts"] + [i]} for i, b in enumerate(bars)]
    return spec("stacked", {"bars": bars, "levels": levels},
                "Status of actions by section, as at 30 September 2031")


def stacked_time_extreme() -> charts.Chart:
    ends = charts.quarter_ends(date(2016, 1, 1), date(2026, 5, 17))
    bars = [{"label": f"{d}", "day": d.isoformat(), "counts": [5 * i, 3 * i, 70 * i, 3000 - 78 * i]}
            for i, d in enumerate(ends)]
    return spec("stacked-time", {"bars": bars, "levels": LEVELS}, "Status of actions over time")


def due_done_extreme(done: bool = True) -> charts.Chart:
    bars = [{"label": f"{d:%b %Y}", "month": f"{d:%Y-%m}", "due": (i * 37) % 140, "done": (i * 53) % 130 if done else None}
            for i, d in enumerate(months(date(2019, 4, 1), 84))]
    return spec("due-done", {"bars": bars}, "Actions due and completed, by month")


def due_done_one() -> charts.Chart:
    return spec("due-done", {"bars": [{"label": "Oct 2025", "month": "2025-10", "due": 1, "done": 0}]})


def grid_extreme(columns: int, areas: int) -> charts.Chart:
    grades = ["Outstanding", "Good", "Requires improvement to be good", "Inadequate"]
    names = [f"Service {i % 3}: " + LONG[: 20 + (i * 17) % 110] for i in range(areas)]
    cols = [f"{d.day} {d:%B %Y}" for d in (date(2010 + 2 * c, 1 + c % 12, 1 + c) for c in range(columns))]
    cells = [[["", -1] if (r + c) % 5 == 4 else [grades[(r * c + c) % 4], (r * c + c) % 4] for c in range(columns)]
             for r in range(areas)]
    return spec("grid", {"areas": names, "columns": cols, "cells": cells}, "Judgements by area")


def overview_extreme() -> charts.Chart:
    steps = [["2009-03-21", "Safeguarding services: Good", 1, "21 March 2009"],
             ["2009-03-21", "Services for looked after children: Adequate", 2, "21 March 2009"],
             ["2012-06-01", "Inadequate", 3, "June 2012"], ["2014-03-01", "Requires improvement to be good", 2, "2014"],
             ["2016-03-01", "Inadequate", 3, "2016"], ["2018-10-01", "Requires improvement to be good", 2, "2018"],
             ["2021-03-01", "Good", 1, "2021"], ["2024-05-01", "Outstanding", 0, "2024"]]
    metrics = [{"label": LONG[:60 + 10 * i], "unit": "children per social worker (average, full-time equivalent)",
                "points": [[f"{y}-03-01", f"{(i + 1) * 1234.5 + 97 * (y % 5):.1f}", y % 4 == 0]
                           for y in range(2009 + i, 2026)]} for i in range(6)]
    metrics.append({"label": "One figure", "unit": "per cent", "points": [["2020-03-01", "12", False]]})
    return spec("overview", {"steps": steps, "metrics": metrics, "start": 2009, "end": 2026, "as_at": "2026-01-31",
                             "grades": ["Outstanding", "Good", "Adequate or requires improvement", "Inadequate"]},
                "The journey at a glance, 2009 to 2026")


EXTREMES = {"line-120-points-4-series": line_extreme, "line-one-point": line_tiny,
            "stacked-15-long-sections-5-levels": stacked_extreme, "stacked-time-42-quarters": stacked_time_extreme,
            "due-done-84-months": due_done_extreme, "due-done-84-months-not-recorded": lambda: due_done_extreme(False),
            "due-done-one-month": due_done_one, "grid-6-inspections-30-areas": lambda: grid_extreme(6, 30),
            "grid-2-inspections": lambda: grid_extreme(2, 5), "grid-1-by-1": lambda: grid_extreme(1, 1),
            "overview-8-steps-7-figures": overview_extreme}


@pytest.mark.parametrize("variant", sorted(charts.VARIANTS))
@pytest.mark.parametrize("name", sorted(EXTREMES))
def test_extreme_charts_lay_themselves_out(name, variant):
    chart = EXTREMES[name]()
    assert charts.layout_problems(charts.figure(chart, variant), variant) == []


# --------------------------------------------------------------------------- the checker itself


@pytest.fixture(scope="module")
def good():
    project = read_project(FIXTURE)
    facts = derive.facts(project, project.settings.as_at)
    return charts.site_charts(facts.known.project, facts)["metric:caseloads"]


def test_a_good_chart_has_no_problems(good):
    for variant in charts.VARIANTS:
        assert charts.layout_problems(charts.figure(good, variant), variant) == []


def test_small_text_is_reported(good):
    fig = charts.figure(good, "wide")
    fig.text(0.5, 0.5, "tiny words", fontsize=9)
    problems = charts.layout_problems(fig, "wide")
    assert len(problems) == 1 and problems[0].startswith("'tiny words' is 9.8 CSS px high at 590 px wide")
    fig = charts.figure(good, "narrow")
    fig.texts[0].set_fontsize(9.5)  # the title: 10.7 CSS px on a 340 px phone
    assert any(p.startswith(f"'{good.title}' is 10.7 CSS px") for p in charts.layout_problems(fig, "narrow"))


def test_text_off_the_figure_is_reported(good):
    fig = charts.figure(good, "wide")
    title = fig.texts[0]
    title.set_position((0.6, title.get_position()[1]))  # pushed right: its end would be cut off
    assert [p for p in charts.layout_problems(fig, "wide") if p.startswith(f"'{good.title}' is outside the figure")]
    fig = charts.figure(good, "narrow")
    fig.texts[0].set_position((0.01, 1.05))  # pushed up, off the top
    assert [p for p in charts.layout_problems(fig, "narrow") if p.startswith(f"'{good.title}' is outside the figure")]


def test_overlapping_texts_are_reported(good):
    fig = charts.figure(good, "wide")
    ax = fig.axes[0]
    ax.set_xticks(ax.get_xticks(), ["a very long tick label indeed"] * len(ax.get_xticks()))
    problems = charts.layout_problems(fig, "wide")
    assert "'a very long tick label indeed' overlaps 'a very long tick label indeed'" in problems


def test_hidden_and_empty_texts_are_ignored(good):
    fig = charts.figure(good, "wide")
    fig.text(-1, -1, "hidden off the page", fontsize=4, visible=False)
    fig.text(0.5, 0.5, "   ", fontsize=4)
    ax = fig.axes[0]
    lo, hi = ax.get_ylim()
    ax.set_yticks([*ax.get_yticks(), hi + 10 * (hi - lo)])  # a tick beyond the axis is not drawn
    ax.set_ylim(lo, hi)
    assert len(ax.get_yticklabels()) > len([t for t in ax.get_yticks() if lo <= t <= hi])
    assert charts.layout_problems(fig, "wide") == []


def test_fonts_are_large_enough_in_both_variants():
    for name, v in charts.VARIANTS.items():
        assert charts.TEXT_PT * v.css_px_per_pt >= charts.MIN_CSS_PX, name
        assert charts.TITLE_PT > charts.TEXT_PT
    assert charts.TEXT_PT >= 10.5


def test_figures_are_the_variants_width_and_grow_with_content():
    small, large = grid_extreme(1, 1), grid_extreme(6, 30)
    for name, v in charts.VARIANTS.items():
        a, b = charts.figure(small, name), charts.figure(large, name)
        assert a.get_figwidth() == b.get_figwidth() == v.width_in
        assert b.get_figheight() > 3 * a.get_figheight()
    assert charts.figure(small, "narrow").get_figheight() > 0.5
