#!/usr/bin/env python3
"""Synthetic, FICTIONAL plans at any scale, for page-weight tests and benchmarks.

Everything written here is invented: "Wyvern Vale Borough Council (fictional)" does not exist, and
no text describes a real council, child, family or person. The same (actions, seed) always gives
byte-identical files.

    python tests/synth.py OUT_DIR --actions 1000 [--seed 0]

writes a plans tree that `build_site.py --plans OUT_DIR check` accepts: site.yaml, 3 inspections,
one plan of 3 sections with objectives of about 10 actions each, one file per action, timeline
files (about 1 event per 10 actions) and 3 metric series.
"""

from __future__ import annotations

import argparse
import random
import sys
from datetime import date, timedelta
from pathlib import Path

import yaml

AUTHORITY = "Wyvern Vale Borough Council (fictional)"
HEADER = "# FICTIONAL synthetic data written by tests/synth.py (seed {seed}). Wyvern Vale does not exist.\n"
AS_AT = date(2025, 6, 30)          # the data is recorded "as at" this date (a few updates lie after it)
PLAN_ID = "wv-synth-plan"
PLAN_START, PLAN_END = date(2024, 7, 1), date(2026, 6, 30)  # due dates spread over these 2 years
RECORDED_TO = date(2026, 12, 31)  # no record (update, completion, event) is dated after this

ORGANISATIONS = [
    AUTHORITY,
    "Wyvern Vale Safeguarding Partnership (fictional)",
    "Vale and Downs NHS Trust (fictional)",
    "Wyvern Vale Police Division (fictional)",
    "Vale Schools Partnership (fictional)",
    "Wyvern Vale Youth Justice Service (fictional)",
    "Valeside Family Hubs Trust (fictional)",
    "Wyvern Vale Foster Carers' Association (fictional)",
]

THEMES = [
    ("front-door", "Front door and early help", "How requests for help are received and decided."),
    ("assessment", "Assessment and planning", None),
    ("children-in-care", "Children in care and care leavers", "Placements, stability and leaving care."),
    ("workforce", "Workforce stability", "Recruiting, supporting and keeping social workers."),
    ("leadership", "Leadership and quality assurance", None),
]
THEME_IDS = [t[0] for t in THEMES]

VERBS = ["Review", "Audit", "Introduce", "Refresh", "Train staff on", "Publish", "Strengthen", "Pilot",
         "Embed", "Monitor", "Redesign", "Extend"]
SUBJECTS = [
    "the front door threshold guidance", "return home interviews", "pre-proceedings tracking",
    "supervision recording", "care leaver pathway plans", "the quality assurance framework",
    "multi-agency referral forms", "the placement sufficiency strategy", "strategy discussion minutes",
    "the neglect toolkit", "life story work", "the duty rota", "independent reviewing officer escalations",
    "the family group conference offer", "the practice standards", "private fostering awareness",
    "the performance dashboard", "health assessments for children in care", "the learning offer for managers",
    "the exploitation screening tool",
]
PLACES = ["across the borough", "in the north locality", "in the south locality", "in the assessment teams",
          "in the children in care teams", "with partner agencies", "for newly qualified staff", "at the front door"]
OUTCOMES = ["children's plans are clearer", "decisions are recorded and followed through",
            "fewer children are referred again within a year", "managers see where practice is weak",
            "children see fewer changes of social worker", "families get help sooner"]

FINDINGS = [
    ("Assessments are not updated when children's circumstances change.", "assessment"),
    ("Too many children experience changes of social worker.", "workforce"),
    ("Thresholds at the front door are applied inconsistently.", "front-door"),
    ("Management oversight is not always recorded on children's files.", "leadership"),
    ("Pathway plans for care leavers are too often out of date.", "children-in-care"),
    ("Strategy discussions do not always include the police and health.", "front-door"),
    ("Audits do not consistently lead to improvements in practice.", "leadership"),
    ("Return home interviews are not offered to every child who goes missing.", "children-in-care"),
    ("Supervision records do not show the reflective discussion.", "workforce"),
    ("Pre-proceedings work is not tracked closely enough, so some children wait too long.", "assessment"),
    ("Health assessments for children in care are not completed on time.", "children-in-care"),
    ("Performance information is not used well by frontline managers.", "leadership"),
]
STRENGTHS = [
    ("Leaders know their services well and are candid about what needs to improve.", "leadership"),
    ("Social workers know their children well and speak about them warmly.", "workforce"),
    ("Early help is well coordinated through the family hubs.", "front-door"),
    ("Children in care live in stable homes close to their families.", "children-in-care"),
    ("Partners share information quickly when children are at risk.", "front-door"),
]
EVENT_TITLES = ["Board reviews progress on the improvement plan", "New practice standards launched",
                "Social work academy welcomes a new cohort", "Partnership learning event held",
                "Quarterly audit programme completed", "Family hub opens in the south locality",
                "Performance clinic introduced for team managers", "Care leavers' forum meets the lead member",
                "Recruitment campaign for foster carers", "Peer challenge session held"]
EVENT_CATEGORIES = ["governance", "practice", "workforce", "partnership", "performance", "early help",
                    "fostering and adoption", "leadership", "recognition"]


def _dump(path: Path, data: dict, seed: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False, width=100)
    path.write_text(HEADER.format(seed=seed) + text, encoding="utf-8")


def _iso(d: date) -> str:
    return d.isoformat()


def _quarter_ends(start: date, end: date) -> list[date]:
    out = []
    for year in range(start.year, end.year + 1):
        for month, day in ((3, 31), (6, 30), (9, 30), (12, 31)):
            d = date(year, month, day)
            if start <= d <= end:
                out.append(d)
    return out


def _site(seed: int) -> dict:
    return {
        "title": "Wyvern Vale improvement journey (synthetic, fictional)",
        "authority": AUTHORITY,
        "service": "Children's Services",
        # The newest record: `check` refuses anything dated later. Pages are built as at AS_AT
        # (--as-at), so the records after it exercise the as-at cut.
        "as_at": _iso(RECORDED_TO),
        "intro": f"Synthetic data made by `tests/synth.py` (seed {seed}) to test the site at scale. "
                 "**Wyvern Vale is fictional**: nothing here is about a real council, child or family.",
        "rag": [
            {"key": "red", "label": "Red: no significant change", "meaning": "Underway with no significant change yet.",
             "colour": "#d4351c"},
            {"key": "amber", "label": "Amber: significant shift", "meaning": "Underway with a significant shift.",
             "colour": "#f47738"},
            {"key": "green", "label": "Green: met", "meaning": "Targets and measures met.", "colour": "#00703c"},
        ],
        "grade_scales": [{"id": "sif", "title": "Single inspection framework",
                          "grades": ["Outstanding", "Good", "Requires improvement to be good", "Inadequate"]}],
        "themes": [{"id": i, "title": t, **({"description": d} if d else {})} for i, t, d in THEMES],
        "sources": [
            {"id": "wv-report-2023", "title": "Inspection of Wyvern Vale children's services (fictional)",
             "publisher": "Ofsted (fictional)", "date": "2023-04-28"},
            {"id": "wv-visit-2024", "title": "Focused visit letter to Wyvern Vale (fictional)",
             "publisher": "Ofsted (fictional)", "date": "2024-03"},
            {"id": "wv-monitoring-2025", "title": "Monitoring visit letter to Wyvern Vale (fictional)",
             "publisher": "Ofsted (fictional)", "date": "2025-02"},
            {"id": "wv-plan", "title": "Wyvern Vale improvement plan 2024 to 2026 (fictional)",
             "publisher": AUTHORITY, "date": "2024-07"},
            {"id": "wv-performance", "title": "Wyvern Vale performance report (fictional)",
             "publisher": AUTHORITY, "date": "2025-06"},
        ],
    }


# (id, title, kind, start, end, published, source, improvement findings, strengths, improvement kind)
INSPECTIONS = [
    ("2023-03-inspection", "Inspection of children's services, March 2023 (fictional)", "full inspection",
     "2023-03-06", "2023-03-17", "2023-04-28", "wv-report-2023", 8, 4, "area for improvement"),
    ("2024-02-focused-visit", "Focused visit on the front door, February 2024 (fictional)", "focused visit",
     "2024-02-13", "2024-02-14", "2024-03", "wv-visit-2024", 5, 3, "area for improvement"),
    ("2025-01-monitoring-visit", "Monitoring visit on children in care, January 2025 (fictional)",
     "monitoring visit", "2025-01-21", "2025-01-22", "2025-02", "wv-monitoring-2025", 4, 2, "what needs to improve"),
]


def _inspections(rng: random.Random) -> tuple[dict[str, dict], list[str]]:
    """Return {id: inspection data} and the refs of every finding an objective can answer."""
    out, answerable = {}, []
    for n, (iid, title, kind, start, end, published, source, n_afi, n_str, afi_kind) in enumerate(INSPECTIONS):
        findings = []
        for i in range(n_afi):
            text, theme = FINDINGS[(i + 3 * n) % len(FINDINGS)]
            finding = {"id": f"afi-{i + 1}", "kind": afi_kind, "text": text, "themes": [theme],
                       "ref": f"paragraph {10 + i}"}
            if i % 3 == 0:
                finding["timescale"] = rng.choice(["Within three months", "Within six months", "By the next visit"])
            findings.append(finding)
            answerable.append(f"{iid}/afi-{i + 1}")
        for i in range(n_str):
            text, theme = STRENGTHS[(i + n) % len(STRENGTHS)]
            findings.append({"id": f"strength-{i + 1}", "kind": "strength", "text": text, "themes": [theme]})
        data = {"title": title, "kind": kind, "inspectorate": "Ofsted (fictional)", "start": start, "end": end,
                "published": published}
        if kind == "full inspection":
            data |= {"framework": "SIF", "grade_scale": "sif", "overall": "Requires improvement to be good",
                     "summary": "Practice is improving, but **too many children** wait for decisions. "
                                "This report is fictional.",
                     "judgements": [
                         {"area": "Help and protection", "grade": "Requires improvement to be good"},
                         {"area": "Children in care", "grade": "Good"},
                         {"area": "Leadership and management", "grade": "Requires improvement to be good"}],
                     "figures": [{"label": "Children in care", "value": "438", "unit": "children"},
                                 {"label": "Children on a protection plan", "value": "291", "unit": "children"}]}
        else:
            data["scope"] = f"The visit looked at {rng.choice(SUBJECTS)} and related practice. This letter is fictional."
        data |= {"findings": findings, "source": {"document": source, "ref": "pages 1 to 12"}}
        out[iid] = data
    return out, answerable


def _action(rng: random.Random, answerable: list[str]) -> dict:
    verb, subject, place = rng.choice(VERBS), rng.choice(SUBJECTS), rng.choice(PLACES)
    data: dict = {
        "title": f"{verb} {subject} {place}",
        "text": f"{verb} {subject} {place}, so that {rng.choice(OUTCOMES)}. "
                f"{'**Priority action.** ' if rng.random() < 0.2 else ''}This action is fictional.",
        "leads": [rng.choice(ORGANISATIONS)] + rng.sample(ORGANISATIONS, rng.choice([0, 0, 1, 2])),
    }
    data["leads"] = list(dict.fromkeys(data["leads"]))  # a partner is never also the lead
    roll = rng.random()
    due = PLAN_START + timedelta(days=rng.randrange((PLAN_END - PLAN_START).days + 1))
    if roll < 0.15:
        data["cadence"] = rng.choice(["Monthly", "Quarterly", "Every six months", "Annually"])
    elif roll < 0.20:
        data["due"] = _iso(due)
        data["cadence"] = "Then quarterly"
    else:
        data["due"] = _iso(due)
    if rng.random() < 0.5:
        data["measure"] = f"Audits show {rng.choice(OUTCOMES)}; reported to the board each quarter."
    if rng.random() < 0.3:
        data["impact"] = f"Children and families tell us {rng.choice(OUTCOMES)}."
    # Status history: quarter-ends, oldest first; about 3% of actions have one update after AS_AT,
    # to exercise the as-at filter.
    quarters = _quarter_ends(date(2024, 9, 30), AS_AT)
    if rng.random() < 0.65:
        first = rng.randrange(len(quarters))
        dates = quarters[first:first + rng.randint(1, 4)]
        updates = [{"date": _iso(d), "progress": rng.choice(["red", "amber", "amber", "green"])} for d in dates]
        for u in updates:
            if rng.random() < 0.4:
                u["impact"] = rng.choice(["red", "amber", "green"])
            if rng.random() < 0.5:
                u["note"] = rng.choice(["Work is under way.", "Delayed by staffing; recovery plan agreed.",
                                        "Briefings delivered to all teams.", "Audit sample reviewed by the board.",
                                        "Partners have agreed the approach."])
        if rng.random() < 0.3:  # completed: the last update says green
            updates[-1] |= {"progress": "green", "note": "Completed and signed off by the board."}
            completed = date.fromisoformat(updates[-1]["date"]) - timedelta(days=rng.randrange(0, 20))
            data["completed"] = _iso(completed)
        elif rng.random() < 0.05:
            updates.append({"date": "2025-09-30", "progress": "amber", "note": "Recorded after the as-at date."})
        data["updates"] = updates
    if rng.random() < 0.05:
        data["answers"] = [rng.choice(answerable)]
    if rng.random() < 0.3:
        data["themes"] = [rng.choice(THEME_IDS)]
    data["ref"] = f"page {rng.randint(4, 60)}"
    return data


def _plan(rng: random.Random, actions: int, answerable: list[str]) -> tuple[dict, dict[str, dict]]:
    """Return the plan data and {action number: action data}: 3 sections, objectives of ~10 actions."""
    n_objectives = max(3, round(actions / 10))
    per = [actions // n_objectives + (1 if i < actions % n_objectives else 0) for i in range(n_objectives)]
    titles = [("help", "Help and protection"), ("care", "Children in care and care leavers"),
              ("leadership", "Leadership, workforce and quality")]
    bounds = [round(n_objectives * k / 3) for k in range(4)]
    sections, action_data = [], {}
    for s, (sid, title) in enumerate(titles):
        objectives = []
        for o in range(bounds[s], bounds[s + 1]):
            number = str(o + 1)
            answers = rng.sample(answerable, rng.choice([1, 1, 2]))
            objective = {"number": number,
                         "text": f"Make sure {rng.choice(OUTCOMES)} ({rng.choice(SUBJECTS)}).",
                         "answers": answers, "ref": f"page {4 + o // 5}"}
            if rng.random() < 0.4:
                objective["themes"] = [rng.choice(THEME_IDS)]
            objectives.append(objective)
            for k in range(per[o]):
                action_data[f"{number}.{k + 1}"] = _action(rng, answerable)
        sections.append({"id": sid, "title": title, "objectives": objectives})
    plan = {"title": "Wyvern Vale improvement plan 2024 to 2026 (fictional)", "period": "2024–26",
            "start": _iso(PLAN_START), "end": _iso(PLAN_END),
            "summary": f"A synthetic plan of {actions} actions answering three fictional inspections.",
            "rag_note": "Progress is rated each quarter by the improvement board.",
            "sections": sections, "source": {"document": "wv-plan", "ref": "pages 4 to 60"}}
    return plan, action_data


def _timeline(rng: random.Random, actions: int, numbers: list[str]) -> dict[int, list[dict]]:
    events: list[dict] = [
        {"date": "2023-03", "title": "Ofsted inspects Wyvern Vale children's services", "category": "inspection",
         "related": ["inspection:2023-03-inspection"], "source": {"document": "wv-report-2023"}},
    ]
    start, span = date(2023, 4, 1), (date(2026, 6, 30) - date(2023, 4, 1)).days
    for i in range(max(1, round(actions / 10)) - 1):
        d = start + timedelta(days=rng.randrange(span + 1))
        event = {"date": _iso(d) if rng.random() < 0.7 else f"{d.year:04d}-{d.month:02d}",
                 "title": rng.choice(EVENT_TITLES), "category": rng.choice(EVENT_CATEGORIES)}
        if rng.random() < 0.5:
            event["description"] = f"A fictional event on the journey ({rng.choice(SUBJECTS)})."
        related = []
        if rng.random() < 0.3:
            related.append(f"action:{PLAN_ID}/{rng.choice(numbers)}")
        if rng.random() < 0.2:
            related.append(f"plan:{PLAN_ID}")
        if rng.random() < 0.1:
            related.append("metric:caseloads")
        if related:
            event["related"] = related
        event["source"] = {"document": "wv-plan", "ref": f"page {rng.randint(2, 8)}"}
        events.append(event)
    years: dict[int, list[dict]] = {}
    for e in sorted(events, key=lambda e: e["date"]):
        years.setdefault(int(e["date"][:4]), []).append(e)
    return years


def _metrics(rng: random.Random) -> dict[str, dict]:
    quarters = _quarter_ends(date(2023, 3, 31), date(2025, 6, 30))

    def series(start: float, step: float, spread: float) -> list[dict]:
        out, value = [], start
        for q in quarters:
            value += step + rng.uniform(-spread, spread)
            out.append({"date": f"{q.year:04d}-{q.month:02d}", "value": f"{value:.1f}"})
        return out

    return {
        "caseloads": {"title": "Average social worker caseload", "unit": "children per worker", "better": "lower",
                      "values": series(24, -0.5, 0.6), "targets": [{"date": "2026-03", "value": "16"}],
                      "note": "Fictional figures.", "source": {"document": "wv-performance", "ref": "table 2"}},
        "re-referrals": {"title": "Re-referrals within 12 months", "unit": "per cent", "better": "lower",
                         "definition": "Referrals about a child referred in the previous 12 months.",
                         "values": series(26, -0.4, 1.0), "source": {"document": "wv-performance", "ref": "table 3"}},
        "timely-assessments": {"title": "Assessments completed within 45 working days", "unit": "per cent",
                               "better": "higher", "values": series(71, 1.2, 1.5),
                               "comparators": [{"label": "England (fictional)",
                                                "values": [{"date": "2024-03", "value": "82.1"}]}],
                               "source": {"document": "wv-performance", "ref": "table 4"}},
    }


def write_plans(root: Path, actions: int, seed: int = 0) -> None:
    """Write a valid, deterministic, FICTIONAL plans tree with `actions` actions under root."""
    root = Path(root)
    if actions < 1:
        raise ValueError("actions must be at least 1")
    if root.exists() and any(root.iterdir()):
        raise FileExistsError(f"{root} is not empty; write synthetic plans into a new folder")
    rng = random.Random(f"wyvern-vale-{seed}")
    _dump(root / "site.yaml", _site(seed), seed)
    inspections, answerable = _inspections(rng)
    for iid, data in inspections.items():
        _dump(root / "inspections" / f"{iid}.yaml", data, seed)
    plan, action_data = _plan(rng, actions, answerable)
    folder = root / "improvement-plans" / PLAN_ID
    _dump(folder / "plan.yaml", plan, seed)
    for number, data in action_data.items():
        _dump(folder / "actions" / f"{number}.yaml", data, seed)
    for year, events in _timeline(rng, actions, list(action_data)).items():
        _dump(root / "timeline" / f"{year}.yaml", {"events": events}, seed)
    for mid, data in _metrics(rng).items():
        _dump(root / "metrics" / f"{mid}.yaml", data, seed)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Write a synthetic, FICTIONAL plans tree (Wyvern Vale).")
    p.add_argument("out_dir", type=Path, metavar="OUT_DIR", help="folder to create (must be new or empty)")
    p.add_argument("--actions", type=int, default=100, help="number of actions (default: 100)")
    p.add_argument("--seed", type=int, default=0, help="random seed (default: 0)")
    args = p.parse_args(argv)
    try:
        write_plans(args.out_dir, args.actions, args.seed)
    except (FileExistsError, ValueError) as e:
        print(f"synth.py: {e}", file=sys.stderr)
        return 2
    print(f"wrote {args.actions} fictional actions to {args.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
