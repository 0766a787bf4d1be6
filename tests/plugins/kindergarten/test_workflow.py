"""The kindergarten's support workflow: the group teacher notices (stage I), asks the
support-services coordinator in (a handover the coordinator accepts: stage II), the coordinator
draws up the support plan and hands over to the municipality's case manager (stage III)."""

import pytest

from core.cases.tables import CaseEntry
from tests.helpers import post
from tests.plugins.kindergarten.conftest import case_row, notice, pending, step, switch

pytestmark = pytest.mark.anyio

PLAN = {
    "f.drawn_up_on": "01.12.2026",
    "f.strengths": "Näidis: Mia joonistab hea meelega.",
    "f.areas": ["social", "speech"],
    "f.goals.0.goal": "Näidis: Mia mängib kaaslastega.",
    "f.goals.0.who": "Rühmaõpetaja",
    "f.review_on": "01.03.2027",
}


async def test_a_case_goes_from_the_group_teacher_to_the_coordinator_and_the_municipality(
    kg_client, garden
):
    client = kg_client
    case_id = await notice(client, "kg.teacher", garden["mia"])
    case = await case_row(case_id)
    assert (case["workflow"], case["stage"], case["level"]) == (
        "kindergarten.support",
        "I",
        "institution",
    )
    assert case["responsible"] == garden["kg.teacher"]
    page = await client.get(f"/cases/{case_id}")
    assert "Kaasa tugiteenuste koordinaator (koordinaator algatab juhtumi)" in page.text

    form = await client.get(f"/cases/{case_id}/steps/ask_coordinator")
    assert "Kertu Koordinaator" in form.text
    assert "Kaja Karlova" not in form.text
    asked = await step(
        client,
        case_id,
        "ask_coordinator",
        receiver=str(garden["kg.coordinator"]),
        reason="Minu tugi ei piisa.",
    )
    assert asked.status_code == 303, asked.text
    assert (await case_row(case_id))["responsible"] == garden["kg.teacher"]

    await switch(client, "kg.coordinator")
    handover = await pending(case_id)
    assert (await post(client, f"/handovers/{handover['id']}/accept")).status_code == 303
    case = await case_row(case_id)
    assert (case["stage"], case["responsible"]) == ("II", garden["kg.coordinator"])

    refused = await step(
        client, case_id, "to_municipality", receiver=str(garden["tartu.casemanager"]), reason="x"
    )
    assert refused.status_code != 303
    assert "kindergarten.support_plan" in refused.text
    assert (await case_row(case_id))["stage"] == "II"

    saved = await post(
        client, f"/forms/cases/{case_id}/new/kindergarten.support_plan", PLAN, f"/cases/{case_id}"
    )
    assert saved.status_code == 303, saved.text
    form = await client.get(f"/cases/{case_id}/steps/to_municipality")
    assert "Kaie Korraldaja" in form.text
    passed = await step(
        client,
        case_id,
        "to_municipality",
        receiver=str(garden["tartu.casemanager"]),
        reason="Pere vajab tuge väljastpoolt lasteaeda.",
    )
    assert passed.status_code == 303, passed.text
    await switch(client, "tartu.casemanager")
    handover = await pending(case_id)
    assert (await post(client, f"/handovers/{handover['id']}/accept")).status_code == 303
    case = await case_row(case_id)
    assert (case["stage"], case["level"], case["responsible"]) == (
        "III",
        "municipality",
        garden["tartu.casemanager"],
    )
    kinds = [row["kind"] for row in await CaseEntry.select().where(CaseEntry.case == case_id)]
    assert kinds.count("handover") >= 2


async def test_the_coordinator_hands_the_case_back_to_the_group_and_the_teacher_closes_it(
    kg_client, garden
):
    client = kg_client
    case_id = await notice(client, "kg.teacher", garden["mia"])
    await step(
        client, case_id, "ask_coordinator", receiver=str(garden["kg.coordinator"]), reason="x"
    )
    await switch(client, "kg.coordinator")
    await post(client, f"/handovers/{(await pending(case_id))['id']}/accept")
    back = await step(
        client,
        case_id,
        "back_to_group",
        receiver=str(garden["kg.teacher"]),
        reason="Läheb paremini.",
    )
    assert back.status_code == 303, back.text
    await switch(client, "kg.teacher")
    assert (
        await post(client, f"/handovers/{(await pending(case_id))['id']}/accept")
    ).status_code == 303
    assert (await case_row(case_id))["stage"] == "I"
    closed = await step(client, case_id, "close_I", reason="Mia mängib nüüd teistega.")
    assert closed.status_code == 303, closed.text
    assert (await case_row(case_id))["status"] == "closed"
