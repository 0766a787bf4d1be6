"""Core's panels of "my work" (`/`): my open cases, handovers and reports awaiting me (the
reports first of all, urgent ones marked, when one is urgent), my tasks due and overdue, my
reviews due, consents expiring. Each is a partial; the queries use the indexes on responsible,
receiver, owner, due dates and status. One audit row lists the cases the panels show.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache

from piccolo.columns import Column

from core.access import children_in_scope
from core.audit.log import record
from core.auth.current import CurrentUser
from core.auth.permissions import ACCEPT_REPORTS, RECORD_CONSENT
from core.cases.labels import CONCERNS
from core.cases.tables import (
    Case,
    CaseStatus,
    Handover,
    HandoverStatus,
    PlanTask,
    Report,
    ReportStatus,
    TaskStatus,
)
from core.cases.working import AnyRequest
from core.consent.expiry import expiring_soon
from core.consent.tables import Consent
from core.i18n import gettext as _
from core.registry import Panel

SOON_DAYS = 7
LIMIT = 20
URGENT_FIRST = 0


# The columns of each panel, with the names joined. Built once:
# Piccolo copies a joined table's columns for every join column it makes.


@cache
def _case_columns() -> tuple[Column, ...]:
    return (
        Case.id,
        Case.concern,
        Case.review_due,
        Case.child.given_name.as_alias("given_name"),
        Case.child.family_name.as_alias("family_name"),
    )


@cache
def _handover_columns() -> tuple[Column, ...]:
    return (
        Handover.id,
        Handover.case,
        Handover.escalation,
        Handover.created_at,
        Handover.sender.full_name.as_alias("sender_name"),
        Handover.case._.child._.given_name.as_alias("given_name"),
        Handover.case._.child._.family_name.as_alias("family_name"),
    )


@cache
def _report_columns() -> tuple[Column, ...]:
    return (
        Report.id,
        Report.urgent,
        Report.created_at,
        Report.child.given_name.as_alias("given_name"),
        Report.child.family_name.as_alias("family_name"),
        Report.child.date_of_birth.as_alias("date_of_birth"),
        Report.from_organisation.name.as_alias("organisation_name"),
    )


@cache
def _task_columns() -> tuple[Column, ...]:
    return (
        PlanTask.id,
        PlanTask.case,
        PlanTask.title,
        PlanTask.due_on,
        PlanTask.case._.child._.given_name.as_alias("given_name"),
        PlanTask.case._.child._.family_name.as_alias("family_name"),
    )


async def my_work_panels(request: AnyRequest, user: CurrentUser | None) -> list[Panel]:
    if user is None:
        return []
    today = date.today()
    soon = today + timedelta(days=SOON_DAYS)
    shown: set[int] = set()
    panels = []

    cases = (
        await Case.select(*_case_columns())
        .where((Case.responsible == user.id) & (Case.status == CaseStatus.open.value))
        .order_by(Case.opened_at, ascending=False)
        .limit(LIMIT)
    )
    shown |= {row["id"] for row in cases}
    panels.append(
        Panel(
            _("My open cases"), "cases/_my_cases.html", {"cases": cases, "concerns": CONCERNS}, 10
        )
    )

    handovers = (
        await Handover.select(*_handover_columns())
        .where((Handover.receiver == user.id) & (Handover.status == HandoverStatus.pending.value))
        .order_by(Handover.created_at)
        .limit(LIMIT)
    )
    shown |= {row["case"] for row in handovers}
    if handovers:
        panels.append(
            Panel(
                _("Handovers awaiting me"),
                "cases/_my_handovers.html",
                {"handovers": handovers},
                5,
            )
        )

    if user.can(ACCEPT_REPORTS) and user.municipality_id is not None:
        reports = (
            await Report.select(*_report_columns())
            .where(
                (Report.municipality == user.municipality_id)
                & (Report.status == ReportStatus.pending.value)
            )
            .order_by(Report.urgent, ascending=False)
            .order_by(Report.created_at)
            .limit(LIMIT)
        )
        # A report of a child in danger heads the work list.
        urgent = any(row["urgent"] for row in reports)
        panels.append(
            Panel(
                _("Noticing reports awaiting acceptance"),
                "cases/_my_reports.html",
                {"reports": reports},
                URGENT_FIRST if urgent else 6,
            )
        )

    tasks = (
        await PlanTask.select(*_task_columns())
        .where(
            (PlanTask.owner == user.id)
            & (PlanTask.status == TaskStatus.open.value)
            & (PlanTask.due_on <= soon)
            & (PlanTask.case.status == CaseStatus.open.value)
        )
        .order_by(PlanTask.due_on)
        .limit(LIMIT)
    )
    for task in tasks:
        task["overdue"] = task["due_on"] < today
    shown |= {row["case"] for row in tasks}
    panels.append(Panel(_("My tasks due"), "cases/_my_tasks.html", {"tasks": tasks}, 20))

    reviews = [row for row in cases if row["review_due"] and row["review_due"] <= soon]
    if reviews:
        for row in reviews:
            row["overdue"] = row["review_due"] < today
        panels.append(Panel(_("Reviews due"), "cases/_my_reviews.html", {"cases": reviews}, 25))

    if user.can(RECORD_CONSENT):
        # Consents ending soon are few, found by their end date: the scope is asked about
        # their children alone (``per_row``), not listed (a municipality's is thousands).
        scope = children_in_scope(Consent.child, user, today, per_row=True) or Consent.id.is_null()
        expiring = await Consent.count().where(scope & expiring_soon(today))
        panels.append(
            Panel(_("Consents expiring"), "cases/_my_consents.html", {"count": expiring}, 30)
        )

    if shown:
        listed = ",".join(str(case_id) for case_id in sorted(shown))
        await record(request, "case.listed", object_type="case", object_id=listed)
    return panels
