"""Shared test helpers: a writable copy of the fictional fixture, and a project folder to build in."""

from __future__ import annotations

import os

import shutil
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
FIXTURE = REPO / "tests" / "fixtures" / "plans"


BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def browser_path() -> str | None:
    """The first Chromium or Chrome here that runs: $CHROMIUM, Debian's chromium, or the Google Chrome or
    Chromium a CI runner ships. (Ubuntu's chromium is a snap wrapper that may not run in CI: a candidate
    counts only if `--version` works.)"""
    import os
    import subprocess

    for name in (os.environ.get("CHROMIUM"), *BROWSERS, "/usr/bin/chromium"):
        path = name and shutil.which(name)
        if not path:
            continue
        try:
            if subprocess.run([path, "--version"], capture_output=True, timeout=30).returncode == 0:
                return path
        except (OSError, subprocess.TimeoutExpired):
            continue
    return None


def pytest_configure(config):
    """Every build the tests run shares one cache keyed by content (JOURNEY_CACHE, see README): a chart
    or board report PDF drawn for one test's project is not drawn again for the next identical one.
    Tests of the cache itself set their own."""
    import os
    import tempfile

    if not os.environ.get("JOURNEY_CACHE"):
        config.journey_cache = tempfile.mkdtemp(prefix="journey-test-cache-")
        os.environ["JOURNEY_CACHE"] = config.journey_cache


def pytest_unconfigure(config):
    import os

    folder = getattr(config, "journey_cache", None)
    if folder:
        os.environ.pop("JOURNEY_CACHE", None)
        shutil.rmtree(folder, ignore_errors=True)


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/ from the current output")


@pytest.fixture
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


class PlansTree:
    """A copy of the fictional plans tree in tmp_path that a test can edit file by file."""

    def __init__(self, root: Path):
        self.root = root
        shutil.copytree(FIXTURE, root)

    def write(self, rel: str, text: str) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    def write_bytes(self, rel: str, data: bytes) -> Path:
        path = self.root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return path

    def edit(self, rel: str, old: str, new: str) -> None:
        path = self.root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {rel}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def remove(self, rel: str) -> None:
        (self.root / rel).unlink()


@pytest.fixture
def plans(tmp_path) -> PlansTree:
    return PlansTree(tmp_path / "plans")


def make_project(root: Path, plans: Path | None = FIXTURE) -> Path:
    """A project folder like this repository: mkdocs.yml, theme_overrides/, the hand-written part
    of content/ (never generated pages left over from a local build) and a copy of plans."""
    from journey.pages.kinds import GENERATED

    root.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")  # ([tool.journey]: the project's engine)
    shutil.copytree(REPO / "theme_overrides", root / "theme_overrides")
    shutil.copytree(REPO / "content", root / "content",
                    ignore=lambda folder, names: [n for n in names if Path(folder) == REPO / "content" and n in GENERATED])
    if plans is not None:
        shutil.copytree(plans, root / "plans")
    return root


@pytest.fixture
def project(tmp_path) -> Path:
    """A project folder with the fictional fixture plans."""
    return make_project(tmp_path / "project")


def tree_bytes(folder: Path, skip: tuple[str, ...] = ()) -> dict[str, bytes]:
    """Every file under folder as {relative path: bytes}, for byte-for-byte comparisons."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.relative_to(folder).as_posix() not in skip}


class RealSites:
    """The real plans/ built as at any date, each date once per test session (in process, one
    project folder and one chart cache), so that test modules share builds instead of repeating them."""

    def __init__(self, root: Path):
        self.root = make_project(root, REPO / "plans")
        self.built: dict[str, Path] = {}

    def __call__(self, as_at: str, engine: str | None = None) -> Path:
        """engine: --engine (None: the project's default)."""
        key = f"{as_at}-{engine}" if engine else as_at
        if key not in self.built:
            from journey import cli

            out = self.root / f"site-{key}"
            code = cli.main(["--root", str(self.root), "build", "--as-at", as_at, "--site", str(out),
                             *(["--engine", engine] if engine else [])])
            assert code == 0, f"the real site did not build as at {as_at}" + (f" with {engine}" if engine else "")
            self.built[key] = out
        return self.built[key]


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> RealSites:
    """real_site("2021-09-16") -> the folder of the real site built as at that date."""
    return RealSites(tmp_path_factory.mktemp("real-sites") / "project")


def litter(folder: Path) -> None:
    """What vim, emacs, LibreOffice and a Mac leave beside 1.2.yaml: a stale backup holding an error,
    binary swap and AppleDouble files, and emacs' lock, a link to nowhere."""
    (folder / "1.2.yaml~").write_text("title: [unclosed\n")
    (folder / ".1.2.yaml.swp").write_bytes(b"b0VIM 9.0\x00\x00\xff")
    (folder / "._1.2.yaml").write_bytes(b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X")
    (folder / "#1.2.yaml#").write_text("title: x\nnonsense: [\n")
    (folder / ".~lock.1.2.yaml#").write_text(",someone,host,01.12.2026 10:00,file:///x;\n")
    os.symlink("someone@host.4242:1733000000", folder / ".#1.2.yaml")
    (folder / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (folder / "Thumbs.db").write_bytes(b"\xd0\xcf\x11\xe0")


# Editors' and systems' scratch files (journey/scratch.py), and near misses that are data.
SCRATCH = ["1.2.yaml~", ".1.2.yaml.swp", ".1.2.yaml.swo", ".1.2.yaml.swx", "4913", "#1.2.yaml#",
           ".~lock.1.2.yaml#", "~$1.2.yaml", "1.2.yaml___jb_tmp___", ".goutputstream-ABC123", ".DS_Store",
           "._1.2.yaml", "Thumbs.db", "thumbs.db", "Desktop.ini", "ehthumbs.db", ".1.2.yaml.kate-swp", ".directory",
           ".nfs000000000123"]
# Near misses: each could be data someone meant the generator to read, so each is still reported.
NOT_SCRATCH = ["1.2.yaml", "1.2.yaml.bak", "1.2~.yaml", "1.2.yaml.orig", "notes.swp", "49130", "#1.2.yaml",
               "1.2.yaml.save", ".gitkeep"]


def engine_build(root: Path, docs: Path, out: Path, *, engine: str | None = None, strict: bool = False) -> list[str]:
    """The site engine run on docs as a build runs it (strict: False, as the preview), with mkdocs.yml
    and theme_overrides/ from root; its warnings. (docs: a bare folder of pages, without the
    stylesheets a build writes beside them.)"""
    from journey.engine import adapter
    from journey.engine.engines import engine as chosen
    from journey.project import Layout

    layout = Layout.at(root)
    return adapter.run(layout, chosen(engine, layout), docs, out, {}, strict=strict, whole=False)
