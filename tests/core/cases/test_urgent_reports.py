"""A child in danger goes straight to child protection; a second report joins the open case;
the noticer is told the report was received and who accepted it; the sheet's child fields
show every problem at once."""

from datetime import date

import pytest

from core.audit.tables import AuditEvent
from core.cases.tables import Case, CaseEntry, Report
from core.notifications.tables import Notification
from core.people.tables import Child
from core.working_days import add_working_days
from tests.core.cases.conftest import SHEET, open_case, switch
from tests.helpers import accept_report, post, sign_in

pytestmark = pytest.mark.anyio

DANGER = {**SHEET, "f.danger": "yes"}


def described(casework, **changes):
    return {
        "given_name": "Mari",
        "family_name": "Mets",
        "date_of_birth": "05.05.2016",
        "municipality": str(casework["tartu"]),
        **changes,
    }


async def send(client, casework, sheet, username="doctor"):
    await sign_in(client, username)
    response = await post(client, "/notice", {**described(casework), **sheet}, "/notice")
    assert response.status_code == 303, response.text
    return response


async def notified(user_id):
    rows = await Notification.select(Notification.message, Notification.url).where(
        Notification.user == user_id
    )
    return [(row["message"], row["url"]) for row in rows]


async def test_a_child_in_danger_goes_to_child_protection_at_once_and_heads_its_work_list(
    notes_client, casework
):
    await send(notes_client, casework, SHEET)
    response = await send(notes_client, casework, DANGER)
    urgent = await Report.select().where(Report.urgent.eq(True)).first()
    ordinary = await Report.select().where(Report.urgent.eq(False)).first()
    first, second = f'/reports/{urgent["id"]}"', f'/reports/{ordinary["id"]}"'
    assert response.headers["location"] == f"/notice/sent/{urgent['id']}"
    receipt = (await notes_client.get(response.headers["location"])).text
    assert "Kiireloomuline." in receipt and "lastekaitsespetsialistidele" in receipt
    assert "Mets" not in receipt
    # Only child protection hears of the urgent one; the case manager hears of the other.
    urgent_message = "Urgent: a noticing report says a child may be in danger"
    assert (urgent_message, f"/reports/{urgent['id']}") in await notified(casework["tartu.cps"])
    assert urgent_message not in [m for m, _url in await notified(casework["manager"])]

    await switch(notes_client, "tartu.cps")
    home = (await notes_client.get("/")).text
    reports_panel = home.index("Vastuvõtmist ootavad märkamisteated")
    assert reports_panel < home.index("Minu käimasolevad juhtumid")
    assert home.index("Kiireloomuline") < home.index(first) < home.index(second)
    listing = (await notes_client.get("/reports")).text
    assert listing.index(first) < listing.index(second)


async def test_a_safety_of_two_from_a_teacher_with_a_workflow_is_urgent_too(notes_client, casework):
    await sign_in(notes_client, "teacher")
    sheet = {"child": str(casework["child"]), **SHEET, "f.safety": "2"}
    response = await post(notes_client, "/notice", sheet, "/notice")
    assert response.headers["location"].startswith("/notice/sent/")
    assert await Case.count() == 0
    assert (await Report.select().first())["urgent"] is True


async def test_child_protection_accepts_an_urgent_report_with_concern_high_and_a_near_review(
    notes_client, casework
):
    await send(notes_client, casework, DANGER)
    report = await Report.select().first()
    await switch(notes_client, "manager")
    refused = await accept_report(notes_client, report["id"])
    assert refused.status_code == 400
    assert "Kiireloomulise teate võtab vastu lastekaitsespetsialist." in refused.text
    assert await Case.count() == 0

    await switch(notes_client, "tartu.cps")
    shown = (await notes_client.get(f"/reports/{report['id']}")).text
    review = add_working_days(date.today(), 3)
    assert '<option value="high" selected>' in shown
    assert f'value="{review:%d.%m.%Y}"' in shown
    accepted = await accept_report(notes_client, report["id"])
    assert accepted.status_code == 303
    case = await Case.select().first()
    assert (case["stage"], case["concern"], case["review_due"]) == (
        "core.child_protection",
        "high",
        review,
    )
    assert case["responsible"] == casework["tartu.cps"]
    receipt = f"/notice/sent/{report['id']}"
    assert ("Your noticing report was accepted", receipt) in await notified(casework["doctor"])
    await switch(notes_client, "doctor")
    shown = (await notes_client.get(receipt)).text
    assert "Võttis vastu Tartu.Cps, " in shown
    assert "Mets" not in shown


async def test_a_changed_proposal_needs_a_reason_written_on_the_timeline(notes_client, casework):
    await send(notes_client, casework, SHEET)
    report = await Report.select().first()
    await switch(notes_client, "tartu.cps")
    unexplained = await accept_report(notes_client, report["id"], concern="medium")
    assert unexplained.status_code == 400
    assert 'id="accept-reason-error"' in unexplained.text
    assert 'aria-invalid="true"' in unexplained.text
    assert '<a href="#accept-reason">' in unexplained.text
    assert "<title>Vead:" in unexplained.text
    assert '<option value="medium" selected>' in unexplained.text
    explained = await accept_report(
        notes_client, report["id"], concern="medium", reason="Pere on juba abi palunud."
    )
    assert explained.status_code == 303
    case = await Case.select().first()
    assert case["concern"] == "medium"
    change = await CaseEntry.select().where(CaseEntry.kind == "concern_change").first()
    assert "Pere on juba abi palunud." in change["body"]


async def test_a_second_report_is_added_to_the_open_case_instead_of_a_second_case(
    notes_client, casework
):
    await send(notes_client, casework, SHEET)
    first = await Report.select().first()
    await switch(notes_client, "tartu.cps")
    assert (await accept_report(notes_client, first["id"])).status_code == 303
    case = await Case.select().first()
    await send(notes_client, casework, SHEET)
    second = await Report.select().where(Report.id != first["id"]).first()
    await switch(notes_client, "tartu.cps")
    shown = (await notes_client.get(f"/reports/{second['id']}")).text
    assert "Lapsel on juba käimasolev juhtum" in shown
    added = await post(
        notes_client,
        f"/reports/{second['id']}/add-to-case",
        {"case": str(case["id"])},
        f"/reports/{second['id']}",
    )
    assert added.status_code == 303
    assert added.headers["location"] == f"/cases/{case['id']}"
    assert await Case.count() == 1
    assert (await Report.select().where(Report.id == second["id"]).first())["case"] == case["id"]
    wrong = await post(
        notes_client, f"/reports/{first['id']}/add-to-case", {"case": "x"}, "/reports"
    )
    assert wrong.status_code == 303  # already accepted: it leads to its case


async def test_the_sheet_warns_of_the_childs_open_case_before_sending(notes_client, casework):
    case_id = await open_case(notes_client, casework)
    form = (await notes_client.get(f"/notice?child={casework['child']}")).text
    assert "Lapsel on juba käimasolev juhtum." in form and f'href="/cases/{case_id}"' in form


async def test_every_missing_field_shows_in_one_round_tied_to_its_field(notes_client, casework):
    await sign_in(notes_client, "doctor")
    response = await post(notes_client, "/notice", {"given_name": "Mari"}, "/notice")
    assert response.status_code == 400
    html = response.text
    assert "<title>Vead: Märkamisleht" in html
    assert 'id="error-summary" role="alert" tabindex="-1" autofocus' in html
    for input_id in (
        "notice-family",
        "notice-born",
        "notice-municipality",
        "f-noticed",
        "f-danger",
    ):
        assert f'<a href="#{input_id}">' in html, input_id
    assert 'aria-describedby="notice-family-error" aria-invalid="true"' in html
    assert 'id="notice-given" name="given_name" value="Mari"' in html
    assert await Report.count() == 0


async def test_the_registered_municipality_and_the_actual_one_are_kept_apart(
    notes_client, casework
):
    child = described(
        casework, given_name="Uus", family_name="Laps", residence_municipality=str(casework["elva"])
    )
    await sign_in(notes_client, "doctor")
    assert (await post(notes_client, "/notice", {**child, **SHEET}, "/notice")).status_code == 303
    row = await Child.select().where(Child.given_name == "Uus").first()
    assert (row["registered_municipality"], row["residence_municipality"]) == (
        casework["tartu"],
        casework["elva"],
    )
    assert (await Report.select().first())["municipality"] == casework["tartu"]


async def test_only_the_noticer_sees_their_receipt(notes_client, casework):
    response = await send(notes_client, casework, SHEET)
    await switch(notes_client, "teacher")
    assert (await notes_client.get(response.headers["location"])).status_code == 404
    denied = await AuditEvent.count().where(
        (AuditEvent.object_type == "report") & (AuditEvent.outcome == "denied")
    )
    assert denied == 1


async def test_without_a_child_protection_specialist_the_case_manager_takes_the_urgent_report(
    notes_client, casework
):
    from core.auth.tables import User

    await User.update({User.active: False}).where(User.id == casework["tartu.cps"])
    await send(notes_client, casework, DANGER)
    report = await Report.select().first()
    assert await notified(casework["manager"]) == [
        ("Urgent: a noticing report says a child may be in danger", f"/reports/{report['id']}")
    ]
    await switch(notes_client, "manager")
    assert (await accept_report(notes_client, report["id"])).status_code == 303
    case = await Case.select().first()
    assert case["concern"] == "high" and case["responsible"] == casework["manager"]


async def test_describing_ones_own_child_with_an_open_case_warns_before_sending(
    notes_client, casework
):
    await open_case(notes_client, casework)
    response = await post(notes_client, "/notice", {**described(casework), **SHEET}, "/notice")
    assert response.status_code == 200
    assert "Lapsel on juba käimasolev juhtum." in response.text
    assert "Märkamisleht ei ole veel saadetud." in response.text
    assert f'name="child" value="{casework["child"]}"' in response.text
    assert await Case.count() == 1 and await Report.count() == 0
    again = await post(
        notes_client, "/notice", {"child": str(casework["child"]), **SHEET}, "/notice"
    )
    assert again.status_code == 303 and await Case.count() == 2
