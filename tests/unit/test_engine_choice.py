"""Which site engine builds (journey/project.py engine_name): --engine, else the project's
pyproject.toml ([tool.journey] engine), else MkDocs; anything else is one clear error, never a
traceback (a hostile review found `tool = 1` crashed it)."""

from __future__ import annotations

import pytest

from journey.project import DEFAULT_ENGINE, EngineChoiceError, engine_name


@pytest.mark.parametrize("text, expected", [
    (None, DEFAULT_ENGINE),
    ("[project]\nname = 'x'\n", DEFAULT_ENGINE),
    ("[tool.journey]\nengine = 'zensical'\n", "zensical"),
    ("tool = 1\n", DEFAULT_ENGINE),
    ("[tool]\njourney = 'zensical'\n", DEFAULT_ENGINE),
])
def test_the_projects_choice(tmp_path, text, expected):
    if text is not None:
        (tmp_path / "pyproject.toml").write_text(text)
    assert engine_name(None, tmp_path) == expected
    assert engine_name("mkdocs", tmp_path) == "mkdocs"  # --engine wins


@pytest.mark.parametrize("text, words", [
    ("[tool.journey]\nengine = 'bogus'\n", "[tool.journey] engine = 'bogus'; expected one of mkdocs, zensical"),
    ("[tool.journey]\nengine = 5\n", "[tool.journey] engine = 5; expected one of mkdocs, zensical"),
    ("[tool.journey\n", "pyproject.toml cannot be read"),
])
def test_a_bad_choice_is_one_clear_error(tmp_path, text, words):
    (tmp_path / "pyproject.toml").write_text(text)
    with pytest.raises(EngineChoiceError) as caught:
        engine_name(None, tmp_path)
    assert words in str(caught.value)
    with pytest.raises(EngineChoiceError):
        engine_name("nope", tmp_path)
