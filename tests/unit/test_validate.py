"""The schema and cross-file rules: each mistake an editor can make, with its exact message."""

from __future__ import annotations

import shutil

import pytest

from journey.errors import UserError
from journey.inputs.validate import read_project

A = "improvement-plans/wv-plan-2024/actions/1.2.yaml"
AP = "plans/" + A
TITLE = "title: Audit assessments every quarter"
TEXT = "text: Audit a sample of assessments each quarter and report to the board."


def problems(plans) -> list[str]:
    try:
        read_project(plans.root)
    except UserError as e:
        prefix = str(plans.root.parent) + "/"
        return [str(p).replace(prefix, "") for p in e.problems]
    return []


def test_fixture_is_valid(plans):
    project = read_project(plans.root)
    assert list(project.plans["wv-plan-2024"].actions) == ["1.1", "1.2", "1.10", "2.1", "3.1"]
    assert [e.date.iso for e in project.events] == ["2022-05", "2022-09-01", "2024-04-01"]


HOSTILE_FIELDS = [
    (TITLE, 'title: "Audit\\nevery quarter"',
     f"{AP}:2:8: title: must be a single line; remove the line break (use a short sentence)"),
    (TITLE, 'title: "# Audit"',
     f"{AP}:2:8: title: must not start with '#' (it would become a heading); remove it"),
    (TITLE, 'title: "Audit\\u0007 x"', f"{AP}:2:8: title: contains a control character (U+0007); delete it"),
    (TITLE, 'title: "Audit \\u202e x"',
     f"{AP}:2:8: title: contains an invisible or direction-changing character (U+202E, such as a zero-width "
     "space); retype the text without it"),
    (TITLE, 'title: "Au\\u200bdit"',
     f"{AP}:2:8: title: contains an invisible or direction-changing character (U+200B, such as a zero-width "
     "space); retype the text without it"),
    (TITLE, "title: [a, b]", f"{AP}:2:8: title: expected text, got a list"),
    (TEXT, "text: <script>alert(1)</script>",
     f"{AP}:3:7: text: contains HTML (something like <tag>); HTML is not allowed, write plain text"),
    (TEXT, "text: <img src=x onerror=alert(1)>",
     f"{AP}:3:7: text: contains HTML (something like <tag>); HTML is not allowed, write plain text"),
    (TEXT, 'text: "<javascript:alert(1)>"',
     f"{AP}:3:7: text: links must start with https:// or http://; this one starts 'javascript'. "
     "Remove it or use a web address"),
    (TEXT, 'text: "See <https://example.org/plan>"', None),
    (TITLE, "title: Audit assessments #1 priority",
     f"{AP}:2:26: title: the text stops before ' #': YAML reads ' #' as the start of a comment; put the whole "
     "value in quotes"),
    (TITLE, "title: # Audit",
     f"{AP}:2:8: title: is empty because YAML reads ' #' as the start of a comment; put the text in quotes"),
    (TEXT, 'text: "[x](javascript:alert(1))"',
     f"{AP}:3:7: text: links must start with https:// or http://; this one starts 'javascript'. "
     "Remove it or use a web address"),
    (TEXT, 'text: "[x](JaVaScRiPt:alert(1))"',
     f"{AP}:3:7: text: links must start with https:// or http://; this one starts 'JaVaScRiPt'. "
     "Remove it or use a web address"),
    (TEXT, 'text: "[x](java&#x09;script:alert(1))"',
     f"{AP}:3:7: text: links must start with https:// or http://; this one starts 'java%09script'. "
     "Remove it or use a web address"),
    (TEXT, 'text: "[x](data:text/html;base64,PHNjcmlwdD4=)"',
     f"{AP}:3:7: text: links must start with https:// or http://; this one starts 'data'. "
     "Remove it or use a web address"),
    (TEXT, 'text: "![x](https://example.org/a.png)"',
     f"{AP}:3:7: text: images are not allowed (the site loads nothing from other hosts); "
     "remove the ![...](...) image"),
    ("cadence: Quarterly", "cadence:\n  every: quarter", f"{AP}:6:3: cadence: expected text, got a group of fields"),
    ("leads: [Wyvern Vale Borough Council]", "leads: []", f"{AP}:4:8: leads: needs at least 1 item"),
    ("cadence: Quarterly", "completed: 2024-13-01",
     f"{AP}:5:12: completed: '2024-13-01' has month 13; months run from 01 to 12"),
    ("cadence: Quarterly", "completed: 1/7/2024", f"{AP}:5:12: completed: expected a date like 2019-12-31, got '1/7/2024'"),
]


@pytest.mark.parametrize("old, new, message", HOSTILE_FIELDS)
def test_field_rules(plans, old, new, message):
    plans.edit(A, old, new)
    assert problems(plans) == ([message] if message else [])


def test_yes_no_are_not_booleans(plans):
    plans.edit("metrics/caseloads.yaml", "better: lower", "better: no")
    assert problems(plans) == ["plans/metrics/caseloads.yaml:4:9: better: expected one of 'higher', 'lower' or "
                               "'neither'; got 'no'"]


def test_objective_number_1_10_is_not_1_1(plans):
    plans.edit("improvement-plans/wv-plan-2024/plan.yaml", 'number: "3"', "number: 3.10")
    assert problems(plans) == [
        "plans/improvement-plans/wv-plan-2024/actions/3.1.yaml:2:1: action 3.1 belongs to objective 3 by its file "
        "name, but plan 'wv-plan-2024' has no such objective; rename the file or add the objective"]


def test_files_out_of_place_and_badly_named(plans):
    plans.write("inspections/notes.yml", "a: 1\n")
    shutil.move(plans.root / "metrics/caseloads.yaml", plans.root / "metrics/Case Loads.yaml")
    shutil.move(plans.root / A, plans.root / "improvement-plans/wv-plan-2024/actions/one.yaml")
    assert problems(plans) == [
        "plans/improvement-plans/wv-plan-2024/actions/one.yaml: the file name must be an action number like 3.1 "
        "(it becomes the page address): expected a number like 3 or 3.1, got 'one'",
        "plans/inspections/notes.yml: the generator reads only files ending in '.yaml' (lower case), so this file "
        "would be ignored; rename it to notes.yaml",
        "plans/metrics/Case Loads.yaml: the file name has a space or line break in it; rename it without (the name "
        "becomes the page address)",
    ]


STRAY = "this file is not in a place the generator reads, so it would be ignored; move or rename it " \
        "(plans/README.md shows where each kind of file goes)"


def test_every_file_is_read_or_reported(plans):
    """Nothing under plans/ is skipped in silence: extension case, wrong folder, unknown kind, nested
    folders, special files and links to folders are each reported."""
    import os

    shutil.copy(plans.root / A, plans.root / "improvement-plans/wv-plan-2024/actions/2.2.YAML")
    plans.write("inspection/2023-01-visit.yaml", "title: x\n")  # folder name misspelt
    plans.write("metrics/notes.txt", "notes\n")
    plans.write("timeline/old/2019.yaml", "events: []\n")
    plans.write("improvement-plans/wv-plan-2024/1.3.yaml", "title: x\n")  # action outside actions/
    plans.write("README.md", "# Notes for editors\n")  # documentation is allowed
    os.mkfifo(plans.root / "metrics/pipe.yaml")
    os.symlink(plans.root / "timeline", plans.root / "improvement-plans/linked")
    assert problems(plans) == [
        "plans/improvement-plans/linked: is a link to another folder in plans/; keep one copy",
        "plans/improvement-plans/wv-plan-2024/1.3.yaml: " + STRAY,
        "plans/improvement-plans/wv-plan-2024/actions/2.2.YAML: the generator reads only files ending in '.yaml' "
        "(lower case), so this file would be ignored; rename it to 2.2.yaml",
        "plans/inspection: this folder is not one the generator reads, so everything in it would be ignored; "
        "did you mean 'inspections'? move its files (plans/README.md shows where each kind of file goes)",
        "plans/metrics/notes.txt: " + STRAY,
        "plans/metrics/pipe.yaml: is not an ordinary file or folder (a pipe, socket or device); remove it",
        "plans/timeline/old: this folder is not one the generator reads, so everything in it would be ignored; "
        "move its files (plans/README.md shows where each kind of file goes)",
    ]


def test_ids_that_collide_with_generated_pages_are_refused(plans):
    shutil.copy(plans.root / "inspections/2024-02-focused-visit.yaml", plans.root / "inspections/index.yaml")
    shutil.copy(plans.root / "metrics/caseloads.yaml", plans.root / "metrics/index.yaml")
    assert problems(plans) == [
        "plans/inspections/index.yaml: the file name 'index' is kept for a page the generator makes itself (the "
        "list of every inspection); choose another name",
        "plans/metrics/index.yaml: the file name 'index' is kept for a page the generator makes itself (the list "
        "of every metric); choose another name",
    ]


def test_unreadable_file_is_reported_not_skipped(plans):
    import os

    target = plans.root / A
    target.chmod(0)
    try:
        if os.access(target, os.R_OK):  # root reads anything: simulate with a folder in its place
            target.chmod(0o644)
            target.unlink()
            target.mkdir()
            expected = [f"{AP}: this folder is not one the generator reads, so everything in it would be ignored; "
                        "move its files (plans/README.md shows where each kind of file goes)"]
        else:
            expected = [f"{AP}: cannot be read (permission denied); check the file's permissions"]
        assert problems(plans) == expected
    finally:
        if target.is_file():
            target.chmod(0o644)


def test_missing_site_settings_is_one_problem_not_a_cascade(plans):
    plans.remove("site.yaml")
    assert problems(plans) == ["plans/site.yaml: missing: this folder needs site.yaml"]


def test_cross_references(plans):
    plans.edit("improvement-plans/wv-plan-2024/plan.yaml", "afi-turnover]", "afi-turnovr, 2023-01-visit/x]")
    plans.edit("improvement-plans/wv-plan-2024/plan.yaml", "  - id: leadership", "  - id: help")
    plans.edit("improvement-plans/wv-plan-2024/plan.yaml", 'number: "2"', 'number: "1"')
    plans.edit("inspections/2022-05-inspection.yaml", "  - id: strength-leaders", "  - id: afi-turnover")
    plans.edit("inspections/2022-05-inspection.yaml", "document: wv-report-2022", "document: wv-report")
    plans.edit("timeline/2024.yaml", '"action:wv-plan-2024/1.1"', '"action:wv-plan-2024/9.9"')
    plans.edit("metrics/caseloads.yaml", "date: 2023-03", "date: 2022-03")
    plans.edit("improvement-plans/wv-plan-2024/actions/1.1.yaml", "date: 2024-09-30", "date: 2024-06-30")
    plans.edit("site.yaml", "  - id: workforce", "  - id: assessment")
    p = "plans/improvement-plans/wv-plan-2024/plan.yaml"
    assert problems(plans) == [
        "plans/improvement-plans/wv-plan-2024/actions/1.1.yaml:12:11: updates[2].date: updates must be in date "
        "order, oldest first, one per date; move this one or fix its date",
        "plans/improvement-plans/wv-plan-2024/actions/2.1.yaml:2:1: action 2.1 belongs to objective 2 by its file "
        "name, but plan 'wv-plan-2024' has no such objective; rename the file or add the objective",
        "plans/improvement-plans/wv-plan-2024/actions/3.1.yaml:11:10: themes[1]: no theme 'workforce' in site.yaml; "
        "use one of 'assessment' or add it under themes",
        f"{p}:15:17: sections[1].objectives[2].number: duplicate objective number '1' (first used on line 11); "
        "each must be unique",
        f"{p}:17:9: sections[2].id: duplicate section id 'help' (first used on line 8); each must be unique",
        f"{p}:22:19: sections[2].objectives[1].answers[1]: answers '2022-05-inspection/afi-turnovr', but that "
        "inspection has no finding with that id; check it against the finding ids in plans/inspections/",
        f"{p}:22:51: sections[2].objectives[1].answers[2]: answers '2023-01-visit/x', but there is no inspection "
        "'2023-01-visit'; check it against the finding ids in plans/inspections/",
        "plans/inspections/2022-05-inspection.yaml:30:14: findings[2].themes[1]: no theme 'workforce' in site.yaml; "
        "use one of 'assessment' or add it under themes",
        "plans/inspections/2022-05-inspection.yaml:31:9: findings[3].id: duplicate finding id 'afi-turnover' "
        "(first used on line 27); each must be unique",
        "plans/inspections/2022-05-inspection.yaml:35:13: source.document: no source document 'wv-report' in "
        "site.yaml; use one of 'wv-report-2022', 'wv-visit-2024', 'wv-plan' or add it under sources",
        "plans/metrics/caseloads.yaml:8:11: values[2].date: 2022-03 appears more than once (first on line 6); "
        "keep one value per date",
        "plans/site.yaml:29:9: themes[2].id: duplicate theme id 'assessment' (first used on line 27); each must be "
        "unique",
        "plans/timeline/2024.yaml:6:36: events[1].related[2]: links to action 'wv-plan-2024/9.9', which does not "
        "exist; check the spelling",
    ]


def test_a_repeat_must_name_an_earlier_inspection_or_finding(plans):
    insp = "inspections/2022-05-inspection.yaml"
    plans.edit(insp, "    text: Social worker turnover is high, so children see too many workers.\n",
               "    text: Social worker turnover is high, so children see too many workers.\n"
               "    repeats: [2024-02-focused-visit/wni-supervision, 2019-01-visit, 2022-05-inspection/x]\n")
    assert problems(plans) == [
        f"plans/{insp}:30:15: findings[2].repeats[1]: repeats '2024-02-focused-visit/wni-supervision', which is "
        "not an earlier inspection; a point can only repeat an earlier one",
        f"plans/{insp}:30:54: findings[2].repeats[2]: repeats '2019-01-visit', but there is no inspection "
        "'2019-01-visit'; check it against plans/inspections/",
        f"plans/{insp}:30:69: findings[2].repeats[3]: repeats '2022-05-inspection/x', but that inspection has no "
        "finding with that id; check it against plans/inspections/",
    ]


def test_record_ends_belongs_to_a_plan_whose_progress_is_not_recorded(plans):
    plans.edit("improvement-plans/wv-plan-2024/plan.yaml", "start: 2024-04-01\n", "start: 2024-04-01\nrecord_ends: 2024-05\n")
    assert problems(plans) == [
        "plans/improvement-plans/wv-plan-2024/plan.yaml:5:14: record_ends: record_ends says where the record of a "
        "plan's progress stops, so it needs 'progress: not recorded'; add that or remove record_ends"]


R = "improvement-plans/wv-plan-2024/actions/3.1.yaml"
RP = "plans/" + R
REVISION = """revisions:
  - date: 2024-08-15
    due: 2025-03-31
    reason: The offer waits for the council's pay review, moved to the new year.
"""


@pytest.mark.parametrize("new, expected", [
    (REVISION + "  - date: 2024-08-01\n    due: 2025-06-30\n    reason: Later again.\n",
     f"{RP}:10:11: revisions[2].date: revisions must be in date order, oldest first, one per date; move this one "
     "or fix its date"),
    (REVISION.replace("due: 2025-03-31", "due: 2024-08-31"),
     f"{RP}:8:10: revisions[1].due: revises the due date to 2024-08-31, which is already the due date; give the "
     "new date, or remove the revision"),
    (REVISION.replace("    reason: The offer waits for the council's pay review, moved to the new year.\n", ""),
     f"{RP}:7:5: revisions[1].reason: required field missing; add 'reason:' with a value"),
])
def test_revised_due_dates_are_checked(plans, new, expected):
    plans.edit(R, REVISION, new)
    assert expected in problems(plans)


def test_board_dates_and_exception_flags_are_checked(plans):
    plans.edit("site.yaml", "board_dates: [2024-06-20, 2024-09-19, 2024-12-12]", "board_dates: [2024-06-31]")
    plans.edit("site.yaml", "    colour: \"#00703c\"", "    colour: \"#00703c\"\n    exception: maybe")
    found = problems(plans)
    assert "plans/site.yaml:51:15: board_dates[1]: '2024-06-31' is not a real date: June 2024 has 30 days" in found
    assert "plans/site.yaml:22:16: rag[3].exception: expected true or false, got 'maybe'" in found


def test_a_date_after_the_reporting_date_is_reported_not_lost(plans):
    """A year typo in a status update, a completion, a revision or an event would hide it from every
    page: the check names the file, line and value instead."""
    plans.edit("improvement-plans/wv-plan-2024/actions/1.10.yaml", "  - date: 2024-09-30", "  - date: 2030-09-30")
    plans.edit("improvement-plans/wv-plan-2024/actions/2.1.yaml", "completed: 2024-07-15", "completed: 2025-07-15")
    plans.edit("timeline/2024.yaml", "2024-04-01", "2025")
    found = problems(plans)
    assert ("plans/improvement-plans/wv-plan-2024/actions/1.10.yaml:7:11: updates[1].date: this status update is "
            "dated 2030-09-30, after the reporting date 2024-12-31 (as_at in site.yaml), so no page would show it; "
            "check the year, or move as_at in site.yaml on") in found
    assert any(p.startswith("plans/improvement-plans/wv-plan-2024/actions/2.1.yaml:6:12: completed: the completion "
                            "is dated 2025-07-15") for p in found), found
    assert any(p.startswith("plans/timeline/2024.yaml:") and "this event is dated 2025," in p for p in found), found
    assert len(found) == 3


def test_without_as_at_today_is_the_reporting_date(plans):
    plans.edit("site.yaml", "as_at: 2024-12-31  # the newest record; the tests build as at 1 October 2024 with --as-at\n", "")
    from datetime import date

    read_project(plans.root, today=date(2025, 1, 1))  # nothing is later than that
    with pytest.raises(UserError) as e:
        read_project(plans.root, today=date(2024, 12, 30))
    assert [p.message for p in e.value.problems] == [
        "this status update is dated 2024-12-31, after the reporting date 2024-12-30 (today, as site.yaml sets no "
        "as_at), so no page would show it; check the year, or move as_at in site.yaml on"]


def test_a_revision_before_itself_and_a_repeated_board_date_are_refused(plans):
    plans.edit(R, "    due: 2025-03-31\n", "    due: 2023-01-31\n")
    plans.edit("site.yaml", "board_dates: [2024-06-20, 2024-09-19, 2024-12-12]", "board_dates: [2024-09-19, 2024-09-19]")
    found = problems(plans)
    assert f"{RP}:8:10: revisions[1].due: revises the due date to 2023-01-31, before the revision itself (2024-08-15); check both dates" in found
    assert any("board_dates[2]: 2024-09-19 is listed twice; list each board date once" in p for p in found), found


# --------------------------------------------------------------------------- what the documents do not say

EV = "plans/timeline/2022.yaml"
INSP = "plans/inspections/2022-05-inspection.yaml"
PLAN = "plans/improvement-plans/wv-plan-2024/plan.yaml"


def test_retrospective_prose_that_names_a_later_year_is_refused_with_the_fix(plans):
    plans.edit("timeline/2022.yaml", "description: A new principal social worker joins to lead practice.",
               "description: A new principal social worker joins; she left in 2024.")
    plans.edit("inspections/2022-05-inspection.yaml", "summary: Practice is improving but",
               "summary: Practice (as the 2024 visit found) is improving but")
    assert problems(plans) == [
        f"{INSP}:11:10: summary: names 2024, after the year of this report (2022), so a page built as at an "
        "earlier date would tell what had not happened yet; reword it, or move that sentence into later: with "
        "the date it became known (later: [{date: 2024-MM, text: ...}])",
        f"{EV}:11:18: events[2].description: names 2024, after the year of this event (2022), so a page built "
        "as at an earlier date would tell what had not happened yet; reword it, or move that sentence into "
        "later: with the date it became known (later: [{date: 2024-MM, text: ...}])"]


@pytest.mark.parametrize("text", [
    "The Corporate Parenting Strategy 2019-2026 was agreed.",  # a range that begins by the record's year
    "It follows the 'Plan for 2030' and the \"Vision 2030\".",  # titles in quotation marks
    "Under the Children Act 2004 and the Workforce Strategy 2030.",  # names
])
def test_what_narrates_nothing_is_not_refused(plans, text):
    plans.edit("timeline/2022.yaml", "description: A new principal social worker joins to lead practice.",
               f"description: {text}")
    assert problems(plans) == []


def test_a_later_sentence_is_shown_from_its_date_and_must_be_later(plans):
    plans.edit("timeline/2022.yaml", "    uncertain: [day]\n", "    uncertain: [day]\n    later:\n"
               "      - date: 2022-08\n        text: Announced the month before.\n")
    assert problems(plans) == [
        f"{EV}:15:15: events[2].later[1].date: a later sentence is for what happened after the record (2022-09-01); "
        "2022-08 is not later, so put it in the text itself"]
    plans.edit("timeline/2022.yaml", "date: 2022-08\n", "date: 2026-01\n")
    assert problems(plans) == [
        f"{EV}:15:15: events[2].later[1].date: this later sentence is dated 2026-01, which counts from 31 January "
        "2026, after the reporting date 2024-12-31 (as_at in site.yaml), so no page would show it; check the year, "
        "or move as_at in site.yaml on"]


def test_the_introduction_names_no_year_and_only_known_placeholders(plans):
    plans.edit("site.yaml", "A made-up journey used by the tests.", "A made-up journey since 2022, to the {last visit}.")
    assert problems(plans) == [
        "plans/site.yaml:6:8: intro: '{last visit}' is not a placeholder; use one of {first visit}, "
        "{latest visit}, {as at}",
        "plans/site.yaml:6:8: intro: names 2022; the introduction is shown as at every date, so it names no "
        "year: write {first visit} or {latest visit} (filled in from the visits known by then) instead"]


def test_an_alternative_reading_needs_its_date_flagged_and_must_differ(plans):
    plans.edit("timeline/2022.yaml", "    uncertain: [day]\n", "    uncertain: [day]\n    alternative: [2022-09-01]\n")
    plans.edit("timeline/2022.yaml", "    related: [\"inspection:2022-05-inspection\"]\n",
               "    related: [\"inspection:2022-05-inspection\"]\n    alternative: [2022-04]\n")
    assert problems(plans) == [
        f"{EV}:7:18: events[1].alternative: other readings of the date need it flagged uncertain: add the day, "
        "month, year or date to uncertain:, or remove alternative",
        f"{EV}:15:19: events[2].alternative[1]: 2022-09-01 is the date itself; list only the other readings"]


def test_what_a_finding_expands_on_must_be_another_point_of_the_same_inspection(plans):
    plans.edit("inspections/2022-05-inspection.yaml", "    themes: [workforce]\n",
               "    themes: [workforce]\n    expands: afi-missing\n")
    assert problems(plans) == [
        f"{INSP}:31:14: findings[2].expands: expands on 'afi-missing', but this inspection has no finding with "
        "that id (expands names a point of the same inspection); use one of 'afi-assessments'"]
    plans.edit("inspections/2022-05-inspection.yaml", "expands: afi-missing", "expands: strength-leaders")
    assert problems(plans) == [
        f"{INSP}:31:14: findings[2].expands: only points to improve expand on each other (areas for improvement, "
        "what needs to improve, recommendations): use one of 'afi-assessments'"]


def test_a_plan_the_documents_only_mention_has_no_actions_and_answers_what_exists(plans):
    plans.edit("improvement-plans/wv-plan-2024/plan.yaml", "period: 2024–25\n",
               "period: 2024–25\nactions: not known\nanswers: [2022-05-inspection, 2023-01-visit]\n")
    found = problems(plans)
    assert f"{PLAN}:5:31: answers[2]: answers '2023-01-visit', but there is no inspection '2023-01-visit'; name an " \
           "inspection, or inspection/finding" in found
    for number in ("1.1", "1.10", "1.2", "2.1", "3.1"):
        assert (f"plans/improvement-plans/wv-plan-2024/actions/{number}.yaml:2:1: plan 'wv-plan-2024' says its "
                "actions are not known, so it has no action files; remove this file, or change the plan to "
                "'actions: recorded'") in found


def test_a_plan_with_actions_needs_sections(plans):
    text = (plans.root / "improvement-plans/wv-plan-2024/plan.yaml").read_text("utf-8")
    head, tail = text.split("sections:\n")
    plans.write("improvement-plans/wv-plan-2024/plan.yaml", head + "source:" + tail.split("source:")[1])
    assert f"{PLAN}:2:1: sections: needs at least one section with its objectives; for a plan the documents only " \
           "mention, say 'actions: not known' instead" in problems(plans)


def test_findings_not_known_lists_none(plans):
    plans.edit("inspections/2022-05-inspection.yaml", "findings:\n", "findings_known: not known\nfindings:\n")
    assert problems(plans) == [
        f"{INSP}:21:17: findings_known: says the findings are not known, but findings are listed; say 'some' (a "
        "later document recalls some) or 'all', or remove the findings"]


def test_a_record_that_would_vanish_for_its_date_is_refused(plans):
    """A date known only to the month counts from its last day, and an other reading of an uncertain date
    counts too: a record either would leave out is named, never silently dropped (found by a probe)."""
    plans.edit("site.yaml", "as_at: 2024-12-31", "as_at: 2024-12-15")
    plans.edit("improvement-plans/wv-plan-2024/plan.yaml", "published: 2024-03", "published: 2024-12")
    plans.edit("timeline/2022.yaml", "    uncertain: [day]\n", "    uncertain: [day]\n    alternative: [2031-09-01]\n")
    found = problems(plans)
    assert (f"{PLAN}:27:12: published: the plan's publication is dated 2024-12, which counts from 31 December 2024, "
            "after the reporting date 2024-12-15 (as_at in site.yaml), so no page would show it; check the year, or "
            "move as_at in site.yaml on") in found
    assert (f"{EV}:14:19: events[2].alternative[1]: another reading of this event is dated 2031-09-01, after the "
            "reporting date 2024-12-15 (as_at in site.yaml), so no page would show it; check the year, or move "
            "as_at in site.yaml on") in found


def test_flags_a_record_cannot_have_and_answers_that_cannot_be(plans):
    plans.edit("timeline/2022.yaml", "    uncertain: [day]\n", "    uncertain: [day, lead]\n")
    plans.edit("improvement-plans/wv-plan-2024/plan.yaml", "        answers: [2022-05-inspection/afi-turnover]",
               "        answers: [2022-05-inspection/strength-leaders]")
    found = problems(plans)
    assert (f"{EV}:13:22: events[2].uncertain[2]: 'lead' means nothing for this event: it can be uncertain in "
            "'date', 'day', 'month', 'value', 'wording', 'year'") in found
    assert any("answers '2022-05-inspection/strength-leaders', which is a strength, not a point to improve" in p
               for p in found)


@pytest.mark.parametrize("text, refused", [
    ("It closed in mid-2025.", 2025), ("Closed in ’25.", 2025), ("Closed in ２０２５.", 2025),
    ('It was called "2025".', 2025), ("Staff must be trained by 2025.", 2025),
])
def test_years_in_any_form_are_read(plans, text, refused):
    plans.edit("timeline/2022.yaml", "description: A new principal social worker joins to lead practice.",
               f"description: {text}")
    assert [p for p in problems(plans) if f"names {refused}," in p]


def test_a_target_in_a_figure_label_is_not_a_narrated_fact_but_other_texts_are_checked(plans):
    plans.edit("inspections/2022-05-inspection.yaml", "  - label: Children in care\n",
               "  - label: Social workers needed by 2025\n")
    plans.edit("improvement-plans/wv-plan-2024/actions/1.1.yaml", "Drafting has started.", "Drafting has started; agreed in 2026.")
    assert problems(plans) == [
        "plans/improvement-plans/wv-plan-2024/actions/1.1.yaml:11:11: updates[1].note: names 2026, after the year of "
        "this status update (2024), so a page built as at an earlier date would tell what had not happened yet; "
        "reword it, or move that sentence into later: with the date it became known (later: [{date: 2026-MM, text: "
        "...}])"]
