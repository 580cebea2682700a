"""Calendar arithmetic the labour registers share."""

from __future__ import annotations

from datetime import date


def add_months(day: date, months: int) -> date:
    """The same day of the month, `months` later (the last day of a shorter month)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month, candidate)
        except ValueError:
            continue
    raise AssertionError("unreachable")
