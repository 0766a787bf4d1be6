"""Finding people in the contact directory by name, post or organisation."""

from __future__ import annotations

from typing import Any

from core.people.folding import fold
from core.people.tables import ContactPerson


async def contact_matches(query: str) -> list[dict[str, Any]]:
    """Directory contacts whose name, post or organisation starts a word of ``query``."""
    folded = fold(query)
    if len(folded) < 2:
        return []
    rows: list[dict[str, Any]] = (
        await ContactPerson.select(
            ContactPerson.id,
            ContactPerson.name,
            ContactPerson.post,
            ContactPerson.organisation.name.as_alias("organisation_name"),
        )
        .where(ContactPerson.search_text.like(f"%{folded}%"))
        .order_by(ContactPerson.name)
        .limit(20)
    )
    return rows
