"""The uncertain readings a record can mark (uncertain:), with the words readers see: a short marker
beside the value, naming the other reading where the data gives one, and one plain sentence."""

from __future__ import annotations

from typing import Literal


# What a record can mark as an uncertain reading of its source, with the words readers see: a
# short marker beside the value and one plain sentence. (The note explaining how the source was
# read is for editors and stays in the YAML.)
UNCERTAIN: dict[str, tuple[str, str]] = {
    "day": ("day uncertain", "The document does not make the day clear."),
    "month": ("month uncertain", "The document does not make the month clear: the month shown is our reading."),
    "year": ("year uncertain", "The document does not make the year clear: the year shown is our reading."),
    "date": ("date uncertain", "The document does not make the date clear: the date shown is our reading."),
    "pairing": ("date of figure uncertain", "The document prints its figures apart from their dates, so which date "
                                           "this figure belongs to is our reading."),
    "value": ("figure uncertain", "The figure is an uncertain reading of the document."),
    "lead": ("lead uncertain", "The document lists several organisations and no longer shows which one leads; the "
                               "first listed is shown as the lead."),
    "measure": ("measure uncertain", "Which action this performance measure belongs to is uncertain in the document."),
    "impact": ("impact uncertain", "Which action this statement of impact belongs to is uncertain in the document."),
    "wording": ("wording uncertain", "The document's wording is unclear here; the text shown is our reading of it."),
    "published": ("publication date not known", "The documents we hold do not give the date this was published; "
                                                "the site counts it as known from the date shown."),
    "start": ("start date not known", "The documents we hold do not give the date this plan started; the site "
                                      "counts it as known from the date shown."),
    "answers": ("our reading", "No document says so: that it answers this point is our reading, so the page says "
                               "\"probably\"."),
    "expands": ("our reading", "The letter does not say which of its bullets this point expands on: the link "
                               "shown is our reading."),
}


# The kinds that are about a record's own date: its other possible readings (alternative:) are dates,
# and the latest of them is the day the record counts as known from.
DATE_KINDS = ("day", "month", "year", "date")
# The kinds of finding a plan answers (a point to act on): the others (a strength, a plain finding) are
# not points, and need no answer.
ANSWERABLE = ("area for improvement", "what needs to improve", "recommendation")


def marker_words(kind: str, alternative=()) -> str:
    """The words beside an uncertain value, naming the other reading where the data gives one:
    'month uncertain: may be May 2017'; 'date of figure uncertain: may be for March 2016'."""
    label = UNCERTAIN[kind][0]
    if not alternative or kind not in (*DATE_KINDS, "pairing"):
        return label
    readings = " or ".join(d.human for d in alternative)
    return f"{label}: may be {'for ' if kind == 'pairing' else ''}{readings}"


UncertainKind = Literal[tuple(UNCERTAIN)]  # type: ignore[valid-type]
