"""County-scale sample children (``heaolu demo --scale county``): about 35 000 children with
guardians and enrolments in the sample kindergartens and schools, for benchmarks and trials.

Names are drawn from common Estonian names, codes are valid isikukoods of the drawn dates;
everything is sample data. Made in batches so the whole county takes well under five minutes.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from stdnum.ee import ik

from core.demo import DemoContext
from core.people.adding import NewChild, add_children
from core.people.demo import FAMILY_NAMES
from core.people.tables import (
    Child,
    Enrolment,
    Guardian,
    GuardianLink,
    Organisation,
    OrganisationKind,
    Unit,
)

CHILDREN_PER_ORGANISATION = {OrganisationKind.kindergarten: 180, OrganisationKind.school: 520}
# Ages (in years on the first of September) each kind takes.
AGES = {OrganisationKind.kindergarten: (2, 6), OrganisationKind.school: (7, 15)}
GIRLS = (
    "Mia",
    "Sofia",
    "Emma",
    "Eliise",
    "Mirtel",
    "Maria",
    "Lisandra",
    "Hanna",
    "Marta",
    "Lenna",
    "Saskia",
    "Loore",
    "Adele",
    "Kirke",
    "Grete",
    "Anete",
    "Liisa",
    "Õnne",
)
BOYS = (
    "Oliver",
    "Robin",
    "Rasmus",
    "Sebastian",
    "Kaspar",
    "Mattias",
    "Hugo",
    "Henri",
    "Karl",
    "Jakob",
    "Markus",
    "Georg",
    "Oskar",
    "Uku",
    "Rannar",
    "Joosep",
    "Märt",
    "Tõnu",
)
ADULTS = (
    ("Kadri", "Anu", "Tiina", "Piret", "Kristi", "Triin"),
    ("Jaan", "Toomas", "Urmas", "Margus", "Rein", "Andres"),
)
BATCH = 2000


def isikukood(born: date, male: bool, serial: int) -> str:
    """A valid isikukood for a child born in 2000-2099 (century digits 5 and 6)."""
    prefix = f"{5 if male else 6}{born:%y%m%d}{serial % 1000:03d}"
    return next(code for code in (prefix + str(d) for d in range(10)) if ik.is_valid(code))


async def seed_children(ctx: DemoContext) -> None:
    """Sample children for every sample kindergarten and school that has none yet."""
    if ctx.scale != "county":
        return
    have = {row["organisation"] for row in await Enrolment.select(Enrolment.organisation)}
    rng = random.Random(2026)  # the same county on every run  # noqa: S311 - sample data only
    organisations = (
        await Organisation.select(Organisation.id, Organisation.kind, Organisation.municipality)
        .where(
            Organisation.sample.eq(True)
            & Organisation.kind.is_in([kind.value for kind in CHILDREN_PER_ORGANISATION])
        )
        .order_by(Organisation.id)
    )
    units: dict[int, list[int]] = {}
    for row in await Unit.select(Unit.id, Unit.organisation):
        units.setdefault(row["organisation"], []).append(row["id"])
    used_codes = {row["isikukood"] for row in await Child.select(Child.isikukood)}
    serial = len(used_codes)
    for organisation in organisations:
        if organisation["id"] in have:
            continue
        kind = OrganisationKind(organisation["kind"])
        youngest, oldest = AGES[kind]
        families = _families(rng, round(CHILDREN_PER_ORGANISATION[kind] * ctx.share))
        children, guardians = [], []
        for family_name, size in families:
            mother = (rng.choice(ADULTS[0]), family_name)
            father = (rng.choice(ADULTS[1]), family_name)
            guardians.append((mother, father))
            for _ in range(size):
                male = rng.random() < 0.5
                age = rng.randint(youngest, oldest)
                born = date(date.today().year - age, 1, 1) + timedelta(days=rng.randint(0, 364))
                serial += 1
                code = isikukood(born, male, serial)
                while code in used_codes:
                    serial += 1
                    code = isikukood(born, male, serial)
                used_codes.add(code)
                given = rng.choice(BOYS if male else GIRLS)
                children.append((given, family_name, born, code, len(guardians) - 1))
        await _insert(organisation, children, guardians, units.get(organisation["id"], []), rng)


def _families(rng: random.Random, children: int) -> list[tuple[str, int]]:
    families = []
    while children > 0:
        size = min(children, rng.choice((1, 1, 1, 2, 2, 3)))
        families.append((rng.choice(FAMILY_NAMES), size))
        children -= size
    return families


async def _insert(
    organisation: dict[str, object],
    children: list[tuple[str, str, date, str, int]],
    parents: list[tuple[tuple[str, str], tuple[str, str]]],
    units: list[int],
    rng: random.Random,
) -> None:
    guardian_ids: list[int] = []
    for start in range(0, len(parents) * 2, BATCH):
        rows = [person for pair in parents for person in pair][start : start + BATCH]
        inserted = await Guardian.insert(
            *(Guardian(given_name=given, family_name=family) for given, family in rows)
        ).returning(Guardian.id)
        guardian_ids.extend(row["id"] for row in inserted)
    municipality = organisation["municipality"]
    assert isinstance(municipality, int)
    for start in range(0, len(children), BATCH):
        batch = children[start : start + BATCH]
        child_ids = await add_children(
            [
                NewChild(
                    given_name=given,
                    family_name=family,
                    date_of_birth=born,
                    isikukood=code,
                    registered_municipality=municipality,
                )
                for given, family, born, code, _family in batch
            ]
        )
        links, enrolments = [], []
        for child_id, (_g, _f, _born, _code, family_index) in zip(child_ids, batch, strict=True):
            for parent, relation in ((0, "mother"), (1, "father")):
                links.append(
                    GuardianLink(
                        child=child_id,
                        guardian=guardian_ids[family_index * 2 + parent],
                        relation=relation,
                    )
                )
            enrolments.append(
                Enrolment(
                    child=child_id,
                    organisation=organisation["id"],
                    unit=rng.choice(units) if units else None,
                    starts_on=date(date.today().year - 1, 9, 1),
                )
            )
        await GuardianLink.insert(*links)
        await Enrolment.insert(*enrolments)
