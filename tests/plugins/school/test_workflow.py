"""The school's support workflow: the class teacher notices, asks the coordinator in, who
accepts and draws up the individual support plan before passing the case to the municipality;
back to the teacher, closing at the school."""

import pytest

from core.cases.tables import CaseParticipant
from core.enablement import set_plugin_enabled
from tests.helpers import post, sign_in
from tests.plugins.school.conftest import (
    PLAN,
    accept,
    at_coordinator,
    case_row,
    notice,
    pending,
    step,
    switch,
)

pytestmark = pytest.mark.anyio


async def test_the_class_teachers_noticing_opens_a_case_at_stage_i(school_client, schools):
    await sign_in(school_client, "teacher")
    case_id = await notice(school_client, schools["mari"])
    case = await case_row(case_id)
    assert (case["workflow"], case["stage"]) == ("school.support", "I")
    assert (case["owner_organisation"], case["responsible"]) == (
        schools["annelinna"],
        schools["teacher"],
    )
    page = await school_client.get(f"/cases/{case_id}")
    assert "I etapp: klassijuhataja" in page.text
    assert "Kaasa tugiõppe koordinaator (HEVKO)" in page.text
    assert "3.a · I kooliaste" in page.text  # the school panel: class and school stage


async def test_the_teacher_asks_the_coordinator_in_who_accepts(school_client, schools):
    client = school_client
    await sign_in(client, "teacher")
    case_id = await notice(client, schools["mari"])
    form = await client.get(f"/cases/{case_id}/steps/to_coordinator")
    assert "Helen Tugi" in form.text
    assert "Kalle Karlova" not in form.text  # another school's coordinator
    asked = await step(
        client, case_id, "to_coordinator", receiver=str(schools["coordinator"]), reason="Abi"
    )
    assert asked.status_code == 303
    assert (await case_row(case_id))["stage"] == "I"  # until the coordinator accepts
    await switch(client, "coordinator")
    assert (await accept(client, case_id)).status_code == 303
    case = await case_row(case_id)
    assert (case["stage"], case["responsible"]) == ("II", schools["coordinator"])


async def test_the_plan_comes_before_the_municipality(school_client, schools):
    client = school_client
    case_id = await at_coordinator(client, schools)
    refused = await step(
        client, case_id, "to_municipality", receiver=str(schools["tartu.casemanager"]), reason="x"
    )
    assert refused.status_code == 400
    assert "Individuaalne õppekava" in refused.text
    assert await pending(case_id) is None

    filled = await post(
        client, f"/forms/cases/{case_id}/new/school.individual_plan", PLAN, f"/cases/{case_id}"
    )
    assert filled.status_code == 303, filled.text
    form = await client.get(f"/cases/{case_id}/steps/to_municipality")
    assert "Kaie Korraldaja" in form.text  # the municipality plugin's case manager
    passed = await step(
        client, case_id, "to_municipality", receiver=str(schools["tartu.casemanager"]), reason="x"
    )
    assert passed.status_code == 303
    await switch(client, "tartu.casemanager")
    assert (await accept(client, case_id)).status_code == 303
    case = await case_row(case_id)
    assert (case["stage"], case["level"], case["owner_organisation"]) == (
        "III",
        "municipality",
        schools["annelinna"],
    )
    back = await step(
        client, case_id, "back_to_school", receiver=str(schools["coordinator"]), reason="Tagasi"
    )
    assert back.status_code == 303, back.text


async def test_stage_iii_is_offered_to_the_child_protection_specialist_too(
    school_client, school_plugins, schools
):
    """Stage III names no roles: core offers whoever runs case management in the child's
    municipality, child protection always among them; with the municipality plugin turned off
    there, its case manager is none, and only child protection takes the case."""
    client = school_client
    case_id = await at_coordinator(client, schools)
    form = await client.get(f"/cases/{case_id}/steps/to_municipality")
    assert "Tartu.Cps, Tartu Linnavalitsus" in form.text
    assert f'value="{schools["tartu.casemanager"]}"' in form.text
    await set_plugin_enabled(school_plugins, "municipality", schools["tartu"], False)
    form = await client.get(f"/cases/{case_id}/steps/to_municipality")
    assert "Tartu.Cps, Tartu Linnavalitsus" in form.text
    assert f'value="{schools["tartu.casemanager"]}"' not in form.text
    assert "Helen Tugi, Annelinna Kool" not in form.text


async def test_back_to_the_teacher_and_closing_at_the_school(school_client, schools):
    client = school_client
    case_id = await at_coordinator(client, schools)
    back = await step(
        client, case_id, "back_to_teacher", receiver=str(schools["teacher"]), reason="Aitab"
    )
    assert back.status_code == 303
    await switch(client, "teacher")
    assert (await accept(client, case_id)).status_code == 303
    assert (await case_row(case_id))["stage"] == "I"
    closed = await step(client, case_id, "close_at_teacher", reason="Olukord lahenes.")
    assert closed.status_code == 303
    assert (await case_row(case_id))["status"] == "closed"


async def test_a_teacher_of_another_class_may_not_take_a_step(school_client, schools):
    client = school_client
    await sign_in(client, "teacher")
    case_id = await notice(client, schools["mari"])
    await switch(client, "teacher.b")
    assert (await client.get(f"/cases/{case_id}")).status_code == 404
    assert not await CaseParticipant.exists().where(CaseParticipant.case == case_id)


async def test_the_municipality_may_name_the_coordinator_among_its_case_manager_posts(
    school_client, schools
):
    """The coordinator's post carries core's cross-sector mark: Tartu's administrator is
    offered it among the posts that may run cross-sector cases (report step 12)."""
    await sign_in(school_client, "tartu.admin")
    page = await school_client.get(
        f"/municipality/settings/case-managers?municipality={schools['tartu']}"
    )
    assert page.status_code == 200
    assert 'value="school_support_coordinator"' in page.text
    assert 'value="school_class_teacher"' not in page.text
