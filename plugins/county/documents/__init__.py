"""County part 7: standardised documents (``/county/documents``)."""

from __future__ import annotations

from core.api import CurrentUser, NavItem
from core.api import gettext as _
from plugins.county.documents import demo, pages
from plugins.county.part import Part
from plugins.county.roles import COORDINATE


def nav_items(user: CurrentUser) -> list[NavItem]:
    """The county coordinator's menu; a municipality's administrators come from the link on the
    plugins and forms page's county templates (the page is open to every logged-in user)."""
    if user.can(COORDINATE):
        return [NavItem(_("Standardised documents"), "/county/documents", 66)]
    return []


PART = Part(
    routes=pages.ROUTES, nav_items=nav_items, action_labels=pages.ACTION_LABELS, seed=demo.seed
)
