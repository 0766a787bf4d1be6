"""Part "Has this child been noticed with you?": requests between the county's municipalities
(`pages`), their reminders (`reminders`) and demo (`demo`)."""

from __future__ import annotations

from collections.abc import Sequence

from core.api import MANAGE_CASES, N_, AnyRequest, ConsentPurpose, CurrentUser, Panel, gettext
from plugins.county.part import Part
from plugins.county.requests import demo, pages, reminders, subject_access
from plugins.county.requests.tables import NoticedRequest


async def _panels(request: AnyRequest, user: CurrentUser) -> Sequence[Panel]:
    """For a case manager: the questions awaiting their municipality's answer, and the links."""
    if not user.can(MANAGE_CASES) or user.municipality_id is None:
        return ()
    waiting = await NoticedRequest.count().where(
        (NoticedRequest.to_municipality == user.municipality_id)
        & NoticedRequest.answered_at.is_null()
    )
    return (
        Panel(
            gettext("Questions to municipalities"),
            "county/requests/_panel.html",
            {"waiting": waiting},
            55,
        ),
    )


async def _merge(merged_id: int, survivor_id: int) -> None:
    await NoticedRequest.update({NoticedRequest.child: survivor_id}).where(
        NoticedRequest.child == merged_id
    )


PART = Part(
    routes=pages.ROUTES,
    dashboard_panels=_panels,
    action_labels=pages.ACTION_LABELS,
    object_type_labels={pages.OBJECT_TYPE: N_("Question to another municipality")},
    periodic_jobs=reminders.PERIODIC_JOBS,
    job_handlers=reminders.JOB_HANDLERS,
    seed=demo.seed,
    child_export=subject_access.child_export,
    merge_children=_merge,
)

PURPOSE = ConsentPurpose(
    pages.PURPOSE,
    N_("Asking whether a child is known in another municipality"),
    N_(
        "The case manager of the child's municipality may ask another municipality of the "
        "county whether the child or family is known there and what support was given with what "
        "result; the other municipality answers with what it chooses to share."
    ),
)
