"""The rules of what the documents do not say: other readings of a date (alternative:), sentences dated
later than their record (later:), what a plan or objective says it answers, what a finding expands on,
records whose contents are not known, and which uncertain readings each kind of record can have.

Like the other rules across files, they run on the parsed YAML (with positions), so one run reports
every mistake in every file; validate.read_project calls absence_problems after checks.cross_check.
"""

from __future__ import annotations

import difflib
from datetime import date
from typing import Any

from journey.inputs.checks import Tree, _Report, _choices, _items, _last_day, _not_future, _real_date, _strings, _text, reporting_date
from journey.errors import Problem
from journey.inputs.load import Document
from journey.inputs.flags import ANSWERABLE, DATE_KINDS
from journey.inputs.refs import Ref

DATE_FLAGS = set(DATE_KINDS)
# Which uncertain readings each kind of record can have (the others mean nothing there).
FLAGS = {
    "event": DATE_FLAGS | {"value", "wording"},
    "value": DATE_FLAGS | {"pairing", "value"},
    "figure": {"value", "pairing", "wording"},
    "finding": {"wording", "expands"},
    "inspection": DATE_FLAGS | {"published", "wording"},
    "objective": {"wording", "answers"},
    "plan": DATE_FLAGS | {"answers"},
    "action": {"lead", "measure", "impact", "wording"},
    "evidence": DATE_FLAGS | {"value", "wording"},
}


class _Rules:
    """The reporting date, the documents and findings that exist, and where problems go."""

    def __init__(self, tree: Tree, today: date | None):
        self.tree, self.report = tree, _Report()
        site = tree.site.data if tree.site and isinstance(tree.site.data, dict) else {}
        self.reporting, self.since = reporting_date(site, today, tree.given)
        self.sources = {v for _, item in _items(site, "sources") if (v := _text(item, "id"))}
        self.unreadable = {iid for iid, doc in tree.inspections.items() if doc is None}
        self.findings: dict[str, dict] = {}
        for iid, doc in tree.inspections.items():
            for _, f in _items(doc.data, "findings") if doc else []:
                if (fid := _text(f, "id")):
                    self.findings.setdefault(Ref.of(iid, fid), f)  # a duplicate id is reported on its own

    def flags(self, doc: Document, loc: tuple, data: Any, kind: str) -> set[str]:
        """The record's uncertain readings; one its kind cannot have is refused, naming those it can."""
        found = set()
        for j, flag in _strings(data, "uncertain"):
            if flag not in FLAGS[kind] and flag in _ALL_FLAGS:
                self.report(doc, loc + ("uncertain", j), f"'{flag}' means nothing for this {kind}: it can be "
                                                         f"uncertain in {_choices(sorted(FLAGS[kind]))}")
            found.add(flag)
        return found

    def alternatives(self, doc: Document, loc: tuple, data: Any, own: str, pairing: bool = False) -> None:
        """Other readings of a record's date need its date flagged uncertain, and must differ (each once)."""
        alternatives = list(_strings(data, "alternative"))
        if not alternatives:
            return
        flags = {k for _, k in _strings(data, "uncertain")}
        allowed = DATE_FLAGS | ({"pairing"} if pairing else set())
        if not flags & allowed:
            kinds = "day, month, year or date" + (" (or pairing)" if pairing else "")
            self.report(doc, loc + ("alternative",), f"other readings of the date need it flagged uncertain: add the "
                                                     f"{kinds} to uncertain:, or remove alternative")
        date_text, seen = _text(data, own), set()
        for j, alt in alternatives:
            if date_text and alt == date_text:
                self.report(doc, loc + ("alternative", j), f"{alt} is the {own} itself; list only the other readings")
            elif alt in seen:
                self.report(doc, loc + ("alternative", j), f"{alt} is listed twice; list each reading once")
            seen.add(alt)

    def later(self, doc: Document, loc: tuple, data: Any, own: str | None) -> None:
        """Sentences dated later than their record: after it, by the reporting date, citing a real document."""
        for i, item in _items(data, "later"):
            where = loc + ("later", i)
            _not_future(self.report, doc, where, item, "date", "this later sentence", self.reporting, self.since)
            when = _text(item, "date")
            if when and own and _real_date(when) and _real_date(own) and _last_day(when) <= _last_day(own):
                self.report(doc, where + ("date",), f"a later sentence is for what happened after the record ({own}); "
                                                    f"{when} is not later, so put it in the text itself")
            document = _text(item.get("source") if isinstance(item.get("source"), dict) else None, "document")
            if document and self.sources and document not in self.sources:
                self.report(doc, where + ("source", "document"), f"no source document '{document}' in site.yaml; use "
                                                                 f"one of {_choices(sorted(self.sources))} or add it "
                                                                 "under sources")

    def future(self, doc: Document, loc: tuple, data: Any, key: str, what: str) -> None:
        _not_future(self.report, doc, loc, data, key, what, self.reporting, self.since)


_ALL_FLAGS = set().union(*FLAGS.values()) | {"start"}


def absence_problems(tree: Tree, today: date | None = None) -> list[Problem]:
    """Every problem with the fields that say what the documents do not (see the module's docstring)."""
    if not (tree.site and isinstance(tree.site.data, dict)):
        return []
    rules = _Rules(tree, today)
    for doc in tree.inspections.values():
        if doc is not None and isinstance(doc.data, dict):
            _inspection(rules, doc)
    answered = _answered(rules)
    for pid, doc in tree.plans.items():
        if doc is not None and isinstance(doc.data, dict):
            _plan(rules, pid, doc)
    for acts in tree.actions.values():
        for adoc in acts.values():
            if adoc is not None and isinstance(adoc.data, dict):
                rules.flags(adoc, (), adoc.data, "action")
                for i, evidence in _items(adoc.data, "evidence"):
                    rules.flags(adoc, ("evidence", i), evidence, "evidence")
                    rules.alternatives(adoc, ("evidence", i), evidence, "date")
    for doc in tree.timeline:
        for i, event in _items(doc.data, "events"):
            rules.flags(doc, ("events", i), event, "event")
            rules.alternatives(doc, ("events", i), event, "date")
            rules.later(doc, ("events", i), event, _text(event, "date"))
    for doc in tree.metrics.values():
        if doc is not None and isinstance(doc.data, dict):
            _metric(rules, doc)
    _not_known_but_answered(rules, answered)
    return rules.report.problems


def _inspection(rules: _Rules, doc: Document) -> None:
    data = doc.data
    flags = rules.flags(doc, (), data, "inspection")
    rules.alternatives(doc, (), data, "start")
    rules.future(doc, (), data, "start", "this visit")
    rules.future(doc, (), {"published": _text(data, "published")}, "published", "its publication")
    if "published" in flags and _text(data, "published"):
        rules.report(doc, ("uncertain",), "says the publication date is not known ('published' in uncertain), but "
                                          "published: gives it; remove one of them")
    rules.later(doc, (), data, _text(data, "published") or _text(data, "end") or _text(data, "start"))
    ids = {fid: f for _, f in _items(data, "findings") if (fid := _text(f, "id"))}
    known = _text(data, "findings_known")
    if known == "not known" and ids:
        rules.report(doc, ("findings_known",), "says the findings are not known, but findings are listed; say 'some' "
                                               "(a later document recalls some) or 'all', or remove the findings")
    if known == "some" and not ids:
        rules.report(doc, ("findings_known",), "says some findings are recorded, but none is listed; list them, or "
                                               "say 'not known'")
    for i, f in _items(data, "findings"):
        _finding(rules, doc, ("findings", i), f, ids)
    for i, figure in _items(data, "figures"):
        rules.flags(doc, ("figures", i), figure, "figure")


def _finding(rules: _Rules, doc: Document, loc: tuple, f: dict, ids: dict[str, dict]) -> None:
    kind = _text(f, "kind")
    flags = rules.flags(doc, loc, f, "finding")
    if _text(f, "answered") and kind and kind not in ANSWERABLE:
        rules.report(doc, loc + ("answered",), f"a {kind} is not a point to answer; remove answered")
    target = _text(f, "expands")
    if "expands" in flags and not target:
        rules.report(doc, loc + ("uncertain",), "flags expands as uncertain, but the finding expands on nothing; add "
                                                "expands: or remove the flag")
    if not target:
        return
    points = [i for i, other in ids.items() if _text(other, "kind") in ANSWERABLE and i != _text(f, "id")]
    other = ids.get(target)
    if other is None:
        close = difflib.get_close_matches(target, points, n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        rules.report(doc, loc + ("expands",), f"expands on '{target}', but this inspection has no finding with that id "
                                              f"(expands names a point of the same inspection); {hint}use one of "
                                              f"{_choices(points)}")
    elif target == _text(f, "id"):
        rules.report(doc, loc + ("expands",), "a finding cannot expand on itself; name another finding")
    elif _text(other, "expands"):
        rules.report(doc, loc + ("expands",), f"'{target}' itself expands on another finding; name the one it "
                                              "expands on, so each point has one head")
    elif kind not in ANSWERABLE or _text(other, "kind") not in ANSWERABLE:
        rules.report(doc, loc + ("expands",), "only points to improve expand on each other (areas for improvement, "
                                              f"what needs to improve, recommendations): use one of {_choices(points)}")


def _plan(rules: _Rules, pid: str, doc: Document) -> None:
    data = doc.data
    flags = rules.flags(doc, (), data, "plan")
    rules.alternatives(doc, (), data, "published")
    rules.future(doc, (), data, "published", "the plan's publication")
    rules.later(doc, (), data, _text(data, "published"))
    published, ends = _text(data, "published"), _text(data, "record_ends")
    if published and ends and _real_date(published) and _real_date(ends) and _last_day(ends) < _last_day(published):
        rules.report(doc, ("record_ends",), f"the record of the plan's progress cannot stop ({ends}) before the plan "
                                            f"was published ({published}); check both dates")
    not_known = _text(data, "actions") == "not known"
    recorded = _text(data, "actions") == "recorded" or bool(rules.tree.actions.get(pid))
    if recorded and not not_known and not any(True for _ in _items(data, "sections")):
        rules.report(doc, ("sections",), "needs at least one section with its objectives; for a plan the documents "
                                         "only mention, say 'actions: not known' instead")
    if not_known:
        for adoc in rules.tree.actions.get(pid, {}).values():
            if adoc is not None:
                rules.report(adoc, (), f"plan '{pid}' says its actions are not known, so it has no action files; "
                                       "remove this file, or change the plan to 'actions: recorded'")
    if "answers" in flags and not any(True for _ in _strings(data, "answers")):
        rules.report(doc, ("uncertain",), "flags answers as uncertain, but the plan lists no answers; add answers: or "
                                          "remove the flag")
    for j, ref in _strings(data, "answers"):
        _plan_answer(rules, doc, ("answers", j), ref, published)
    for i, section in _items(data, "sections"):
        for k, objective in _items(section, "objectives"):
            loc = ("sections", i, "objectives", k)
            if "answers" in rules.flags(doc, loc, objective, "objective") and \
                    not any(True for _ in _strings(objective, "answers")):
                rules.report(doc, loc + ("uncertain",), "flags answers as uncertain, but the objective answers "
                                                        "nothing; remove the flag")
            for j, ref in _strings(objective, "answers"):
                _answerable_then(rules, doc, loc + ("answers", j), ref, published)


def _plan_answer(rules: _Rules, doc: Document, loc: tuple, ref: str, published: str | None) -> None:
    """A plan answers an inspection (all its points) or one finding that exists, raised by the time it was
    published, and a point to improve (not a strength)."""
    ref = Ref(ref)
    iid = ref.inspection
    if iid in rules.unreadable:
        return
    if iid not in rules.tree.inspections or (ref.finding and ref not in rules.findings):
        what = "that inspection has no finding with that id" if iid in rules.tree.inspections else \
            f"there is no inspection '{iid}'"
        rules.report(doc, loc, f"answers '{ref}', but {what}; name an inspection, or inspection/finding")
        return
    _answerable_then(rules, doc, loc, ref, published)


def _answerable_then(rules: _Rules, doc: Document, loc: tuple, ref: str, published: str | None) -> None:
    finding = rules.findings.get(ref)
    if finding is not None and _text(finding, "kind") not in ANSWERABLE:
        rules.report(doc, loc, f"answers '{ref}', which is a {_text(finding, 'kind')}, not a point to improve; name an "
                               "area for improvement, what needs to improve or a recommendation")
    idoc = rules.tree.inspections.get(Ref(ref).inspection)
    start = _text(idoc.data, "start") if idoc and isinstance(idoc.data, dict) else None
    if published and start and _real_date(published) and _real_date(start):
        first = date.fromisoformat((start + "-01-01")[:10] if len(start) < 10 else start)
        if first > _last_day(published):
            rules.report(doc, loc, f"answers '{ref}', raised by a visit that began ({start}) after the plan was "
                                   f"published ({published}); a plan answers only what was raised before it")


def _answered(rules: _Rules) -> set[str]:
    """Every finding something in the plans says it answers: a plan (a finding, or all of an inspection's),
    an objective or an action."""
    out: set[str] = set()
    for doc in rules.tree.plans.values():
        if doc is None or not isinstance(doc.data, dict):
            continue
        for _, ref in _strings(doc.data, "answers"):
            out |= {r for r in rules.findings if r == ref or r.startswith(ref + "/")}
        for _, section in _items(doc.data, "sections"):
            for _, objective in _items(section, "objectives"):
                out |= {ref for _, ref in _strings(objective, "answers")}
    for acts in rules.tree.actions.values():
        for adoc in acts.values():
            if adoc is not None:
                out |= {ref for _, ref in _strings(adoc.data, "answers")}
    return out


def _not_known_but_answered(rules: _Rules, answered: set[str]) -> None:
    for iid, doc in rules.tree.inspections.items():
        if doc is None or not isinstance(doc.data, dict):
            continue
        for i, f in _items(doc.data, "findings"):
            if _text(f, "answered") == "not known" and Ref.of(iid, _text(f, 'id')) in answered:
                rules.report(doc, ("findings", i, "answered"), "says what answered it is not known, but a plan in "
                                                               "plans/ answers it; remove answered: not known")


def _metric(rules: _Rules, doc: Document) -> None:
    data = doc.data
    for key in ("values", "targets"):
        for i, point in _items(data, key):
            rules.flags(doc, (key, i), point, "value")
            rules.alternatives(doc, (key, i), point, "date", pairing=True)
            if key == "values":
                rules.future(doc, (key, i), point, "date", "this value")
    first = min((d for _, p in _items(data, "values") if (d := _text(p, "date")) and _real_date(d)), default=None)
    rules.later(doc, (), data, first)
