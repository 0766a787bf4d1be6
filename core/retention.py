"""``heaolu retention --dry-run|--apply``: remove what heaolu may no longer keep.

- children who left every kindergarten and school more than ``HEAOLU_RETENTION_YEARS`` ago
  (and were added before that), with their enrolments and guardian links; audit rows about them
  stay, as they hold ids only;
- guardians no child is linked to any more;
- sessions past their absolute lifetime, and login throttle rows an hour after their last
  failure (both are kept only as long as they work).

Cases will add their own rule (closed cases past the period) when the case engine arrives.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from core.auth.tables import LoginThrottle, Session
from core.auth.throttle import FORGET_AFTER
from core.people.tables import Child, Enrolment, Guardian, GuardianLink
from core.settings import Settings


@dataclass(frozen=True)
class RetentionReport:
    children: int
    guardians: int
    sessions: int
    throttle_rows: int


def _years_before(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


async def apply_retention(
    settings: Settings, apply: bool, today: date | None = None
) -> RetentionReport:
    """Count (and with ``apply`` delete) what is past retention; run in one transaction."""
    today = today or date.today()
    cutoff = _years_before(today, settings.retention_years)
    still_enrolled = Enrolment.select(Enrolment.child).where(
        Enrolment.ends_on.is_null() | (Enrolment.ends_on >= cutoff)
    )
    kept = {row["child"] for row in await still_enrolled}
    candidates = await Child.select(Child.id).where(
        Child.created_at < datetime.combine(cutoff, datetime.min.time(), UTC)
    )
    children = [row["id"] for row in candidates if row["id"] not in kept]
    now = datetime.now(UTC)
    old_sessions = Session.created_at < now - timedelta(hours=settings.session_max_hours)
    old_throttles = LoginThrottle.last_failure_at < now - FORGET_AFTER
    sessions = await Session.count().where(old_sessions)
    throttle_rows = await LoginThrottle.count().where(old_throttles)
    leaving = set(children)
    still_linked = {
        row["guardian"]
        for row in await GuardianLink.select(GuardianLink.guardian, GuardianLink.child)
        if row["child"] not in leaving
    }
    orphans = [
        row["id"] for row in await Guardian.select(Guardian.id) if row["id"] not in still_linked
    ]
    if apply:
        if children:
            await Child.delete().where(Child.id.is_in(children))
        if orphans:
            await Guardian.delete().where(Guardian.id.is_in(orphans))
        await Session.delete().where(old_sessions)
        await LoginThrottle.delete().where(old_throttles)
    return RetentionReport(len(children), len(orphans), sessions, throttle_rows)
