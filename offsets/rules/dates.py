"""Calendar arithmetic for periods stated in months and years (cure periods, banking validity)."""

from __future__ import annotations

import calendar
from datetime import date


def add_months(start: date, months: int) -> date:
    """The same day ``months`` later; a day the target month lacks becomes its last day
    (31 January + 1 month = 28 or 29 February), as contract periods are usually read."""
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    last_day = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(start.day, last_day))


def add_years(start: date, years: int) -> date:
    """The same day ``years`` later (29 February -> 28 February in a common year)."""
    return add_months(start, 12 * years)
