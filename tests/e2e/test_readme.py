"""README.md is read in ten minutes and everything it shows works: at most 200 lines, the quick start
is the two commands, each make target and build_site.py command it names exists and answers a dry
run or --help, and every page it links to is there. (No test runs `make test` itself.)"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
MAKE_TARGETS = sorted(set(re.findall(r"`make ([a-z-]+)", README)))
COMMANDS = sorted(set(re.findall(r"^python build_site\.py ([a-z]+)", README, re.M)))


def test_the_readme_is_short():
    assert len(README.splitlines()) <= 200


def test_the_quick_start_is_two_commands():
    quick = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    (block,) = re.findall(r"```sh\n(.*?)```", quick, re.S)
    assert block.split("\n")[:-1] == ["make site", "make test"]


def test_it_names_the_commands():
    assert {"site", "test", "unit", "check", "serve", "golden"} <= set(MAKE_TARGETS)
    assert COMMANDS == ["build", "changes", "check", "new", "serve"]


@pytest.mark.parametrize("target", MAKE_TARGETS)
def test_each_make_target_exists_and_answers_a_dry_run(target):
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert re.search(rf"^(?:[a-z-]+ )*{re.escape(target)}(?: [a-z-]+)*:", makefile, re.M), f"no make target '{target}'"
    done = subprocess.run(["make", "-n", "--no-print-directory", target, "ACTION=cip-2019-20/3.1"], cwd=REPO,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("command", COMMANDS)
def test_each_command_answers_help(command):
    done = subprocess.run([sys.executable, str(REPO / "build_site.py"), command, "--help"], cwd=REPO,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.startswith(f"usage: build_site.py {command}"), done.stderr


def test_every_page_it_links_to_is_there():
    links = re.findall(r"\]\(((?:docs/|plans/|CHANGELOG)[^)#]*)\)", README)
    assert len(links) >= 12
    assert [link for link in links if not (REPO / link).is_file()] == []


@pytest.mark.parametrize("page", sorted((REPO / "docs").glob("*.md")), ids=lambda p: p.name)
def test_every_link_in_the_docs_leads_somewhere(page):
    text = page.read_text(encoding="utf-8")
    links = [link for link in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text) if "://" not in link]
    assert [link for link in links if not (page.parent / link).exists()] == []
