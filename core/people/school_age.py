"""School age: the one rule of when a child starts school.

Basic Schools Act §9(1): a child who turns 7 by 1 October of the current year is subject to
the duty to attend school, so they start school in the autumn of the year they turn 7 when
their seventh birthday is on or before 30 September, else in the autumn of the next year.
"""

from __future__ import annotations

from datetime import date

SCHOOL_AGE = 7
# The last birthday (month, day) in a year that still starts school in the year of turning 7.
_LAST_BIRTHDAY = (9, 30)


def school_start_year(birth_date: date) -> int:
    """The calendar year in whose autumn a child born on ``birth_date`` starts school."""
    turns_seven = birth_date.year + SCHOOL_AGE
    if (birth_date.month, birth_date.day) <= _LAST_BIRTHDAY:
        return turns_seven
    return turns_seven + 1


def born_by_school_start(year: int) -> date:
    """The last date of birth of the children who start school in the autumn of ``year``: one
    born on or before it starts then or earlier, one born after it later (the same rule as
    `school_start_year`, for a condition in a query)."""
    month, day = _LAST_BIRTHDAY
    return date(year - SCHOOL_AGE, month, day)
