"""To the next school stage: the coordinator moves a pupil with an open case to a class of the
next stage; the case stays with its plan and tasks, and the new class teacher joins it, also
when the enrolment is made elsewhere."""

from datetime import date, timedelta

import pytest

from core.cases.tables import CaseEntry, CaseParticipant, PlanTask
from core.people.enrolment import begin_enrolment
from core.people.tables import Enrolment
from tests.helpers import current_user_of, post, sign_in
from tests.plugins.school.conftest import at_coordinator, case_row, notice, switch

pytestmark = pytest.mark.anyio
TODAY = date.today()


async def tonis_case(client, schools) -> int:
    """Tõnis (6.a) has an open case at stage II, with a task of its plan."""
    await sign_in(client, "coordinator")
    case_id = await notice(client, schools["tonis"])
    added = await post(client, f"/cases/{case_id}/tasks", {"title": "Õpiabi matemaatikas"})
    assert added.status_code in (200, 303), added.text
    return case_id


async def test_the_coordinator_moves_the_pupil_on_and_the_new_teacher_joins(school_client, schools):
    client = school_client
    case_id = await tonis_case(client, schools)
    form = await client.get(f"/school/cases/{case_id}/next-class")
    assert form.status_code == 200
    assert "praegu klassis 6.a (II kooliaste)" in form.text
    assert "7.a (III kooliaste)" in form.text and "7.b (III kooliaste)" in form.text
    assert "3.a" not in form.text  # not a class of the next stage

    starts = TODAY + timedelta(days=1)
    moved = await post(
        client,
        f"/school/cases/{case_id}/next-class",
        {"unit": str(schools["annelinna 7.a"]), "starts_on": starts.strftime("%d.%m.%Y")},
    )
    assert moved.status_code == 303, moved.text
    enrolments = await Enrolment.select().where(Enrolment.child == schools["tonis"])
    by_unit = {row["unit"]: row for row in enrolments}
    assert by_unit[schools["annelinna 6.a"]]["ends_on"] == TODAY
    assert by_unit[schools["annelinna 7.a"]]["starts_on"] == starts
    case = await case_row(case_id)
    assert (case["status"], case["stage"]) == ("open", "I")
    assert await PlanTask.exists().where(PlanTask.case == case_id)
    [joined] = await CaseParticipant.select().where(CaseParticipant.case == case_id)
    assert joined["user"] == schools["teacher.7a"]
    bodies = [row["body"] for row in await CaseEntry.select().where(CaseEntry.case == case_id)]
    assert any("klassist 6.a klassi 7.a (III kooliaste)" in body for body in bodies)

    await switch(client, "teacher.7a")
    assert (await client.get(f"/cases/{case_id}")).status_code == 200


async def test_a_wrong_class_or_date_is_refused_with_its_message(school_client, schools):
    client = school_client
    case_id = await tonis_case(client, schools)
    path = f"/school/cases/{case_id}/next-class"
    wrong = await post(client, path, {"unit": str(schools["annelinna 3.a"]), "starts_on": "x"})
    assert wrong.status_code == 400
    assert "Vali järgmise kooliastme klass." in wrong.text
    assert "pp.kk.aaaa" in wrong.text
    assert 'id="error-summary"' in wrong.text and '<a href="#move-unit">' in wrong.text
    assert 'name="unit" required aria-invalid="true"' in wrong.text
    early = await post(
        client, path, {"unit": str(schools["annelinna 7.a"]), "starts_on": "01.01.2000"}
    )
    assert early.status_code == 400
    assert "Uus klass peab algama pärast praeguse klassi algust." in early.text
    assert await Enrolment.count().where(Enrolment.child == schools["tonis"]) == 1


async def test_only_the_schools_coordinator_moves_pupils(school_client, schools):
    client = school_client
    case_id = await at_coordinator(client, schools)
    await switch(client, "teacher")
    assert (await client.get(f"/school/cases/{case_id}/next-class")).status_code == 403
    await switch(client, "karlova.coordinator")
    assert (await client.get(f"/school/cases/{case_id}/next-class")).status_code == 404


async def test_an_enrolment_made_elsewhere_brings_the_new_class_teacher_in(
    school_client, school_plugins, schools
):
    client = school_client
    case_id = await tonis_case(client, schools)
    user = await current_user_of(client)
    await begin_enrolment(
        school_plugins,
        user,
        child_id=schools["tonis"],
        organisation_id=schools["annelinna"],
        unit_id=schools["annelinna 7.a"],
        starts_on=TODAY,
    )
    participants = await CaseParticipant.select().where(CaseParticipant.case == case_id)
    assert [row["user"] for row in participants] == [schools["teacher.7a"]]
