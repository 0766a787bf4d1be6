"""A case goes with the child to another kindergarten, also in another municipality: a
handover to its support-services coordinator, who accepts."""

import pytest

from core.audit.tables import AuditEvent
from tests.helpers import post
from tests.plugins.kindergarten.conftest import case_row, notice, pending, switch

pytestmark = pytest.mark.anyio


async def test_the_coordinator_hands_a_case_to_a_kindergarten_in_another_municipality(
    kg_client, garden
):
    client = kg_client
    case_id = await notice(client, "kg.teacher", garden["mia"])
    assert "/kindergarten/cases/" not in (await client.get(f"/cases/{case_id}")).text
    await switch(client, "kg.coordinator")
    page = await client.get(f"/cases/{case_id}")
    assert f"/kindergarten/cases/{case_id}/move" in page.text
    path = f"/kindergarten/cases/{case_id}/move"
    chosen = await client.get(f"{path}?kindergarten={garden['elva_garden']}")
    assert chosen.status_code == 200
    assert "Eeva Elva" in chosen.text
    assert f'<option value="{garden["garden"]}"' not in chosen.text
    missing = await post(
        client, path, {"kindergarten": str(garden["elva_garden"]), "receiver": ""}, path
    )
    assert missing.status_code == 400
    assert "Vali koordinaator loetelust." in missing.text
    assert "Kirjuta, miks juhtum üle läheb." in missing.text
    moved = await post(
        client,
        path,
        {
            "kindergarten": str(garden["elva_garden"]),
            "receiver": str(garden["elva.kg.coordinator"]),
            "reason": "Pere kolis Elvasse.",
        },
        path,
    )
    assert moved.status_code == 303, moved.text
    assert await AuditEvent.exists().where(AuditEvent.action == "kindergarten.case.moved")
    handover = await pending(case_id)
    assert handover["to_organisation"] == garden["elva_garden"]

    await switch(client, "elva.kg.coordinator")
    assert (await post(client, f"/handovers/{handover['id']}/accept")).status_code == 303
    case = await case_row(case_id)
    assert (case["owner_organisation"], case["stage"], case["responsible"]) == (
        garden["elva_garden"],
        "II",
        garden["elva.kg.coordinator"],
    )
    await switch(client, "kg.coordinator")
    assert (await client.get(f"/cases/{case_id}")).status_code == 404


async def test_only_the_owning_kindergartens_coordinator_may_move_a_case(kg_client, garden):
    client = kg_client
    case_id = await notice(client, "kg.teacher", garden["mia"])
    assert (await client.get(f"/kindergarten/cases/{case_id}/move")).status_code == 403
    await switch(client, "karlova.coordinator")
    assert (await client.get(f"/kindergarten/cases/{case_id}/move")).status_code == 404
