"""Cross-file rules: unique ids, every reference resolves, values drawn from the site's vocabularies.

These run on the parsed YAML of every readable file, whether or not the file also broke a schema
rule, so one run reports every mistake in every file. (A file that is not even valid YAML cannot
be looked into: references to it are given the benefit of the doubt until it is fixed.)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Iterator

from journey.errors import Problem
from journey.project import resolve_as_at
from journey.inputs.load import Document, dotted
from journey.inputs.flags import DATE_KINDS
from journey.inputs.refs import ActionKey, Link, Ref


@dataclass
class Tree:
    """The parsed files of a plans tree, by kind and id (None where the YAML could not be read)."""

    site: Document | None = None
    inspections: dict[str, Document | None] = field(default_factory=dict)
    plans: dict[str, Document | None] = field(default_factory=dict)
    actions: dict[str, dict[str, Document | None]] = field(default_factory=dict)
    timeline: list[Document] = field(default_factory=list)
    metrics: dict[str, Document | None] = field(default_factory=dict)
    given: date | None = None  # the as-at date given on the command line (--as-at), if any


def _items(data: Any, key: str) -> Iterator[tuple[int, dict]]:
    """Yield (index, mapping) for each mapping in the list data[key], skipping anything malformed."""
    value = data.get(key) if isinstance(data, dict) else None
    if isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, dict):
                yield i, item


def _strings(data: Any, key: str) -> Iterator[tuple[int, str]]:
    value = data.get(key) if isinstance(data, dict) else None
    if isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, str):
                yield i, item.strip()


def _text(data: Any, key: str) -> str | None:
    value = data.get(key) if isinstance(data, dict) else None
    return value.strip() if isinstance(value, str) else None


def _choices(values) -> str:
    return ", ".join(f"'{v}'" for v in dict.fromkeys(values)) or "(none defined)"


class _Report:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def __call__(self, doc: Document, loc: tuple, message: str) -> None:
        line, col = doc.position(loc)
        self.problems.append(Problem(doc.path, line, col, dotted(loc), message))

    def unique(self, doc: Document, key: str, ident: str, what: str, within: tuple = ()) -> None:
        data = doc.data
        for part in within:
            data = data.get(part) if isinstance(data, dict) else data[part] if isinstance(data, list) else None
        seen: dict[str, int] = {}
        for i, item in _items(data, key):
            value = _text(item, ident)
            if value is None:
                continue
            loc = within + (key, i, ident)
            if value in seen:
                self(doc, loc, f"duplicate {what} '{value}' (first used on line {seen[value]}); each must be unique")
            else:
                seen[value] = doc.position(loc)[0]


_ISO = re.compile(r"\d{4}(-\d{2}){0,2}")


def _last_day(value: str) -> date | None:
    """The last day a date as typed could mean (2019-03 is 31 March 2019), or None if it is no date."""
    import calendar

    if not _real_date(value):
        return None
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 3:
        return date(*parts)
    month = parts[1] if len(parts) == 2 else 12
    return date(parts[0], month, calendar.monthrange(parts[0], month)[1])


def _not_future(report: "_Report", doc: Document, loc: tuple, data: Any, key: str, what: str, reporting: str,
                since: str) -> None:
    """A record dated after the reporting date would vanish from every page (a typo in the year, usually):
    judged by the last day its date could mean, and, where its date is flagged uncertain, by each of
    its other readings (the latest reading is the day it counts from)."""
    today = date.fromisoformat(reporting)
    value = _text(data, key)
    readings = [((key,), value)]
    flags = {k for _, k in _strings(data, "uncertain")}
    if flags & set(DATE_KINDS):
        readings += [(("alternative", j), alt) for j, alt in _strings(data, "alternative")]
    for where, text in readings:
        last = _last_day(text) if text else None
        if last is None or last <= today:
            continue
        counts = f", which counts from {last.day} {_MONTHS[last.month - 1]} {last.year}," if len(text) < 10 else ","
        reading = "" if where == (key,) else "another reading of "
        report(doc, loc + where, f"{reading}{what} is dated {text}{counts} after the reporting date {reporting} "
                                 f"({since}), so no page would show it; check the year, or move as_at in site.yaml on")


_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"]


def _real_date(value: str) -> bool:
    """A date (or a year, or a month) the schema accepts; anything else the schema reports itself."""
    if not _ISO.fullmatch(value):
        return False
    try:
        date.fromisoformat((value + "-01-01")[:10] if len(value) < 10 else value)
    except ValueError:
        return False
    return True


def reporting_date(site: dict, today: date | None, given: date | None = None) -> tuple[str, str]:
    """The reporting date the rules about dates use and where it came from: site.yaml's as_at, else
    today (the one as-at rule, journey/project.py), or the --as-at of this build where it is later (a
    record no page of this build would show is a typo; one shown by a later build is not: a past-dated
    build leaves the rules at site.yaml's date)."""
    when = resolve_as_at(None, _text(site, "as_at"), today)
    if given is not None and given > when.day:
        return given.isoformat(), "--as-at"
    return when.day.isoformat(), when.source


def cross_check(tree: Tree, today: date | None = None) -> list[Problem]:
    """Return every problem that only shows when files are read together. `today` stands in for the
    reporting date when site.yaml sets no as_at."""
    site = tree.site.data if tree.site and isinstance(tree.site.data, dict) else None
    if site is None:
        return []  # without readable settings there is no vocabulary to check against
    rules = _Cross(tree, site, today)
    rules.settings()
    for doc in tree.inspections.values():
        if doc is not None:
            rules.in_order(doc, "start", "end", "check both dates")
            rules.in_order(doc, "start", "published", "a report cannot come out before the visit")
    for doc in tree.plans.values():
        if doc is not None:
            rules.in_order(doc, "start", "end", "check both dates")
    for iid, doc in tree.inspections.items():
        if doc is not None:
            rules.inspection(iid, doc)
    for pid, doc in tree.plans.items():
        numbers = rules.plan(doc) if doc is not None else set()
        for number, adoc in tree.actions.get(pid, {}).items():
            if adoc is not None:
                rules.action(pid, doc, numbers, number, adoc)
    for doc in tree.metrics.values():
        if doc is not None:
            rules.metric(doc)
    for doc in tree.timeline:
        rules.timeline(doc)
    return rules.report.problems


class _Cross:
    """The rules across files, with everything a reference may name gathered before any is checked."""

    def __init__(self, tree: Tree, site: dict, today: date | None):
        self.tree, self.site, self.report = tree, site, _Report()
        self.reporting, self.since = reporting_date(site, today, tree.given)
        self.vocab = {key: [v for _, item in _items(site, key) if (v := _text(item, ident))]
                      for key, ident in (("rag", "key"), ("themes", "id"), ("sources", "id"), ("grade_scales", "id"))}
        self.scales = {_text(s, "id"): [g for _, g in _strings(s, "grades")] for _, s in _items(site, "grade_scales")}
        self.findings = {Ref.of(iid, fid) for iid, doc in tree.inspections.items() if doc
                         for _, f in _items(doc.data, "findings") if (fid := _text(f, "id"))}
        self.unreadable = {iid for iid, doc in tree.inspections.items() if doc is None}
        actions = {ActionKey.of(pid, n) for pid, acts in tree.actions.items() for n in acts}
        self.targets = {"inspection": set(tree.inspections), "plan": set(tree.plans), "action": actions,
                        "finding": self.findings, "metric": set(tree.metrics)}
        self.starts = {iid: _text(doc.data, "start") for iid, doc in tree.inspections.items() if doc}

    def not_future(self, doc: Document, loc: tuple, data: Any, key: str, what: str) -> None:
        _not_future(self.report, doc, loc, data, key, what, self.reporting, self.since)

    def settings(self) -> None:
        site, report = self.site, self.report
        for key, ident, what in (("rag", "key", "RAG key"), ("themes", "id", "theme id"),
                                 ("sources", "id", "source id"), ("grade_scales", "id", "grade scale id")):
            report.unique(self.tree.site, key, ident, what)
        seen_boards: set[str] = set()
        for i, board in _strings(site, "board_dates"):
            if board in seen_boards:
                report(self.tree.site, ("board_dates", i), f"{board} is listed twice; list each board date once")
            seen_boards.add(board)
        for i, theme in _items(site, "themes"):
            if _text(theme, "id") == "index":  # themes/index is the list of every theme
                report(self.tree.site, ("themes", i, "id"), "the theme id 'index' is kept for the page listing "
                                                            "every theme; choose another id")

    def source(self, doc: Document, loc: tuple, data: Any) -> None:
        document = _text(data.get("source") if isinstance(data, dict) else None, "document")
        sources = self.vocab["sources"]
        if document and sources and document not in sources:
            self.report(doc, loc + ("source", "document"), f"no source document '{document}' in site.yaml; "
                                                           f"use one of {_choices(sources)} or add it under sources")

    def themes(self, doc: Document, loc: tuple, data: Any) -> None:
        for j, theme in _strings(data, "themes"):
            if theme not in self.vocab["themes"]:
                self.report(doc, loc + ("themes", j), f"no theme '{theme}' in site.yaml; use one of "
                                                      f"{_choices(self.vocab['themes'])} or add it under themes")

    def answers(self, doc: Document, loc: tuple, data: Any) -> None:
        for j, ref in _strings(data, "answers"):
            iid = Ref(ref).inspection
            if ref in self.findings or iid in self.unreadable or not Ref(ref).finding:
                continue
            hint = ("that inspection has no finding with that id" if iid in self.tree.inspections
                    else f"there is no inspection '{iid}'")
            self.report(doc, loc + ("answers", j), f"answers '{ref}', but {hint}; check it against the finding "
                                                   "ids in plans/inspections/")

    def in_order(self, doc: Document, first: str, then: str, what: str) -> None:
        a, b = _text(doc.data, first), _text(doc.data, then)
        if a and b and re.fullmatch(r"\d{4}(-\d{2}){0,2}", a) and re.fullmatch(r"\d{4}(-\d{2}){0,2}", b) \
                and b < a and not a.startswith(b):
            self.report(doc, (then,), f"{then} ({b}) is before {first} ({a}); {what}")

    def inspection(self, iid: str, doc: Document) -> None:
        data = doc.data
        self.source(doc, (), data)
        self.report.unique(doc, "findings", "id", "finding id")
        for i, f in _items(data, "findings"):
            self.themes(doc, ("findings", i), f)
            for j, ref in _strings(f, "repeats"):
                self._repeat(iid, doc, ("findings", i, "repeats", j), ref)
        self._grades(doc, data)

    def _repeat(self, iid: str, doc: Document, loc: tuple, ref: str) -> None:
        earlier = Ref(ref).inspection
        if earlier in self.unreadable:
            return
        if earlier not in self.tree.inspections or (Ref(ref).finding and ref not in self.findings):
            what = "that inspection has no finding with that id" if earlier in self.tree.inspections else \
                f"there is no inspection '{earlier}'"
            self.report(doc, loc, f"repeats '{ref}', but {what}; check it against plans/inspections/")
        elif earlier == iid or (self.starts.get(earlier) or "") >= (self.starts.get(iid) or ""):
            self.report(doc, loc, f"repeats '{ref}', which is not an earlier inspection; a point can only repeat "
                                  "an earlier one")

    def _grades(self, doc: Document, data: Any) -> None:
        scales, report = self.scales, self.report
        scale = _text(data, "grade_scale")
        if scale and scale not in scales:
            report(doc, ("grade_scale",), f"no grade scale '{scale}' in site.yaml; use one of {_choices(scales)}")
        if not scale and any(True for _ in _items(data, "judgements")):
            report(doc, ("grade_scale",), "judgements need a grade scale naming the framework's grades; "
                                          f"add 'grade_scale:' with one of {_choices(scales)}")
        grades = scales.get(scale)
        if grades:
            graded = [(("judgements", i, "grade"), _text(j, "grade")) for i, j in _items(data, "judgements")]
            graded.append((("overall",), _text(data, "overall")))
            for loc, grade in graded:
                if grade and grade not in grades:
                    report(doc, loc, f"'{grade}' is not a grade on the '{scale}' scale; use one of {_choices(grades)}")

    def plan(self, doc: Document) -> set[str]:
        """Check a plan's own file; return its objectives' numbers."""
        numbers: set[str] = set()
        self.source(doc, (), doc.data)
        if _text(doc.data, "record_ends") and _text(doc.data, "progress") != "not recorded":
            self.report(doc, ("record_ends",), "record_ends says where the record of a plan's progress stops, so it "
                                               "needs 'progress: not recorded'; add that or remove record_ends")
        self.report.unique(doc, "sections", "id", "section id")
        seen: dict[str, int] = {}
        for i, section in _items(doc.data, "sections"):
            for k, objective in _items(section, "objectives"):
                loc = ("sections", i, "objectives", k)
                number = _text(objective, "number")
                if number in seen:
                    self.report(doc, loc + ("number",), f"duplicate objective number '{number}' (first used on "
                                                        f"line {seen[number]}); each must be unique")
                elif number:
                    seen[number] = doc.position(loc + ("number",))[0]
                    numbers.add(number)
                self.answers(doc, loc, objective)
                self.themes(doc, loc, objective)
        return numbers

    def action(self, pid: str, doc: Document | None, numbers: set[str], number: str, adoc: Document) -> None:
        parent = number.rsplit(".", 1)[0] if "." in number else None
        if doc is not None and parent not in numbers:
            what = f"objective {parent}" if parent else "an objective (its number has no dot)"
            self.report(adoc, (), f"action {number} belongs to {what} by its file name, but plan '{pid}' "
                                  f"has no such objective; rename the file or add the objective")
        self.answers(adoc, (), adoc.data)
        self.themes(adoc, (), adoc.data)
        for i, evidence in _items(adoc.data, "evidence"):
            self.source(adoc, ("evidence", i), evidence)
            self.not_future(adoc, ("evidence", i), evidence, "date", "this evidence")
        self.not_future(adoc, (), adoc.data, "completed", "the completion")
        for i, update in _items(adoc.data, "updates"):
            self.not_future(adoc, ("updates", i), update, "date", "this status update")
        for i, revision in _items(adoc.data, "revisions"):
            self.not_future(adoc, ("revisions", i), revision, "date", "this revision")
        self._updates(adoc)
        if doc is not None and _text(doc.data, "progress") == "not recorded":
            for key, what in (("updates", "status updates"), ("completed", "a completion")):
                if adoc.data.get(key) if isinstance(adoc.data, dict) else None:
                    self.report(adoc, (key,), f"plan '{pid}' says its progress is not recorded, so its actions "
                                              f"cannot have {what}; remove them, or change the plan to "
                                              "'progress: recorded'")
        self._revisions(adoc)

    def _updates(self, adoc: Document) -> None:
        previous = None
        for i, update in _items(adoc.data, "updates"):
            for key in ("progress", "impact"):
                value = _text(update, key)
                if value and value not in self.vocab["rag"]:
                    self.report(adoc, ("updates", i, key), f"'{value}' is not a RAG key; use one of "
                                                           f"{_choices(self.vocab['rag'])}")
            when = _text(update, "date")
            if when and previous and when <= previous:
                self.report(adoc, ("updates", i, "date"), "updates must be in date order, oldest first, one per "
                                                          "date; move this one or fix its date")
            previous = when or previous

    def _revisions(self, adoc: Document) -> None:
        previous, in_force = None, _text(adoc.data, "due")
        for i, revision in _items(adoc.data, "revisions"):
            when, due = _text(revision, "date"), _text(revision, "due")
            if when and due and _real_date(when) and _real_date(due) and due < when:
                self.report(adoc, ("revisions", i, "due"), f"revises the due date to {due}, before the revision "
                                                           f"itself ({when}); check both dates")
            if when and previous and when <= previous:
                self.report(adoc, ("revisions", i, "date"), "revisions must be in date order, oldest first, one "
                                                            "per date; move this one or fix its date")
            if due and due == in_force:
                self.report(adoc, ("revisions", i, "due"), f"revises the due date to {due}, which is already the "
                                                           "due date; give the new date, or remove the revision")
            previous, in_force = when or previous, due or in_force

    def metric(self, doc: Document) -> None:
        self.source(doc, (), doc.data)
        for key in ("values", "targets"):
            seen_dates: dict[str, int] = {}
            for i, point in _items(doc.data, key):
                when = _text(point, "date")
                if when in seen_dates:
                    self.report(doc, (key, i, "date"), f"{when} appears more than once (first on line "
                                                       f"{seen_dates[when]}); keep one value per date")
                elif when:
                    seen_dates[when] = doc.position((key, i, "date"))[0]

    def timeline(self, doc: Document) -> None:
        for i, event in _items(doc.data, "events"):
            self.source(doc, ("events", i), event)
            self.not_future(doc, ("events", i), event, "date", "this event")
            for j, link in _strings(event, "related"):
                kind, target = Link(link).kind, Link(link).target
                if kind not in self.targets:
                    continue  # the schema reports the malformed link
                if kind in ("inspection", "finding") and Ref(target).inspection in self.unreadable:
                    continue
                if target not in self.targets[kind]:
                    self.report(doc, ("events", i, "related", j), f"links to {kind} '{target}', which does not "
                                                                  "exist; check the spelling")
