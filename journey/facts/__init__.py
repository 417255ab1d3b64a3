"""DERIVED: everything the pages say, as at one date, computed once from the checked model. The only
layer that knows what the as-at date means (known.py cuts the project to it; derive.facts computes the
rest from that cut); pages, charts and downloads format what it gives them.

The names readers of facts use, from the modules that define them:
"""

from journey.facts.absence import Absence, Count
from journey.facts.actions import (DUE_SOON, DUE_SOON_DAYS, NOT_RATED, NOT_RECORDED, STALE, ActionFacts, PlanProgress, Status, current_due,
                                   is_completed, is_due_soon, is_overdue, is_stale, objective_of, progress_recorded,
                                   status)
from journey.facts.answers import ANSWERABLE, Answer, PlanAnswer, answerable
from journey.facts.board import Board, BoardReport, RatingChange, Revised, board_dates, board_report, boards, is_exception
from journey.facts.dates import months_before
from journey.facts.derive import CHANGES_SHOWN, Facts, RegisterRow, data_updated, facts, recent_events, slug
from journey.facts.figures import OLD_FIGURE_MONTHS, Extreme, Headline, extremes
from journey.facts.inspections import judgement_text, judgements_said, judges_the_service, overall_judgements
from journey.facts.known import Dated, Known, known, known_from
from journey.facts.timeline import Entry, timeline

__all__ = ["DUE_SOON", "DUE_SOON_DAYS", "STALE", "ANSWERABLE", "Absence", "ActionFacts", "Answer", "Board", "BoardReport", "CHANGES_SHOWN", "Count", "Dated",
           "Entry", "Extreme", "Facts", "Headline", "Known", "NOT_RATED", "NOT_RECORDED", "OLD_FIGURE_MONTHS",
           "PlanAnswer", "PlanProgress", "RatingChange", "RegisterRow", "Revised", "Status", "answerable",
           "board_dates", "board_report", "boards", "current_due", "data_updated", "extremes", "facts",
           "is_completed", "is_due_soon", "is_exception", "is_overdue", "is_stale", "judges_the_service", "known",
           "judgement_text", "judgements_said", "known_from", "months_before", "objective_of", "overall_judgements", "progress_recorded",
           "recent_events", "slug", "status", "timeline"]
