"""Our own prose knows its date: a retrospective text (a summary, a scope, a description, a metric's
definition, evidence, a status update's note, a later sentence) must not narrate what happened after
its record became known, or a site built as at an earlier date would tell the future. The texts shown
at every date (the site's introduction, the themes' descriptions) name no year at all.

The rule is read off the years a text names (in digits of any script, or cut short: "'20" is 2020): a
year later than its record's own year is refused, with the fix (reword it, or move the sentence into
`later:` with the date it became known). Exempt, because they narrate nothing: a year range that
begins by the record's year ("2019-2022", "September 2019 to September 2022", "from 2014 to 2019"),
text in quotation marks that holds words (the titles of documents), a year that is part of a name
("Children Act 2004", "Workforce Strategy 2018"), and references and citations (`ref`, `source`),
which are not prose. A figure's label may also name a target ("needed by 2015"). Commitments
(objectives, actions, due dates, measures, timescales) look ahead by nature and are not checked.

Runs on the parsed YAML, like the other rules across files, so every mistake is reported at once.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Iterator

from journey.inputs.checks import Tree, _items, _text
from journey.errors import Problem
from journey.inputs.load import Document, dotted

_YEAR = re.compile(r"(?<![\d/.])(?<!\d-)(1[89]\d\d|2[01]\d\d)(?!\d)")
_SHORT_YEAR = re.compile(r"(?<![\w])['’‘](\d\d)(?![\d\w])")  # "'20", "’21": a year cut short
# Text in quotation marks that holds words: a document's or a programme's title, the document's words.
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
# A target in a figure's label ("needed by 2015"): a commitment.
_DEADLINE = re.compile(rf"\bby (?:(?:\d{{1,2}} )?{_MONTH} )?\d{{4}}\b", re.I)
PLACEHOLDERS = ("{first visit}", "{latest visit}", "{as at}")
_PLACEHOLDER = re.compile(r"\{[^{}\n]*\}")


def _years(text: str) -> set[int]:
    """Every year a text names, in digits of any script (NFKC) or cut short ("'20" is 2020)."""
    text = unicodedata.normalize("NFKC", text)
    found = {int(y) for y in _YEAR.findall(text)}
    found |= {2000 + int(y) if int(y) <= 50 else 1900 + int(y) for y in _SHORT_YEAR.findall(text)}
    return found


def later_years(text: str, year: int, *, deadlines: bool = False) -> list[int]:
    """The years a text names that are later than `year`, leaving out the exempt kinds."""
    text = _QUOTED.sub(lambda q: " " if re.search(r"[^\W\d_]", q.group()) else q.group(),
                       unicodedata.normalize("NFKC", text))  # a quoted title, not a quoted year

    def keep_or_drop(match: re.Match) -> str:
        start, end = match.group(1) or match.group(2), match.group(3)
        if end and len(end) == 2 and int(end) <= int(start[2:]):
            return match.group(0)  # 2019-10 is October 2019, not a range
        return " " if int(start) <= year else match.group(0)

    text = _RANGE.sub(keep_or_drop, text)
    text = _NAMED.sub(" ", text)
    if deadlines:
        text = _DEADLINE.sub(" ", text)
    return sorted(y for y in _years(text) if y > year)


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


class _Prose:
    """Collects the problems of our own texts."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, doc: Document, loc: tuple, message: str) -> None:
        line, col = doc.position(loc)
        self.problems.append(Problem(doc.path, line, col, dotted(loc), message))

    def dated(self, doc: Document, loc: tuple, text: str, year: int | None, what: str,
              deadlines: bool = False) -> None:
        """A text that narrates as at its record's year (what: 'visit', 'event' ...)."""
        if any(p in text for p in PLACEHOLDERS):
            self.add(doc, loc, "placeholders like {latest visit} are filled in only in site.yaml's intro; write the "
                               "words themselves here")
        if year is None:
            return
        later = later_years(text, year, deadlines=deadlines)
        if later:
            self.add(doc, loc, f"names {later[0]}, after the year of this {what} ({year}), so a page built as at an "
                               f"earlier date would tell what had not happened yet; reword it, or move that sentence "
                               f"into later: with the date it became known (later: [{{date: {later[0]}-MM, text: ...}}])")

    def undated(self, doc: Document, loc: tuple, text: str, what: str) -> None:
        """A text shown as at every date: it names no year (the intro may use placeholders)."""
        named = sorted(_years(_PLACEHOLDER.sub(" ", text)))
        if named:
            fix = ("write {first visit} or {latest visit} (filled in from the visits known by then) instead"
                   if what == "introduction" else "describe the theme without dates")
            self.add(doc, loc, f"names {named[0]}; the {what} is shown as at every date, so it names no year: {fix}")

    def records(self, doc: Document, loc: tuple, data: Any, keys: tuple[str, ...], year: int | None,
                what: str, deadlines: bool = False) -> None:
        for where, text in _fields(loc, data, keys):
            self.dated(doc, where, text, year, what, deadlines)

    def later(self, doc: Document, loc: tuple, data: Any) -> None:
        """A later sentence narrates as at its own date."""
        for i, item in _items(data, "later"):
            self.records(doc, loc + ("later", i), item, ("text",), _year_of(_text(item, "date")), "later sentence")


def prose_problems(tree: Tree) -> list[Problem]:
    """Every retrospective text that names a year later than its record's date; every text shown at every
    date that names a year at all; and placeholders outside the introduction."""
    prose = _Prose()
    site = tree.site.data if tree.site and isinstance(tree.site.data, dict) else None
    if site is not None:
        _site(prose, tree.site, site)
    for doc in tree.inspections.values():
        if doc is not None and isinstance(doc.data, dict):
            _inspection(prose, doc)
    for doc in tree.plans.values():
        if doc is not None and isinstance(doc.data, dict):
            year = _latest_year(doc.data, "published")  # without it, known from its own document's date
            prose.records(doc, (), doc.data, ("summary", "rag_note"), year, "plan's publication")
            prose.later(doc, (), doc.data)
    for acts in tree.actions.values():
        for doc in acts.values():
            if doc is not None:
                _action(prose, doc)
    for doc in tree.timeline:
        for i, event in _items(doc.data, "events"):
            prose.records(doc, ("events", i), event, ("title", "description"), _latest_year(event, "date"), "event")
            prose.later(doc, ("events", i), event)
    for doc in tree.metrics.values():
        if doc is not None and isinstance(doc.data, dict):
            years = [y for _, p in _items(doc.data, "values") if (y := _year_of(_text(p, "date")))]
            prose.records(doc, (), doc.data, ("title", "definition"), min(years) if years else None,
                          "series' first figure")
            prose.later(doc, (), doc.data)
    return prose.problems


def _site(prose: _Prose, doc: Document, site: dict) -> None:
    intro = _text(site, "intro")
    if intro:
        prose.undated(doc, ("intro",), intro, "introduction")
        for placeholder in _PLACEHOLDER.findall(intro):
            if placeholder not in PLACEHOLDERS:
                prose.add(doc, ("intro",), f"'{placeholder}' is not a placeholder; use one of {', '.join(PLACEHOLDERS)}")
    for i, theme in _items(site, "themes"):
        for where, text in _fields(("themes", i), theme, ("title", "description")):
            prose.undated(doc, where, text, "theme's " + where[-1])


def _inspection(prose: _Prose, doc: Document) -> None:
    data = doc.data
    held = _latest_year(data, "start")
    told = _year_of(_text(data, "published")) or _year_of(_text(data, "end")) or held
    prose.records(doc, (), data, ("title", "scope", "inspectorate"), held, "visit")
    prose.records(doc, (), data, ("summary",), told, "report")
    for i, finding in _items(data, "findings"):
        prose.records(doc, ("findings", i), finding, ("text",), told, "report")
    for i, judgement in _items(data, "judgements"):
        prose.records(doc, ("judgements", i), judgement, ("area", "service"), told, "report")
    for i, figure in _items(data, "figures"):
        prose.records(doc, ("figures", i), figure, ("label",), told, "report", deadlines=True)
    prose.later(doc, (), data)


def _action(prose: _Prose, doc: Document) -> None:
    for i, evidence in _items(doc.data, "evidence"):
        prose.records(doc, ("evidence", i), evidence, ("text",), _latest_year(evidence, "date"), "evidence")
    for i, update in _items(doc.data, "updates"):
        prose.records(doc, ("updates", i), update, ("note",), _year_of(_text(update, "date")), "status update")
