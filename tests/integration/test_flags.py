"""Every flagged value carries its flag in every output that shows it. For each record of plans/ with an
`uncertain:` flag (read here from the YAML, not from the code under test), each output that shows the
record is looked up and must mark it: the pages (in words, naming the other reading where the data
gives one), the board report page and PDF, every CSV, the XLSX and the JSON. Built as at the last date
of the real journey, 16 September 2021."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from pathlib import Path

import openpyxl
from markupsafe import escape
import pypdf
import pytest
import yaml

from conftest import REPO
from journey.inputs.model import MONTHS, UNCERTAIN

PLANS = REPO / "plans"
AS_AT = "2021-09-16"
MARKER = re.compile(r'<span class="ij-uncertain">\((.*?)\)</span>')


def _load(path: Path):
    return yaml.load(path.read_text("utf-8"), Loader=yaml.BaseLoader)


def _human(iso: str) -> str:
    parts = [int(p) for p in iso.split("-")]
    return [str(parts[0]), f"{MONTHS[parts[1] - 1]} {parts[0]}" if len(parts) > 1 else "",
            f"{parts[-1]} {MONTHS[parts[1] - 1]} {parts[0]}" if len(parts) > 2 else ""][len(parts) - 1]


def _label(kind: str) -> str:
    return UNCERTAIN[kind][0]


EVENTS = [e for p in sorted((PLANS / "timeline").glob("*.yaml")) for e in _load(p)["events"]]
METRICS = {p.stem: _load(p) for p in sorted((PLANS / "metrics").glob("*.yaml"))}
ACTIONS = {f"{p.parent.parent.name}/{p.stem}": _load(p) for p in sorted((PLANS / "improvement-plans").glob("*/actions/*.yaml"))}
PLAN_FILES = {p.parent.name: _load(p) for p in sorted((PLANS / "improvement-plans").glob("*/plan.yaml"))}
INSPECTIONS = {p.stem: _load(p) for p in sorted((PLANS / "inspections").glob("*.yaml"))}


@pytest.fixture(scope="module")
def site(real_site) -> Path:
    return real_site(AS_AT)


def _page(site: Path, rel: str) -> str:
    return (site / rel / "index.html").read_text("utf-8")


def _rows(data: bytes | str) -> list[dict[str, str]]:
    text = data.decode("utf-8") if isinstance(data, bytes) else data
    return list(csv.DictReader(io.StringIO(text)))


def _marked(fragment: str, kinds: list[str], alternative: list[str] = ()) -> None:
    """The fragment of a page marks each kind in words, naming the other readings."""
    words = " ".join(html.unescape(re.sub(r"<[^>]+>", "", m)) for m in MARKER.findall(fragment))
    for kind in kinds:
        assert _label(kind) in words, (kind, fragment[:300])
    for other in alternative:
        assert _human(other) in words, (other, fragment[:300])


def test_the_data_holds_flags_of_every_kind_checked_here():
    """Not vacuous: the real data flags events (with other readings), figures, leads, measures, impacts,
    wordings, objectives' and plans' answers, and what a finding expands on."""
    assert sum(1 for e in EVENTS if e.get("uncertain")) > 100
    assert sum(1 for e in EVENTS if e.get("alternative")) > 50
    assert sum(1 for m in METRICS.values() for p in m["values"] if p.get("uncertain")) == 31
    kinds = {k for a in ACTIONS.values() for k in a.get("uncertain", [])}
    assert {"lead", "measure", "impact", "wording"} <= kinds
    assert any("answers" in p.get("uncertain", []) for p in PLAN_FILES.values())
    assert any("expands" in f.get("uncertain", []) for i in INSPECTIONS.values() for f in i.get("findings", []))


def test_every_flagged_event_is_marked_on_the_timeline_and_in_its_downloads(site):
    page = _page(site, "timeline")
    items = re.findall(r'<li data-category=.*?</li>', page, re.S)
    csv_rows = _rows((site / "downloads/timeline.csv").read_bytes())
    data = json.loads((site / "downloads/journey.json").read_text("utf-8"))["events"]
    for e in EVENTS:
        if not e.get("uncertain"):
            continue
        title = str(escape(e["title"]))  # as the page escapes it (markupsafe)
        mine = [i for i in items if f'<strong class="ij-event-title">{title}</strong>' in i]
        assert mine, e["title"]
        _marked(mine[0], e["uncertain"], e.get("alternative", []))
        row = next(r for r in csv_rows if r["title"] == e["title"])
        assert row["uncertain"] == "; ".join(e["uncertain"]), e["title"]
        assert row["other reading of the date"] == "; ".join(e.get("alternative", [])), e["title"]
        record = next(r for r in data if r["title"] == e["title"])
        assert record["uncertain"] == e["uncertain"] and record.get("alternative", []) == e.get("alternative", [])


def test_every_flagged_figure_is_marked_on_every_page_and_download_that_shows_it(site):
    metrics_page = _page(site, "metrics")
    overview = _page(site, "timeline").split('id="chart-journey-overview"')[1].split("</details>")[0]
    data = json.loads((site / "downloads/journey.json").read_text("utf-8"))["metrics"]
    for ident, metric in METRICS.items():
        section = metrics_page.split(f'id="{ident}"')[1].split("<h2")[0]
        rows = _rows((site / "metrics" / f"{ident}.csv").read_bytes())
        for point in metric["values"]:
            if not point.get("uncertain"):
                continue
            when = _human(point["date"])
            cells = [r for r in re.findall(r"<tr>.*?</tr>", section, re.S)
                     if f">{when}" in r and f">{point['value']}</td>" in r]
            assert cells, (ident, point)
            _marked(cells[0], point["uncertain"], point.get("alternative", []))
            cells = [r for r in re.findall(r"<tr>.*?</tr>", overview, re.S)
                     if f">{metric['title']}</td>" in r and f">{when}" in r and f">{point['value']}</td>" in r]
            assert cells, (ident, point, "overview")
            _marked(cells[0], point["uncertain"], point.get("alternative", []))
            row = next(r for r in rows if r["date"] == point["date"] and r["value"] == point["value"])
            assert row["uncertain"] == "; ".join(point["uncertain"])
            assert row["other reading of the date"] == "; ".join(point.get("alternative", []))
            record = next(v for v in data[ident]["values"] if v["date"] == point["date"])
            assert record["uncertain"] == point["uncertain"]


def _workbook(data: bytes):
    return openpyxl.load_workbook(io.BytesIO(data))


def test_every_flagged_action_is_marked_wherever_it_is_shown(site):
    pid = "cip-2019-20"
    plan_page = _page(site, f"plans/{pid}")
    board = _page(site, f"plans/{pid}/board-report")
    rows = {r["number"]: r for r in _rows((site / f"downloads/{pid}/actions.csv").read_bytes())}
    sheet = _workbook((site / f"downloads/{pid}/actions.xlsx").read_bytes())["Actions"]
    header = [c.value for c in sheet[1]]
    xlsx = {str(r[header.index("number")]): r for r in sheet.iter_rows(min_row=2, values_only=True)}
    data = json.loads((site / "downloads/journey.json").read_text("utf-8"))["plans"][pid]["actions"]
    pdf = pypdf.PdfReader(io.BytesIO((site / f"downloads/{pid}/board-report.pdf").read_bytes()))
    pdf_text = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    lead_flagged = 0
    for key, action in ACTIONS.items():
        plan, number = key.split("/")
        kinds = action.get("uncertain", [])
        if plan != pid or not kinds:
            continue
        page = _page(site, f"plans/{pid}/actions/{number}")
        _marked(page, kinds)
        assert rows[number]["uncertain"] == "; ".join(kinds)
        assert xlsx[number][header.index("uncertain")] == "; ".join(kinds)
        assert data[number]["record"]["uncertain"] == kinds
        if "lead" not in kinds:
            continue
        lead_flagged += 1
        # The lead cell of every action table that lists it: the plan, the board report, its lead's page
        # and every theme page it is on.
        pages = [plan_page, board, _page(site, f"leads/{_slug(action['leads'][0])}")]
        objective = _objective(pid, number)
        themes = set(action.get("themes", [])) | set(objective.get("themes", []))
        pages += [_page(site, f"themes/{t}") for t in themes]
        for listing in pages:
            row = re.search(rf'<tr[^>]*>(?:(?!</tr>).)*?actions/{re.escape(number)}/"(?:(?!</tr>).)*</tr>', listing, re.S)
            assert row, (number, listing[:100])
            lead = re.search(r'<td data-label="Lead">(.*?)</td>', row.group(0), re.S).group(1)
            _marked(lead, ["lead"])
    assert lead_flagged > 10
    assert pdf_text.count("(lead uncertain)") == lead_flagged  # once each, in the one line per action


def _slug(name: str) -> str:
    from journey.facts import slug

    return slug(name)


def _objective(pid: str, number: str) -> dict:
    objective = number.rsplit(".", 1)[0]
    return next(o for s in PLAN_FILES[pid]["sections"] for o in s["objectives"] if o["number"] == objective)


def test_every_flagged_objective_plan_and_finding_is_marked(site):
    for pid, plan in PLAN_FILES.items():
        page = _page(site, f"plans/{pid}")
        kinds = plan.get("uncertain", [])
        if kinds:
            _marked(page.split("</h1>")[1].split("<h2")[0], kinds, plan.get("alternative", []))
        for section in plan.get("sections", []):
            for o in section["objectives"]:
                if o.get("uncertain"):
                    block = page.split(f'id="objective-{o["number"].replace(".", "-")}"')[1].split("<h4")[0]
                    _marked(block, o["uncertain"])
    register = (site / "register/index.html").read_text("utf-8")
    register_rows = _rows((site / "downloads/register.csv").read_bytes())
    for iid, insp in INSPECTIONS.items():
        page = _page(site, f"inspections/{iid}")
        for f in insp.get("findings", []):
            if not f.get("uncertain"):
                continue
            block = page.split(f'id="{f["id"]}"')[1].split("<h3")[0]
            _marked(block, f["uncertain"])
            row = next(r for r in register_rows if r["finding"] == f"{iid}/{f['id']}")
            assert row["uncertain"] == "; ".join(f["uncertain"])
            if "expands" in f["uncertain"]:
                cell = re.search(rf'<tr>(?:(?!</tr>).)*#{f["id"]}">(?:(?!</tr>).)*</tr>', register, re.S).group(0)
                _marked(cell, ["expands"])
