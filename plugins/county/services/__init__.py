"""County part 3: service agreements between municipalities (``/county/services``)."""

from __future__ import annotations

from core.api import CurrentUser, NavItem
from core.api import gettext as _
from plugins.county.part import Part
from plugins.county.roles import COORDINATE
from plugins.county.services import pages, records


def nav_items(user: CurrentUser) -> list[NavItem]:
    """The county coordinator's menu; a case manager comes from the home page's panel and the
    case's panel (the menu of a municipality's post is full)."""
    if user.can(COORDINATE):
        return [NavItem(_("Service agreements"), "/county/services", 62)]
    return []


PART = Part(
    routes=pages.ROUTES,
    nav_items=nav_items,
    case_panels=pages.case_panels,
    dashboard_panels=pages.dashboard_panels,
    action_labels=pages.ACTION_LABELS,
    seed=records.seed,
    child_export=records.child_export,
    merge_children=records.merge_children,
)
