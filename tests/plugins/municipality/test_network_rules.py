"""The shared goals, values and working rules: each save a new version, older ones readable."""

import pytest

from plugins.municipality.network.tables import RulesVersion
from tests.helpers import post, sign_in
from tests.plugins.municipality.network_fixtures import (  # noqa: F401
    network_town_fixture,
    switch_to,
)

pytestmark = pytest.mark.anyio
RULES = "/municipality/network/rules"


async def test_each_save_is_a_new_version_and_older_ones_stay_readable(
    municipality_client, network_town
):
    await sign_in(municipality_client, "tartu.networklead")
    assert (
        await post(municipality_client, RULES, {"text": "Eesmärk: märkame varakult.", "base": "0"})
    ).status_code == 303
    assert (
        await post(
            municipality_client, RULES, {"text": "Eesmärk: märkame ja toetame.", "base": "1"}
        )
    ).status_code == 303
    rows = await RulesVersion.select().order_by(RulesVersion.version)
    assert [(r["version"], r["text"], r["saved_by"]) for r in rows] == [
        (1, "Eesmärk: märkame varakult.", network_town["tartu.networklead"]),
        (2, "Eesmärk: märkame ja toetame.", network_town["tartu.networklead"]),
    ]
    await switch_to(municipality_client, "tartu.police")
    latest = (await municipality_client.get(RULES)).text
    assert "Versioon 2" in latest and "märkame ja toetame" in latest
    assert "Salvestas Vello Võrk" in latest
    assert "Salvesta uue versioonina" not in latest  # a member reads, the leader keeps
    older = (await municipality_client.get(f"{RULES}?version=1")).text
    assert "Versioon 1" in older and "varasem versioon" in older and "märkame varakult" in older
    assert (await municipality_client.get(f"{RULES}?version=9")).status_code == 404


async def test_a_save_from_an_outdated_version_or_empty_is_refused_in_place(
    municipality_client, network_town
):
    await sign_in(municipality_client, "tartu.networklead")
    await post(municipality_client, RULES, {"text": "Esimene", "base": "0"})
    stale = await post(municipality_client, RULES, {"text": "Minu muudatus", "base": "0"})
    assert stale.status_code == 400
    assert "Keegi salvestas kirjutamise ajal uuema versiooni" in stale.text
    assert "Minu muudatus" in stale.text  # the text is kept in the form
    empty = await post(municipality_client, RULES, {"text": "  ", "base": "1"})
    assert empty.status_code == 400
    assert "Kirjuta eesmärgid, väärtused ja töökorraldus" in empty.text
    assert await RulesVersion.count() == 1


async def test_another_municipalitys_rules_are_not_shown(municipality_client, network_town):
    await sign_in(municipality_client, "tartu.networklead")
    await post(municipality_client, RULES, {"text": "Tartu reeglid", "base": "0"})
    await switch_to(municipality_client, "elva.casemanager")
    page = await municipality_client.get(RULES)
    assert page.status_code == 200
    assert "Tartu reeglid" not in page.text
    assert (await municipality_client.get(f"{RULES}?version=1")).status_code == 404
