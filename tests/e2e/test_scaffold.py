"""`build_site.py new`: each scaffold fails the check until it is filled in and passes once it is
(issue 13), never overwrites, and keeps every byte of a file it appends to."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest

from journey.errors import UserError
from journey.inputs.validate import read_project

from conftest import FIXTURE, REPO

# What an editor would write over each placeholder, by field (list positions dropped).
FILLED = {
    "action": {"title": "Audit supervision records", "text": "Audit a sample of supervision records each quarter.",
               "leads": "Wyvern Vale Borough Council", "due": "2025-03-31", "measure": "Audits show reflective notes.",
               "impact": "Children's plans reflect supervision.", "ref": "page 6"},
    "update": {"updates.date": "2024-12-15", "updates.progress": "amber", "updates.impact": "red",
               "updates.note": "The first audit is done."},
    "finding": {"findings.id": "afi-records", "findings.kind": "area for improvement",
                "findings.text": "Records do not always show the child's views.", "findings.ref": "paragraph 20"},
    "event": {"events.date": "2022-10", "events.title": "Practice week held", "events.category": "practice",
              "events.source.document": "wv-report-2022", "events.source.ref": "page 3"},
    "inspection": {"title": "Focused visit, November 2024", "kind": "focused visit", "start": "2024-11-05",
                   "published": "2024-12-10", "summary": "Inspectors found steady progress.",
                   "findings.id": "records", "findings.kind": "strength",
                   "findings.text": "Records are up to date.", "findings.ref": "paragraph 4",
                   "source.document": "wv-visit-2024"},
}
ARGS = {"action": "wv-plan-2024/3.2", "update": "wv-plan-2024/2.1", "finding": "2022-05-inspection",
        "event": "2022", "inspection": "2024-11-focused-visit"}


def _new(plans_root, kind, arg):
    return subprocess.run([sys.executable, str(REPO / "build_site.py"), "--plans", str(plans_root), "new", kind, arg],
                          capture_output=True, text=True)


def _problems(root):
    try:
        read_project(root)
    except UserError as e:
        return e.problems
    return []


def _fill(root, problems, values):
    """Write a value over each placeholder, at the line and column the check gives."""
    for p in sorted(problems, key=lambda p: (p.path, -p.line, -p.column)):
        path = root / p.path
        lines = path.read_text(encoding="utf-8").split("\n")
        field = re.sub(r"\[\d+\]", "", p.field)
        value = values[field]
        at, start = p.line - 1, p.column - 1
        if lines[at][start:start + 2] == ">-":  # a block: the text is on the line below, indented
            at, start = at + 1, len(lines[at + 1]) - len(lines[at + 1].lstrip())
        line = lines[at]
        end = line.index('"', start + 1) + 1 if line[start] == '"' else len(line)
        quoted = value if re.fullmatch(r"[\w .,'-]+", value) else f'"{value}"'
        lines[at] = line[:start] + quoted + line[end:]
        path.write_text("\n".join(lines), encoding="utf-8")


@pytest.mark.parametrize("kind", list(ARGS))
def test_a_scaffold_fails_the_check_until_filled_in_then_passes(plans, kind):
    before = {p.relative_to(plans.root): p.read_bytes() for p in plans.root.rglob("*.yaml")}
    done = _new(plans.root, kind, ARGS[kind])
    assert done.returncode == 0, done.stderr
    said = done.stdout.strip().split("\n")
    problems = _problems(plans.root)
    assert problems, "a scaffold must not pass the check before it is filled in"
    assert all("not filled in yet" in p.message for p in problems), [str(p) for p in problems]
    assert f"fill in the {len(problems)} value" in said[0]
    assert len(said) == 1 + len(problems)  # one line for each value to fill in, with where it is
    for p in problems:
        assert any(f":{p.line}: {p.field}:" in line for line in said[1:]), (str(p), said)
    # whatever was there before is still there, byte for byte, around the new entry
    for rel, data in before.items():
        now = (plans.root / rel).read_text(encoding="utf-8")
        assert "\n".join(line for line in now.split("\n") if "FILL IN" not in line) == data.decode(), rel
    _fill(plans.root, problems, FILLED[kind])
    assert _problems(plans.root) == [], [str(p) for p in _problems(plans.root)]


@pytest.mark.parametrize("kind", ["action", "inspection"])
def test_new_never_overwrites(plans, kind):
    arg = {"action": "wv-plan-2024/1.1", "inspection": "2022-05-inspection"}[kind]
    path = (plans.root / "improvement-plans/wv-plan-2024/actions/1.1.yaml" if kind == "action"
            else plans.root / "inspections/2022-05-inspection.yaml")
    data = path.read_bytes()
    done = _new(plans.root, kind, arg)
    assert done.returncode == 2 and "already exists; nothing was changed" in done.stderr
    assert path.read_bytes() == data


def test_new_update_appends_at_the_end_of_the_list_in_the_house_style(plans):
    path = plans.root / "improvement-plans/wv-plan-2024/actions/1.1.yaml"
    old = path.read_text(encoding="utf-8")
    assert _new(plans.root, "update", "wv-plan-2024/1.1").returncode == 0
    new = path.read_text(encoding="utf-8")
    at = old.index("themes:")
    assert new.startswith(old[:at]) and new.endswith(old[at:])
    assert new[at:new.index("themes:")] == (
        '  - date: "FILL IN: the date of the update, like 2025-06-30"\n'
        '    progress: "FILL IN: the progress rating, one of: red, amber, green"\n'
        '    impact: "FILL IN: the impact rating, one of: red, amber, green (or delete this line)"\n'
        '    note: "FILL IN: what has happened since the last update, in a line or two"\n')


def test_new_update_starts_the_list_when_there_is_none(plans):
    path = plans.root / "improvement-plans/wv-plan-2024/actions/2.1.yaml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"(?ms)^updates:.*?(?=^\S)", "", text)
    path.write_text(text, encoding="utf-8")
    assert _new(plans.root, "update", "wv-plan-2024/2.1").returncode == 0
    assert path.read_text(encoding="utf-8").startswith(text)
    assert "\nupdates:\n  - date: " in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("arg, words", [
    ("nope/1.1", "no plan 'nope'"), ("wv-plan-2024/x", "expected an action as <plan>/<number>"),
    ("wv-plan-2024/9.9", "no action file"),
])
def test_new_update_says_what_is_wrong_with_its_argument(plans, arg, words):
    done = _new(plans.root, "update", arg)
    assert done.returncode == 2 and words in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("target, variable, arg, rel", [
    ("new-update", "ACTION", "wv-plan-2024/2.1", "improvement-plans/wv-plan-2024/actions/2.1.yaml"),
    ("new-action", "ACTION", "wv-plan-2024/3.2", "improvement-plans/wv-plan-2024/actions/3.2.yaml"),
    ("new-finding", "INSPECTION", "2022-05-inspection", "inspections/2022-05-inspection.yaml"),
    ("new-inspection", "INSPECTION", "2024-11-focused-visit", "inspections/2024-11-focused-visit.yaml"),
    ("new-event", "YEAR", "2023", "timeline/2023.yaml"),
])
def test_make_targets_for_the_common_scaffolds(plans, target, variable, arg, rel):
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAKE") and k != "MFLAGS"}
    done = subprocess.run(["make", "--no-print-directory", "-C", str(REPO), target, f"{variable}={arg}",
                           f"PLANS={plans.root}"], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "FILL IN" in (plans.root / rel).read_text(encoding="utf-8")
    forgot = subprocess.run(["make", "--no-print-directory", "-C", str(REPO), target, f"PLANS={plans.root}"],
                            capture_output=True, text=True, env=env)
    assert forgot.returncode != 0 and f"(with make: {variable}=" in forgot.stderr


def test_fixture_is_untouched_by_these_tests():
    assert not list(FIXTURE.rglob("*.tmp"))


def test_the_editing_guides_example_is_the_real_output(tmp_path):
    readme = (REPO / "docs" / "editing.md").read_text(encoding="utf-8")
    block = readme.split("<!-- new-example -->\n```text\n", 1)[1].split("```\n<!-- /new-example -->")[0]
    command, _, shown = block.partition("\n")
    shutil.copytree(FIXTURE, tmp_path / "plans")
    args = command.removeprefix("$ python build_site.py ").split()
    done = subprocess.run([sys.executable, str(REPO / "build_site.py"), *args], cwd=tmp_path, capture_output=True,
                          text=True)
    assert done.returncode == 0 and done.stdout == shown


def test_no_update_for_a_plan_whose_progress_is_not_recorded():
    done = _new(REPO / "plans", "update", "cip-2019-20/3.1")
    assert done.returncode == 2 and "progress: not recorded" in done.stderr


# Layouts `new update` must refuse rather than corrupt (found by an adversarial probe): the file is
# left exactly as it was, with a message and exit 2.
REFUSED_LAYOUTS = {
    "flow list over two lines": "title: T\ntext: X\nleads: [A]\nupdates: [\n]\nref: p1\n",
    "one-line file": "{title: T, text: X, leads: [A], updates: []}\n",
    "anchored list": "title: T\ntext: X\nleads: [A]\nupdates: &a\n  - date: 2024-06-30\n    progress: red\n",
    "a line separator in a comment": "# a\u2028# b\ntitle: T\ntext: X\nleads: [A]\nupdates:\n  - date: 2024-06-30\n"
                                     "    progress: red\nref: p1\n",
    "not UTF-8": b"title: caf\xe9\ntext: X\nleads: [A]\n",
}


@pytest.mark.parametrize("layout", list(REFUSED_LAYOUTS))
def test_new_update_refuses_what_it_cannot_add_to_safely(plans, layout):
    path = plans.root / "improvement-plans/wv-plan-2024/actions/3.1.yaml"
    body = REFUSED_LAYOUTS[layout]
    path.write_bytes(body if isinstance(body, bytes) else body.encode())
    before = path.read_bytes()
    done = _new(plans.root, "update", "wv-plan-2024/3.1")
    assert done.returncode == 2 and ("nothing was changed" in done.stderr or "run this again" in done.stderr), done
    assert "Traceback" not in done.stderr and "fault in the generator" not in done.stderr
    assert path.read_bytes() == before


def test_new_update_keeps_line_endings_permissions_and_comments(plans):
    path = plans.root / "improvement-plans/wv-plan-2024/actions/3.1.yaml"
    text = ("title: T\ntext: X\nleads: [A]\nupdates:\n  - date: 2024-06-30\n    progress: red\n"
            "# about the ref\nref: p1  # page\n")
    path.write_bytes(text.replace("\n", "\r\n").encode())
    path.chmod(0o640)
    assert _new(plans.root, "update", "wv-plan-2024/3.1").returncode == 0
    raw = path.read_bytes()
    assert b"\n" not in raw.replace(b"\r\n", b"")  # every line still ends CRLF
    now = raw.decode().replace("\r\n", "\n")
    assert now.endswith("    progress: red\n" + "".join(f"  {x}\n" for x in _update_lines()) + "# about the ref\nref: p1  # page\n")
    assert path.stat().st_mode & 0o777 == 0o640


def _update_lines():
    return ['- date: "FILL IN: the date of the update, like 2025-06-30"',
            '  progress: "FILL IN: the progress rating, one of: red, amber, green"',
            '  impact: "FILL IN: the impact rating, one of: red, amber, green (or delete this line)"',
            '  note: "FILL IN: what has happened since the last update, in a line or two"']


def test_new_update_keeps_the_comment_on_an_empty_list(plans):
    path = plans.root / "improvement-plans/wv-plan-2024/actions/3.1.yaml"
    path.write_text("title: T\ntext: X\nleads: [A]\nupdates: []  # none yet\nref: p1\n", encoding="utf-8")
    assert _new(plans.root, "update", "wv-plan-2024/3.1").returncode == 0
    assert path.read_text(encoding="utf-8").startswith("title: T\ntext: X\nleads: [A]\nupdates:  # none yet\n  - date:")


def test_new_refuses_read_only_files_and_links(plans, tmp_path):
    path = plans.root / "improvement-plans/wv-plan-2024/actions/3.1.yaml"
    path.chmod(0o444)  # refused for every user, root too: the file's own permission says read-only
    before = path.read_bytes()
    done = _new(plans.root, "update", "wv-plan-2024/3.1")
    assert done.returncode == 2 and "read-only" in done.stderr and path.read_bytes() == before
    path.chmod(0o644)
    outside = tmp_path / "outside"
    outside.mkdir()
    actions = plans.root / "improvement-plans/wv-plan-2024/actions"
    shutil.move(actions, tmp_path / "moved")
    actions.symlink_to(outside)
    done = _new(plans.root, "action", "wv-plan-2024/3.7")
    assert done.returncode == 2 and "is a link" in done.stderr and not list(outside.iterdir())


@pytest.mark.parametrize("kind, arg, words", [
    ("action", "wv-plan-2024/9.1", "has no objective 9"),
    ("action", "wv-plan-2024/01.1", "expected an action"),
    ("event", "0000", "expected a year"),
    ("action", "wv-plan-2024/" + "1." * 150 + "1", "too long"),
])
def test_new_checks_its_argument(plans, kind, arg, words):
    done = _new(plans.root, kind, arg)
    assert done.returncode == 2 and words in done.stderr, done.stderr


def test_make_new_passes_the_name_as_data_not_code(plans, tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAKE") and k != "MFLAGS"}
    spaced = tmp_path / "a folder" / "plans"
    shutil.copytree(plans.root, spaced)
    done = subprocess.run(["make", "--no-print-directory", "-C", str(REPO), "new-update",
                           f"ACTION=wv-plan-2024/2.1\"$$(touch {tmp_path}/pwned)\"", f"PLANS={spaced}"],
                          capture_output=True, text=True, env=env)
    assert done.returncode != 0 and not (tmp_path / "pwned").exists()
    done = subprocess.run(["make", "--no-print-directory", "-C", str(REPO), "new-update", "ACTION=wv-plan-2024/2.1",
                           f"PLANS={spaced}"], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
