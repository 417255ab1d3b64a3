"""The board report: one plan's progress as at the as-at date, for a board that reads papers.

The facts come from derive.board_report; this module lays them out as tables (shared by the web page
and the PDF) and makes the standalone A4 document (its own template and print stylesheet, not the
web page) into a PDF with WeasyPrint. RAG is always words first; colour only repeats it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Callable

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from journey.errors import BuildError
from journey import facts as derive
from journey.inputs import model as m
from journey.html import data_table
from journey.html import fragments
from journey.text import h, plain

TEMPLATES = Path(__file__).parent / "templates"  # the board report's own template and print stylesheet


class ReportError(BuildError):
    """The PDF could not be made (the library or the fonts it needs are missing)."""


def due_text(a: derive.ActionFacts, full: bool = False, original: bool = False) -> str:
    """The due date in force and any cadence, or 'not given'. Short: '31 March 2025 (revised)';
    `original` (the board report): '31 March 2025 (revised from 31 August 2024)'; `full` (the action
    page): 'due 31 August 2024, revised to 31 March 2025 on 15 August 2024: reason'."""
    act = a.action
    parts = []
    if full and act.revisions:
        text = m.human(act.due) if act.due else "no date"
        for r in act.revisions:
            text += f", revised to {m.human(r.due)} on {m.human(r.date)}: {r.reason}"
        parts.append(text)
    elif a.due:
        text = m.human(a.due)
        if act.revisions and original:
            text += f" (revised from {m.human(act.due)})" if act.due else " (set by revision)"
        elif act.revisions:
            text += " (revised)"
        parts.append(text)
    if act.cadence:
        parts.append(act.cadence)
    return "; ".join(parts) or "not given"



@dataclass
class BoardTables:
    """The report's parts as HTML, ready for the page or the PDF."""

    headline: Markup
    exceptions: Markup
    overdue: Markup
    revisions: Markup
    ratings: Markup
    completed_since: Markup
    revised_since: Markup
    newly_overdue: Markup
    actions: Markup
    evidence: Markup  # what a document records as done, where any is recorded
    flags: tuple[str, ...] = ()  # uncertain kinds marked in the tables (the PDF explains each at its foot)


def board_tables(report: derive.BoardReport, facts: derive.Facts, project: m.Project,
                 href: Callable[[str], str] | None = None, marks: Callable | None = None) -> BoardTables:
    """Every table of the report. `href` gives an action's address (the page links numbers to action
    pages; the PDF, read on paper, does not). `marks` makes the marker of an uncertain reading (the
    page's links to its key); without it the marker is words the PDF's foot explains."""
    settings = project.settings
    flags: list[str] = []

    def marker(kinds: list[str], alternative=()) -> Markup:
        for k in kinds:
            if k not in flags:
                flags.append(k)
        if marks is not None:
            return marks(kinds, alternative=alternative)
        return Markup(" ({})").format(", ".join(m.marker_words(k, alternative) for k in kinds)) if kinds else Markup("")
    labels = {r.key: r.label for r in settings.rag}
    colours = {r.key: r.colour for r in settings.rag}

    def number(key: str) -> Markup:
        a = facts.actions[key]
        if href is None:
            return Markup(h(a.number))
        return fragments().link(href(key), a.number)

    def rag(key: str | None, words: str | None = None) -> Markup:
        words = words or (labels[key] if key else derive.NOT_RATED)
        return fragments().rag(words, None if key is None else colours[key])

    def due(key: str) -> str:
        return due_text(facts.actions[key], original=True)

    def title(key: str) -> str:
        return facts.actions[key].action.title

    def lead(key: str) -> Markup:
        a = facts.actions[key]
        return Markup("{}{}").format(a.action.leads[0], marker(["lead"]) if a.lead_uncertain else "")

    def note(key: str) -> str:
        text = facts.actions[key].latest_note
        return plain(text) if text else "no note"

    def table(columns, rows, caption, cls="") -> Markup:
        return Markup(data_table(columns, rows, caption=caption, cls=f"ij-board {cls}".strip()))

    counts = report.counts
    if report.recorded:
        head_rows = [["Actions in the plan", len(report.actions)]]
        head_rows += [[rag(r.key), counts[r.key]] for r in settings.rag]
        head_rows += [[rag(None), counts[None]],
                      ["Completed", len(report.completed)],
                      ["Overdue", len(report.overdue)],
                      [f"Due by the next board ({m.human(report.next.day)})", len(report.due_before_next)],
                      [f"Not updated since the previous board ({m.human(report.previous.day)})",
                       len(report.not_updated)]]
    elif report.actions:
        head_rows = [["Actions in the plan", len(report.actions)]]
    else:
        head_rows = [["Actions in the plan", "not recorded in the sources"]]
    headline = table(["Standing", "Actions"], head_rows, "Actions by standing", "ij-board-headline")

    exceptions = table(["No.", "Action", "Lead", "Due", "Progress", "Latest note"],
                       [[number(k), title(k), lead(k), due(k), rag(facts.actions[k].status.key),
                         note(k)] for k in report.exceptions],
                       "Actions rated " + " or ".join(labels[r.key].split(":")[0].lower() for r in settings.rag
                                                      if derive.is_exception(r, settings.rag))) \
        if report.exceptions else Markup("")
    overdue = table(["No.", "Action", "Lead", "Due", "Progress", "Last update"],
                    [[number(k), title(k), lead(k), due(k), rag(facts.actions[k].status.key),
                      m.human(facts.actions[k].last_update) if facts.actions[k].last_update else "none yet"]
                     for k in report.overdue], "Overdue actions") if report.overdue else Markup("")

    def revision_rows(items: list[derive.Revised]) -> list[list]:
        return [[number(r.key), title(r.key), m.human(r.replaced) if r.replaced else "not given",
                 m.human(r.revision.due), m.human(r.revision.date), r.revision.reason] for r in items]

    revision_columns = ["No.", "Action", "Due before", "Revised to", "Revised on", "Reason"]
    revisions = table(revision_columns, revision_rows(report.revisions), "Revised due dates") \
        if report.revisions else Markup("")
    revised_since = table(revision_columns, revision_rows(report.revised_since),
                          "Due dates revised since the previous board") if report.revised_since else Markup("")

    def change(c: derive.RatingChange, what: str) -> Markup:
        now = getattr(c.update, what)
        before = getattr(c, f"{what}_before")
        if now is None:
            return Markup("no new rating")
        if before is None:
            return Markup("first rating: ") + rag(now)
        if before == now:
            return Markup("unchanged: ") + rag(now)
        return Markup(f"{h(labels[before])} → ") + rag(now)

    ratings = table(["No.", "Action", "Date", "Progress", "Impact", "Note"],
                    [[number(c.key), title(c.key), m.human(c.update.date), change(c, "progress"),
                      change(c, "impact"), c.update.note and plain(c.update.note) or "no note"]
                     for c in report.changes],
                    "Ratings given since the previous board") if report.changes else Markup("")
    completed_since = table(["No.", "Action", "Completed"],
                            [[number(k), title(k), m.human(facts.actions[k].action.completed)]
                             for k in report.completed_since], "Completed since the previous board") \
        if report.completed_since else Markup("")
    newly_overdue = table(["No.", "Action", "Due"],
                          [[number(k), title(k), due(k)] for k in report.newly_overdue],
                          "Became overdue since the previous board") if report.newly_overdue else Markup("")

    if report.recorded:
        rows = []
        for k in report.actions:
            a = facts.actions[k]
            rows.append([number(k), a.action.title, lead(k), due_text(a, original=True),
                         Markup("completed ") + m.human(a.action.completed) if a.completed else rag(a.status.key),
                         rag(a.impact.key) if a.impact else rag(None),
                         m.human(a.last_update) if a.last_update else "none yet"])
        actions = table(["No.", "Action", "Lead", "Due", "Progress", "Impact", "Last update"], rows,
                        "One line per action", "ij-board-actions")
    else:
        actions = table(["No.", "Action", "Lead", "Due"],
                        [[number(k), facts.actions[k].action.title, lead(k), due(k)]
                         for k in report.actions], "One line per action", "ij-board-actions")
    evidence_rows = [[number(k), title(k), Markup("{}{}").format(e.date.human, marker(e.uncertain, e.alternative)),
                      plain(e.text)] for k in report.actions for e in facts.actions[k].action.evidence]
    evidence = table(["No.", "Action", "When", "Recorded as done"], evidence_rows,
                     "What the documents record as done") if evidence_rows else Markup("")
    return BoardTables(headline, exceptions, overdue, revisions, ratings, completed_since, revised_since,
                       newly_overdue, actions, evidence, tuple(flags))


def not_recorded_sentence(report: derive.BoardReport) -> str:
    ends = f" after {report.record_ends.human}" if report.record_ends else ""
    lists = ("It lists the actions and their due dates." if report.actions else
             "The plan's actions themselves are not among the documents we hold, so none is listed.")
    return (f"No document we hold reports progress against this plan{ends}, so this report rates, counts and "
            f"flags nothing: progress not known is not the same as none. {lists}")


# --------------------------------------------------------------------------- the PDF


def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(str(TEMPLATES)), undefined=StrictUndefined,
                       autoescape=select_autoescape(default=True, default_for_string=True),
                       trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def _font_folder() -> Path:
    """The DejaVu fonts matplotlib ships: the PDF looks the same on every machine, whatever fonts
    the system has."""
    import matplotlib
    return Path(matplotlib.get_data_path()) / "fonts" / "ttf"


def board_document(report: derive.BoardReport, facts: derive.Facts, project: m.Project) -> str:
    """The standalone report document (HTML) the PDF is made from."""
    settings = project.settings
    plan = project.plans[report.plan].plan
    tables = board_tables(report, facts, project)
    css = (TEMPLATES / "board.css").read_text("utf-8")
    fonts = _font_folder().as_uri()
    return _environment().get_template("board.html.j2").render(
        settings=settings, plan=plan, report=report, t=tables, as_at=m.human(report.as_at),
        flags=[(m.UNCERTAIN[k][0].capitalize(), m.UNCERTAIN[k][1]) for k in tables.flags],
        previous=m.human(report.previous.day), next=m.human(report.next.day),
        not_recorded=not_recorded_sentence(report), css=Markup(css.replace("FONTS/", fonts + "/")),
        created=report.as_at.isoformat())


def _fetcher(folder: Path):
    """The PDF may load the bundled fonts and nothing else (no other file, no other host); a font
    that cannot be loaded stops the PDF rather than letting the system's fonts stand in."""
    from weasyprint.urls import URLFetcher

    allowed = folder.as_uri() + "/"

    class FontsOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if not url.startswith(allowed) or ".." in url:
                raise ValueError(f"the board report may load only its fonts, not {url}")
            return super().fetch(url, headers)

    return FontsOnly(allowed_protocols={"file"}, fail_on_errors=True)


def board_pdf(document: str, as_at: date) -> bytes:
    """The report as an A4 PDF: tagged for screen readers, its dates fixed from the as-at date so the
    same data gives the same bytes."""
    try:
        from weasyprint import HTML
        from weasyprint.urls import FatalURLFetchingError
    except (ImportError, OSError) as e:  # the library, or the system's pango it runs on, is missing
        raise ReportError(f"the board report PDF cannot be made: WeasyPrint could not start ({e}); "
                          "run `make site` to install it, or install the system's pango library") from None
    moment = datetime(as_at.year, as_at.month, as_at.day, tzinfo=timezone.utc)
    identifier = moment.isoformat().encode("ascii")
    # The font subsetter stamps each embedded font with the time it was made unless SOURCE_DATE_EPOCH
    # says otherwise (the reproducible-builds convention): the as-at date stands in, so two builds
    # a second apart give the same bytes.
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(moment.timestamp()))
    try:
        doc = HTML(string=document, url_fetcher=_fetcher(_font_folder()))
        return doc.write_pdf(pdf_identifier=identifier, pdf_tags=True, custom_metadata=False, uncompressed_pdf=False)
    except (Exception, FatalURLFetchingError) as e:  # noqa: BLE001 - the library's own failure, as one line
        raise ReportError(f"the board report PDF could not be made ({type(e).__name__}: {e})") from None
    finally:
        if before is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before


def cached_pdf(document: str, as_at: date, folder: Path | None) -> bytes:
    """board_pdf, kept in folder by a hash of the document (which holds its stylesheet) and the
    library's version: a build whose report did not change does not draw it again."""
    if folder is None:
        return board_pdf(document, as_at)
    import hashlib
    from importlib.metadata import version

    key = hashlib.sha256(f"{version('weasyprint')}\n{as_at.isoformat()}\n{document}".encode("utf-8")).hexdigest()
    path = folder / f"{key[:32]}.pdf"
    if path.is_file():
        return path.read_bytes()
    data = board_pdf(document, as_at)
    folder.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")  # builds may share the cache
    tmp.write_bytes(data)
    tmp.replace(path)
    return data
