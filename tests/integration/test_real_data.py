"""The shipped plans/ (Coventry's published journey): it checks clean, builds strict, and readers
can find what they come for."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from conftest import REPO, make_project
from journey.inputs.validate import read_project

PLANS = REPO / "plans"


@pytest.fixture(scope="module")
def project():
    return read_project(PLANS)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = make_project(tmp_path_factory.mktemp("real") / "project", PLANS)
    result = subprocess.run([sys.executable, str(REPO / "build_site.py"), "build", "--as-at", "2021-09-30"],
                            cwd=root, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    return root / "site"


def test_february_2019_focused_visit_is_recorded(project):
    visit = project.inspections["2019-02-focused-visit"]
    assert (visit.start.iso, visit.end.iso, visit.published.iso) == ("2019-02-26", "2019-02-27", "2019-03-21")
    kinds = [f.kind for f in visit.findings]
    assert kinds.count("area for improvement") == 7
    assert kinds.count("what needs to improve") == 6


def test_every_2019_area_for_improvement_is_answered_by_the_plan(project):
    answered = {ref for s in project.plans["cip-2019-20"].plan.sections for o in s.objectives for ref in o.answers}
    afis = {f"2019-02-focused-visit/{f.id}" for f in project.inspections["2019-02-focused-visit"].findings
            if f.kind == "area for improvement"}
    assert afis and afis <= answered


def test_no_contact_details_in_plans():
    email = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
    phone = re.compile(r"\b0\d{2,4}[ -]?\d{3,4}[ -]?\d{3,4}\b")
    for path in sorted(PLANS.rglob("*.yaml")):
        text = path.read_text("utf-8")
        assert not email.search(text), path
        assert not phone.search(text), path


def _index(site):
    return json.loads((site / "search/search_index.json").read_text("utf-8"))["docs"]


def test_search_index_finds_action_3_1_by_number(site):
    docs = [d for d in _index(site) if d["location"] == "plans/cip-2019-20/actions/3.1/"]
    assert docs and docs[0]["title"].startswith("Action 3.1:")


def test_search_index_finds_the_february_2019_visit_by_permanence(site):
    hits = {d["location"].split("#")[0] for d in _index(site)
            if "permanence" in (d["title"] + " " + d["text"]).lower()}
    assert "inspections/2019-02-focused-visit/" in hits


def test_focused_visit_page_links_each_area_for_improvement_to_its_actions(site):
    page = (site / "inspections/2019-02-focused-visit/index.html").read_text("utf-8")
    section = page.split('id="afi-assessments"')[1].split("<h3")[0]
    for n in ("3.1", "3.2", "3.3", "3.4"):
        assert f'href="../../plans/cip-2019-20/actions/{n}/"' in section


def test_each_2019_area_for_improvement_links_to_every_action_answering_it(project, site):
    from datetime import date

    from journey.facts import facts as derive_facts

    facts = derive_facts(project, date(2021, 9, 16))
    page = (site / "inspections/2019-02-focused-visit/index.html").read_text("utf-8")
    visit = project.inspections["2019-02-focused-visit"]
    for f in visit.findings:
        if f.kind != "area for improvement":
            continue
        section = page.split(f'id="{f.id}"')[1].split("<h3")[0]
        answering = facts.answered_by[f"2019-02-focused-visit/{f.id}"]
        assert answering, f.id
        for key in answering:
            number = key.split("/")[1]
            assert f'href="../../plans/cip-2019-20/actions/{number}/"' in section, (f.id, number)


def test_register_says_what_answers_every_point_and_never_none(project, site):
    """Every point reads what answers it, or why nothing does: the 2021 areas for improvement by the
    2021 action plan's objectives, the 2011 points "not known", the 2014 and 2016 points "probably"
    the plans the timeline records; no point reads "none" or "no answering action"."""
    from datetime import date

    from journey.facts.absence import Absence
    from journey.facts import facts as derive_facts

    facts = derive_facts(project, date(2021, 9, 16))
    rows = {r.key: r for r in facts.register}
    for n in (1, 2, 3):
        plans = rows[f"2021-05-interim-focused-visit/afi-{n}"].answer.plans
        assert [(p.plan, p.objective, p.probable) for p in plans] == [("ofsted-2021-action-plan", str(n), False)]
    assert {r.answer.absence for k, r in rows.items() if k.startswith("2011-")} == {Absence.NOT_KNOWN}
    for key, row in rows.items():
        if key.startswith(("2014-03-inspection/", "2016-11-")):
            assert row.answer.probable and row.answer.plans, key
    page = (site / "register/index.html").read_text("utf-8")
    assert "No answering action" not in page and ">none<" not in page
    assert page.count("not known: no document we hold says what answered it") == 9
    assert "31 points (37 findings" in page  # the 2019 letter's areas for improvement expand on its bullets


def test_theme_pages_for_recurring_subjects_and_a_page_for_every_lead(project, site):
    from journey.facts import slug

    recurring = {t for i in project.inspections.values() for f in i.findings for t in f.themes}
    assert {"assessment-quality", "permanence", "workforce", "plo-and-pre-proceedings"} <= recurring
    for theme in recurring:
        assert (site / "themes" / theme / "index.html").is_file(), theme
    leads = {name for b in project.plans.values() for a in b.actions.values() for name in a.leads}
    assert len(leads) > 5
    for name in leads:
        assert (site / "leads" / slug(name) / "index.html").is_file(), name


def test_every_chart_has_a_text_alternative_a_summary_and_a_data_table(site):
    import html as htmllib

    figures = 0
    referenced = set()
    for page in sorted(site.rglob("*.html")):
        text = page.read_text("utf-8")
        for match in re.finditer(r'<figure class="ij-chart"[^>]*>(.*?)</figure>\s*<details class="ij-chart-data"[^>]*>'
                                 r'(.*?)</details>', text, re.S):
            figures += 1
            fig, data = match.groups()
            img = re.search(r'<img src="([^"]+)" alt="([^"]*)"', fig)
            assert img and len(htmllib.unescape(img.group(2))) > 20, page
            referenced.add((page.parent / img.group(1)).resolve())
            narrow = re.search(r'<source media="\(max-width: 640px\)" srcset="([^"]+)"', fig)
            assert narrow and narrow.group(1).endswith(".narrow.svg"), page  # the phone's own drawing
            referenced.add((page.parent / narrow.group(1)).resolve())
            summary = re.search(r'<span class="ij-summary">(.*?)</span>', fig, re.S)
            assert summary and len(summary.group(1)) > 30 and summary.group(1).endswith("."), page
            assert data.count("<tr>") >= 2 and "<th" in data, page  # a header and at least one row
        assert text.count('<figure class="ij-chart"') == text.count('<details class="ij-chart-data"'), page
    charts = {p.resolve() for p in (site / "charts").glob("*.svg")}
    assert 2 * figures >= len(charts) >= 16  # each chart drawn for desktops and for phones
    assert charts == referenced  # no chart without its words, no words without a chart


def test_every_2019_20_action_page_shows_number_lead_due_measure_and_impact(project, site):
    for number, action in project.plans["cip-2019-20"].actions.items():
        page = (site / "plans/cip-2019-20/actions" / number / "index.html").read_text("utf-8")
        import html as htmllib

        from journey.inputs.model import human

        heading = htmllib.unescape(page.split("<h1", 1)[1].split("</h1>")[0])
        assert f"Action {number}: " in heading
        text = htmllib.unescape(page)
        assert "Delivery lead:</strong> " in text and action.leads[0] in text
        assert (human(action.due) if action.due else action.cadence) in text
        assert "<h2 id=\"performance-measure\">Performance measure</h2>" in page
        assert "We will know it is working well for children when</h2>" in page
        if action.measure is None:
            assert "No performance measure is recorded for this action" in page
        if action.impact is None:
            assert "No impact statement is recorded for this action" in page


def test_each_fact_under_a_finding_is_its_own_list_item(site):
    """Once, "Also raised in: 2019- What is being done:" ran two items together."""
    for page in sorted((site / "inspections").glob("*/index.html")):
        text = page.read_text("utf-8")
        for item in re.findall(r"<li>(.*?)(?:<ul>|</li>)", text, re.S):
            labels = re.findall(r"<strong>[^<]*:</strong>", item)
            assert len(labels) <= 1, f"{page}: {item[:120]!r}"
