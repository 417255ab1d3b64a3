"""Commands: check, build, serve, new, changes.

Exit 0 on success, 1 for problems in the plans (or a build that failed), 2 for bad usage, 130 when
interrupted. This is the one boundary every failure passes: whatever goes wrong becomes one clear
line (or, for problems in the plans, one line per problem), never a traceback, with personal data
hidden. Set JOURNEY_DEBUG=1 to see the traceback of an unexpected error as well.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
import traceback
from datetime import date
from pathlib import Path

from journey import fingerprint
from journey import guard
from journey.inputs import privacy
from journey import scaffold
from journey.errors import BuildError, UsageError, UserError, format_problems, shown
from journey.project import DEFAULT_ENGINE, ENGINES, EngineChoiceError, engine_name

# The rest (the model, the engine, the charts) is imported where it is needed, so that `check` does
# not load the site engine and a build with nothing to do loads neither.

PROG = "build_site.py"


def _as_at(text: str) -> date:
    from journey.inputs.days import day
    from journey.inputs.limits import YearWindow

    try:
        return day(text, YearWindow(from_site=False))
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, not the usage block
        _say(f"{PROG}: {message} (see {PROG} --help)")
        raise SystemExit(2)


def parser() -> argparse.ArgumentParser:
    p = _Parser(prog=PROG, description="Build the improvement-journey site from plans/.")
    p.add_argument("--root", type=Path, default=Path("."), help="project folder holding mkdocs.yml (default: .)")
    p.add_argument("--plans", type=Path, default=None, help="plans folder (default: ROOT/plans)")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)
    sub.add_parser("check", help="read and check every file in plans/, and the hand-written pages' settings and "
                                 "text; build nothing (their links and HTML are checked as the site is built: "
                                 "build, serve)")
    b = sub.add_parser("build", help="check, generate content/, build site/ with the site engine (strict)")
    b.add_argument("--as-at", type=_as_at, default=None, metavar="YYYY-MM-DD",
                   help="reporting date the pages use (default: as_at in site.yaml, else today)")
    b.add_argument("--engine", choices=ENGINES, default=None,
                   help=f"the site engine (default: [tool.journey] engine in pyproject.toml, else {DEFAULT_ENGINE})")
    b.add_argument("--timings", action="store_true", help="say how long each part of the build took")
    b.add_argument("--force", action="store_true",
                   help="build even when nothing has changed since the last build")
    b.add_argument("--site", type=Path, default=None,
                   help="output folder (default: ROOT/site); replaced whole, so it must be new, empty or a "
                        "site this tool built")
    n = sub.add_parser("new", help="start a record with what to fill in marked: " + ", ".join(scaffold.KINDS),
                       description="Start a record in the house style. Values to write are marked FILL IN; the "
                                   "check refuses them until they are filled in. Examples: " + "; ".join(
                                       f"new {k} {ex}" for k, (_, _, ex) in scaffold.KINDS.items()))
    n.add_argument("kind", choices=list(scaffold.KINDS), metavar="KIND", help=" | ".join(scaffold.KINDS))
    n.add_argument("name", metavar="WHICH", help="; ".join(f"{k}: {what}" for k, (_, what, _) in
                                                          scaffold.KINDS.items()))
    c = sub.add_parser("changes", help="summarise, in Markdown, what changes in plans/ from one git revision to "
                                       "another (for reviewers of a pull request)")
    c.add_argument("base", metavar="BASE", help="the revision before the change, like origin/main")
    c.add_argument("head", metavar="HEAD", nargs="?", default="HEAD", help="the revision after it (default: HEAD)")
    s = sub.add_parser("serve", help="live preview at http://127.0.0.1:8000, regenerating when plans change")
    s.add_argument("--as-at", type=_as_at, default=None, metavar="YYYY-MM-DD",
                   help="reporting date the pages use (default: as_at in site.yaml, else today)")
    s.add_argument("--addr", default="127.0.0.1:8000", help="address to serve on (default: 127.0.0.1:8000)")
    s.add_argument("--engine", choices=ENGINES, default=None,
                   help=f"the site engine (default: [tool.journey] engine in pyproject.toml, else {DEFAULT_ENGINE})")
    return p


def _say(line: str, stream=None) -> None:
    """Print one line of a report: personal data hidden, hidden characters made visible."""
    stream = stream or sys.stderr
    try:
        print(shown(privacy.redact(line)), file=stream, flush=True)
    except (BrokenPipeError, ValueError):  # the reader went away (`| head`): nothing more to say
        pass


def _quiet_libraries() -> None:
    """Libraries' own warnings (a font without some glyph, a cache folder it cannot write) are not
    problems in the plans: keep them off the report, which is one line per problem."""
    import logging
    import warnings

    warnings.filterwarnings("ignore", module="matplotlib")
    warnings.filterwarnings("ignore", category=UserWarning, message=".*[Gg]lyph.*")
    logging.getLogger("matplotlib").setLevel(logging.ERROR)
    for name in ("weasyprint", "fontTools"):  # the board report PDF's library and its font tools
        logging.getLogger(name).setLevel(logging.ERROR)


def main(argv: list[str] | None = None) -> int:
    try:
        _quiet_libraries()
        return _run(parser().parse_args(argv))
    except SystemExit:
        raise
    except UserError as e:
        for line in format_problems(e.problems).split("\n"):
            _say(line)
        return 1
    except UsageError as e:
        _say(f"{PROG}: {e}")
        return 2
    except BuildError as e:
        _say(f"{PROG}: {e}; nothing was changed")
        return 1
    except KeyboardInterrupt:
        _say(f"{PROG}: interrupted; nothing was changed")
        return 130
    except BaseException as e:  # noqa: BLE001 - the one boundary: no traceback ever reaches the editor
        _say(f"{PROG}: {_failure(e)}")
        if os.environ.get("JOURNEY_DEBUG"):
            traceback.print_exc()
        return 1


def _failure(e: BaseException) -> str:
    """One line saying what went wrong and where, for an exception nothing else caught."""
    if isinstance(e, RecursionError):
        return "the input is nested too deeply to read; nothing was changed. Simplify the file that was last edited"
    if isinstance(e, MemoryError):
        return "ran out of memory; nothing was changed. Check for a very large file under plans/"
    if isinstance(e, OSError):
        where = f" {e.filename}" if e.filename else ""
        why = (e.strerror or str(e) or type(e).__name__).lower()
        return f"could not read or write{where}: {why}; nothing was changed"
    detail = " ".join(str(e).split())[:300]
    return (f"unexpected error ({type(e).__name__}{': ' + detail if detail else ''}); nothing was changed. "
            "This is a fault in the generator: please report it with the command you ran "
            "(JOURNEY_DEBUG=1 shows the details)")


def _run(args: argparse.Namespace) -> int:
    from journey import pipeline

    layout = pipeline.layout(args.root, site=args.site if args.command == "build" else None, plans=args.plans)
    plans = layout.plans
    if args.command == "check":
        project = pipeline.read(layout)
        counts = sum(len(b.actions) for b in project.plans.values())
        _say(f"{plans}: no problems ({len(project.inspections)} inspections, {len(project.plans)} plans, "
             f"{counts} actions, {len(project.events)} events, {len(project.metrics)} metrics)", sys.stdout)
        return 0
    if args.command == "changes":
        from journey.changes import compare

        sys.stdout.write(compare(plans, args.base, args.head))
        return 0
    if args.command == "new":
        if not plans.is_dir():
            raise UsageError(f"no plans folder at {plans}; run from the project folder or pass --plans")
        check = "make check" if args.plans is None else f"{PROG} --plans {args.plans} check"
        for line in scaffold.new(plans, args.kind, args.name, check=check):
            _say(line, sys.stdout)
        return 0
    if not layout.config.is_file():
        raise UsageError(f"no mkdocs.yml in {layout.root}; run from the project folder or pass --root")
    if args.command == "build":
        guard.check_output(layout.site, layout.root, plans=layout.plans, default=layout.root / "site")
    guard.check_cache(layout.cache, layout.root, layout.site, plans)
    if args.command == "serve":
        from journey.preview import Preview

        return Preview(layout, args.as_at, engine=args.engine).serve(args.addr)
    return _build(layout, args)


def _build(layout, args: argparse.Namespace) -> int:
    from journey import pipeline
    from journey.engine.content import layout_problems

    stamp = fingerprint.of(layout, args.as_at, engine=_engine(args.engine, layout))
    last = None if args.force else fingerprint.unchanged(layout, stamp, guard.SITE_MARKER)
    # (A file put in a folder of content/ the generator writes is not an input, but the check refuses
    # it: never "nothing changed" where `check` would fail; the build below says why.)
    if last and not layout_problems(layout):
        _say(f"nothing changed since the last build: {layout.site} is up to date (as at {last['as_at']}); "
             "nothing to do (--force builds anyway)", sys.stdout)
        return 0
    main = threading.current_thread() is threading.main_thread()
    previous = {stop: signal.getsignal(stop) for stop in _STOPS} if main else {}
    try:
        if main:
            for stop in (signal.SIGTERM, signal.SIGHUP):  # stopped like Ctrl-C: the child too, nothing left behind
                signal.signal(stop, _interrupt)
        with guard.BuildLock(layout.own_cache, say=_say):
            made = pipeline.build(layout, args.as_at, engine=args.engine, after_swap=lambda made: _done(layout, stamp, made.as_at, main))
        if args.timings:
            _say("timings: " + ", ".join(f"{k} {v:.2f} s" for k, v in made.timings.items()), sys.stderr)
        _say(f"built {layout.site} as at {made.as_at.isoformat()} (charts: {made.drawn} drawn, "
             f"{made.reused} unchanged)", sys.stdout)
        return 0
    finally:
        for stop, handler in previous.items():
            signal.signal(stop, handler)


_STOPS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def _engine(given: str | None, layout) -> str:
    try:
        return engine_name(given, layout.root)
    except EngineChoiceError as e:
        raise UsageError(str(e)) from None


def _interrupt(_signum, _frame) -> None:
    raise KeyboardInterrupt


def _done(layout, stamp: str, as_at: date, main: bool) -> None:
    """The new site is in place: record it, and from now on let no interrupt claim otherwise (one held
    back during the swap is dropped; all that is left is to say what was built)."""
    if main:
        for stop in _STOPS:
            signal.signal(stop, signal.SIG_IGN)
    fingerprint.record(layout, stamp, as_at)
