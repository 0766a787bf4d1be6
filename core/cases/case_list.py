"""The case list (`/cases`): the cases the user may see, filtered and paged.

Filters: stage, organisation, concern level, responsible person, status, and "has overdue
tasks". The user's scope is found through indexes (`core.access.visible_cases`), the filters
narrow it, and one page of case ids is chosen before the names are joined, so the joins read
`PAGE_SIZE` rows, not the whole scope. `bench/README.md` has the query plans. The list writes
one audit row with the listed case ids.
"""

from __future__ import annotations

from datetime import date
from functools import cache

from litestar import get
from litestar.response import Template
from piccolo.columns import Column
from piccolo.columns.combination import WhereRaw

from core.access import visible_cases
from core.audit.log import record
from core.auth.permissions import AUTHENTICATED
from core.cases.labels import CASE_STATUSES, CONCERNS
from core.cases.tables import Case, PlanTask, TaskStatus
from core.cases.workflows import stage_of, workflow_of
from core.cases.working import AnyRequest, hx, user_of
from core.pages import page, partial, plugins_of
from core.parsing import page_count, parse_id
from core.parsing import page_number as page_number_of

# 25 rows: on a low-end PC (the CPU 6x slower) a filter's htmx swap of 50 rows took 200 ms,
# over the 150 ms a click may take (`bench/lowend.py`).
PAGE_SIZE = 25
VIEW = {"permission": AUTHENTICATED}


@cache
def _listed_columns() -> tuple[Column, ...]:
    """A listed case's columns, with the names joined. Built once: Piccolo copies a joined
    table's columns for every join column it makes."""
    return (
        Case.id,
        Case.workflow,
        Case.stage,
        Case.concern,
        Case.status,
        Case.opened_at,
        Case.review_due,
        Case.child.given_name.as_alias("given_name"),
        Case.child.family_name.as_alias("family_name"),
        Case.owner_organisation.name.as_alias("organisation_name"),
        Case.responsible.full_name.as_alias("responsible_name"),
    )


FILTERS = ("stage", "organisation", "concern", "responsible", "status", "overdue")


def has_overdue_tasks(today: date) -> WhereRaw:
    """Cases with an open task due before ``today``: a correlated EXISTS, so each case of the
    scope is looked up by its tasks' index instead of listing every overdue task there is."""
    return WhereRaw(
        'EXISTS (SELECT 1 FROM "cases_task" WHERE "cases_task"."case" = "cases_case"."id"'
        ' AND "cases_task"."status" = {} AND "cases_task"."due_on" < {})',
        TaskStatus.open.value,
        today,
    )


@get("/cases", opt=VIEW)
async def case_list(request: AnyRequest) -> Template:
    user = user_of(request)
    plugins = plugins_of(request)
    params = {key: str(request.query_params.get(key, "")) for key in FILTERS}
    params["status"] = params["status"] or "open"
    page_number = page_number_of(request.query_params.get("page", ""))
    today = date.today()
    where = await visible_cases(user, today)
    if params["status"] in CASE_STATUSES:
        where &= Case.status == params["status"]
    if params["stage"]:
        where &= Case.stage == params["stage"]
    if params["organisation"]:
        where &= Case.owner_organisation == parse_id(params["organisation"])
    if params["concern"] in CONCERNS:
        where &= Case.concern == params["concern"]
    if params["responsible"] == "me":
        where &= Case.responsible == user.id
    elif params["responsible"]:
        where &= Case.responsible == parse_id(params["responsible"])
    if params["overdue"] == "1":
        where &= has_overdue_tasks(today)
    page_of_ids = (
        Case.select(Case.id)
        .where(where)
        .order_by(Case.opened_at, ascending=False)
        .order_by(Case.id, ascending=False)
        .limit(PAGE_SIZE)
        .offset((page_number - 1) * PAGE_SIZE)
    )
    rows = (
        await Case.select(*_listed_columns())
        .where(Case.id.is_in(page_of_ids))
        .order_by(Case.opened_at, ascending=False)
        .order_by(Case.id, ascending=False)
    )
    total = await Case.count().where(where)
    overdue = set()
    if rows:
        ids = [row["id"] for row in rows]
        overdue = {
            row["case"]
            for row in await PlanTask.select(PlanTask.case).where(
                PlanTask.case.is_in(ids)
                & (PlanTask.status == TaskStatus.open.value)
                & (PlanTask.due_on < today)
            )
        }
        await record(request, "case.listed", object_type="case", object_id=",".join(map(str, ids)))
    for row in rows:
        workflow = workflow_of(plugins, row["workflow"])
        row["stage_label"] = stage_of(workflow, row["stage"]).label
        row["overdue"] = row["id"] in overdue
    # By key, then label: two workflows' stages may share a key ("I"), and a set's order
    # changes from one process to the next.
    stages = sorted(
        {
            (stage.key, stage.label)
            for workflow in plugins.workflows.values()
            for stage in workflow.stages
        }
    )
    context = {
        "cases": rows,
        "total": total,
        "params": params,
        "page_number": page_number,
        "pages": page_count(total, PAGE_SIZE),
        "stages": stages,
        "concerns": CONCERNS,
        "case_statuses": CASE_STATUSES,
        "query": "&".join(f"{key}={params[key]}" for key in FILTERS if params[key]),
    }
    if hx(request):
        return partial(request, "cases/_case_results.html", context)
    response = page(request, "cases/cases.html", context)
    response.headers["vary"] = "HX-Request"
    return response


ROUTES = (case_list,)
