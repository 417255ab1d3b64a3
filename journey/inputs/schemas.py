"""JSON Schema for each kind of file under plans/, generated from the pydantic models in model.py.

One source of truth: the models check the plans, and the same models, written out as JSON Schema,
let an editor's YAML extension (VS Code's, through yaml-language-server) complete field names,
show each field's description on hover and underline mistakes while typing. The schemas are
committed under journey/schemas/ and mapped to plans/ paths by .vscode/settings.json; a test keeps
the committed files equal to what `write()` generates (`python -m journey.inputs.schemas` refreshes them).

Editors' tools read YAML 1.2, where an unquoted 2019 or 4 is a number and 2019-02-26 is text; the
checker reads every value as the text typed. So each text field here also accepts a number or
true/false (as the checker does), a number field also accepts a number written as text, and a
year-only date accepts the number 2019. What only the checker can know (that a theme or document
id exists in site.yaml, that a finding exists, that a date is not after the reporting date,
personal data) is listed in the "How to edit" guide as the checker's alone.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from journey.files import atomic_write
from journey.inputs import model as m
from journey.inputs import types as t
from journey.inputs.kinds import BY_NAME, RECORDS

FOLDER = Path(__file__).parents[1] / "schemas"  # journey/schemas/, where editors' settings point
DRAFT = "http://json-schema.org/draft-07/schema#"

# kind: (model, the plans/ paths it describes, relative to the project folder), from kinds.py
KINDS: dict[str, tuple[type[BaseModel], str]] = {k.name: (k.model, f"plans/{k.glob}") for k in RECORDS}

_TEXT = ["string", "number", "boolean"]  # a YAML 1.2 reader's types for what the checker reads as text
_TEXTS = (None, t.LINE_PATTERN, t.PROSE_PATTERN, t.ID_PATTERN)
_NUMBER_TEXT = r"^-?(0|[1-9][0-9]*)(\.[0-9]+)?$"


def file_name(kind: str) -> str:
    return BY_NAME[kind].schema_file


def _loosen(node: Any) -> Any:
    """Rewrite one generated schema so it accepts what the checker accepts from a YAML 1.2 reader."""
    if isinstance(node, list):
        return [_loosen(n) for n in node]
    if not isinstance(node, dict):
        return node
    node = {k: _loosen(v) for k, v in node.items()}
    node.pop("title", None) if isinstance(node.get("title"), str) and "type" in node else None
    kind = node.get("type")
    if kind == "string" and not ({"format", "enum", "const"} & node.keys()) and node.get("pattern") in _TEXTS:
        node["type"] = _TEXT  # (a pattern applies to text only, so a number still passes, as in the checker)
    elif kind == "number":  # a number, or a number quoted as text
        node.pop("type")
        node["anyOf"] = [{"type": "number"}, {"type": "string", "pattern": _NUMBER_TEXT}]
    elif kind == "string" and node.get("pattern") == t.PARTIAL_PATTERN:  # a year alone may be a number
        rest = {k: v for k, v in node.items() if k not in ("type", "pattern")}
        node = {**rest, "anyOf": [{"type": "string", "pattern": node["pattern"]},
                                  {"type": "integer", "minimum": 1000, "maximum": 9999}]}
    return node


def generate(kind: str) -> dict[str, Any]:
    """The JSON Schema for one kind of plans/ file."""
    model, pattern = KINDS[kind]
    schema = _loosen(m.describe(model.model_json_schema(), model))
    schema.pop("title", None)
    return {"$schema": DRAFT, "$id": file_name(kind),
            "title": f"{pattern}: {kind} file of the improvement-journey site generator", **schema}


def text(kind: str) -> str:
    return json.dumps(generate(kind), indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def vscode_settings() -> dict[str, Any]:
    """Workspace settings that map each plans/ path pattern to its schema (yaml-language-server)."""
    return {"yaml.schemas": {f"./journey/schemas/{file_name(kind)}": [pattern]
                             for kind, (_, pattern) in KINDS.items()}}


def write(root: Path = Path(".")) -> list[Path]:
    """Write every schema and the VS Code mapping; return the files that changed."""
    changed = []
    outputs = {FOLDER / file_name(kind): text(kind) for kind in KINDS}
    settings = root / ".vscode" / "settings.json"
    current = json.loads(settings.read_text(encoding="utf-8")) if settings.is_file() else {}
    outputs[settings] = json.dumps({**current, **vscode_settings()}, indent=2) + "\n"
    for path, content in outputs.items():
        if atomic_write(path, content, only_if_changed=True):
            changed.append(path)
    return changed


if __name__ == "__main__":  # python -m journey.inputs.schemas: refresh the committed schemas
    for path in write():
        print(f"wrote {path}")
