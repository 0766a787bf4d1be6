"""Working days in Estonia: deadlines such as "within 5 working days" skip weekends and public
holidays.

A working day is Monday to Friday and not an Estonian public holiday (*riigipüha*), as listed by
the ``holidays`` package for ``EE``: New Year's Day, Independence Day (24 February), Good Friday,
Easter Sunday, 1 May, Pentecost, Victory Day (23 June), Midsummer Day (24 June), Restoration of
Independence (20 August), Christmas Eve, Christmas Day and Boxing Day (24-26 December). The
shortened working days before some holidays count as working days.

- `is_working_day(day)`
- `add_working_days(start, n)`: the n-th working day after ``start`` (before it when ``n`` is
  negative); ``start`` itself never counts, so a task due "within 3 working days" of a Friday
  before Christmas is due on the third working day that follows.
- `working_days_between(start, end)`: how many working days come after ``start`` up to and
  including ``end`` (negative when ``end`` is earlier), so that
  ``add_working_days(start, working_days_between(start, end)) == end`` for a working day ``end``.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache
from typing import Any

_SATURDAY = 5


@cache
def _estonian_holidays() -> Any:
    """The calendar of Estonia's public holidays, filled year by year as days are asked about.
    Made on first use: loading it is a quarter of a second, which every `heaolu` command and
    worker start would pay whether it counts working days or not."""
    import holidays

    return holidays.country_holidays("EE")


def is_working_day(day: date) -> bool:
    return day.weekday() < _SATURDAY and day not in _estonian_holidays()


def add_working_days(start: date, n: int) -> date:
    """The ``n``-th working day after ``start`` (``n`` < 0: before it; 0: ``start`` itself)."""
    step = timedelta(days=1 if n >= 0 else -1)
    day = start
    remaining = abs(n)
    while remaining:
        day += step
        if is_working_day(day):
            remaining -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """Working days after ``start`` up to and including ``end``; negative when ``end`` comes
    first (then the working days from ``end`` up to but excluding ``start``, counted down)."""
    if end < start:
        return -_count(end, start)
    return _count(start + timedelta(days=1), end + timedelta(days=1))


def _count(first: date, stop: date) -> int:
    """Working days from ``first`` up to but excluding ``stop``."""
    days = (first + timedelta(days=offset) for offset in range((stop - first).days))
    return sum(1 for day in days if is_working_day(day))
