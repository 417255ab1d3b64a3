"""`build_site.py new`: start a record in the house style, with what to fill in marked.

Each kind writes a new file (an action, an inspection, a year's timeline) or appends one entry
to a list in an existing file (a status update to an action, a finding to an inspection, an event
to a year's timeline), keeping every byte already there. A value still to be written holds the
placeholder `FILL IN: <what to write>`, which the check refuses, so a half-written record can
never be published. Nothing is ever overwritten: a new file that already exists is refused.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from journey.errors import PLACEHOLDER as F
from journey.errors import UsageError
from journey.files import atomic_write
from journey.inputs.kinds import BY_NAME

if TYPE_CHECKING:
    from journey.inputs.refs import ActionKey

# The model, the reader and the checker are imported where they are used, so that the command line
# starts quickly when it has no record to write.


def _q(hint: str) -> str:
    """A placeholder as a quoted YAML value (its text holds ': ', so it must be quoted)."""
    return '"' + f"{F} {hint}".replace('"', "'") + '"'


@dataclass(frozen=True)
class Target:
    path: Path  # the file written or appended to
    key: str | None  # the list appended to, or None for a new file
    entry: list[str]  # the lines written (an appended entry's lines start at its list item's column 0)


def _rag_keys(plans: Path) -> str:
    from journey.inputs.load import read_file

    doc, _ = read_file(plans / "site.yaml", "site.yaml") if (plans / "site.yaml").is_file() else (None, [])
    rag = doc.data.get("rag") if doc and isinstance(doc.data, dict) else None
    keys = [r.get("key") for r in rag if isinstance(r, dict) and isinstance(r.get("key"), str)] if isinstance(
        rag, list) else []
    return ", ".join(keys) or "a RAG key from site.yaml"


def _action_ref(text: str, plans: Path) -> tuple[Path, ActionKey]:
    from journey.inputs.refs import ActionKey  # (pydantic: only when an action is scaffolded)

    key = ActionKey(text)
    plan, number = key.plan, key.number
    if not plan or not re.fullmatch(r"[1-9][0-9]*(\.[1-9][0-9]*)+", number):
        raise UsageError(f"expected an action as <plan>/<number>, like cip-2019-20/3.1 (with make: "
                         f"ACTION=cip-2019-20/3.1); got '{text}'")
    plan_file = BY_NAME["plan"].path(plans, plan)
    if not plan_file.is_file():
        known = sorted(p.parent.name for p in plans.glob(BY_NAME["plan"].glob))
        raise UsageError(f"no plan '{plan}' under {plan_file.parent.parent} (plans: {', '.join(known) or 'none'})")
    return BY_NAME["action"].path(plans, plan, number), key


def _id(text: str, what: str) -> str:
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", text):
        raise UsageError(f"expected an {what} id of lower-case letters, digits and single hyphens, like "
                         f"2025-03-focused-visit (with make: INSPECTION=2025-03-focused-visit); got '{text}'")
    return text


def new_action(plans: Path, ref: str) -> Target:
    from journey.inputs.load import read_file

    path, key = _action_ref(ref, plans)
    number = key.number
    objective = number.rsplit(".", 1)[0]
    plan, _ = read_file(path.parent.parent / "plan.yaml", "plan.yaml")
    sections = plan.data.get("sections") if plan and isinstance(plan.data, dict) else None
    known = [str(o.get("number", "")).strip() for s in sections or [] if isinstance(s, dict)
             for o in (s.get("objectives") or []) if isinstance(o, dict)]
    if known and objective not in known:
        raise UsageError(f"plan '{key.plan}' has no objective {objective} for action {number} to belong to "
                         f"(its objectives: {', '.join(known)}); add the objective to its plan.yaml first")
    return Target(path, None, [
        f"# Action {number}: it belongs to objective {objective} of the plan.",
        f"title: {_q('a short name for the action')}",
        "text: >-",
        f"  {F} what will be done, in a sentence or two",
        f"leads: [{_q('who leads the action')}]",
        f"due: {_q('the date it is due, like 2025-09-30')}",
        "measure: >-",
        f"  {F} how progress will be measured (or delete these two lines)",
        "impact: >-",
        f"  {F} the difference it should make for children and families (or delete these two lines)",
        f"ref: {_q('where the action is in the plan document, like page 4')}",
    ])


def new_update(plans: Path, ref: str) -> Target:
    from journey.inputs.load import read_file

    path, key = _action_ref(ref, plans)
    if not path.is_file():
        raise UsageError(f"no action file {path}; start it with `{_PROG} new action {ref}`")
    plan, _ = read_file(path.parent.parent / "plan.yaml", "plan.yaml")
    if plan and isinstance(plan.data, dict) and str(plan.data.get("progress", "")).strip() == "not recorded":
        raise UsageError(f"plan '{key.plan}' says progress: not recorded (in its plan.yaml), so its actions "
                         "take no status updates; change that first if its progress is now reported")
    keys = _rag_keys(plans)
    return Target(path, "updates", [
        f"- date: {_q('the date of the update, like 2025-06-30')}",
        f"  progress: {_q('the progress rating, one of: ' + keys)}",
        f"  impact: {_q('the impact rating, one of: ' + keys + ' (or delete this line)')}",
        f"  note: {_q('what has happened since the last update, in a line or two')}",
    ])


def new_finding(plans: Path, ident: str) -> Target:
    path = BY_NAME["inspection"].path(plans, _id(ident, "inspection"))
    if not path.is_file():
        raise UsageError(f"no inspection file {path}; start it with `{_PROG} new inspection {ident}`")
    return Target(path, "findings", _finding())


def _finding() -> list[str]:
    """One finding, as a list item (the lines of an inspection's findings: and of `new finding`)."""
    from journey.inputs import model as m

    return [f"- id: {_q('a short id for the finding, like afi-assessments')}",
            f"  kind: {_q('one of: ' + ', '.join(m.FindingKind.__args__))}",
            f"  text: {_q('the finding, in your own words')}",
            f"  ref: {_q('where it is in the report, like paragraph 12')}"]


def new_event(plans: Path, year: str) -> Target:
    from journey.inputs import model as m

    if not re.fullmatch(r"(19|20)[0-9]{2}|2100", year):
        raise UsageError(f"expected a year like 2025 (with make: YEAR=2025); got '{year}'")
    categories = ", ".join(m.EventCategory.__args__)
    entry = [
        f"- date: {_q(f'the date, like {year}-03-31, or {year}-03 when only the month is known')}",
        f"  title: {_q('what happened, in one line')}",
        f"  category: {_q('one of: ' + categories)}",
        f"  source: {{document: {_q('a document id from site.yaml')}, ref: {_q('the page, like page 3')}}}",
    ]
    path = BY_NAME["timeline"].path(plans, str(year))
    if path.is_file():
        return Target(path, "events", entry)
    return Target(path, None, [f"# Events of {year}.", "events:", *("  " + line for line in entry)])


def new_inspection(plans: Path, ident: str) -> Target:
    from journey.inputs import model as m

    path = BY_NAME["inspection"].path(plans, _id(ident, "inspection"))
    kinds = ", ".join(m.InspectionKind.__args__)
    return Target(path, None, [
        f"title: {_q('the name of the inspection or visit, like Focused visit, March 2025')}",
        f"kind: {_q('one of: ' + kinds)}",
        "inspectorate: Ofsted",
        f"start: {_q('the first day, like 2025-03-04')}",
        f"published: {_q('the date the letter or report was published, like 2025-04-15')}",
        "summary: >-",
        f"  {F} what the inspectors found, in a few sentences of your own words",
        "findings:",
        *("  " + line for line in _finding()),
        "source:",
        f"  document: {_q('the report id, listed under sources in site.yaml')}",
    ])


_PROG = "build_site.py"
KINDS: dict[str, tuple[Callable[[Path, str], Target], str, str]] = {
    # kind: (maker, what the argument is, example argument)
    "action": (new_action, "PLAN/NUMBER", "cip-2019-20/3.4"),
    "update": (new_update, "PLAN/NUMBER", "cip-2019-20/3.1"),
    "finding": (new_finding, "INSPECTION", "2019-02-focused-visit"),
    "event": (new_event, "YEAR", "2021"),
    "inspection": (new_inspection, "INSPECTION", "2025-03-focused-visit"),
}


_COMMENT = re.compile(r"\s+#.*$")


def _insert(text: str, key: str, entry: list[str], shown: str) -> str:
    """The file's text with one list item added at the end of the top-level list `key`."""
    import yaml

    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        raise UsageError(f"{shown} is not valid YAML yet; fix it (the check says where) and run this again") from None
    if not isinstance(root, yaml.MappingNode):
        raise UsageError(f"{shown} does not hold a group of 'name: value' fields; fix it and run this again")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    for key_node, value in root.value:
        if key_node.value != key:
            continue
        if isinstance(value, yaml.SequenceNode) and not value.flow_style and value.value:
            indent = " " * value.start_mark.column
            last = value.value[-1].end_mark
            at = last.line if last.column == 0 else last.line + 1
            # blank lines and comments after the last item stay below the new one, with what follows
            while at > 0 and at - 1 < len(lines) and (not lines[at - 1].strip() or lines[at - 1].lstrip().startswith("#")):
                at -= 1
            return "\n".join(lines[:at] + [indent + e for e in entry] + lines[at:]) + "\n"
        empty = (isinstance(value, yaml.ScalarNode) and value.value == "" and not value.style) or (
            isinstance(value, yaml.SequenceNode) and not value.value)
        if not empty or value.start_mark.line != key_node.start_mark.line:
            raise UsageError(f"{shown}: '{key}' is written on one line; write it as a list with one '- ' line an "
                             "item, then run this again")
        line = key_node.start_mark.line
        comment = _COMMENT.search(lines[line][value.end_mark.column:] if value.end_mark.line == line else "")
        lines[line] = lines[line][:key_node.start_mark.column] + f"{key}:" + (comment.group(0) if comment else "")
        return "\n".join(lines[:line + 1] + ["  " + e for e in entry] + lines[line + 1:]) + "\n"
    return "\n".join(lines + [f"{key}:"] + ["  " + e for e in entry]) + "\n"


def _refuse_links(plans: Path, path: Path) -> None:
    """The check refuses links under plans/; so does this, rather than write through one."""
    here = path
    while here != plans and plans in here.parents:
        if here.is_symlink():
            raise UsageError(f"{here} is a link; the check refuses links under plans/, so nothing was written")
        here = here.parent


def _write(path: Path, text: str, crlf: bool) -> None:
    """Write whole or not at all: a temporary file beside it, renamed into place, keeping the old
    file's permissions (a new file gets the usual ones) and line endings."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        mode = path.stat().st_mode & 0o7777
    else:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    atomic_write(path, text.replace("\n", "\r\n") if crlf else text, mode=mode)


def _same_apart_from(old: Any, new: Any, key: str | None) -> bool:
    """The new data is the old data with one more item at the end of the list `key`, all placeholders."""
    if key is None:
        return True
    if not isinstance(old, dict) or not isinstance(new, dict) or old.keys() - new.keys():
        return False
    before = old.get(key) or []
    after = new.get(key)
    return (isinstance(after, list) and isinstance(before, list) and after[:-1] == before and len(after) == len(before) + 1
            and {k: v for k, v in new.items() if k != key} == {k: v for k, v in old.items() if k != key}
            and isinstance(after[-1], dict) and all(F in str(v) or k == "source" for k, v in after[-1].items()))


def new(plans: Path, kind: str, arg: str, shown: Callable[[Path], str] = str, check: str = "make check") -> list[str]:
    """Write the scaffold; return the lines to print: what was written and what to fill in."""
    from journey.inputs.load import parse_text
    from journey.inputs.validate import holes

    if len(arg) > 100:
        raise UsageError(f"'{arg[:40]}...' is too long for a name; keep it under 100 characters")
    target = KINDS[kind][0](plans, arg)
    where = shown(target.path)
    _refuse_links(plans, target.path)
    crlf = False
    if target.key is None:
        if target.path.exists() or target.path.is_symlink():
            raise UsageError(f"{where} already exists; nothing was changed. Edit it, or choose another name")
        text = "\n".join(target.entry) + "\n"
        old_data = None
        said = f"wrote {where}"
    else:
        if not os.access(target.path, os.W_OK) or not target.path.stat().st_mode & 0o222:
            raise UsageError(f"{where} is read-only; nothing was changed")
        raw = target.path.read_bytes()
        try:
            old = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise UsageError(f"{where} is not valid UTF-8 text; save it as UTF-8 and run this again") from None
        crlf = "\r\n" in old
        old = old.replace("\r\n", "\n")
        before, trouble = parse_text(old, where)
        if trouble or before is None:
            raise UsageError(f"{where} cannot be read as it is ({trouble[0].message if trouble else 'empty'}); fix "
                             "it and run this again")
        old_data = before.data
        text = _insert(old, target.key, target.entry, where)
        said = f"added {'an' if kind[0] in 'aeiou' else 'a'} {kind} to {target.key} in {where}"
    doc, _ = parse_text(text, where)
    if doc is None or not _same_apart_from(old_data, doc.data, target.key):
        raise UsageError(f"{where} is laid out in a way this command cannot add to safely; nothing was changed. "
                         f"Add the {kind} by hand (the How to edit page shows one)")
    try:
        _write(target.path, text, crlf)
    except OSError as e:
        raise UsageError(f"could not write {where}: {(e.strerror or str(e)).lower()}; nothing was changed") from None
    todo = holes(doc)
    out = [f"{said}; fill in the {len(todo)} value{'s' if len(todo) != 1 else ''} marked {F.rstrip(':')}, then run "
           f"`{check}`:"]
    return out + [f"  {where}:{line}: {field}: {hint}" for line, _, field, hint in todo]
