"""Charts cached by a hash of their data, drawing code and variant: a chart whose data has not changed
is not drawn again (matplotlib costs tens of ms a chart)."""

from __future__ import annotations

from pathlib import Path

from journey.errors import Problem, UserError
from journey.files import atomic_write
from journey.charts.draw import draw
from journey.charts.specs import Chart




class ChartCache:
    """SVG bytes by chart key, in a folder (or in memory when folder is None); counts draws."""

    def __init__(self, folder: Path | None = None):
        self.folder = folder
        self.memory: dict[str, bytes] = {}
        self.drawn = 0
        self.reused = 0

    def svg(self, chart: Chart, variant: str = "wide") -> bytes:
        """The chart's SVG in that variant ('wide' or 'narrow'), drawn only when not cached already."""
        key = chart.key_for(variant)
        path = self.folder / f"{key}.svg" if self.folder else None
        if key in self.memory:
            self.reused += 1
            return self.memory[key]
        data = path.read_bytes() if path and path.is_file() else b""
        if data.startswith(b"<?xml") and data.rstrip().endswith(b"</svg>"):  # whole, not a damaged entry
            self.reused += 1
        else:
            self.drawn += 1
            try:
                data = draw(chart, variant)
            except (KeyboardInterrupt, MemoryError):
                raise
            except Exception as e:  # noqa: BLE001 - a drawing failure names the chart, not a traceback
                detail = " ".join(str(e).split())[:200]
                raise UserError([Problem(f"content/{chart.src_for(variant)}", 0, 0, "", f"the chart '{chart.title}' could not be "
                                         f"drawn ({type(e).__name__}: {detail}); check the values it shows")]) from None
            if path:
                atomic_write(path, data)  # builds may share the cache: a reader sees the old entry or the new
        self.memory[key] = data
        return data
