"""Noticing: a school-like workflow opens stage I; a health organisation's sheet becomes a
report to the child's municipality, which a municipality user accepts."""

import pytest

from core.audit.tables import AuditEvent
from core.cases.tables import Case, Report
from core.forms.tables import FormSubmission
from tests.core.cases.conftest import SHEET, open_case, switch
from tests.helpers import accept_report, csrf_from, new_submission_key, post, sign_in

pytestmark = pytest.mark.anyio


async def test_a_teachers_noticing_sheet_opens_stage_one_with_the_teacher_responsible(
    notes_client, casework
):
    case_id = await open_case(notes_client, casework)
    case = await Case.select().where(Case.id == case_id).first()
    assert (case["workflow"], case["stage"], case["level"]) == (
        "casework.school",
        "I",
        "institution",
    )
    assert case["responsible"] == casework["teacher"]
    sheet = await FormSubmission.select().where(FormSubmission.case == case_id).first()
    assert sheet["form_key"] == "core.noticing"
    page = await notes_client.get(f"/cases/{case_id}")
    assert page.status_code == 200
    assert "Mari Mets" in page.text and "Tiina Õpetaja" in page.text
    assert "Casework panel for stage I" in page.text


async def test_a_sheet_missing_a_required_answer_shows_the_problem_in_place(notes_client, casework):
    await sign_in(notes_client, "teacher")
    data = {**SHEET, "f.noticed": ""}
    response = await post(
        notes_client, "/notice", {"child": str(casework["child"]), **data}, "/notice"
    )
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.text
    assert await Case.count() == 0


async def test_another_row_comes_in_place_for_htmx_and_as_the_page_without(notes_client, casework):
    await sign_in(notes_client, "teacher")
    token = csrf_from((await notes_client.get("/notice")).text)
    data = {
        "child": str(casework["child"]),
        **SHEET,
        "f.tried.0.what": "Vestlus lapsega",
        "_form_action": "add:tried",
        "_submission_key": new_submission_key(),
        "_csrf_token": token,
    }
    swapped = await notes_client.post("/notice", data=data, headers={"HX-Request": "true"})
    assert swapped.status_code == 200 and "<html" not in swapped.text
    assert swapped.text.strip().startswith('<fieldset class="field group" id="f-tried"')
    assert 'name="f.tried.0.what" value="Vestlus lapsega"' in swapped.text
    assert 'name="f.tried.1.what"' in swapped.text and 'hx-post="/notice"' in swapped.text
    assert "HX-Request" in swapped.headers["vary"]
    whole = await notes_client.post(
        "/notice", data={**data, "_submission_key": new_submission_key()}
    )
    assert whole.status_code == 200 and "<html" in whole.text
    assert 'name="f.tried.0.what" value="Vestlus lapsega"' in whole.text
    assert 'name="f.tried.1.what"' in whole.text
    assert await Case.count() == 0
    # The swap stored nothing: the sheet is sent with the key its page still holds.
    sent = await notes_client.post("/notice", data={**data, "_form_action": ""})
    assert sent.status_code == 303 and sent.headers["location"].startswith("/cases/")


async def test_a_family_doctors_sheet_becomes_a_report_that_child_protection_accepts(
    notes_client, casework
):
    await sign_in(notes_client, "doctor")
    child = {
        "given_name": "Mari",
        "family_name": "Mets",
        "date_of_birth": "05.05.2016",
        "municipality": str(casework["tartu"]),
    }
    response = await post(notes_client, "/notice", {**child, **SHEET}, "/notice")
    assert response.status_code == 303
    report = await Report.select().first()
    assert response.headers["location"] == f"/notice/sent/{report['id']}"
    assert await Case.count() == 0
    assert report["child"] == casework["child"]  # matched, never shown to the doctor
    assert report["municipality"] == casework["tartu"]
    sent = await notes_client.get(f"/notice/sent/{report['id']}")
    assert "Mets" not in sent.text

    await switch(notes_client, "tartu.cps")
    home = await notes_client.get("/")
    assert "Mets, Mari" in home.text
    listing = await notes_client.get("/reports")
    assert f"/reports/{report['id']}" in listing.text
    shown = await notes_client.get(f"/reports/{report['id']}")
    assert "endassetõmbunud" in shown.text
    assert "<dt>Saatja</dt>" in shown.text and "Võta vastu ja algata juhtum" in shown.text
    accepted = await accept_report(notes_client, report["id"])
    assert accepted.status_code == 303
    case = await Case.select().first()
    assert case["workflow"] == "core.child_protection"
    assert case["responsible"] == casework["tartu.cps"]
    assert case["level"] == "municipality"
    assert (await notes_client.get(f"/cases/{case['id']}")).status_code == 200


async def test_another_municipality_cannot_see_or_accept_the_report(notes_client, casework):
    await sign_in(notes_client, "doctor")
    child = {
        "given_name": "Uus",
        "family_name": "Laps",
        "date_of_birth": "01.02.2017",
        "municipality": str(casework["tartu"]),
    }
    assert (await post(notes_client, "/notice", {**child, **SHEET}, "/notice")).status_code == 303
    report = await Report.select().first()
    await switch(notes_client, "elva.cps")
    assert (await notes_client.get(f"/reports/{report['id']}")).status_code == 404
    response = await post(notes_client, f"/reports/{report['id']}/accept", {}, "/reports")
    assert response.status_code == 404
    assert await Case.count() == 0
    denied = await AuditEvent.count().where(
        (AuditEvent.object_type == "report") & (AuditEvent.outcome == "denied")
    )
    assert denied == 2


async def test_the_case_opened_from_a_report_shows_its_noticing_sheet(notes_client, casework):
    await sign_in(notes_client, "doctor")
    child = {
        "given_name": "Mari",
        "family_name": "Mets",
        "date_of_birth": "05.05.2016",
        "municipality": str(casework["tartu"]),
    }
    assert (await post(notes_client, "/notice", {**child, **SHEET}, "/notice")).status_code == 303
    report = await Report.select().first()
    sheet = f"/forms/submissions/{report['submission']}"
    await switch(notes_client, "manager")
    assert (await accept_report(notes_client, report["id"])).status_code == 303
    case_id = (await Report.select().first())["case"]
    assert sheet in (await notes_client.get(f"/cases/{case_id}")).text
    shown = await notes_client.get(sheet)
    assert shown.status_code == 200
    assert "endassetõmbunud" in shown.text
    # The sheet reached the municipality, not the child's school.
    await switch(notes_client, "coordinator")
    assert (await notes_client.get(sheet)).status_code == 404
