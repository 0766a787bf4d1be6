"""Reads of the competence centre's requests shared with the county dashboard."""

from __future__ import annotations

from piccolo.query.functions.aggregate import Count

from core.api import N_
from core.api import gettext as _
from plugins.county.competence.tables import HelpRequest, HelpStatus

STATUSES = {
    HelpStatus.open: N_("waiting for the centre"),
    HelpStatus.accepted: N_("accepted"),
    HelpStatus.done: N_("help given"),
}


async def request_counts() -> list[tuple[str, int]]:
    """How many requests are in each status (no case, no child), counted in the database."""
    counted = {
        row["status"]: row["count"]
        for row in await HelpRequest.select(HelpRequest.status, Count(alias="count")).group_by(
            HelpRequest.status
        )
    }
    return [(_(label), counted.get(status.value, 0)) for status, label in STATUSES.items()]
