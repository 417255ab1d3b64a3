"""Dates as editors and the command line type them (2019-12-31), checked without the model: light on
purpose, so `build --as-at` parses its date before anything heavy is imported. The model's date
types (types.py) use the same rules and words."""

from __future__ import annotations

import calendar
import re
from datetime import date
from typing import Any

from journey.errors import shown
from journey.inputs import limits

MONTHS = list(calendar.month_name)[1:]
DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def kind(value: Any) -> str:
    """What a value is, in a message: 'nothing', 'a list', or the text itself (shortened, made safe)."""
    if value is None:
        return "nothing"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a group of fields"
    text = shown(str(value))
    return f"'{text[:60]}...'" if len(text) > 63 else f"'{text}'"


def check_ymd(y: int, m: int | None, d: int | None, text: str) -> None:
    if m is not None and not 1 <= m <= 12:
        raise ValueError(f"'{text}' has month {m}; months run from 01 to 12")
    if d is not None:
        last = calendar.monthrange(y, m)[1]
        if not 1 <= d <= last:
            raise ValueError(f"'{text}' is not a real date: {MONTHS[m - 1]} {y} has {last} days")


def day(text: str, window: limits.YearWindow = limits.DEFAULT_YEARS) -> date:
    """A date typed as 2019-12-31, within the years of the window; ValueError says what is wrong."""
    match = DATE.fullmatch(text.strip())
    if not match:
        raise ValueError(f"expected a date like 2019-12-31, got {kind(text.strip())}")
    y, m, d = (int(g) for g in match.groups())
    window.check(y, text.strip())
    check_ymd(y, m, d, text.strip())
    return date(y, m, d)
