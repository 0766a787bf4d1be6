"""Twice a year (from 1 January and from 1 July) each municipality's administrators are reminded
to confirm that their contact persons in the county's database are up to date.

`PERIODIC_JOBS` enqueues one job per half-year; `JOB_HANDLERS` runs it: each administrator of a
municipality with a contact not confirmed since the half-year began gets one notification, with
a link and no personal data. Running the job again notifies nobody twice.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time
from typing import Any

from core.api import (
    N_,
    TIME_ZONE,
    ContactPerson,
    JobHandler,
    Membership,
    Municipality,
    Notification,
    PeriodicJob,
    enqueue,
    notify,
)
from plugins.county.contacts.tables import Confirmation

KIND = "county.contacts_reminder"
# The role of core that keeps a municipality's directory (core.directory.edit).
ADMIN_ROLE = "municipality_admin"
CONFIRM = N_(
    "Confirm that your municipality's contact persons in the county's database are up to date"
)


def half_year_start(day: date) -> date:
    return date(day.year, 1 if day.month <= 6 else 7, 1)


async def enqueue_reminders(now: datetime) -> None:
    start = half_year_start(now.astimezone(TIME_ZONE).date()).isoformat()
    await enqueue(KIND, {"since": start}, dedupe_key=f"{KIND}:{start}")


async def _needs_confirming(municipality_id: int, since: date) -> bool:
    contacts = await ContactPerson.select(ContactPerson.id).where(
        ContactPerson.organisation._.municipality == municipality_id
    )
    ids = [row["id"] for row in contacts]
    if not ids:
        return False
    confirmed: int = await Confirmation.count().where(
        Confirmation.contact.is_in(ids) & (Confirmation.confirmed_on >= since)
    )
    return confirmed < len(ids)


async def remind(payload: Mapping[str, Any]) -> None:
    since = date.fromisoformat(str(payload["since"]))
    start = datetime.combine(since, time(), TIME_ZONE)
    for municipality in await Municipality.select(Municipality.id):
        if not await _needs_confirming(municipality["id"], since):
            continue
        url = f"/county/contacts?municipality={municipality['id']}"
        admins = await Membership.select(Membership.user).where(
            (Membership.role == ADMIN_ROLE)
            & (Membership.organisation._.municipality == municipality["id"])
        )
        for admin in {row["user"] for row in admins}:
            if not await Notification.exists().where(
                (Notification.user == admin)
                & (Notification.message == CONFIRM)
                & (Notification.url == url)
                & (Notification.created_at >= start)
            ):
                await notify([admin], CONFIRM, url)


PERIODIC_JOBS = [PeriodicJob(KIND, enqueue_reminders)]
JOB_HANDLERS: dict[str, JobHandler] = {KIND: remind}
