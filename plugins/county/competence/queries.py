"""Reads of the competence centre's requests shared with the county dashboard."""

from __future__ import annotations

from core.api import N_
from core.api import gettext as _
from plugins.county.competence.tables import HelpRequest, HelpStatus

STATUSES = {
    HelpStatus.open: N_("waiting for the centre"),
    HelpStatus.accepted: N_("accepted"),
    HelpStatus.done: N_("help given"),
}


async def request_counts() -> list[tuple[str, int]]:
    """How many requests are in each status (no case, no child)."""
    rows = await HelpRequest.select(HelpRequest.status)
    return [
        (_(label), sum(1 for row in rows if row["status"] == status.value))
        for status, label in STATUSES.items()
    ]
