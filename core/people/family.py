"""A child's family as core's guardian links know it: the child's guardians, and those
guardians' other children. Read-only; the child's page keeps the links."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core.people.tables import GuardianLink


@dataclass(frozen=True)
class FamilyGuardian:
    """One of the child's guardians, with the link's relation and custody."""

    id: int
    given_name: str
    family_name: str
    relation: str
    custody: bool


@dataclass(frozen=True)
class Family:
    """The child's guardians (custody first, then by name) and the ids of the guardians' other
    children (records not merged into another)."""

    child_id: int
    guardians: tuple[FamilyGuardian, ...]
    other_children: tuple[int, ...]


async def family_of(child_id: int) -> Family:
    """The child's family: two statements, however large it is."""
    guardian: Any = GuardianLink.guardian
    links = await GuardianLink.select(
        GuardianLink.guardian,
        GuardianLink.relation,
        GuardianLink.custody,
        guardian.given_name.as_alias("given_name"),
        guardian.family_name.as_alias("family_name"),
    ).where(GuardianLink.child == child_id)
    guardians = tuple(
        sorted(
            (
                FamilyGuardian(
                    link["guardian"],
                    link["given_name"],
                    link["family_name"],
                    link["relation"],
                    bool(link["custody"]),
                )
                for link in links
            ),
            key=lambda found: (not found.custody, found.family_name, found.given_name, found.id),
        )
    )
    child: Any = GuardianLink.child
    siblings = await GuardianLink.select(GuardianLink.child).where(
        GuardianLink.guardian.is_in([found.id for found in guardians] or [0])
        & (GuardianLink.child != child_id)
        & child.merged_into.is_null()
    )
    return Family(child_id, guardians, tuple(sorted({row["child"] for row in siblings})))
