"""Case reminders, run by the background jobs (`heaolu jobs run|worker`), never in web workers.

Once per Estonian day the periodic job ``core.case_deadlines`` enqueues one job that notifies:
task owners on a task's due day and on the day after, if it is still open; the
responsible person when a case's review falls due; and the receiver of a handover still pending
after `HANDOVER_WORKING_DAYS` working days (Estonian public holidays excluded). Notifications
name no child: only that something awaits, and a link.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

from core.cases.tables import (
    Case,
    CaseStatus,
    Handover,
    HandoverStatus,
    PlanTask,
    TaskStatus,
)
from core.i18n import N_, TIME_ZONE
from core.jobs import enqueue
from core.notifications import notify
from core.working_days import add_working_days

DEADLINES_JOB = "core.case_deadlines"
HANDOVER_WORKING_DAYS = 3
TASK_DUE = N_("A task of yours is due today")
TASK_OVERDUE = N_("A task of yours is overdue")
REVIEW_DUE = N_("A case review is due")
HANDOVER_WAITING = N_("A handover still awaits your acceptance")


async def enqueue_deadline_check(now: datetime) -> None:
    """The periodic job: one deadline check per Estonian day."""
    day = now.astimezone(TIME_ZONE).date()
    await enqueue(DEADLINES_JOB, {"day": day.isoformat()}, dedupe_key=f"{DEADLINES_JOB}:{day}")


async def check_deadlines(payload: Mapping[str, Any]) -> None:
    """The job: notify about the deadlines of ``payload['day']``."""
    today = date.fromisoformat(str(payload["day"]))
    missed = today - timedelta(days=1)
    open_tasks = (PlanTask.status == TaskStatus.open.value) & (
        PlanTask.case._.status == CaseStatus.open.value
    )
    for due_on, message in ((today, TASK_DUE), (missed, TASK_OVERDUE)):
        tasks = await PlanTask.select(PlanTask.id, PlanTask.case, PlanTask.owner).where(
            open_tasks & (PlanTask.due_on == due_on) & PlanTask.owner.is_not_null()
        )
        for task in tasks:
            await notify([task["owner"]], message, f"/cases/{task['case']}#task-{task['id']}")
    reviews = await Case.select(Case.id, Case.responsible).where(
        (Case.status == CaseStatus.open.value) & (Case.review_due == today)
    )
    for case in reviews:
        await notify([case["responsible"]], REVIEW_DUE, f"/cases/{case['id']}#plan")
    handovers = await Handover.select(Handover.case, Handover.receiver, Handover.created_at).where(
        Handover.status == HandoverStatus.pending.value
    )
    for handover in handovers:
        sent = handover["created_at"].astimezone(TIME_ZONE).date()
        if add_working_days(sent, HANDOVER_WORKING_DAYS) == today:
            await notify([handover["receiver"]], HANDOVER_WAITING, f"/cases/{handover['case']}")
