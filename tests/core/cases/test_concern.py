"""The concern level: a change needs a reason and goes into the timeline; two people changing
the case at once: the second sees both versions and loses nothing."""

import re

import pytest

from core.audit.tables import AuditEvent
from core.cases.tables import CaseEntry, Handover
from tests.core.cases.conftest import case_row, open_case, switch
from tests.core.cases.test_timeline import add_doctor_as_participant
from tests.helpers import post

pytestmark = pytest.mark.anyio
WORSE = "Mari on kolm päeva järjest puudunud ja ema ei vasta telefonile."
WORST = "Mari rääkis, et kodus on tülid ja ta ei julge koju minna."


async def loaded_version(client, case_id):
    """The case's version as the concern form on the case page carries it."""
    page = (await client.get(f"/cases/{case_id}")).text
    form = page[page.index(f'action="/cases/{case_id}/concern"') :]
    return re.search(r'name="version" value="(\d+)"', form).group(1)


async def change(client, case_id, version, concern, reason):
    path = f"/cases/{case_id}/concern"
    data = {"concern": concern, "reason": reason, "version": version}
    return await post(client, path, data, f"/cases/{case_id}")


async def concern_entries(case_id):
    return [
        row["body"]
        for row in await CaseEntry.select(CaseEntry.body)
        .where((CaseEntry.case == case_id) & (CaseEntry.kind == "concern_change"))
        .order_by(CaseEntry.id)
    ]


async def test_a_change_needs_a_reason_and_keeps_the_choice(notes_client, casework):
    case_id = await open_case(notes_client, casework)
    version = await loaded_version(notes_client, case_id)
    response = await change(notes_client, case_id, version, "medium", "  ")
    assert response.status_code == 400
    assert "Kirjuta, miks mure tase muutub." in response.text
    assert '<option value="medium" selected>' in response.text
    unknown = await change(notes_client, case_id, version, "extreme", WORSE)
    assert unknown.status_code == 400
    assert "Vali mure tase." in unknown.text
    assert f">{WORSE}</textarea>" in unknown.text
    case = await case_row(case_id)
    assert (case["concern"], str(case["version"])) == ("low", version)
    assert await concern_entries(case_id) == []


async def test_a_change_with_a_reason_goes_into_the_timeline(notes_client, casework):
    case_id = await open_case(notes_client, casework)
    version = await loaded_version(notes_client, case_id)
    response = await change(notes_client, case_id, version, "medium", WORSE)
    assert response.status_code == 303
    case = await case_row(case_id)
    assert (case["concern"], case["version"]) == ("medium", int(version) + 1)
    assert await concern_entries(case_id) == [f"Mure tase muutus: Madal → Keskmine.\n{WORSE}"]
    page = (await notes_client.get(f"/cases/{case_id}")).text
    assert WORSE in page
    assert '<strong class="concern-medium">Keskmine</strong>' in page
    assert await AuditEvent.count().where(
        (AuditEvent.action == "case.updated") & (AuditEvent.object_id == str(case_id))
    )


async def test_the_second_of_two_concurrent_changes_sees_both_and_loses_nothing(
    notes_client, casework
):
    case_id = await open_case(notes_client, casework)
    await switch(notes_client, "coordinator")
    coordinators_version = await loaded_version(notes_client, case_id)
    await switch(notes_client, "teacher")
    teachers_version = await loaded_version(notes_client, case_id)
    assert (
        await change(notes_client, case_id, teachers_version, "medium", WORSE)
    ).status_code == 303

    await switch(notes_client, "coordinator")
    response = await change(notes_client, case_id, coordinators_version, "high", WORST)
    assert response.status_code == 409
    html = response.text
    assert "Sinu muudatusi ei salvestatud" in html
    saved, yours = html.index("Salvestatud versioon"), html.index("Sinu versioon")
    assert saved < yours
    row = html[html.index('<tr class="differs">') :]
    assert row.index("Keskmine") < row.index("Kõrge")  # saved, then yours
    assert WORSE in html  # the teacher's reason, as saved
    assert "Tiina Õpetaja" in html  # who saved it
    assert f">{WORST}</textarea>" in html
    assert '<option value="high" selected>' in html
    new_version = str(int(teachers_version) + 1)
    assert f'name="version" value="{new_version}"' in html
    case = await case_row(case_id)
    assert case["concern"] == "medium"  # the first save stands
    assert await concern_entries(case_id) == [f"Mure tase muutus: Madal → Keskmine.\n{WORSE}"]
    assert await AuditEvent.count().where(
        (AuditEvent.action == "case.conflict") & (AuditEvent.outcome == "failed")
    )

    # Saving again from the conflict page overwrites knowingly; both changes are in the timeline.
    again = await change(notes_client, case_id, new_version, "high", WORST)
    assert again.status_code == 303
    assert (await case_row(case_id))["concern"] == "high"
    assert await concern_entries(case_id) == [
        f"Mure tase muutus: Madal → Keskmine.\n{WORSE}",
        f"Mure tase muutus: Keskmine → Kõrge.\n{WORST}",
    ]


async def test_the_conflict_page_shows_no_reason_the_user_may_not_read(notes_client, casework):
    case_id = await open_case(notes_client, casework)
    await add_doctor_as_participant(notes_client, casework, case_id)
    version = await loaded_version(notes_client, case_id)
    await switch(notes_client, "doctor")
    doctors_version = await loaded_version(notes_client, case_id)
    await switch(notes_client, "teacher")
    assert (await change(notes_client, case_id, version, "medium", WORSE)).status_code == 303
    await switch(notes_client, "doctor")
    response = await change(notes_client, case_id, doctors_version, "high", WORST)
    assert response.status_code == 409
    assert "Keskmine" in response.text  # the level itself is the case's, shared with the doctor
    assert WORSE not in response.text
    assert "Tiina Õpetaja" not in response.text


async def test_a_step_on_a_case_changed_meanwhile_keeps_the_typed_text(notes_client, casework):
    case_id = await open_case(notes_client, casework)
    stale = str((await case_row(case_id))["version"])
    await switch(notes_client, "coordinator")
    fresh = await loaded_version(notes_client, case_id)
    assert (await change(notes_client, case_id, fresh, "medium", WORSE)).status_code == 303
    await switch(notes_client, "teacher")
    path = f"/cases/{case_id}/steps/to_II"
    response = await post(
        notes_client,
        path,
        {"version": stale, "receiver": str(casework["coordinator"]), "reason": WORST},
        path,
    )
    assert response.status_code == 409
    assert "Juhtum muutus" in response.text
    assert WORST in response.text
    assert await Handover.count() == 0
    case = await case_row(case_id)
    assert (case["stage"], case["concern"]) == ("I", "medium")
