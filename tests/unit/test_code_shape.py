"""The shape of the code, kept by tests: no module in journey/ over 600 lines and no function over 80
(docs/architecture.md names the longest), and imports that run one way, down the layers, with no
cycles, so each part can be read without those above it."""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
PACKAGE = REPO / "journey"
MODULE_MAX, FUNCTION_MAX = 600, 80
# Each part of journey/ and its layer: a module may import from its own layer or the layers below only.
LAYERS = {
    "errors": 0, "text": 0, "html": 0, "files": 0, "scratch": 0, "project": 0, "timings": 0, "cache": 0,
    "guard": 0, "fingerprint": 0,
    "inputs": 1, "facts": 2, "charts": 3, "downloads": 3, "pages": 4, "engine": 5,
    "pipeline": 6, "changes": 6, "scaffold": 6, "preview": 7, "cli": 8,
}


def _modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(REPO).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


MODULES = _modules()


@functools.cache
def _imports(path: Path) -> frozenset[str]:
    """Every journey module this one imports, at its top or inside a function (not those imported only
    for type annotations, under `if TYPE_CHECKING:`)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {id(n) for block in ast.walk(tree) if isinstance(block, ast.If)
                   and getattr(block.test, "id", getattr(block.test, "attr", "")) == "TYPE_CHECKING"
                   for n in ast.walk(block)}
    out = set()
    for node in ast.walk(tree):
        if id(node) in typing_only:
            continue
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "journey":
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                out.add(full if full in MODULES else node.module)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.split(".")[0] == "journey")
    return frozenset(out - {"journey"})


def _part(module: str) -> str:
    return module.split(".")[1] if "." in module else ""


def _functions(path: Path):
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield node.name, node.end_lineno - node.lineno + 1


def test_no_module_is_over_600_lines():
    assert [(name, n) for name, path in MODULES.items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > MODULE_MAX] == []


def test_no_function_is_over_80_lines():
    assert [(name, f, n) for name, path in MODULES.items() for f, n in _functions(path) if n > FUNCTION_MAX] == []


def test_the_architecture_notes_name_the_longest():
    notes = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
    module = max(MODULES, key=lambda n: len(MODULES[n].read_text(encoding="utf-8").splitlines()))
    function = max(((f, n, name) for name, path in MODULES.items() for f, n in _functions(path)), key=lambda t: t[1])
    assert f"`{MODULES[module].relative_to(REPO).as_posix()}`" in notes
    assert f"`{function[0]}`" in notes


@pytest.mark.parametrize("module", sorted(m for m in MODULES if m != "journey"))
def test_every_part_has_a_layer(module):
    assert _part(module) in LAYERS, f"put {module} in a layer (LAYERS in this test and docs/architecture.md)"


def test_imports_run_down_the_layers():
    upward = [(a, b) for a, path in MODULES.items() for b in _imports(path)
              if a != "journey" and LAYERS[_part(a)] < LAYERS[_part(b)]]
    assert upward == []


def test_no_import_cycles():
    # (a package's __init__ gathering its own modules into one facade is not a cycle of meaning)
    graph = {a: {b for b in _imports(path) if b in MODULES and b != "journey" and b != a
                 and not (path.name == "__init__.py" and b.startswith(a + "."))} for a, path in MODULES.items()}
    cycles = []
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append(trail[trail.index(nxt):] + [nxt] if nxt in trail else [node, nxt])
            elif nxt not in state:
                visit(nxt, trail + [nxt])
        state[node] = 2
    for start in sorted(graph):
        if start not in state:
            visit(start, [start])
    assert cycles == []
