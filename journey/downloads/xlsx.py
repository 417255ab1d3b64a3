"""A plan's actions as a workbook: Actions (frozen header, filters, RAG cells coloured and in words),
Status history and Findings answered, plus About (what the sheets hold and as at when). The same
data and as-at date give the same bytes; editors' text is never a formula or a link."""

from __future__ import annotations

import io
from datetime import date, datetime
from typing import Any


from journey import facts as derive
from journey.inputs import model as m
from journey.downloads.tables import (ACTION_COLUMNS, ANSWERS_COLUMNS, HISTORY_COLUMNS, action_row, answers_rows,
                                     history_rows, plan_keys)


def _text_colour(fill: str) -> str:
    """Black or white text, whichever reads better on the fill."""
    return "#000000" if m.contrast("#000000", fill) >= m.contrast("#ffffff", fill) else "#ffffff"


def actions_xlsx(facts: derive.Facts, pid: str, project: m.Project) -> bytes:
    """The plan's actions as a workbook: Actions (frozen header, filters, RAG cells coloured and in
    words), Status history and Findings answered, plus About (what the sheets hold and as at when)."""
    import xlsxwriter  # imported here: only builds that write downloads need it

    settings = project.settings
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                     "strings_to_numbers": False})
    created = datetime(facts.as_at.year, facts.as_at.month, facts.as_at.day)
    book.set_properties({"title": f"{project.plans[pid].plan.title}: actions as at {m.human(facts.as_at)}",
                         "author": settings.authority, "company": settings.authority, "created": created,
                         "comments": "Written by the improvement-journey site generator."})
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#f3f2f1",
                            "bottom": 1})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    day = book.add_format({"num_format": "d mmmm yyyy", "valign": "top", "align": "left"})
    rag_formats = {r.label: book.add_format({"bg_color": r.colour, "font_color": _text_colour(r.colour),
                                             "text_wrap": True, "valign": "top"}) for r in settings.rag}

    def sheet(name: str, columns: list[str], rows: list[list[Any]], widths: dict[str, int],
              rag_columns: tuple[str, ...] = ()) -> None:
        ws = book.add_worksheet(name)
        for c, title in enumerate(columns):
            ws.write_string(0, c, title, bold)
            ws.set_column(c, c, widths.get(title, 14))
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row):
                if value == "":
                    continue  # an empty cell, not an empty string
                if isinstance(value, date):
                    ws.write_datetime(r, c, datetime(value.year, value.month, value.day), day)
                elif columns[c] in rag_columns and value in rag_formats:
                    ws.write_string(r, c, value, rag_formats[value])
                else:
                    ws.write_string(r, c, str(value), wrap)
        ws.freeze_panes(1, 0)
        ws.autofilter(0, 0, max(len(rows), 1), len(columns) - 1)

    keys = plan_keys(facts, pid)
    sheet("Actions", ACTION_COLUMNS, [action_row(facts.actions[k], facts) for k in keys],
          {"title": 40, "lead": 28, "partners": 28, "section": 24, "latest note": 50, "revision reason": 30,
           "progress": 24, "impact": 24, "answers": 30}, rag_columns=("progress", "impact"))
    sheet("Status history", HISTORY_COLUMNS, history_rows(facts, pid, settings),
          {"note": 60, "progress": 24, "impact": 24}, rag_columns=("progress", "impact"))
    sheet("Findings answered", ANSWERS_COLUMNS, answers_rows(facts, pid, project),
          {"finding": 36, "inspection": 36, "finding text": 70})
    about = book.add_worksheet("About")
    about.set_column(0, 0, 110)
    plan = project.plans[pid].plan
    lines = [f"{plan.title}: actions as at {m.human(facts.as_at)}", f"{settings.authority}, {settings.service}.",
             "Actions: one row per action with its standing as at that date. Status history: every status "
             "update recorded by then. Findings answered: the inspection findings each action answers."]
    if not derive.progress_recorded(plan):
        ends = f" after {plan.record_ends.human}" if plan.record_ends else ""
        lines.append(f"No document we hold reports progress against this plan{ends}: progress, impact, completion "
                     "and the flags say 'not known', which is not the same as none.")
    lines.append("'not yet rated' means no rating had been given by the as-at date, 'not yet' that it had not "
                 "happened by then. Dates known only to the month or year are written as text. The 'uncertain' "
                 "column names readings of the document that are uncertain (a lead that is uncertain is the first "
                 "listed). 'evidence' is what a document records as done; 'not known' where none does.")
    for i, line in enumerate(lines):
        about.write_string(i, 0, line, wrap)
    book.close()
    return buf.getvalue()
