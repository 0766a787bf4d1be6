"""Stage-III case management: the case manager's workflow, round tables with followed-up
agreements, cooperation problems, and which posts may act as case manager.

What this part gives the plugin's hooks (see ``plugins/municipality/hooks.py``)."""

from __future__ import annotations

from typing import Any

from core.api import MANAGE_PLUGINS, NavItem
from core.api import gettext as _
from plugins.municipality.casework import cooperation, round_tables, settings
from plugins.municipality.casework.panels import case_panels, dashboard_panels
from plugins.municipality.casework.reminders import JOB_HANDLERS, PERIODIC_JOBS
from plugins.municipality.casework.settings import case_manager_roles, settings_panels
from plugins.municipality.casework.workflow import FORMS, WORKFLOWS
from plugins.municipality.roles import RESOLVE_COOPERATION

ROUTES: list[Any] = [
    *round_tables.ROUTES,
    *cooperation.ROUTES,
    *settings.ROUTES,
]

__all__ = [
    "FORMS",
    "JOB_HANDLERS",
    "PERIODIC_JOBS",
    "ROUTES",
    "WORKFLOWS",
    "case_manager_roles",
    "case_panels",
    "dashboard_panels",
    "nav_items",
    "settings_panels",
]


def nav_items(user: Any) -> list[NavItem]:
    items = []
    if user.can(RESOLVE_COOPERATION):
        items.append(NavItem(_("Cooperation problems"), "/municipality/cooperation-problems", 60))
    if user.can(MANAGE_PLUGINS) and user.municipality_id is not None:
        items.append(NavItem(_("Case managers"), "/municipality/settings/case-managers", 90))
    return items
