"""Category icons: Material Design SVGs read from the installed mkdocs-material package (no
outside request), always shown beside the category's name, never instead of it. A page holds
each icon once, as a symbol, and every use points at it."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from markupsafe import Markup

CATEGORY_ICONS = {
    "inspection": "magnify",
    "governance": "gavel",
    "leadership": "account-tie",
    "workforce": "account-group",
    "practice": "clipboard-check-outline",
    "fostering and adoption": "home-heart",
    "partnership": "handshake",
    "recognition": "trophy",
    "plan": "calendar-check",
    "performance": "chart-line",
    "early help": "hand-heart",
}


@lru_cache(maxsize=None)
def _svg(name: str) -> str:
    import material

    path = Path(material.__file__).parent / "templates" / ".icons" / "material" / f"{name}.svg"
    return path.read_text("utf-8").strip()


def sprite(names: list[str]) -> Markup:
    """The icons a page uses, defined once, out of sight."""
    symbols = []
    for name in sorted(set(names)):
        svg = _svg(name)
        view_box = re.search(r'viewBox="([^"]+)"', svg).group(1)
        inner = svg[svg.index(">") + 1: svg.rindex("</svg>")]
        symbols.append(f'<symbol id="ij-icon-{name}" viewBox="{view_box}">{inner}</symbol>')
    return Markup('<svg class="ij-sprite" aria-hidden="true" focusable="false" style="display: none">'
                  + "".join(symbols) + "</svg>")


def use(name: str) -> Markup:
    """One icon, pointing at its symbol in the page's sprite; hidden from screen readers."""
    return Markup(f'<svg class="ij-icon" aria-hidden="true" focusable="false"><use href="#ij-icon-{name}"></use></svg>')
