"""What answers each point to improve, at every level a document can say it: an action, an objective
or a whole plan. A plan-level answer that no document states is our reading and is marked "probably";
where nothing known answers a point, the absence says why (not known from the documents we hold, or
not yet by the as-at date) instead of reading as a failure.

Pure: the cut project (what was known on the as-at date) in, answers out; derive.facts calls it.
"""

from __future__ import annotations

from dataclasses import dataclass

from journey.inputs import model as m
from journey.inputs.refs import ActionKey, Ref
from journey.facts.absence import Absence

ANSWERABLE = m.ANSWERABLE


@dataclass(frozen=True)
class PlanAnswer:
    """A plan, or one of its objectives, that answers a point."""

    plan: str
    objective: str | None  # the objective's number; None where the whole plan answers
    probable: bool  # our reading (uncertain: [answers]), not a document's statement


@dataclass(frozen=True)
class Answer:
    """What answers one point as at the as-at date."""

    actions: tuple[str, ...]  # action keys (plan/number), the action's own or through its objective
    plans: tuple[PlanAnswer, ...]  # objectives and whole plans that say they answer it
    absence: Absence | None  # why nothing answers it (set only then): not known, or not yet
    probable_actions: tuple[str, ...] = ()  # those answering only through an objective we read as answering

    @property
    def answered(self) -> bool:
        return bool(self.actions or self.plans)

    @property
    def probable(self) -> bool:
        """Answered only by our reading of a plan, not by anything a document states."""
        certain = [k for k in self.actions if k not in self.probable_actions]
        return self.answered and not certain and all(p.probable for p in self.plans)


def answerable(finding: m.Finding) -> bool:
    return finding.kind in ANSWERABLE


def answers(project: m.Project, by_action: dict[str, list[str]]) -> dict[str, Answer]:
    """Every answerable finding of the (cut) project and what answers it. by_action: finding ref ->
    the keys of the actions answering it."""
    declared: dict[str, list[PlanAnswer]] = {}

    def declare(ref: str, answer: PlanAnswer) -> None:
        if answer not in declared.setdefault(ref, []):
            declared[ref].append(answer)

    for pid, bundle in project.plans.items():
        plan = bundle.plan
        for section in plan.sections:
            for o in section.objectives:
                for ref in o.answers:
                    declare(ref, PlanAnswer(pid, o.number, "answers" in o.uncertain))
        whole = PlanAnswer(pid, None, "answers" in plan.uncertain)
        for ref in plan.answers:
            if ref.finding:
                declare(ref, whole)
            else:  # the whole inspection: every point it raised
                insp = project.inspections.get(ref)
                for f in insp.findings if insp else []:
                    if answerable(f):
                        declare(Ref.of(ref, f.id), whole)

    out: dict[str, Answer] = {}
    for iid, insp in project.inspections.items():
        for f in insp.findings:
            if not answerable(f):
                continue
            ref = Ref.of(iid, f.id)
            acts = tuple(by_action.get(ref, []))
            plans = tuple(declared.get(ref, []))
            absence = None
            if not (acts or plans):
                absence = Absence.NOT_KNOWN if f.answered == "not known" else Absence.NOT_YET
            probable = tuple(k for k in acts if _through_probable_objective(project, k, ref))
            out[ref] = Answer(acts, plans, absence, probable)
    return out


def _through_probable_objective(project: m.Project, key: ActionKey, ref: str) -> bool:
    """Whether an action answers a point only through its objective, which we read as answering it."""
    pid, number = key.plan, key.number
    bundle = project.plans[pid]
    if ref in bundle.actions[number].answers:
        return False
    objective = number.rsplit(".", 1)[0]
    return any(o.number == objective and "answers" in o.uncertain
               for s in bundle.plan.sections for o in s.objectives)


def distinct(findings: list[m.Finding]) -> list[tuple[m.Finding, list[m.Finding]]]:
    """The distinct points of one inspection's answerable findings: each with the findings that expand
    on it (expands:), which count as the same point. A finding that expands on one that is not
    answerable stands alone."""
    by_id = {f.id: f for f in findings if answerable(f)}
    under: dict[str, list[m.Finding]] = {}
    for f in by_id.values():
        if f.expands and f.expands in by_id:
            under.setdefault(f.expands, []).append(f)
    return [(f, under.get(f.id, [])) for f in by_id.values() if not (f.expands and f.expands in by_id)]
