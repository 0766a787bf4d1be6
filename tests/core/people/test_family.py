"""`family_of`: a child's guardians as core's guardian links know them (custody first) and the
guardians' other children, leaving out a record merged into another."""

from datetime import date

import pytest

from core.api import family_of
from core.people.tables import Child, Guardian, GuardianLink
from tests.core.people.conftest import make_child

pytestmark = pytest.mark.anyio


async def _guardian(given: str, family: str) -> int:
    [row] = await Guardian.insert(Guardian(given_name=given, family_name=family)).returning(
        Guardian.id
    )
    return int(row["id"])


async def test_family_of_lists_guardians_and_their_other_children(people):
    organisation = people["tartu_school"]
    child = await make_child("Mari", "Mets", date(2016, 5, 5), organisation)
    sister = await make_child("Liis", "Mets", date(2013, 1, 1), organisation)
    half_brother = await make_child("Jaan", "Kask", date(2011, 3, 3), organisation)
    merged = await make_child("Liis", "Metz", date(2013, 1, 1), organisation)
    stranger = await make_child("Tiit", "Tamm", date(2014, 4, 4), organisation)
    mother, father, other = (
        await _guardian("Anu", "Mets"),
        await _guardian("Peeter", "Kask"),
        await _guardian("Ott", "Tamm"),
    )
    await GuardianLink.insert(
        GuardianLink(child=child, guardian=father, relation="father", custody=False),
        GuardianLink(child=child, guardian=mother, relation="mother"),
        GuardianLink(child=sister, guardian=mother, relation="mother"),
        GuardianLink(child=half_brother, guardian=father, relation="father"),
        GuardianLink(child=merged, guardian=mother, relation="mother"),
        GuardianLink(child=stranger, guardian=other, relation="father"),
    )
    await Child.update({Child.merged_into: sister}).where(Child.id == merged)

    family = await family_of(child)

    assert [(g.given_name, g.relation, g.custody) for g in family.guardians] == [
        ("Anu", "mother", True),
        ("Peeter", "father", False),
    ]
    assert family.other_children == tuple(sorted((sister, half_brother)))
    alone = await make_child("Ülle", "Üksi", date(2015, 6, 6), organisation)
    assert await family_of(alone) == type(family)(alone, (), ())
