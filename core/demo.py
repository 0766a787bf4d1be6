"""`heaolu demo`: a plausible Tartu county to try heaolu on.

Core seeds the eight municipalities of Tartu county with their offices and, marked as sample
data, kindergartens, schools and a few county-level bodies. Plugins add their records through
``heaolu_demo_data``. Every step looks up what exists first, so running the demo twice changes
nothing; `heaolu demo` then says the data was already there and how to start afresh
(``--reset``, `core.demo_reset`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from core.people.folding import fold
from core.people.tables import DEFAULT_SECTOR, Municipality, Organisation, OrganisationKind

if TYPE_CHECKING:
    from core.plugins import Plugins

Scale = Literal["small", "county"]
DEFAULT_DEMO_PASSWORD = "heaolu-demo-2026"  # noqa: S105 - printed by `heaolu demo`

# Name, EHAK code, the office's name, and place names used for sample institutions.
MUNICIPALITIES: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    (
        "Elva vald",
        "0171",
        "Elva Vallavalitsus",
        ("Elva", "Rõngu", "Puhja", "Konguta", "Rannu", "Palupera", "Hellenurme", "Ulila"),
    ),
    (
        "Kambja vald",
        "0283",
        "Kambja Vallavalitsus",
        ("Kambja", "Ülenurme", "Tõrvandi", "Reola", "Räni", "Külitse", "Rebase", "Vana-Kuuste"),
    ),
    (
        "Kastre vald",
        "0291",
        "Kastre Vallavalitsus",
        ("Kurepalu", "Võnnu", "Melliste", "Haaslava", "Mäksa", "Roiu", "Kriimani", "Kaagvere"),
    ),
    (
        "Luunja vald",
        "0432",
        "Luunja Vallavalitsus",
        ("Luunja", "Lohkva", "Kavastu", "Sirgu", "Kabina", "Veibri"),
    ),
    (
        "Nõo vald",
        "0528",
        "Nõo Vallavalitsus",
        ("Nõo", "Tõravere", "Meeri", "Luke", "Vissi", "Unipiha"),
    ),
    (
        "Peipsiääre vald",
        "0586",
        "Peipsiääre Vallavalitsus",
        ("Kallaste", "Alatskivi", "Kolkja", "Varnja", "Pala", "Vara", "Kasepää", "Kokora"),
    ),
    (
        "Tartu linn",
        "0793",
        "Tartu Linnavalitsus",
        (
            "Annelinna",
            "Karlova",
            "Supilinna",
            "Tammelinna",
            "Ropka",
            "Veeriku",
            "Ihaste",
            "Raadi",
            "Jaamamõisa",
            "Maarjamõisa",
            "Kesklinna",
            "Vaksali",
            "Ülejõe",
            "Variku",
            "Tähtvere",
            "Ränilinna",
        ),
    ),
    (
        "Tartu vald",
        "0796",
        "Tartu Vallavalitsus",
        ("Kõrveküla", "Lähte", "Äksi", "Tabivere", "Laeva", "Vasula", "Maramaa", "Elistvere"),
    ),
)

# How many of a municipality's places get each kind of sample institution, by scale.
PER_MUNICIPALITY = {
    "small": {OrganisationKind.kindergarten: 2, OrganisationKind.school: 2},
    "county": {
        OrganisationKind.kindergarten: 7,
        OrganisationKind.school: 6,
        OrganisationKind.health: 2,
        OrganisationKind.youth: 1,
        OrganisationKind.hobby_school: 1,
    },
}
SAMPLE_NAME = {
    OrganisationKind.kindergarten: "{place} Lasteaed",
    OrganisationKind.school: "{place} Kool",
    OrganisationKind.health: "{place} Perearstikeskus",
    OrganisationKind.youth: "{place} Noortekeskus",
    OrganisationKind.hobby_school: "{place} Huvikool",
}
# County-level bodies (sample names): (name, kind, municipality name or None).
COUNTY_BODIES = (
    ("Tartumaa Omavalitsuste Liit", OrganisationKind.county_union, None),
    ("Rajaleidja Tartu keskus", OrganisationKind.rajaleidja, "Tartu linn"),
    ("Tartu politseijaoskond", OrganisationKind.police, "Tartu linn"),
    (
        "Sotsiaalkindlustusameti Lõuna piirkond",
        OrganisationKind.social_insurance_board,
        "Tartu linn",
    ),
)


@dataclass
class DemoContext:
    """What ``heaolu_demo_data`` implementations receive."""

    scale: Scale
    password: str
    # The loaded plugins, for demos that go through the case engine (their workflows).
    plugins: Plugins
    # Municipality name -> id, and (municipality name or None, organisation name) -> id.
    municipalities: dict[str, int] = field(default_factory=dict)
    organisations: dict[tuple[str | None, str], int] = field(default_factory=dict)
    # (username, what the account is for) for every demo account, printed at the end.
    accounts: list[tuple[str, str]] = field(default_factory=list)
    # Username -> id of every demo account made so far (sample records name who made them).
    users: dict[str, int] = field(default_factory=dict)
    # The part of the county's sample children and cases a county demo makes: the whole, or a
    # tenth (`heaolu demo --scale county-tenth`), on which the benchmarks measure cost growth.
    share: float = 1.0


def sample_organisations(scale: Scale) -> list[tuple[str, OrganisationKind, str | None]]:
    """Every organisation the demo makes at ``scale``: (name, kind, municipality name)."""
    made: list[tuple[str, OrganisationKind, str | None]] = []
    for name, _code, office, places in MUNICIPALITIES:
        made.append((office, OrganisationKind.municipality_office, name))
        for kind, count in PER_MUNICIPALITY[scale].items():
            for place in _cycle(places, count):
                made.append((SAMPLE_NAME[kind].format(place=place), kind, name))
    made.extend(COUNTY_BODIES)
    return list(dict.fromkeys(made))


def _cycle(places: tuple[str, ...], count: int) -> list[str]:
    """``count`` distinct place names; past the list's end, numbered ones (``Elva 2``)."""
    return [
        places[i % len(places)] + (f" {i // len(places) + 1}" if i >= len(places) else "")
        for i in range(count)
    ]


async def seed_core(ctx: DemoContext) -> None:
    existing = {row["ehak_code"]: row for row in await Municipality.select()}
    new = [
        Municipality(name=name, ehak_code=code)
        for name, code, _office, _places in MUNICIPALITIES
        if code not in existing
    ]
    if new:
        await Municipality.insert(*new)
    ctx.municipalities = {row["name"]: row["id"] for row in await Municipality.select()}

    have = {
        (row["municipality"], row["name"])
        for row in await Organisation.select(Organisation.name, Organisation.municipality)
    }
    rows = []
    for name, kind, municipality in sample_organisations(ctx.scale):
        municipality_id = ctx.municipalities[municipality] if municipality else None
        if (municipality_id, name) in have:
            continue
        rows.append(
            Organisation(
                name=name,
                folded_name=fold(name),
                kind=kind.value,
                sector=DEFAULT_SECTOR[kind].value,
                municipality=municipality_id,
                sample=kind is not OrganisationKind.municipality_office,
            )
        )
    if rows:
        await Organisation.insert(*rows)
    names = {municipality_id: name for name, municipality_id in ctx.municipalities.items()}
    for row in await Organisation.select():
        ctx.organisations[(names.get(row["municipality"]), row["name"])] = row["id"]


async def demo_is_there() -> bool:
    """Whether the demo has seeded this database before: its sample organisations exist."""
    return bool(await Organisation.exists().where(Organisation.sample.eq(True)))
