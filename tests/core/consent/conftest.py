"""A family in Tartu Kool: Mia, her mother and father (both with custody) and a stepfather
without custody; a coordinator who records consents; a Tartu health centre and an Elva school."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from core.consent.tables import Consent
from core.people.folding import fold
from core.people.tables import Child, Enrolment, Guardian, GuardianLink, Organisation
from tests import templates
from tests.helpers import make_user

TODAY = date.today()


async def make_child(given: str, family: str, organisation: int | None, **fields) -> int:
    """A child born on 6 May 2018, enrolled in ``organisation`` (when given) since a month ago."""
    [child] = await Child.insert(
        Child(
            given_name=given,
            family_name=family,
            date_of_birth=date(2018, 5, 6),
            search_name=fold(f"{family} {given}"),
            search_name_reversed=fold(f"{given} {family}"),
            **fields,
        )
    ).returning(Child.id)
    if organisation is not None:
        await Enrolment.insert(
            Enrolment(
                child=child["id"], organisation=organisation, starts_on=TODAY - timedelta(days=30)
            )
        )
    return child["id"]


@pytest.fixture
async def family(settings, people):
    return await templates.seeded(
        settings.database_url, "consent.family", lambda: make_family(people)
    )


async def make_family(people):
    ids = dict(people)
    school, tartu, elva = people["tartu_school"], people["tartu"], people["elva"]
    health, elva_school = await Organisation.insert(
        Organisation(
            name="Tartu Tervisekeskus", kind="health", sector="health", municipality=tartu
        ),
        Organisation(name="Elva Kool", kind="hobby_school", sector="education", municipality=elva),
    ).returning(Organisation.id)
    ids["health"], ids["elva_school"] = health["id"], elva_school["id"]
    ids["coordinator"] = await make_user("coordinator", school, "notes_coordinator")
    ids["elva.coordinator"] = await make_user(
        "elva.coordinator", elva_school["id"], "notes_coordinator"
    )
    ids["teacher"] = await make_user("teacher", school, "notes_reader")
    ids["mia"] = await make_child("Mia", "Mets", school)
    ids["elva_child"] = await make_child("Eero", "Elvast", elva_school["id"])
    mother, father, stepfather = await Guardian.insert(
        Guardian(given_name="Mari", family_name="Mets"),
        Guardian(given_name="Jaan", family_name="Mets"),
        Guardian(given_name="Peeter", family_name="Puu"),
    ).returning(Guardian.id)
    ids["mother"], ids["father"], ids["stepfather"] = (
        mother["id"],
        father["id"],
        stepfather["id"],
    )
    await GuardianLink.insert(
        GuardianLink(child=ids["mia"], guardian=mother["id"], relation="mother"),
        GuardianLink(child=ids["mia"], guardian=father["id"], relation="father"),
        GuardianLink(child=ids["mia"], guardian=stepfather["id"], relation="other", custody=False),
    )
    return ids


async def add_consent(family, guardian: str, **fields) -> int:
    """A consent of Mia's ``guardian`` (a key of ``family``), by default given for cross-sector
    case work with all data, to the Tartu health centre, valid from 10 days ago."""
    values = {
        "child": family["mia"],
        "guardian": family[guardian],
        "purpose": "core.cross_sector_case_work",
        "data_scope": "all",
        "recipient_organisation": family["health"],
        "decision": "given",
        "valid_from": TODAY - timedelta(days=10),
        "evidence_kind": "paper",
        "recorded_by": family["coordinator"],
        **fields,
    }
    [row] = await Consent.insert(Consent(**values)).returning(Consent.id)
    return row["id"]
