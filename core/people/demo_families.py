"""A few hand-made sample families in Tartu linn's first sample kindergarten and school, at
every demo scale: children to open, with guardians (one pair living apart) and enrolments in a
group or class. The consent demo (`core.consent.demo`) gives them consents.

Their names are not among those the county generator draws (`core.people.demo_children`), so
finding the first child by name tells whether the families are there already. Ages are counted
from this year, so the children stay the age of a kindergarten or school.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from core.demo import DemoContext
from core.people.adding import NewChild, add_child
from core.people.demo_children import isikukood
from core.people.folding import fold
from core.people.tables import Child, Enrolment, Guardian, GuardianLink, Unit

KINDERGARTEN = ("Tartu linn", "Annelinna Lasteaed")
SCHOOL = ("Tartu linn", "Annelinna Kool")


@dataclass(frozen=True)
class SampleChild:
    given_name: str
    family_name: str
    male: bool
    age: int
    birthday: tuple[int, int]  # month, day
    organisation: tuple[str, str]
    unit: str


@dataclass(frozen=True)
class SampleParent:
    given_name: str
    family_name: str
    relation: str
    phone: str
    lives_with_child: bool = True


# (parents, children) of each family.
FAMILIES: tuple[tuple[tuple[SampleParent, ...], tuple[SampleChild, ...]], ...] = (
    (
        (
            SampleParent("Kertu", "Jõgi", "mother", "+372 5551 2001"),
            SampleParent("Priit", "Jõgi", "father", "+372 5551 2002"),
        ),
        (
            SampleChild("Lotte", "Jõgi", False, 5, (5, 14), KINDERGARTEN, "Mesimummid"),
            SampleChild("Kristjan", "Jõgi", True, 8, (9, 2), SCHOOL, "2.a"),
        ),
    ),
    (
        (
            SampleParent("Evelin", "Mänd", "mother", "+372 5551 2003"),
            SampleParent("Siim", "Mänd", "father", "+372 5551 2004", lives_with_child=False),
        ),
        (SampleChild("Aleksander", "Mänd", True, 11, (3, 21), SCHOOL, "5.a"),),
    ),
    (
        (SampleParent("Merike", "Org", "mother", "+372 5551 2005"),),
        (SampleChild("Laura", "Org", False, 4, (1, 30), KINDERGARTEN, "Päikesekiired"),),
    ),
)


def born(child: SampleChild, today: date) -> date:
    month, day = child.birthday
    return date(today.year - child.age, month, day)


async def seed_families(ctx: DemoContext) -> None:
    """The families, unless their first child is there already."""
    first = FAMILIES[0][1][0]
    if await Child.exists().where(
        (Child.given_name == first.given_name) & (Child.family_name == first.family_name)
    ):
        return
    today = date.today()
    units = {
        (row["organisation"], row["name"]): row["id"]
        for row in await Unit.select(Unit.id, Unit.organisation, Unit.name)
    }
    serial = 900
    for parents, children in FAMILIES:
        guardian_ids = []
        for parent in parents:
            [row] = await Guardian.insert(
                Guardian(
                    given_name=parent.given_name,
                    family_name=parent.family_name,
                    phone=parent.phone,
                    email=f"{fold(parent.given_name)}.{fold(parent.family_name)}@example.invalid",
                )
            ).returning(Guardian.id)
            guardian_ids.append(row["id"])
        for child in children:
            organisation = ctx.organisations[child.organisation]
            municipality = ctx.municipalities[child.organisation[0]]
            code = isikukood(born(child, today), child.male, serial)
            while await Child.exists().where(Child.isikukood == code):
                serial += 1
                code = isikukood(born(child, today), child.male, serial)
            child_id = await add_child(
                NewChild(
                    given_name=child.given_name,
                    family_name=child.family_name,
                    date_of_birth=born(child, today),
                    isikukood=code,
                    registered_municipality=municipality,
                )
            )
            await Enrolment.insert(
                Enrolment(
                    child=child_id,
                    organisation=organisation,
                    unit=units.get((organisation, child.unit)),
                    starts_on=date(today.year - 1, 9, 1),
                )
            )
            await GuardianLink.insert(
                *(
                    GuardianLink(
                        child=child_id,
                        guardian=guardian_id,
                        relation=parent.relation,
                        lives_with_child=parent.lives_with_child,
                    )
                    for parent, guardian_id in zip(parents, guardian_ids, strict=True)
                )
            )


async def add_demo_guardians(child_id: int, parents: Sequence[SampleParent]) -> list[int]:
    """Sample guardians with custody for a plugin's sample child (e-mail addresses at
    example.invalid, like the families'); their ids, in order."""
    ids = []
    for parent in parents:
        [row] = await Guardian.insert(
            Guardian(
                given_name=parent.given_name,
                family_name=parent.family_name,
                phone=parent.phone,
                email=f"{fold(parent.given_name)}.{fold(parent.family_name)}@example.invalid",
            )
        ).returning(Guardian.id)
        ids.append(row["id"])
    await GuardianLink.insert(
        *(
            GuardianLink(
                child=child_id,
                guardian=guardian_id,
                relation=parent.relation,
                lives_with_child=parent.lives_with_child,
            )
            for parent, guardian_id in zip(parents, ids, strict=True)
        )
    )
    return ids
