"""What the network learns from: the transitions overview, children at home and other groups
with their outreach, and statistics without personal data (with the surveys' and supervision's
results beside them).

What this part gives the plugin's hooks (see ``plugins/municipality/hooks.py``)."""

from __future__ import annotations

from typing import Any

from core.registry import NavItem, Panel

ROUTES: list[Any] = []


def nav_items(user: Any) -> list[NavItem]:
    return []


async def dashboard_panels(request: Any, user: Any) -> list[Panel]:
    return []
