"""The action plan: goals with measures, tasks (owner, due date, status), evaluations.

Ticking a task swaps only its row (HTMX), adding a goal or a task the plan's section; a
refused save shows its form again, open, with what was typed and each message beside its
field (in place for htmx, on a page of its own without JavaScript). Every save names the
version it started from, and a save over someone else's newer one answers with both side by
side instead of overwriting. An evaluation moves the next review, which the case's summary
shows, so it reloads the page.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

from litestar import Response, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_400_BAD_REQUEST, HTTP_409_CONFLICT
from piccolo.columns import Column

from core.audit.log import record
from core.auth.permissions import AUTHENTICATED
from core.auth.submissions import CREATES
from core.cases.engine import CaseConflict, add_entry, bump, now
from core.cases.guards import open_case_worked_on
from core.cases.labels import TASK_STATUSES
from core.cases.owners import owner_choices, owners_among
from core.cases.tables import (
    CaseStatus,
    EntryKind,
    PlanEvaluation,
    PlanGoal,
    PlanTask,
    TaskStatus,
)
from core.cases.working import AnyRequest, hx, record_conflict
from core.conflicts import Conflict, ConflictRow, conflict_page
from core.i18n import format_date
from core.i18n import gettext as _
from core.kept import Asked, Kept, together
from core.pages import page, partial
from core.parsing import InputError, id_or_none, parse_date

WRITE = {"permission": AUTHENTICATED}
TEXT_LIMIT = 5_000


# A task's and an evaluation's columns, with the names joined. Built once:
# Piccolo copies a joined table's columns for every join column it makes.


@cache
def _task_columns() -> tuple[Column, ...]:
    return (*PlanTask.all_columns(), PlanTask.owner.full_name.as_alias("owner_name"))


@cache
def _evaluation_columns() -> tuple[Column, ...]:
    return (*PlanEvaluation.all_columns(), PlanEvaluation.author.full_name.as_alias("author_name"))


GOALS = Kept(lambda *, case: PlanGoal.select().where(PlanGoal.case == case).order_by(PlanGoal.id))
TASKS = Kept(
    lambda *, case: (
        PlanTask.select(*_task_columns()).where(PlanTask.case == case).order_by(PlanTask.id)
    )
)
EVALUATIONS = Kept(
    lambda *, case: (
        PlanEvaluation.select(*_evaluation_columns())
        .where(PlanEvaluation.case == case)
        .order_by(PlanEvaluation.evaluated_on, ascending=False)
    )
)


def plan_selects(case_id: int) -> list[Asked]:
    """The plan's goals, tasks and evaluations, to read `together` (with others)."""
    return [GOALS.asked(case=case_id), TASKS.asked(case=case_id), EVALUATIONS.asked(case=case_id)]


async def plan_context(
    case: dict[str, Any],
    editable: bool,
    participants: list[dict[str, Any]] | None = None,
    read: list[list[dict[str, Any]]] | None = None,
) -> dict[str, Any]:
    """The plan of ``case``; who may own a task is drawn from ``participants`` (the case's
    participants with ``user`` and ``user_name``) when the caller has them, else read. The
    rows of `plan_selects` are ``read`` when the caller read them with its own."""
    goals, tasks, evaluations = (
        read if read is not None else await together(*plan_selects(case["id"]))
    )
    today = date.today()
    for task in tasks:
        task["overdue"] = (
            task["status"] == TaskStatus.open.value
            and task["due_on"] is not None
            and task["due_on"] < today
        )
    by_goal: dict[int | None, list[dict[str, Any]]] = {}
    for task in tasks:
        by_goal.setdefault(task["goal"], []).append(task)
    return {
        "goals": goals,
        "tasks_by_goal": by_goal,
        "evaluations": evaluations,
        "plan_editable": editable,
        "owners": (
            []
            if not editable
            else await owner_choices(case)
            if participants is None
            else owners_among(case, participants)
        ),
        "review_overdue": case["review_due"] is not None
        and case["review_due"] < today
        and case["status"] == CaseStatus.open.value,
        "task_statuses": TASK_STATUSES,
    }


async def _plan_problems(
    request: AnyRequest,
    case: dict[str, Any],
    form_name: str,
    errors: dict[str, str],
    values: dict[str, str],
) -> Template:
    """Nothing was saved: the plan's form again, open, with what was typed and each message
    beside its field; htmx gets the plan's section in place, a plain post the section on a
    page of its own."""
    context = {
        "case": case,
        **await plan_context(case, True),
        "plan_form": form_name,
        "plan_errors": errors,
        "plan_values": values,
    }
    if hx(request):
        return partial(request, "cases/_plan.html", context, HTTP_400_BAD_REQUEST)
    return page(request, "cases/plan_problems.html", context, status_code=HTTP_400_BAD_REQUEST)


async def _plan_saved(request: AnyRequest, case: dict[str, Any]) -> Response[Any]:
    """After a save: htmx gets the plan's section afresh, a plain post the case page."""
    if hx(request):
        return partial(
            request, "cases/_plan.html", {"case": case, **await plan_context(case, True)}
        )
    return Redirect(f"/cases/{case['id']}#plan", status_code=303)


def _typed(form: Any, *names: str) -> dict[str, str]:
    return {name: str(form.get(name, "")) for name in names}


@post("/cases/{case_id:int}/goals", opt={**WRITE, CREATES: True})
async def add_goal(request: AnyRequest, case_id: FromPath[int]) -> Response[Any]:
    case, _user = await open_case_worked_on(request, case_id)
    form = await request.form()
    goal, measures = str(form.get("goal", "")).strip(), str(form.get("measures", "")).strip()
    errors = {}
    if not goal or len(goal) > TEXT_LIMIT:
        errors["goal"] = _("Write the goal (at most 5000 characters).")
    if len(measures) > TEXT_LIMIT:
        errors["measures"] = _("Write the measures in at most 5000 characters.")
    if errors:
        return await _plan_problems(request, case, "goal", errors, _typed(form, "goal", "measures"))
    await PlanGoal(case=case_id, goal=goal, measures=measures).save()
    await record(request, "case.updated", object_type="case", object_id=case_id)
    return await _plan_saved(request, case)


async def _owner_problem(case: dict[str, Any], owner: str) -> tuple[int | None, str | None]:
    if not owner:
        return None, None
    allowed = {row["id"] for row in await owner_choices(case)}
    owner_id = id_or_none(owner)
    if owner_id is None or owner_id not in allowed:
        return None, _("Choose the task's owner from the people working on the case.")
    return owner_id, None


@post("/cases/{case_id:int}/tasks", opt={**WRITE, CREATES: True})
async def add_task(request: AnyRequest, case_id: FromPath[int]) -> Response[Any]:
    case, _user = await open_case_worked_on(request, case_id)
    form = await request.form()
    title = str(form.get("title", "")).strip()
    goal_value = str(form.get("goal", ""))
    errors = {}
    if not title or len(title) > TEXT_LIMIT:
        errors["title"] = _("Write what is to be done.")
    goal_id = id_or_none(goal_value)
    if (goal_value and goal_id is None) or (
        goal_id is not None
        and not await PlanGoal.exists().where((PlanGoal.id == goal_id) & (PlanGoal.case == case_id))
    ):
        errors["goal"] = _("Choose one of the plan's goals.")
    owner_id, problem = await _owner_problem(case, str(form.get("owner", "")))
    if problem:
        errors["owner"] = problem
    due_on, problem = _date_field(str(form.get("due_on", "")))
    if problem:
        errors["due_on"] = problem
    if errors:
        typed = _typed(form, "title", "goal", "owner", "due_on")
        return await _plan_problems(request, case, "task", errors, typed)
    await PlanTask(case=case_id, goal=goal_id, title=title, owner=owner_id, due_on=due_on).save()
    await record(request, "case.updated", object_type="case", object_id=case_id)
    return await _plan_saved(request, case)


def _date_field(value: str) -> tuple[date | None, str | None]:
    if not value.strip():
        return None, None
    try:
        return parse_date(value), None
    except ValueError:
        return None, _("Write the date as dd.mm.yyyy.")


async def _task_conflict(
    request: AnyRequest, case: dict[str, Any], task_id: int, wanted: str
) -> Template:
    """The task as saved now beside the status the user wanted, with a button to save theirs
    over it knowingly. htmx gets the task's row."""
    await record_conflict(request, case["id"])
    task = await _task(case["id"], task_id)
    context = {"case": case, "task": task, "wanted": wanted, "task_statuses": TASK_STATUSES}
    if hx(request):
        return partial(request, "cases/_task_conflict.html", context, HTTP_409_CONFLICT)
    return page(request, "cases/task_conflict.html", context, status_code=HTTP_409_CONFLICT)


async def _task(case_id: int, task_id: int) -> dict[str, Any]:
    task: dict[str, Any] | None = (
        await PlanTask.select(*_task_columns())
        .where((PlanTask.id == task_id) & (PlanTask.case == case_id))
        .first()
    )
    if task is None:
        raise NotFoundException()
    return task


@post("/cases/{case_id:int}/tasks/{task_id:int}/status", opt=WRITE)
async def set_task_status(
    request: AnyRequest, case_id: FromPath[int], task_id: FromPath[int]
) -> Response[Any]:
    """Tick (or reopen, or cancel) a task. HTMX gets the task's row back."""
    case, _user = await open_case_worked_on(request, case_id)
    task = await _task(case_id, task_id)
    form = await request.form()
    status = str(form.get("status", ""))
    if status not in TASK_STATUSES:
        raise InputError(_("Choose the task's status."))
    done_at = now() if status == TaskStatus.done.value else None
    saved = str(form.get("version", "")) == str(task["version"]) and (
        await PlanTask.update(
            {
                PlanTask.status: status,
                PlanTask.done_at: done_at,
                PlanTask.version: task["version"] + 1,
            }
        )
        .where((PlanTask.id == task_id) & (PlanTask.version == task["version"]))
        .returning(PlanTask.id)
    )
    if not saved:
        return await _task_conflict(request, case, task_id, status)
    await record(request, "case.updated", object_type="case", object_id=case_id)
    if hx(request):
        task.update(status=status, done_at=done_at, version=task["version"] + 1)
        task["overdue"] = (
            status == TaskStatus.open.value
            and task["due_on"] is not None
            and task["due_on"] < date.today()
        )
        return partial(
            request,
            "cases/_task.html",
            {"case": case, "task": task, "plan_editable": True, "task_statuses": TASK_STATUSES},
        )
    return Redirect(f"/cases/{case_id}#task-{task_id}", status_code=303)


async def _evaluation_conflict(
    request: AnyRequest, case_id: int, typed: dict[str, str]
) -> Template:
    """The case changed while the user wrote an evaluation: the last saved evaluation and the
    next review date beside what the user typed, and the form again."""
    case, _user = await open_case_worked_on(request, case_id)
    await record_conflict(request, case_id)
    last = (
        await PlanEvaluation.select(*_evaluation_columns())
        .where(PlanEvaluation.case == case_id)
        .order_by(PlanEvaluation.id, ascending=False)
        .first()
    )
    return conflict_page(
        request,
        Conflict(
            title=_("Evaluate the plan"),
            rows=[
                ConflictRow(_("Evaluation"), last["text"] if last else "", typed["text"]),
                ConflictRow(
                    _("Next evaluation"), format_date(case["review_due"]), typed["next_due"]
                ),
            ],
            action=f"/cases/{case_id}/evaluations",
            form_template="cases/_evaluation_fields.html",
            form_context={"values": typed, "version": case["version"]},
            saved_by=last["author_name"] if last else "",
            saved_at=last["created_at"] if last else None,
            back=f"/cases/{case_id}#plan",
        ),
    )


@post("/cases/{case_id:int}/evaluations", opt={**WRITE, CREATES: True})
async def add_evaluation(request: AnyRequest, case_id: FromPath[int]) -> Response[Any]:
    """Record an evaluation of the plan (a review) and when the next one is due."""
    case, user = await open_case_worked_on(request, case_id)
    form = await request.form()
    text = str(form.get("text", "")).strip()
    errors = {}
    if not text or len(text) > TEXT_LIMIT:
        errors["text"] = _("Write the evaluation.")
    next_due, problem = _date_field(str(form.get("next_due", "")))
    if problem:
        errors["next_due"] = problem
    elif next_due is not None and next_due <= date.today():
        errors["next_due"] = _("The next evaluation must be after today.")
    if errors:
        typed = _typed(form, "text", "next_due")
        return await _plan_problems(request, case, "evaluation", errors, typed)
    typed = {"text": text, "next_due": str(form.get("next_due", "")).strip()}
    if str(form.get("version", "")) != str(case["version"]):
        return await _evaluation_conflict(request, case_id, typed)
    try:
        await bump(case, review_due=next_due)
    except CaseConflict:
        return await _evaluation_conflict(request, case_id, typed)
    await PlanEvaluation(
        case=case_id, evaluated_on=date.today(), text=text, next_due=next_due, author=user.id
    ).save()
    await add_entry(case_id, EntryKind.review, _("The plan was evaluated."), user)
    await record(request, "case.updated", object_type="case", object_id=case_id)
    return Redirect(f"/cases/{case_id}#plan", status_code=303)


ROUTES = (add_goal, add_task, set_task_status, add_evaluation)
