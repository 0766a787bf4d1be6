"""Stage-III case management: the case manager's workflow, round tables with followed-up
agreements, cooperation problems, and which posts may act as case manager.

What this part gives the plugin's hooks (see ``plugins/municipality/hooks.py``)."""

from __future__ import annotations

from typing import Any

from core.registry import FormSchema, NavItem, Panel, Workflow

ROUTES: list[Any] = []
FORMS: list[FormSchema] = []
WORKFLOWS: list[Workflow] = []


def nav_items(user: Any) -> list[NavItem]:
    return []


async def dashboard_panels(request: Any, user: Any) -> list[Panel]:
    return []


async def case_panels(request: Any, user: Any, case: Any) -> list[Panel]:
    return []


async def case_manager_roles(municipality_id: int) -> list[str]:
    return []
