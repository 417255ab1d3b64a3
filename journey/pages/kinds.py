"""Every page kind, registered once: its name, template, the top-level path of content/ it writes, its
title in the navigation and the view that makes its pages (a function of journey/pages/views.py). The
navigation, the generated paths of content/ (GENERATED) and content/.gitignore are made from this
list, so adding a kind is one entry and its view; nothing is kept in step by hand.

Light on purpose (no imports): a build with nothing changed reads GENERATED before anything heavy.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageKind:
    """One kind of page: its name, its template ("" for a page made without one), the top-level path of
    content/ its pages go under, its title in the navigation if it has a place there (linking the
    kind's first page), and its view: the function of journey/pages/views.py that yields each page's
    path under content/ and what its template is given."""

    name: str
    template: str
    root: str
    view: str
    nav: str | None = None


# Every page kind, in the order of the navigation (kinds with no place in it follow).
PAGE_KINDS: list[PageKind] = [
    PageKind("home", "home.md.j2", "index.md", "home", "Where we stand"),
    PageKind("inspections", "inspections.md.j2", "inspections", "inspections", "Inspections"),
    PageKind("plans", "plans.md.j2", "plans", "plans", "Improvement plans"),
    PageKind("register", "register.md.j2", "register", "register", "Areas for improvement"),
    PageKind("themes", "themes.md.j2", "themes", "themes", "Themes"),
    PageKind("leads", "leads.md.j2", "leads", "leads", "Who leads what"),
    PageKind("timeline", "timeline.md.j2", "timeline", "timeline", "Timeline"),
    PageKind("metrics", "metrics.md.j2", "metrics", "metrics", "Performance figures"),
    PageKind("downloads", "downloads.md.j2", "downloads", "downloads", "Downloads"),
    PageKind("how to edit", "", "how-to-edit", "how_to_edit", "How to edit"),
    PageKind("sources", "sources.md.j2", "sources", "sources", "Sources"),
    PageKind("inspection", "inspection.md.j2", "inspections", "inspection"),
    PageKind("plan", "plan.md.j2", "plans", "plan"),
    PageKind("board report", "board.md.j2", "plans", "board"),
    PageKind("action", "action.md.j2", "plans", "action"),
    PageKind("theme", "theme.md.j2", "themes", "theme"),
    PageKind("lead", "lead.md.j2", "leads", "lead"),
]
# What a build writes into content/ beside the pages: the charts, the council's identity (its logo
# and header colour); the downloads go under the downloads kind's folder and the metrics' CSVs under
# theirs.
OTHER_OUTPUTS = ("charts", "identity")
# The top-level paths of content/ that belong to the generator: stale files under them are pruned, and
# hand-written pages must live elsewhere.
GENERATED: tuple[str, ...] = tuple(dict.fromkeys([kind.root for kind in PAGE_KINDS] + list(OTHER_OUTPUTS)))
HAND_WRITTEN_NAV = [("Accessibility", "accessibility.md")]  # pages of content/ with a place in the navigation


def nav(kinds: dict[str, list[str]]) -> list[dict[str, str]]:
    """The site navigation: each registered kind with a place in it (its first page), then the
    hand-written pages that have one."""
    return [{kind.nav: kinds[kind.name][0]} for kind in PAGE_KINDS if kind.nav and kinds.get(kind.name)] + \
        [{title: src} for title, src in HAND_WRITTEN_NAV]
