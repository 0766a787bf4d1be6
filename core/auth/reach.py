"""How far an administrator's hand reaches: one municipality, or all of them."""

from __future__ import annotations

from litestar.exceptions import NotFoundException

from core.auth.current import CurrentUser
from core.auth.permissions import SYSTEM_ADMIN


def municipality_reach(user: CurrentUser) -> int | None:
    """None for a system administrator (every municipality), else the active membership's
    municipality. A user whose active role has no municipality reaches nothing (404)."""
    if user.can(SYSTEM_ADMIN):
        return None
    if user.municipality_id is None:
        raise NotFoundException()
    return user.municipality_id
