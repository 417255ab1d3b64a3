"""Date arithmetic the facts share: calendar months (dateutil, which clamps to a month's end)."""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta


def months_before(day: date, months: int) -> date:
    """The same day of the month `months` earlier, clamped to the month's end (31 May -> 28 Feb); a
    negative number of months goes forward."""
    return day - relativedelta(months=months)
