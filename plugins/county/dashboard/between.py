"""The dashboard's agreements and requests between municipalities: which municipalities joined
the cooperation agreement and when, and per asked municipality the open "has this child been
noticed with you?" requests with their age. Aggregated in the database: a fixed number of
statements however many rows there are."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from piccolo.query.functions.aggregate import Count, Min

from core.api import TIME_ZONE, add_working_days
from plugins.county.agreements.tables import AgreementMember
from plugins.county.requests.reminders import REMINDER_WORKING_DAYS
from plugins.county.requests.tables import NoticedRequest


def reminded_before(today: date) -> datetime:
    """The moment before which an open request was asked more than the reminder's working days
    ago (the requests the daily reminder has reached by ``today``)."""
    day = today
    while add_working_days(day, REMINDER_WORKING_DAYS) > today:
        day -= timedelta(days=1)
    return datetime.combine(day + timedelta(days=1), time(), tzinfo=TIME_ZONE)


def _moment(value: datetime | str) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


async def membership(towns: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every municipality of ``towns`` (id, name) with the day it joined the cooperation
    agreement (None: not joined)."""
    joined = {
        row["municipality"]: row["joined_on"]
        for row in await AgreementMember.select(
            AgreementMember.municipality, AgreementMember.joined_on
        )
    }
    return [{"name": town["name"], "joined_on": joined.get(town["id"])} for town in towns]


async def open_requests(today: date) -> list[dict[str, Any]]:
    """Per asked municipality with open requests: how many, the oldest's age in days, and how
    many are older than the reminder's working days."""
    town: Any = NoticedRequest.to_municipality
    unanswered = NoticedRequest.answered_at.is_null()
    rows = (
        await NoticedRequest.select(
            town.id.as_alias("town"),
            town.name.as_alias("name"),
            Count(alias="open"),
            Min(NoticedRequest.asked_at, alias="oldest"),
        )
        .where(unanswered)
        .group_by(town.id, town.name)
        .order_by(town.name)
    )
    late = {
        row["town"]: row["late"]
        for row in await NoticedRequest.select(town.id.as_alias("town"), Count(alias="late"))
        .where(unanswered & (NoticedRequest.asked_at < reminded_before(today)))
        .group_by(town.id)
    }
    return [
        {
            "name": row["name"],
            "open": row["open"],
            "oldest_days": (today - _moment(row["oldest"]).astimezone(TIME_ZONE).date()).days,
            "late": late.get(row["town"], 0),
        }
        for row in rows
    ]
