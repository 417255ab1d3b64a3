"""Valid HTML: the W3C Nu HTML checker (vnu-jar from the npm registry, on the machine's Java) finds
no error on any built page of the real site or the fictional fixture. `make test` installs the
checker into .cache/vnu; a missing checker is a failure, never a skip."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, make_project

VNU = Path(os.environ.get("VNU_JAR", REPO / ".cache/vnu/node_modules/vnu-jar/build/dist/vnu.jar"))


def _checker() -> list[str]:
    java = shutil.which("java")
    if not java or not VNU.is_file():
        pytest.fail(f"the Nu HTML checker is not installed (java: {java or 'missing'}, {VNU}): run make test, "
                    "which installs it, or set VNU_JAR", pytrace=False)
    return [java, "-Xss8m", "-jar", str(VNU)]


def _errors(site: Path) -> list[str]:
    result = subprocess.run(_checker() + ["--errors-only", "--format", "json", "--skip-non-html", str(site)],
                            capture_output=True, text=True, timeout=600)
    messages = json.loads(result.stderr or "{}").get("messages", [])
    return [f"{Path(m['url'].removeprefix('file:')).relative_to(site)}:{m.get('lastLine', '?')}: {m['message']}"
            for m in messages if m.get("type") == "error"]


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_every_page_of_the_real_site_is_valid_html(real_site, engine):
    assert _errors(real_site("2021-09-16", engine)) == []


def test_every_page_of_the_fixture_site_is_valid_html(tmp_path):
    root = make_project(tmp_path / "project")
    result = subprocess.run([sys.executable, str(REPO / "build_site.py"), "build"], cwd=root, capture_output=True,
                            text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    assert _errors(root / "site") == []


def test_the_checker_reports_an_error_when_there_is_one(tmp_path):
    (tmp_path / "bad.html").write_text('<!doctype html><html lang="en"><head><title>x</title></head><body>'
                                       '<input type="checkbox" autocomplete="off"><label for="nothing">x</label>'
                                       "</body></html>")
    assert len(_errors(tmp_path)) >= 2
