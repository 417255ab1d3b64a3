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
from journey.files import atomic_write
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
    c = _Cells(facts, project.settings, href, marks)
    # (in this order: the markers' kinds are listed as the tables first use them)
    headline, exceptions, overdue = c.headline(report), c.exceptions(report), c.overdue(report)
    revisions, revised_since = c.revisions(report)
    ratings, completed_since, newly_overdue = c.ratings(report), c.completed_since(report), c.newly_overdue(report)
    actions, evidence = c.actions(report), c.evidence(report)
    return BoardTables(headline, exceptions, overdue, revisions, ratings, completed_since, revised_since,
                       newly_overdue, actions, evidence, tuple(c.flags))


class _Cells:
    """How the report writes an action's number, title, lead, due date, rating and note, and its tables."""

    def __init__(self, facts: derive.Facts, settings: m.Settings, href: Callable[[str], str] | None,
                 marks: Callable | None):
        self.facts, self.settings, self.href, self.marks = facts, settings, href, marks
        self.flags: list[str] = []
        self.labels = {r.key: r.label for r in settings.rag}
        self.colours = {r.key: r.colour for r in settings.rag}

    def marker(self, kinds, alternative=()) -> Markup:
        for k in kinds:
            if k not in self.flags:
                self.flags.append(k)
        if self.marks is not None:
            return self.marks(kinds, alternative=alternative)
        return Markup(" ({})").format(", ".join(m.marker_words(k, alternative) for k in kinds)) if kinds else Markup("")

    def number(self, key: str) -> Markup:
        a = self.facts.actions[key]
        return Markup(h(a.number)) if self.href is None else fragments().link(self.href(key), a.number)

    def rag(self, key: str | None, words: str | None = None) -> Markup:
        words = words or (self.labels[key] if key else derive.NOT_RATED)
        return fragments().rag(words, None if key is None else self.colours[key])

    def due(self, key: str) -> str:
        return due_text(self.facts.actions[key], original=True)

    def title(self, key: str) -> str:
        return self.facts.actions[key].action.title

    def lead(self, key: str) -> Markup:
        a = self.facts.actions[key]
        return Markup("{}{}").format(a.action.leads[0], self.marker(["lead"]) if a.lead_uncertain else "")

    def note(self, key: str) -> str:
        text = self.facts.actions[key].latest_note
        return plain(text) if text else "no note"

    @staticmethod
    def table(columns, rows, caption, cls="") -> Markup:
        return Markup(data_table(columns, rows, caption=caption, cls=f"ij-board {cls}".strip()))

    def headline(self, report: derive.BoardReport) -> Markup:
        counts = report.counts
        if report.recorded:
            rows = [["Actions in the plan", len(report.actions)]]
            rows += [[self.rag(r.key), counts[r.key]] for r in self.settings.rag]
            rows += [[self.rag(None), counts[None]],
                     ["Completed", len(report.completed)],
                     ["Overdue", len(report.overdue)],
                     [f"Due by the next board ({m.human(report.next.day)})", len(report.due_before_next)],
                     [f"Not updated since the previous board ({m.human(report.previous.day)})",
                      len(report.not_updated)]]
        elif report.actions:
            rows = [["Actions in the plan", len(report.actions)]]
        else:
            rows = [["Actions in the plan", "not recorded in the sources"]]
        return self.table(["Standing", "Actions"], rows, "Actions by standing", "ij-board-headline")

    def exceptions(self, report: derive.BoardReport) -> Markup:
        if not report.exceptions:
            return Markup("")
        rag = self.settings.rag
        levels = " or ".join(self.labels[r.key].split(":")[0].lower() for r in rag if derive.is_exception(r, rag))
        return self.table(["No.", "Action", "Lead", "Due", "Progress", "Latest note"],
                          [[self.number(k), self.title(k), self.lead(k), self.due(k),
                            self.rag(self.facts.actions[k].status.key), self.note(k)] for k in report.exceptions],
                          "Actions rated " + levels)

    def overdue(self, report: derive.BoardReport) -> Markup:
        if not report.overdue:
            return Markup("")
        actions = self.facts.actions
        return self.table(["No.", "Action", "Lead", "Due", "Progress", "Last update"],
                          [[self.number(k), self.title(k), self.lead(k), self.due(k), self.rag(actions[k].status.key),
                            m.human(actions[k].last_update) if actions[k].last_update else "none yet"]
                           for k in report.overdue], "Overdue actions")

    def revisions(self, report: derive.BoardReport) -> tuple[Markup, Markup]:
        """The revised due dates, and those revised since the previous board."""
        def rows(items: list[derive.Revised]) -> list[list]:
            return [[self.number(r.key), self.title(r.key), m.human(r.replaced) if r.replaced else "not given",
                     m.human(r.revision.due), m.human(r.revision.date), r.revision.reason] for r in items]
        columns = ["No.", "Action", "Due before", "Revised to", "Revised on", "Reason"]
        return (self.table(columns, rows(report.revisions), "Revised due dates") if report.revisions else Markup(""),
                self.table(columns, rows(report.revised_since), "Due dates revised since the previous board")
                if report.revised_since else Markup(""))

    def change(self, c: derive.RatingChange, what: str) -> Markup:
        now = getattr(c.update, what)
        before = getattr(c, f"{what}_before")
        if now is None:
            return Markup("no new rating")
        if before is None:
            return Markup("first rating: ") + self.rag(now)
        if before == now:
            return Markup("unchanged: ") + self.rag(now)
        return Markup(f"{h(self.labels[before])} → ") + self.rag(now)

    def ratings(self, report: derive.BoardReport) -> Markup:
        if not report.changes:
            return Markup("")
        return self.table(["No.", "Action", "Date", "Progress", "Impact", "Note"],
                          [[self.number(c.key), self.title(c.key), m.human(c.update.date), self.change(c, "progress"),
                            self.change(c, "impact"), c.update.note and plain(c.update.note) or "no note"]
                           for c in report.changes], "Ratings given since the previous board")

    def completed_since(self, report: derive.BoardReport) -> Markup:
        if not report.completed_since:
            return Markup("")
        return self.table(["No.", "Action", "Completed"],
                          [[self.number(k), self.title(k), m.human(self.facts.actions[k].action.completed)]
                           for k in report.completed_since], "Completed since the previous board")

    def newly_overdue(self, report: derive.BoardReport) -> Markup:
        if not report.newly_overdue:
            return Markup("")
        return self.table(["No.", "Action", "Due"], [[self.number(k), self.title(k), self.due(k)]
                                                     for k in report.newly_overdue],
                          "Became overdue since the previous board")

    def actions(self, report: derive.BoardReport) -> Markup:
        if not report.recorded:
            return self.table(["No.", "Action", "Lead", "Due"],
                              [[self.number(k), self.title(k), self.lead(k), self.due(k)] for k in report.actions],
                              "One line per action", "ij-board-actions")
        rows = []
        for k in report.actions:
            a = self.facts.actions[k]
            rows.append([self.number(k), a.action.title, self.lead(k), due_text(a, original=True),
                         Markup("completed ") + m.human(a.action.completed) if a.completed else self.rag(a.status.key),
                         self.rag(a.impact.key) if a.impact else self.rag(None),
                         m.human(a.last_update) if a.last_update else "none yet"])
        return self.table(["No.", "Action", "Lead", "Due", "Progress", "Impact", "Last update"], rows,
                          "One line per action", "ij-board-actions")

    def evidence(self, report: derive.BoardReport) -> Markup:
        rows = [[self.number(k), self.title(k), Markup("{}{}").format(e.date.human, self.marker(e.uncertain, e.alternative)),
                 plain(e.text)] for k in report.actions for e in self.facts.actions[k].action.evidence]
        return self.table(["No.", "Action", "When", "Recorded as done"], rows,
                          "What the documents record as done") if rows else Markup("")


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
    the system has. Found without importing matplotlib (a quarter of a second), which a build whose
    charts are all cached never needs: its data folder is mpl-data inside its package."""
    from importlib.util import find_spec

    spec = find_spec("matplotlib")
    return Path(spec.submodule_search_locations[0]) / "mpl-data" / "fonts" / "ttf"


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
    atomic_write(path, data)  # builds may share the cache
    return data
