"""Read the whole plans/ tree into a checked Project, or collect every problem in every file."""

from __future__ import annotations

import difflib
import types
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from . import model as m
from . import privacy
from .checks import Tree, cross_check
from .errors import Problem, UserError
from .load import Document, dotted, read_file

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


def _validate(cls: type[BaseModel], doc: Document, problems: list[Problem]) -> Any:
    try:
        return cls.model_validate(doc.data if doc.data is not None else {})
    except ValidationError as e:
        problems.extend(_translate(err, cls, doc) for err in e.errors(include_url=False))
        return None


def _id_from_name(path: Path, shown: str, problems: list[Problem], *, number: bool = False) -> str | None:
    stem = path.stem if path.is_file() else path.name
    try:
        return m._number_text(stem) if number else m._id(stem)
    except ValueError as e:
        what = "an action number like 3.1" if number else "lower-case letters, digits and hyphens"
        problems.append(Problem(shown, 0, 0, "", f"the file name must be {what} (it becomes the page address): {e}"))
        return None


def read_project(plans_dir: Path) -> m.Project:
    """Load, validate and cross-check every file under plans_dir; raise UserError listing all problems."""
    root = Path(plans_dir)
    if not root.is_dir():
        raise UserError([Problem(str(root), 0, 0, "", "no such folder; expected the plans folder")])
    problems: list[Problem] = []
    tree = Tree()
    expected: set[Path] = set()

    def load(file: Path, cls: type[BaseModel]) -> tuple[Document | None, Any]:
        expected.add(file)
        shown = _shown(file, root)
        if not file.is_file():
            problems.append(Problem(shown, 0, 0, "", f"missing: this folder needs {file.name}"))
            return None, None
        doc, found = read_file(file, shown, root)
        problems.extend(found)
        return doc, (_validate(cls, doc, problems) if doc else None)

    tree.site, settings = load(root / "site.yaml", m.Settings)

    paths: dict[str, str] = {}

    def load_each(folder: str, cls: type[BaseModel], kind: str, docs: dict[str, Document | None]) -> dict[str, Any]:
        """Load every <id>.yaml in a folder, named by its file; keep the parsed file even when invalid."""
        records: dict[str, Any] = {}
        for file in sorted((root / folder).glob("*.yaml")):
            ident = _id_from_name(file, _shown(file, root), problems)
            doc, obj = load(file, cls)
            if ident:
                docs[ident] = doc
                paths[f"{kind}:{ident}"] = _shown(file, root)
                if obj:
                    records[ident] = obj
        return records

    inspections: dict[str, m.Inspection] = load_each("inspections", m.Inspection, "inspection", tree.inspections)

    plans: dict[str, m.PlanBundle] = {}
    for folder in sorted(p for p in (root / "improvement-plans").glob("*") if p.is_dir()):
        ident = _id_from_name(folder, _shown(folder, root), problems)
        doc, plan = load(folder / "plan.yaml", m.Plan)
        actions: dict[str, m.Action] = {}
        action_paths: dict[str, str] = {}
        action_docs: dict[str, Document | None] = {}
        for file in sorted((folder / "actions").glob("*.yaml")):
            number = _id_from_name(file, _shown(file, root), problems, number=True)
            adoc, action = load(file, m.Action)
            if number:
                action_docs[number] = adoc
                action_paths[number] = _shown(file, root)
                if action:
                    actions[number] = action
        if ident:
            tree.plans[ident] = doc
            tree.actions[ident] = action_docs
            paths[f"plan:{ident}"] = _shown(folder / "plan.yaml", root)
            if plan:
                ordered = dict(sorted(actions.items(), key=lambda kv: m.number_key(kv[0])))
                plans[ident] = m.PlanBundle(ident, plan, ordered, action_paths)

    events: list[tuple[str, int, m.Event]] = []
    for file in sorted((root / "timeline").glob("*.yaml")):
        doc, obj = load(file, m.TimelineFile)
        if doc:
            tree.timeline.append(doc)
        if obj:
            events.extend((_shown(file, root), i, e) for i, e in enumerate(obj.events))

    metrics: dict[str, m.Metric] = load_each("metrics", m.Metric, "metric", tree.metrics)

    for file in sorted(root.rglob("*")):
        if file.suffix in (".yaml", ".yml") and file not in expected:
            problems.append(Problem(_shown(file, root), 0, 0, "",
                                    "this file is not in a place the generator reads, so it would be ignored; "
                                    "move or rename it (plans/README.md shows where each kind of file goes)"))

    problems.extend(cross_check(tree))
    docs = [d for d in [tree.site, *tree.inspections.values(), *tree.plans.values(),
                        *(a for acts in tree.actions.values() for a in acts.values()), *tree.timeline,
                        *tree.metrics.values()] if d is not None]
    site_data = tree.site.data if tree.site and isinstance(tree.site.data, dict) else {}
    mailboxes = site_data.get("published_mailboxes")
    allowed = {m.lower().strip() for m in mailboxes if isinstance(m, str)} if isinstance(mailboxes, list) else set()
    private = privacy.scan(docs, allowed)
    # A message that would repeat personal data is dropped: the privacy problem for the same
    # place already says what to fix, without the value (reports end up in CI logs).
    problems = [p for p in problems if not privacy.findings(str(p), allowed)] + private
    if problems or settings is None:
        raise UserError(problems)
    events.sort(key=lambda item: (item[2].date, item[0], item[1]))
    return m.Project(settings, dict(sorted(inspections.items(), key=lambda kv: (kv[1].start, kv[0]))),
                     plans, [e for _, _, e in events], metrics, paths)
