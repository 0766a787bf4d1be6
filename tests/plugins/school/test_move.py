"""To another school, also in another municipality: the coordinator hands the case to the
receiving school's coordinator, who accepts; the case then belongs to that school, the sending
school no longer finds it, and the receiving school reads the earlier entries only as far as
consent allows."""

import pytest

from core.cases.tables import CaseEntry
from tests.helpers import post
from tests.plugins.school.conftest import (
    accept,
    at_coordinator,
    case_row,
    give_consent,
    pending,
    switch,
)

pytestmark = pytest.mark.anyio
NOTE = "Annelinna märge: Mari vajab lugemisel tuge."


async def move(client, case_id, **fields):
    version = (await case_row(case_id))["version"]
    return await post(
        client,
        f"/school/cases/{case_id}/move",
        {"version": str(version), **fields},
        f"/school/cases/{case_id}/move",
    )


async def moved_to_elva(client, schools) -> int:
    """Mari's case at Annelinna's coordinator, with a note, moved to Elva Kool's coordinator
    (who accepted it); the client is Elva's coordinator's."""
    case_id = await at_coordinator(client, schools)
    written = await post(
        client,
        f"/cases/{case_id}/entries",
        {"kind": "note", "body": NOTE, "sensitivity": "none", "occurred_on": ""},
        f"/cases/{case_id}",
    )
    assert written.status_code in (200, 303)
    chosen = await client.get(f"/school/cases/{case_id}/move?school={schools['elva_school']}")
    assert chosen.status_code == 200
    assert "Elva Kool (Elva vald)" in chosen.text
    assert "Maris Elvik" in chosen.text
    assert "Elle Elvast" not in chosen.text  # a class teacher, not a coordinator
    sent = await move(
        client,
        case_id,
        school=str(schools["elva_school"]),
        receiver=str(schools["elva.coordinator"]),
        reason="Pere kolis Elva.",
    )
    assert sent.status_code == 303, sent.text
    assert (await pending(case_id))["to_organisation"] == schools["elva_school"]
    await switch(client, "elva.coordinator")
    assert (await accept(client, case_id)).status_code == 303
    return case_id


async def test_the_receiving_coordinator_accepts_and_the_case_moves(school_client, schools):
    client = school_client
    case_id = await moved_to_elva(client, schools)
    case = await case_row(case_id)
    assert (case["owner_organisation"], case["stage"], case["responsible"]) == (
        schools["elva_school"],
        "II",
        schools["elva.coordinator"],
    )
    assert (await client.get(f"/cases/{case_id}")).status_code == 200
    timeline = (await client.get(f"/cases/{case_id}/timeline")).text
    assert NOTE not in timeline  # no consent: Annelinna's entry is not shared
    await switch(client, "coordinator")
    assert (await client.get(f"/cases/{case_id}")).status_code == 404


async def test_with_consent_the_receiving_school_reads_the_earlier_entries(school_client, schools):
    client = school_client
    case_id = await moved_to_elva(client, schools)
    await give_consent(schools["mari"], schools["elva_school"], "education", schools["coordinator"])
    assert NOTE in (await client.get(f"/cases/{case_id}/timeline")).text


async def test_a_move_without_a_school_receiver_or_reason_is_refused(school_client, schools):
    client = school_client
    case_id = await at_coordinator(client, schools)
    nothing = await move(client, case_id, school="", receiver="", reason="")
    assert nothing.status_code == 400
    assert "Vali kool, kuhu laps läheb." in nothing.text
    wrong = await move(
        client,
        case_id,
        school=str(schools["elva_school"]),
        receiver=str(schools["karlova.coordinator"]),
        reason="",
    )
    assert wrong.status_code == 400
    assert "Vali vastuvõtva kooli tugiõppe koordinaator (HEVKO)." in wrong.text
    assert "Kirjuta, miks juhtum teise kooli läheb." in wrong.text
    assert 'name="reason" rows="3"' in wrong.text and '<a href="#move-reason">' in wrong.text
    assert await pending(case_id) is None
    assert not await CaseEntry.exists().where(
        (CaseEntry.case == case_id) & (CaseEntry.kind == "handover") & CaseEntry.body.like("%Elva%")
    )


async def test_only_the_owning_schools_coordinator_moves_the_case(school_client, schools):
    client = school_client
    case_id = await at_coordinator(client, schools)
    await switch(client, "teacher")
    assert (await client.get(f"/school/cases/{case_id}/move")).status_code == 403
    await switch(client, "elva.coordinator")
    assert (await client.get(f"/school/cases/{case_id}/move")).status_code == 404
