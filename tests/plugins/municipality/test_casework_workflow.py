"""Stage III: the case manager's workflow, accepting reports from institutions, handing a case
to child protection and back, and which posts may act as case managers."""

import pytest

from core.audit.tables import AuditEvent
from core.cases import engine
from plugins.municipality.casework.settings import case_manager_roles
from plugins.municipality.casework.tables import CaseManagerPost
from plugins.municipality.casework.workflow import CASE_MANAGEMENT, PLAN_STAGE
from tests.helpers import plugin_off, post, sign_in
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


async def test_the_assessment_comes_before_the_plan_and_closing_takes_the_outcome_from_its_form(
    municipality_client, mari
):
    client = municipality_client
    case_id = await case_from_police_report(client, mari)
    page = await client.get(f"/cases/{case_id}/steps/to_plan")
    assert "Täida kõigepealt vorm" in page.text
    path = f"/forms/cases/{case_id}/new/municipality.assessment?step=to_plan"
    assert path in page.text
    assert (await step(client, case_id, "to_plan")).status_code == 400
    assert (await case_row(case_id))["stage"] == "assessment"

    # Saving the form the step needs returns to the step, which can now be taken.
    form = await client.get(path)
    assert f'action="{path}"' in form.text
    saved = await post(client, path, ASSESSMENT)
    assert saved.status_code == 303
    assert saved.headers["location"] == f"/cases/{case_id}/steps/to_plan"
    assert "Täida kõigepealt vorm" not in (await client.get(f"/cases/{case_id}/steps/to_plan")).text
    assert (await step(client, case_id, "to_plan")).status_code == 303
    assert (await case_row(case_id))["stage"] == "plan"
    assert (await step(client, case_id, "to_review")).status_code == 303
    assert (await step(client, case_id, "back_to_plan")).status_code == 303
    assert (await step(client, case_id, "to_review")).status_code == 303

    refused = await step(client, case_id, "close", reason="Eesmärgid täideti.")
    assert refused.status_code == 400
    assert "Juhtumi lõpetamine" in refused.text
    path = f"/forms/cases/{case_id}/new/municipality.closing?step=close"
    saved = await post(client, path, CLOSING)
    assert saved.headers["location"] == f"/cases/{case_id}/steps/close"

    # The outcome was asked once, in the form: the step asks only for an optional note.
    assert (await step(client, case_id, "close", reason="")).status_code == 303
    case = await case_row(case_id)
    assert case["status"] == "closed"
    assert case["outcome"] == (
        "Tulemus: Eesmärgid saavutati\nKokkuvõte: Mari käib huviringis, õhtud on kodus."
    )
    assert case["review_due"] is None
    page = await client.get(f"/cases/{case_id}")
    assert "Järgmine vahehindamine" not in page.text
    assert "Eesmärgid saavutati" in page.text


async def test_a_step_not_of_the_case_leaves_the_form_to_its_own_view(municipality_client, mari):
    client = municipality_client
    case_id = await case_from_police_report(client, mari)
    path = f"/forms/cases/{case_id}/new/municipality.assessment?step=to_review"
    saved = await post(client, path, ASSESSMENT)
    assert saved.headers["location"].startswith("/forms/submissions/")


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
    path = f"/cases/{case_id}/steps/back_to_case_plan"
    assert (await client.get(path)).status_code == 404
    await switch(client, "tartu.cps")
    handover = await pending(case_id)
    assert (await post(client, f"/handovers/{handover['id']}/accept")).status_code == 303
    case = await case_row(case_id)
    assert (case["stage"], case["responsible"]) == ("core.child_protection", mari["tartu.cps"])

    form = await client.get(path)
    assert form.status_code == 200
    assert "Tagasi juhtumikorraldusse: tegevusplaan" in form.text
    version = str(case["version"])
    reason = {"reason": "Oht on möödas, jätkub juhtumikorraldus."}
    stale = await post(client, path, {**reason, "version": str(int(version) - 1)})
    assert stale.status_code == 409
    assert "Oht on möödas" in stale.text
    assert (await case_row(case_id))["stage"] == "core.child_protection"
    returned = await post(client, path, {**reason, "version": version})
    assert returned.status_code == 303, returned.text
    case = await case_row(case_id)
    assert (case["stage"], case["responsible"]) == ("plan", mari["tartu.cps"])

    handed = await post(
        client,
        f"/cases/{case_id}/handover",
        {
            "receiver": str(mari["tartu.casemanager"]),
            "reason": "Juhtumikorraldus jätkub.",
            "version": str(case["version"]),
        },
    )
    assert handed.status_code == 303, handed.text
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


async def test_who_worked_on_a_closed_case_still_finds_its_child_and_others_do_not(
    municipality_client, mari
):
    client = municipality_client
    case_id = await case_from_police_report(client, mari)
    child = mari["child"]
    page = await client.get(f"/cases/{case_id}")
    assert f'<a href="/children/{child}">Mari Mets</a>' in page.text
    path = f"/forms/cases/{case_id}/new/municipality.closing?step=close"
    assert (await post(client, path, CLOSING)).status_code == 303
    assert (await step(client, case_id, "close")).status_code == 303

    assert (await client.get(f"/children/{child}")).status_code == 200
    assert f'href="/children/{child}"' in (await client.get("/children?q=Mets, Mari")).text
    assert f'<a href="/children/{child}">' in (await client.get(f"/cases/{case_id}")).text

    # The child protection specialist of the same office saw Mari while the case was open at
    # the municipality's stage; she did not work on it, so the closed case hides Mari.
    await switch(client, "tartu.cps")
    assert (await client.get(f"/children/{child}")).status_code == 404
    assert f'href="/children/{child}"' not in (await client.get("/children?q=Mets")).text


async def test_turning_the_plugin_off_names_it_and_its_open_cases_offer_no_step_that_404s(
    municipality_client, mari
):
    client = municipality_client
    case_id = await case_from_police_report(client, mari)
    await switch(client, "tartu.admin")
    confirm_page = f"/admin/plugins/municipality/off?municipality={mari['tartu']}"
    page = await client.get(confirm_page)
    assert page.status_code == 200
    assert "Omavalitsuse tasand: juhtumikorraldus, võrgustik ja ülevaade" in page.text
    assert "1 käimasolev juhtum:" in page.text
    assert "Koostöövõrgustik" in page.text
    off = await post(client, "/admin/plugins/municipality", plugin_off(mari["tartu"]), confirm_page)
    assert off.status_code == 303

    await switch(client, "tartu.casemanager")
    page = await client.get(f"/cases/{case_id}")
    assert page.status_code == 200
    assert f"/cases/{case_id}/steps/" not in page.text
    assert "on selles omavalitsuses välja lülitatud" in page.text
    assert f"/cases/{case_id}/escalate" in page.text
    assert (await client.get(f"/cases/{case_id}/steps/to_plan")).status_code == 404
