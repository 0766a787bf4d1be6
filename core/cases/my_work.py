"""Core's panels of "my work" (`/`): my open cases, handovers and reports awaiting me (the
reports first of all, urgent ones marked, when one is urgent), my tasks due and overdue, my
reviews due, consents expiring. Each is a partial; the queries use the indexes on responsible,
receiver, owner, due dates and status, and the cases, handovers, tasks, reviews due and the count
of consents come in one statement (`_work_rows`). One audit row lists the cases the panels show.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache
from typing import Any

from piccolo.columns import Column
from piccolo.custom_types import Combinable
from piccolo.querystring import QueryString

from core.access import children_in_scope
from core.audit.log import record
from core.auth.current import CurrentUser
from core.auth.permissions import ACCEPT_REPORTS, RECORD_CONSENT
from core.cases.labels import CONCERNS
from core.cases.tables import (
    Case,
    CaseStatus,
    HandoverStatus,
    Report,
    ReportStatus,
    TaskStatus,
)
from core.cases.working import AnyRequest
from core.consent.expiry import expiring_soon
from core.consent.tables import Consent
from core.i18n import gettext as _
from core.registry import Panel, Scope

SOON_DAYS = 7
LIMIT = 20
URGENT_FIRST = 0


# The columns of the reports panel, with the names joined. Built once:
# Piccolo copies a joined table's columns for every join column it makes.


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


# My open cases, handovers awaiting me, my tasks due and (for who records consents) the count of
# consents ending soon, in one statement: each branch the panel's own query, by the indexes on
# responsible, receiver and owner, with its order and limit. Each branch names its columns
# alike (a NULL of the column's type where it has none); the first branch's columns are plain
# columns of their types, so that SQLite's driver reads dates and times from every branch.
_CASES = (
    "SELECT * FROM (SELECT 'case' AS panel, c.id AS id, c.id AS case_id, c.concern AS concern,"
    " c.review_due AS day, c.opened_at AS at, CAST(NULL AS BOOLEAN) AS escalation,"
    " CAST(NULL AS TEXT) AS text, k.given_name AS given_name, k.family_name AS family_name"
    " FROM cases_case c JOIN people_child k ON k.id = c.child"
    " WHERE c.responsible = {} AND c.status = {} ORDER BY c.opened_at DESC LIMIT {}) mine"
)
_HANDOVERS = (
    "SELECT * FROM (SELECT 'handover', h.id, h.\"case\", CAST(NULL AS TEXT), CAST(NULL AS DATE),"
    " h.created_at, h.escalation, u.full_name, k.given_name, k.family_name"
    " FROM cases_handover h JOIN auth_user u ON u.id = h.sender"
    ' JOIN cases_case c ON c.id = h."case" JOIN people_child k ON k.id = c.child'
    " WHERE h.receiver = {} AND h.status = {} ORDER BY h.created_at LIMIT {}) handed"
)
_TASKS = (
    "SELECT * FROM (SELECT 'task', t.id, t.\"case\", CAST(NULL AS TEXT), t.due_on,"
    " CAST(NULL AS TIMESTAMPTZ), CAST(NULL AS BOOLEAN), t.title, k.given_name, k.family_name"
    ' FROM cases_task t JOIN cases_case c ON c.id = t."case" JOIN people_child k ON k.id = c.child'
    " WHERE t.owner = {} AND t.status = {} AND t.due_on <= {} AND c.status = {}"
    " ORDER BY t.due_on LIMIT {}) due"
)
_REVIEWS = (
    "SELECT * FROM (SELECT 'review', c.id, c.id, c.concern, c.review_due, c.opened_at,"
    " CAST(NULL AS BOOLEAN), CAST(NULL AS TEXT), k.given_name, k.family_name"
    " FROM cases_case c JOIN people_child k ON k.id = c.child"
    " WHERE c.responsible = {} AND c.status = {} AND c.review_due <= {}"
    " ORDER BY c.review_due LIMIT {}) reviews"
)
_CONSENTS = (
    "SELECT 'consents', count(*), NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL"
    " FROM consent_consent WHERE {}"
)


async def _work_rows(
    user: CurrentUser, soon: date, consents: Combinable | None
) -> dict[str, list[dict[str, Any]]]:
    """The rows of each panel of the one statement, by panel ("case", "handover", "task",
    "review", "consents": one row whose ``id`` is the count), in the panels' orders."""
    parts = [
        QueryString(_CASES, user.id, CaseStatus.open.value, LIMIT),
        QueryString(_HANDOVERS, user.id, HandoverStatus.pending.value, LIMIT),
        QueryString(_TASKS, user.id, TaskStatus.open.value, soon, CaseStatus.open.value, LIMIT),
        QueryString(_REVIEWS, user.id, CaseStatus.open.value, soon, LIMIT),
    ]
    if consents is not None:
        parts.append(QueryString(_CONSENTS, consents.querystring))
    statement = QueryString(" UNION ALL ".join("{}" for _ in parts), *parts)
    found: dict[str, list[dict[str, Any]]] = {
        "case": [],
        "handover": [],
        "task": [],
        "review": [],
        "consents": [],
    }
    for row in await Case.raw("{}", statement):
        found[row["panel"]].append(dict(row))
    found["case"].sort(key=lambda row: (row["at"], row["id"]), reverse=True)
    found["handover"].sort(key=lambda row: row["at"])
    found["task"].sort(key=lambda row: row["day"])
    found["review"].sort(key=lambda row: row["day"])
    return found


def _names(row: dict[str, Any]) -> dict[str, Any]:
    return {"given_name": row["given_name"], "family_name": row["family_name"]}


async def my_work_panels(request: AnyRequest, user: CurrentUser | None) -> list[Panel]:
    if user is None:
        return []
    today = date.today()
    soon = today + timedelta(days=SOON_DAYS)
    shown: set[int] = set()
    panels = []

    consents = None
    if user.can(RECORD_CONSENT):
        # Consents ending soon are found by their end date, the county's (hundreds). A
        # municipality's scope is thousands of children: it is asked about those consents'
        # children alone (``per_row``). An organisation's or a unit's is hundreds at most,
        # listed once and looked up, which costs less than asking for each consent.
        membership = user.membership
        per_row = membership is not None and membership.scope is Scope.municipality
        scope = children_in_scope(Consent.child, user, today, per_row=per_row)
        consents = (scope or Consent.id.is_null()) & expiring_soon(today)
    found = await _work_rows(user, soon, consents)

    cases = [{"id": row["id"], "concern": row["concern"], **_names(row)} for row in found["case"]]
    shown |= {row["id"] for row in cases}
    panels.append(
        Panel(
            _("My open cases"), "cases/_my_cases.html", {"cases": cases, "concerns": CONCERNS}, 10
        )
    )

    handovers = [
        {
            "id": row["id"],
            "case": row["case_id"],
            "escalation": bool(row["escalation"]),
            "created_at": row["at"],
            "sender_name": row["text"],
            **_names(row),
        }
        for row in found["handover"]
    ]
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

    tasks = [
        {
            "id": row["id"],
            "case": row["case_id"],
            "title": row["text"],
            "due_on": row["day"],
            **_names(row),
        }
        for row in found["task"]
    ]
    for task in tasks:
        task["overdue"] = task["due_on"] < today
    shown |= {row["case"] for row in tasks}
    panels.append(Panel(_("My tasks due"), "cases/_my_tasks.html", {"tasks": tasks}, 20))

    # Every review due of the user's open cases, not only of those the cases panel shows.
    reviews = [
        {"id": row["id"], "review_due": row["day"], "overdue": row["day"] < today, **_names(row)}
        for row in found["review"]
    ]
    shown |= {row["id"] for row in reviews}
    if reviews:
        panels.append(Panel(_("Reviews due"), "cases/_my_reviews.html", {"cases": reviews}, 25))

    if consents is not None:
        [counted] = found["consents"]
        panels.append(
            Panel(_("Consents expiring"), "cases/_my_consents.html", {"count": counted["id"]}, 30)
        )

    if shown:
        listed = ",".join(str(case_id) for case_id in sorted(shown))
        await record(request, "case.listed", object_type="case", object_id=listed)
    return panels
