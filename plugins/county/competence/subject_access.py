"""The competence centre's requests in the child's subject-access export: the requests on the
child's cases the user sees on the requests page (the centre's specialist all, a municipality's
case manager those of the municipality). A request belongs to its case, and a case keeps its
record when two records of one child are merged: the export of the surviving record (with the
records merged into it) carries the merged record's requests, nothing is moved."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from core.api import MANAGE_CASES, N_, CurrentUser, ExportSection, translated
from plugins.county.competence.queries import STATUSES
from plugins.county.competence.tables import HelpRequest
from plugins.county.roles import HELP_CASES

COLUMNS = (
    ("asked_at", N_("Asked")),
    ("municipality_name", N_("Municipality")),
    ("need", N_("Help needed")),
    ("needed_by", N_("Needed by")),
    ("status_label", N_("Status")),
    ("specialist_name", N_("Specialist")),
    ("scheduled_on", N_("Scheduled")),
    ("help_given", N_("Help given")),
)


async def child_export(user: CurrentUser, child_ids: Sequence[int]) -> list[ExportSection]:
    case: Any = HelpRequest.case
    town: Any = HelpRequest.municipality
    specialist: Any = HelpRequest.specialist
    scope = case.child.is_in(list(child_ids) or [0])
    if not user.can(HELP_CASES):
        if not user.can(MANAGE_CASES) or user.municipality_id is None:
            return []
        scope &= HelpRequest.municipality == user.municipality_id
    rows = (
        await HelpRequest.select(
            HelpRequest.asked_at,
            town.name.as_alias("municipality_name"),
            HelpRequest.need,
            HelpRequest.needed_by,
            HelpRequest.status,
            specialist.full_name.as_alias("specialist_name"),
            HelpRequest.scheduled_on,
            HelpRequest.help_given,
        )
        .where(scope)
        .order_by(HelpRequest.asked_at)
    )
    statuses = translated(STATUSES)
    for row in rows:
        row["status_label"] = statuses.get(row.pop("status"), "")
    return [
        ExportSection("county.competence", N_("Competence centre requests"), COLUMNS, tuple(rows))
    ]
