"""The editors' "How to edit" page, generated from the schema so that it cannot drift from the code.

Every field table is walked from the pydantic models in model.py: the field names, whether each is
required, its type in plain words (from the Annotated text, date and number types), its allowed
values (Literal choices, list lengths, the site.yaml vocabularies) and the description written
under the field in model.py. The examples are the files in journey/inputs/examples/, which the tests
validate against the schema and cross-check as one plans tree.

The page is Markdown for Python-Markdown with the tables, attr_list and toc extensions only:
examples are indented code blocks (fenced code is not enabled), and every plain-text table cell
goes through md_escape so a pipe or bracket can never break a table.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator
from pydantic.fields import FieldInfo

from journey.inputs import kinds, limits
from journey.inputs import model as m
from markupsafe import Markup

from journey.html import data_table
from journey.text import inline_markdown, md_escape

EXAMPLES = kinds.EXAMPLES
FileType = kinds.FileKind  # one kind of file under plans/, as the guide presents it (journey/inputs/kinds.py)
FILE_TYPES: tuple[FileType, ...] = kinds.RECORDS


# Plain words for each Annotated type in model.py: (what it is, its format). The tests check that
# every Annotated type in model.py is here, so a new type cannot appear on the page undescribed.
TYPE_WORDS: dict[str, tuple[str, str]] = {
    "Line": ("one line of text", f"up to {m.LINE_MAX} characters; must not start with #"),
    "Prose": ("text; Markdown allowed",
              f"bold, lists, https:// links; no HTML or images; up to {m.PROSE_MAX:,} characters"),
    "Id": ("id", "lower-case letters, digits and single hyphens, like pre-proceedings"),
    "Colour": ("colour", 'a colour code in quotes, like "#1d70b8"'),
    "Date": ("date", "like 2019-12-31"),
    "Partial": ("date", "like 2019-02-26, or 2019-02 when only the month is known, or 2019"),
    "Number": ("number", "like 724 or 18.5; no commas, leading zeros or % sign"),
    "FindingRef": ("finding", "inspection id/finding id, like 2019-02-focused-visit/pre-proceedings"),
    "Related": ("link to another record",
                "inspection:<id>, plan:<id>, action:<plan>/<number>, finding:<inspection>/<finding> "
                "or metric:<id>, like inspection:2019-02-focused-visit"),
    "_ActionNumber": ("number", "like 3 or 3.1"),
    "Flag": ("true or false", "true or false"),
    "Mailbox": ("email address", "a council mailbox that is already public, like children@example.gov.uk"),
    "Year": ("year", "four digits, like 2019"),
    "RepeatRef": ("inspection or finding", "an inspection id, like 2014-03-inspection, or inspection id/finding id"),
}

_SITE = "defined in site.yaml"
_RAG = f"a RAG key {_SITE} (a key under rag)"
_THEMES = f"theme ids {_SITE} (under themes)"
_GRADE = "a grade on the inspection's grade scale in site.yaml, written exactly as there"

# Rules the cross-file check (checks.py) applies beyond each field's own type. The tests check
# that each names a real field.
RULES: dict[tuple[type[BaseModel], str], str] = {
    (m.RagLevel, "key"): "unique in site.yaml",
    (m.GradeScale, "id"): "unique in site.yaml",
    (m.Theme, "id"): "unique in site.yaml",
    (m.SourceDocument, "id"): "unique in site.yaml",
    (m.SourceRef, "document"): f"a source document id {_SITE} (under sources)",
    (m.Inspection, "grade_scale"): f"a grade scale id {_SITE} (under grade_scales)",
    (m.Inspection, "overall"): _GRADE,
    (m.Judgement, "grade"): _GRADE,
    (m.Finding, "id"): "unique in the inspection",
    (m.Finding, "themes"): _THEMES,
    (m.Section, "id"): "unique in the plan",
    (m.Objective, "number"): "unique in the plan",
    (m.Objective, "answers"): "findings that exist in an inspection file",
    (m.Objective, "themes"): _THEMES,
    (m.Action, "answers"): "findings that exist in an inspection file",
    (m.Action, "themes"): _THEMES,
    (m.StatusUpdate, "date"): "oldest first, one update per date",
    (m.StatusUpdate, "progress"): _RAG,
    (m.StatusUpdate, "impact"): _RAG,
    (m.Event, "related"): "records that exist",
    (m.Finding, "repeats"): "an earlier inspection, or a finding of one, that exists",
    (m.Plan, "record_ends"): "only with progress: not recorded",
    (m.Point, "date"): "one value per date",
}


# --------------------------------------------------------------------------- walking the schema


def _validators(metadata: Any) -> list[Any]:
    return [v.func for v in metadata if isinstance(v, BeforeValidator)]


@cache
def _named_types() -> dict[Any, str]:
    """Map each Annotated type's validator function to the type's name in model.py."""
    named = {}
    for name in TYPE_WORDS:
        for func in _validators(typing.get_args(getattr(m, name))[1:]):
            named[func] = name
    return named


def code(value: str) -> str:
    """A value to type exactly, as a code span (or escaped text if it cannot be one safely)."""
    if value and value == value.strip() and "`" not in value and "|" not in value:
        return f"`{value}`"
    return md_escape(value)


@dataclass(frozen=True)
class Shape:
    """A field's type, taken apart: the Markdown for its type and format cells, and its model."""

    kind: str  # Markdown
    formats: tuple[str, ...]  # Markdown pieces
    model: type[BaseModel] | None
    is_list: bool


def _unoptional(annotation: Any) -> Any:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        if len(args) != 1:
            raise TypeError(f"no plain words for a choice of types: {annotation!r}")
        return args[0]
    return annotation


def _item(annotation: Any, metadata: list[Any], named: dict[Any, str]) -> tuple[str, str, type[BaseModel] | None]:
    """The plain words (type, format, Markdown) for one value, or the model it is a group of."""
    if typing.get_origin(annotation) is Annotated:
        base, *more = typing.get_args(annotation)
        return _item(base, list(more) + list(metadata), named)
    for func in _validators(metadata):
        if func in named:
            kind, fmt = TYPE_WORDS[named[func]]
            return md_escape(kind), md_escape(fmt), None
    if typing.get_origin(annotation) is Literal:
        values = ", ".join(code(str(v)) for v in typing.get_args(annotation))
        return "one of a fixed list", f"one of: {values}", None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "", "", annotation
    raise TypeError(f"no plain words for the type {annotation!r}: add it to TYPE_WORDS in journey/pages/editguide.py")


def shape(field: FieldInfo) -> Shape:
    """Take a field's annotation apart: optional and list wrappers, then the value's own type."""
    named = _named_types()
    annotation = _unoptional(field.annotation)
    metadata = list(field.metadata)
    is_list = typing.get_origin(annotation) is list
    formats = []
    if is_list:
        (annotation,) = typing.get_args(annotation)
        lengths = [getattr(c, "min_length", None) for c in metadata]
        metadata = [c for c in metadata if getattr(c, "min_length", None) is None]
        for n in lengths:
            if n:
                formats.append(f"at least {n} item{'s' if n != 1 else ''}")
    kind, fmt, model = _item(annotation, metadata, named)
    if fmt:
        formats.insert(0, fmt)
    return Shape(kind, tuple(formats), model, is_list)


def nested_models(model: type[BaseModel]) -> list[tuple[type[BaseModel], list[tuple[tuple[str, ...], bool]]]]:
    """Every model inside this one, in order of first appearance (depth first), each with the
    field paths that hold it and whether each path is a list."""
    found: dict[type[BaseModel], list[tuple[tuple[str, ...], bool]]] = {}

    def walk(cls: type[BaseModel], path: tuple[str, ...]) -> None:
        for name, field in cls.model_fields.items():
            s = shape(field)
            if s.model is None:
                continue
            first = s.model not in found
            found.setdefault(s.model, []).append((path + (name,), s.is_list))
            if first:
                walk(s.model, path + (name,))

    walk(model, ())
    return list(found.items())


def all_models() -> list[type[BaseModel]]:
    """Every model the guide documents: each file type's model and the models inside it."""
    out: list[type[BaseModel]] = []
    for ft in FILE_TYPES:
        for cls in [ft.model] + [c for c, _ in nested_models(ft.model)]:
            if cls not in out:
                out.append(cls)
    return out


# --------------------------------------------------------------------------- the page


def _anchor(key: str, path: tuple[str, ...]) -> str:
    return "-".join((key,) + path).replace("_", "-")


def _shown_path(path: tuple[str, ...]) -> str:
    return " › ".join(code(p) for p in path)


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def description(model: type[BaseModel], name: str) -> str:
    """The field's description (its docstring in model.py) on one line; every field needs one."""
    text = " ".join(m.field_docs(model).get(name, "").split())
    if not text:
        raise ValueError(f"{model.__name__}.{name} has no description: write a one-line docstring "
                         f"under the field in journey/inputs/model.py")
    return text


def _html_table(columns: list[str], rows: list[list[str]], cls: str = "ij-fields") -> list[str]:
    """Rows of Markdown cells as an HTML table that reflows as cards on a phone."""
    cells = [[Markup(inline_markdown(cell)) for cell in row] for row in rows]
    return data_table(columns, cells, cls=cls).strip("\n").split("\n")


def _table(model: type[BaseModel], anchors: dict[type[BaseModel], str]) -> list[str]:
    rows = []
    for name, field in model.model_fields.items():
        s = shape(field)
        kind = s.kind
        if s.model is not None:
            kind = f"group of fields, [see below](#{anchors[s.model]})"
        if s.is_list:
            kind = f"list; each item: {kind}"
        formats = list(s.formats)
        if (model, name) in RULES:
            formats.append(md_escape(RULES[(model, name)]))
        required = "required" if field.is_required() else "optional"
        rows.append([code(name), required, kind, "; ".join(formats) or "–", md_escape(description(model, name))])
    return _html_table(["field", "required?", "type", "allowed values or format", "description"], rows)


def _example(ft: FileType) -> list[str]:
    text = ft.example.read_text(encoding="utf-8")
    return [f"    {line}".rstrip() for line in text.rstrip("\n").split("\n")]


def _section(ft: FileType) -> list[str]:
    nested = nested_models(ft.model)
    anchors = {cls: _anchor(ft.key, paths[0][0]) for cls, paths in nested}
    out = [f"## {ft.heading} {{#{ft.key}}}", "",
           f"Lives at `plans/{ft.where}`. {ft.about}", ""]
    out += _table(ft.model, anchors)
    for cls, paths in nested:
        lists = [_shown_path(p) for p, is_list in paths if is_list]
        groups = [_shown_path(p) for p, is_list in paths if not is_list]
        heading = _and([_shown_path(p) for p, _ in paths])
        said = []
        if lists:
            said.append(f"Each item of {_and(lists)} has these fields.")
        if groups:
            said.append(f"{_and(groups)} {'is a group' if len(groups) == 1 else 'are groups'} of these fields.")
        out += ["", f"### Inside {heading} {{#{anchors[cls]}}}", "", " ".join(said), ""]
        out += _table(cls, anchors)
    out += ["", f"### Example {{#{ft.key}-example}}", "",
            f"A made-up `plans/{ft.example_path}`, about a fictional council:", ""]
    out += _example(ft)
    return out


_INTRO = """\
# How to edit

Everything the site shows comes from the YAML files in the `plans/` folder. To change the site,
change those files in a pull request: a check runs on every pull request and lists anything that
needs fixing, each problem on one line with the file, line, column and field, and a comment on
the pull request sums up what the change does (ratings, completions, due dates, new and removed
actions and findings). Run `make check` to see the same report on your own machine.

## The four commonest tasks {#tasks}

Each `make new-...` command below writes the new entry for you, with every value still to write
marked `FILL IN`; the check refuses those until they are filled in, so nothing half-written can be
published. You can also type the entry by hand, as shown.

### A quarterly status update {#task-update}

1. Run `make new-update ACTION=wv-plan-2025/1.1` (the plan's folder name and the action number), or
   add an item at the end of the action's `updates:` list, lined up with the items above it:

        updates:
          - date: 2025-06-30
            progress: amber
            note: Policy agreed at the June board; training booked for July.

2. `progress` is one of the RAG keys in `site.yaml`; add `impact:` too when the impact is rated.
   The date must not be after the reporting date (`as_at` in `site.yaml`): for a new quarter, move
   `as_at` on to the quarter's end in the same pull request.
3. Run `make check`, then open the pull request.

### Completing an action {#task-complete}

Add the date it was finished, and a last update saying so:

    completed: 2025-07-15
    updates:
      - date: 2025-07-15
        progress: green
        note: Every team trained; the policy is in use.

The action then counts as complete from that date, and is never shown as overdue after it.

### Recording a new inspection's findings {#task-inspection}

1. Add the report to `sources:` in `site.yaml` (an id, its title, publisher and date).
2. Run `make new-inspection INSPECTION=2025-03-focused-visit` (the file name is the inspection's
   id, starting with its year and month) and fill in what it marks. Add one item under
   `findings:` for each finding (`make new-finding INSPECTION=2025-03-focused-visit` adds another),
   in your own words, each with a short `id` and where the report says it (`ref:`).
3. Say which plan objectives or actions answer each finding: `answers: [2025-03-focused-visit/<finding id>]`.

### Adding an event to the timeline {#task-event}

Run `make new-event YEAR=2025`, or add an item to `plans/timeline/2025.yaml`:

    events:
      - date: 2025-03
        title: Ofsted focused visit on help and protection
        category: inspection
        source: {document: wv-inspection-2024, ref: page 1}

Write `2025-03` when only the month is known; every event cites its source.

## Editing with help from your editor {#editor}

Open the project folder in VS Code and install the recommended YAML extension (Red Hat's): it
completes field names, shows what each field means and underlines most mistakes as you type,
using the schemas in `journey/schemas/`, which are generated from the same rules as the check.
Some rules only the check can apply, because they look beyond one file or into the text:

- that every id you name exists: themes, source documents, RAG keys and grade scales in
  `site.yaml`, findings in `inspections/`, plans and actions in links;
- that no date is after the reporting date, and every date falls in the years the site covers;
- that ids are unique, file names match ids, and updates are in date order, one per date;
- personal details (names of children or families, emails, phone numbers) anywhere in the text;
- the rules for text: no HTML, links only to `https://` addresses, the length limits;
- that a number is written plainly (`1000` or `18.5`; not `1e3`, `1_000` or `007`), and that a
  date is a real one (the editor knows months have at most 31 days, not that February 2019 had 28);
- that every value marked `FILL IN` has been written;
- that our own text names no year after its record's date (see [what the documents do not
  say](#absences)), and that alternative readings, `expands:` and plans' `answers:` name real
  dates and records.

Quote a number that is really text, like paragraph `"1.10"`: the check reads what you typed, but
the editor (and spreadsheets) read an unquoted `1.10` as `1.1`.

## Saying what the documents do not say {#absences}

The site never turns a gap in the documents into a "none" or a "0". Say what is not known:

- A plan a document only mentions: `actions: not known` (it then needs no sections and has no
  action files). A plan answers what a document says it answers: `answers: [2014-03-inspection]`
  (a whole inspection, or `inspection/finding`); where that is your reading, add `answers` to its
  `uncertain:` and say why in `note:`; readers then see "probably".
- An inspection whose report you do not hold: `findings_known: not known` (and no findings), or
  `some` when a later document recalls only some of them.
- A point to improve where no document says what answered it: `answered: not known`.
- An area for improvement that spells out another bullet of the same letter: `expands: <its id>`,
  so the two count as one point (flag `uncertain: [expands]` when that is your reading).
- An uncertain date: `uncertain: [month]`, and the other reading the document allows, if any:
  `alternative: [2016-11]`. Readers see "month uncertain: may be November 2016", and the record
  counts as known from the later of the two.
- Our own text knows its date. A summary, scope, description, definition or piece of evidence
  must not name a year after its record's own date (the check says so, naming the line). Move a
  sentence about what happened later into `later:`, shown only from its date:

        later:
          - date: 2018-06
            text: The DfE's support ended.
            source: {document: strategic-plan-2019, ref: Background}

  Year ranges that start by the record's year, text in quotation marks (titles) and names such as
  "Children Act 2004" are fine. The introduction in `site.yaml` names no year at all: write
  `{first visit}` and `{latest visit}` and the site fills them in as at its date.

## Where things go {#where-things-go}

Paths are inside `plans/`.

"""

_READING = """\

## Reading the tables {#reading-the-tables}

- A **required** field must be there; an **optional** one can be left out. Only the fields listed
  are allowed: a misspelt field name is reported.
- Indent with two spaces, never tabs. Write a list one item a line, each line starting with `- `
  under the field, or on one line in square brackets: `themes: [assessment, workforce]`.
- A group of fields inside a list starts with `- ` before its first field; its other fields line
  up under that first field (see the examples).
- Put text that contains `: ` or starts with a symbol in quotes. For longer text use `>-` and
  indent the lines below it.
- Values are read exactly as typed: `no` is the word "no" and `1.10` is not `1.1`.
- Every fact cites its source. Never put personal details in these files: no names of children
  or families, no email addresses or phone numbers.
"""


def _limits() -> list[str]:
    """The limits table, from journey/inputs/limits.py, so the page says exactly what the check enforces."""
    out = ["", "## Limits {#limits}", "",
           "The check refuses a file that goes past one of these limits, naming the limit, so that a "
           "mistake (a year typed as 2109, a pasted document) is caught before it reaches the site. Every "
           "file under `plans/` must be one the generator reads (or a `README.md`): anything else is "
           "reported, and links, pipes and unreadable files are refused.", "",
           ""]
    out += _html_table(["limit", "value", "what it bounds"],
                       [[md_escape(lim.name), str(lim.value) if "year" in lim.name else f"{lim.value:,}",
                         md_escape(lim.what)] for lim in limits.TABLE])
    return out


def edit_guide() -> str:
    """Return the Markdown of the "How to edit" page, walked from the schema in model.py."""
    lines = _INTRO.split("\n")[:-1]
    lines += _html_table(["file", "what it holds"], [[f"[`{ft.where}`](#{ft.key})", ft.holds] for ft in FILE_TYPES])
    lines += _READING.split("\n")[:-1]
    lines += _limits()
    for ft in FILE_TYPES:
        lines += [""] + _section(ft)
    return "\n".join(lines) + "\n"
