"""The JSON Schemas an editor's YAML extension uses agree with the checker (issue 13).

Each schema is generated from the same pydantic model the checker uses; the committed copies are
what VS Code reads. The files are validated here with check-jsonschema, a kept command-line tool
that reads YAML as 1.2, the way editors' tools do.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from journey.inputs import schemas
from journey.errors import UserError
from journey.inputs.validate import read_project

from conftest import FIXTURE, REPO

TOOL = Path(sys.executable).parent / "check-jsonschema"


def _schema_check(kind: str, files: list[Path]) -> subprocess.CompletedProcess:
    return subprocess.run([str(TOOL), "--schemafile", str(schemas.FOLDER / schemas.file_name(kind)),
                           *map(str, files)], capture_output=True, text=True)


def _files(plans: Path, kind: str) -> list[Path]:
    pattern = schemas.KINDS[kind][1].removeprefix("plans/")
    return sorted(plans.glob(pattern))


@pytest.mark.parametrize("kind", sorted(schemas.KINDS))
def test_committed_schema_is_the_generated_one(kind):
    committed = (schemas.FOLDER / schemas.file_name(kind)).read_text(encoding="utf-8")
    assert committed == schemas.text(kind), "run `python -m journey.inputs.schemas` and commit journey/schemas/"


def test_vscode_maps_every_plans_file_kind_to_its_schema():
    settings = json.loads((REPO / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert settings["yaml.schemas"] == schemas.vscode_settings()["yaml.schemas"]
    for schema, patterns in settings["yaml.schemas"].items():
        assert (REPO / schema).is_file(), schema
        assert all(list(REPO.glob(p)) for p in patterns), f"{patterns} matches no file in this repository"
    recommended = json.loads((REPO / ".vscode" / "extensions.json").read_text(encoding="utf-8"))
    assert "redhat.vscode-yaml" in recommended["recommendations"]


@pytest.mark.parametrize("plans", [REPO / "plans", FIXTURE], ids=["real", "fixture"])
@pytest.mark.parametrize("kind", sorted(schemas.KINDS))
def test_every_plans_file_passes_its_schema(plans, kind):
    files = _files(plans, kind)
    assert files
    done = _schema_check(kind, files)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("kind", sorted(schemas.KINDS))
def test_every_example_passes_its_schema(kind):
    example = REPO / "journey" / "inputs" / "examples" / f"{kind if kind != 'settings' else 'site'}.yaml"
    done = _schema_check(kind, [example])
    assert done.returncode == 0, done.stdout + done.stderr


ACTION = "improvement-plans/wv-plan-2024/actions/1.1.yaml"
TIMELINE = "timeline/2022.yaml"

# (what is wrong, file, text replaced, replacement, the field the checker names, words the schema tool uses)
MISTAKES = [
    ("no value where one is required", ACTION, "\ntitle:", "\ntitle: null\nx-title:", "title", "is not of type"),
    ("blank text", ACTION, "\ntitle:", "\ntitle: ' '\nx-title:", "title", "does not match"),
    ("an id in capitals", ACTION, "themes: [assessment]", "themes: [Assessment]", "themes", "does not match"),
    ("impossible month", TIMELINE, "date: 2022-05", "date: 2022-13", "date", "does not match"),
    ("unknown field", ACTION, "\ntitle:", "\ntittle:", "tittle", "'tittle' was unexpected"),
    ("missing required field", ACTION, "\ntitle:", "\n#title:", "title", "'title' is a required property"),
    ("wrong type", ACTION, "\ntitle:", "\ntitle: [one, two]\nx-title:", "title", "is not of type"),
    ("value outside a vocabulary", TIMELINE, "category: workforce", "category: staffing", "category", "is not one of"),
    ("malformed date", ACTION, "\ndue: ", "\ndue: 2024-02-30\nx-due: ", "due", "is not a 'date'"),
]


@pytest.mark.parametrize("rel, old, new, field, words", [m[1:] for m in MISTAKES], ids=[m[0] for m in MISTAKES])
def test_schema_and_checker_both_refuse(plans, rel, old, new, field, words):
    text = (plans.root / rel).read_text(encoding="utf-8")
    assert old in text
    changed = text.replace(old, new, 1)
    if "x-" in new:  # drop the old value the replacement pushed down a line
        lines = changed.split("\n")
        changed = "\n".join(line for line in lines if not line.startswith("x-"))
    (plans.root / rel).write_text(changed, encoding="utf-8")

    kind = "action" if rel == ACTION else "timeline"
    done = _schema_check(kind, [plans.root / rel])
    assert done.returncode == 1 and words in done.stdout, done.stdout + done.stderr

    with pytest.raises(UserError) as caught:
        read_project(plans.root)
    found = [p for p in caught.value.problems if p.path.endswith(rel)]
    assert found and any(field in p.field for p in found), [str(p) for p in caught.value.problems]


def test_null_for_an_optional_field_is_no_value_to_both(plans):
    plans.edit(ACTION, "\nmeasure: ", "\nmeasure: ~\nx-measure: ")
    text = (plans.root / ACTION).read_text(encoding="utf-8")
    (plans.root / ACTION).write_text("\n".join(x for x in text.split("\n") if not x.startswith("x-")), encoding="utf-8")
    assert _schema_check("action", [plans.root / ACTION]).returncode == 0
    assert read_project(plans.root).plans["wv-plan-2024"].actions["1.1"].measure is None


def test_an_unquoted_number_like_1_10_is_accepted_by_both(plans):
    """YAML 1.2 tools read an unquoted 1.10 as the number 1.1; the checker reads the text typed. The
    schema accepts it (as the checker does), and the editors' guide tells editors to quote such numbers."""
    plans.edit(ACTION, "\nref: ", "\nref: 1.10\nx-ref: ")
    text = (plans.root / ACTION).read_text(encoding="utf-8")
    (plans.root / ACTION).write_text("\n".join(x for x in text.split("\n") if not x.startswith("x-")), encoding="utf-8")
    assert _schema_check("action", [plans.root / ACTION]).returncode == 0
    assert read_project(plans.root).plans["wv-plan-2024"].actions["1.1"].ref == "1.10"
    guide = (REPO / "plans" / "README.md").read_text(encoding="utf-8")
    assert "`ref: \"1.10\"`" in guide
