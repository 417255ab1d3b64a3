"""Page weight at scale: synthetic FICTIONAL plans (bench/synth.py) built at 10 and 1,000 actions.

MkDocs renders the navigation into every page, so a navigation listing every action would make the
whole site grow as pages squared. The average page must stay about the same size however many
actions the plan has. Takes 10 to 12 s on a 2-core machine (two full builds).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bench.synth import write_plans
from conftest import REPO, make_project

AS_AT = "2025-06-30"


def build_synthetic(folder: Path, actions: int) -> list[Path]:
    """Build a project of `actions` synthetic actions in folder; return its HTML pages (404 aside)."""
    make_project(folder, plans=None)
    write_plans(folder / "plans", actions)
    result = subprocess.run([sys.executable, str(REPO / "build_site.py"), "build", "--as-at", AS_AT],
                            cwd=folder, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
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
