"""Derived as-at facts, at their boundaries, on the fictional fixture. The as-at date is the only clock."""

from __future__ import annotations

from datetime import date

import pytest

from conftest import FIXTURE, REPO
from journey import facts as derive
from journey.facts.absence import Absence
from journey.inputs import model as m
from journey.inputs.validate import read_project


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
    # Nothing on record answers it yet: "not yet", never an empty progress that reads as none.
    assert rows["2024-02-focused-visit/afi-unanswered"].progress == "not yet"
    assert rows["2024-02-focused-visit/afi-unanswered"].answer.absence is Absence.NOT_YET
    assert rows["2022-05-inspection/afi-assessments"].progress == "1 red, 1 amber, 1 not yet rated; 1 overdue"
    assert "2022-05-inspection/strength-leaders" not in rows  # strengths need no answer


def test_recurrence_is_declared_and_theme_relations_are_kept_apart(project):
    facts = derive.facts(project, date(2024, 10, 1))
    # Declared by the later finding (repeats:), both ways.
    assert facts.repeats == {"2024-02-focused-visit/afi-assessments-again": ["2022-05-inspection/afi-assessments"]}
    assert facts.raised_again == {"2022-05-inspection/afi-assessments": ["2024-02-focused-visit/afi-assessments-again"]}
    # A shared theme is only "related": never the declared repeat itself, and never called the same point.
    related = facts.related["2022-05-inspection/afi-assessments"]
    assert [(r.inspection, r.year, r.findings) for r in related] == [
        ("2024-02-focused-visit", 2024, ("2024-02-focused-visit/wni-supervision",))]
    assert facts.related["2024-02-focused-visit/afi-assessments-again"] == []
    assert facts.related["2022-05-inspection/afi-turnover"] == []
    # Before the later visit was reported, nothing was raised again.
    assert derive.facts(project, date(2024, 3, 30)).raised_again == {}


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
    assert list(facts.leads) == ["wyvern-vale-borough-council", "wyvern-vale-health-trust",
                                 "wyvern-vale-safeguarding-partnership"]
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


# --------------------------------------------------------------------------- the as-at date governs everything


def test_an_inspection_is_hidden_before_its_visit_pending_until_published_then_known(project):
    def state(day: str) -> str:
        cut = derive.known(project, date.fromisoformat(day))
        if "2022-05-inspection" not in cut.project.inspections:
            return "absent"
        return "pending" if "2022-05-inspection" in cut.pending else "reported"

    assert state("2022-05-08") == "absent"      # the visit starts on 9 May 2022
    assert state("2022-05-09") == "pending"     # held, report not yet out: shown as such, without findings
    assert state("2022-06-14") == "pending"
    assert state("2022-06-15") == "reported"    # published 15 June 2022
    pending = derive.known(project, date(2022, 6, 14)).project.inspections["2022-05-inspection"]
    assert pending.findings == [] and pending.overall is None and pending.judgements == []


def test_a_partial_date_counts_from_the_last_day_it_could_mean(project):
    # The 2024 visit's letter is dated only "2024-03": known from 31 March 2024.
    assert "2024-02-focused-visit" in derive.known(project, date(2024, 3, 30)).pending
    assert "2024-02-focused-visit" not in derive.known(project, date(2024, 3, 31)).pending
    # A metric value for "2023" counts from 31 December 2023; an event in "2022-05" from 31 May 2022.
    assert [p.value for p in derive.known(project, date(2023, 12, 30)).project.metrics["children-in-care"].values] == \
        [412]
    assert len(derive.known(project, date(2023, 12, 31)).project.metrics["children-in-care"].values) == 2
    assert derive.known(project, date(2022, 5, 30)).project.events == []
    assert len(derive.known(project, date(2022, 5, 31)).project.events) == 1


def test_missing_dates_fall_back_to_a_stated_date_and_are_marked(plans):
    plans.edit("inspections/2024-02-focused-visit.yaml", "published: 2024-03\n", "")
    plans.edit("improvement-plans/wv-plan-2024/plan.yaml", "published: 2024-03\n", "")
    project = read_project(plans.root)
    cut = derive.known(project, date(2025, 1, 1))
    assert cut.reported["2024-02-focused-visit"] == derive.Dated(date(2024, 2, 7), "published")  # the visit's end
    assert cut.plan_from["wv-plan-2024"] == derive.Dated(date(2024, 3, 31), "published")  # its document: "2024-03"
    assert "wv-plan-2024" not in derive.known(project, date(2024, 3, 30)).project.plans


def test_a_plan_is_known_from_its_own_publication_not_its_period(plans):
    """A plan published after its period began (as the real 2019-20 plan was) is not shown before it was
    published; an uncertain month counts from its latest reading."""
    plans.edit("improvement-plans/wv-plan-2024/plan.yaml", "published: 2024-03\n", "published: 2024-05\n")
    project = read_project(plans.root)
    assert "wv-plan-2024" not in derive.known(project, date(2024, 5, 30)).project.plans  # started 1 April
    assert "wv-plan-2024" in derive.known(project, date(2024, 5, 31)).project.plans
    plans.edit("improvement-plans/wv-plan-2024/plan.yaml", "published: 2024-05\n",
               "published: 2024-05\nuncertain: [month]\nalternative: [2024-07]\n")
    project = read_project(plans.root)
    assert "wv-plan-2024" not in derive.known(project, date(2024, 7, 30)).project.plans
    assert derive.known(project, date(2024, 7, 31)).plan_from["wv-plan-2024"] == derive.Dated(date(2024, 7, 31))


def test_an_uncertain_date_counts_from_its_latest_reading_but_a_pairing_moves_nothing(plans):
    plans.edit("timeline/2022.yaml", "date: 2022-05\n", "date: 2022-05\n    uncertain: [month]\n"
               "    alternative: [2022-08]\n")
    project = read_project(plans.root)
    assert derive.known(project, date(2022, 8, 30)).project.events == []
    assert len(derive.known(project, date(2022, 8, 31)).project.events) == 1
    point = m.Point.model_validate({"date": "2023-03", "value": "1", "uncertain": ["pairing"],
                                    "alternative": ["2024-03"]})
    assert derive.known_from(point) == date(2023, 3, 31)


def test_plans_updates_values_and_events_after_the_as_at_date_do_not_exist(project):
    cut = derive.known(project, date(2024, 3, 30)).project
    assert cut.plans == {}  # the plan was published in March 2024, so it is known from 31 March
    assert [e.title for e in cut.events] == ["Ofsted inspects Wyvern Vale children's services",
                                             "New principal social worker starts"]
    later = derive.known(project, date(2024, 7, 1)).project
    a11 = later.plans["wv-plan-2024"].actions["1.1"]
    assert [u.date.isoformat() for u in a11.updates] == ["2024-06-30"]
    assert later.plans["wv-plan-2024"].actions["2.1"].completed is None  # completed on 15 July
    assert later.metrics["caseloads"].targets[0].date.iso == "2025-03"  # stated in a document known by then
    assert derive.known(project, date(2024, 3, 30)).project.metrics["caseloads"].targets == []  # not yet stated
    # An event's link to a record not yet known is dropped.
    event = next(e for e in later.events if e.title == "Improvement plan 2024 launched")
    assert event.related == ["plan:wv-plan-2024", "action:wv-plan-2024/1.1"]


# --------------------------------------------------------------------------- recorded versus not recorded


def test_a_plan_whose_progress_is_not_recorded_flags_nothing(plans):
    """Even given ratings (which `check` refuses for such a plan), derive rates and flags nothing."""
    project = read_project(plans.root)
    bundle = project.plans["wv-plan-2024"]
    bundle.plan = bundle.plan.model_copy(update={"progress": "not recorded", "record_ends": m.PartialDate(2024, 4)})
    facts = derive.facts(project, date(2025, 6, 1))  # every due date has passed
    assert {a.status.label for a in facts.actions.values()} == {"progress not known"}
    assert {a.completion for k, a in facts.actions.items() if k != "wv-plan-2024/2.1"} == {Absence.NOT_KNOWN}
    assert not any(a.overdue or a.due_soon or a.stale for a in facts.actions.values())
    assert facts.counts() == {}  # no count implies a rating
    pp = facts.plans["wv-plan-2024"]
    assert (pp.recorded, pp.record_ends.iso, pp.total, pp.overdue, pp.stale) == (False, "2024-04", 5, 0, 0)
    assert facts.actions["wv-plan-2024/2.1"].completed  # a completion the record does hold still shows


def test_a_recorded_plan_counts_and_flags(project):
    pp = derive.facts(project, date(2024, 10, 1)).plans["wv-plan-2024"]
    assert (pp.recorded, pp.total, pp.overdue, pp.completed, pp.rated) == (True, 5, 1, 1, 3)
    assert pp.counts == {"red": 1, "amber": 1, "green": 1, None: 2}


# --------------------------------------------------------------------------- uncertain readings


def test_a_comparison_resting_on_an_uncertain_reading_says_so(project):
    heads = {h.metric: h for h in derive.facts(project, date(2024, 10, 1)).headlines}
    assert heads["children-in-care"].uncertain and not heads["caseloads"].uncertain
    ends = derive.extremes(project.metrics["children-in-care"].values)
    assert ends[0].point.value == 412 and ends[0].uncertain  # the series holds an uncertain reading


@pytest.mark.parametrize("as_at, old", [("2023-09-30", False), ("2023-10-01", True)])
def test_a_headline_figure_over_six_months_old_says_it_is_the_latest_available(project, as_at, old):
    head = {h.metric: h for h in derive.facts(project, date.fromisoformat(as_at)).headlines}["caseloads"]
    assert (head.latest_available is not None) is old  # March 2023 counts from 31 March 2023


# --------------------------------------------------------------------------- judgements


def test_latest_judgement_is_the_services_own_not_a_board_review(plans):
    plans.write("inspections/2023-06-board-review.yaml", """
        title: Review of the safeguarding board
        kind: safeguarding board review
        start: 2023-06
        grade_scale: sif
        overall: Inadequate
        source: {document: wv-report-2022}
    """)
    facts = derive.facts(read_project(plans.root), date(2024, 10, 1))
    assert facts.latest_judgement == "2022-05-inspection"
    assert facts.latest_visit == "2024-02-focused-visit"


def test_an_inspection_can_give_an_overall_judgement_for_each_service(plans):
    plans.edit("inspections/2022-05-inspection.yaml", "overall: Requires improvement to be good\n", "")
    plans.edit("inspections/2022-05-inspection.yaml", "  - area: Help and protection\n",
               "  - area: Help and protection\n    kind: overall\n")
    plans.edit("inspections/2022-05-inspection.yaml", "  - area: Children in care\n",
               "  - area: Children in care\n    kind: overall\n")
    project = read_project(plans.root)
    insp = project.inspections["2022-05-inspection"]
    assert derive.overall_judgements(insp) == [("Help and protection", "Requires improvement to be good"),
                                               ("Children in care", "Good")]
    assert derive.facts(project, date(2024, 10, 1)).latest_judgement == "2022-05-inspection"


def test_timeline_marks_pending_visits_and_fallback_dates(plans):
    plans.edit("improvement-plans/wv-plan-2024/plan.yaml", "start: 2024-04-01\n", "")
    plans.edit("improvement-plans/wv-plan-2024/plan.yaml", "published: 2024-03\n", "")
    plans.edit("timeline/2024.yaml", 'related: ["plan:wv-plan-2024", "action:wv-plan-2024/1.1"]',
               'related: ["action:wv-plan-2024/1.1"]')
    project = read_project(plans.root)
    entries = {e.title: e for e in derive.timeline(project, date(2025, 1, 1))}
    begins = entries["Wyvern Vale improvement plan 2024 published"]
    assert (begins.date.iso, begins.uncertain) == ("2024-03-31", ("published",))
    early = {e.title: e for e in derive.timeline(project, date(2024, 3, 1))}
    assert early["Focused visit on assessment, February 2024"].description == (
        "Focused visit by Ofsted. Its report had not been published by this date.")
    assert entries["New principal social worker starts"].uncertain == ("day",)


# --------------------------------------------------------------------------- web addresses

REAL_LEADS = ["adoption-central-england", "coventry-city-council", "coventry-safeguarding-childrens-partnership",
              "coventry-warwickshire-partnership-trust", "dfe-achieve-for-children",
              "nhs-coventry-and-rugby-and-nhs-warwickshire-north-clinical-c", "police", "schools"]
REAL_THEMES = ["assessment-quality", "care-leavers", "case-recording", "child-protection", "partnership", "permanence",
               "plo-and-pre-proceedings", "quality-assurance", "supervision-and-oversight",
               "thresholds-and-early-help", "voice-of-the-child", "workforce"]


@pytest.mark.parametrize("plans, leads, themes", [
    (REPO / "plans", REAL_LEADS, REAL_THEMES),
    (FIXTURE, ["wyvern-vale-borough-council", "wyvern-vale-health-trust", "wyvern-vale-safeguarding-partnership"],
     ["assessment", "workforce"]),
])
def test_every_lead_and_theme_keeps_its_address(plans, leads, themes):
    project = read_project(plans)
    facts = derive.facts(project, date(2026, 12, 7))
    assert sorted(facts.leads) == leads
    assert sorted(t.id for t in project.settings.themes) == themes


@pytest.mark.parametrize("name, address", [
    ("Conwy Môn Partnership", "conwy-mon-partnership"),  # accents folded, never a broken word
    ("Ysgol Glan-y-Môr", "ysgol-glan-y-mor"),
    ("Children’s Services", "childrens-services"),
    ("Police / Schools_Team", "police-schools-team"),
    ("日本", "lead"),  # nothing to fold to: the fallback (a second one becomes lead-2)
])
def test_an_address_is_readable_whatever_the_name(name, address):
    assert derive.slug(name) == address
