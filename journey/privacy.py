"""Personal data in plans/: emails, UK phone numbers, NHS numbers, National Insurance numbers and
dates of birth are refused before anything is built. A message names the file, line and field and
what kind of data it looks like, never the value itself (the report may be read in CI logs)."""

from __future__ import annotations

import re
from typing import Any, Iterator

from .errors import Problem
from .load import Document, dotted

EMAIL = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
# UK numbers: 0 then 9 or 10 more digits, or +44 then 9 or 10, with optional spaces, hyphens or
# brackets between groups ("024 7683 3333", "(024) 7683 3333", "07700-900123", "+44 20 7946 0000").
PHONE = re.compile(r"(?<![\w.])(?:\+44\s?\(?0?\)?\s?|\(?0)\d(?:[\s)-]{0,2}\d){8,9}(?![\w.])")
NHS_CANDIDATE = re.compile(r"(?<![\w.])(\d{3})[\s-]?(\d{3})[\s-]?(\d{4})(?![\w.])")
NI_NUMBER = re.compile(r"\b(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b",
                       re.IGNORECASE)
_DATE = r"(?:\d{1,2}(?:st|nd|rd|th)?[\s/.-](?:\d{1,2}|[A-Za-z]{3,9})[\s/.-]\d{2,4}|\d{4}-\d{2}-\d{2})"
BIRTH = re.compile(rf"\b(?:d\.?o\.?b\.?|date\s+of\s+birth|born(?:\s+on)?)\b\W{{0,3}}{_DATE}", re.IGNORECASE)


def nhs_checksum_ok(digits: str) -> bool:
    """The NHS number modulus 11 check: weights 10..2 on the first nine digits give the tenth."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


def findings(text: str, allowed_emails: set[str]) -> list[str]:
    """What personal data this text seems to hold, as kinds ('an email address' ...), no values."""
    kinds = []
    if any(e.lower() not in allowed_emails for e in EMAIL.findall(text)):
        kinds.append("an email address")
    if PHONE.search(text):
        kinds.append("a UK phone number")
    if any(nhs_checksum_ok("".join(m.groups())) for m in NHS_CANDIDATE.finditer(text)):
        kinds.append("an NHS number")
    if NI_NUMBER.search(text):
        kinds.append("a National Insurance number")
    if BIRTH.search(text):
        kinds.append("a date of birth")
    return kinds


def _strings(data: Any, loc: tuple = ()) -> Iterator[tuple[tuple, str, bool]]:
    """Every string in the data, with its location and whether it is a field name."""
    if isinstance(data, str):
        yield loc, data, False
    elif isinstance(data, dict):
        for key, value in data.items():
            yield loc + (key,), key, True
            yield from _strings(value, loc + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _strings(value, loc + (i,))


def scan(docs: list[Document], allowed_emails: set[str]) -> list[Problem]:
    """Every place in these files that looks like personal data."""
    problems = []
    for doc in docs:
        for loc, text, is_key in _strings(doc.data):
            if loc[:1] == ("published_mailboxes",) and not is_key:
                continue
            for kind in findings(text, allowed_emails):
                if is_key:  # the field name itself is the data: do not print it as the field either
                    line, col = doc.position(loc, key=True)
                    problems.append(Problem(doc.path, line, col, "", f"this field name looks like {kind}, which is "
                                                                      "personal data and must not be published; "
                                                                      "remove it."))
                    continue
                line, col = doc.position(loc)
                advice = (" If it is a published council mailbox, list it under published_mailboxes in site.yaml."
                          if kind == "an email address" else "")
                problems.append(Problem(doc.path, line, col, dotted(loc),
                                        f"this looks like {kind}, which is personal data and must not be "
                                        f"published; remove it.{advice}"))
    return problems
