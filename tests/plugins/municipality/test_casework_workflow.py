"""Stage III: the case manager's workflow, accepting reports from institutions, handing a case
to child protection and back, and which posts may act as case managers."""

import pytest

from core.audit.tables import AuditEvent
from core.cases import engine
from plugins.municipality.casework.settings import case_manager_roles
from plugins.municipality.casework.tables import CaseManagerPost
from plugins.municipality.casework.workflow import CASE_MANAGEMENT, PLAN_STAGE
from tests.helpers import post, sign_in
from tests.plugins.municipality.casework_fixtures import (
    case_from_police_report,
    case_row,
    mari_fixture,  # noqa: F401 (the fixture `mari`)
    pending,
    step,
    switch,
)

pytestmark = pytest.mark.anyio
ASSESSMENT = {"f.assessed_on": "02.11.2026", "f.situation": "Mari veedab õhtuid üksi."}
CLOSING = {"f.outcome": "goals_met", "f.summary": "Mari käib huviringis, õhtud on kodus."}


async def test_a_report_from_the_police_opens_case_management_for_the_case_manager(
    municipality_client, mari
):
    case_id = await case_from_police_report(municipality_client, mari)
    case = await case_row(case_id)
    assert case["workflow"] == CASE_MANAGEMENT.key
    assert (case["stage"], case["level"]) == ("assessment", "municipality")
    assert case["responsible"] == mari["tartu.casemanager"]


async def test_the_assessment_comes_before_the_plan_and_closing_needs_the_outcome(
    municipality_client, mari
):
    client = municipality_client
    case_id = await case_from_police_report(client, mari)
    page = await client.get(f"/cases/{case_id}/steps/to_plan")
    assert "Täida kõigepealt vorm" in page.text
    assert f"/forms/cases/{case_id}/new/municipality.assessment" in page.text
    assert (await step(client, case_id, "to_plan")).status_code == 400
    assert (await case_row(case_id))["stage"] == "assessment"

    path = f"/forms/cases/{case_id}/new/municipality.assessment"
    assert (await post(client, path, ASSESSMENT)).status_code == 303
    assert (await step(client, case_id, "to_plan")).status_code == 303
    assert (await case_row(case_id))["stage"] == "plan"
    assert (await step(client, case_id, "to_review")).status_code == 303
    assert (await step(client, case_id, "back_to_plan")).status_code == 303
    assert (await step(client, case_id, "to_review")).status_code == 303

    refused = await step(client, case_id, "close", reason="Eesmärgid täideti.")
    assert refused.status_code == 400
    assert "Juhtumi lõpetamine" in refused.text
    path = f"/forms/cases/{case_id}/new/municipality.closing"
    assert (await post(client, path, CLOSING)).status_code == 303
    assert (await step(client, case_id, "close", reason="")).status_code == 400
    assert (await step(client, case_id, "close", reason="Eesmärgid täideti.")).status_code == 303
    case = await case_row(case_id)
    assert (case["status"], case["outcome"]) == ("closed", "Eesmärgid täideti.")


async def test_the_case_goes_to_child_protection_and_comes_back_to_the_case_manager(
    municipality_client, mari
):
    client = municipality_client
    case_id = await case_from_police_report(client, mari)
    version = (await case_row(case_id))["version"]
    escalated = await post(
        client,
        f"/cases/{case_id}/escalate",
        {
            "reason": "Lapse turvalisus on ohus.",
            "receiver": str(mari["tartu.cps"]),
            "legal_basis": "child_protection_act_27",
            "version": str(version),
        },
    )
    assert escalated.status_code == 303, escalated.text
    assert (await client.get(f"/municipality/cases/{case_id}/return")).status_code == 404
    await switch(client, "tartu.cps")
    handover = await pending(case_id)
    assert (await post(client, f"/handovers/{handover['id']}/accept")).status_code == 303
    case = await case_row(case_id)
    assert (case["stage"], case["responsible"]) == ("core.child_protection", mari["tartu.cps"])

    form = await client.get(f"/municipality/cases/{case_id}/return")
    assert form.status_code == 200
    assert "Kaie Korraldaja" in form.text
    path = f"/municipality/cases/{case_id}/return"
    refused = await post(client, path, {"stage": "plan", "receiver": "", "reason": ""})
    assert refused.status_code == 400
    assert "Vali, kes juhtumi üle võtab." in refused.text
    assert await pending(case_id) is None
    returned = await post(
        client,
        path,
        {
            "stage": "plan",
            "receiver": str(mari["tartu.casemanager"]),
            "reason": "Oht on möödas, jätkub juhtumikorraldus.",
            "version": str((await case_row(case_id))["version"]),
        },
    )
    assert returned.status_code == 303, returned.text
    await switch(client, "tartu.casemanager")
    handover = await pending(case_id)
    assert (await post(client, f"/handovers/{handover['id']}/accept")).status_code == 303
    case = await case_row(case_id)
    assert (case["stage"], case["responsible"]) == ("plan", mari["tartu.casemanager"])


async def test_a_municipality_chooses_which_other_posts_act_as_case_managers(
    municipality_client, municipality_plugins, mari
):
    client = municipality_client
    await sign_in(client, "elva.admin")
    path = "/municipality/settings/case-managers"
    page = await client.get(path)
    assert page.status_code == 200
    assert "Heaolu valdkonna eest vastutaja" in page.text
    assert 'value="casework_manager"' in page.text
    assert 'value="child_protection_specialist"' not in page.text
    assert 'value="municipality_admin"' not in page.text

    refused = await post(client, path, {"role": ["casework_manager", "municipality_admin"]})
    assert refused.status_code == 400
    assert "Vali ametikohad loetelust." in refused.text
    assert await CaseManagerPost.count() == 0

    saved = await post(client, path, {"role": "casework_manager"})
    assert saved.status_code == 303
    assert await case_manager_roles(mari["elva"]) == ["casework_manager"]
    assert await case_manager_roles(mari["tartu"]) == []
    elva_case = {"municipality": mari["elva"], "workflow": CASE_MANAGEMENT.key}
    roles = await engine.stage_roles(municipality_plugins, elva_case, PLAN_STAGE)
    assert "casework_manager" in roles
    assert await AuditEvent.count().where(AuditEvent.action == "municipality.case_managers.changed")
    assert (await post(client, path, {})).status_code == 303
    assert await case_manager_roles(mari["elva"]) == []


async def test_only_administrators_of_plugins_change_the_setting(municipality_client, mari):
    await sign_in(municipality_client, "tartu.casemanager")
    path = "/municipality/settings/case-managers"
    assert (await municipality_client.get(path)).status_code == 403
    assert (await post(municipality_client, path, {"role": "casework_manager"})).status_code == 403
    assert await CaseManagerPost.count() == 0
