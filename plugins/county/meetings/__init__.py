"""County meetings and network, the county's annual action plan, and the library of materials
and good practices (`/county/meetings`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from core.api import (
    N_,
    RHYTHM_LABELS,
    AnyRequest,
    CurrentUser,
    Kept,
    NavItem,
    Panel,
    translated,
)
from core.api import gettext as _
from plugins.county.meetings.pages import KINDS, ROUTES, on_days, rhythm, year_days
from plugins.county.meetings.seed import seed
from plugins.county.meetings.tables import CountyMeeting, MeetingKind
from plugins.county.part import Part
from plugins.county.roles import COORDINATE


def _nav(user: CurrentUser) -> Sequence[NavItem]:
    """In the menu of the coordinator who keeps them; the others find them on "my work"
    (`_panels`), so that a municipality's full menu stays on one line."""
    return (
        (NavItem(_("County meetings"), "/county/meetings", order=70),)
        if user.can(COORDINATE)
        else ()
    )


# A year's meetings, which every "my work" outside the county's coordination shows: kept as SQL.
_YEAR_MEETINGS = Kept(
    lambda *, first, last: CountyMeeting.select(
        CountyMeeting.kind, CountyMeeting.meets_on, CountyMeeting.status
    ).where(on_days(first, last))
)


async def _panels(_request: AnyRequest, user: CurrentUser) -> Sequence[Panel]:
    if user.can(COORDINATE):
        return ()
    today = date.today()
    first, last = year_days(today.year)
    rows = await _YEAR_MEETINGS.rows(first=first, last=last)
    return (
        Panel(
            _("County meetings"),
            "county/meetings/_panel.html",
            {
                "rhythms": [
                    (_(KINDS[kind]), rhythm(rows, kind, today.year, today))
                    for kind in (MeetingKind.union, MeetingKind.leads)
                ],
                "rhythm_labels": translated(RHYTHM_LABELS),
            },
            order=90,
        ),
    )


PART = Part(
    routes=ROUTES,
    nav_items=_nav,
    dashboard_panels=_panels,
    action_labels={
        "county.meeting_planned": N_("County meeting planned"),
        "county.meeting_recorded": N_("County meeting recorded"),
        "county.plan_saved": N_("County action plan saved"),
        "county.material_added": N_("Material added to the county library"),
    },
    object_type_labels={
        "county_meeting": N_("county meeting"),
        "county_plan": N_("county action plan"),
        "county_material": N_("county library material"),
    },
    seed=seed,
)
