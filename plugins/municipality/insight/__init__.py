"""What the network learns from: the transitions overview, children at home and other groups
with their outreach, statistics without personal data (with the surveys' and supervision's
results beside them), and the Rajaleidja decisions about the municipality's children shared
with it.

What this part gives the plugin's hooks (see ``plugins/municipality/hooks.py``)."""

from __future__ import annotations

from typing import Any

from core.api import NavItem, Panel
from core.api import gettext as _
from plugins.municipality.insight import home_children, rajaleidja, stats, transitions
from plugins.municipality.roles import (
    MANAGE_HOME_CHILDREN,
    VIEW_RAJALEIDJA,
    VIEW_STATS,
    VIEW_TRANSITIONS,
)

ROUTES: list[Any] = [
    transitions.transitions_page,
    transitions.recompute_transitions,
    *home_children.ROUTES,
    *stats.ROUTES,
    *rajaleidja.ROUTES,
]


def nav_items(user: Any) -> list[NavItem]:
    items = []
    if user.can(VIEW_TRANSITIONS):
        items.append(NavItem(_("Transitions"), "/municipality/transitions", 62))
    if user.can(MANAGE_HOME_CHILDREN):
        items.append(NavItem(_("Children at home"), "/municipality/home-children", 63))
    if user.can(VIEW_STATS):
        items.append(NavItem(_("Statistics"), "/municipality/stats", 64))
    if user.can(VIEW_RAJALEIDJA):
        items.append(NavItem(_("Rajaleidja decisions"), rajaleidja.LIST, 65))
    return items


async def dashboard_panels(request: Any, user: Any) -> list[Panel]:
    return []
