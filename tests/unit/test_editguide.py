"""The "How to edit" page: generated from the schema, so every field, description and choice in
model.py must be on it, and its example files must pass the same checks as plans/. Its exact text
is pinned by the golden pages of tests/integration/test_render.py (tests/golden/pages/how-to-edit.md; `make golden`)."""

from __future__ import annotations

import re
import shutil
import typing
from typing import Annotated, Literal

import markdown
import pytest
import yaml

from conftest import REPO
from journey.pages import editguide as eg
from journey.inputs import model as m
from journey.errors import Problem
from journey.inputs.load import read_file
from journey.inputs.validate import _validate, read_project


# Every model in model.py (the Strict base aside): the page must cover exactly these.
MODELS = sorted((c for c in vars(m).values()
                 if isinstance(c, type) and issubclass(c, m.Strict) and c is not m.Strict),
                key=lambda c: c.__name__)


@pytest.fixture(scope="module")
def page() -> str:
    return eg.edit_guide()


def _site_markdown() -> markdown.Markdown:
    """Python-Markdown with exactly the extensions mkdocs.yml enables."""
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    names, configs = [], {}
    for ext in config["markdown_extensions"]:
        if isinstance(ext, dict):
            (name, options), = ext.items()
            names.append(name)
            configs[name] = options or {}
        else:
            names.append(ext)
    return markdown.Markdown(extensions=names, extension_configs=configs)


def _rows(html_or_page: str) -> list[str]:
    """The page's table rows written back as "| cell | cell |" lines: code as `code`, links as
    [text](#anchor), entities decoded, so assertions read like the page reads."""
    import html as htmllib

    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", html_or_page, re.S):
        cells = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)
        out = []
        for cell in cells:
            cell = re.sub(r"<code>(.*?)</code>", r"`\1`", cell)
            cell = re.sub(r'<a href="([^"]*)">(.*?)</a>', r"[\2](\1)", cell)
            out.append(htmllib.unescape(re.sub(r"<[^>]+>", "", cell)))
        rows.append("| " + " | ".join(out) + " |")
    return rows


def _literals(annotation) -> list[str]:
    if typing.get_origin(annotation) is Literal:
        return [str(v) for v in typing.get_args(annotation)]
    return [v for arg in typing.get_args(annotation) for v in _literals(arg)]


# --------------------------------------------------------------------------- the page itself


def test_page_covers_every_model_in_the_schema():
    assert sorted(eg.all_models(), key=lambda c: c.__name__) == MODELS
    assert len(MODELS) == 24


@pytest.mark.parametrize("model", MODELS, ids=lambda c: c.__name__)
def test_every_field_has_a_description(model):
    docs = m.field_docs(model)
    for name in model.model_fields:
        assert docs.get(name, "").strip(), (
            f"{model.__name__}.{name} has no description: write a one-line docstring under it in model.py")
        assert "\n" not in docs[name].strip(), f"{model.__name__}.{name}: keep the description to one line"


def test_every_field_of_every_model_is_on_the_page(page):
    rows = _rows(page)
    for model in MODELS:
        for name, field in model.model_fields.items():
            required = "required" if field.is_required() else "optional"
            ending = f"| {eg.description(model, name)} |"
            assert any(r.startswith(f"| `{name}` | {required} | ") and r.endswith(ending) for r in rows), (
                f"{model.__name__}.{name} is not on the page as a {required} field with its description")


def test_every_fixed_choice_is_on_the_page(page):
    values = [v for model in MODELS for f in model.model_fields.values() for v in _literals(f.annotation)]
    assert {"full inspection", "area for improvement", "early help", "neither"} <= set(values)
    rows = "\n".join(_rows(page))
    for value in values:
        assert f"`{value}`" in rows, f"the choice '{value}' is missing from the page"


def test_every_type_in_the_schema_has_plain_words():
    annotated = {name for name, value in vars(m).items()
                 if typing.get_origin(value) is Annotated and eg._validators(typing.get_args(value)[1:])}
    assert annotated == set(eg.TYPE_WORDS), "describe each Annotated type of model.py in editguide.TYPE_WORDS"


def test_types_are_described_in_plain_words(page):
    rows = "\n".join(_rows(page))
    assert "| `title` | required | one line of text | up to 300 characters; must not start with # |" in rows
    assert "| `text` | required | text; Markdown allowed | bold, lists, https:// links; no HTML or images;" in rows
    assert "| `due` | optional | date | like 2019-12-31 |" in rows
    assert "| `start` | required | date | like 2019-02-26, or 2019-02 when only the month is known, or 2019 |" in rows
    assert "| `value` | required | number | like 724 or 18.5; no commas, leading zeros or % sign |" in rows
    assert "| `number` | required | number | like 3 or 3.1; unique in the plan |" in rows
    assert "| `leads` | required | list; each item: one line of text | up to 300 characters; must not start " \
           "with #; at least 1 item |" in rows
    assert "| `progress` | optional | id | lower-case letters, digits and single hyphens, like pre-proceedings; " \
           "a RAG key defined in site.yaml (a key under rag) |" in rows
    assert "theme ids defined in site.yaml (under themes)" in rows
    assert "| `updates` | optional | list; each item: group of fields, [see below](#action-updates) |" in rows


def test_rules_name_real_fields():
    for model, name in eg.RULES:
        assert name in model.model_fields, f"editguide.RULES names {model.__name__}.{name}, which does not exist"


def test_where_things_go_mirrors_plans_readme(page):
    readme = (REPO / "plans" / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Where things go")[1].split("\n## ")[0]
    rows = [[c.strip() for c in line.strip().strip("|").split("|")]
            for line in table.splitlines() if line.startswith("| `")]
    assert rows == [[f"`{ft.where}`", ft.holds] for ft in eg.FILE_TYPES]
    rows = _rows(page)
    for ft in eg.FILE_TYPES:
        holds = ft.holds.replace("`", "")  # the README's code spans: plain words on the page's cards
        assert any(r.replace("`", "") == f"| [{ft.where}](#{ft.key}) | {holds} |" for r in rows), ft.where


def test_sections_come_in_file_order(page):
    headings = re.findall(r"^## .*\{#([\w-]+)\}$", page, re.M)
    assert headings == ["tasks", "editor", "absences", "where-things-go", "reading-the-tables", "limits",
                        "site", "inspection", "plan", "action", "timeline", "metric"]
    assert page.startswith("# How to edit\n")
    assert "`make check`" in page and "pull request" in page


def test_nested_models_get_their_own_tables(page):
    for heading in ("### Inside `findings` {#inspection-findings}", "### Inside `updates` {#action-updates}",
                    "### Inside `sections` › `objectives` {#plan-sections-objectives}",
                    "### Inside `values`, `targets` and `comparators` › `values` {#metric-values}",
                    "### Inside `rag` {#site-rag}",
                    "### Inside `events` › `source` and `events` › `later` › `source` {#timeline-events-source}"):
        assert heading in page


def test_page_renders_cleanly_with_the_sites_markdown(page):
    html = _site_markdown().convert(page)
    assert "```" not in page and "```" not in html
    assert html.count("<pre><code>") == len(eg.FILE_TYPES) + 4  # each example is one code block; 3 in the tasks, 1 on later:
    ids = set(re.findall(r'id="([^"]+)"', html))
    for target in re.findall(r'href="#([^"]+)"', html):
        assert target in ids, f"link to #{target}, which is not on the page"
    for row in re.findall(r"<tr>(.*?)</tr>", html, re.S):
        cells = row.count("<td ") + row.count("<th ")
        assert cells in (2, 3, 5), f"a table row has {cells} cells: {row!r}"
        assert 'data-label="' in row or "<th " in row  # each cell says its column, for the phone's cards
    for para in re.findall(r"<p>(.*?)</p>", html, re.S):
        assert "|" not in para, f"a table row was not read as a table: {para!r}"


def test_text_in_a_cell_cannot_break_the_table():
    class Tricky(m.Strict):
        title: m.Line
        """A | pipe, <b>HTML</b>, [a link](https://example.org) and `code`."""

    rows = eg._table(Tricky, {})
    html = _site_markdown().convert("\n".join(rows))
    assert html.count("<td ") == 5
    assert "A | pipe, &lt;b&gt;HTML&lt;/b&gt;, [a link](https://example.org) and `code`." in html
    assert "<a " not in html and "<b>" not in html


def test_a_field_without_a_description_stops_the_page():
    class Undocumented(m.Strict):
        title: m.Line

    with pytest.raises(ValueError, match="Undocumented.title has no description"):
        eg._table(Undocumented, {})


def test_a_type_without_plain_words_stops_the_page():
    class Counted(m.Strict):
        count: int
        """How many."""

    with pytest.raises(TypeError, match="no plain words"):
        eg._table(Counted, {})


# --------------------------------------------------------------------------- the example files


def test_one_example_file_per_file_type():
    assert sorted(p.name for p in eg.EXAMPLES.glob("*")) == sorted(f"{ft.key}.yaml" for ft in eg.FILE_TYPES)


@pytest.mark.parametrize("ft", eg.FILE_TYPES, ids=lambda ft: ft.key)
def test_example_validates_against_its_model(ft):
    doc, problems = read_file(ft.example, f"journey/inputs/examples/{ft.example.name}")
    assert doc is not None and problems == [], "\n".join(map(str, problems))
    found: list[Problem] = []
    assert isinstance(_validate(ft.model, doc, found), ft.model), "\n".join(map(str, found))
    assert "FICTIONAL" in ft.example.read_text(encoding="utf-8").splitlines()[0]


def test_examples_fit_together_as_a_plans_tree(tmp_path):
    """Placed where the guide says they live, the examples pass the full check, cross-file rules too."""
    root = tmp_path / "plans"
    for ft in eg.FILE_TYPES:
        (root / ft.example_path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ft.example, root / ft.example_path)
    project = read_project(root)
    assert project.settings.authority == "Wyvern Vale Borough Council"
    assert list(project.plans["wv-plan-2025"].actions) == ["1.1"]


@pytest.mark.parametrize("ft", eg.FILE_TYPES, ids=lambda ft: ft.key)
def test_example_is_on_the_page_as_an_indented_code_block(page, ft):
    text = ft.example.read_text(encoding="utf-8").rstrip("\n")
    block = "\n".join(f"    {line}".rstrip() for line in text.split("\n"))
    assert f"A made-up `plans/{ft.example_path}`, about a fictional council:\n\n{block}\n" in page


def test_the_page_opens_with_the_four_commonest_tasks(page):
    """Task first (issue 13): the quarterly update, completing an action, a new inspection's findings
    and a timeline event come before any reference table."""
    headings = re.findall(r"^(#{2,3}) (.+?) \{#", page, flags=re.M)
    assert headings[:5] == [("##", "The four commonest tasks"), ("###", "A quarterly status update"),
                            ("###", "Completing an action"), ("###", "Recording a new inspection's findings"),
                            ("###", "Adding an event to the timeline")]
    assert page.index("{#tasks}") < page.index("<table")
    for command in ("make new-update ACTION=", "make new-inspection INSPECTION=", "make new-finding INSPECTION=",
                    "make new-event YEAR="):
        assert command in page


def _task_snippets(page) -> list[dict]:
    tasks = page[page.index("{#tasks}"):page.index("{#editor}")]
    blocks = re.findall(r"(?m)((?:^ {4,}\S.*\n)+)", tasks)
    return [yaml.safe_load("\n".join(line[min(len(x) - len(x.lstrip()) for x in block.splitlines()):]
                                     for line in block.splitlines())) for block in blocks]


def test_the_task_recipes_are_valid_records(page):
    """Each recipe's YAML, put into the guide's own example files, passes the schema."""
    action = yaml.safe_load((eg.EXAMPLES / "action.yaml").read_text(encoding="utf-8"))
    timeline = yaml.safe_load((eg.EXAMPLES / "timeline.yaml").read_text(encoding="utf-8"))
    snippets = _task_snippets(page)
    assert len(snippets) == 3
    as_text = lambda v: {k: as_text(x) for k, x in v.items()} if isinstance(v, dict) else (  # noqa: E731
        [as_text(x) for x in v] if isinstance(v, list) else str(v))
    for snippet in snippets:
        if "events" in snippet:
            m.TimelineFile.model_validate(as_text({**timeline, **snippet}))
        else:
            m.Action.model_validate(as_text({**action, **snippet}))


def test_the_page_lists_what_only_the_check_can_apply(page):
    editor = page[page.index("{#editor}"):page.index("{#where-things-go}")]
    for words in ("journey/schemas/", "only the check", "personal details", "after the reporting date",
                  "`FILL IN`", '`"1.10"`'):
        assert words in editor, words
