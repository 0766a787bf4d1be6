"""The municipality's cross-sector network: leader, members and representatives, working rules,
meetings (at least four a year), the annual action plan, the information agreement, the county
agreement's commitments, and the institution roles map.

What this part gives the plugin's hooks (see ``plugins/municipality/hooks.py``)."""

from __future__ import annotations

from typing import Any

from core.registry import NavItem, Panel

ROUTES: list[Any] = []


def nav_items(user: Any) -> list[NavItem]:
    return []


async def dashboard_panels(request: Any, user: Any) -> list[Panel]:
    return []
