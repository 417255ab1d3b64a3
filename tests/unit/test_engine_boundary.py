"""The site engines are black boxes (issue 22): nothing in journey/ uses a private member of MkDocs,
Material, livereload or Zensical, subclasses their classes, or changes them from outside (a
monkey-patch). Only their public build commands, configuration loader and command lines."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "journey"
ENGINES = ("mkdocs", "material", "livereload", "zensical")


def _engine_module(name: str | None) -> bool:
    return bool(name) and name.split(".")[0] in ENGINES


def _findings(path: Path) -> list[str]:
    tree = ast.parse(path.read_text("utf-8"), str(path))
    aliases: set[str] = set()  # names bound to an engine's module or to something imported from one
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if _engine_module(alias.name):
                    aliases.add(alias.asname or alias.name.split(".")[0])
        elif isinstance(node, ast.ImportFrom) and _engine_module(node.module):
            for alias in node.names:
                if alias.name.startswith("_"):
                    found.append(f"{path.name}:{node.lineno}: imports the private {node.module}.{alias.name}")
                aliases.add(alias.asname or alias.name)
            if any(part.startswith("_") for part in node.module.split(".")):
                found.append(f"{path.name}:{node.lineno}: imports from the private module {node.module}")
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases:
            if node.attr.startswith("_") and not node.attr.startswith("__"):
                found.append(f"{path.name}:{node.lineno}: uses the private {node.value.id}.{node.attr}")
            if isinstance(node.ctx, ast.Store):
                found.append(f"{path.name}:{node.lineno}: assigns to {node.value.id}.{node.attr} (a monkey-patch)")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("setattr", "delattr"):
            if node.args and isinstance(node.args[0], ast.Name) and node.args[0].id in aliases:
                found.append(f"{path.name}:{node.lineno}: {node.func.id} on {node.args[0].id} (a monkey-patch)")
        elif isinstance(node, ast.ClassDef):
            for base in node.bases:
                name = base.id if isinstance(base, ast.Name) else base.value.id if isinstance(
                    base, ast.Attribute) and isinstance(base.value, ast.Name) else ""
                if name in aliases:
                    found.append(f"{path.name}:{node.lineno}: class {node.name} subclasses the engine's {name}")
    return found


def test_no_private_engine_member_subclass_or_monkey_patch_in_journey():
    found = [f for path in sorted(PACKAGE.rglob("*.py")) for f in _findings(path)]
    assert found == []


def test_the_check_sees_what_it_looks_for(tmp_path):
    """The check above finds each thing it forbids (so it cannot pass by looking at nothing)."""
    bad = tmp_path / "bad.py"
    bad.write_text("from mkdocs.commands import build as b\nfrom mkdocs.livereload import LiveReloadServer, _timestamp\n"
                   "import mkdocs.structure.pages\nb._build_page(1)\nb.build = None\nsetattr(b, 'x', 1)\n"
                   "class S(LiveReloadServer):\n    pass\n")
    found = _findings(bad)
    assert len(found) == 5, found
    assert sum("private" in f for f in found) == 2 and sum("monkey-patch" in f for f in found) == 2
    assert any("subclasses" in f for f in found)
    assert _findings(PACKAGE / "engine" / "engines.py") == []
    assert any("mkdocs" in line for line in (PACKAGE / "engine" / "engines.py").read_text().splitlines()
               if "import" in line)
