"""Generated Markdown: golden files for every page kind on the fictional fixture, plus the facts
that matter asserted directly. Refresh the gold after an intended change with `make golden`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from conftest import FIXTURE
from journey.pages.kinds import GENERATED
from journey.pages.render import render_site
from journey.pages.urls import link, page_url
from journey.inputs.validate import read_project

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "pages"
AS_AT = date(2024, 10, 1)


@pytest.fixture(scope="module")
def files() -> dict[str, str | bytes]:
    return render_site(read_project(FIXTURE), AS_AT)


@pytest.fixture(scope="module")
def pages(files) -> dict[str, str]:
    """The Markdown pages and the text downloads (CSV, JSON) as text. Chart SVGs are tested in
    test_charts.py; the PDF and XLSX downloads in test_board.py and test_exports.py."""
    return {rel: body if isinstance(body, str) else body.decode("utf-8")
            for rel, body in files.items() if not rel.endswith((".svg", ".png", ".pdf", ".xlsx"))}


def test_pages_match_golden_files(pages, update_golden):
    if update_golden:
        for old in GOLDEN.rglob("*"):
            if old.is_file():
                old.unlink()
        for rel, text in pages.items():
            (GOLDEN / rel).parent.mkdir(parents=True, exist_ok=True)
            (GOLDEN / rel).write_text(text, encoding="utf-8")
    gold = {p.relative_to(GOLDEN).as_posix(): p.read_text("utf-8") for p in GOLDEN.rglob("*") if p.is_file()}
    assert sorted(pages) == sorted(gold), "pages added or removed: run `make golden` if intended"
    for rel in pages:
        assert pages[rel] == gold[rel], f"{rel} differs from tests/golden/pages/{rel}: run `make golden` if intended"


def test_every_page_kind_is_generated(files):
    charts = ["inspections-judgements", "journey-overview", "metric-caseloads", "metric-children-in-care",
              "plan-wv-plan-2024-due-done", "plan-wv-plan-2024-status-history", "plan-wv-plan-2024-status-mix"]
    assert sorted(f for f in files if f.endswith(".svg")) == sorted(
        f"charts/{c}{v}.svg" for c in charts for v in ("", ".narrow"))  # each drawn for desktops and phones
    pages = [f for f in files if not f.endswith(".svg")]
    assert sorted(pages) == [
        "downloads/index.md", "downloads/journey.json", "downloads/journey.schema.json", "downloads/register.csv",
        "downloads/timeline.csv", "downloads/wv-plan-2024/actions.csv", "downloads/wv-plan-2024/actions.xlsx",
        "downloads/wv-plan-2024/board-report.pdf", "how-to-edit/index.md", "identity/identity.css", "identity/wyvern-vale.png", "index.md",
        "inspections/2022-05-inspection/index.md", "inspections/2024-02-focused-visit/index.md",
        "inspections/index.md", "leads/index.md", "leads/wyvern-vale-borough-council/index.md",
        "leads/wyvern-vale-health-trust/index.md", "leads/wyvern-vale-safeguarding-partnership/index.md",
        "metrics/caseloads.csv", "metrics/children-in-care.csv",
        "metrics/index.md", "plans/index.md",
        "plans/wv-plan-2024/actions/1.1/index.md", "plans/wv-plan-2024/actions/1.10/index.md",
        "plans/wv-plan-2024/actions/1.2/index.md", "plans/wv-plan-2024/actions/2.1/index.md",
        "plans/wv-plan-2024/actions/3.1/index.md", "plans/wv-plan-2024/board-report/index.md", "plans/wv-plan-2024/index.md",
        "register/index.md", "sources/index.md",
        "themes/assessment/index.md", "themes/index.md", "themes/workforce/index.md", "timeline/index.md"]
    assert all(rel.split("/")[0] in GENERATED for rel in files)
    assert files["identity/wyvern-vale.png"] == (FIXTURE / "assets/wyvern-vale.png").read_bytes()
    assert b"--md-primary-fg-color: #1d5c3a;" in files["identity/identity.css"]  # the council's colour
    assert files.extra["identity"]["contact"] == "improvement@wyvernvale.example.gov.uk"
    assert files.extra["identity"]["data_updated"] == "30 September 2024"  # the newest record, not the clock


def test_home_says_where_we_stand(pages):
    home = pages["index.md"]
    assert "**Where we stand as at 1 October 2024.**" in home
    assert "| Not yet rated | 2 |" in home  # 1.2 and 3.1 have no update
    assert "| Amber: significant shift | 1 |" in home  # 1.1's December update is after the as-at date
    assert "- **Overdue:** 1 (past their due date with no completion recorded)" in home
    assert "**Requires improvement to be good**: [Inspection of children's services, May 2022]" in home
    assert ('<td data-label="Measure"><a href="metrics/#caseloads">Average social worker caseload</a></td>'
            '<td data-label="Latest">19.5 children per worker (March 2023, the latest available)</td>'
            '<td data-label="Direction of travel">down from 24 (March 2022): better</td>') in home
    # A figure read with an uncertain year is marked, and so is the comparison that rests on it.
    assert ('<td data-label="Latest">398 children (2023, the latest available) <span class="ij-uncertain">(<a '
            'href="#uncertain-year">year uncertain</a>)</span></td><td data-label="Direction of travel">down from 412 '
            "(2022), though one reading is uncertain</td>") in home
    assert '<dt id="uncertain-year">Year uncertain</dt>' in home  # the marker's plain sentence, on the page
    assert "## What has changed since 1 July 2024" in home
    assert "- Completed: [Action 2.1: Supervision recording template](plans/wv-plan-2024/actions/2.1/index.md) on 15 July 2024\n" \
        in home


def test_action_page_shows_every_field(pages):
    page = pages["plans/wv-plan-2024/actions/1.1/index.md"]
    assert page.startswith("---\nsearch:\n  boost: 0.6\n---\n\n# Action 1.1: Write a re-assessment policy\n")
    assert "- **Delivery lead:** [Wyvern Vale Borough Council](../../../../leads/wyvern-vale-borough-council/index.md)\n" in page
    assert "- **Partners:** [Wyvern Vale Safeguarding Partnership](../../../../leads/wyvern-vale-safeguarding-partnership/index.md)\n" in page
    assert "(overdue)" in page
    assert "- **Due:** 30 September 2024\n" in page
    assert "Amber: significant shift</span>" in page
    assert "<strong>re-assessed</strong>" in page
    assert "31 December 2024" not in page  # an update after the as-at date is not shown
    assert "[Next: action 1.2](../1.2/index.md)" in page


def test_actions_sort_as_numbers(pages):
    plan = pages["plans/wv-plan-2024/index.md"]
    assert plan.index('<a href="actions/1.2/">1.2</a>') < plan.index('<a href="actions/1.10/">1.10</a>')


def test_unanswered_area_for_improvement_is_flagged(pages):
    page = pages["inspections/2024-02-focused-visit/index.md"]
    unanswered = page.split('{ #afi-unanswered }')[1]
    assert "- **What answers it:** <strong>not yet answered by any plan on record</strong>." in unanswered
    answered = page.split('{ #wni-supervision }')[1].split('{ #afi-unanswered }')[0]
    assert "    - [Action 2.1: Supervision recording template](../../plans/wv-plan-2024/actions/2.1/index.md)" in answered
    # Sharing a theme is not the same point raised again: it is labelled as related.
    assert "- **Related by theme (not the same point):** [2022](../2022-05-inspection/index.md#afi-assessments)" in answered
    assert "Raised again" not in answered and "Repeats" not in answered
    # Only a point whose source says it repeats an earlier one is shown as raised again, both ways.
    again = page.split('{ #afi-assessments-again }')[1]
    assert ("- **Repeats a point from:** [Inspection of children's services, May 2022: area for improvement 1]"
            "(../2022-05-inspection/index.md#afi-assessments)") in again
    earlier = pages["inspections/2022-05-inspection/index.md"].split('{ #afi-assessments }')[1].split('{ #afi-turnover }')[0]
    assert ("- **Raised again in:** [Focused visit on assessment, February 2024: area for improvement 2]"
            "(../2024-02-focused-visit/index.md#afi-assessments-again)") in earlier
    register = pages["register/index.md"]
    assert "**5 points: 3 answered by plan actions; 2 not yet answered by any plan on record.**" in register
    # Nothing answers it yet: said in words, never "none" (which would claim the documents observed none).
    assert ('<td data-label="Answered by"><strong>not yet answered by any plan on record</strong></td>'
            '<td data-label="Progress">not yet</td><td data-label="The same point raised">before, in '
            '<a href="../inspections/2022-05-inspection/#afi-assessments">2022</a></td>'
            '<td data-label="Related by theme">none on record</td>') in register
    assert ('<td data-label="The same point raised">again in <a href="../inspections/2024-02-focused-visit/'
            '#afi-assessments-again">2024</a></td>') in register


def test_untrusted_text_cannot_become_markup(plans):
    plans.edit("improvement-plans/wv-plan-2024/actions/1.2.yaml", "title: Audit assessments every quarter",
               "title: '[Click](https://example.org) *now* 1 < 2 & {#x} | `code`'")
    pages = render_site(read_project(plans.root), AS_AT)
    heading = next(line for line in pages["plans/wv-plan-2024/actions/1.2/index.md"].splitlines() if line.startswith("# "))
    assert heading == r"# Action 1.2: \[Click\]\(https://example.org\) \*now\* 1 &lt; 2 &amp; \{\#x\} \| \`code\`"


@pytest.mark.parametrize("src, to, expected", [
    ("index.md", "timeline/index.md", "timeline/"),
    ("timeline/index.md", "index.md", "../"),
    ("inspections/a/index.md", "plans/p/actions/3.1/index.md", "../../plans/p/actions/3.1/"),
    ("plans/p/actions/3.1/index.md", "plans/p/index.md", "../../"),
    ("plans/p/index.md", "plans/p/index.md", "./"),
])
def test_links_are_relative_directory_urls(src, to, expected):
    assert link(src, to) == expected


def test_page_urls():
    assert [page_url(p) for p in ("index.md", "plans/index.md", "plans/p/actions/3.1/index.md")] == \
        ["", "plans/", "plans/p/actions/3.1/"]


def test_home_page_lists_ten_recent_updates_then_counts_the_rest(tmp_path):
    from synth import write_plans

    write_plans(tmp_path / "plans", 200)
    project = read_project(tmp_path / "plans")
    home = render_site(project, date(2025, 6, 30), pdf=False, spreadsheets=False)["index.md"]
    listed = home.count("\n- Status update, ")
    assert listed == 10
    from journey.facts import facts
    total = len(facts(project, date(2025, 6, 30)).changes["updates"])
    assert total > 10
    assert f"- And {total - 10} more status updates" in home
