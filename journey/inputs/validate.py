"""Read the whole plans/ tree into a checked Project, or collect every problem in every file."""

from __future__ import annotations

import difflib
import fnmatch
import os
import re
import types
import typing
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from journey.inputs import limits
from journey.inputs import load
from journey import scratch
from journey.inputs import model as m
from journey.inputs import privacy
from journey.inputs.absence_checks import absence_problems
from journey.inputs.checks import Tree, cross_check
from journey.inputs.dated_prose import prose_problems
from journey.inputs.kinds import DOCUMENTATION, FOLDERS, kind_of
from journey.errors import Problem, UserError
from journey.inputs.load import Document, dotted, read_file

def _shown(file: Path, root: Path) -> str:
    """A file's name as the editor knows it: under the plans folder as it was given."""
    return (root / file.relative_to(root)).as_posix()


def _unwrap(annotation: Any) -> Any:
    """Strip Optional, list and Annotated wrappers to reach a model class (or not)."""
    while True:
        origin = typing.get_origin(annotation)
        if origin is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
        elif origin in (list, typing.Union, types.UnionType):
            args = [a for a in typing.get_args(annotation) if a is not type(None)]
            annotation = args[0] if len(args) == 1 else annotation
            if len(args) != 1:
                return annotation
        else:
            return annotation


def _model_at(cls: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    for part in loc:
        if isinstance(part, int):
            continue
        if not (isinstance(cls, type) and issubclass(cls, BaseModel)) or part not in cls.model_fields:
            return None
        cls = _unwrap(cls.model_fields[part].annotation)
    return cls if isinstance(cls, type) and issubclass(cls, BaseModel) else None


def _translate(error: dict, cls: type[BaseModel], doc: Document) -> Problem:
    loc = tuple(error["loc"])
    kind = error["type"]
    value = error.get("input")
    field = dotted(loc)
    if kind == "missing":
        line, col = doc.position(loc[:-1])
        return Problem(doc.path, line, col, field, f"required field missing; add '{loc[-1]}:' with a value")
    if kind == "extra_forbidden":
        line, col = doc.position(loc, key=True)
        owner = _model_at(cls, loc[:-1])
        allowed = list(owner.model_fields) if owner else []
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        return Problem(doc.path, line, col, field,
                       f"unknown field '{loc[-1]}'; {hint}allowed here: {', '.join(allowed)}")
    line, col = doc.position(loc)
    if value is None and loc in doc.comments:
        line, col = doc.comments[loc]
        return Problem(doc.path, line, col, field, "is empty because YAML reads ' #' as the start of a comment; "
                                                   "put the text in quotes")
    if kind == "value_error":
        message = str(error["ctx"]["error"])
    elif kind == "literal_error":
        message = f"expected one of {error['ctx']['expected']}; got {m._kind(value)}"
    elif kind == "list_type":
        message = f"expected a list (lines starting with '- '), got {m._kind(value)}"
    elif kind in ("model_type", "model_attributes_type", "dict_type"):
        message = f"expected a group of 'name: value' fields, got {m._kind(value)}"
    elif kind == "too_short":
        need = error["ctx"].get("min_length", 1)
        message = f"needs at least {need} item{'s' if need != 1 else ''}"
    else:  # pragma: no cover - every type the schema can raise is translated above
        message = error["msg"]
    return Problem(doc.path, line, col, field, message)


def _validate(cls: type[BaseModel], doc: Document, problems: list[Problem], context: dict | None = None) -> Any:
    try:
        return cls.model_validate(doc.data if doc.data is not None else {}, context=context)
    except ValidationError as e:
        problems.extend(_translate(err, cls, doc) for err in e.errors(include_url=False))
        return None


# Ids that would give a record the address of a page the generator makes itself.
RESERVED = {"index"}


def _id_from_name(path: Path, shown: str, problems: list[Problem], *, number: bool = False,
                  kind: str = "") -> str | None:
    stem = path.stem if path.suffix == ".yaml" else path.name
    what = "folder" if kind == "plan" else "file"
    if stem != stem.strip() or any(ch.isspace() for ch in stem):
        # "3.1 .yaml" would otherwise read as 3.1 and silently replace the real 3.1.yaml.
        problems.append(Problem(shown, 0, 0, "", f"the {what} name has a space or line break in it; rename it without "
                                                 "(the name becomes the page address)"))
        return None
    try:
        ident = m._number_text(stem) if number else m._id(stem)
    except ValueError as e:
        rule = "an action number like 3.1" if number else "lower-case letters, digits and hyphens"
        problems.append(Problem(shown, 0, 0, "", f"the {what} name must be {rule} (it becomes the page address): {e}"))
        return None
    if ident in RESERVED:
        problems.append(Problem(shown, 0, 0, "", f"the {what} name '{ident}' is kept for a page the generator makes "
                                                 f"itself (the list of every {kind or 'record'}); choose another name"))
        return None
    return ident


# --------------------------------------------------------------------------- what lives where

# Every file the generator reads, and every folder it looks in, by its place under plans/ (kinds.py).
# Anything else found under plans/ is reported, never skipped in silence.


def _folder(parts: tuple[str, ...]) -> bool:
    return any(len(p) == len(parts) and all(fnmatch.fnmatchcase(a, b) for a, b in zip(parts, p)) for p in FOLDERS)


@dataclass
class Walk:
    """The plans tree as found: the files to read by kind, and every problem with what is there."""

    files: dict[str, list[Path]] = field(default_factory=dict)
    folders: list[Path] = field(default_factory=list)  # plan folders
    problems: list[Problem] = field(default_factory=list)
    names: list[tuple[str, str]] = field(default_factory=list)  # (shown path, name) of every entry


def walk(root: Path) -> Walk:
    """Find every file and folder under plans/ without following links; say what each one is."""
    found = Walk()
    count = 0
    stack = [(root, ())]
    while stack:
        folder, parts = stack.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as e:
            found.problems.append(Problem(_shown(Path(folder), root), 0, 0, "",
                                          f"cannot be read ({load.os_words(e)}); check the folder's permissions"))
            continue
        for entry in entries:
            if (scratch.is_scratch(entry.name) and not entry.is_dir()) or (
                    scratch.is_scratch_folder(entry.name) and entry.is_dir(follow_symlinks=False)):
                continue  # an editor's swap, lock or backup file or settings folder, or the system's litter
            count += 1
            if count > limits.FILES:
                found.problems.append(Problem(root.as_posix(), 0, 0, "", f"holds more than {limits.FILES:,} files "
                                              "and folders, the most the generator reads; remove what the site does "
                                              "not need"))
                return found
            path = Path(entry.path)
            here = parts + (entry.name,)
            shown = _shown(path, root)
            found.names.append((shown, entry.name))
            refused = load.refused_entry(path, shown, root)
            if refused:
                found.problems.append(refused)
                continue
            if entry.is_dir(follow_symlinks=False):
                if _folder(here):
                    stack.append((path, here))
                    if here[0] == "improvement-plans" and len(here) == 2:
                        found.folders.append(path)
                else:
                    found.problems.append(Problem(shown, 0, 0, "", _stray_folder(here)))
                continue
            kind = kind_of(here)
            if kind:
                found.files.setdefault(kind.name, []).append(path)
            elif entry.name not in DOCUMENTATION:
                found.problems.append(Problem(shown, 0, 0, "", _stray_file(here)))
    for paths in found.files.values():
        paths.sort()
    found.folders.sort()
    return found


_WHERE = "(plans/README.md shows where each kind of file goes)"


def _stray_file(parts: tuple[str, ...]) -> str:
    name = parts[-1]
    stem, dot, suffix = name.rpartition(".")
    if dot and suffix.lower() in ("yaml", "yml") and kind_of(parts[:-1] + (stem + ".yaml",)):
        return (f"the generator reads only files ending in '.yaml' (lower case), so this file would be ignored; "
                f"rename it to {stem}.yaml")
    return f"this file is not in a place the generator reads, so it would be ignored; move or rename it {_WHERE}"


def _stray_folder(parts: tuple[str, ...]) -> str:
    siblings = sorted({p[len(parts) - 1] for p in FOLDERS if len(p) == len(parts) and p[:-1] == parts[:-1]} - {"*"})
    close = difflib.get_close_matches(parts[-1], siblings, n=1)
    hint = f"did you mean '{close[0]}'? " if close else ""
    return (f"this folder is not one the generator reads, so everything in it would be ignored; {hint}"
            f"move its files {_WHERE}")


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
HEADER_TEXT = "#ffffff"  # the header's text colour, which site.yaml's colour must stand behind


def _assets(root: Path, files: list[Path], site: Document | None) -> list[Problem]:
    """Images under plans/assets/ must be real PNG files of a sane size; site.yaml's logo must be one
    of them, and its header colour must keep the header's white text readable."""
    problems = []
    for file in files:
        shown = _shown(file, root)
        try:
            with open(file, "rb") as f:
                head = f.read(8)
                size = os.fstat(f.fileno()).st_size
        except OSError as e:
            problems.append(Problem(shown, 0, 0, "", f"cannot be read ({load.os_words(e)})"))
            continue
        if head != PNG_SIGNATURE:
            problems.append(Problem(shown, 0, 0, "", "is not a PNG image (it does not start like one); save the logo "
                                                     "as PNG"))
        elif size > limits.IMAGE_BYTES:
            problems.append(Problem(shown, 0, 0, "", f"is {size:,} bytes, over the limit of {limits.IMAGE_BYTES:,} for "
                                                     "an image; make it smaller"))
    data = site.data if site is not None and isinstance(site.data, dict) else {}
    logo = data.get("logo")
    if isinstance(logo, str) and logo.strip() and not any(f.name == logo.strip() for f in files):
        line, col = site.position(("logo",))
        problems.append(Problem(site.path, line, col, "logo", f"there is no PNG file '{logo.strip()}' in "
                                                              "plans/assets/; add it there or correct the name"))
    colour = data.get("colour")
    if isinstance(colour, str) and re.fullmatch(r"#[0-9a-fA-F]{6}", colour.strip()):
        ratio = m.contrast(colour.strip().lower(), HEADER_TEXT)
        if ratio < 4.5:
            line, col = site.position(("colour",))
            problems.append(Problem(site.path, line, col, "colour", f"white header text on {colour.strip()} has a "
                                                                    f"contrast of {ratio:.1f}:1, below the 4.5:1 that "
                                                                    "WCAG AA needs; choose a darker colour"))
    return problems


def _years(doc: Document | None, problems: list[Problem]) -> limits.YearWindow:
    """The date window site.yaml sets (years: first and last), read before any date is checked."""
    data = doc.data if doc is not None and isinstance(doc.data, dict) else {}
    years = data.get("years")
    if not isinstance(years, dict):
        return limits.DEFAULT_YEARS
    try:
        window = m.Years.model_validate(years).window()
    except ValidationError:
        return limits.DEFAULT_YEARS  # the schema reports what is wrong with it
    if window.first > window.last:
        line, col = doc.position(("years",))
        problems.append(Problem(doc.path, line, col, "years", f"first ({window.first}) is after last "
                                                              f"({window.last}); swap them"))
        return limits.DEFAULT_YEARS
    return window


def holes(doc: Document) -> list[tuple[int, int, str, str]]:
    """(line, column, field, what to write) of each value that still holds the placeholder
    `build_site.py new` wrote, in the order of the file."""
    found = []

    def walk(data: Any, loc: tuple) -> None:
        if isinstance(data, str) and m.PLACEHOLDER in data:
            found.append((*doc.position(loc), dotted(loc), data.split(m.PLACEHOLDER, 1)[1].strip()))
        elif isinstance(data, list):
            for i, item in enumerate(data):
                walk(item, loc + (i,))
        elif isinstance(data, dict):
            for key, value in data.items():
                walk(value, loc + (key,))
    walk(doc.data, ())
    return sorted(found)


def placeholders(docs: list[Document], problems: list[Problem]) -> list[Problem]:
    """Report each value not yet filled in, in place of whatever else its placeholder text broke."""
    found = [Problem(doc.path, line, col, field, f"not filled in yet: {hint} (write over the placeholder)")
             for doc in docs for line, col, field, hint in holes(doc)]
    if not found:
        return problems
    unfilled = {(p.path, p.field) for p in found}

    def inside(p: Problem) -> bool:
        return any(p.path == path and (p.field == field or p.field.startswith((field + ".", field + "[")))
                   for path, field in unfilled)
    return [p for p in problems if not inside(p)] + found


_PRIVACY = "privacy scan"  # the memo's entry for what privacy.scan found in each file read before


def _privacy_scan(docs: list[Document], allowed: set[str], memo: dict | None) -> list[Problem]:
    """privacy.scan of these files; with a memo (the live preview), a file read before (the very same
    parsed file, from the memo) is not scanned again unless the published mailboxes changed."""
    if memo is None:
        return privacy.scan(docs, allowed)
    before, now, found = memo.get(_PRIVACY, {}), {}, []
    mailboxes = frozenset(allowed)
    for doc in docs:
        kept = before.get(id(doc))
        if kept is None or kept[0] is not doc or kept[1] != mailboxes:
            kept = (doc, mailboxes, privacy.scan([doc], allowed))
        now[id(doc)] = kept
        found += kept[2]
    memo[_PRIVACY] = now
    return found


def read_project(plans_dir: Path, hand_written: list[tuple[str, Path]] = (), today: date | None = None,
                 memo: dict | None = None, given: date | None = None) -> m.Project:
    """Load, validate and cross-check every file under plans_dir; raise UserError listing all problems.

    hand_written: other files that will be published as they are (hand-written pages in content/,
    as (shown path, path)); they are checked for personal data with the plans. today: the day that
    stands in for the reporting date when site.yaml sets no as_at (the future-date guard). memo (the
    live preview): a dict kept between calls, so a file whose size and time have not changed is not
    read and validated again (the rules across files always run again, on every file). given: the
    as-at date of the build (--as-at), which the rules about dates use where it is later than
    site.yaml's."""
    root = Path(plans_dir)
    if not root.is_dir():
        raise UserError([Problem(str(root), 0, 0, "", "no such folder; expected the plans folder")])
    reader = _Reader(root, memo)
    reader.tree.given = given
    settings = reader.settings()
    inspections = {iid: insp if insp.findings_known else insp.model_copy(update={  # not said: all if any listed
                       "findings_known": "all" if insp.findings else "not known"})
                   for iid, insp in reader.load_each("inspection", m.Inspection, reader.tree.inspections).items()}
    plans = reader.plans()
    events = reader.events()
    metrics: dict[str, m.Metric] = reader.load_each("metric", m.Metric, reader.tree.metrics)
    reader.across_files(hand_written, today or date.today())
    if reader.problems or settings is None:
        # Personal data is hidden in every message, never a reason to drop one: a problem that
        # vanished would let a broken file build (reports end up in CI logs, so no value is shown).
        raise UserError(privacy.redact_problems(reader.problems, reader.allowed))
    events.sort(key=lambda item: (item[2].date, item[0], item[1]))
    assets = {f.name: f.read_bytes() for f in reader.found.files.get("asset", []) if f.name == settings.logo}
    return m.Project(settings, dict(sorted(inspections.items(), key=lambda kv: (kv[1].start, kv[0]))),
                     plans, [e for _, _, e in events], metrics, reader.paths, assets)


class _Reader:
    """One reading of a plans folder: every file found, read (or taken from the memo) and validated,
    every problem collected, and the parsed files kept for the rules across files."""

    def __init__(self, root: Path, memo: dict | None):
        self.root, self.memo = root, memo
        self.found = walk(root)
        self.problems: list[Problem] = list(self.found.problems)
        self.used: set = set()
        self.tree = Tree()
        self.context: dict[str, Any] = {}
        self.paths: dict[str, str] = {}
        self.allowed: set[str] = set()

    def shown(self, path: Path) -> str:
        return _shown(path, self.root)

    def load_file(self, file: Path, cls: type[BaseModel]) -> tuple[Document | None, Any]:
        if not file.is_file() and not file.is_symlink():
            self.problems.append(Problem(self.shown(file), 0, 0, "", f"missing: this folder needs {file.name}"))
            return None, None
        key = None
        if self.memo is not None:
            try:
                info = file.lstat()
                key = (str(file), info.st_mtime_ns, info.st_size, info.st_ino, cls.__name__,
                       repr(self.context.get("years")))
            except OSError:
                key = None
            self.used.add(key)
            if key in self.memo:
                doc, trouble, obj = self.memo[key]
                self.problems.extend(trouble)
                return doc, obj
        doc, trouble = read_file(file, self.shown(file), self.root)
        mine: list[Problem] = list(trouble)
        obj = _validate(cls, doc, mine, self.context) if doc else None
        self.problems.extend(mine)
        if key is not None:
            self.memo[key] = (doc, mine, obj)
        return doc, obj

    def settings(self) -> m.Settings | None:
        site_file = self.root / "site.yaml"
        if site_file in self.found.files.get("settings", []):
            self.tree.site, trouble = read_file(site_file, self.shown(site_file), self.root)
            self.problems.extend(trouble)
        elif not any(p.path == self.shown(site_file) for p in self.problems):
            self.problems.append(Problem(self.shown(site_file), 0, 0, "", "missing: this folder needs site.yaml"))
        self.context["years"] = _years(self.tree.site, self.problems)
        return _validate(m.Settings, self.tree.site, self.problems, self.context) if self.tree.site else None

    def load_each(self, kind: str, cls: type[BaseModel], docs: dict[str, Document | None]) -> dict[str, Any]:
        """Load every <id>.yaml of one kind, named by its file; keep the parsed file even when invalid."""
        records: dict[str, Any] = {}
        for file in self.found.files.get(kind, []):
            ident = _id_from_name(file, self.shown(file), self.problems, kind=kind)
            doc, obj = self.load_file(file, cls)
            if ident:
                docs[ident] = doc
                self.paths[f"{kind}:{ident}"] = self.shown(file)
                if obj:
                    records[ident] = obj
        return records

    def plans(self) -> dict[str, m.PlanBundle]:
        plans: dict[str, m.PlanBundle] = {}
        action_files = self.found.files.get("action", [])
        for folder in self.found.folders:
            ident = _id_from_name(folder, self.shown(folder), self.problems, kind="plan")
            doc, plan = self.load_file(folder / "plan.yaml", m.Plan)
            actions: dict[str, m.Action] = {}
            action_paths: dict[str, str] = {}
            action_docs: dict[str, Document | None] = {}
            for file in (f for f in action_files if f.parent.parent == folder):
                number = _id_from_name(file, self.shown(file), self.problems, number=True)
                adoc, action = self.load_file(file, m.Action)
                if number:
                    action_docs[number] = adoc
                    action_paths[number] = self.shown(file)
                    if action:
                        actions[number] = action
            if ident:
                self.tree.plans[ident] = doc
                self.tree.actions[ident] = action_docs
                self.paths[f"plan:{ident}"] = self.shown(folder / "plan.yaml")
                if plan:
                    ordered = dict(sorted(actions.items(), key=lambda kv: m.number_key(kv[0])))
                    if plan.actions is None:  # not said: known where there are action files, else not known
                        plan = plan.model_copy(update={"actions": "recorded" if action_docs else "not known"})
                    plans[ident] = m.PlanBundle(ident, plan, ordered, action_paths)
        return plans

    def events(self) -> list[tuple[str, int, m.Event]]:
        events: list[tuple[str, int, m.Event]] = []
        for file in self.found.files.get("timeline", []):
            doc, obj = self.load_file(file, m.TimelineFile)
            if doc:
                self.tree.timeline.append(doc)
            if obj:
                events.extend((self.shown(file), i, e) for i, e in enumerate(obj.events))
        return events

    def across_files(self, hand_written: list[tuple[str, Path]], today: date) -> None:
        """The rules that read files together, then placeholders and personal data in every file."""
        tree, problems = self.tree, self.problems
        problems.extend(_assets(self.root, self.found.files.get("asset", []), tree.site))
        problems.extend(cross_check(tree, today))
        problems.extend(absence_problems(tree, today))
        problems.extend(prose_problems(tree))
        docs = [d for d in [tree.site, *tree.inspections.values(), *tree.plans.values(),
                            *(a for acts in tree.actions.values() for a in acts.values()), *tree.timeline,
                            *tree.metrics.values()] if d is not None]
        if self.memo is not None:  # forget the files as they were before this edit
            self.used.add(_PRIVACY)
            for key in [k for k in self.memo if k not in self.used]:
                del self.memo[key]
        problems = placeholders(docs, problems)
        self.allowed = privacy.published_mailboxes(tree.site.data if tree.site else None)
        problems += _privacy_scan(docs, self.allowed, self.memo) + privacy.scan_names(self.found.names, self.allowed)
        problems += privacy.scan_files(hand_written, self.allowed)
        self.problems = problems
