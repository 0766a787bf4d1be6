"""Sample contact persons and units for the demo's organisations (marked as sample data)."""

from __future__ import annotations

import hashlib

from core.demo import DemoContext
from core.people.folding import fold
from core.people.tables import AgeLevel, ContactPerson, Organisation, OrganisationKind, Unit

GIVEN_NAMES = (
    "Mari",
    "Kati",
    "Liis",
    "Anu",
    "Tiina",
    "Kadri",
    "Jaan",
    "Toomas",
    "Mart",
    "Peeter",
    "Kristiina",
    "Helen",
    "Rein",
    "Urmas",
    "Piret",
    "Eve",
    "Margus",
    "Triin",
)
FAMILY_NAMES = (
    "Tamm",
    "Saar",
    "Sepp",
    "Mägi",
    "Kask",
    "Kukk",
    "Rebane",
    "Ilves",
    "Pärn",
    "Koppel",
    "Lepik",
    "Kuusk",
    "Oja",
    "Põder",
    "Raudsepp",
    "Vaher",
    "Kõiv",
    "Lill",
)

# (post, what to contact about, age level) by kind of organisation; sample content.
POSTS: dict[OrganisationKind, tuple[tuple[str, str, AgeLevel], ...]] = {
    OrganisationKind.kindergarten: (
        ("Direktor", "Lasteaia juhtimine, koostöö omavalitsusega", AgeLevel.preschool),
        (
            "Tugiteenuste koordinaator (AEVKO)",
            "Lapse arengu märkamine, tugiteenused, Rajaleidja",
            AgeLevel.preschool,
        ),
    ),
    OrganisationKind.school: (
        ("Direktor", "Kooli juhtimine", AgeLevel.basic_school),
        (
            "Tugiõppe koordinaator (HEVKO)",
            "Haridusliku erivajadusega õpilase tugi",
            AgeLevel.basic_school,
        ),
        (
            "Sotsiaalpedagoog",
            "Koolikohustuse täitmine, puudumised, peresuhted",
            AgeLevel.basic_school,
        ),
    ),
    OrganisationKind.municipality_office: (
        ("Lastekaitsespetsialist", "Abivajav või hädaohus laps", AgeLevel.all),
        ("Haridusnõunik", "Lasteaia- ja koolikohad, üleminekud", AgeLevel.all),
        ("Juhtumikorraldaja", "Valdkondadeülene juhtumikorraldus", AgeLevel.all),
    ),
    OrganisationKind.health: (("Perearst", "Lapse tervis, tervisekontrollid", AgeLevel.all),),
    OrganisationKind.youth: (
        ("Noorsootöötaja", "Noorte vaba aeg, avatud noorsootöö", AgeLevel.basic_school),
    ),
    OrganisationKind.police: (
        ("Piirkonnapolitseinik", "Alaealiste õigusrikkumised, turvalisus", AgeLevel.all),
    ),
    OrganisationKind.rajaleidja: (
        ("Nõustaja", "Haridusliku erivajaduse hindamine ja soovitused", AgeLevel.all),
    ),
}
UNITS = {
    OrganisationKind.kindergarten: ("Mesimummid", "Päikesekiired", "Sipsikud"),
    OrganisationKind.school: ("1.a", "2.a", "3.a", "4.a", "5.a", "6.a", "7.a", "8.a", "9.a"),
}


def _pick(options: tuple[str, ...], seed: str) -> str:
    digest = hashlib.sha256(seed.encode()).digest()
    return options[digest[0] % len(options)]


def _phone(seed: str) -> str:
    digits = str(int(hashlib.sha256(seed.encode()).hexdigest(), 16))[-7:]
    return f"+372 5{digits[:3]} {digits[3:]}"


async def seed_directory(ctx: DemoContext) -> None:
    """One contact per post for each sample organisation, and units for kindergartens and
    schools; organisations that have contacts already are left as they are."""
    have_contacts = {
        row["organisation"] for row in await ContactPerson.select(ContactPerson.organisation)
    }
    contacts: list[ContactPerson] = []
    units: list[Unit] = []
    for row in await Organisation.select(Organisation.id, Organisation.name, Organisation.kind):
        if row["id"] in have_contacts:
            continue
        kind = OrganisationKind(row["kind"])
        for post, topics, age in POSTS.get(kind, ()):
            seed = f"{row['name']}|{post}"
            name = f"{_pick(GIVEN_NAMES, seed + 'g')} {_pick(FAMILY_NAMES, seed + 'f')}"
            contacts.append(
                ContactPerson(
                    organisation=row["id"],
                    name=name,
                    post=post,
                    phone=_phone(seed),
                    email=f"{fold(name).replace(' ', '.')}@example.invalid",
                    topics=topics,
                    age_level=age.value,
                    search_text=fold(f"{name} {post} {topics}"),
                    sample=True,
                )
            )
        units.extend(
            Unit(organisation=row["id"], name=unit, kind="class" if kind == "school" else "group")
            for unit in UNITS.get(kind, ())
        )
    if contacts:
        await ContactPerson.insert(*contacts)
    if units:
        await Unit.insert(*units)
