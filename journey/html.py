"""HTML made from data, in one autoescaping template environment: every value escaped unless it is
Markup we built ourselves (sanitised prose, computed links), so an editor's text can never become
markup. The templates are journey/pages/templates/html/; the pages and the board report share them.
"""

from __future__ import annotations

import functools
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

HTML_TEMPLATES = Path(__file__).parent / "pages" / "templates" / "html"


@functools.cache
def environment() -> Environment:
    """The one environment for HTML fragments (autoescape on)."""
    return Environment(loader=FileSystemLoader(str(HTML_TEMPLATES)), undefined=StrictUndefined, autoescape=True,
                       trim_blocks=True, lstrip_blocks=True)


def render(template: str, **values) -> Markup:
    """A fragment of HTML from its template and plain values."""
    return Markup(environment().get_template(template).render(**values))


def fragments():
    """The shared HTML pieces (html/fragments.html.j2), each a macro returning escaped Markup."""
    return environment().get_template("fragments.html.j2").module


def data_table(columns: list[str], rows: list[list], *, caption: str = "", cls: str = "", label: str = "") -> str:
    """A data table as HTML: every value escaped unless it is Markup, and each cell carrying its
    column's name, so that on a phone the rows can reflow as cards that still say what each value
    is. Set apart by blank lines, as an HTML block in Markdown must be."""
    return "\n" + render("table.html.j2", columns=columns, rows=rows, caption=caption, cls=cls, label=label) + "\n"
