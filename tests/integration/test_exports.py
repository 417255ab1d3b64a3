"""Downloads for other tools: the XLSX opened with openpyxl (every cell of one action row, typed),
the CSVs parsed, the open-data JSON validated against its own JSON Schema. Each carries the words
the pages use for what is not recorded or uncertain."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime

import jsonschema
import openpyxl
import pytest

from conftest import FIXTURE, REPO
from journey.downloads.tables import ACTION_COLUMNS
from journey.pages.render import render_site
from journey.inputs.validate import read_project

AS_AT = date(2024, 10, 1)
PID = "wv-plan-2024"


@pytest.fixture(scope="module")
def site() -> dict:
    return render_site(read_project(FIXTURE), AS_AT)


@pytest.fixture(scope="module")
def real() -> dict:
    return render_site(read_project(REPO / "plans"), date(2021, 9, 16), pdf=False)


def rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def workbook(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def test_xlsx_sheets_header_and_filters(site):
    book = workbook(site[f"downloads/{PID}/actions.xlsx"])
    assert book.sheetnames == ["Actions", "Status history", "Findings answered", "About"]
    actions = book["Actions"]
    assert [c.value for c in actions[1]] == ACTION_COLUMNS
    assert actions.freeze_panes == "A2"  # the header row stays in view
    assert actions.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(len(ACTION_COLUMNS))}6"
    assert actions.max_row == 6  # a header and five actions
    history = book["Status history"]
    assert [c.value for c in history[2]] == ["1.1", datetime(2024, 6, 30), "Red: no significant change",
                                             "not yet rated", "Drafting has started."]
    assert history.max_row == 1 + 4  # 1.1 twice, 1.10 and 2.1; the update after the as-at date is not there
    answered = book["Findings answered"]
    assert answered.max_row > 1 and answered["B2"].value == "2022-05-inspection/afi-assessments"


def test_xlsx_one_action_row_every_cell_typed(site):
    sheet = workbook(site[f"downloads/{PID}/actions.xlsx"])["Actions"]
    row = {sheet.cell(1, c).value: sheet.cell(6, c) for c in range(1, sheet.max_column + 1)}
    values = {k: c.value for k, c in row.items()}
    assert values == {
        "plan": PID, "number": "3.1", "title": "Recruitment and retention offer",
        "lead": "Wyvern Vale Borough Council", "partners": "Wyvern Vale Health Trust",
        "section": "Leadership and workforce", "objective": "3",
        "due (original)": datetime(2024, 8, 31), "due (in force)": datetime(2025, 3, 31),
        "due revised on": datetime(2024, 8, 15),
        "revision reason": "The offer waits for the council's pay review, moved to the new year.",
        "cadence": None, "completed": "not yet", "progress recorded": "yes",
        "progress": "not yet rated", "impact": "not yet rated", "last update": "none yet", "latest note": None,
        "overdue": "no", "due in the next 90 days": "no", "no update for over a quarter": "no",
        "evidence": "June 2024: Retention offer agreed by the council's cabinet",
        "answers": "2022-05-inspection/afi-turnover", "themes": "workforce", "uncertain": "lead",
        "as at": datetime(2024, 10, 1)}
    for name in ("due (original)", "due (in force)", "due revised on", "as at"):
        assert row[name].is_date and row[name].number_format == "d mmmm yyyy"
    assert all(row[k].data_type == "s" for k, v in values.items() if isinstance(v, str))


def test_xlsx_rag_cells_have_words_and_colour(site):
    sheet = workbook(site[f"downloads/{PID}/actions.xlsx"])["Actions"]
    progress = [c for c in sheet[1] if c.value == "progress"][0].column
    cell = sheet.cell(2, progress)  # action 1.1: amber
    assert cell.value == "Amber: significant shift"
    assert cell.fill.fgColor.rgb.endswith("F47738")


def test_text_never_becomes_a_formula(plans):
    action = plans.root / "improvement-plans" / PID / "actions" / "1.1.yaml"
    action.write_text(action.read_text("utf-8").replace("title: Write a re-assessment policy",
                                                        "title: \"=HYPERLINK(1)+2\""), "utf-8")
    files = render_site(read_project(plans.root), AS_AT, pdf=False)
    cell = workbook(files[f"downloads/{PID}/actions.xlsx"])["Actions"]["C2"]
    assert cell.value == "=HYPERLINK(1)+2" and cell.data_type == "s"  # a string, not a formula
    assert rows(files[f"downloads/{PID}/actions.csv"])[0]["title"] == "'=HYPERLINK(1)+2"


def test_actions_csv_says_not_known_in_words(real):
    found = rows(real["downloads/cip-2019-20/actions.csv"])
    assert len(found) == 62
    for row in found:
        assert row["progress recorded"] == "no"
        for column in ("progress", "impact", "last update", "overdue", "due in the next 90 days",
                       "no update for over a quarter", "completed"):
            assert row[column] == "not known", (row["number"], column)
    evidence = {row["number"]: row["evidence"] for row in found if row["evidence"] != "not known"}
    assert set(evidence) == {"20.2", "23.2", "23.3"}  # as the pages show it
    assert evidence["20.2"].startswith("October 2019: The Corporate Parenting Strategy 2019-2022")


def test_register_and_timeline_csv(site, real):
    register = rows(site["downloads/register.csv"])
    assert [r["finding"] for r in register][:1] == ["2022-05-inspection/afi-assessments"]
    assert all(r["answered by"] for r in register)
    timeline = rows(real["downloads/timeline.csv"])
    assert {r["known to"] for r in timeline} >= {"day", "month"}
    uncertain = [r for r in timeline if "month" in r["uncertain"].split("; ")]
    assert uncertain, "the timeline CSV carries the uncertain months the pages mark"
    assert all(r["as at"] == "2021-09-16" for r in timeline)


@pytest.mark.parametrize("which", ["site", "real"])
def test_open_data_is_valid_against_its_schema(which, site, real):
    files = {"site": site, "real": real}[which]
    data = json.loads(files["downloads/journey.json"])
    schema = json.loads(files["downloads/journey.schema.json"])
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)
    assert data["about"]["as_at"] == ("2024-10-01" if which == "site" else "2021-09-16")


def test_open_data_carries_standing_and_uncertainty(site, real):
    data = json.loads(site["downloads/journey.json"])
    action = data["plans"][PID]["actions"]["3.1"]
    assert action["record"]["due"] == "2024-08-31" and action["standing"]["due_in_force"] == "2025-03-31"
    assert action["record"]["revisions"][0]["reason"].startswith("The offer waits")
    assert action["record"]["uncertain"] == ["lead"]
    assert "2024-12-31" not in json.dumps(data["plans"][PID]["actions"]["1.1"])  # after the as-at date: not known
    real_data = json.loads(real["downloads/journey.json"])
    standing = real_data["plans"]["cip-2019-20"]["actions"]["20.2"]["standing"]
    # An absence is a word, never null: progress not recorded is "not_known", not "no" or nothing.
    assert standing["progress_recorded"] is False
    assert {standing[k] for k in ("overdue", "progress", "completed", "last_update")} == {"not_known"}
    assert standing["evidence"] == 1 and real_data["about"]["schema_version"] == "2"
    assert ": null" not in real["downloads/journey.json"].decode()


def test_schema_refuses_what_the_model_refuses(site):
    """The schema is not vacuous: wrong types and unknown fields fail it."""
    data = json.loads(site["downloads/journey.json"])
    schema = json.loads(site["downloads/journey.schema.json"])
    for mutate in (lambda d: d["plans"][PID]["actions"]["1.1"]["standing"].update(progress_recorded="yes"),
                   lambda d: d["plans"][PID]["actions"]["1.1"]["record"].update(colour="red"),
                   lambda d: d["settings"].update(as_at="1 October 2024"),
                   lambda d: d["metrics"]["caseloads"]["values"][0].update(value="eighteen")):
        broken = json.loads(json.dumps(data))
        mutate(broken)
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(broken, schema, cls=jsonschema.Draft202012Validator)


def test_downloads_page_lists_every_download(site):
    page = site["downloads/index.md"]
    for path in [p for p in site if p.startswith("downloads/") and p != "downloads/index.md"] + \
            ["metrics/caseloads.csv", "metrics/children-in-care.csv"]:
        target = path[len("downloads/"):] if path.startswith("downloads/") else "../" + path
        assert f'href="{target}"' in page, path


def test_editors_notes_are_not_published(site):
    data = site["downloads/journey.json"].decode()
    assert "Fictional. The plan lists two organisations" not in data  # action 3.1's note, for editors only
    schema = json.loads(site["downloads/journey.schema.json"])
    assert "note" not in schema["$defs"]["Action"]["properties"]
    assert "note" in schema["$defs"]["StatusUpdate"]["properties"]  # status notes are shown on the pages


def test_schema_describes_the_fields_that_explain_the_data(site):
    schema = json.loads(site["downloads/journey.schema.json"])
    for model in ("Standing", "About", "OpenAction", "OpenPlan"):
        for name, field in schema["$defs"][model]["properties"].items():
            assert field.get("description"), f"{model}.{name} has no description"
