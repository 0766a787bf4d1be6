"""The institution roles map: the network sees it; an institution keeps only its own row, the
network leader every row."""

import pytest

from plugins.municipality.network.tables import InstitutionRoles
from tests.helpers import post, sign_in
from tests.plugins.municipality.network_fixtures import (  # noqa: F401
    network_town_fixture,
    switch_to,
)

pytestmark = pytest.mark.anyio
MAP = "/municipality/network/institutions"
ROW = {
    "stage_1": "Klassijuhatajad",
    "stage_2": "Tiina Tugi, 5551234",
    "stage_3": "Kaie Korraldaja (linnavalitsus)",
    "speech_therapist": "employed",
    "psychologist": "support_centre",
    "special_pedagogue": "bought_in",
    "social_pedagogue": "none",
    "specialist_names": "Logopeed Liis",
    "bought_services": "Eripedagoogi teenus MTÜ-lt",
}


async def test_an_institution_keeps_its_own_row_and_the_network_sees_it(
    municipality_client, network_town
):
    school = network_town["tartu_school"]
    await sign_in(municipality_client, "school.head")
    own = await municipality_client.get(f"{MAP}/{school}")
    assert own.status_code == 200 and "Hoia rida ajakohasena" in own.text
    saved = await post(municipality_client, f"{MAP}/{school}", ROW)
    assert saved.status_code == 303
    row = await InstitutionRoles.select().where(InstitutionRoles.organisation == school).first()
    assert row["stage_2"] == "Tiina Tugi, 5551234"
    assert row["psychologist"] == "support_centre"
    assert row["updated_by"] == network_town["school.head"]
    await switch_to(municipality_client, "tartu.police")
    page = (await municipality_client.get(MAP)).text
    assert "Tiina Tugi, 5551234" in page
    assert "Psühholoog: omavalitsuse tugikeskusest" in page
    assert "Tartu Lasteaed Mõmmik" in page and "Veel täitmata." in page
    assert f'href="{MAP}/{school}#edit"' not in page
    detail = (await municipality_client.get(f"{MAP}/{school}")).text
    assert "Eripedagoogi teenus MTÜ-lt" in detail and "Hoia rida ajakohasena" not in detail


async def test_an_institution_may_not_edit_another_institutions_row(
    municipality_client, network_town
):
    await sign_in(municipality_client, "school.head")
    kindergarten = network_town["kindergarten"]
    assert (await municipality_client.get(f"{MAP}/{kindergarten}")).status_code == 403
    refused = await post(municipality_client, f"{MAP}/{kindergarten}", ROW)
    assert refused.status_code == 403
    await switch_to(municipality_client, "tartu.police")
    assert (await post(municipality_client, f"{MAP}/{kindergarten}", ROW)).status_code == 403
    assert await InstitutionRoles.count() == 0


async def test_the_network_leader_keeps_every_row_of_the_municipality_only(
    municipality_client, network_town
):
    await sign_in(municipality_client, "tartu.networklead")
    saved = await post(municipality_client, f"{MAP}/{network_town['kindergarten']}", ROW)
    assert saved.status_code == 303
    page = (await municipality_client.get(MAP)).text
    assert f'href="{MAP}/{network_town["tartu_school"]}#edit"' in page
    await switch_to(municipality_client, "elva.casemanager")
    assert (
        await municipality_client.get(f"{MAP}/{network_town['kindergarten']}")
    ).status_code == 404
    assert "Tartu Lasteaed Mõmmik" not in (await municipality_client.get(MAP)).text


async def test_bad_input_on_the_row_is_refused_in_place(municipality_client, network_town):
    await sign_in(municipality_client, "school.head")
    school = network_town["tartu_school"]
    bad = await post(municipality_client, f"{MAP}/{school}", {**ROW, "psychologist": "sometimes"})
    assert bad.status_code == 400
    assert "Vali iga tugispetsialisti kohta, kuidas ta asutuses töötab." in bad.text
    assert "Tiina Tugi, 5551234" in bad.text
    assert await InstitutionRoles.count() == 0
