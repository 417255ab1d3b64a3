"""The board report: the facts (derive.board_report), the page (golden, for two as-at dates with two
different previous and next boards), and the A4 PDF read back as text."""

from __future__ import annotations

import io
import sys
from datetime import date
from pathlib import Path

import pypdf
import pytest

from conftest import make_project
from journey import facts as derive
from journey.inputs import model as m
from journey.cli import main
from journey.pages.render import render_site
from journey.downloads.report import ReportError, board_pdf
from journey.inputs.validate import read_project

REPO = Path(__file__).resolve().parents[2]
FIXTURE = REPO / "tests" / "fixtures" / "plans"
GOLDEN = REPO / "tests" / "golden" / "board"
PID = "wv-plan-2024"
# Two as-at dates: each has its own previous and next board among the fixture's board_dates.
DATES = {date(2024, 10, 1): (date(2024, 9, 19), date(2024, 12, 12)),
         date(2024, 8, 1): (date(2024, 6, 20), date(2024, 9, 19))}


@pytest.fixture(scope="module")
def project() -> m.Project:
    return read_project(FIXTURE)


@pytest.fixture(scope="module")
def sites(project) -> dict[date, dict]:
    return {as_at: render_site(project, as_at) for as_at in DATES}


def pdf_text(data: bytes) -> tuple[int, str]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def text_right_edge(data: bytes) -> float:
    """Where the rightmost text of the PDF starts, as a fraction of the page width (> 1: off the page)."""
    worst = 0.0
    for page in pypdf.PdfReader(io.BytesIO(data)).pages:
        starts: list[float] = []

        def visit(text, cm, tm, _font, _size):
            if text.strip():
                starts.append(tm[4] * cm[0] + tm[5] * cm[2] + cm[4])
        page.extract_text(visitor_text=visit)
        worst = max(worst, max(starts) / float(page.mediabox.width))
    return worst


# --------------------------------------------------------------------------- the facts


def test_boards_use_listed_dates_else_the_quarter_either_side():
    listed = [date(2024, 6, 20), date(2024, 9, 19), date(2024, 12, 12)]
    previous, upcoming = derive.boards(listed, date(2024, 10, 1))
    assert (previous, upcoming) == (derive.Board(date(2024, 9, 19), True), derive.Board(date(2024, 12, 12), True))
    previous, upcoming = derive.boards(listed, date(2024, 9, 19))  # a board on the as-at date is neither
    assert (previous.day, upcoming.day) == (date(2024, 6, 20), date(2024, 12, 12))
    previous, upcoming = derive.boards([], date(2024, 5, 31))
    assert (previous, upcoming) == (derive.Board(date(2024, 2, 29), False), derive.Board(date(2024, 8, 31), False))
    previous, upcoming = derive.boards(listed, date(2025, 1, 15))  # after the last listed board
    assert previous == derive.Board(date(2024, 12, 12), True) and upcoming == derive.Board(date(2025, 4, 15), False)


def test_a_revised_due_date_governs_overdue_and_keeps_the_original(project):
    action = project.plans[PID].actions["3.1"]  # due 31 August 2024, revised on 15 August to 31 March 2025
    assert action.due == date(2024, 8, 31)
    assert derive.current_due(action, date(2024, 8, 14)) == date(2024, 8, 31)
    assert derive.is_due_soon(action, date(2024, 8, 14))
    assert derive.current_due(action, date(2024, 10, 1)) == date(2025, 3, 31)
    assert not derive.is_overdue(action, date(2024, 10, 1))  # overdue against the original, not the one in force
    facts = derive.facts(project, date(2024, 10, 1))
    assert facts.actions[f"{PID}/3.1"].due == date(2025, 3, 31)
    early = derive.facts(project, date(2024, 8, 1))  # before the revision was made: the cut drops it
    assert early.actions[f"{PID}/3.1"].action.revisions == [] and early.actions[f"{PID}/3.1"].due == date(2024, 8, 31)


@pytest.mark.parametrize("as_at", DATES)
def test_board_report_facts(project, as_at):
    report = derive.board_report(derive.facts(project, as_at), PID)
    assert (report.previous.day, report.next.day) == DATES[as_at]
    keys = lambda items: [k.split("/")[1] for k in items]  # noqa: E731
    if as_at == date(2024, 10, 1):
        assert keys(report.exceptions) == ["1.10", "1.1"]  # red before amber
        assert keys(report.overdue) == ["1.1"] and keys(report.newly_overdue) == ["1.1"]
        assert keys(report.due_before_next) == []
        assert keys(report.not_updated) == ["1.2", "3.1"]
        assert [(c.key.split("/")[1], c.update.progress, c.progress_before) for c in report.changes] == [
            ("1.1", "amber", "red"), ("1.10", "red", None)]
        assert report.revised_since == [] and len(report.revisions) == 1
        assert report.counts == {"red": 1, "amber": 1, "green": 1, None: 2}
    else:
        assert keys(report.exceptions) == ["1.1"]
        assert keys(report.due_before_next) == ["3.1"]  # due 31 August (its revision comes later); board 19 September
        assert keys(report.completed_since) == ["2.1"]
        assert [r.key.split("/")[1] for r in report.revised_since] == []  # revised 15 August, after this date
        assert keys(report.overdue) == []


# --------------------------------------------------------------------------- the page (golden)


@pytest.mark.parametrize("as_at", DATES)
def test_board_page_matches_golden(sites, as_at, update_golden):
    page = sites[as_at][f"plans/{PID}/board-report/index.md"]
    gold = GOLDEN / f"{as_at.isoformat()}.md"
    if update_golden:
        GOLDEN.mkdir(exist_ok=True)
        gold.write_text(page, "utf-8")
    assert page == gold.read_text("utf-8"), f"the board report differs from {gold}: run `make golden` if intended"


def test_board_page_says_rag_in_words_and_links_downloads(sites):
    page = sites[date(2024, 10, 1)][f"plans/{PID}/board-report/index.md"]
    assert "Amber: significant shift" in page and "Red: no significant change" in page
    assert "Previous board: 19 September 2024. Next board: 12 December 2024." in page
    for name in ("board-report.pdf", "actions.xlsx", "actions.csv"):
        assert f'href="../../../downloads/{PID}/{name}"' in page


def test_plan_without_recorded_progress_counts_nothing():
    project = read_project(REPO / "plans")
    site = render_site(project, date(2021, 9, 16))
    page = site["plans/cip-2019-20/board-report/index.md"]
    assert page.count("No document we hold reports progress against this plan after October 2019") == 1
    for claim in ("Overdue", "not yet rated", "Not updated since", "Exceptions", "Since the previous board"):
        assert claim not in page
    pages, text = pdf_text(site["downloads/cip-2019-20/board-report.pdf"])
    assert pages <= 6
    assert "No document we hold reports progress against this plan" in " ".join(text.split())
    for number in project.plans["cip-2019-20"].actions:
        assert number in text


# --------------------------------------------------------------------------- the PDF


@pytest.mark.parametrize("as_at", DATES)
def test_pdf_has_the_date_every_action_and_fits_four_pages(sites, project, as_at):
    pages, text = pdf_text(sites[as_at][f"downloads/{PID}/board-report.pdf"])
    flat = " ".join(text.split())
    assert pages <= 4
    assert f"As at {m.human(as_at)}" in flat
    assert "Wyvern Vale Borough Council, Children's Services" in flat  # the running header
    assert f"Page 1 of {pages}" in flat
    for number in project.plans[PID].actions:
        assert number in text


def test_pdf_metadata_is_fixed_from_the_as_at_date(sites):
    reader = pypdf.PdfReader(io.BytesIO(sites[date(2024, 10, 1)][f"downloads/{PID}/board-report.pdf"]))
    assert reader.metadata.title == "Board report: Wyvern Vale improvement plan 2024, as at 1 October 2024"
    assert reader.metadata.creation_date.date() == date(2024, 10, 1)


def test_same_data_and_date_give_the_same_downloads(project, sites):
    again = render_site(project, date(2024, 10, 1))
    first = sites[date(2024, 10, 1)]
    downloads = [p for p in first if p.startswith("downloads/") or p.endswith(".csv")]
    assert {p for p in downloads if p.endswith((".pdf", ".xlsx", ".csv", ".json"))} >= {
        f"downloads/{PID}/board-report.pdf", f"downloads/{PID}/actions.xlsx", "downloads/journey.json"}
    for path in downloads:
        assert again[path] == first[path], f"{path} differs between two builds of the same data and date"


def test_pdf_refuses_to_load_anything_but_its_fonts():
    document = '<html lang="en"><body><img src="https://example.org/x.png"><p>Text</p></body></html>'
    with pytest.raises(ReportError):
        board_pdf(document, date(2024, 10, 1))


def test_build_fails_with_one_line_when_the_pdf_cannot_be_made(tmp_path, monkeypatch, capsys):
    """Without the PDF library the build stops and says so: it does not publish a half report."""
    root = make_project(tmp_path / "project")
    monkeypatch.setenv("JOURNEY_CACHE", str(tmp_path / "cache"))  # no PDF of this report kept by another test
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # `import weasyprint` now fails
    assert main(["--root", str(root), "build"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "board report PDF cannot be made" in err[0]
    assert not (root / "site").exists()


# --------------------------------------------------------------------------- found by an independent probe


def test_due_on_the_as_at_date_counts_as_due_by_the_next_board(project):
    report = derive.board_report(derive.facts(project, date(2024, 9, 30)), PID)  # 1.1 is due that day
    assert f"{PID}/1.1" in report.due_before_next and f"{PID}/1.1" not in report.overdue


def test_a_note_without_a_rating_does_not_undo_the_rating(plans):
    plans.edit("improvement-plans/wv-plan-2024/actions/1.1.yaml", """  - date: 2024-09-30
    progress: amber
    impact: red
    note: Policy agreed; training booked.""", """  - date: 2024-08-30
    impact: amber
  - date: 2024-09-25
    note: Board meeting held; no rating this time.
  - date: 2024-09-30
    progress: amber
    note: Policy agreed; training booked.""")
    project = read_project(plans.root)
    facts = derive.facts(project, date(2024, 9, 27))
    a = facts.actions[f"{PID}/1.1"]
    assert a.status.key == "red" and a.impact.key == "amber"  # rated red in June, amber impact in August
    assert a.last_update == date(2024, 9, 25) and a.latest_note == "Board meeting held; no rating this time."
    report = derive.board_report(derive.facts(project, date(2024, 10, 1)), PID)
    changes = [(c.update.date, c.progress_before, c.update.progress, c.impact_before, c.update.impact)
               for c in report.changes if c.key == f"{PID}/1.1"]
    assert changes == [(date(2024, 9, 30), "red", "amber", "amber", None)]  # the note-only update is no rating


def test_a_long_unbroken_word_wraps_in_the_pdf(plans):
    plans.edit("improvement-plans/wv-plan-2024/actions/1.10.yaml", "title: Add an assessment due-date report",
               "title: Review " + "x" * 80)
    files = render_site(read_project(plans.root), date(2024, 10, 1))
    data = files[f"downloads/{PID}/board-report.pdf"]
    assert pdf_text(data)[0] <= 4
    assert text_right_edge(data) < 0.95  # every text starts on the page (it was 1.19 before the fix)


def test_a_plan_without_recorded_progress_has_no_updates_or_completions(plans):
    plans.edit("improvement-plans/wv-plan-2024/plan.yaml", "period: 2024–25", "period: 2024–25\nprogress: not recorded")
    found = [str(p) for p in pytest.raises(Exception, read_project, plans.root).value.problems]
    assert any("actions/1.1.yaml" in p and "updates: plan 'wv-plan-2024' says its progress is not recorded" in p
               for p in found), found
    assert any("actions/2.1.yaml" in p and "completed: plan 'wv-plan-2024' says its progress is not recorded" in p
               for p in found), found


def test_a_plan_whose_actions_are_not_known_has_no_report_and_does_not_say_zero():
    """The 2021 action plan's actions are not in the documents: no board report or action download
    (a nearly empty page that counted nothing), and its page says "not known", never "0 actions"."""
    site = render_site(read_project(REPO / "plans"), date(2021, 9, 16), pdf=False)
    assert not [p for p in site if p.startswith(("plans/ofsted-2021-action-plan/board", "downloads/ofsted-2021"))]
    page = site["plans/ofsted-2021-action-plan/index.md"]
    assert "Its actions, and so their progress, are not known" in page
    assert "0 actions" not in page and "board report" not in page.lower()


def test_a_quote_in_the_plan_title_keeps_the_front_matter_valid(plans):
    import yaml

    plans.edit("improvement-plans/wv-plan-2024/plan.yaml", "title: Wyvern Vale improvement plan 2024",
               "title: 'Wyvern Vale \"Best Start\" plan: 2024'")
    page = render_site(read_project(plans.root), date(2024, 10, 1), pdf=False)[f"plans/{PID}/board-report/index.md"]
    front = yaml.safe_load(page.split("---\n")[1])
    assert front["title"] == 'Board report: Wyvern Vale "Best Start" plan: 2024'
    assert front["search"]["boost"] == 0.4
