"""Commands: check, build, serve. Exit 0 on success, 1 for problems in the plans, 2 for bad usage."""

from __future__ import annotations

import argparse
import sys
import threading
import time
from datetime import date
from pathlib import Path

from .charts import ChartCache
from .errors import UserError, format_problems
from .model import _date
from .render import TEMPLATES, render_site
from .site import Layout, build, sync_pages
from .validate import read_project


def _as_at(text: str) -> date:
    try:
        return _date(text)
    except ValueError as e:
        raise argparse.ArgumentTypeError(f"--as-at: {e}")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="build_site.py", description="Build the improvement-journey site from plans/.")
    p.add_argument("--root", type=Path, default=Path("."), help="project folder holding mkdocs.yml (default: .)")
    p.add_argument("--plans", type=Path, default=None, help="plans folder (default: ROOT/plans)")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    sub.add_parser("check", help="read and check every file in plans/; build nothing")
    b = sub.add_parser("build", help="check, generate content/, build site/ with MkDocs (strict)")
    b.add_argument("--as-at", type=_as_at, default=None, metavar="YYYY-MM-DD",
                   help="reporting date the pages use (default: as_at in site.yaml, else today)")
    b.add_argument("--site", type=Path, default=None, help="output folder (default: ROOT/site)")
    s = sub.add_parser("serve", help="live preview at http://127.0.0.1:8000, regenerating when plans change")
    s.add_argument("--as-at", type=_as_at, default=None, metavar="YYYY-MM-DD")
    s.add_argument("--addr", default="127.0.0.1:8000", help="address to serve on (default: 127.0.0.1:8000)")
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    root = args.root
    plans = args.plans or root / "plans"
    try:
        project = read_project(plans)
        if args.command == "check":
            counts = sum(len(b.actions) for b in project.plans.values())
            print(f"{plans}: no problems ({len(project.inspections)} inspections, {len(project.plans)} plans, "
                  f"{counts} actions, {len(project.events)} events, {len(project.metrics)} metrics)")
            return 0
        as_at = args.as_at or project.settings.as_at or date.today()
        if args.command == "build":
            layout = Layout.at(root, site=args.site)
            cache = ChartCache(layout.chart_cache)
            build(layout, render_site(project, as_at, cache))
            print(f"built {layout.site} as at {as_at.isoformat()} "
                  f"(charts: {cache.drawn} drawn, {cache.reused} unchanged)")
            return 0
        return _serve(root, plans, args.as_at, args.addr)
    except UserError as e:
        print(format_problems(e.problems), file=sys.stderr)
        return 1


def _snapshot(*folders: Path) -> dict[Path, float]:
    return {p: p.stat().st_mtime for f in folders for p in f.rglob("*") if p.is_file()}


def _regenerate(root: Path, plans: Path, as_at: date | None) -> None:
    """Regenerate content/ from plans/ (only changed files are written, so MkDocs sees real changes)."""
    try:
        project = read_project(plans)
        layout = Layout.at(root)
        pages = render_site(project, as_at or project.settings.as_at or date.today(), ChartCache(layout.chart_cache))
        changed = sync_pages(layout.content, pages)
        if changed:
            print(f"regenerated {len(changed)} page{'s' if len(changed) != 1 else ''}", file=sys.stderr)
    except UserError as e:
        print(format_problems(e.problems), file=sys.stderr)


def _serve(root: Path, plans: Path, as_at: date | None, addr: str) -> int:
    import logging

    from mkdocs.commands.serve import serve

    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logging.getLogger("mkdocs").addHandler(handler)
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    _regenerate(root, plans, as_at)
    stop = threading.Event()

    # Poll plans/ and the templates; MkDocs itself watches content/. We never write into content/
    # from inside an MkDocs build, and only write files whose bytes changed, so there is no loop.
    def watch() -> None:
        seen = _snapshot(plans, TEMPLATES)
        while not stop.wait(1.0):
            now = _snapshot(plans, TEMPLATES)
            if now != seen:
                seen = now
                _regenerate(root, plans, as_at)

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    try:
        serve(str(Layout.at(root).config), dev_addr=addr, livereload=True)
    finally:
        stop.set()
    return 0
