"""Every derived statement on the real site is true to its data (built as at site.yaml's as_at,
16 September 2021): progress the sources do not record is not counted, uncertain readings are
marked wherever they are shown, and the figures and judgements say what the sources say."""

from __future__ import annotations

import html
import json
import re
from datetime import date
from pathlib import Path

import pytest
import yaml

from conftest import REPO

PLANS = REPO / "plans"
AS_AT = "2021-09-16"
_TAG = re.compile(r"<[^>]+>")


def text(page: Path) -> str:
    """The words of the page's content (its article: not the navigation or table of contents)."""
    source = page.read_text("utf-8")
    article = re.search(r'<article class="md-content__inner[^"]*">(.*?)</article>', source, re.S)
    return " ".join(html.unescape(_TAG.sub(" ", article.group(1) if article else source)).split())


def _load(path: Path):
    return yaml.load(path.read_text("utf-8"), Loader=yaml.BaseLoader)


@pytest.fixture(scope="module")
def site(real_site) -> Path:
    return real_site(AS_AT)


def _last_day(value: str) -> date:
    import calendar

    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        return date(*parts)
    month = parts[1] if len(parts) == 2 else 12
    return date(parts[0], month, calendar.monthrange(parts[0], month)[1])


KNOWN = date.fromisoformat(AS_AT)
EVENTS = [e for p in sorted((PLANS / "timeline").glob("*.yaml")) for e in _load(p)["events"]]
METRICS = {p.stem: _load(p) for p in sorted((PLANS / "metrics").glob("*.yaml"))}


# --------------------------------------------------------------------------- recorded versus not recorded


def test_home_says_progress_against_the_2019_20_plan_is_not_recorded_and_counts_nothing(site):
    home = text(site / "index.html")
    section = home.split("Children's Services Continuous Improvement Plan: Getting to Good")[1].split("Action plan")[0]
    assert "Progress against this plan is not known. The documents we hold stop at October 2019" in section
    assert "Overdue" not in section and "Not yet rated" not in section and "No update" not in section
    assert not re.search(r"\boverdue: \d", home, re.I)


def test_no_2019_20_action_is_flagged_overdue_or_not_rated(site):
    for page in sorted((site / "plans/cip-2019-20/actions").glob("*/index.html")):
        words = text(page)
        assert "overdue" not in words.lower(), page
        assert "not yet rated" not in words, page
        assert "not known: no document we hold reports progress against this plan" in words, page
        assert "Completed: not known" in words, page


def test_action_20_2_shows_its_october_2019_evidence_with_its_citation(site):
    words = text(site / "plans/cip-2019-20/actions/20.2/index.html")
    assert ("Recorded as done October 2019 : The Corporate Parenting Strategy 2019-2022 is listed in the "
            "plan's own improvement journey timeline. Source: Children's Services Strategic Plan") in words
    assert "Improvement journey timeline 2013-2019, October 2019" in words


# --------------------------------------------------------------------------- uncertainty is data


def test_every_reading_the_notes_call_uncertain_is_flagged_in_the_data():
    """A note that says a reading is uncertain must come with an uncertain: flag the pages can show."""
    said = re.compile(r"uncertain|our reading|could belong|doubtful", re.I)
    missing = []
    for e in EVENTS:
        if said.search(e.get("note", "")) and not e.get("uncertain"):
            missing.append(e["title"])
    for ident, metric in METRICS.items():
        text_ = (PLANS / "metrics" / f"{ident}.yaml").read_text("utf-8")
        for point in metric["values"]:
            comment = re.search(rf"# {re.escape(point['value'])}: (.*)", text_)
            if comment and said.search(comment.group(1)) and not point.get("uncertain"):
                missing.append(f"{ident} {point['date']}")
    assert missing == []


def _markers(page: Path) -> list[str]:
    return re.findall(r'<span class="ij-uncertain">\((.*?)\)</span>', page.read_text("utf-8"))


def test_the_timeline_marks_every_uncertain_event(site):
    expected = sum(1 for e in EVENTS if e.get("uncertain") and _last_day(e["date"]) <= KNOWN)
    # A plan with no start date joins the timeline marked, unless a typed event already links to it.
    linked = {r for e in EVENTS for r in e.get("related", [])}
    automatic = sum(1 for p in sorted((PLANS / "improvement-plans").glob("*/plan.yaml"))
                    if not _load(p).get("start") and f"plan:{p.parent.name}" not in linked)
    page = (site / "timeline/index.html").read_text("utf-8")
    events = "".join(re.findall(r'<ol class="ij-timeline">.*?</ol>', page, re.S))
    assert len(re.findall(r'class="ij-uncertain"', events)) == expected + automatic
    assert expected > 100
    # The journey chart's data table marks its uncertain figures too.
    table = page.split('id="chart-journey-overview"')[1].split("</details>")[0]
    figures = sum(1 for m in METRICS.values() for p in m["values"] if p.get("uncertain"))
    assert len(re.findall(r'class="ij-uncertain"', table)) == figures


def test_the_metrics_page_marks_every_uncertain_figure(site):
    expected = sum(1 for m in METRICS.values() for p in m["values"] if p.get("uncertain"))
    assert len(_markers(site / "metrics/index.html")) == expected


def test_the_home_page_marks_every_uncertain_figure_it_compares(site):
    latest = {}
    for ident, metric in METRICS.items():
        points = sorted(metric["values"], key=lambda p: _last_day(p["date"]))
        latest[ident] = points[-2:]
    flagged = [p for pair in latest.values() for p in pair if p.get("uncertain")]
    recent = [e for e in EVENTS if _last_day(e["date"]) <= KNOWN][-5:]
    flagged += [e for e in recent if e.get("uncertain")]
    plans = [_load(p) for p in sorted((PLANS / "improvement-plans").glob("*/plan.yaml"))]
    expected = len(flagged) + sum(1 for p in plans if set(p.get("uncertain", [])) & {"month", "year", "day", "date"})
    expected += sum(1 for p in plans if "answers" in p.get("uncertain", []))
    expected += sum(1 for p in plans if not p.get("published"))  # shown from its document's date: marked
    home = site / "index.html"
    markers = _markers(home)
    assert len(markers) == expected
    # Where the data names the other reading, the marker says it.
    for record in flagged:
        for other in record.get("alternative", []):
            assert any(_human(other) in m for m in markers), other
    words = text(home)
    assert "though these readings are uncertain" in words  # a direction of travel from uncertain figures says so
    assert "30 September 2019, the latest available" in words
    # 34 and 27 may be paired the other way round (the data's alternative): no direction, no "worse".
    row = words.split("Average caseloads, Referral and Assessment service")[1].split("Children subject")[0]
    assert "not known: the document may pair this figure and the one before" in row
    assert "worse" not in row and " up from " not in row


def _human(iso: str) -> str:
    from journey.inputs.model import MONTHS

    parts = [int(x) for x in iso.split("-")]
    return {1: lambda: str(parts[0]), 2: lambda: f"{MONTHS[parts[1] - 1]} {parts[0]}",
            3: lambda: f"{parts[2]} {MONTHS[parts[1] - 1]} {parts[0]}"}[len(parts)]()


def test_every_marker_leads_to_a_plain_sentence_on_its_page(site):
    for page in sorted(site.rglob("*.html")):
        source = page.read_text("utf-8")
        for target in set(re.findall(r'class="ij-uncertain">\((?:<a href="#(uncertain-[a-z]+)">[^<]*</a>(?:, )?)+',
                                     source)):
            assert f'id="{target}"' in source, f"{page}: a marker points at #{target}, which is not on the page"
        for target in re.findall(r'<a href="#(uncertain-[a-z]+)">', source):
            assert f'<dt id="{target}">' in source, page


# --------------------------------------------------------------------------- what the sources say


def test_the_inspections_index_gives_2011s_two_overall_judgements(site):
    words = text(site / "inspections/index.html")
    assert "Safeguarding services: Good; Services for looked after children: Adequate" in words
    assert "not graded | 17" not in words


def test_the_metrics_summary_names_the_724_peak(site):
    words = text(site / "metrics/index.html")
    # The document itself calls 724 a peak: it may be named highest, with its year flag in words.
    assert "highest 724 children in October 2018 (year uncertain)" in words
    assert "Some of these dates or figures are uncertain readings of the document" in words
    # A figure whose date is itself an uncertain pairing is never named the highest or lowest "in" it.
    assert "lowest 579" not in words and "highest 918" not in words


def test_the_board_review_is_not_attributed_to_ofsted(site):
    words = text(site / "inspections/2014-03-lscb-review/index.html")
    assert "Inspectorate: not named in the source" in words


def test_the_2019_20_plan_does_not_claim_every_action_has_every_field(site):
    words = text(site / "plans/cip-2019-20/index.html")
    assert "every numbered action has a deadline" not in words
    assert "six give a period or a reporting cadence instead" in words


def test_recurrence_is_only_what_a_source_declares(site):
    page = text(site / "inspections/2011-03-inspection/index.html")
    assert "Raised again" not in page and "Also raised in" not in page
    assert "Related by theme (not the same point)" in page
    letter = text(site / "inspections/2016-11-monitoring-visit/index.html")
    assert letter.count("Repeats a point from: Inspection of children's services judged inadequate") == 2


def test_the_sources_page_lists_every_document_a_shown_record_cites(real_site):
    """As at 30 June 2014 the 2014 inspection's page draws on the 2016 monitoring letter (which recalls
    its points): the sources page lists that letter too, marked as published later, as the JSON does."""
    site = real_site("2014-06-30")
    words = text(site / "sources" / "index.html")
    assert ("Monitoring visit of Coventry children's services (letter) (Ofsted, December 2016): published after "
            "30 June 2014, cited for earlier events") in words
    data = json.loads((site / "downloads" / "journey.json").read_text("utf-8"))
    listed = {d["id"] for d in data["settings"]["sources"]}
    assert set(data["sources_published_after_as_at"]) <= listed
    cited = set(re.findall(r"Source: ([^(]+) \(", " ".join(text(p) for p in site.rglob("index.html"))))
    titles = [d["title"] for d in data["settings"]["sources"]]
    assert cited and [c for c in cited if not any(t.startswith(c.strip()) for t in titles)] == []
