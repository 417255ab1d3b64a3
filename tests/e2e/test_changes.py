"""`build_site.py changes BASE [HEAD]`: the reviewers' summary of a pull request (issue 13), for a
scripted series of commits in a temporary git repository, compared with golden Markdown files."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from journey.changes import MARKER, compare

from conftest import FIXTURE, REPO

GOLDEN = REPO / "tests" / "golden" / "changes"
ACTIONS = "plans/improvement-plans/wv-plan-2024/actions"
ENV = {**os.environ, "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.invalid",
       "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.invalid",
       "GIT_CONFIG_NOSYSTEM": "1", "HOME": "/nonexistent"}


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True,
                          env=ENV).stdout


def edit(repo: Path, rel: str, old: str, new: str) -> None:
    path = repo / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def commit(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> Path:
    """base: the fixture; quarterly: a quarter's edits; broken: one more edit with a mistake."""
    repo = tmp_path_factory.mktemp("changes")
    git(repo, "init", "-q", "-b", "main")
    shutil.copytree(FIXTURE, repo / "plans")
    commit(repo, "the plans as they were")
    git(repo, "tag", "base")
    # a rating changes, with a note
    edit(repo, f"{ACTIONS}/1.10.yaml", "ref: page 5", "  - date: 2024-12-31\n    progress: amber\n"
         "    note: Report specified; the build starts in January.\nref: page 5")
    # an action is completed
    edit(repo, f"{ACTIONS}/1.2.yaml", "ref: page 5", "completed: 2024-12-01\nref: page 5")
    # a due date is revised, to a date before the reporting date: the action becomes overdue
    edit(repo, f"{ACTIONS}/3.1.yaml", "measure:", "  - date: 2024-11-20\n    due: 2024-11-30\n"
         "    reason: The pay review was brought forward.\nmeasure:")
    # an action is added (its title has Markdown punctuation, which must stay text)
    (repo / ACTIONS / "3.2.yaml").write_text(
        "title: Exit interviews *for* leavers [pilot] @octocat ~~now~~ www.example.org\n"
        "text: Interview every social worker who leaves.\n"
        "leads: [Wyvern Vale Borough Council]\ndue: 2025-06-30\nref: page 9\n", encoding="utf-8")
    # a completion date is corrected, and a title reworded (listed only as a file changed)
    edit(repo, f"{ACTIONS}/2.1.yaml", "completed: 2024-07-15", "completed: 2024-07-20")
    edit(repo, f"{ACTIONS}/1.1.yaml", "title: Write a re-assessment policy", "title: Write a reassessment policy")
    # a finding is added, another removed
    edit(repo, "plans/inspections/2022-05-inspection.yaml", "  - id: strength-leaders\n    kind: strength\n"
         "    text: Leaders know their services well.\n",
         "  - id: afi-records\n    kind: area for improvement\n    text: Records do not show the child's views.\n")
    commit(repo, "quarterly update")
    git(repo, "tag", "quarterly")
    edit(repo, f"{ACTIONS}/2.1.yaml", "answers:", "  - date: 2042-03-31\n    progress: green\nanswers:")
    commit(repo, "an update dated 2042 by mistake")
    git(repo, "tag", "broken")
    return repo


@pytest.mark.parametrize("base, head, golden", [
    ("base", "quarterly", "quarterly.md"),
    ("quarterly", "broken", "broken.md"),
    ("base", "base", "nothing.md"),
])
def test_changes_summary_matches_the_golden_file(repo, update_golden, base, head, golden):
    got = compare(repo / "plans", base, head, today=date(2025, 1, 6))
    path = GOLDEN / golden
    if update_golden:
        path.parent.mkdir(exist_ok=True)
        path.write_text(got, encoding="utf-8")
    assert got == path.read_text(encoding="utf-8")


def test_the_quarterly_summary_says_what_a_reviewer_needs(repo):
    """Spelled out, so the golden file cannot quietly lose a section."""
    got = compare(repo / "plans", "base", "quarterly", today=date(2025, 1, 6))
    assert got.startswith(MARKER)
    for words in ["progress Red: no significant change → Amber: significant shift",
                  "Report specified; the build starts in January",
                  "### Completed (1)", "completed 1 December 2024",
                  "due 31 March 2025 → 30 November 2024 (revised 20 November 2024",
                  "### Newly overdue as at 31 December 2024 (1)",
                  "Exit interviews \\*for\\* leavers \\[pilot\\] @\u2060octocat \\~\\~now\\~\\~ www\u2060.example.org",
                  "### Completion dates changed (1)", "completed 15 July 2024 → 20 July 2024",
                  "`plans/improvement-plans/wv-plan-2024/actions/1.1.yaml`",
                  "### Findings added (1)", "2022-05-inspection/afi-records",
                  "### Findings removed (1)", "strength-leaders"]:
        assert words in got, words


def test_changes_reads_revisions_not_the_working_folder(repo):
    (repo / ACTIONS / "1.1.yaml").write_text("not: [valid", encoding="utf-8")  # uncommitted breakage
    try:
        got = compare(repo / "plans", "base", "quarterly", today=date(2025, 1, 6))
    finally:
        git(repo, "checkout", "-q", "--", ".")
    assert "problem" not in got


def test_changes_command_line(repo):
    run = [sys.executable, str(REPO / "build_site.py"), "--plans", str(repo / "plans"), "changes"]
    done = subprocess.run([*run, "base", "quarterly"], capture_output=True, text=True, cwd=repo)
    assert done.returncode == 0 and "### Completed (1)" in done.stdout, done.stderr
    done = subprocess.run([*run, "no-such-branch"], capture_output=True, text=True, cwd=repo)
    assert done.returncode == 2
    assert done.stderr.strip() == ("build_site.py: 'no-such-branch' is not a revision of this git repository; give "
                                   "a branch, tag or commit, like origin/main")


def test_the_pull_request_workflow_posts_the_summary():
    workflow = (REPO / ".github" / "workflows" / "check.yml").read_text(encoding="utf-8")
    assert "build_site.py changes" in workflow and "GITHUB_STEP_SUMMARY" in workflow
    assert "actions/github-script@" in workflow and MARKER in workflow
    uses = [line.split("uses:")[1].strip() for line in workflow.splitlines() if "uses:" in line]
    assert all(u.startswith("actions/") for u in uses), uses  # official GitHub actions only


def test_the_editing_guides_example_is_the_real_output():
    readme = (REPO / "docs" / "editing.md").read_text(encoding="utf-8")
    shown = readme.split("<!-- changes-example -->\n```markdown\n", 1)[1].split("```\n<!-- /changes-example -->")[0]
    assert shown == (GOLDEN / "quarterly.md").read_text(encoding="utf-8")
