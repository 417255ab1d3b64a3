"""Templates only format: each page kind's view (journey/pages/views.py) hands its template everything
it shows. A template may print, loop, test and call formatting helpers (links, tables, markers); it
may not pick from lists (selectattr, reject, sort, map ...), do arithmetic, slice, or call a method of
what it is given, and nothing from the derived layer (journey/facts) is handed to it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import jinja2
import pytest
from jinja2 import nodes

from conftest import FIXTURE
from journey.inputs.validate import read_project
from journey.pages.render import render_site

REPO = Path(__file__).resolve().parents[2]
TEMPLATES = sorted((REPO / "journey").rglob("*.j2"))
LIST_FILTERS = {"selectattr", "rejectattr", "select", "reject", "map", "sort", "dictsort", "groupby", "sum",
                "unique", "min", "max", "list", "reverse", "first", "last", "batch", "slice", "random"}
ARITHMETIC = (nodes.Add, nodes.Sub, nodes.Mul, nodes.Div, nodes.FloorDiv, nodes.Mod, nodes.Pow, nodes.Neg)
METHODS = {"items", "values", "keys", "get", "of"}  # reading a mapping; uncertain.of(record) is the marker


def _problems(source: str) -> list[str]:
    tree = jinja2.Environment().parse(source)
    found = [f"filter {f.name}" for f in tree.find_all(nodes.Filter) if f.name in LIST_FILTERS]
    found += [f"arithmetic {type(n).__name__}" for n in tree.find_all(ARITHMETIC)]
    found += ["a slice" for g in tree.find_all(nodes.Getitem) if isinstance(g.arg, nodes.Slice)]
    found += [f"method {c.node.attr}()" for c in tree.find_all(nodes.Call)
              if isinstance(c.node, nodes.Getattr) and c.node.attr not in METHODS]
    return found


def test_there_are_templates():
    assert len(TEMPLATES) >= 18


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.name)
def test_a_template_only_formats(template):
    assert _problems(template.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("source, problem", [
    ('{{ xs | selectattr("late") | list }}', ["filter selectattr", "filter list"]),
    ("{{ a - b }}", ["arithmetic Sub"]),
    ("{{ xs[:3] }}", ["a slice"]),
    ("{{ facts.progress(keys) }}", ["method progress()"]),
    ("{{ uncertain.of(x) }} {{ d.items() }} {{ name | human }}", []),
])
def test_the_rule_finds_what_it_should(source, problem):
    assert sorted(_problems(source)) == sorted(problem)


def test_no_derived_layer_function_reaches_a_template(monkeypatch):
    given: dict[str, object] = {}
    real = jinja2.Template.render

    def render(self, *args, **kwargs):
        given.update(kwargs)
        return real(self, *args, **kwargs)
    monkeypatch.setattr(jinja2.Template, "render", render)
    render_site(read_project(FIXTURE), date(2024, 10, 1), pdf=False, spreadsheets=False)
    assert len(given) > 30

    def module(value) -> str:
        return getattr(getattr(value, "__func__", value), "__module__", "") or ""
    assert sorted(name for name, value in given.items()
                  if callable(value) and not isinstance(value, type) and module(value).startswith("journey.facts")) == []
