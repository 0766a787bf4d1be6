"""A rule of the cooperation agreement that meetings are held at least so many times a year
(a municipality's network four times, the county union's meetings with the municipalities'
teams twice), as a status.

For a year, a day (``today``) and the required number, counting the meetings of that year:

- **met**: at least the required number of the year's meetings have been held;
- **missed**: the year is over and fewer were held;
- **at risk**: the year is not over, and the meetings held plus those planned from today to the
  year's end are fewer than required (a planned meeting whose day has passed without being
  marked held counts for nothing);
- **on track**: the year is not over, fewer than required have been held, but the planned ones
  would make it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from core.i18n import N_


class Rhythm(StrEnum):
    met = "met"
    on_track = "on_track"
    at_risk = "at_risk"
    missed = "missed"


RHYTHM_LABELS = {
    Rhythm.met: N_("met"),
    Rhythm.on_track: N_("on track"),
    Rhythm.at_risk: N_("at risk"),
    Rhythm.missed: N_("missed"),
}


@dataclass(frozen=True)
class YearRhythm:
    year: int
    status: Rhythm
    held: int
    planned: int
    next_planned: date | None
    required: int


def year_rhythm(
    year: int, held: Iterable[date], planned: Iterable[date], today: date, required: int
) -> YearRhythm:
    """The status of ``year`` on ``today``, from the days of held and of planned meetings and
    the number of meetings the year requires."""
    held_count = sum(1 for day in held if day.year == year)
    upcoming = sorted(day for day in planned if day.year == year and day >= today)
    if held_count >= required:
        status = Rhythm.met
    elif today > date(year, 12, 31):
        status = Rhythm.missed
    elif held_count + len(upcoming) < required:
        status = Rhythm.at_risk
    else:
        status = Rhythm.on_track
    return YearRhythm(
        year=year,
        status=status,
        held=held_count,
        planned=len(upcoming),
        next_planned=upcoming[0] if upcoming else None,
        required=required,
    )
