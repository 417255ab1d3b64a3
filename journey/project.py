"""Where things are, and what date the site is built as at: each decided here once.

Light on purpose (no pydantic, no model): a build with nothing changed resolves its as-at date and
its fingerprint before anything heavy is imported.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

READ_MAX = 4 * 1024 * 1024  # not read past this (the check refuses a file far smaller: limits.FILE_BYTES)


@dataclass(frozen=True)
class Layout:
    """The project's folders, relative to the one holding mkdocs.yml, and the paths of content/ that the
    generator writes (the registered page kinds' top-level paths, journey/pages/kinds.py)."""

    root: Path
    config: Path
    content: Path
    site: Path
    plans: Path
    generated: tuple[str, ...] = field(default=())

    @property
    def cache(self) -> Path:
        """Where the caches keyed by content live (charts, board report PDFs, page scans, compiled
        templates): .cache/ in the project, or the folder JOURNEY_CACHE names, which any number of
        project folders (or CI runs) may share."""
        shared = os.environ.get("JOURNEY_CACHE", "").strip()
        return Path(shared).expanduser() if shared else self.root / ".cache"

    @property
    def own_cache(self) -> Path:
        """The project's own .cache/ (the build lock and the last build's fingerprint), never shared."""
        return self.root / ".cache"

    @property
    def theme(self) -> Path:
        """theme_overrides/: the project's additions to the theme's templates and styles."""
        return self.root / "theme_overrides"

    @property
    def template_cache(self) -> Path:
        return self.cache / "templates"

    @property
    def chart_cache(self) -> Path:
        return self.cache / "charts"

    @property
    def report_cache(self) -> Path:
        return self.cache / "reports"

    @property
    def scan_cache(self) -> Path:
        return self.cache / "scans.json"

    @classmethod
    def at(cls, root: Path, *, site: Path | str | None = None, plans: Path | str | None = None,
           generated: tuple[str, ...] = (), config: str = "mkdocs.yml") -> "Layout":
        given, root = Path(root), Path(root).resolve()
        # (plans/ as the editor gave it, so messages name its files as they know them)
        return cls(root, root / config, root / "content", Path(site).resolve() if site else root / "site",
                   Path(plans) if plans else given / "plans", tuple(generated))


def pinned_as_at(site_yaml: Path) -> date | None:
    """The as_at date site.yaml gives, read as YAML as the build reads it (ISO), or None (not given, or
    not readable: the check says what is wrong with it)."""
    import yaml

    try:
        if site_yaml.is_symlink() or not site_yaml.is_file() or site_yaml.stat().st_size > READ_MAX:
            return None
        data = yaml.load(site_yaml.read_bytes(), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, yaml.YAMLError, ValueError, RecursionError):
        return None
    value = data.get("as_at") if isinstance(data, dict) else None
    return as_date(value)


def as_date(value) -> date | None:
    """A date given as a date or as ISO text (2021-09-16), or None."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


@dataclass(frozen=True)
class AsAt:
    """The date a site is built as at, and where it came from (said in messages)."""

    day: date
    source: str  # "--as-at", "as_at in site.yaml" or "today, as site.yaml sets no as_at"

    @property
    def pinned(self) -> bool:
        return not self.source.startswith("today")


def resolve_as_at(given: date | None = None, pinned=None, today: date | None = None) -> AsAt:
    """The as-at date, the whole site's clock: a date given on the command line (--as-at), else
    site.yaml's as_at (a date, or ISO text as typed), else today. The one place this is decided."""
    if given is not None:
        return AsAt(given, "--as-at")
    day = as_date(pinned)
    if day is not None:
        return AsAt(day, "as_at in site.yaml")
    return AsAt(today or date.today(), "today, as site.yaml sets no as_at")


ENGINES = ("mkdocs", "zensical")  # the site engines a build can use (journey/engine/engines.py)
DEFAULT_ENGINE = "mkdocs"


class EngineChoiceError(ValueError):
    """The engine asked for is not one of ENGINES, or pyproject.toml cannot be read."""


def engine_name(given: str | None, root: Path) -> str:
    """Which engine builds: --engine, else `[tool.journey] engine` in the project's pyproject.toml,
    else DEFAULT_ENGINE. (Not plans/site.yaml: that is editors' data, published in journey.json.)"""
    if given is not None:
        if given not in ENGINES:
            raise EngineChoiceError(f"--engine {given!r}: expected one of {', '.join(ENGINES)}")
        return given
    import tomllib

    try:
        data = tomllib.loads((root / "pyproject.toml").read_text("utf-8"))
    except FileNotFoundError:
        return DEFAULT_ENGINE
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise EngineChoiceError(f"pyproject.toml cannot be read ({' '.join(str(e).split())}); fix it, or choose the "
                                "engine with --engine") from None
    tools = data.get("tool", {})
    tool = tools.get("journey", {}) if isinstance(tools, dict) else {}
    name = tool.get("engine", DEFAULT_ENGINE) if isinstance(tool, dict) else DEFAULT_ENGINE
    if name not in ENGINES:
        raise EngineChoiceError(f"pyproject.toml: [tool.journey] engine = {name!r}; expected one of "
                                f"{', '.join(ENGINES)}")
    return name
