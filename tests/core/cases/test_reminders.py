"""Handovers notify their receiver; the daily deadline job reminds of tasks, reviews and
handovers left waiting, naming no child."""

from datetime import UTC, date, datetime, timedelta

import pytest

from core.cases.reminders import check_deadlines, enqueue_deadline_check
from core.cases.tables import Case, Handover, PlanTask
from core.jobs.tables import Job
from core.notifications.tables import Notification
from core.working_days import add_working_days
from tests.core.cases.conftest import open_case, switch
from tests.helpers import post

pytestmark = pytest.mark.anyio


async def notifications_of(user_id):
    rows = await Notification.select(Notification.message, Notification.url).where(
        Notification.user == user_id
    )
    return {(row["message"], row["url"]) for row in rows}


async def test_a_handover_notifies_its_receiver_and_a_decline_the_sender(notes_client, casework):
    case_id = await open_case(notes_client, casework)
    path = f"/cases/{case_id}/steps/to_II"
    version = (await Case.select(Case.version).where(Case.id == case_id).first())["version"]
    await post(
        notes_client,
        path,
        {"receiver": str(casework["coordinator"]), "version": str(version)},
        path,
    )
    assert ("A case was handed over to you", f"/cases/{case_id}") in await notifications_of(
        casework["coordinator"]
    )
    await switch(notes_client, "coordinator")
    handover = await Handover.select().where(Handover.case == case_id).first()
    decline = f"/handovers/{handover['id']}/decline"
    await post(notes_client, decline, {"reason": "Pole minu klass."}, decline)
    assert ("A handover you sent was declined", f"/cases/{case_id}") in await notifications_of(
        casework["teacher"]
    )


async def test_the_daily_job_reminds_of_due_tasks_reviews_and_waiting_handovers(
    notes_client, casework
):
    case_id = await open_case(notes_client, casework)
    today = date(2026, 12, 28)  # a Monday after the Christmas holidays
    await PlanTask.insert(
        PlanTask(case=case_id, title="Helista emale", owner=casework["teacher"], due_on=today),
        PlanTask(
            case=case_id,
            title="Kohtumine",
            owner=casework["teacher"],
            due_on=today - timedelta(days=1),
        ),
        PlanTask(
            case=case_id,
            title="Tehtud",
            owner=casework["teacher"],
            due_on=today,
            status="done",
        ),
    )
    await Case.update({Case.review_due: today}).where(Case.id == case_id)
    sent = datetime(2026, 12, 21, 10, tzinfo=UTC)  # working days after: 22, 23, then 28
    assert add_working_days(sent.date(), 3) == today
    await Handover.insert(
        Handover(
            case=case_id,
            sender=casework["teacher"],
            receiver=casework["coordinator"],
            from_stage="I",
            to_stage="II",
            created_at=sent,
        )
    )
    await check_deadlines({"day": today.isoformat()})
    teacher = await notifications_of(casework["teacher"])
    messages = sorted(message for message, _ in teacher)
    assert messages == [
        "A case review is due",
        "A task of yours is due today",
        "A task of yours is overdue",
    ]
    coordinator = await notifications_of(casework["coordinator"])
    assert ("A handover still awaits your acceptance", f"/cases/{case_id}") in coordinator


async def test_the_deadline_check_is_enqueued_once_a_day(notes_client, casework):
    now = datetime(2026, 11, 23, 8, tzinfo=UTC)
    await enqueue_deadline_check(now)
    await enqueue_deadline_check(now + timedelta(hours=3))
    assert await Job.count().where(Job.kind == "core.case_deadlines") == 1
