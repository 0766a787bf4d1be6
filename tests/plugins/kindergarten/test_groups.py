"""The groups page and moving a child to another group."""

from datetime import date, timedelta

import pytest

from core.audit.tables import AuditEvent
from core.cases.tables import Case
from core.people.tables import Enrolment
from core.people.unit_counts import UnitCounts, unit_counts
from tests.helpers import current_user_of, post, sign_in
from tests.plugins.kindergarten.conftest import notice, switch

pytestmark = pytest.mark.anyio


async def test_the_coordinator_sees_the_groups_with_their_teachers_and_counts(kg_client, garden):
    await sign_in(kg_client, "kg.coordinator")
    page = await kg_client.get("/kindergarten/groups")
    assert page.status_code == 200
    for text in ("Mesimummid", "Riina Rühm", "Päikesekiired", "Pille Päike"):
        assert text in page.text
    for name in ("Mia", "Uku", "Kaur"):
        assert name not in page.text  # counts only: each group's page lists its children
    for group in ("Mesimummid", "Päikesekiired"):
        assert f'href="/kindergarten/groups/{garden[group]}"' in page.text
    assert "Lepatriinud" not in page.text  # Karlova's
    assert not await AuditEvent.exists().where(AuditEvent.action == "kindergarten.groups.listed")


async def test_the_counts_are_the_childrens_the_coordinator_may_see(kg_client, garden):
    await sign_in(kg_client, "kg.coordinator")
    counts = await unit_counts(await current_user_of(kg_client), garden["garden"])
    assert counts == {
        garden["Mesimummid"]: UnitCounts(children=1),
        garden["Päikesekiired"]: UnitCounts(children=1),
    }
    case = await notice(kg_client, "kg.teacher", garden["mia"])
    await Case.update({Case.concern: "high"}).where(Case.id == case)
    await switch(kg_client, "kg.coordinator")
    counts = await unit_counts(await current_user_of(kg_client), garden["garden"])
    assert counts[garden["Mesimummid"]] == UnitCounts(children=1, open_cases=1, high_concern=1)
    assert counts[garden["Päikesekiired"]] == UnitCounts(children=1)
    page = await kg_client.get("/kindergarten/groups")
    row = page.text[page.text.index("Mesimummid</a>") :].split("</tr>")[0]
    assert row.count("<td>1</td>") == 3
    await switch(kg_client, "kg.teacher2")  # a unit's scope: her group's children only
    counts = await unit_counts(await current_user_of(kg_client), garden["garden"])
    assert counts == {garden["Päikesekiired"]: UnitCounts(children=1)}


async def test_a_groups_page_lists_its_children_audited(kg_client, garden):
    await sign_in(kg_client, "kg.coordinator")
    page = await kg_client.get(f"/kindergarten/groups/{garden['Mesimummid']}")
    assert page.status_code == 200
    assert "Mia Mägi" in page.text and "Riina Rühm" in page.text
    assert "Uku" not in page.text and "Kaur" not in page.text
    listed = await AuditEvent.select().where(AuditEvent.action == "kindergarten.groups.listed")
    assert [row["object_id"] for row in listed] == [str(garden["mia"])]
    assert (await kg_client.get("/kindergarten/groups/none")).status_code == 200


async def test_another_kindergartens_group_has_no_page_here(kg_client, garden):
    await sign_in(kg_client, "kg.coordinator")
    answer = await kg_client.get(f"/kindergarten/groups/{garden['Lepatriinud']}")
    assert answer.status_code == 404
    assert "Kaur" not in answer.text
    [refused] = await AuditEvent.select().where(AuditEvent.outcome == "denied")
    assert refused["action"] == "kindergarten.groups.listed"
    assert refused["object_id"] == str(garden["Lepatriinud"])


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
