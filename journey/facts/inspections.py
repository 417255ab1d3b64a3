"""What inspections judged and found: overall judgements, recurrence as the documents declare it, and
how many findings a report made as far as the documents tell."""

from __future__ import annotations

from dataclasses import dataclass

from journey.inputs import model as m
from journey.inputs.refs import Ref
from journey.facts.absence import Absence, Count
from journey.facts.answers import ANSWERABLE


JUDGED_KINDS = ("full inspection", "re-inspection")  # inspections whose overall grade is the service's


def overall_judgements(insp: m.Inspection) -> list[tuple[str, str]]:
    """(service, grade) of each overall judgement: the one overall grade, or one per service."""
    if insp.overall:
        return [("", insp.overall)]
    return [(j.service or j.area, j.grade) for j in insp.judgements if j.kind == "overall"]


def judgement_text(service: str, grade: str) -> str:
    """One overall judgement as every page, chart and download says it: 'Service: Grade', or the grade."""
    return f"{service}: {grade}" if service else grade


def judgements_said(grades: list[tuple[str, str]]) -> str:
    """An inspection's overall judgements in a line ('' where it gave none)."""
    return "; ".join(judgement_text(service, grade) for service, grade in grades)


def judges_the_service(insp: m.Inspection) -> bool:
    """An inspection of the children's services themselves that gave an overall judgement (a review
    of the safeguarding board, a separate body, does not count)."""
    return insp.kind in JUDGED_KINDS and bool(overall_judgements(insp))


@dataclass(frozen=True)
class Recurrence:
    """Another inspection raising something to improve on a shared theme: related, not the same point."""

    inspection: str
    year: int
    findings: tuple[str, ...]  # finding refs sharing a theme


def _recurrence(project: m.Project) -> tuple[dict, dict, dict]:
    """Declared repeats both ways, and theme relations (labelled as such, never as the same point)."""
    repeats: dict[str, list[str]] = {}
    raised_again: dict[str, list[str]] = {}
    raised: dict[str, list[tuple[str, str]]] = {}
    for iid, insp in project.inspections.items():
        for f in insp.findings:
            ref = Ref.of(iid, f.id)
            if f.repeats:
                repeats[ref] = list(f.repeats)
                for earlier in f.repeats:
                    raised_again.setdefault(earlier, []).append(ref)
            if f.kind in ANSWERABLE:
                for theme in f.themes:
                    raised.setdefault(theme, []).append((iid, ref))
    related: dict[str, list[Recurrence]] = {}
    for iid, insp in project.inspections.items():
        for f in insp.findings:
            if f.kind not in ANSWERABLE:
                continue
            ref = Ref.of(iid, f.id)
            declared = set(repeats.get(ref, [])) | set(raised_again.get(ref, []))
            others: dict[str, list[str]] = {}
            for theme in f.themes:
                for other, other_ref in raised.get(theme, []):
                    if other != iid and other_ref not in declared and other_ref not in others.setdefault(other, []):
                        others[other].append(other_ref)
            related[ref] = [Recurrence(o, project.inspections[o].start.year, tuple(refs))
                            for o, refs in sorted(others.items(), key=lambda kv: (project.inspections[kv[0]].start,
                                                                                  kv[0])) if refs]
    return repeats, raised_again, related


def findings_count(insp: m.Inspection, pending: bool) -> Count:
    """How many findings an inspection's report made, as far as the documents we hold tell: not yet
    while its report is unpublished, not known where the report is not among the documents, at
    least the ones recorded where a later document recalls only some."""
    if pending:
        return Count.missing(Absence.NOT_YET)
    if insp.findings_known == "not known":
        return Count.missing(Absence.NOT_KNOWN)
    return Count.of(len(insp.findings), at_least=insp.findings_known == "some")
