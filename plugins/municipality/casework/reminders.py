"""A daily reminder of overdue agreements to their responsible people.

`PERIODIC_JOBS` enqueues one job a day (Estonian day); `JOB_HANDLERS` runs it: each responsible
person of an open case's agreement past its deadline gets one notification per agreement and
day, with a link and no personal data. Running the job again the same day notifies nobody twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Any

from core.api import (
    N_,
    TIME_ZONE,
    CaseStatus,
    JobHandler,
    Notification,
    PeriodicJob,
    enqueue,
    notify,
)
from plugins.municipality.casework.reading import base
from plugins.municipality.casework.tables import Agreement

KIND = "municipality.agreement_reminders"
OVERDUE = N_("An agreement you are responsible for is past its deadline")


async def enqueue_reminders(now: datetime) -> None:
    day = now.astimezone(TIME_ZONE).date().isoformat()
    await enqueue(KIND, {"day": day}, dedupe_key=f"{KIND}:{day}")


async def remind(payload: Mapping[str, Any]) -> None:
    day = date.fromisoformat(str(payload["day"]))
    since = datetime.combine(day, time(), TIME_ZONE)
    overdue = await Agreement.select(
        Agreement.id, Agreement.case, Agreement.round_table, Agreement.responsible
    ).where(
        Agreement.done_at.is_null()
        & (Agreement.due_on < day)
        & (Agreement.case._.status == CaseStatus.open.value)
    )
    for row in overdue:
        url = f"{base(row['case'])}/{row['round_table']}#agreement-{row['id']}"
        if not await Notification.exists().where(
            (Notification.user == row["responsible"])
            & (Notification.message == OVERDUE)
            & (Notification.url == url)
            & (Notification.created_at >= since)
        ):
            await notify([row["responsible"]], OVERDUE, url)


PERIODIC_JOBS = [PeriodicJob(KIND, enqueue_reminders)]
JOB_HANDLERS: dict[str, JobHandler] = {KIND: remind}
