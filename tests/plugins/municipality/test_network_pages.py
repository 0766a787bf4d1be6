"""The network's pages per role: who sees the network and its meetings, who keeps them."""

import pytest

from plugins.municipality.network.tables import NetworkLeader, NetworkRepresentative
from tests.helpers import post, sign_in
from tests.plugins.municipality.network_fixtures import (  # noqa: F401
    network_town_fixture,
    switch_to,
)

pytestmark = pytest.mark.anyio

PAGES = (
    "/municipality/network",
    "/municipality/meetings",
    "/municipality/network/rules",
    "/municipality/network/institutions",
)


@pytest.mark.parametrize("username", ["tartu.police", "tartu.networklead", "tartu.casemanager"])
async def test_the_network_and_its_meetings_are_open_to_the_network(
    municipality_client, network_town, username
):
    await sign_in(municipality_client, username)
    for path in PAGES:
        response = await municipality_client.get(path)
        assert response.status_code == 200, (path, response.text)
    home = (await municipality_client.get("/")).text
    assert 'href="/municipality/network"' in home
    assert 'href="/municipality/meetings"' in home


@pytest.mark.parametrize("username", ["tartu.teacher", "tartu.admin"])
async def test_staff_without_a_network_post_are_refused(
    municipality_client, network_town, username
):
    await sign_in(municipality_client, username)
    for path in PAGES:
        assert (await municipality_client.get(path)).status_code == 403, path
    assert 'href="/municipality/network"' not in (await municipality_client.get("/")).text


async def test_a_police_member_sees_but_does_not_keep_the_network(
    municipality_client, network_town
):
    await sign_in(municipality_client, "tartu.police")
    page = (await municipality_client.get("/municipality/network")).text
    assert "Lisa esindaja" not in page
    for path, data in (
        ("/municipality/network/leader", {"leader": network_town["tartu.police"]}),
        ("/municipality/network/rules", {"text": "x", "base": "0"}),
        ("/municipality/meetings", {"meets_on": "01.12.2026", "title": "x"}),
    ):
        response = await post(municipality_client, path, data)
        assert response.status_code == 403, path
    assert await NetworkLeader.count() == 0


async def test_the_leader_rotates_and_the_history_is_kept(municipality_client, network_town):
    await sign_in(municipality_client, "tartu.networklead")
    first = await post(
        municipality_client,
        "/municipality/network/leader",
        {"leader": network_town["tartu.networklead"], "starts_on": "01.01.2025"},
    )
    assert first.status_code == 303
    second = await post(
        municipality_client,
        "/municipality/network/leader",
        {"leader": network_town["tartu.welfare"], "starts_on": "01.09.2026"},
    )
    assert second.status_code == 303
    rows = await NetworkLeader.select().order_by(NetworkLeader.starts_on)
    assert [(r["user"], str(r["starts_on"]), str(r["ends_on"])) for r in rows] == [
        (network_town["tartu.networklead"], "2025-01-01", "2026-08-31"),
        (network_town["tartu.welfare"], "2026-09-01", "None"),
    ]
    page = (await municipality_client.get("/municipality/network")).text
    assert "Helle Heaolu" in page and "31.08.2026" in page and "Vello Võrk" in page


async def test_a_leader_from_another_municipality_or_a_bad_date_is_refused_in_place(
    municipality_client, network_town
):
    await sign_in(municipality_client, "tartu.networklead")
    response = await post(
        municipality_client,
        "/municipality/network/leader",
        {"leader": network_town["elva.casemanager"], "starts_on": "1.13.2026"},
    )
    assert response.status_code == 400
    assert "Vali eestvedaja omavalitsuse inimeste hulgast." in response.text
    assert "Kirjuta kuupäev kujul pp.kk.aaaa." in response.text
    assert 'value="1.13.2026"' in response.text
    assert await NetworkLeader.count() == 0


async def test_representatives_by_sector_from_the_directory_or_with_an_account(
    municipality_client, network_town
):
    await sign_in(municipality_client, "tartu.networklead")
    contact = await post(
        municipality_client,
        "/municipality/network/representatives",
        {
            "organisation": network_town["tartu_school"],
            "sector": "education",
            "person": f"c{network_town['school_contact']}",
        },
    )
    assert contact.status_code == 303
    account = await post(
        municipality_client,
        "/municipality/network/representatives",
        {
            "organisation": network_town["police"],
            "sector": "police",
            "person": f"u{network_town['tartu.police']}",
        },
    )
    assert account.status_code == 303
    page = (await municipality_client.get("/municipality/network")).text
    assert "Tiina Tugi, tugiõppe koordinaator" in page
    assert "Tartu politseijaoskond: Peeter Politsei" in page
    # A contact of another organisation than the member organisation is refused.
    wrong = await post(
        municipality_client,
        "/municipality/network/representatives",
        {
            "organisation": network_town["police"],
            "sector": "police",
            "person": f"c{network_town['school_contact']}",
        },
    )
    assert wrong.status_code == 400
    assert "Kontaktisik peab kuuluma liikmesorganisatsiooni." in wrong.text
    assert await NetworkRepresentative.count() == 2


async def test_the_county_agreements_commitments_are_computed_or_recorded(
    municipality_client, network_town
):
    await sign_in(municipality_client, "tartu.networklead")
    page = (await municipality_client.get("/municipality/network")).text
    welfare = page.split('id="commitment-welfare_lead"')[1].split("</tr>")[0]
    assert "täidetud" in welfare and "Helle Heaolu" in welfare
    model = page.split('id="commitment-model"')[1].split("</tr>")[0]
    assert "täitmata" in model and "alustamata" in model
    assert "Selleks aastaks pole tegevusi kavandatud." in page
    bad = await post(municipality_client, "/municipality/network/model", {"status": "maybe"})
    assert bad.status_code == 400
    assert "Vali mudeli olek." in bad.text
    recorded = await post(
        municipality_client,
        "/municipality/network/model",
        {"status": "in_place", "note": "Kinnitatud volikogus"},
    )
    assert recorded.status_code == 303
    page = (await municipality_client.get("/municipality/network")).text
    model = page.split('id="commitment-model"')[1].split("</tr>")[0]
    assert "täidetud" in model and "olemas – Kinnitatud volikogus" in model


async def test_without_a_welfare_lead_the_commitment_is_not_fulfilled(
    municipality_client, network_town
):
    await sign_in(municipality_client, "elva.casemanager")
    page = (await municipality_client.get("/municipality/network")).text
    welfare = page.split('id="commitment-welfare_lead"')[1].split("</tr>")[0]
    assert "Keegi ei ole heaolu valdkonna eest vastutaja ametis." in welfare


async def test_the_information_agreement_lists_where_each_kind_is_kept(
    municipality_client, network_town
):
    await sign_in(municipality_client, "tartu.networklead")
    added = await post(
        municipality_client,
        "/municipality/network/information",
        {
            "kind": "Hinded ja puudumised",
            "kept_in": "stuudium",
            "entered_by": "Aineõpetajad",
            "visible_to": "Kooli töötajad ja vanemad",
        },
    )
    assert added.status_code == 303
    bad = await post(
        municipality_client,
        "/municipality/network/information",
        {"kind": "", "kept_in": "paber", "entered_by": "x", "visible_to": "y"},
    )
    assert bad.status_code == 400
    assert "Kirjuta, millisest teabest rida räägib." in bad.text
    assert "Vali, kus teavet hoitakse." in bad.text
    await switch_to(municipality_client, "tartu.police")
    page = (await municipality_client.get("/municipality/network")).text
    assert "<td>Hinded ja puudumised</td><td>Stuudium</td>" in page
    assert page.count("Hinded ja puudumised") == 1


async def test_heaolu_commitment_facts_answers_the_county_from_the_networks_records(
    municipality_plugins, town
):
    from datetime import date

    from plugins.municipality.network.tables import Meeting

    year = date.today().year
    for month in (1, 2, 3, 4):
        await Meeting(
            municipality=town["tartu"],
            meets_on=date(year, month, 10),
            title="Kohtumine",
            status="held",
        ).save()
    facts = await municipality_plugins.call_for(
        {"municipality"},
        "heaolu_commitment_facts",
        municipality_ids=[town["tartu"], town["elva"]],
        year=year,
    )
    met = {fact.key: fact.met for fact in facts if fact.municipality_id == town["tartu"]}
    assert met == {
        "welfare_lead": True,
        "case_management_model": False,
        "network_meetings": True,
        "annual_plan": False,
    }
    elva = [fact for fact in facts if fact.municipality_id == town["elva"]]
    assert len(elva) == 4
    assert not any(fact.met for fact in elva)
