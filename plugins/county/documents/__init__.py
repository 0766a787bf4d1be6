"""County part 7: standardised documents (``/county/documents``)."""

from __future__ import annotations

from core.api import MANAGE_PLUGINS, CurrentUser, NavItem
from core.api import gettext as _
from plugins.county.documents import demo, pages
from plugins.county.part import Part
from plugins.county.roles import COORDINATE


def nav_items(user: CurrentUser) -> list[NavItem]:
    """The county coordinator, who publishes templates, and a municipality's administrators, who
    adopt them, have the page in their menu (it is open to every logged-in user)."""
    if user.can(COORDINATE) or (user.can(MANAGE_PLUGINS) and user.municipality_id is not None):
        return [NavItem(_("Standardised documents"), "/county/documents", 66)]
    return []


PART = Part(
    routes=pages.ROUTES, nav_items=nav_items, action_labels=pages.ACTION_LABELS, seed=demo.seed
)
