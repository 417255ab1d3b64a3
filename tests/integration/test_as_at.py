"""The as-at date is the whole site's clock: the real site, built as at thirteen dates between 2011
and 2021 (among them 30 June 2014, 31 March 2017, 30 September 2019 and 30 June 2020, and days either
side of publications), holds nothing dated after its as-at date. This scans every built page,
download (HTML, CSV, XLSX, JSON, the board PDF's text) and search index, not the templates.

Two scans, each from plans/ itself (not from the code under test):

- **Records dated later** (inspections not yet held, the findings and grades of inspections not yet
  published, plans not yet published, metric values and timeline events dated later): their
  titles, addresses, finding texts and (date, value) pairs must appear nowhere.
- **Narrated facts dated later**: no date or year after the as-at date may appear in any text at
  all, except the kinds that narrate nothing (EXEMPT, below, and docs/derived-terms.md): citations of
  documents, commitments (due dates and their revisions, plans' periods, starts and ends, cadences,
  measures, impact statements, objectives and actions, timescales, targets, board dates), year
  ranges that begin by the as-at year, and titles in quotation marks.

And a third: where the data says a value is not known, no output says "none" or "0".
"""

from __future__ import annotations

import calendar
import functools
import html
import io
import json
import re
from datetime import date
from pathlib import Path

import pytest
import yaml

from conftest import REPO
from journey.inputs.model import MONTHS

PLANS = REPO / "plans"


def _day(text: str, last: bool = True) -> date:
    """A date as typed in plans/ ('2019', '2019-03' or '2019-03-21'), its last (or first) possible day."""
    import calendar

    parts = [int(p) for p in str(text).split("-")]
    year, month, day = parts + [None] * (3 - len(parts))
    if day:
        return date(year, month, day)
    month = month or (12 if last else 1)
    return date(year, month, calendar.monthrange(year, month)[1] if last else 1)


def _human(text: str) -> str:
    parts = [int(p) for p in str(text).split("-")]
    if len(parts) == 3:
        return f"{parts[2]} {MONTHS[parts[1] - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{MONTHS[parts[1] - 1]} {parts[0]}"
    return str(parts[0])


def _load(path: Path) -> dict:
    return yaml.load(path.read_text("utf-8"), Loader=yaml.BaseLoader)  # every value as typed


INSPECTIONS = {p.stem: _load(p) for p in sorted((PLANS / "inspections").glob("*.yaml"))}
PLAN_FILES = {p.parent.name: _load(p) for p in sorted((PLANS / "improvement-plans").glob("*/plan.yaml"))}
SOURCES = {s["id"]: s for s in _load(PLANS / "site.yaml")["sources"]}
EVENTS = [e for p in sorted((PLANS / "timeline").glob("*.yaml")) for e in _load(p)["events"]]
METRICS = {p.stem: _load(p) for p in sorted((PLANS / "metrics").glob("*.yaml"))}


def _published(insp: dict) -> date:
    """When an inspection's outcome was public: its publication, else the end (or start) of the visit."""
    return _day(insp.get("published") or insp.get("end") or insp["start"])


def _plan_from(plan: dict) -> date:
    """A plan counts from its own publication (the latest reading of an uncertain month), else its
    document's date; never its period's start."""
    if plan.get("published"):
        readings = [plan["published"]]
        if set(plan.get("uncertain", [])) & {"day", "month", "year", "date"}:
            readings += plan.get("alternative", [])
        return max(_day(r) for r in readings)
    return _day(SOURCES[plan["source"]["document"]]["date"])


def _event_from(event: dict) -> date:
    readings = [event["date"]]
    if set(event.get("uncertain", [])) & {"day", "month", "year", "date"}:
        readings += event.get("alternative", [])
    return max(_day(r) for r in readings)


# Before any record; the four dates the honesty issue names; days either side of publications.
# Also during a visit (15 March 2017) and in the month of a record dated only to its month (the 2019-20
# plan was published in October 2019: not known until the month is out).
DATES = ["2011-01-01", "2011-05-12", "2014-06-30", "2016-12-08", "2017-03-15", "2017-03-31", "2017-06-12",
         "2017-06-13", "2019-03-20", "2019-09-30", "2019-10-15", "2019-10-31", "2020-06-30", "2021-09-16"]


def later_than(as_at: date) -> dict[str, list[str]]:
    """What plans/ dates after the as-at date, as the strings a page would show for it."""
    out: dict[str, list[str]] = {"addresses": [], "texts": [], "cells": []}
    for iid, insp in INSPECTIONS.items():
        if _day(insp["start"], last=False) > as_at:
            out["addresses"].append(f"inspections/{iid}/")
            out["texts"].append(insp["title"])
        elif _published(insp) > as_at:  # held but not yet reported: nothing it found may show
            for f in insp.get("findings", []):
                out["texts"].append(" ".join(f["text"].split())[:60])
    for pid, plan in PLAN_FILES.items():
        if _plan_from(plan) > as_at:
            out["addresses"].append(f"plans/{pid}/")
            out["texts"].append(plan["title"])
    for e in EVENTS:
        if _event_from(e) > as_at:
            out["texts"].append(e["title"])
    for metric in METRICS.values():
        for point in metric["values"]:
            if _event_from(point) > as_at:
                out["cells"].append(re.compile(rf"<td[^>]*>{re.escape(_human(point['date']))}"
                                               rf"(?: <span class=\"ij-uncertain\">.*?</span>)?</td>"
                                               rf"<td[^>]*>{re.escape(point['value'])}</td>"))
    # A later title that is part of an earlier one ("Peer Challenge Summit" in 2017, "WMADCS Peer
    # Challenge Summit" in 2015) cannot be told apart by a text scan: leave it to the addresses.
    earlier = [e["title"] for e in EVENTS if _day(e["date"]) <= as_at]
    out["texts"] = [t for t in out["texts"] if not any(t in e for e in earlier)]
    return out


_CITATION = re.compile(r"<p>Source: .*?</p>", re.S)
_TAG = re.compile(r"<[^>]+>")


def _readable(path: Path) -> tuple[str, str]:
    """(the raw text with citations removed, the same as plain text a reader meets)."""
    raw = path.read_text("utf-8", errors="replace")
    if path.name == "search_index.json":
        docs = json.loads(raw)["docs"]
        raw = "\n".join(d["text"] for d in docs if not d["text"].startswith("Source: ")) + "\n" + \
            "\n".join(d["location"] for d in docs)
    raw = _CITATION.sub("", raw)
    return raw, " ".join(html.unescape(_TAG.sub(" ", raw)).split())


@pytest.fixture(scope="module")
def sites(real_site) -> dict[str, Path]:
    """The real site built as at every date (shared with other modules through real_site)."""
    return {as_at: real_site(as_at) for as_at in DATES}


def test_the_dates_span_the_journey_and_name_the_issues_dates():
    assert len(DATES) >= 10 and DATES[0] < "2011-05-12" and DATES[-1] >= "2021-09-16"
    assert {"2014-06-30", "2017-03-31", "2019-09-30", "2020-06-30"} <= set(DATES)
    assert {"2017-06-12", "2017-06-13"} <= set(DATES)  # either side of a publication


@pytest.mark.parametrize("as_at", DATES)
def test_nothing_dated_after_the_as_at_date_is_on_any_page(sites, as_at):
    site = sites[as_at]
    later = later_than(date.fromisoformat(as_at))
    pages = [p for p in sorted(site.rglob("*")) if p.suffix in (".html", ".json", ".csv", ".svg")
             and p.name not in ("sitemap.xml",)]
    assert len(pages) > 10
    for path in pages:
        raw, plain = _readable(path)
        rel = path.relative_to(site).as_posix()
        for address in later["addresses"]:
            assert address not in raw and rel != address + "index.html", f"{rel} links to {address}"
        for text in later["texts"]:
            assert " ".join(text.split()) not in plain, f"{rel} shows {text!r}, dated after {as_at}"
        for cell in later["cells"]:
            assert not cell.search(raw), f"{rel} shows the value {cell.pattern}, dated after {as_at}"


def test_the_later_records_exist_so_the_scan_can_fail(sites):
    """The scan is not vacuous: built as at the last date, the records it looks for are there."""
    newest = sites[DATES[-1]]
    for as_at in DATES[:-1]:
        later = later_than(date.fromisoformat(as_at))
        everything = " ".join(_readable(p)[1] for p in newest.rglob("*.html"))
        for text in later["texts"]:
            assert " ".join(text.split()) in everything, f"{text!r} never appears, so its absence proves nothing"
        metrics = (newest / "metrics/index.html").read_text("utf-8")
        for cell in later["cells"]:
            assert cell.search(metrics), f"{cell.pattern} never appears, so its absence proves nothing"


def test_a_visit_held_but_not_reported_is_shown_as_such(sites):
    page = (sites["2019-03-20"] / "inspections/2019-02-focused-visit/index.html").read_text("utf-8")
    assert "not yet published on 20 March 2019" in page
    assert "What needs to improve" not in page
    home = (sites["2019-03-20"] / "index.html").read_text("utf-8")
    assert "its report had not been published by 20 March 2019" in home


def test_latest_judgement_is_the_services_own_as_at_each_date(sites):
    def latest(as_at: str) -> str:
        home = (sites[as_at] / "index.html").read_text("utf-8")
        section = home.split('id="latest-judgement"')[1].split("</h2>", 1)[1].split("<h2")[0]
        return " ".join(html.unescape(_TAG.sub(" ", section)).split())

    assert latest("2011-01-01").startswith("No overall judgement of the service is recorded by 1 January 2011")
    assert "Safeguarding services: Good" in latest("2011-05-12")
    assert "Services for looked after children: Adequate" in latest("2011-05-12")
    assert latest("2016-12-08").startswith("Inadequate : Inspection of children's services judged inadequate")
    assert "Review of the Local Safeguarding Children Board" not in latest("2016-12-08").split("Most recent")[0]
    assert latest("2017-06-13").startswith("Requires improvement to be good : Re-inspection of children's services")
    assert latest("2017-06-12").startswith("Inadequate")  # the re-inspection's outcome is not yet published


# --------------------------------------------------------------------------- narrated facts dated later

_MONTHS = "|".join(MONTHS)
_MENTION = re.compile(rf"\b(?:(\d{{1,2}}) )?({_MONTHS}) (\d{{4}})\b|\b(\d{{4}})-(\d{{2}})(?:-(\d{{2}}))?\b|"
                      rf"(?<![\d.,/-])(\d{{4}})(?![\d]|-\d)")
# A range that begins by the as-at year narrates nothing after it ("2019-22", "September 2019 to
# September 2022"); judged in the scan against the as-at year.
_RANGE = re.compile(rf"(?:between\s+)?(?:(?:{_MONTHS})\s+)?(\d{{4}})\s*(?:-|–|—|/|to|and|until)\s*"
                    rf"(?:(?:{_MONTHS})\s+)?(\d{{4}}|\d{{2}})(?![\d]|-\d)")


def _is_range(m: re.Match) -> bool:
    """A year range, not an ISO month: 2019-20 ends after it begins (2019-10 is October 2019)."""
    start, end = m.group(1), m.group(2)
    return len(end) == 4 or int(end) > int(start[2:])
# A deadline or target ("by 2015", "by March 2020") is a commitment, not a narrated fact.
_DEADLINE = re.compile(rf"\bby (?:(?:\d{{1,2}} )?(?:{_MONTHS}) )?\d{{4}}\b")
_QUOTED = re.compile(r"\"[^\"\n]{1,200}\"|“[^”\n]{1,200}”|‘[^’\n]{1,200}’|(?<![\w])'[^'\n]{1,200}'(?![\w])")


def _strings(value) -> list[str]:
    """Every text in a parsed YAML value, as typed."""
    if isinstance(value, dict):
        return [t for v in value.values() for t in _strings(v)]
    if isinstance(value, list):
        return [t for v in value for t in _strings(v)]
    return [str(value)]


def _forms(text: str) -> list[str]:
    """A date as the outputs may write it: as typed, in words, and its month as a chart labels it
    ("Jan 2020"); any other text as it is."""
    if re.fullmatch(r"\d{4}(-(0[1-9]|1[0-2])(-\d{2})?)?", text):
        parts = [int(p) for p in text.split("-")]
        short = [f"{MONTHS[parts[1] - 1][:3]} {parts[0]}"] if len(parts) > 1 else []
        return [text, _human(text), *short]
    return [" ".join(text.split())]


def exempt_texts() -> list[str]:
    """The texts that narrate nothing, whatever their dates (EXEMPT): commitments, citations and titles."""
    out: list[str] = []
    for key in ("title", "publisher", "date"):
        out += [f for s in SOURCES.values() for f in _forms(s[key])]  # citations of a document
    for plan in PLAN_FILES.values():
        for key in ("title", "period", "start", "end", "published"):
            if plan.get(key):
                out += _forms(plan[key])
        for section in plan.get("sections", []):
            for o in section["objectives"]:
                out += _forms(o["text"])
        out += [f for d in plan.get("board_dates", []) for f in _forms(d)]
    for folder in sorted((PLANS / "improvement-plans").glob("*/actions")):
        dues = [_day(d, last=False) for p in folder.glob("*.yaml") for a in [_load(p)]
                for d in [a.get("due"), *[r["due"] for r in a.get("revisions", [])]] if d]
        if dues:  # the months a chart of due dates spans (its axis): commitments too
            y, mo = min(dues).year, min(dues).month
            while (y, mo) <= (max(dues).year, max(dues).month):
                out.append(f"{MONTHS[mo - 1][:3]} {y}")
                y, mo = (y + 1, 1) if mo == 12 else (y, mo + 1)
    for path in sorted((PLANS / "improvement-plans").glob("*/actions/*.yaml")):
        action = _load(path)
        for key in ("title", "text", "due", "cadence", "measure", "impact"):
            if action.get(key):
                out += _forms(action[key])
        for r in action.get("revisions", []):
            out += _forms(r["due"]) + _forms(r["date"]) + _forms(r["reason"])
    for insp in INSPECTIONS.values():
        out += [f for f in insp.get("findings", []) for f in _forms(f.get("timescale", ""))]
    for metric in METRICS.values():
        out += [f for p in metric.get("targets", []) for f in _forms(p["date"])]
    # Every `ref` anywhere is a citation: where in its document a fact is.
    everything = list(INSPECTIONS.values()) + list(PLAN_FILES.values()) + EVENTS + list(METRICS.values())
    everything += [_load(p) for p in sorted((PLANS / "improvement-plans").glob("*/actions/*.yaml"))]
    refs: list[str] = []

    def walk(value) -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                if k == "ref" and isinstance(v, str):
                    refs.append(" ".join(v.split()))
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)
    walk(everything)
    site = _load(PLANS / "site.yaml")
    out += refs + [f for d in site.get("board_dates", []) for f in _forms(d)]
    out += [g["title"] for g in site.get("grade_scales", [])]  # the names of frameworks
    out += [s["id"] for s in SOURCES.values()] + [s["file"] for s in SOURCES.values() if s.get("file")]
    return sorted({t for t in out if t and len(t) > 3}, key=len, reverse=True)  # longest first


EXEMPT = exempt_texts()
# The editors' guide and the open data's JSON Schema document the format with made-up examples.
EXEMPT_OUTPUTS = ("how-to-edit/", "downloads/journey.schema.json")


def _normalised(text: str, year: int) -> str:
    """A text with what narrates nothing as at a year taken out: quotations, deadlines, ranges that
    begin by then. Applied alike to the outputs and to the exempt texts, so each still finds the other."""
    text = " ".join(text.split())  # a line broken in a PDF or a cell is one text
    text = _QUOTED.sub(" ", text)
    text = _DEADLINE.sub(" ", text)
    return _RANGE.sub(lambda m: " " if _is_range(m) and int(m.group(1)) <= year else m.group(0), text)


@functools.cache
def _exempt(year: int) -> tuple[str, ...]:
    return tuple(sorted({t for e in EXEMPT if len(t := _normalised(e, year).strip()) > 3}, key=len, reverse=True))


def narrated_after(text: str, as_at: date) -> list[str]:
    """The mentions of a date or year after as_at left in a text once the exempt kinds are removed."""
    text = _normalised(text, as_at.year)
    for t in _exempt(as_at.year):
        if t in text:
            text = text.replace(t, " ")
    found = []
    for m in _MENTION.finditer(text):
        day, month, year, iy, im, iday, bare = m.groups()
        if year:
            first = date(int(year), MONTHS.index(month) + 1, 1)
            if day and 1 <= int(day) <= calendar.monthrange(first.year, first.month)[1]:
                first = first.replace(day=int(day))  # (not "36 March 2014", a count before a month)
        elif iy:
            if not 1 <= int(im) <= 12:
                continue
            first = date(int(iy), int(im), int(iday) if iday else 1)
        elif 1900 <= int(bare) <= 2100:
            first = date(int(bare), 1, 1)
        else:
            continue
        if first > as_at:
            found.append(text[max(0, m.start() - 60):m.end() + 20].replace("\n", " "))
    return found


def _texts(site: Path) -> dict[str, str]:
    """Every output a reader or a tool meets, as text: pages (their words), CSV, XLSX cells, JSON strings
    (not its keys) and the board PDFs' text."""
    import io

    import openpyxl
    import pypdf

    out: dict[str, str] = {}
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if rel.startswith(EXEMPT_OUTPUTS):
            continue
        if path.suffix == ".html":
            out[rel] = _readable(path)[1]
        elif path.suffix == ".csv":
            out[rel] = path.read_text("utf-8")
        elif path.name == "search_index.json":
            out[rel] = " ".join(d["text"] for d in json.loads(path.read_text("utf-8"))["docs"]
                                if not d["location"].startswith(EXEMPT_OUTPUTS))
        elif path.suffix == ".json" and rel.startswith("downloads/"):
            out[rel] = "\n".join(_strings(json.loads(path.read_text("utf-8"))))
        elif path.suffix == ".xlsx":
            book = openpyxl.load_workbook(io.BytesIO(path.read_bytes()), read_only=True)
            out[rel] = "\n".join(v.date().isoformat() if hasattr(v, "date") else str(v)
                                 for ws in book for row in ws.iter_rows(values_only=True) for v in row
                                 if v is not None)
        elif path.suffix == ".pdf":
            out[rel] = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(path.read_bytes())).pages)
    return out


@pytest.mark.parametrize("as_at", DATES)
def test_no_output_narrates_what_happened_after_the_as_at_date(sites, as_at):
    day = date.fromisoformat(as_at)
    texts = _texts(sites[as_at])
    assert any(p.endswith(".csv") for p in texts) and any(p.endswith(".html") for p in texts)
    leaks = {rel: found for rel, text in texts.items() if (found := narrated_after(text, day))}
    assert leaks == {}, f"as at {as_at}, dates after it in our own words: {json.dumps(leaks, indent=1)[:3000]}"


def test_the_narrated_scan_finds_a_later_date():
    """The scan is not vacuous: a later date, a later year and a later month of the same year are caught;
    the exempt kinds are not."""
    as_at = date(2019, 9, 30)
    assert narrated_after("The support ended in June 2020.", as_at)
    assert narrated_after("as at 2019-11-05", as_at) and narrated_after("in November 2019", as_at)
    assert narrated_after("a review in 2021", as_at)
    assert not narrated_after("Corporate Parenting Strategy 2019-2022; period 2019–20", as_at)
    assert not narrated_after('the "Improvement plan 2017-2019" of 2018', as_at)
    assert not narrated_after("due 31 March 2020", as_at)  # a commitment: an action's due date
    assert not narrated_after("the health visitors needed by 2015", as_at)  # a deadline


# --------------------------------------------------------------------------- not known is not none

_NOT_KNOWN_INSPECTIONS = [iid for iid, insp in INSPECTIONS.items() if insp.get("findings_known") == "not known"]
_NOT_KNOWN_PLANS = [pid for pid, plan in PLAN_FILES.items() if plan.get("actions") == "not known"]


@pytest.mark.parametrize("as_at", DATES)
def test_what_the_data_says_is_not_known_never_reads_none_or_zero(sites, as_at):
    day = date.fromisoformat(as_at)
    site = sites[as_at]
    rows = _readable(site / "inspections/index.html")[0]
    for iid in _NOT_KNOWN_INSPECTIONS:
        if _published(INSPECTIONS[iid]) <= day:  # held and reported: its findings are not known
            row = rows.split(f'href="{iid}/"')[1].split("</tr>")[0]
            assert re.search(r'data-label="Findings">not known</td>', row), (as_at, iid, row[-200:])
    data = json.loads((site / "downloads/journey.json").read_text("utf-8"))
    for pid in _NOT_KNOWN_PLANS:
        if pid in data["plans"]:
            assert data["plans"][pid]["standing"]["actions"] == "not_known"
    for iid in _NOT_KNOWN_INSPECTIONS:
        if iid in data["inspections"] and _published(INSPECTIONS[iid]) <= day:
            assert data["inspections"][iid]["standing"]["findings"] == "not_known"
    register = list(__import__("csv").DictReader(io.StringIO((site / "downloads/register.csv").read_text("utf-8"))))
    for row in register:
        assert row["progress"] not in ("", "none", "0"), (as_at, row["finding"], row["progress"])
        assert row["answered by"] not in ("", "none", "no answering action"), (as_at, row["finding"])
    if any(_plan_from(PLAN_FILES[pid]) <= day for pid in _NOT_KNOWN_PLANS):  # counts across plans are lower bounds
        themes = _readable(site / "themes/index.html")[0]
        assert '<td style="text-align: right;">0</td>' not in themes, as_at
    words = " ".join(_readable(p)[1] for p in sorted(site.rglob("*.html")))
    for claim in ("No answering action", "no plan action answers this yet", "Progress: none", " 0 actions",
                  "No improvement plan is recorded", "No actions are recorded, so there is nothing to chart",
                  "Findings: 0", "at least 0", "No objective carries this theme"):
        assert claim not in words, (as_at, claim)
