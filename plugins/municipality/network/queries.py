"""Reads shared by the network's pages and panels."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from core.api import YearRhythm, year_rhythm
from plugins.municipality.network.tables import (
    Meeting,
    MeetingStatus,
    NetworkLeader,
    NetworkRepresentative,
)

NETWORK_MEETINGS_A_YEAR = 4
"""The cooperation agreement: a municipality's network meets at least four times a year."""


async def current_leader(municipality: int) -> dict[str, Any] | None:
    user: Any = NetworkLeader.user
    row: dict[str, Any] | None = (
        await NetworkLeader.select(
            *NetworkLeader.all_columns(), user.full_name.as_alias("full_name")
        )
        .where((NetworkLeader.municipality == municipality) & NetworkLeader.ends_on.is_null())
        .first()
    )
    return row


async def representatives(municipality: int) -> list[dict[str, Any]]:
    """The representatives, each with a name, a post and where to reach them."""
    contact: Any = NetworkRepresentative.contact
    user: Any = NetworkRepresentative.user
    organisation: Any = NetworkRepresentative.organisation
    rows: list[dict[str, Any]] = (
        await NetworkRepresentative.select(
            *NetworkRepresentative.all_columns(),
            organisation.name.as_alias("organisation_name"),
            contact.name.as_alias("contact_name"),
            contact.post.as_alias("contact_post"),
            contact.phone.as_alias("contact_phone"),
            contact.email.as_alias("contact_email"),
            user.full_name.as_alias("user_name"),
            user.phone.as_alias("user_phone"),
            user.email.as_alias("user_email"),
        )
        .where(NetworkRepresentative.municipality == municipality)
        .order_by(NetworkRepresentative.sector)
        .order_by(organisation.name)
    )
    for row in rows:
        from_contact = row["contact"] is not None
        row["name"] = row["contact_name"] if from_contact else row["user_name"]
        row["post"] = row["contact_post"] if from_contact else ""
        row["phone"] = row["contact_phone"] if from_contact else row["user_phone"]
        row["email"] = row["contact_email"] if from_contact else row["user_email"]
    return rows


async def rhythm_of(municipality: int, today: date, year: int | None = None) -> YearRhythm:
    """The four-a-year status of ``year`` (default: today's) for the municipality's network."""
    return (await rhythms_of([municipality], today, year))[municipality]


async def rhythms_of(
    municipalities: Sequence[int], today: date, year: int | None = None
) -> dict[int, YearRhythm]:
    """`rhythm_of` each of the municipalities, read in one statement."""
    year = today.year if year is None else year
    rows = await Meeting.select(Meeting.municipality, Meeting.meets_on, Meeting.status).where(
        Meeting.municipality.is_in(list(municipalities) or [0])
        & (Meeting.meets_on >= date(year, 1, 1))
        & (Meeting.meets_on <= date(year, 12, 31))
    )
    found = {}
    for municipality in municipalities:
        own = [row for row in rows if row["municipality"] == municipality]
        held = [row["meets_on"] for row in own if row["status"] == MeetingStatus.held.value]
        planned = [row["meets_on"] for row in own if row["status"] == MeetingStatus.planned.value]
        found[municipality] = year_rhythm(year, held, planned, today, NETWORK_MEETINGS_A_YEAR)
    return found
