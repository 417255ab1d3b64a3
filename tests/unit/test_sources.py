"""Counts in plans/ cross-checked against the source documents themselves (copied, unchanged, into
tests/unit/sources/), so a later edit cannot silently drop a finding, an objective or an action."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from conftest import REPO
from journey.inputs.model import number_key
from journey.inputs.validate import read_project

SOURCES = Path(__file__).parent / "sources"


@pytest.fixture(scope="module")
def project():
    return read_project(REPO / "plans")


def _text(name: str) -> str:
    return (SOURCES / name).read_text("utf-8")


@pytest.fixture(scope="module")
def cip() -> str:
    text = _text("2019-strategic-plan-journey-to-excellence-and-improvement-plan.txt")
    return text[text.index("Single Improvement Plan"):]


def test_every_numbered_action_in_the_plan_has_a_file(project, cip):
    in_source = sorted(set(re.findall(r"(?m)^\s*(\d{1,2}\.\d{1,2})\s*$", cip)), key=number_key)
    assert len(in_source) == 62
    assert list(project.plans["cip-2019-20"].actions) == in_source


def test_objectives_per_section_match_the_plan(project, cip):
    # Each "Objective:" belongs to the last section heading printed before it.
    headings = {"Children Who Need Help and Protection": "help-and-protection",
                "Children Looked After and Achieving Permanence": "looked-after-and-permanence",
                "Leadership, Management and Governance": "leadership-and-governance"}
    pattern = re.compile("|".join(map(re.escape, headings)), re.IGNORECASE)
    canonical = {h.lower(): ident for h, ident in headings.items()}
    marks = [(m.start(), canonical[m.group(0).lower()]) for m in pattern.finditer(cip)]
    expected: Counter = Counter()
    for m in re.finditer(r"Objective:", cip):
        section = [s for pos, s in marks if pos < m.start()][-1]
        expected[section] += 1
    plan = project.plans["cip-2019-20"].plan
    assert {s.id: len(s.objectives) for s in plan.sections} == dict(expected)
    assert sum(expected.values()) == 27
    assert [o.number for s in plan.sections for o in s.objectives] == [str(n) for n in range(1, 28)]


def test_actions_per_objective(project):
    per_objective = Counter(n.split(".")[0] for n in project.plans["cip-2019-20"].actions)
    assert per_objective == Counter({"1": 2, "2": 2, "3": 4, "4": 3, "5": 3, "6": 1, "7": 1, "8": 3, "9": 5,
                                     "10": 1, "11": 1, "12": 5, "13": 3, "14": 2, "15": 1, "16": 1, "17": 2,
                                     "18": 2, "19": 1, "20": 2, "21": 1, "22": 3, "23": 4, "24": 3, "25": 2,
                                     "26": 1, "27": 3})


def _bullets_under(text: str, heading: str) -> int:
    section = text.split(f"### **{heading}**", 1)[1].split("### ", 1)[0]
    section = section.split("Ofsted will take the findings", 1)[0]
    return len(re.findall(r"(?m)^- ", section))


def test_2019_focused_visit_findings_match_the_letter(project):
    letter = _text("2019-03-ofsted-focused-visit-permanence.txt")
    kinds = Counter(f.kind for f in project.inspections["2019-02-focused-visit"].findings)
    assert kinds["what needs to improve"] == _bullets_under(letter, "What needs to improve in this area of social work practice") == 6
    assert kinds["strength"] == _bullets_under(letter, "Findings") == 9
    assert kinds["area for improvement"] == _bullets_under(letter, "Areas for Improvement") == 7


def test_2011_record_of_main_findings_every_judgement_with_its_grade(project):
    report = _text("2011-05-ofsted-safeguarding-and-looked-after-children-inspection.txt")
    record = report.split("Record of main findings:", 1)[1]
    rows = re.findall(r"(?m)^(.+?)\t(Outstanding|Good|Adequate|Inadequate)\s*$", record)
    assert len(rows) == 22
    recorded = [(j.area, j.grade) for j in project.inspections["2011-03-inspection"].judgements]
    assert recorded == [(area.strip(), grade) for area, grade in rows]


def test_2011_areas_for_improvement_by_timescale(project):
    report = _text("2011-05-ofsted-safeguarding-and-looked-after-children-inspection.txt")
    expected: Counter = Counter()
    for block in report.split("\nAreas for improvement\n")[1:]:
        timescale = None
        for line in block.splitlines():
            if re.fullmatch(r"Within .+:", line.strip()):
                timescale = line.strip().rstrip(":")
            elif line.startswith("- ") and timescale:
                expected[timescale] += 1
            elif line.strip() and timescale and not line.startswith("- "):
                break
    found = Counter(f.timescale for f in project.inspections["2011-03-inspection"].findings
                    if f.kind == "area for improvement")
    assert found == expected == Counter({"Within three months": 6, "Within six months": 3})


def test_2021_interim_visit_has_three_areas_for_improvement(project):
    visit = project.inspections["2021-05-interim-focused-visit"]
    assert (visit.start.iso, visit.end.iso) == ("2021-05-12", "2021-05-13")
    afis = [f.id for f in visit.findings if f.kind == "area for improvement"]
    assert len(afis) == 3
    answered = {r for s in project.plans["ofsted-2021-action-plan"].plan.sections for o in s.objectives for r in o.answers}
    assert answered == {f"2021-05-interim-focused-visit/{a}" for a in afis}


def test_timeline_events_per_year(project):
    # Our reading of the strategic plan's month-by-month timeline (2013-2019; every uncertain month
    # carries a note in plans/timeline/), plus milestones from the other sources.
    from_plan = Counter(e.date.year for e in project.events if e.source.document == "strategic-plan-2019")
    assert from_plan == Counter({2013: 3, 2014: 8, 2015: 28, 2016: 34, 2017: 33, 2018: 28, 2019: 50})
    assert Counter(e.date.year for e in project.events) == Counter(
        {2011: 2, 2013: 3, 2014: 8, 2015: 28, 2016: 36, 2017: 35, 2018: 30, 2019: 52, 2020: 3, 2021: 5})


def test_timeline_is_in_date_order(project):
    dates = [e.date for e in project.events]
    assert dates == sorted(dates)


def test_every_action_page_shows_lead_and_due_or_cadence(project):
    for number, action in project.plans["cip-2019-20"].actions.items():
        assert action.leads, number
        assert action.due or action.cadence, number


def test_every_item_cites_its_source(project):
    missing = []
    for ident, insp in project.inspections.items():
        missing += [f"{ident} finding {f.id}" for f in insp.findings if not f.ref]
        missing += [f"{ident} judgement {j.area}" for j in insp.judgements if not j.ref]
        missing += [f"{ident}"] if not insp.source.ref else []
    for pid, bundle in project.plans.items():
        missing += [f"{pid} objective {o.number}" for s in bundle.plan.sections for o in s.objectives if not o.ref]
        missing += [f"{pid} action {n}" for n, a in bundle.actions.items() if not a.ref]
    missing += [f"event {e.date} {e.title}" for e in project.events if not e.source.ref]
    missing += [f"metric {m}" for m, x in project.metrics.items() if not x.source.ref]
    assert missing == []


def test_no_rag_status_is_invented(project):
    # None of the sources gives a RAG status for any action: every action is "not yet rated".
    assert [n for b in project.plans.values() for n, a in b.actions.items() if a.updates] == []
