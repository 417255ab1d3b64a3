"""The as-at date is the whole site's clock: the real site, built as at many dates between 2011 and
2021 (the days either side of each inspection's publication among them), holds nothing dated after
its as-at date. This scans every built page, download and search index, not the templates.

For each date, the records dated after it are listed from plans/ itself (not from the code under
test): inspections not yet held, the findings and grades of inspections not yet published, plans not
yet started, metric values and timeline events dated later. Their titles, addresses, finding texts
and (date, value) pairs must appear nowhere; citations of a source document ("Source: ...") are not
records and may name a later document.
"""

from __future__ import annotations

import html
import json
import re
from datetime import date
from pathlib import Path

import pytest
import yaml

from conftest import REPO
from journey.model import MONTHS

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
    return _day(plan["start"]) if plan.get("start") else _day(SOURCES[plan["source"]["document"]]["date"])


# The days either side of each inspection's publication, and a few more across the years.
DATES = sorted({d.isoformat() for insp in INSPECTIONS.values()
                for d in (_published(insp), date.fromordinal(_published(insp).toordinal() - 1))}
               | {"2011-01-01", "2013-06-30", "2019-09-30", "2019-10-31", "2021-09-16"})


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
        if _day(e["date"]) > as_at:
            out["texts"].append(e["title"])
    for metric in METRICS.values():
        for point in metric["values"]:
            if _day(point["date"]) > as_at:
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


def test_the_dates_cover_every_publication_and_span_2011_to_2021():
    assert len(DATES) >= 8 and DATES[0] < "2011-05-12" and DATES[-1] >= "2021-09-16"
    for insp in INSPECTIONS.values():
        day = _published(insp)
        assert day.isoformat() in DATES and date.fromordinal(day.toordinal() - 1).isoformat() in DATES


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
