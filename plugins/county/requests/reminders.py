"""Reminders of unanswered requests: once per Estonian day the job ``county.request_reminders``
reminds the case managers who were notified of a request still unanswered `REMINDER_WORKING_DAYS`
Estonian working days (public holidays excluded) after it was asked; each request is reminded
once. The figure 5 is a sample, not from a source: set it here."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from core.api import (
    N_,
    TIME_ZONE,
    JobHandler,
    Notification,
    PeriodicJob,
    add_working_days,
    enqueue,
    notify,
)
from plugins.county.requests.pages import NEW_REQUEST
from plugins.county.requests.tables import NoticedRequest

KIND = "county.request_reminders"
REMINDER_WORKING_DAYS = 5
UNANSWERED = N_("A question from another municipality of the county still awaits your answer")


async def enqueue_reminders(now: datetime) -> None:
    day = now.astimezone(TIME_ZONE).date().isoformat()
    await enqueue(KIND, {"day": day}, dedupe_key=f"{KIND}:{day}")


async def remind(payload: Mapping[str, Any]) -> None:
    today = date.fromisoformat(str(payload["day"]))
    waiting = await NoticedRequest.select(NoticedRequest.id, NoticedRequest.asked_at).where(
        NoticedRequest.answered_at.is_null() & NoticedRequest.reminded_on.is_null()
    )
    for row in waiting:
        asked = row["asked_at"].astimezone(TIME_ZONE).date()
        if add_working_days(asked, REMINDER_WORKING_DAYS) > today:
            continue
        url = f"/county/requests/{row['id']}"
        notified = await Notification.select(Notification.user).where(
            (Notification.url == url) & (Notification.message == NEW_REQUEST)
        )
        await notify([item["user"] for item in notified], UNANSWERED, url)
        await NoticedRequest.update({NoticedRequest.reminded_on: today}).where(
            NoticedRequest.id == row["id"]
        )


PERIODIC_JOBS = [PeriodicJob(KIND, enqueue_reminders)]
JOB_HANDLERS: dict[str, JobHandler] = {KIND: remind}
