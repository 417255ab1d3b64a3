"""`build_site.py changes BASE [HEAD]`: what a pull request changes in the plans, for reviewers.

The plans folder is read at two git revisions, each checked as the build would check it, and
each read as at its own reporting date (site.yaml's as_at, else today): the site as it stands
before the change and as it would stand after. The summary is Markdown (a pull request's job
summary and comment): status changes with the note that came with them, completions, revised due
dates, actions and findings added or removed, actions newly overdue, and the files with problems.

Every editor's text is escaped (md_escape), so a title can never become a link, a mention or raw
HTML in a pull request comment. Messages about problems are the checker's own, with personal data
already hidden.
"""

from __future__ import annotations

import io
import re
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from journey import facts as derive
from journey.inputs import model as m
from journey.inputs.refs import Ref
from journey.errors import Problem, UsageError, UserError
from journey.project import resolve_as_at
from journey.text import md_escape, plain
from journey.inputs.validate import read_project

MARKER = "<!-- improvement-journey: changes -->"  # finds the pull request's one comment to update


@dataclass
class Side:
    """The plans at one revision, as read by the checker."""

    rev: str
    project: m.Project | None
    problems: list[Problem]
    as_at: date | None = None
    facts: derive.Facts | None = None
    commit: str = ""
    files: list[str] = field(default_factory=list)  # files changed since the other side


def _git(repo: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, timeout=120)
    except FileNotFoundError:
        raise UsageError("git is not installed; `changes` compares two git revisions") from None
    if done.returncode:
        why = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise UsageError(f"git {' '.join(args[:2])} failed: {why[-1] if why else 'no reason given'}")
    return done.stdout


def _read(repo: Path, rel: str, rev: str, today: date) -> Side:
    """Read plans/ as it is at one revision (from git, never the working folder)."""
    try:
        commit = _git(repo, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}").decode().strip()
    except UsageError:
        raise UsageError(f"'{rev}' is not a revision of this git repository; give a branch, tag or commit, "
                         "like origin/main") from None
    listed = _git(repo, "ls-tree", "-d", "--name-only", commit, "--", rel).decode().strip()
    if not listed:
        return Side(rev, None, [Problem(rel, 0, 0, "", f"there is no {rel} folder at {rev}; commit it")], commit=commit)
    data = _git(repo, "archive", "--format=tar", commit, "--", rel)
    with tempfile.TemporaryDirectory(prefix="journey-changes-") as tmp:
        with tarfile.open(fileobj=io.BytesIO(data)) as tar:
            tar.extractall(tmp, filter="data")
        root = Path(tmp) / rel
        try:
            project = read_project(root, today=today)
        except UserError as e:
            prefix = root.as_posix()
            return Side(rev, None, [Problem(p.path.replace(prefix, rel, 1), p.line, p.column, p.field, p.message)
                                    for p in e.problems], commit=commit)
    as_at = resolve_as_at(None, project.settings.as_at, today).day
    return Side(rev, project, [], as_at, derive.facts(project, as_at), commit)


def compare(plans: Path, base: str, head: str = "HEAD", today: date | None = None) -> str:
    """The Markdown summary of what changes in the plans folder from base to head."""
    today = today or date.today()
    if not Path(plans).is_dir():
        raise UsageError(f"no plans folder at {plans}; run from the project folder or pass --plans")
    repo = Path(_git(Path(plans), "rev-parse", "--show-toplevel").decode().strip())
    rel = Path(plans).resolve().relative_to(repo.resolve()).as_posix()
    before, after = _read(repo, rel, base, today), _read(repo, rel, head, today)
    if before.project and after.project:
        after.files = [f for f in _git(repo, "diff", "--name-only", "--no-renames", before.commit, after.commit, "--",
                                       rel).decode("utf-8", "replace").splitlines() if f]
    return summary(before, after, rel)


_WORD_JOINER = "\u2060"  # invisible: stops GitHub reading @name as a mention or a web address as a link


def _gh(text: str) -> str:
    """An editor's text as inert Markdown in a GitHub comment: escaped (no links, emphasis or HTML),
    strikethrough escaped, no @mention that would notify anyone, and no bare address made a link."""
    out = md_escape(text).replace("~", "\\~").replace("@", "@" + _WORD_JOINER)
    return re.sub(r"(?i)(https?|ftp)(:)|(www)(\.)", lambda m: (m.group(1) or m.group(3)) + _WORD_JOINER
                  + (m.group(2) or m.group(4)), out)


def _code(text: str) -> str:
    """Text as an inline code span, whatever backticks it holds."""
    longest = max((len(r) for r in re.findall("`+", text)), default=0)
    fence = "`" * (longest + 1)
    return f"{fence} {text} {fence}" if longest else f"`{text}`"


def _action(a: derive.ActionFacts) -> str:
    return f"**{_gh(a.plan)} {_gh(a.number)}** {_gh(a.action.title)}"


def _quote(text: str | None) -> str:
    return f": “{_gh(plain(text))}”" if text else ""


def _due(day: date | None) -> str:
    return m.human(day) if day else "no date"


def summary(before: Side, after: Side, plans: str = "plans") -> str:
    out = [MARKER, f"## What this changes in {plans}/", ""]
    if after.problems:
        one = len(after.problems) == 1
        out += [f"**{len(after.problems)} problem{'' if one else 's'} to fix** at {_code(after.rev)}; the "
                f"site cannot be built until {'it is' if one else 'they are'} fixed "
                "(`make check` on that revision shows the same list):", ""]
        lines = [str(p) for p in after.problems[:50]]
        if len(after.problems) > 50:
            lines.append(f"... and {len(after.problems) - 50} more")
        longest = max((len(run) for line in lines for run in re.findall("`+", line)), default=0)
        fence = "`" * max(3, longest + 1)  # no text inside can close the block
        out += [fence + "text", *lines, fence]
        out += ["", "The other changes are listed once every file passes the check."]
        return "\n".join(out) + "\n"
    if before.project is None:
        out += [f"The plans at {_code(before.rev)} could not be read, so there is nothing to compare "
                f"with; the plans at {_code(after.rev)} pass the check.", ""]
        return "\n".join(out) + "\n"
    assert before.facts and after.facts and before.as_at and after.as_at
    was, now = before.facts.actions, after.facts.actions
    dates = (f"as at {m.human(after.as_at)}" if before.as_at == after.as_at else
             f"as at {m.human(before.as_at)} before and {m.human(after.as_at)} after")
    out += [f"Comparing {_code(before.rev)} with {_code(after.rev)}, {dates}.", ""]

    sections: list[tuple[str, list[str]]] = []
    rated = []
    for key, a in now.items():
        old = was.get(key)
        if old is None:
            continue
        for what, o, n in (("progress", old.status, a.status), ("impact", old.impact, a.impact)):
            if o is not None and n is not None and o.key != n.key:  # a renamed label is not a new rating
                note = n.update.note if n.update else None
                rated.append(f"- {_action(a)}: {what} {_gh(o.label)} → {_gh(n.label)}{_quote(note)}")
    sections.append(("Ratings changed", rated))
    sections.append(("Completed", [f"- {_action(a)}: completed {m.human(a.action.completed)}"
                                   for key, a in now.items() if a.completed and key in was and not was[key].completed]))
    sections.append(("Completion dates changed", [
        f"- {_action(a)}: completed {m.human(was[key].action.completed)} → {m.human(a.action.completed)}"
        for key, a in now.items() if a.completed and key in was and was[key].completed
        and was[key].action.completed != a.action.completed]))
    sections.append(("No longer completed", [
        f"- {_action(a)}: was completed {m.human(was[key].action.completed)}"
        for key, a in now.items() if not a.completed and key in was and was[key].completed]))
    sections.append(("Due dates revised", [
        f"- {_action(a)}: due {_due(was[key].due)} → {_due(a.due)}"
        + (f" (revised {m.human(a.action.revisions[-1].date)}{_quote(a.action.revisions[-1].reason)})"
           if a.action.revisions and a.action.revisions[-1].due == a.due else "")
        for key, a in now.items() if key in was and was[key].due != a.due]))
    sections.append((f"Newly overdue as at {m.human(after.as_at)}", [
        f"- {_action(a)}: due {_due(a.due)}" for key, a in now.items()
        if a.overdue and not (key in was and was[key].overdue)]))
    sections.append(("Actions added", [f"- {_action(a)}" for key, a in now.items() if key not in was]))
    sections.append(("Actions removed", [f"- {_action(a)}" for key, a in was.items() if key not in now]))
    old_findings, new_findings = _findings(before.project), _findings(after.project)
    sections.append(("Findings added", [f"- **{_gh(k)}** {_gh(plain(t))}"
                                        for k, t in new_findings.items() if k not in old_findings]))
    sections.append(("Findings removed", [f"- **{_gh(k)}** {_gh(plain(t))}"
                                          for k, t in old_findings.items() if k not in new_findings]))
    old_later, new_later = _later(before.project), _later(after.project)
    sections.append(("Later sentences added or changed", [
        f"- **{_gh(where)}**, shown from {m.human(when)}: “{_gh(plain(text))}”"
        for where, when, text in new_later if (where, when, text) not in old_later]))
    shown = [(title, items) for title, items in sections if items]
    if not shown:
        out += ["No rating, completion, due date, action or finding is added, removed or changed.", ""]
    for title, items in shown:
        out += [f"### {title} ({len(items)})", "", *items, ""]
    if after.files:
        out += [f"Files changed in {plans}/ ({len(after.files)}), including edits to wording, sources and notes "
                "that the lists above leave out:", "", *(f"- {_code(f)}" for f in after.files), ""]
    out += ["Every file passes the check.", ""]
    return "\n".join(out).rstrip("\n") + "\n"


def _findings(project: m.Project) -> dict[str, str]:
    return {Ref.of(iid, f.id): f.text for iid, insp in project.inspections.items() for f in insp.findings}


def _later(project: m.Project) -> list[tuple[str, m.PartialDate, str]]:
    """Every sentence dated later than its record (later:), with where it belongs: shown only from its date."""
    out = [(f"inspection {iid}", x.date, x.text) for iid, insp in project.inspections.items() for x in insp.later]
    out += [(f"plan {pid}", x.date, x.text) for pid, b in project.plans.items() for x in b.plan.later]
    out += [(f"event {e.date.iso} {e.title}", x.date, x.text) for e in project.events for x in e.later]
    out += [(f"metric {mid}", x.date, x.text) for mid, metric in project.metrics.items() for x in metric.later]
    return out
