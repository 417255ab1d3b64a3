"""Page weight at scale: synthetic FICTIONAL plans (tests/synth.py) built at 10 and 1,000 actions.

MkDocs renders the navigation into every page, so a navigation listing every action would make the
whole site grow as pages squared. The average page must stay about the same size however many
actions the plan has. The pages are built as `build_site.py build` builds them (the same rendering,
engine and checks), in this process and without the downloads, which are not pages (a board report
PDF of 1,000 actions alone takes WeasyPrint over a minute). Takes about 15 s on a 2-core machine.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from synth import write_plans
from conftest import make_project
from journey import pipeline

AS_AT = date(2025, 6, 30)


def build_synthetic(folder: Path, actions: int) -> list[Path]:
    """Build the pages of a project of `actions` synthetic actions in folder; return them (404 aside)."""
    make_project(folder, plans=None)
    write_plans(folder / "plans", actions)
    pipeline.build(pipeline.layout(folder), AS_AT, pdf=False, spreadsheets=False)
    return sorted(p for p in (folder / "site").rglob("*.html") if p.name != "404.html")


def average_size(pages: list[Path]) -> float:
    return sum(p.stat().st_size for p in pages) / len(pages)


def test_average_page_size_does_not_grow_with_the_number_of_actions(tmp_path):
    small = build_synthetic(tmp_path / "ten", 10)
    large = build_synthetic(tmp_path / "thousand", 1000)
    site = tmp_path / "thousand" / "site"
    actions = [p for p in large if p.relative_to(site).parts[:3] == ("plans", "wv-synth-plan", "actions")]
    assert len(actions) >= 1000
    small_avg, large_avg = average_size(small), average_size(large)
    assert abs(large_avg - small_avg) <= 0.2 * small_avg, (
        f"average page {small_avg / 1024:.1f} KB at 10 actions but {large_avg / 1024:.1f} KB at 1,000: "
        "is the navigation listing every action?")
