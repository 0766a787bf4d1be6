"""The way to school: the spring list, the consent forms, sharing the readiness card with a
school only under a guardian's consent, and the receiver reading it."""

from datetime import date, timedelta

import pytest

from core.audit.tables import AuditEvent
from core.consent.tables import Consent
from core.forms.tables import FormSubmission
from core.notifications.tables import Notification
from plugins.kindergarten.common import coming_autumn
from plugins.kindergarten.tables import CardShare
from tests.helpers import post, sign_in
from tests.plugins.kindergarten.conftest import switch

pytestmark = pytest.mark.anyio

CARD = {
    "f.filled_on": "01.12.2026",
    "f.play": "Näidis: mängib rollimänge.",
    "f.cognitive": "Näidis: loeb tähti.",
    "f.social": "Näidis: teeb koostööd.",
    "f.self_management": "Näidis: riietub ise.",
    "f.me_and_environment": "Näidis: tunneb aastaaegu.",
    "f.language": "Näidis: jutustab pildi järgi.",
    "f.mathematics": "Näidis: loendab kahekümneni.",
    "f.art": "Näidis: joonistab inimese.",
    "f.music": "Näidis: laulab.",
    "f.movement": "Näidis: hüppab ühel jalal.",
}


def test_the_coming_autumn_is_this_years_until_school_starts():
    assert coming_autumn(date(2027, 1, 1)) == 2027
    assert coming_autumn(date(2027, 8, 31)) == 2027
    assert coming_autumn(date(2027, 9, 1)) == 2028


async def fill_card(client, garden):
    path = f"/forms/children/{garden['mia']}/new/kindergarten.readiness_card"
    saved = await post(client, path, CARD, path)
    assert saved.status_code == 303, saved.text
    return (await FormSubmission.select().where(FormSubmission.child == garden["mia"]).first())[
        "id"
    ]


async def consent(garden, recipient):
    await Consent.insert(
        Consent(
            child=garden["mia"],
            guardian=garden["maie"],
            purpose="kindergarten.school_readiness_card",
            data_scope="education",
            recipient_organisation=recipient,
            decision="given",
            valid_from=date.today() - timedelta(days=1),
            evidence_kind="paper",
            recorded_by=garden["kg.coordinator"],
        )
    )


async def test_the_spring_list_shows_who_goes_to_school_with_the_consents(kg_client, garden):
    await sign_in(kg_client, "kg.coordinator")
    page = await kg_client.get("/kindergarten/school")
    assert page.status_code == 200
    assert "Mia Mägi" in page.text and "Uku" not in page.text and "Kaur" not in page.text
    assert "Pole vastanud: Maie Mägi, Mart Mägi" in page.text
    assert "Täitmata" in page.text
    forms = await kg_client.get("/kindergarten/school/consent-forms")
    assert forms.status_code == 200
    assert forms.text.count('class="print-sheet"') == 2
    assert "ASUTUSESISESEKS KASUTAMISEKS" in forms.text
    assert "Maie Mägi" in forms.text and "Mart Mägi" in forms.text

    await consent(garden, garden["school"])
    page = await kg_client.get("/kindergarten/school")
    assert "Antud: Annelinna Kool" in page.text
    assert "Pole vastanud: Mart Mägi" in page.text
    forms = await kg_client.get("/kindergarten/school/consent-forms")
    assert forms.text.count('class="print-sheet"') == 1
    other_year = await kg_client.get(f"/kindergarten/school?year={coming_autumn(date.today()) + 2}")
    assert "Uku" in other_year.text and "Mia" not in other_year.text
    wrong_year = await kg_client.get("/kindergarten/school?year=abc")
    assert wrong_year.status_code == 200
    assert "Kirjuta aasta vahemikus" in wrong_year.text and "Mia Mägi" in wrong_year.text


async def test_without_consent_the_card_is_refused_with_the_missing_consent_named(
    kg_client, garden
):
    await sign_in(kg_client, "kg.coordinator")
    path = f"/kindergarten/school/children/{garden['mia']}"
    no_card = await post(
        kg_client,
        path,
        {"school": str(garden["school"]), "receiver": str(garden["school.coordinator"])},
        path,
    )
    assert no_card.status_code == 400
    assert "Täida kõigepealt koolivalmiduskaart." in no_card.text
    await fill_card(kg_client, garden)
    await consent(garden, garden["school"])
    refused = await post(
        kg_client,
        path,
        {"school": str(garden["elva_school"]), "receiver": str(garden["elva.school.coordinator"])},
        path,
    )
    assert refused.status_code == 400
    assert "Koolivalmiduskaardi edastamine koolile" in refused.text
    assert "Elva Gümnaasium" in refused.text
    assert await CardShare.count() == 0
    assert await AuditEvent.exists().where(
        (AuditEvent.action == "kindergarten.card.shared") & (AuditEvent.outcome == "denied")
    )


async def test_with_consent_the_card_reaches_the_school_and_only_its_receiver_reads_it(
    kg_client, garden
):
    await sign_in(kg_client, "kg.coordinator")
    await fill_card(kg_client, garden)
    await consent(garden, garden["school"])
    path = f"/kindergarten/school/children/{garden['mia']}"
    chosen = await kg_client.get(f"{path}?school={garden['school']}")
    assert "Sirje Kool" in chosen.text
    wrong = await post(
        kg_client, path, {"school": str(garden["school"]), "receiver": "99999"}, path
    )
    assert wrong.status_code == 400 and "Vali saaja koolis loetelust." in wrong.text
    shared = await post(
        kg_client,
        path,
        {"school": str(garden["school"]), "receiver": str(garden["school.coordinator"])},
        path,
    )
    assert shared.status_code == 303, shared.text
    share = await CardShare.select().first()
    assert (share["to_organisation"], share["receiver"]) == (
        garden["school"],
        garden["school.coordinator"],
    )
    note = await Notification.select().where(Notification.user == garden["school.coordinator"])
    assert note[0]["url"] == f"/kindergarten/cards/{share['id']}"

    for username in ("kg.teacher", "elva.school.coordinator", "tartu.casemanager"):
        await switch(kg_client, username)
        assert (await kg_client.get(f"/kindergarten/cards/{share['id']}")).status_code == 404
    await switch(kg_client, "school.coordinator")
    home = await kg_client.get("/")
    assert "Mulle edastatud koolivalmiduskaardid" in home.text and "Mia Mägi" in home.text
    card = await kg_client.get(f"/kindergarten/cards/{share['id']}")
    assert card.status_code == 200
    assert "Koolivalmiduskaart" in card.text and "Näidis: loendab kahekümneni." in card.text
    assert "Annelinna Lasteaed" in card.text

    await Consent.update({Consent.withdrawn_on: date.today()}).where(Consent.child == garden["mia"])
    assert (await kg_client.get(f"/kindergarten/cards/{share['id']}")).status_code == 404
    denied = await AuditEvent.count().where(
        (AuditEvent.action == "kindergarten.card.read") & (AuditEvent.outcome == "denied")
    )
    assert denied == 4


async def test_only_the_coordinator_keeps_the_way_to_school(kg_client, garden):
    for username in ("kg.teacher", "kg.head", "kg.specialist"):
        await sign_in(kg_client, username)
        assert (await kg_client.get("/kindergarten/school")).status_code == 403
        await post(kg_client, "/logout")
    await sign_in(kg_client, "karlova.coordinator")
    assert (
        await kg_client.get(f"/kindergarten/school/children/{garden['mia']}")
    ).status_code == 404
