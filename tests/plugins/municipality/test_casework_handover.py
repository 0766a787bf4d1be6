"""An institution hands its case to the municipality's stage III: Tartu's case managers are
offered as receivers, and the case manager accepts."""

import pytest

from tests.core.cases.conftest import SHEET
from tests.helpers import post, sign_in
from tests.plugins.municipality.casework_fixtures import (
    case_row,
    kindergarten_client_fixture,  # noqa: F401 (the fixture `kindergarten_client`)
    kindergarten_fixture,  # noqa: F401 (the fixture `kindergarten`)
    pending,
    step,
    switch,
)

pytestmark = pytest.mark.anyio


async def test_a_kindergarten_passes_its_case_to_tartus_case_manager(
    kindergarten_client, kindergarten
):
    client = kindergarten_client
    await sign_in(client, "kg.coordinator")
    noticed = await post(client, "/notice", {"child": str(kindergarten["child"]), **SHEET})
    assert noticed.status_code == 303, noticed.text
    case_id = int(noticed.headers["location"].rsplit("/", 1)[1])
    assert (await case_row(case_id))["workflow"] == "casework_fixtures.kindergarten"

    form = await client.get(f"/cases/{case_id}/steps/to_municipality")
    assert "Kaie Korraldaja" in form.text
    assert "Peeter Politsei" not in form.text
    assert "Vello Võrk" not in form.text
    passed = await step(
        client,
        case_id,
        "to_municipality",
        receiver=str(kindergarten["tartu.casemanager"]),
        reason="Abi",
    )
    assert passed.status_code == 303, passed.text
    await switch(client, "elva.casemanager")
    handover = await pending(case_id)
    assert (await post(client, f"/handovers/{handover['id']}/accept")).status_code == 404

    await switch(client, "tartu.casemanager")
    assert (await post(client, f"/handovers/{handover['id']}/accept")).status_code == 303
    case = await case_row(case_id)
    assert (case["stage"], case["level"]) == ("III", "municipality")
    assert case["responsible"] == kindergarten["tartu.casemanager"]
    case_page = await client.get(f"/cases/{case_id}")
    assert case_page.status_code == 200
    assert "Ümarlauad ja kokkulepped" in case_page.text
    round_tables = await client.get(f"/municipality/cases/{case_id}/round-tables")
    assert round_tables.status_code == 200
    assert "Mia Mägi" in round_tables.text
    closed = await step(client, case_id, "close_III", reason="Tugi jätkub lasteaias.")
    assert closed.status_code == 303
    assert (await case_row(case_id))["status"] == "closed"
