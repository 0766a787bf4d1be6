"""Person fields: contacts of the directory, by id, with a name to show."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from core.parsing import search_term
from core.people.folding import like_pattern
from core.people.tables import ContactPerson

SEARCH_LIMIT = 30


def _described(row: dict[str, Any]) -> str:
    return f"{row['name']} ({row['post']}, {row['organisation_name']})"


def _select() -> Any:
    organisation: Any = ContactPerson.organisation  # Piccolo's join chains are untyped
    return ContactPerson.select(
        ContactPerson.id,
        ContactPerson.name,
        ContactPerson.post,
        organisation.name.as_alias("organisation_name"),
    )


async def contact_names(ids: Iterable[int]) -> dict[int, str]:
    """ "Name (post, organisation)" of each contact in ``ids`` that still exists."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    rows = await _select().where(ContactPerson.id.is_in(wanted))
    return {row["id"]: _described(row) for row in rows}


async def find_contacts(text: str) -> list[tuple[int, str]]:
    """Contacts whose name, post, topics or organisation match ``text`` (at most 30)."""
    text = search_term(text)
    if not text:
        return []
    pattern = like_pattern(text)
    organisation: Any = ContactPerson.organisation
    rows = (
        await _select()
        .where(ContactPerson.search_text.like(pattern) | organisation.folded_name.like(pattern))
        .order_by(ContactPerson.name)
        .limit(SEARCH_LIMIT)
    )
    return [(row["id"], _described(row)) for row in rows]
