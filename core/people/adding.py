"""Adding a child: the one place that checks a new child's fields and folds the names the
search finds them by. Pages, imports, demo data and plugins all add children through here."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from piccolo.custom_types import Combinable

from core.people.folding import fold
from core.people.isikukood import isikukood_problem
from core.people.tables import Child

NAME_LIMIT = 100


@dataclass(frozen=True)
class NewChild:
    """A child to add. The residence municipality defaults to the registered one."""

    given_name: str
    family_name: str
    date_of_birth: date
    registered_municipality: int | None
    residence_municipality: int | None = None
    isikukood: str | None = None
    language: str = "eesti"


class ChildNotValid(ValueError):
    """The fields do not describe a child heaolu can store (the caller should have parsed the
    input first: this is a programming error, not a message for the user)."""


def _checked(child: NewChild) -> NewChild:
    for name in (child.given_name, child.family_name):
        if not name.strip() or len(name) > NAME_LIMIT:
            raise ChildNotValid(f"a name must have 1 to {NAME_LIMIT} characters: {name!r}")
    if child.isikukood and isikukood_problem(child.isikukood, child.date_of_birth):
        raise ChildNotValid(f"not a valid isikukood for {child.date_of_birth}")
    return child


def child_row(child: NewChild) -> Child:
    """The row to insert for ``child``, checked, with its search names folded."""
    _checked(child)
    return Child(
        given_name=child.given_name,
        family_name=child.family_name,
        search_name=fold(f"{child.family_name} {child.given_name}"),
        search_name_reversed=fold(f"{child.given_name} {child.family_name}"),
        date_of_birth=child.date_of_birth,
        isikukood=child.isikukood or None,
        registered_municipality=child.registered_municipality,
        residence_municipality=child.residence_municipality or child.registered_municipality,
        language=child.language,
    )


async def add_children(children: Sequence[NewChild]) -> list[int]:
    """Add ``children`` in one statement; their new ids, in order."""
    if not children:
        return []
    rows: list[dict[str, Any]] = await Child.insert(*(child_row(c) for c in children)).returning(
        Child.id
    )
    return [int(row["id"]) for row in rows]


async def add_child(child: NewChild) -> int:
    """Add ``child``; its new id."""
    [child_id] = await add_children([child])
    return child_id


async def existing_child(values: Mapping[str, str], born: date) -> int | None:
    """A child already in heaolu: the same isikukood, or the same name and date of birth."""
    same_person: Combinable = (
        Child.search_name == fold(f"{values['family_name']} {values['given_name']}")
    ) & (Child.date_of_birth == born)
    if values["isikukood"]:
        same_person = same_person | (Child.isikukood == values["isikukood"])
    row = await Child.select(Child.id).where(same_person).first()
    return row["id"] if row else None
