"""Who may own a task or an agreement of a case."""

from __future__ import annotations

from typing import Any

from core.auth.tables import User
from core.cases.tables import CaseParticipant


async def owner_choices(case: dict[str, Any]) -> list[dict[str, Any]]:
    """Who may own a task: the responsible person and the participants with an account."""
    participants = CaseParticipant.select(CaseParticipant.user).where(
        (CaseParticipant.case == case["id"]) & CaseParticipant.user.is_not_null()
    )
    rows: list[dict[str, Any]] = (
        await User.select(User.id, User.full_name)
        .where((User.id == case["responsible"]) | User.id.is_in(participants))
        .order_by(User.full_name)
    )
    return rows
