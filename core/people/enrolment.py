"""The one rule of "currently enrolled": an enrolment that has started and not yet ended (an
empty end date: still enrolled)."""

from __future__ import annotations

from datetime import date

from piccolo.custom_types import Combinable

from core.people.tables import Enrolment


def current_enrolment(today: date | None = None) -> Combinable:
    """The condition on `Enrolment` rows current on ``today`` (default: today)."""
    day = today or date.today()
    return (Enrolment.starts_on <= day) & (Enrolment.ends_on.is_null() | (Enrolment.ends_on >= day))
