"""The two site engines behind one call, `Engine.build(config, dirty=...)`: build the docs folder a
generated configuration names into the folder it names as site_dir, and return the engine's warnings and errors as text
(empty: built). Engines are black boxes: MkDocs through its public build command in this process
(mkdocs.config.load_config and mkdocs.commands.build.build), Zensical through its command line in a
child process that dies with the build. Turning their messages into problems is adapter.py's.

Which engine builds: journey/project.py engine_name decides."""

from __future__ import annotations

import logging
import os
import re
import shutil
import signal
import subprocess
import sys
import traceback
from pathlib import Path

from journey.engine.config import dump
from journey.errors import UsageError
from journey.files import atomic_write
from journey.project import EngineChoiceError, engine_name

class Engine:
    """One site engine. workspace: a folder of its own under the project's cache (its generated
    configuration, and whatever else it keeps between builds)."""

    name = ""
    ignores: tuple[str, ...] = ()  # mkdocs.yml keys this engine does not read (warned about)

    def __init__(self, workspace: Path):
        self.workspace = workspace

    def build(self, config: dict, *, dirty: bool = False) -> list[str]:
        raise NotImplementedError

    def write_config(self, config: dict) -> Path:
        path = self.workspace / "mkdocs.yml"
        atomic_write(path, dump(config), only_if_changed=True)
        return path


class _Collect(logging.Handler):
    """MkDocs' warnings and errors, but for the notice it gives of every dirty build (which the
    preview asks for)."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if not message.startswith("A 'dirty' build is being performed"):
            self.messages.append(message)


_PAGE_ERROR = re.compile(r"Error (?:building|reading) page '(.+?)':\s*(.*)", re.DOTALL)  # how MkDocs names a page


class MkDocs(Engine):
    """MkDocs 1.6 with Material, in this process, through its public build command."""

    name = "mkdocs"

    def build(self, config: dict, *, dirty: bool = False) -> list[str]:
        from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError
        from mkdocs import exceptions
        from mkdocs.commands.build import build
        from mkdocs.config import load_config

        path = self.write_config({**config, "hooks": [str(Path(__file__).with_name("mkdocs_hooks.py"))]})
        log = logging.getLogger("mkdocs")
        handler = _Collect()
        log.addHandler(handler)
        level = log.level
        log.setLevel(logging.WARNING)
        try:
            build(load_config(str(path)), dirty=dirty)
        except exceptions.Abort as e:
            return handler.messages or [str(e)]
        except exceptions.ConfigurationError as e:
            return handler.messages + [f"configuration error: {' '.join(str(e).split())}"]
        except (KeyboardInterrupt, MemoryError, RecursionError):
            raise
        except Exception as e:  # noqa: BLE001 - the engine's own failure, reported as one line
            detail = " ".join(str(e).split()) or type(e).__name__
            if isinstance(e, TemplateSyntaxError) and e.filename:  # a theme template: named, at its line
                return handler.messages + [f"template unreadable '{e.filename}' at {e.lineno}: "
                                           f"{' '.join(e.message.split())}"]
            where = template_where(e) if isinstance(e, TemplateError) else None
            if where:  # failed as it ran (an undefined name, a missing include): the template, not the page
                words = f"no template '{e.name}'" if isinstance(e, TemplateNotFound) else f"{type(e).__name__}: {detail}"
                return [m for m in handler.messages if not _PAGE_ERROR.match(m)] + [
                    f"template failed '{where[0]}' at {where[1]}: {words}"]
            page = next((m for m in handler.messages if _PAGE_ERROR.match(m)), None)
            if page is not None:  # the engine named the page it was building: once, with what went wrong
                if page.endswith(":"):  # (for its own BuildError MkDocs leaves the words to the exception)
                    handler.messages[handler.messages.index(page)] = f"{page} {detail}"
                return handler.messages
            return handler.messages + [f"the site engine failed ({type(e).__name__}: {detail})"]
        finally:
            log.removeHandler(handler)
            log.setLevel(level)
        return handler.messages


def template_where(error: BaseException) -> tuple[str, int] | None:
    """The theme template (file, line) a rendering error arose in, from its traceback: Jinja gives
    a template's frames the template's own file and line. None when it arose elsewhere."""
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if frame.filename.endswith((".html", ".xml")) and frame.lineno:
            return frame.filename, frame.lineno
    return None


def _die_with_parent() -> None:  # pragma: no cover - runs in the child, before it starts the engine
    """The child ends when the build that started it ends, however it ends (Linux: a signal the
    kernel sends at the parent's death; elsewhere the process group the build stops)."""
    if sys.platform == "linux":
        import ctypes

        try:
            ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass


def run_child(argv: list[str], cwd: Path, env: dict | None = None) -> tuple[int, str]:
    """Run an engine's command line to its end; (exit code, what it printed). Stopping the build
    (Ctrl-C, a stop signal) stops the child too."""
    process = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                               env={**os.environ, **(env or {})}, preexec_fn=_die_with_parent)
    try:
        out, _ = process.communicate()
    except BaseException:
        process.kill()
        process.wait()
        raise
    return process.returncode, out.decode("utf-8", errors="replace")


def engine(name: str | None, layout) -> Engine:
    """The engine to build with (name: --engine, or None for the project's choice: project.engine_name)."""
    try:
        chosen = engine_name(name, layout.root)
    except EngineChoiceError as e:
        raise UsageError(str(e)) from None
    return ENGINES[chosen](layout.own_cache / "engine" / chosen)


_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
_BOX = re.compile(r"^\s*╭─\[\s*(.+?):(\d+):(\d+)\s*\]")
_ERROR = re.compile(r"^(?:Error|[A-Za-z]*Error|[A-Za-z]*Warning): (.*)")
_IN_TEMPLATE = re.compile(r"\(in ([^():]+\.html):(\d+)\)\s*$")


class Zensical(Engine):
    """Zensical (pinned exactly in pyproject.toml) through its command line, in a child process.

    Zensical 0.1.2 reads mkdocs.yml's keys, but resolves docs_dir inside its config file's folder
    and keeps its cache in .cache/ beside it. So it gets a workspace of its own under the project's
    cache: the generated config, a copy of the docs folder kept in step (only changed files are
    written, so its cache stays warm), its output and its cache; the output is copied out after a
    build with nothing to say. Its messages (coloured boxes, Python's warnings and errors) are read
    here into the one-line forms adapter.engine_problem knows."""

    name = "zensical"

    def build(self, config: dict, *, dirty: bool = False) -> list[str]:  # noqa: ARG002 - it keeps its own cache
        docs, out = Path(config["docs_dir"]), Path(config["site_dir"])
        theme = dict(config.get("theme") or {})
        theme.setdefault("variant", "classic")  # Material's look (Zensical's own is "modern")
        mirror, built = self.workspace / "docs", self.workspace / "site"
        _mirror(docs, mirror)
        path = self.write_config({**config, "docs_dir": mirror.name, "site_dir": built.name, "strict": False,
                                  "theme": theme})
        code, said = run_child([sys.executable, "-m", "zensical", "build", "-f", str(path)], self.workspace,
                               env={"NO_COLOR": "1", "PYTHONWARNINGS": "default"})
        messages = _zensical_messages(said, theme.get("custom_dir"))
        if code != 0 and not messages:
            last = [line for line in _ANSI.sub("", said).splitlines() if line.strip()][-1:] or ["no output"]
            messages = [f"the site engine failed (zensical exit {code}: {last[0].strip()})"]
        if not messages:
            shutil.rmtree(out, ignore_errors=True)
            shutil.copytree(built, out, symlinks=True)
        return messages


def _zensical_messages(said: str, theme: str | None) -> list[str]:
    """Zensical's output as one-line messages: each boxed warning at its page, line and column; a
    template error at its template and line; any other error or Python warning in its own words."""
    lines = _ANSI.sub("", said).splitlines()
    messages = []
    for i, line in enumerate(lines):
        text = line.strip()
        if text.startswith("Warning: ") and i + 1 < len(lines) and (box := _BOX.match(lines[i + 1])):
            page, row, column = box.groups()
            messages.append(f"Doc file '{page}' at {row}:{column}: {text.removeprefix('Warning: ')}")
            continue
        error = _ERROR.match(text)
        if not error or "Aborted because --strict" in text:
            continue
        words = " ".join(error.group(1).split())
        where = _IN_TEMPLATE.search(words)
        if where:
            name = Path(theme) / where.group(1) if theme and (Path(theme) / where.group(1)).is_file() else where.group(1)
            messages.append(f"template failed '{name}' at {where.group(2)}: {words[:where.start()].strip()}")
        elif text.startswith(("Error: ", "RuntimeError: ")) or "Warning: " in text:
            messages.append(words)
    return list(dict.fromkeys(messages))


def _mirror(source: Path, target: Path) -> None:
    """Make target hold exactly source's files, writing only those that differ (their times then say
    what changed, for the engine's cache) and removing the rest."""
    from journey.files import files_under

    wanted = set(files_under(source))
    for rel in wanted:
        data = (source / rel).read_bytes()
        atomic_write(target / rel, data, only_if_changed=True)
    for rel in set(files_under(target)) - wanted if target.is_dir() else ():
        (target / rel).unlink()
    for folder in sorted((p for p in target.rglob("*") if p.is_dir()), reverse=True) if target.is_dir() else ():
        if not any(folder.iterdir()):
            folder.rmdir()


ENGINES: dict[str, type[Engine]] = {"mkdocs": MkDocs, "zensical": Zensical}
