"""Derived as-at facts, at their boundaries, on the fictional fixture. The as-at date is the only clock."""

from __future__ import annotations

from datetime import date

import pytest

from conftest import FIXTURE
from journey import derive
from journey import model as m
from journey.validate import read_project


@pytest.fixture(scope="module")
def project():
    return read_project(FIXTURE)


def action(**fields) -> m.Action:
    return m.Action.model_validate({"title": "t", "text": "t", "leads": ["Wyvern Vale Borough Council"], **fields})


@pytest.mark.parametrize("as_at, overdue", [
    ("2024-09-29", False),  # due tomorrow
    ("2024-09-30", False),  # due today
    ("2024-10-01", True),   # due yesterday
])
def test_overdue_boundary(as_at, overdue):
    assert derive.is_overdue(action(due="2024-09-30"), date.fromisoformat(as_at)) is overdue


def test_completed_action_is_never_overdue():
    done = action(due="2024-09-30", completed="2024-10-05")
    assert derive.is_overdue(done, date(2024, 10, 4)) is True  # not completed yet on the 4th
    assert derive.is_overdue(done, date(2024, 10, 5)) is False


def test_action_with_a_cadence_only_is_never_overdue_or_due_soon():
    quarterly = action(cadence="Quarterly")
    assert not derive.is_overdue(quarterly, date(2030, 1, 1))
    assert not derive.is_due_soon(quarterly, date(2030, 1, 1))


@pytest.mark.parametrize("due, soon", [
    ("2024-10-01", True),   # due today
    ("2024-12-30", True),   # 90 days on
    ("2024-12-31", False),  # 91 days on
    ("2024-09-30", False),  # due yesterday: overdue, not due soon
])
def test_due_soon_boundary(due, soon):
    assert derive.is_due_soon(action(due=due), date(2024, 10, 1)) is soon


@pytest.mark.parametrize("updated, stale", [
    ("2024-07-01", False),  # exactly one quarter before 1 October
    ("2024-06-30", True),   # a quarter and a day
    ("2024-09-30", False),
])
def test_stale_boundary(updated, stale):
    a = action(due="2025-01-01", updates=[{"date": updated, "progress": "red"}])
    assert derive.is_stale(a, date(2024, 10, 1)) is stale


def test_never_rated_is_not_stale_but_not_yet_rated(project):
    a = action(due="2025-01-01")
    assert derive.is_stale(a, date(2024, 10, 1)) is False
    assert derive.status(a, project.settings, date(2024, 10, 1)).label == "not yet rated"


def test_months_before_clamps_to_month_end():
    assert derive.months_before(date(2024, 5, 31), 3) == date(2024, 2, 29)
    assert derive.months_before(date(2024, 1, 15), 3) == date(2023, 10, 15)


def test_latest_status_ignores_updates_after_as_at(project):
    a = project.plans["wv-plan-2024"].actions["1.1"]
    assert derive.status(a, project.settings, date(2024, 6, 29)).key is None
    assert derive.status(a, project.settings, date(2024, 6, 30)).key == "red"
    assert derive.status(a, project.settings, date(2024, 12, 30)).key == "amber"
    assert derive.status(a, project.settings, date(2024, 12, 31)).key == "green"


def test_coverage_and_flagging(project):
    facts = derive.facts(project, date(2024, 10, 1))
    rows = {r.key: r for r in facts.register}
    assert rows["2022-05-inspection/afi-assessments"].answers == ("wv-plan-2024/1.1", "wv-plan-2024/1.2",
                                                                  "wv-plan-2024/1.10")
    # 2.1 answers the supervision point itself, as well as through objective 1.
    assert rows["2024-02-focused-visit/wni-supervision"].answers[-1] == "wv-plan-2024/2.1"
    assert rows["2024-02-focused-visit/afi-unanswered"].answers == ()
    assert rows["2024-02-focused-visit/afi-unanswered"].progress == ""
    assert rows["2022-05-inspection/afi-assessments"].progress == "1 red, 1 amber, 1 not yet rated; 1 overdue"
    assert "2022-05-inspection/strength-leaders" not in rows  # strengths need no answer


def test_recurrence_by_shared_theme(project):
    facts = derive.facts(project, date(2024, 10, 1))
    again = facts.recurrence["2022-05-inspection/afi-assessments"]
    assert [(r.inspection, r.year, r.findings) for r in again] == [
        ("2024-02-focused-visit", 2024, ("2024-02-focused-visit/wni-supervision",))]
    assert facts.recurrence["2022-05-inspection/afi-turnover"] == []


def test_headline_direction_of_travel(project):
    facts = derive.facts(project, date(2024, 10, 1))
    heads = {h.metric: h for h in facts.headlines}
    assert (heads["caseloads"].direction, heads["caseloads"].verdict) == ("down", "better")
    assert (heads["children-in-care"].direction, heads["children-in-care"].verdict) == ("down", "")
    early = {h.metric: h for h in derive.facts(project, date(2022, 6, 1)).headlines}
    assert early["caseloads"].previous is None and early["caseloads"].direction == ""


def test_changes_since_previous_reporting_date(project):
    facts = derive.facts(project, date(2024, 10, 1))
    assert facts.previous_date == date(2024, 7, 1)
    assert [(k, u.date.isoformat()) for k, u in facts.changes["updates"]] == [  # newest first
        ("wv-plan-2024/1.1", "2024-09-30"), ("wv-plan-2024/1.10", "2024-09-30"), ("wv-plan-2024/2.1", "2024-07-15")]
    assert facts.changes["completed"] == ["wv-plan-2024/2.1"]
    assert derive.facts(project, date(2024, 7, 1)).changes["updates"] == [
        ("wv-plan-2024/1.1", m.StatusUpdate.model_validate({"date": "2024-06-30", "progress": "red",
                                                            "note": "Drafting has started."}))]


def test_leads_and_partners(project):
    facts = derive.facts(project, date(2024, 10, 1))
    assert list(facts.leads) == ["wyvern-vale-borough-council", "wyvern-vale-safeguarding-partnership"]
    name, roles = facts.leads["wyvern-vale-safeguarding-partnership"]
    assert roles == [("partner", "wv-plan-2024/1.1")]
    assert derive.slug("Coventry Safeguarding Children's Partnership") == "coventry-safeguarding-childrens-partnership"


def test_latest_judgement_is_the_newest_graded_inspection(project):
    assert derive.facts(project, date(2024, 10, 1)).latest_judgement == "2022-05-inspection"
    assert derive.facts(project, date(2021, 1, 1)).latest_judgement is None


def test_timeline_joins_inspections_plans_and_completed_actions_once(project):
    entries = derive.timeline(project, date(2024, 10, 1))
    rows = [(e.date.iso, e.category, e.title, e.automatic) for e in entries]
    assert rows == [
        ("2022-05", "inspection", "Ofsted inspects Wyvern Vale children's services", False),  # typed, so not twice
        ("2022-09-01", "workforce", "New principal social worker starts", False),
        ("2024-02-06", "inspection", "Focused visit on assessment, February 2024", True),
        ("2024-04-01", "plan", "Improvement plan 2024 launched", False),  # typed: the plan start is not added
        ("2024-07-15", "plan", "Action 2.1 completed: Supervision recording template", True),
    ]
    later = derive.timeline(project, date(2025, 4, 1))
    assert later[-1].title == "Wyvern Vale improvement plan 2024: period ends"  # on 31 March 2025
    assert derive.timeline(project, date(2022, 5, 31))[-1].date.iso == "2022-05"  # nothing after the as-at date
