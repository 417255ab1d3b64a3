"""Our own prose knows its date: a retrospective text (a summary, a scope, a description, a metric's
definition, evidence, the site's introduction) must not narrate what happened after its record
became known, or a site built as at an earlier date would tell the future.

The rule is read off the years a text names: a year later than its record's own year is refused,
with the fix (reword it, or move the sentence into `later:` with the date it became known). Exempt,
because they narrate nothing: a year range that begins by the record's year ("2019-2022", "September
2019 to September 2022"), text in quotation marks (the titles of documents), a year that is part of a
name ("Children Act 2004", "Workforce Strategy 2018", "Plan 2011-2015"), and references and citations
(`ref`, `source`), which are not prose, and a deadline ("by 2015"). Commitments (objectives, actions, due dates, measures,
timescales) look ahead by nature and are not checked.

Runs on the parsed YAML, like the other rules across files, so every mistake is reported at once.
"""

from __future__ import annotations

import re
from typing import Any, Iterator

from .checks import Tree, _items, _text
from .errors import Problem
from .load import Document, dotted

_YEAR = re.compile(r"(?<![\d/.-])(1[89]\d\d|2[01]\d\d)(?![\d])")
# Text in quotation marks: a document's or a programme's title, the document's own words.
_QUOTED = re.compile(r"\"[^\"\n]*\"|“[^”\n]*”|‘[^’\n]*’|(?<![\w])'[^'\n]*'(?![\w])")
_MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
# A range of years (its end is a commitment or a span, not a narrated fact): 2019-22, 2019-2022,
# 2019/20, 2019 to 2022, September 2019 - September 2022, from 2014 to 2019, between 2014 and 2019.
_RANGE = re.compile(rf"between\s+(?:{_MONTH}\s+)?(\d{{4}})\s+and\s+(?:{_MONTH}\s+)?\d{{4}}"
                    rf"|(?:from\s+)?(?:{_MONTH}\s+)?(\d{{4}})\s*(?:-|–|—|/|to|until)\s*(?:{_MONTH}\s+)?"
                    rf"(\d{{4}}|\d{{2}})(?![\d]|-\d)")
# A year that is part of a name: "Children Act 2004", "Workforce Strategy 2018", "Plan 2011".
_NAMED = re.compile(r"\b(?:Act|Regulations|Strategy|Plan|Programme|Framework|Policy|Offer|Awards?|Survey|"
                    r"Partnership|Review)\s+(\d{4})\b")
# A deadline or a target ("by 2015", "by March 2020") is a commitment, not a narrated fact.
_DEADLINE = re.compile(rf"\bby (?:(?:\d{{1,2}} )?{_MONTH} )?\d{{4}}\b")
PLACEHOLDERS = ("{first visit}", "{latest visit}", "{as at}")


def later_years(text: str, year: int) -> list[int]:
    """The years a text names that are later than `year`, leaving out the exempt kinds."""
    text = _QUOTED.sub(" ", text)

    def keep_or_drop(match: re.Match) -> str:
        start, end = match.group(1) or match.group(2), match.group(3)
        if end and len(end) == 2 and int(end) <= int(start[2:]):
            return match.group(0)  # 2019-10 is October 2019, not a range
        return " " if int(start) <= year else match.group(0)

    text = _RANGE.sub(keep_or_drop, text)
    text = _NAMED.sub(" ", text)
    text = _DEADLINE.sub(" ", text)
    return sorted({int(y) for y in _YEAR.findall(text) if int(y) > year})


def _year_of(value: str | None) -> int | None:
    match = re.fullmatch(r"(\d{4})(?:-\d{2}){0,2}", value or "")
    return int(match.group(1)) if match else None


def _latest_year(data: Any, key: str) -> int | None:
    """The year of a record's date, at its latest possible reading (where the date is flagged
    uncertain, its alternatives count)."""
    years = [_year_of(_text(data, key))]
    flags = data.get("uncertain") if isinstance(data, dict) else None
    if isinstance(flags, list) and set(flags) & {"day", "month", "year", "date"}:
        alternatives = data.get("alternative")
        years += [_year_of(a) for a in alternatives if isinstance(a, str)] if isinstance(alternatives, list) else []
    years = [y for y in years if y]
    return max(years) if years else None




def _fields(loc: tuple, data: Any, keys: tuple[str, ...]) -> Iterator[tuple[tuple, str]]:
    for key in keys:
        text = _text(data, key)
        if text:
            yield loc + (key,), text


def prose_problems(tree: Tree) -> list[Problem]:
    """Every retrospective text that names a year later than its record's date; and an introduction
    that names a year at all (it is shown as at every date: it names visits by placeholder)."""
    problems: list[Problem] = []

    def report(doc: Document, loc: tuple, text: str, year: int | None, what: str) -> None:
        if year is None:
            return
        for later in later_years(text, year):
            line, col = doc.position(loc)
            problems.append(Problem(
                doc.path, line, col, dotted(loc),
                f"names {later}, after the year of this {what} ({year}), so a page built as at an earlier date "
                f"would tell what had not happened yet; reword it, or move that sentence into later: with the "
                f"date it became known (later: [{{date: {later}-MM, text: ...}}])"))
            break

    site = tree.site.data if tree.site and isinstance(tree.site.data, dict) else None
    if site is not None:
        intro = _text(site, "intro")
        if intro:
            named = later_years(re.sub(r"\{[a-z ]+\}", " ", intro), 0)
            if named:
                line, col = tree.site.position(("intro",))
                problems.append(Problem(tree.site.path, line, col, "intro", (
                    f"names {named[0]}; the introduction is shown as at every date, so it names no year: "
                    "write {first visit} or {latest visit} (filled in from the visits known by then) instead")))
            for placeholder in re.findall(r"\{[^{}\n]*\}", intro):
                if placeholder not in PLACEHOLDERS:
                    line, col = tree.site.position(("intro",))
                    problems.append(Problem(tree.site.path, line, col, "intro", (
                        f"'{placeholder}' is not a placeholder; use one of {', '.join(PLACEHOLDERS)}")))

    for doc in tree.inspections.values():
        if doc is None or not isinstance(doc.data, dict):
            continue
        data = doc.data
        held = _latest_year(data, "start")
        told = _year_of(_text(data, "published")) or _year_of(_text(data, "end")) or held
        for loc, text in _fields((), data, ("title", "scope")):
            report(doc, loc, text, held, "visit")
        for loc, text in _fields((), data, ("summary",)):
            report(doc, loc, text, told, "report")
        for i, finding in _items(data, "findings"):
            for loc, text in _fields(("findings", i), finding, ("text",)):
                report(doc, loc, text, told, "report")

    for pid, doc in tree.plans.items():
        if doc is None or not isinstance(doc.data, dict):
            continue
        year = _latest_year(doc.data, "published")
        if year is None:
            continue  # known from its source document's date: the plan's own texts are its own
        for loc, text in _fields((), doc.data, ("summary", "rag_note")):
            report(doc, loc, text, year, "plan's publication")

    for acts in tree.actions.values():
        for doc in acts.values():
            if doc is None:
                continue
            for i, evidence in _items(doc.data, "evidence"):
                for loc, text in _fields(("evidence", i), evidence, ("text",)):
                    report(doc, loc, text, _latest_year(evidence, "date"), "evidence")

    for doc in tree.timeline:
        for i, event in _items(doc.data, "events"):
            for loc, text in _fields(("events", i), event, ("title", "description")):
                report(doc, loc, text, _latest_year(event, "date"), "event")

    for doc in tree.metrics.values():
        if doc is None or not isinstance(doc.data, dict):
            continue
        years = [_year_of(_text(p, "date")) for _, p in _items(doc.data, "values")]
        years = [y for y in years if y]
        if years:
            for loc, text in _fields((), doc.data, ("title", "definition")):
                report(doc, loc, text, min(years), "series' first figure")
    return problems
