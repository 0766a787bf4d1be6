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


def owners_among(case: dict[str, Any], participants: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`owner_choices` from what a page has read already: the case with ``responsible_name``
    (`core.access.case_with_child`) and its participants with ``user`` and ``user_name``."""
    people = {case["responsible"]: case["responsible_name"] or ""}
    for participant in participants:
        if participant["user"] is not None:
            people[participant["user"]] = participant["user_name"] or ""
    rows = [{"id": user_id, "full_name": name} for user_id, name in people.items()]
    return sorted(rows, key=lambda row: (row["full_name"], row["id"]))
