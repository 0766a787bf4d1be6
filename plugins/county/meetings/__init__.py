"""County meetings and network, the county's annual action plan, and the library of materials
and good practices (`/county/meetings`)."""

from __future__ import annotations

from collections.abc import Sequence

from core.api import N_, CurrentUser, NavItem
from core.api import gettext as _
from plugins.county.meetings.pages import ROUTES
from plugins.county.meetings.seed import seed
from plugins.county.part import Part


def _nav(_user: CurrentUser) -> Sequence[NavItem]:
    return (NavItem(_("County meetings"), "/county/meetings", order=70),)


PART = Part(
    routes=ROUTES,
    nav_items=_nav,
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
