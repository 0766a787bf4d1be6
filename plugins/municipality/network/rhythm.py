"""The county agreement's rule that the network meets at least four times a year, as a status.

For a year and a day (``today``), counting the network's meetings of that year:

- **met**: at least four meetings of the year have been held;
- **missed**: the year is over and fewer than four were held;
- **at risk**: the year is not over, and the meetings held plus those planned from today to the
  year's end are fewer than four (a planned meeting whose day has passed without being marked
  held counts for nothing);
- **on track**: the year is not over, fewer than four have been held, but the planned ones
  would make four.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from core.api import N_

REQUIRED = 4


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
    required: int = REQUIRED


def year_rhythm(
    year: int, held: Iterable[date], planned: Iterable[date], today: date
) -> YearRhythm:
    """The status of ``year`` on ``today``, from the days of held and of planned meetings."""
    held_count = sum(1 for day in held if day.year == year)
    upcoming = sorted(day for day in planned if day.year == year and day >= today)
    if held_count >= REQUIRED:
        status = Rhythm.met
    elif today > date(year, 12, 31):
        status = Rhythm.missed
    elif held_count + len(upcoming) < REQUIRED:
        status = Rhythm.at_risk
    else:
        status = Rhythm.on_track
    return YearRhythm(
        year=year,
        status=status,
        held=held_count,
        planned=len(upcoming),
        next_planned=upcoming[0] if upcoming else None,
    )
