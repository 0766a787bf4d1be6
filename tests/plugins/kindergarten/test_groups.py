"""The groups page and moving a child to another group."""

from datetime import date, timedelta

import pytest

from core.audit.tables import AuditEvent
from core.people.tables import Enrolment
from tests.helpers import post, sign_in

pytestmark = pytest.mark.anyio


async def test_the_coordinator_sees_the_groups_with_their_teachers_and_children(kg_client, garden):
    await sign_in(kg_client, "kg.coordinator")
    page = await kg_client.get("/kindergarten/groups")
    assert page.status_code == 200
    for text in ("Mesimummid", "Riina Rühm", "Mia Mägi", "Päikesekiired", "Pille Päike", "Uku"):
        assert text in page.text
    assert "Kaur" not in page.text
    listed = await AuditEvent.select().where(AuditEvent.action == "kindergarten.groups.listed")
    assert {int(part) for part in listed[0]["object_id"].split(",")} == {
        garden["mia"],
        garden["uku"],
    }


async def test_a_group_teacher_has_no_groups_page(kg_client, garden):
    await sign_in(kg_client, "kg.teacher")
    assert (await kg_client.get("/kindergarten/groups")).status_code == 403


async def test_the_coordinator_moves_a_child_to_another_group(kg_client, garden):
    await sign_in(kg_client, "kg.coordinator")
    path = f"/kindergarten/groups/children/{garden['mia']}"
    form = await kg_client.get(path)
    assert form.status_code == 200 and "Päikesekiired" in form.text
    day = date.today() + timedelta(days=1)
    moved = await post(
        kg_client,
        path,
        {"unit": str(garden["Päikesekiired"]), "starts_on": day.strftime("%d.%m.%Y")},
        path,
    )
    assert moved.status_code == 303, moved.text
    rows = await Enrolment.select().where(Enrolment.child == garden["mia"]).order_by(Enrolment.id)
    assert [(row["unit"], row["ends_on"]) for row in rows] == [
        (garden["Mesimummid"], date.today()),
        (garden["Päikesekiired"], None),
    ]
    assert rows[1]["starts_on"] == day


@pytest.mark.parametrize(
    ("unit", "starts_on", "message"),
    [
        ("", "01.01.2030", "Vali rühm loetelust."),
        ("Mesimummid", "01.01.2030", "Laps on juba selles rühmas."),
        ("Päikesekiired", "31.02.2030", "Sellist kuupäeva kalendris ei ole."),
        ("Päikesekiired", "01.01.2000", "üleviimine peab olema hiljem"),
        ("x' OR 1=1", "kuupäev", "Sisesta kuupäev kujul pp.kk.aaaa"),
    ],
)
async def test_a_wrong_move_says_what_to_correct_and_changes_nothing(
    kg_client, garden, unit, starts_on, message
):
    await sign_in(kg_client, "kg.coordinator")
    path = f"/kindergarten/groups/children/{garden['mia']}"
    answer = await post(
        kg_client, path, {"unit": str(garden.get(unit, unit)), "starts_on": starts_on}, path
    )
    assert answer.status_code == 400
    assert message in answer.text
    assert 'aria-invalid="true"' in answer.text
    assert await Enrolment.count().where(Enrolment.child == garden["mia"]) == 1


async def test_another_kindergartens_child_cannot_be_moved(kg_client, garden):
    await sign_in(kg_client, "kg.coordinator")
    path = f"/kindergarten/groups/children/{garden['kaur']}"
    assert (await kg_client.get(path)).status_code == 404
    moved = await post(
        kg_client, path, {"unit": str(garden["Mesimummid"]), "starts_on": "01.01.2030"}
    )
    assert moved.status_code == 404
    assert await AuditEvent.exists().where(
        (AuditEvent.action == "kindergarten.child.moved") & (AuditEvent.outcome == "denied")
    )
