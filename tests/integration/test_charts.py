"""Charts: words for every chart, deterministic SVG bytes, and no redraw when nothing changed."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest

from conftest import FIXTURE, REPO
from journey import charts as ch
from journey import facts as derive
from journey.inputs.validate import read_project

AS_AT = date(2024, 10, 1)


@pytest.fixture(scope="module")
def project():
    return read_project(FIXTURE)


@pytest.fixture(scope="module")
def charts(project):
    return ch.site_charts(project, derive.facts(project, AS_AT))


def test_every_chart_has_title_alt_summary_and_data(charts):
    drawn = {k: c for k, c in charts.items() if c}
    assert sorted(drawn) == ["judgements", "metric:caseloads", "metric:children-in-care", "overview",
                             "plan:wv-plan-2024:due-done", "plan:wv-plan-2024:status-history",
                             "plan:wv-plan-2024:status-mix"]
    for c in drawn.values():
        assert c.title and c.alt and c.summary.endswith(".") and c.rows and len(c.columns) == len(c.rows[0])


def test_summary_sentences_come_from_the_data(charts):
    assert charts["metric:caseloads"].summary == (
        "Average social worker caseload: from 24 children per worker in March 2022 to 19.5 children per "
        "worker in March 2023.")
    assert charts["plan:wv-plan-2024:status-mix"].summary == (
        "Of 5 actions as at 1 October 2024: 1 Red: no significant change, 1 Amber: significant shift, "
        "1 Green: met, 2 not yet rated.")
    assert charts["plan:wv-plan-2024:due-done"].summary == (
        "4 actions fall due between July 2024 and March 2025; 1 completed by 1 October 2024, 1 of them by "
        "their due date.")
    assert charts["overview"].summary.startswith("Overall judgements: Requires improvement to be good (9 May 2022).")
    assert charts["metric:caseloads"].rows == (
        ("Average social worker caseload", "March 2022", "24", ""),
        ("Average social worker caseload", "March 2023", "19.5", "peak 26 in October"),
        ("Target", "March 2025", "16", ""))


def test_no_chart_when_there_is_nothing_to_draw(project):
    facts = derive.facts(project, date(2024, 6, 1))  # before any status update
    charts = ch.site_charts(project, facts)
    assert charts["plan:wv-plan-2024:status-history"] is None


def test_status_history_counts_each_quarter(charts):
    assert charts["plan:wv-plan-2024:status-history"].rows == (
        ("30 June 2024", "1", "0", "0", "4"), ("30 September 2024", "1", "1", "1", "2"),
        ("1 October 2024", "1", "1", "1", "2"))


def test_svg_has_no_date_or_creator_and_a_title(charts):
    for variant in ch.VARIANTS:
        svg = ch.draw(charts["metric:caseloads"], variant).decode("utf-8")
        assert "<dc:date>" not in svg and "Matplotlib" not in svg.split("<defs>")[0].replace("matplotlib", "")
        assert "<dc:title>Average social worker caseload</dc:title>" in svg
        assert "font-family: 'DejaVu Sans', sans-serif" in svg  # fonts are text, not paths


def test_two_variants_of_every_chart(charts):
    chart = charts["metric:caseloads"]
    wide, narrow = ch.draw(chart, "wide").decode(), ch.draw(chart, "narrow").decode()
    assert ch.draw(chart) == wide.encode()  # wide is the default
    assert 'width="540pt"' in wide and 'width="302.4pt"' in narrow  # 7.5 in and 4.2 in
    assert chart.src == chart.src_for("wide") == "charts/metric-caseloads.svg"
    assert chart.src_for("narrow") == "charts/metric-caseloads.narrow.svg"
    assert chart.key == chart.key_for("wide") != chart.key_for("narrow")
    with pytest.raises(ValueError):
        ch.draw(chart, "tiny")


def test_the_cache_counts_draws_per_variant(charts, tmp_path):
    chart = charts["metric:caseloads"]
    cache = ch.ChartCache(tmp_path)
    assert cache.svg(chart) == cache.svg(chart, "wide") != cache.svg(chart, "narrow")
    assert (cache.drawn, cache.reused) == (2, 1)
    again = ch.ChartCache(tmp_path)
    assert again.svg(chart, "narrow") == ch.draw(chart, "narrow") and (again.drawn, again.reused) == (0, 1)
    assert len(list(tmp_path.glob("*.svg"))) == 2


def test_same_chart_same_bytes_in_separate_processes():
    code = ("import sys; from datetime import date; from journey import charts; from journey import facts as derive; "
            "from journey.inputs.validate import read_project; p = read_project(sys.argv[1]); "
            "c = charts.site_charts(p, derive.facts(p, date(2024, 10, 1))); "
            "sys.stdout.buffer.write(b''.join(charts.draw(x, v) for x in c.values() if x for v in charts.VARIANTS))")
    runs = [subprocess.run([sys.executable, "-c", code, str(FIXTURE)], cwd=REPO, capture_output=True, timeout=120,
                           env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"}).stdout for seed in ("1", "2")]
    assert len(runs[0]) > 10_000 and runs[0] == runs[1]


def test_unchanged_charts_are_not_redrawn(plans, tmp_path):
    folder = tmp_path / "cache"
    project = read_project(plans.root)
    first = ch.ChartCache(folder)
    from journey.pages.render import render_site
    render_site(project, AS_AT, first)
    variants = first.drawn // 7  # draws are counted per variant: 7 charts, in 1 or 2 variants
    assert (first.drawn, first.reused) == (7 * variants, 0) and variants in (1, 2)
    second = ch.ChartCache(folder)  # a new run: only the folder is shared
    render_site(read_project(plans.root), AS_AT, second)
    assert (second.drawn, second.reused) == (0, 7 * variants)
    plans.edit("metrics/caseloads.yaml", "value: 19.5", "value: 18")
    third = ch.ChartCache(folder)
    render_site(read_project(plans.root), AS_AT, third)
    assert third.drawn == 2 * variants  # the caseload chart and the overview that shows it; nothing else


def test_quarter_ends():
    assert ch.quarter_ends(date(2024, 5, 3), date(2024, 10, 1)) == [date(2024, 6, 30), date(2024, 9, 30),
                                                                   date(2024, 10, 1)]
    assert ch.quarter_ends(date(2024, 12, 31), date(2024, 12, 31)) == [date(2024, 12, 31)]
