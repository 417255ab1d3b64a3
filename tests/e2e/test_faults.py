"""Faults outside the plans: where the site is written, builds running at once, interrupts,
operating-system errors, ports, and unexpected errors inside the generator.

Every one ends in one clear line and the documented exit code (1 data, 2 usage, 130 interrupted),
never a traceback, and leaves the project exactly as it was."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from conftest import REPO, tree_bytes
from journey import cli
from journey import guard

AS_AT = "2024-10-01"


def run(project: Path, *args: str, env: dict | None = None, timeout: int = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(REPO / "build_site.py"), *args], cwd=project, capture_output=True,
                          text=True, timeout=timeout, env={**os.environ, **(env or {})})


def one_line(result: subprocess.CompletedProcess) -> str:
    """stderr must be exactly one line, with no traceback; return it."""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The fictional project, built once (site/ and content/ exist, as in a real checkout)."""
    from conftest import make_project

    root = make_project(tmp_path_factory.mktemp("faults") / "project")
    result = run(root, "build", "--as-at", AS_AT)
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture
def project(built, tmp_path):
    import shutil

    copy = tmp_path / "project"
    shutil.copytree(built, copy, symlinks=True)
    (copy / ".git").mkdir()
    (copy / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    return copy


# --------------------------------------------------------------------------- the output guard


def _everything(root: Path) -> dict[str, bytes]:
    return tree_bytes(root)


@pytest.mark.parametrize("target, why", [
    ("plans", "that is inside plans/, which the build must never replace"),
    ("plans/inspections", "that is inside plans/, which the build must never replace"),
    ("content", "that is inside content/, which the build must never replace"),
    ("theme_overrides", "that is inside theme_overrides/, which the build must never replace"),
    (".git", "that is inside .git/, which the build must never replace"),
    (".", "that is the project folder; the build replaces its output folder whole, so it would be deleted"),
    ("..", "that is a folder that holds the project; the build replaces its output folder whole, so it would be "
           "deleted"),
    ("/", "that is a folder that holds the project; the build replaces its output folder whole, so it would be "
          "deleted"),
])
def test_build_refuses_to_write_over_the_project(project, target, why):
    before = _everything(project)
    outside = sorted(os.listdir(project.parent))
    result = run(project, "build", "--as-at", AS_AT, "--site", target)
    assert result.returncode == 2
    assert result.stdout == ""
    assert one_line(result).startswith(f"build_site.py: --site {(project / target).resolve()}: {why}")
    assert _everything(project) == before, "the refused build changed the project"
    assert sorted(os.listdir(project.parent)) == outside


def test_build_refuses_an_unrelated_folder_or_a_file(project, tmp_path):
    papers = tmp_path / "board-papers"
    papers.mkdir()
    (papers / "minutes.docx").write_bytes(b"the only copy")
    (tmp_path / "notes.txt").write_text("keep me")
    before = _everything(project)
    result = run(project, "build", "--as-at", AS_AT, "--site", str(papers))
    assert result.returncode == 2
    assert one_line(result) == (f"build_site.py: --site {papers}: that folder already holds files the generator did "
                                "not make (it has no .journey-site marker), and the build would replace them; "
                                "choose a new or empty folder")
    assert (papers / "minutes.docx").read_bytes() == b"the only copy"
    result = run(project, "build", "--as-at", AS_AT, "--site", str(tmp_path / "notes.txt"))
    assert result.returncode == 2
    assert one_line(result) == (f"build_site.py: --site {tmp_path / 'notes.txt'}: that is a file, not a folder; "
                                "choose a folder for the site")
    assert (tmp_path / "notes.txt").read_text() == "keep me"
    assert _everything(project) == before


def test_new_empty_and_own_folders_are_used_and_marked(project, tmp_path):
    new = tmp_path / "out" / "deeper" / "site"  # missing folders above are created
    empty = tmp_path / "empty"
    empty.mkdir()
    for target in (new, empty):
        result = run(project, "build", "--as-at", AS_AT, "--site", str(target))
        assert result.returncode == 0, result.stderr
        assert (target / "index.html").is_file()
        assert (target / guard.SITE_MARKER).read_text() == guard.SITE_MARKER_TEXT
    # A site this tool built (it carries the marker) is replaced on the next build.
    (empty / "stale.html").write_text("old")
    result = run(project, "build", "--as-at", AS_AT, "--site", str(empty))
    assert result.returncode == 0, result.stderr
    assert not (empty / "stale.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty", "out", "project"], "left something behind"


def test_default_site_is_adopted_once_without_a_marker(project):
    (project / "site" / guard.SITE_MARKER).unlink()  # a checkout built before the marker existed
    result = run(project, "build", "--as-at", AS_AT)
    assert result.returncode == 0, result.stderr
    assert (project / "site" / guard.SITE_MARKER).is_file()


def test_only_marked_leftovers_of_killed_builds_are_removed(project):
    site = (project / "site").resolve()
    ours = project / ".build-site-killed1"
    ours.mkdir()
    (ours / guard.STAGING_MARKER).write_text(f"{site}\n")
    (ours / "half.html").write_text("half written")
    old = project / ".site-old-12345"
    old.mkdir()
    (old / guard.SITE_MARKER).write_text(guard.SITE_MARKER_TEXT)
    theirs = project / ".build-site-notours"
    theirs.mkdir()
    (theirs / "keep.txt").write_text("not made by the generator")
    result = run(project, "build", "--as-at", AS_AT)
    assert result.returncode == 0, result.stderr
    assert not ours.exists() and not old.exists()
    assert (theirs / "keep.txt").read_text() == "not made by the generator"


# --------------------------------------------------------------------------- builds at once


def test_a_second_build_waits_for_the_lock_then_gives_up(project):
    lock = project.resolve() / ".cache" / "build.lock"
    with guard.BuildLock(project / ".cache", wait=1):
        result = run(project, "build", "--as-at", AS_AT, env={"JOURNEY_LOCK_WAIT": "1"})
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        f"waiting for another build of this project to finish (it holds {lock})",
        f"build_site.py: another build of this project is still running (it holds {lock}); waited 1 s. Try again "
        "when it has finished"]


def test_a_waiting_build_goes_ahead_once_the_lock_is_released(project):
    """No timing: the test holds the lock, reads the build's "waiting" line, then lets it go."""
    (project / "plans/site.yaml").write_text((project / "plans/site.yaml").read_text().replace(
        "title: Wyvern Vale improvement journey (fictional)", "title: Wyvern Vale, after waiting"))
    with guard.BuildLock(project / ".cache", wait=0):
        proc = subprocess.Popen([sys.executable, str(REPO / "build_site.py"), "build", "--as-at", AS_AT], cwd=project,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        first = proc.stderr.readline()  # blocks until the build says it waits: the lock is still ours
        assert first.startswith("waiting for another build of this project to finish"), first
        assert not (project / "site/index.html").read_text().count("after waiting")
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert "Wyvern Vale, after waiting" in (project / "site/index.html").read_text()


def test_builds_started_together_are_serialised(project):
    site_before = tree_bytes(project / "site")
    procs = [subprocess.Popen([sys.executable, str(REPO / "build_site.py"), "build", "--as-at", AS_AT], cwd=project,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(3)]
    results = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], results
    assert tree_bytes(project / "site") == site_before  # same plans, same as-at: the same site
    assert not [p for p in project.iterdir() if p.name.startswith((".build-", ".site-old-"))]


# --------------------------------------------------------------------------- interrupts and OS errors


def _working_in(folder: Path) -> list[int]:
    """Processes whose working folder is this one (a build and any child it forked)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and (entry / "cwd").resolve() == folder.resolve():
                found.append(int(entry.name))
        except OSError:
            continue
    return found


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM, signal.SIGHUP], ids=["INT", "TERM", "HUP"])
def test_interrupted_build_exits_130_and_changes_nothing(project, stop):
    (project / "plans/site.yaml").write_text((project / "plans/site.yaml").read_text().replace(
        "title: Wyvern Vale improvement journey (fictional)", "title: Wyvern Vale, interrupted"))
    site, content = tree_bytes(project / "site"), tree_bytes(project / "content")
    proc = subprocess.Popen([sys.executable, str(REPO / "build_site.py"), "build", "--as-at", AS_AT], cwd=project,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "JOURNEY_TEST_READY": "read"})
    assert proc.stderr.readline() == "ready: read\n"  # the child is reading the plans, in a staging folder
    assert any(p.name.startswith(".build-") for p in project.iterdir())
    proc.send_signal(stop)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert err == "build_site.py: interrupted; nothing was changed\n"
    assert tree_bytes(project / "site") == site
    assert tree_bytes(project / "content") == content
    assert not [p for p in project.iterdir() if p.name.startswith(".build-")]
    assert _working_in(project) == []  # no child left working on


def test_an_interrupt_during_the_swap_never_claims_nothing_changed(project, monkeypatch):
    """An interrupt held back while the new site is put in place arrives when it is in place: the build
    is then done, and says so (not "nothing was changed")."""
    from journey import cli
    from journey.engine import publish

    (project / "plans/site.yaml").write_text((project / "plans/site.yaml").read_text().replace(
        "title: Wyvern Vale improvement journey (fictional)", "title: Wyvern Vale, swapped"))
    real = publish._swap

    def swap_then_interrupt(new, old):
        real(new, old)
        # Ctrl-C, held back until the swap is over. Sent to the main thread, where the build runs: this
        # test process has other threads (a test runner's), which a signal to the process could reach.
        signal.pthread_kill(threading.main_thread().ident, signal.SIGINT)
    monkeypatch.setattr(publish, "_swap", swap_then_interrupt)
    monkeypatch.chdir(project)
    assert cli.main(["build", "--as-at", AS_AT]) == 0
    assert "Wyvern Vale, swapped" in (project / "site/index.html").read_text()
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # the test's own Ctrl-C is back


def test_os_error_is_one_line(project):
    import shutil

    shutil.rmtree(project / "content")
    (project / "content").write_text("a file where the content folder should be")
    result = run(project, "build", "--as-at", AS_AT)
    assert result.returncode == 1
    assert one_line(result) == (f"build_site.py: could not read or write {project.resolve()}/content: file exists; "
                                "nothing was changed")


def test_missing_config_is_a_usage_error(tmp_path):
    (tmp_path / "plans").mkdir()
    result = run(tmp_path, "build")
    assert result.returncode == 2
    assert one_line(result) == (f"build_site.py: no mkdocs.yml in {tmp_path.resolve()}; run from the project folder "
                                "or pass --root")


def _stamps(folder):
    return {p: p.stat().st_mtime_ns for p in folder.rglob("*")}


def test_serve_on_a_port_in_use_or_a_bad_address_is_a_usage_error(project, tmp_path):
    temp = tmp_path / "temp"  # where the preview makes its site: nothing may be left there
    temp.mkdir()
    before = _stamps(project / "content")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run(project, "serve", "--addr", f"127.0.0.1:{port}", timeout=120, env={"TMPDIR": str(temp)})
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stdout == "" and _stamps(project / "content") == before  # said before any building
    assert result.stderr.splitlines()[-1] == (f"build_site.py: cannot serve on 127.0.0.1:{port}: address already in "
                                              f"use; choose another port with --addr 127.0.0.1:{port + 1}")
    result = run(project, "serve", "--addr", "localhost", env={"TMPDIR": str(temp)})
    assert result.returncode == 2
    assert one_line(result) == ("build_site.py: --addr 'localhost': expected a host and a port like 127.0.0.1:8000")
    assert list(temp.iterdir()) == []


# --------------------------------------------------------------------------- the boundary, in process


@pytest.mark.parametrize("error, code, line", [
    (TypeError("NoneType has no len"), 1,
     "build_site.py: unexpected error (TypeError: NoneType has no len); nothing was changed. This is a fault in the "
     "generator: please report it with the command you ran (JOURNEY_DEBUG=1 shows the details)"),
    (RecursionError(), 1, "build_site.py: the input is nested too deeply to read; nothing was changed. Simplify the "
                          "file that was last edited"),
    (MemoryError(), 1, "build_site.py: ran out of memory; nothing was changed. Check for a very large file under "
                       "plans/"),
    (PermissionError(13, "Permission denied", "/srv/site"), 1,
     "build_site.py: could not read or write /srv/site: permission denied; nothing was changed"),
    (KeyboardInterrupt(), 130, "build_site.py: interrupted; nothing was changed"),
    (ValueError("bad value 07700 900123 in memory"), 1,
     "build_site.py: unexpected error (ValueError: bad value [personal data hidden] in memory); nothing was changed. "
     "This is a fault in the generator: please report it with the command you ran (JOURNEY_DEBUG=1 shows the "
     "details)"),
])
def test_every_exception_becomes_one_line(project, monkeypatch, capsys, error, code, line):
    def explode(*args, **kwargs):
        raise error

    import journey.pages.render

    monkeypatch.chdir(project)
    monkeypatch.setattr(journey.pages.render, "render_site", explode)  # (the command line imports it when it builds)
    before = tree_bytes(project / "site")
    assert cli.main(["build", "--force", "--as-at", AS_AT]) == code
    out, err = capsys.readouterr()
    assert out == ""
    assert err == line + "\n"
    assert tree_bytes(project / "site") == before


# --------------------------------------------------------------------------- an independent probe's finds


@pytest.mark.parametrize("name, target", [
    ("themes", ".."),          # a link to the project: a build once deleted everything in it
    ("plans", "../plans"),     # a link into plans/: a build once deleted every YAML file
    ("inspections", "/tmp"),   # a link out of the project
])
def test_a_link_in_content_is_refused_and_nothing_is_deleted(project, name, target):
    link = project / "content" / name
    if link.exists() or link.is_symlink():
        import shutil

        shutil.rmtree(link) if link.is_dir() and not link.is_symlink() else link.unlink()
    link.symlink_to(target)
    before = {p: p.read_bytes() for p in sorted((project / "plans").rglob("*")) if p.is_file()}
    listing = sorted(os.listdir(project))
    result = run(project, "build", "--as-at", AS_AT)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"content/{name}: is a link; the build never follows links in content/" in result.stderr
    assert {p: p.read_bytes() for p in sorted((project / "plans").rglob("*")) if p.is_file()} == before
    assert sorted(os.listdir(project)) == listing


def test_an_output_folder_holding_the_plans_is_refused(project, tmp_path):
    out = tmp_path / "out"
    assert run(project, "build", "--as-at", AS_AT, "--site", str(out)).returncode == 0
    import shutil

    shutil.copytree(project / "plans", out / "myplans")
    result = run(project, "--plans", str(out / "myplans"), "build", "--as-at", AS_AT, "--site", str(out))
    assert result.returncode == 2
    assert one_line(result) == (f"build_site.py: --site {out}: that folder holds {out / 'myplans'}, which the build "
                                "must never delete; choose a folder that holds nothing of the project's")
    assert (out / "myplans/site.yaml").is_file()


def test_ctrl_c_while_starting_is_one_line(project):
    proc = subprocess.Popen([sys.executable, str(REPO / "build_site.py"), "check"], cwd=project,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "JOURNEY_TEST_READY": "start"})
    assert proc.stderr.readline() == "ready: start\n"  # the start-up handler is in place; the imports begin
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert "Traceback" not in err
    if proc.returncode != 0:  # it may also have finished first on a fast machine
        assert proc.returncode == 130 and err == "build_site.py: interrupted; nothing was changed\n"


def test_a_long_lead_name_builds(project):
    action = project / "plans/improvement-plans/wv-plan-2024/actions/1.2.yaml"
    action.write_text(action.read_text().replace("leads: [Wyvern Vale Borough Council]",
                                                 "leads: [" + "Wyvern Vale " * 23 + "Partnership Board]"))
    result = run(project, "build", "--as-at", AS_AT)
    assert result.returncode == 0, result.stderr
