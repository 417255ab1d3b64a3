"""End to end: each command as an editor or CI runs it, asserting exit codes and output."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, tree_bytes

SITEMAPS = ("sitemap.xml", "sitemap.xml.gz")


def run(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(REPO / "build_site.py"), *args], cwd=project,
                          capture_output=True, text=True, timeout=300)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_check_passes_on_good_plans(project):
    result = run(project, "check")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "plans: no problems (2 inspections, 1 plans, 5 actions, 3 events, 2 metrics)\n"
    assert result.stderr == ""


def test_check_reports_ten_mistakes_in_three_files_at_once(project):
    plans = project / "plans"
    action = plans / "improvement-plans/wv-plan-2024/actions/1.1.yaml"
    edit(action, "due: 2024-09-30", "due: 2019-02-30")                   # 1 impossible date
    edit(action, "    progress: red", "    progress: purple")          # 2 unknown RAG key
    edit(action, "leads: [", "lead: [")                                 # 3 unknown key + 4 missing key
    edit(action, "themes: [assessment]", "themes: [assesment]")        # 5 unknown theme
    inspection = plans / "inspections/2022-05-inspection.yaml"
    edit(inspection, "kind: full inspection", "kind: full")            # 6 not an allowed kind
    edit(inspection, "    grade: Good", "    grade: Excellent")        # 7 grade not on the scale
    edit(inspection, "value: 412", "value: 0412")                      # 8 number with leading zero
    plan = plans / "improvement-plans/wv-plan-2024/plan.yaml"
    edit(plan, "afi-turnover]", "afi-turnovr]")                        # 9 dangling reference
    edit(plan, "period: 2024–25", "period: |\n  2024\n  2025")         # 10 newline in a one-line field
    result = run(project, "check")
    assert result.returncode == 1
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    a, i, p = ("plans/improvement-plans/wv-plan-2024/actions/1.1.yaml", "plans/inspections/2022-05-inspection.yaml",
               "plans/improvement-plans/wv-plan-2024/plan.yaml")
    assert result.stderr.splitlines() == [
        f"{a}:2:1: leads: required field missing; add 'leads:' with a value",
        f"{a}:4:1: lead: unknown field 'lead'; did you mean 'leads'? allowed here: title, text, leads, due, "
        "revisions, cadence, measure, impact, updates, completed, evidence, answers, themes, ref, note, uncertain",
        f"{a}:5:6: due: '2019-02-30' is not a real date: February 2019 has 28 days",
        f"{a}:10:15: updates[1].progress: 'purple' is not a RAG key; use one of 'red', 'amber', 'green'",
        f"{a}:19:10: themes[1]: no theme 'assesment' in site.yaml; use one of 'assessment', 'workforce' "
        "or add it under themes",
        f"{p}:3:9: period: must be a single line; remove the line break (use a short sentence)",
        f"{p}:24:19: sections[2].objectives[1].answers[1]: answers '2022-05-inspection/afi-turnovr', but that "
        "inspection has no finding with that id; check it against the finding ids in plans/inspections/",
        f"{i}:3:7: kind: expected one of 'full inspection', 're-inspection', 'focused visit', 'interim focused "
        "visit', 'monitoring visit', 'interim assurance visit', 'peer review', 'DfE review' or 'safeguarding "
        "board review'; got 'full'",
        f"{i}:16:12: judgements[2].grade: 'Excellent' is not a grade on the 'sif' scale; use one of "
        "'Outstanding', 'Good', 'Requires improvement to be good', 'Inadequate'",
        f"{i}:19:12: figures[1].value: expected a number like 724 or 18.5 (no leading zeros), got '0412'",
        "10 problems found; nothing was built.",
    ]


def test_bad_usage_exits_2(project):
    result = run(project, "build", "--as-at", "2019-02-30")
    assert result.returncode == 2
    assert "--as-at: '2019-02-30' is not a real date: February 2019 has 28 days" in result.stderr
    assert run(project, "frobnicate").returncode == 2
    assert run(project).returncode == 2


def test_build_writes_site_and_content(project):
    result = run(project, "build", "--as-at", "2024-10-01")
    assert result.returncode == 0, result.stderr
    assert "as at 2024-10-01" in result.stdout
    assert (project / "site/plans/wv-plan-2024/actions/1.10/index.html").is_file()
    assert (project / "content/plans/wv-plan-2024/actions/1.10/index.md").is_file()
    home = (project / "site/index.html").read_text("utf-8")
    assert "Where we stand as at 1 October 2024" in home
    assert "fonts.googleapis" not in home and "fonts.gstatic" not in home
    # Nothing a page loads comes from another host (scripts, styles, images, fonts).
    import re
    for page in (project / "site").rglob("*.html"):
        html = page.read_text("utf-8")
        assert not re.findall(r'<(?:script|img|iframe|source)[^>]*\ssrc="(?:https?:)?//', html), page
        assert not re.findall(r'<link[^>]*\shref="(?:https?:)?//', html), page


def test_failed_build_on_bad_data_leaves_site_and_content_untouched(project):
    assert run(project, "build").returncode == 0
    site, content = tree_bytes(project / "site"), tree_bytes(project / "content")
    edit(project / "plans/metrics/caseloads.yaml", "value: 24", "value: lots")
    result = run(project, "build")
    assert result.returncode == 1
    assert "plans/metrics/caseloads.yaml:7:12: values[1].value: expected a number like 724 or 18.5, got 'lots'" \
        in result.stderr
    assert tree_bytes(project / "site") == site
    assert tree_bytes(project / "content") == content


def test_failed_build_on_strict_warning_leaves_site_and_content_untouched(project):
    assert run(project, "build").returncode == 0
    site, content = tree_bytes(project / "site"), tree_bytes(project / "content")
    # A hand-written page with a broken link: MkDocs warns, strict mode fails the build.
    (project / "content/about.md").write_text("# About\n\nSee [the missing page](missing.md).\n")
    edit(project / "plans/site.yaml", "title: Wyvern Vale improvement journey (fictional)",
         "title: Wyvern Vale journey, renamed")
    result = run(project, "build")
    assert result.returncode == 1
    assert "missing.md" in result.stderr and "Traceback" not in result.stderr
    (project / "content/about.md").unlink()
    assert tree_bytes(project / "site") == site
    assert tree_bytes(project / "content") == content


def test_rebuild_with_no_change_does_nothing_and_says_so(project, monkeypatch):
    monkeypatch.delenv("JOURNEY_CACHE", raising=False)  # the project's own .cache/, empty
    first = run(project, "build")
    assert first.returncode == 0 and "(charts: 14 drawn, 0 unchanged)" in first.stdout  # 7, wide and narrow
    assert len(list((project / ".cache" / "charts").glob("*.svg"))) == 14
    site = tree_bytes(project / "site")
    second = run(project, "build")
    assert second.returncode == 0
    assert second.stdout.startswith(f"nothing changed since the last build: {(project / 'site').resolve()} is up to date")
    assert tree_bytes(project / "site") == site
    forced = run(project, "build", "--force")  # everything is rebuilt, but no chart is drawn again
    assert forced.returncode == 0 and "(charts: 0 drawn, 14 unchanged)" in forced.stdout
    # The as-at date of site.yaml given on the command line is the same build.
    same_date = run(project, "build", "--as-at", "2024-12-31")
    assert same_date.returncode == 0 and same_date.stdout.startswith("nothing changed"), same_date.stdout
    # What the check refuses is never "nothing changed": an empty misspelt folder in plans/, a page
    # someone put in a folder of content/ that the generator writes.
    (project / "plans" / "inspectoins").mkdir()
    misspelt = run(project, "build")
    assert misspelt.returncode == 1 and "plans/inspectoins: this folder is not one" in misspelt.stderr
    (project / "plans" / "inspectoins").rmdir()
    assert run(project, "build").stdout.startswith("nothing changed")
    (project / "content" / "themes" / "extra.md").write_text("# Extra\n")
    intruder = run(project, "build")
    assert intruder.returncode == 1 and "content/themes/extra.md: is in content/themes, which the generator writes" \
        in intruder.stderr
    assert tree_bytes(project / "site") == site
    # Without the list of the pages it wrote, the build cannot tell them from someone's: it deletes nothing.
    (project / "content" / ".journey-generated").unlink()
    for command in ("build", "check"):
        unlisted = run(project, command)
        assert unlisted.returncode == 1 and unlisted.stderr.startswith(
            "content/.journey-generated: is missing: it lists the pages the generator wrote into content/"), \
            unlisted.stderr
    forced = run(project, "build", "--force")
    assert forced.returncode == 1 and (project / "content" / "themes" / "extra.md").read_text() == "# Extra\n"
    assert tree_bytes(project / "site") == site


def test_a_shared_cache_serves_every_project_folder(project, tmp_path, monkeypatch):
    """JOURNEY_CACHE: charts, board report PDFs, page scans and compiled templates kept by content in
    one folder, for any number of project folders (or CI runs); a project's own .cache/ holds only
    its lock and its last build's record."""
    monkeypatch.setenv("JOURNEY_CACHE", str(tmp_path / "shared"))
    other = tmp_path / "other"
    shutil.copytree(project, other)
    first = run(project, "build")
    assert first.returncode == 0 and "(charts: 14 drawn, 0 unchanged)" in first.stdout
    again = run(other, "build")
    assert again.returncode == 0 and "(charts: 0 drawn, 14 unchanged)" in again.stdout
    shared = {p.relative_to(tmp_path / "shared").parts[0] for p in (tmp_path / "shared").rglob("*") if p.is_file()}
    assert shared == {"charts", "reports", "scans.json", "templates"}
    assert sorted(p.name for p in (project / ".cache").iterdir()) == ["build.lock", "engine", "last-build.json"]
    assert tree_bytes(project / "site", SITEMAPS) == tree_bytes(other / "site", SITEMAPS)


def test_two_builds_with_one_as_at_are_identical(project, tmp_path):
    assert run(project, "build", "--as-at", "2024-10-01", "--site", str(tmp_path / "one")).returncode == 0
    assert run(project, "build", "--as-at", "2024-10-01", "--site", str(tmp_path / "two")).returncode == 0
    one, two = tree_bytes(tmp_path / "one", SITEMAPS), tree_bytes(tmp_path / "two", SITEMAPS)
    assert len(one) > 20
    assert one == two


def test_as_at_changes_what_the_pages_say(project, tmp_path):
    assert run(project, "build", "--as-at", "2024-06-30", "--site", str(tmp_path / "june")).returncode == 0
    page = (tmp_path / "june/plans/wv-plan-2024/actions/1.1/index.html").read_text("utf-8")
    assert "Status as at 30 June 2024" in page
    assert "Red: no significant change" in page and "Amber: significant shift" not in page


def test_search_index_finds_an_action_by_its_number(project):
    assert run(project, "build").returncode == 0
    index = json.loads((project / "site/search/search_index.json").read_text("utf-8"))
    titles = {doc["location"]: doc["title"] for doc in index["docs"]}
    assert titles["plans/wv-plan-2024/actions/1.10/"].startswith("Action 1.10:")
    assert index["config"]["separator"]  # Material's separator keeps "1.10" as one token
    import re
    assert re.split(index["config"]["separator"], "action 1.10 due") == ["action", "1.10", "due"]


def test_build_rewrites_only_changed_pages_and_prunes_stale_ones(project):
    assert run(project, "build").returncode == 0
    content = project / "content"
    before = {p: p.stat().st_mtime_ns for p in content.rglob("*.md")}
    (project / "plans/improvement-plans/wv-plan-2024/actions/3.1.yaml").unlink()
    edit(project / "plans/improvement-plans/wv-plan-2024/actions/1.2.yaml", "cadence: Quarterly", "cadence: Monthly")
    assert run(project, "build").returncode == 0
    after = {p: p.stat().st_mtime_ns for p in content.rglob("*.md")}
    changed = sorted(p.relative_to(content).as_posix() for p in after if after[p] != before.get(p))
    # Pages that count or list actions change (home, plan, board report, register, leads, themes);
    # 2.1 loses its "next" link; the inspection page loses 3.1 from what answers its finding; the
    # downloads page gives the new sizes of the downloads. Nothing else is rewritten.
    assert changed == ["downloads/index.md", "index.md", "inspections/2022-05-inspection/index.md", "leads/index.md",
                       "leads/wyvern-vale-borough-council/index.md", "plans/index.md", "plans/wv-plan-2024/actions/1.2/index.md",
                       "plans/wv-plan-2024/actions/2.1/index.md", "plans/wv-plan-2024/board-report/index.md",
                       "plans/wv-plan-2024/index.md", "register/index.md", "themes/assessment/index.md", "themes/index.md",
                       "themes/workforce/index.md"]
    assert not (content / "plans/wv-plan-2024/actions/3.1/index.md").exists()
    assert not (project / "site/plans/wv-plan-2024/actions/3.1").exists()
    assert (content / "assets/journey.css").is_file()  # hand-written files are left alone


def test_make_check_is_quiet_and_still_fails(plans):
    """`make check` on bad plans prints the checker's report and make's one closing line, nothing else
    an editor has to read past, and fails."""
    import shutil as _shutil

    if not _shutil.which("make"):
        pytest.fail("make is needed for this test")
    plans.edit("improvement-plans/wv-plan-2024/actions/1.2.yaml", "title:", "titel:")
    # As an editor runs it from a shell, even when this test itself runs under `make test`.
    env = {k: v for k, v in os.environ.items() if k not in ("MAKELEVEL", "MAKEFLAGS", "MFLAGS", "MAKEOVERRIDES")}
    result = subprocess.run(["make", "--no-print-directory", "check", f"PLANS={plans.root}"], cwd=REPO,
                            capture_output=True, text=True, env=env)
    lines = (result.stdout + result.stderr).strip().splitlines()
    assert result.returncode != 0
    assert lines[-2] == "2 problems found; nothing was built."
    assert lines[-1].startswith("make: *** [Makefile:") and lines[-1].endswith("check] Error 1")
    assert all(line.startswith(str(plans.root)) for line in lines[:-2]), lines


def test_pre_commit_hook_runs_the_checker_on_plans():
    """The local pre-commit hook runs the same check as `make check`, only when plans/ changed, and
    that command fails on bad plans (see test_make_check_is_quiet_and_still_fails)."""
    import re

    import yaml

    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text("utf-8"))
    (hook,) = [h for repo in config["repos"] for h in repo["hooks"]]
    assert hook["entry"] == "python build_site.py check" and hook["pass_filenames"] is False
    assert re.search(hook["files"], "plans/improvement-plans/cip-2019-20/actions/3.1.yaml")
    assert not re.search(hook["files"], "journey/pages/render.py")
    result = subprocess.run([sys.executable, *hook["entry"].split()[1:]], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0 and "no problems" in result.stdout


@pytest.mark.parametrize("inside", ["content/cache", "theme_overrides/cache", "plans/cache", "site/cache"])
def test_a_cache_inside_what_the_build_reads_or_publishes_is_refused(project, monkeypatch, inside):
    monkeypatch.setenv("JOURNEY_CACHE", inside)
    result = run(project, "build")
    folder = inside.split("/")[0]
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == (f"build_site.py: JOURNEY_CACHE={(project / inside).resolve()}: that is inside "
                             f"{folder}/, which the build reads or publishes; choose a folder outside it, such "
                             "as .cache/ in the project or one of your own\n")
    assert not (project / inside).exists() and not (project / "site").exists()


def test_a_cache_named_from_home_is_in_home(monkeypatch, tmp_path):
    from journey.project import Layout

    monkeypatch.setenv("JOURNEY_CACHE", "~/journey-cache")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert Layout.at(tmp_path / "project").cache == tmp_path / "journey-cache"


def test_damaged_cache_entries_are_made_again(project, tmp_path, monkeypatch):
    monkeypatch.setenv("JOURNEY_CACHE", str(tmp_path / "shared"))
    assert run(project, "build").returncode == 0
    site = tree_bytes(project / "site", SITEMAPS)
    for compiled in (tmp_path / "shared" / "templates").iterdir():
        compiled.write_bytes(compiled.read_bytes()[:20])  # cut short, as by a full disk
    chart = sorted((tmp_path / "shared" / "charts").glob("*.svg"))[0]
    chart.write_bytes(b"")
    again = run(project, "build", "--force")
    assert again.returncode == 0, again.stderr
    assert "(charts: 1 drawn, 13 unchanged)" in again.stdout
    assert tree_bytes(project / "site", SITEMAPS) == site


@pytest.mark.parametrize("as_at", [[], ["--as-at", "2024-10-01"]], ids=["site.yaml's date", "--as-at"])
def test_a_build_with_nothing_changed_imports_no_model(project, as_at):
    """A build with nothing changed decides so before anything heavy is imported (pydantic, the model,
    the engine), however the as-at date is given."""
    assert run(project, "build", *as_at).returncode == 0
    code = (f"import sys; sys.path[0] = {str(REPO)!r}; sys.argv = ['build_site.py', 'build'] + sys.argv[1:]; "
            "from journey.cli import main; "
            "code = main(); print(code, sorted({m.split('.')[0] for m in sys.modules} & {'pydantic', 'mkdocs', "
            "'matplotlib', 'jinja2'}))")
    done = subprocess.run([sys.executable, "-c", code, *as_at], cwd=project, capture_output=True, text=True,
                          timeout=120)
    assert done.stdout.splitlines()[-1] == "0 []", done.stdout + done.stderr
    assert "nothing changed since the last build" in done.stdout


def test_a_later_as_at_lets_the_check_accept_what_its_pages_show(project):
    """A status update after site.yaml's as_at (31 December 2024) is a typo for the site as at that date,
    but not for a build as at a later date, whose pages show it; a past-dated build still judges by
    site.yaml's date."""
    action = project / "plans/improvement-plans/wv-plan-2024/actions/3.1.yaml"
    action.write_text(action.read_text() + "updates:\n  - date: 2025-02-10\n    progress: green\n    note: Launched.\n")
    refused = run(project, "build")
    assert refused.returncode == 1
    assert "this status update is dated 2025-02-10, after the reporting date 2024-12-31 (as_at in site.yaml)" \
        in refused.stderr, refused.stderr
    later = run(project, "build", "--as-at", "2025-03-31")
    assert later.returncode == 0, later.stderr
    assert "Launched." in (project / "site/plans/wv-plan-2024/actions/3.1/index.html").read_text()
    assert run(project, "build", "--as-at", "2024-10-01").returncode == 1
