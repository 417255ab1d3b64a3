"""Jinja's compiled templates kept between runs (the theme's, by the engine; ours, by render)."""

from __future__ import annotations

from pathlib import Path


def template_cache(folder: Path):
    """Jinja's bytecode cache in folder (made if missing), reading a damaged or unreadable entry as
    missing (the template is compiled again), never as a failure."""
    from jinja2 import FileSystemBytecodeCache

    class Forgiving(FileSystemBytecodeCache):
        def load_bytecode(self, bucket) -> None:
            try:
                super().load_bytecode(bucket)
            except Exception:  # noqa: BLE001 - a damaged cache entry is only a miss
                bucket.reset()

    folder.mkdir(parents=True, exist_ok=True)
    return Forgiving(str(folder))
