"""A pupil's case moves with the pupil to another school, also in another municipality
(report section 1.3, "transitions"; ``/school/cases/<id>/move``).

The coordinator picks the school and its support-learning coordinator and hands the case over
(`hand_over_to_organisation`); the receiver accepts on core's handover page, and the case then
belongs to the receiving school at stage II with the receiver responsible, while the sending
school no longer finds it. What the receiving school reads of the earlier entries and forms is
core's decision per entry (consent for cross-sector case work, `may_share`). The child's
enrolments are the schools' to record, as for any pupil.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from litestar import Response, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from core.api import (
    CREATES,
    AnyRequest,
    InputError,
    Organisation,
    bounded_text,
    hand_over_to_organisation,
    id_or_none,
    organisation_receivers,
    plugins_of,
    record,
)
from core.api import gettext as _
from plugins.school.moves import MOVE, Problem, problem_page, school_case
from plugins.school.roles import COORDINATOR
from plugins.school.workflow import COORDINATOR_STAGE

REASON_LIMIT = 2_000
COORDINATORS = frozenset({COORDINATOR})


async def _schools(own: int) -> list[dict[str, Any]]:
    """Every other school, with its municipality, by municipality and name."""
    rows: list[dict[str, Any]] = await (
        Organisation.select(
            Organisation.id,
            Organisation.name,
            Organisation.municipality.name.as_alias("municipality_name"),
        )
        .where((Organisation.kind == "school") & (Organisation.id != own))
        .order_by(Organisation.municipality.name)
        .order_by(Organisation.name)
    )
    return rows


async def _move_page(
    request: AnyRequest,
    case: dict[str, Any],
    values: dict[str, str],
    problems: Sequence[Problem] = (),
) -> Template:
    schools = await _schools(case["owner_organisation"])
    chosen = next((s for s in schools if str(s["id"]) == values.get("school")), None)
    receivers = (
        await organisation_receivers(chosen["id"], COORDINATORS) if chosen is not None else []
    )
    return problem_page(
        request,
        "school/move.html",
        {
            "case": case,
            "schools": schools,
            "chosen": chosen,
            "receivers": receivers,
            "values": values,
            "reason_limit": REASON_LIMIT,
        },
        problems,
    )


@get("/cases/{case_id:int}/move", opt=MOVE)
async def move_form(request: AnyRequest, case_id: FromPath[int]) -> Template:
    case, _user = await school_case(request, case_id)
    await record(request, "case.viewed", object_type="case", object_id=case_id)
    school = id_or_none(request.query_params.get("school", ""))
    return await _move_page(
        request, case, {"school": str(school or ""), "receiver": "", "reason": ""}
    )


@post("/cases/{case_id:int}/move", opt={**MOVE, CREATES: True})
async def move_to_school(request: AnyRequest, case_id: FromPath[int]) -> Response[Any]:
    case, user = await school_case(request, case_id)
    form = await request.form()
    values = {key: str(form.get(key, "")) for key in ("school", "receiver", "reason")}
    problems = []
    if str(form.get("version", "")) != str(case["version"]):
        message = _("Someone changed the case meanwhile: check it, then send again.")
        problems.append(Problem("", "", message))
    schools = {row["id"]: row for row in await _schools(case["owner_organisation"])}
    school = schools.get(id_or_none(values["school"]) or 0)
    if school is None:
        message = _("Choose the school the child moves to.")
        problems.append(Problem("move-school", _("School"), message))
    receivers = dict(await organisation_receivers(school["id"], COORDINATORS)) if school else {}
    receiver = id_or_none(values["receiver"])
    if school is not None and receiver not in receivers:
        message = _("Choose the receiving school's support-learning coordinator.")
        problems.append(Problem("move-receiver", _("Support-learning coordinator"), message))
    reason = ""
    try:
        reason = bounded_text(values["reason"], REASON_LIMIT, multiline=True)
        if not reason:
            raise InputError(_("Say why the case moves to the other school."))
    except InputError as error:
        problems.append(Problem("move-reason", _("Reason"), str(error)))
    if problems or school is None or receiver is None:
        return await _move_page(request, case, values, problems)
    try:
        await hand_over_to_organisation(
            plugins_of(request),
            case,
            organisation_id=school["id"],
            receiver_id=receiver,
            stage_key=COORDINATOR_STAGE.key,
            reason=reason,
            user=user,
        )
    except ValueError as refused:
        return await _move_page(request, case, values, [Problem("", "", str(refused))])
    await record(request, "school.case.moved", object_type="case", object_id=case_id)
    return Redirect(f"/cases/{case_id}", status_code=303)


ROUTES = [move_form, move_to_school]
