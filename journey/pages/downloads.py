"""The downloads as the pages list them: each file's place, title, kind and size."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from journey import downloads as ex
from journey.downloads import report as rp
from journey.html import fragments
from journey.pages.urls import file_link

if TYPE_CHECKING:  # (a Build holds the downloads it lists)
    from journey.pages.views import Build


@dataclass(frozen=True)
class Download:
    """A file for other tools: where it goes, what it is called on the pages, and what it belongs to
    (a plan id, or None for the whole journey)."""

    src: str
    title: str
    kind: str  # "PDF", "XLSX", "CSV", "JSON"
    scope: str | None
    data: bytes
    about: str = ""


def _size(n: int) -> str:
    return f"{n / 1024:.0f} KB" if n >= 1024 else f"{n} bytes"


def download_list(here: str, downloads: list[Download], scope: str | None, *, only: tuple[str, ...] = (),
                  inline: bool = False) -> Markup:
    """The downloads of one plan (or of the whole journey) as a list of links with kind and size, or
    `inline`, as short links in a line: 'PDF, A4 (26 KB) · XLSX spreadsheet (10 KB)'."""
    chosen = [d for d in downloads if d.scope == scope and (not only or d.src in only)]
    if not chosen:
        return Markup("")
    if inline:
        return fragments().downloads_inline([(file_link(here, d.src), d.kind, _size(len(d.data))) for d in chosen])
    return fragments().downloads([(file_link(here, d.src), d.title, d.kind, _size(len(d.data)), d.about)
                                  for d in chosen])


def make_downloads(b: Build, *, pdf: bool = True, pdf_folder: Path | None = None,
                   spreadsheets: bool = True) -> list[Download]:
    """Every download as at the date. Without `pdf` the board report PDFs, without `spreadsheets` the
    XLSX files, are left out (the live preview makes neither: they are slow to make); with a `pdf_folder`, a report that did not change is not drawn again."""
    out: list[Download] = []
    for pid, bundle in b.project.plans.items():
        if bundle.plan.actions != "recorded":
            continue  # its actions are not known: nothing to list (journey.json carries the plan itself)
        base = f"downloads/{pid}"
        if pdf:
            document = rp.board_document(b.boards[pid], b.facts, b.project)
            out.append(Download(f"{base}/board-report.pdf", f"Board report: {bundle.plan.title}", "PDF, A4", pid,
                                rp.cached_pdf(document, b.as_at, pdf_folder), "for printing and board papers"))
        if spreadsheets:
            out.append(Download(f"{base}/actions.xlsx", f"Actions of {bundle.plan.title}", "XLSX spreadsheet", pid,
                                ex.actions_xlsx(b.facts, pid, b.project),
                                "actions with their status, status history and the findings they answer"))
        out.append(Download(f"{base}/actions.csv", f"Actions of {bundle.plan.title}", "CSV", pid,
                            ex.actions_csv(b.facts, pid), "one row per action"))
    out.append(Download("downloads/register.csv", "Areas for improvement register", "CSV", None,
                        ex.register_csv(b.facts, b.project, b.labels), "every point to improve and what answers it"))
    out.append(Download("downloads/timeline.csv", "Timeline of the journey", "CSV", None,
                        ex.timeline_csv(b.entries, b.as_at), "every event, with how exactly its date is known"))
    out.append(Download("downloads/journey.json", "Open data: the whole checked model", "JSON", None,
                        ex.open_data(b.facts), "for Power BI, Excel or a data portal"))
    out.append(Download("downloads/journey.schema.json", "JSON Schema of the open data", "JSON Schema", None,
                        ex.open_data_schema(), "describes every field of the open data"))
    for ident, metric in b.project.metrics.items():
        out.append(Download(f"metrics/{ident}.csv", metric.title, "CSV", None, ex.metric_csv(metric),
                            "values, targets and comparators"))
    return out
