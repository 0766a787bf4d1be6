"""A pupil with an open case moves on to the next school stage (report section 1.3,
"transitions"; ``/school/cases/<id>/next-class``).

The coordinator moves the child to a class of the next stage at the same school: core ends the
current enrolment the day before and begins the new one (`end_enrolment`, `begin_enrolment`);
the case stays, with its plan and open tasks, and the new class's teachers join it. They join on
core's enrolment event (`after_enrolment_began`), so an enrolment in a class made on another
page has the same effect.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from litestar import Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template

from core.api import (
    CREATES,
    AnyRequest,
    Case,
    CaseStatus,
    CurrentUser,
    InputError,
    add_case_participant,
    add_entry,
    begin_enrolment,
    end_enrolment,
    form_page,
    format_date,
    id_or_none,
    open_case_worked_on,
    parse_date,
    plugins_of,
    record,
)
from core.api import gettext as _
from plugins.school.classes import class_teachers, classes_of, current_class
from plugins.school.roles import MOVE_PUPILS
from plugins.school.workflow import SUPPORT

MOVE = {"permission": MOVE_PUPILS}
CLASS_CHANGED = "school.class_changed"


@dataclass(frozen=True)
class Problem:
    """A message of a form's error summary (core's ``_error_summary.html``): ``id`` is the
    field's, which the summary links to and marks invalid ("" for none), ``label`` its name."""

    id: str
    label: str
    message: str


def problem_page(
    request: AnyRequest, template: str, context: dict[str, Any], problems: Sequence[Problem]
) -> Template:
    """The form's page, answered 400 with its problems when it has any."""
    return form_page(
        request,
        template,
        {**context, "problems": problems, "invalid": {problem.id for problem in problems}},
        [problem.message for problem in problems],
    )


async def school_case(request: AnyRequest, case_id: int) -> tuple[dict[str, Any], CurrentUser]:
    """The open case and the coordinator, when the case is one of her own school's support
    cases (else 404, as if there were none)."""
    case, user = await open_case_worked_on(request, case_id)
    membership = user.membership
    if (
        membership is None
        or case["workflow"] != SUPPORT.key
        or case["owner_organisation"] != membership.organisation_id
    ):
        raise NotFoundException()
    return case, user


# --- To a class of the next school stage ---------------------------------------------------


async def _next_classes(organisation_id: int, stage: int | None) -> list[dict[str, Any]]:
    if stage is None:
        return []
    return [row for row in await classes_of(organisation_id) if row["stage"] == stage + 1]


async def _next_class_page(
    request: AnyRequest,
    case: dict[str, Any],
    values: dict[str, str],
    problems: Sequence[Problem] = (),
) -> Template:
    now = await current_class(case["child"], case["owner_organisation"])
    offered = await _next_classes(case["owner_organisation"], now["stage"] if now else None)
    return problem_page(
        request,
        "school/next_class.html",
        {"case": case, "now": now, "offered": offered, "values": values},
        problems,
    )


@get("/cases/{case_id:int}/next-class", opt=MOVE)
async def next_class_form(request: AnyRequest, case_id: FromPath[int]) -> Template:
    case, _user = await school_case(request, case_id)
    await record(request, "case.viewed", object_type="case", object_id=case_id)
    return await _next_class_page(
        request, case, {"unit": "", "starts_on": format_date(date.today())}
    )


@post("/cases/{case_id:int}/next-class", opt={**MOVE, CREATES: True})
async def move_to_next_class(request: AnyRequest, case_id: FromPath[int]) -> Response[Any]:
    case, user = await school_case(request, case_id)
    form = await request.form()
    values = {"unit": str(form.get("unit", "")), "starts_on": str(form.get("starts_on", ""))}
    now = await current_class(case["child"], case["owner_organisation"])
    offered = {
        row["id"]: row
        for row in await _next_classes(case["owner_organisation"], now["stage"] if now else None)
    }
    problems = []
    if now is None or now["stage"] is None:
        message = _("The child is in no class of a school stage at this school.")
        problems.append(Problem("", "", message))
    chosen = offered.get(id_or_none(values["unit"]) or 0)
    if now is not None and chosen is None:
        message = _("Choose a class of the next school stage.")
        problems.append(Problem("move-unit", _("New class"), message))
    starts_on: date | None = None
    try:
        starts_on = parse_date(values["starts_on"])
        if now is not None and starts_on <= now["starts_on"]:
            raise InputError(_("The new class must begin after the current one began."))
    except InputError as error:
        problems.append(Problem("move-starts", _("In the new class from"), str(error)))
    if problems or now is None or chosen is None or starts_on is None:
        return await _next_class_page(request, case, values, problems)
    plugins = plugins_of(request)
    await end_enrolment(
        plugins,
        user,
        enrolment_id=now["id"],
        child_id=case["child"],
        ends_on=starts_on - timedelta(days=1),
    )
    await begin_enrolment(
        plugins,
        user,
        child_id=case["child"],
        organisation_id=case["owner_organisation"],
        unit_id=chosen["id"],
        starts_on=starts_on,
    )
    body = _("Moved from class {old} to class {new} ({stage}) from {day}.").format(
        old=now["unit_name"],
        new=chosen["name"],
        stage=chosen["stage_label"],
        day=format_date(starts_on),
    )
    await add_entry(case_id, CLASS_CHANGED, body, user)
    await record(request, "school.pupil.moved", object_type="case", object_id=case_id)
    return Redirect(f"/cases/{case_id}", status_code=303)


async def after_enrolment_began(enrolment: dict[str, Any], user: CurrentUser) -> None:
    """The class teachers of the new class join the child's open support cases at that school."""
    if enrolment["unit"] is None:
        return
    cases = await Case.select(Case.id).where(
        (Case.child == enrolment["child"])
        & (Case.owner_organisation == enrolment["organisation"])
        & (Case.workflow == SUPPORT.key)
        & (Case.status == CaseStatus.open.value)
    )
    teachers = (await class_teachers([enrolment["unit"]])).get(enrolment["unit"], [])
    for case in cases:
        for teacher in teachers:
            await add_case_participant(case["id"], teacher["user_id"], _("Class teacher"), user)


ROUTES = [next_class_form, move_to_next_class]
