"""The county's agreements: the cooperation agreement's commitments quoted from their source,
the municipalities that joined, each commitment met from the municipality plugin's records where
it is enabled or confirmed by hand where not, and the good-cooperation agreement's versions."""

from datetime import date

import pytest

from core.tables import PluginEnablement
from plugins.county.agreements.tables import AgreementMember, CommitmentConfirmation
from plugins.municipality.network.tables import Meeting
from tests.helpers import make_user, post, sign_in
from tests.plugins.municipality.network_fixtures import switch_to

pytestmark = pytest.mark.anyio
YEAR = date.today().year


async def test_the_commitments_are_quoted_and_the_coordinator_records_who_joined(
    county_client, county
):
    await sign_in(county_client, "county.coordinator")
    page = (await county_client.get("/county/agreements")).text
    assert "hiljemalt 2025. aasta lõpuks" in page
    assert "vähemalt neli korda aastas" in page
    assert "kehtivad vähemalt aastani 2027" in page
    assert "Hea tahte koostöökokkulepe" in page
    assert "Ükski omavalitsus pole veel ühinenud." in page
    bad = await post(
        county_client,
        "/county/agreements/members",
        {"municipality": "x", "joined_on": "31.02.2025"},
    )
    assert bad.status_code == 400
    assert "Vali omavalitsus." in bad.text and "Sellist kuupäeva kalendris ei ole." in bad.text
    joined = await post(
        county_client,
        "/county/agreements/members",
        {"municipality": str(county["tartu"]), "joined_on": "01.06.2024"},
    )
    assert joined.status_code == 303
    again = await post(
        county_client,
        "/county/agreements/members",
        {"municipality": str(county["tartu"]), "joined_on": "01.06.2024"},
    )
    assert again.status_code == 400 and "Omavalitsus on juba ühinenud." in again.text
    page = (await county_client.get("/county/agreements")).text
    assert "Tartu linn" in page.split('id="member-')[1] and "01.06.2024" in page


async def test_met_from_the_municipality_plugin_or_confirmed_by_hand(county_client, county):
    for municipality in (county["tartu"], county["elva"]):
        await AgreementMember(municipality=municipality, joined_on=date(2024, 6, 1)).save()
    for month in (1, 2, 3, 4):
        await Meeting(
            municipality=county["tartu"],
            meets_on=date(YEAR, month, 10),
            title="Kohtumine",
            status="held",
        ).save()
    await PluginEnablement(municipality=county["elva"], plugin="municipality", enabled=False).save()
    await make_user("elva.welfare", county["elva_office"], "municipality_welfare_lead")
    await sign_in(county_client, "county.coordinator")
    page = (await county_client.get("/county/agreements")).text
    tartu = county["tartu"]
    meetings = page.split(f'id="commitment-{tartu}-network_meetings"')[1].split("</td>")[0]
    assert "täidetud" in meetings and "omavalitsuse andmetest" in meetings
    lead = page.split(f'id="commitment-{tartu}-welfare_lead"')[1].split("</td>")[0]
    assert "Helle Heaolu" in lead
    elva = county["elva"]
    cell = page.split(f'id="commitment-{elva}-welfare_lead"')[1].split("</td>")[0]
    assert "kinnitamata" in cell and "Kinnita täidetuks" in cell
    assert 'href="/county/agreements"' in (await county_client.get("/")).text
    # Tartu's welfare lead is led to the commitments, confirms nothing for Elva; Elva's own
    # welfare lead does.
    await switch_to(county_client, "tartu.welfare")
    assert f'href="/county/agreements#member-{tartu}"' in (await county_client.get("/")).text
    refused = await post(
        county_client,
        "/county/agreements/confirmations",
        {"municipality": str(elva), "commitment": "welfare_lead", "year": str(YEAR)},
    )
    assert refused.status_code == 404
    await switch_to(county_client, "elva.welfare")
    bad = await post(
        county_client,
        "/county/agreements/confirmations",
        {"municipality": str(elva), "commitment": "nothing", "year": "1900"},
    )
    assert bad.status_code == 400 and "Vali kohustus." in bad.text
    assert not await CommitmentConfirmation.exists()
    done = await post(
        county_client,
        "/county/agreements/confirmations",
        {
            "municipality": str(elva),
            "commitment": "welfare_lead",
            "year": str(YEAR),
            "note": "Vallavanema käskkiri",
        },
    )
    assert done.status_code == 303
    page = (await county_client.get(f"/county/agreements?year={YEAR}")).text
    cell = page.split(f'id="commitment-{elva}-welfare_lead"')[1].split("</td>")[0]
    assert "täidetud" in cell and "Vallavanema käskkiri" in cell
    assert (await county_client.get("/county/agreements?year=abc")).status_code == 404


async def test_the_good_cooperation_agreement_keeps_its_versions(county_client, county):
    await sign_in(county_client, "county.coordinator")
    assert (
        "Midagi pole veel kirjutatud."
        in (await county_client.get("/county/agreements/cooperation")).text
    )
    texts = {
        "values_text": "Lapse heaolu eelkõige",
        "contacts_text": "Kolimisel: lastekaitse",
        "answers_text": "Viie tööpäeva jooksul",
    }
    empty = await post(
        county_client, "/county/agreements/cooperation", {**texts, "values_text": "", "base": "0"}
    )
    assert empty.status_code == 400 and "Kolimisel: lastekaitse" in empty.text
    first = await post(county_client, "/county/agreements/cooperation", {**texts, "base": "0"})
    assert first.status_code == 303
    second = await post(
        county_client,
        "/county/agreements/cooperation",
        {**texts, "answers_text": "Kolme tööpäeva jooksul", "base": "1"},
    )
    assert second.status_code == 303
    stale = await post(county_client, "/county/agreements/cooperation", {**texts, "base": "1"})
    assert stale.status_code == 400
    await switch_to(county_client, "elva.casemanager")
    page = (await county_client.get("/county/agreements/cooperation")).text
    assert "Kolme tööpäeva jooksul" in page and "Salvesta uue versioonina" not in page
    older = (await county_client.get("/county/agreements/cooperation?version=1")).text
    assert "Viie tööpäeva jooksul" in older
    assert (await county_client.get("/county/agreements/cooperation?version=9")).status_code == 404
    refused = await post(county_client, "/county/agreements/cooperation", {**texts, "base": "2"})
    assert refused.status_code == 403
