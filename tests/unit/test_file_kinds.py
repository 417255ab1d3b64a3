"""Every kind of file under plans/ is registered once (journey/inputs/kinds.py); the reader, the schemas,
the guide, the scaffolder and the preview read the registration."""

from __future__ import annotations

from pathlib import Path

import pytest

from journey.inputs import kinds, schemas
from journey.inputs.validate import walk
from journey.pages import editguide

REPO = Path(__file__).resolve().parents[2]


def test_the_folders_read_are_those_the_kinds_live_in():
    assert kinds.FOLDERS == {("assets",), ("inspections",), ("improvement-plans",), ("improvement-plans", "*"),
                             ("improvement-plans", "*", "actions"), ("timeline",), ("metrics",)}


@pytest.mark.parametrize("parts, kind, names", [
    (("site.yaml",), "settings", ()),
    (("inspections", "2019-02-focused-visit.yaml"), "inspection", ("2019-02-focused-visit",)),
    (("improvement-plans", "cip-2019-20", "plan.yaml"), "plan", ("cip-2019-20",)),
    (("improvement-plans", "cip-2019-20", "actions", "3.1.yaml"), "action", ("cip-2019-20", "3.1")),
    (("timeline", "2019.yaml"), "timeline", ("2019",)),
    (("metrics", "caseloads.yaml"), "metric", ("caseloads",)),
    (("assets", "logo.png"), "asset", ("logo",)),
])
def test_a_path_names_its_kind_and_the_kind_makes_the_path(parts, kind, names):
    found = kinds.kind_of(parts)
    assert found is not None and found.name == kind and found.names(parts) == names
    assert found.path(Path("plans"), *names) == Path("plans", *parts) or kind == "asset"


@pytest.mark.parametrize("parts", [("inspections", "a.yml"), ("Inspections", "a.yaml"), ("timeline", "2019", "x.yaml"),
                                   ("improvement-plans", "p", "actions", "3.1.YAML"), ("plan.yaml",)])
def test_anything_else_is_no_kind(parts):
    assert kinds.kind_of(parts) is None


def test_the_schemas_and_the_guide_are_made_from_the_registration():
    records = [k.name for k in kinds.FILE_KINDS if k.reads]
    assert list(schemas.KINDS) == records
    assert [ft.name for ft in editguide.FILE_TYPES] == records
    assert sorted(p.name for p in (REPO / "journey" / "schemas").glob("*.json")) == sorted(
        f"{k}.schema.json" for k in records)


def test_the_reader_finds_every_real_file_by_its_kind():
    found = walk(REPO / "plans")
    assert found.problems == []
    assert sorted(found.files) == ["action", "inspection", "metric", "plan", "settings", "timeline"]
    for name, paths in found.files.items():
        assert paths == sorted((REPO / "plans").glob(kinds.BY_NAME[name].glob)), name
    assert len(found.files["action"]) >= 62
