"""The case list (`/cases`): whose cases each user sees, every filter, and paging."""

import re
from datetime import UTC, date, datetime, timedelta

import pytest

from core.cases.case_list import PAGE_SIZE
from core.cases.tables import Case, CaseParticipant, Handover, PlanTask
from core.people.tables import Child
from tests.core.cases.conftest import switch
from tests.core.people.conftest import make_child
from tests.helpers import sign_in

pytestmark = pytest.mark.anyio

TODAY = date.today()


async def a_case(casework, name, **fields):
    """A case of a new child of 1.a (or of ``fields['child']``), opened ``days`` ago."""
    days = fields.pop("days", 1)
    child = fields.pop("child", None) or await make_child(
        name, "Laps", date(2016, 1, 1), casework["tartu_school"], casework["1.a"]
    )
    values = {
        "child": child,
        "owner_organisation": casework["tartu_school"],
        "municipality": casework["tartu"],
        "workflow": "casework.school",
        "stage": "I",
        "level": "institution",
        "responsible": casework["teacher"],
        "opened_at": datetime.now(UTC) - timedelta(days=days),
        **fields,
    }
    [row] = await Case.insert(Case(**values)).returning(Case.id)
    return row["id"]


def names(page):
    """The children's given names listed, in order."""
    return re.findall(r'<a href="/cases/\d+">Laps, (\w+)</a>', page.text)


async def listed(client, query=""):
    response = await client.get(f"/cases{query}")
    assert response.status_code == 200, response.text
    return names(response)


async def test_every_filter_narrows_the_coordinators_list(notes_client, casework):
    old = await a_case(casework, "Anni", days=30)
    await a_case(casework, "Berit", stage="II", concern="high", responsible=casework["coordinator"])
    await a_case(casework, "Carmen", days=5, status="closed")
    await PlanTask.insert(
        PlanTask(case=old, title="Kohtuda emaga", due_on=TODAY - timedelta(days=2)),
        PlanTask(case=old, title="Tehtud", due_on=TODAY - timedelta(days=9), status="done"),
    )
    await sign_in(notes_client, "coordinator")
    page = await notes_client.get("/cases")
    headers = re.findall(r'<th scope="col">([^<]+)</th>', page.text)
    assert headers == ["Laps", "Etapp", "Mure tase", "Asutus", "Vastutaja", "Algatatud"]
    assert names(page) == ["Berit", "Anni"]
    assert await listed(notes_client, "?status=closed") == ["Carmen"]
    assert await listed(notes_client, "?stage=II") == ["Berit"]
    assert await listed(notes_client, "?concern=high") == ["Berit"]
    assert await listed(notes_client, "?responsible=me") == ["Berit"]
    assert await listed(notes_client, f"?responsible={casework['teacher']}") == ["Anni"]
    assert await listed(notes_client, f"?organisation={casework['tartu_school']}") == [
        "Berit",
        "Anni",
    ]
    assert await listed(notes_client, f"?organisation={casework['doctors']}") == []
    overdue = await notes_client.get("/cases?overdue=1")
    assert names(overdue) == ["Anni"]
    assert "tähtaeg ületatud" in overdue.text
    assert await listed(notes_client, "?overdue=1&concern=high") == []


async def test_the_list_pages_its_cases_newest_first(notes_client, casework):
    child = await make_child("Mari", "Laps", date(2016, 1, 1), casework["tartu_school"])
    await Case.insert(
        *(
            Case(
                child=child,
                owner_organisation=casework["tartu_school"],
                municipality=casework["tartu"],
                workflow="casework.school",
                stage="I",
                level="institution",
                responsible=casework["teacher"],
                reason=f"nr {n}",
                opened_at=datetime.now(UTC) - timedelta(hours=n),
            )
            for n in range(PAGE_SIZE + 2)
        )
    )
    newest_first = [
        row["id"] for row in await Case.select(Case.id).order_by(Case.opened_at, ascending=False)
    ]
    await sign_in(notes_client, "coordinator")
    first = await notes_client.get("/cases")
    assert f"{PAGE_SIZE + 2} juhtumit" in first.text
    assert "Leht 1 / 2" in first.text
    second = await notes_client.get("/cases?page=2")
    shown = [int(n) for n in re.findall(r'<a href="/cases/(\d+)">', second.text)]
    assert shown == newest_first[PAGE_SIZE:]


async def test_others_see_only_what_they_take_part_in_or_are_handed(notes_client, casework):
    taking_part = await a_case(casework, "Anni")
    handed = await a_case(casework, "Berit")
    await a_case(casework, "Carmen")
    await CaseParticipant.insert(
        CaseParticipant(
            case=taking_part,
            user=casework["doctor"],
            organisation=casework["doctors"],
            added_by=casework["teacher"],
        )
    )
    await Handover.insert(
        Handover(
            case=handed,
            sender=casework["teacher"],
            receiver=casework["doctor"],
            from_stage="I",
            to_stage="II",
        )
    )
    await sign_in(notes_client, "doctor")
    assert await listed(notes_client) == ["Berit", "Anni"]
    await Handover.update({Handover.status: "declined"}).where(Handover.case == handed)
    assert await listed(notes_client) == ["Anni"]


async def test_a_municipality_sees_the_cases_of_its_children_that_reached_it(
    notes_client, casework
):
    await a_case(casework, "Anni", stage="III", level="municipality")
    await a_case(casework, "Berit")
    await a_case(casework, "Carmen", escalated_at=datetime.now(UTC))
    await a_case(casework, "Dora", stage="III", level="municipality", status="closed")
    # Registered in Elva when the case opened, living in Tartu now: both municipalities see it.
    moved = await make_child("Eeva", "Laps", date(2016, 1, 1), casework["tartu_school"])
    await a_case(
        casework,
        "Eeva",
        child=moved,
        municipality=casework["elva"],
        stage="III",
        level="municipality",
    )
    await Child.update({Child.residence_municipality: casework["tartu"]}).where(Child.id == moved)
    await sign_in(notes_client, "manager")
    assert sorted(await listed(notes_client)) == ["Anni", "Carmen", "Eeva"]
    assert await listed(notes_client, "?status=closed") == []
    await switch(notes_client, "elva.manager")
    assert await listed(notes_client) == ["Eeva"]
