"""A child moves to another kindergarten (also in another municipality): the coordinator hands
the case over to the receiving kindergarten's support-services coordinator with core's
`hand_over_to_organisation`. Until they accept, the case stays here; accepting makes their
kindergarten the owner at stage II with them responsible. What they then read of the earlier
entries and forms is decided by core's sharing rules, entry by entry (only as far as consent
allows).
"""

from __future__ import annotations

from typing import Any

from litestar import Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template

from core.api import (
    CREATES,
    AnyRequest,
    CaseView,
    CurrentUser,
    InputError,
    Organisation,
    Panel,
    bounded_text,
    form_page,
    hand_over_to_organisation,
    id_or_none,
    open_case_worked_on,
    organisation_receivers,
    plugins_of,
    record,
    user_of,
)
from core.api import gettext as _
from plugins.kindergarten.common import KINDERGARTEN, problems
from plugins.kindergarten.roles import COORDINATOR, MANAGE_TRANSITIONS
from plugins.kindergarten.workflow import STAGE_I, STAGE_II, WORKFLOW_KEY

MOVABLE_STAGES = frozenset({STAGE_I.key, STAGE_II.key})
COORDINATORS = frozenset({COORDINATOR})
REASON_LENGTH = 2000
ACTION = "kindergarten.case.moved"


def movable(user: CurrentUser, case: CaseView) -> bool:
    """Whether the user may hand the case to another kindergarten: their kindergarten's open
    case of this workflow at stage I or II, and they keep the transitions."""
    membership = user.membership
    return (
        user.can(MANAGE_TRANSITIONS)
        and membership is not None
        and case.is_open
        and case.workflow.key == WORKFLOW_KEY
        and case.stage.key in MOVABLE_STAGES
        and case.owner_organisation_id == membership.organisation_id
    )


async def case_panels(user: CurrentUser, case: CaseView) -> list[Panel]:
    if not movable(user, case):
        return []
    return [
        Panel(
            _("The child moves to another kindergarten"),
            "kindergarten/_move_panel.html",
            {"case_id": case.id},
            80,
        )
    ]


async def kindergartens(except_id: int) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = (
        await Organisation.select(
            Organisation.id,
            Organisation.name,
            Organisation.municipality.name.as_alias("municipality"),
        )
        .where((Organisation.kind == KINDERGARTEN) & (Organisation.id != except_id))
        .order_by(Organisation.municipality.name, Organisation.name)
    )
    return rows


async def _case(request: AnyRequest, case_id: int) -> dict[str, Any]:
    case, user = await open_case_worked_on(request, case_id, ACTION)
    membership = user.membership
    if (
        membership is None
        or case["workflow"] != WORKFLOW_KEY
        or case["stage"] not in MOVABLE_STAGES
        or case["owner_organisation"] != membership.organisation_id
    ):
        raise NotFoundException()
    return case


async def _move_page(
    request: AnyRequest,
    case: dict[str, Any],
    values: dict[str, str],
    errors: dict[str, str] | None = None,
) -> Template:
    options = await kindergartens(case["owner_organisation"])
    chosen_id = id_or_none(values.get("kindergarten", ""))
    chosen = next((row for row in options if row["id"] == chosen_id), None)
    receivers = await organisation_receivers(chosen["id"], COORDINATORS) if chosen else []
    labels = {
        "kindergarten": _("Kindergarten"),
        "receiver": _("Support-services coordinator there"),
        "reason": _("Reason"),
    }
    return form_page(
        request,
        "kindergarten/move_case.html",
        {
            "case": case,
            "kindergartens": options,
            "chosen": chosen,
            "receivers": receivers,
            "values": values,
            "problems": problems(errors, labels),
        },
        errors,
    )


@get("/cases/{case_id:int}/move", opt={"permission": MANAGE_TRANSITIONS})
async def move_form(request: AnyRequest, case_id: FromPath[int]) -> Template:
    case = await _case(request, case_id)
    values = {
        "kindergarten": request.query_params.get("kindergarten", ""),
        "receiver": "",
        "reason": "",
    }
    return await _move_page(request, case, values)


@post("/cases/{case_id:int}/move", opt={"permission": MANAGE_TRANSITIONS, CREATES: True})
async def move_case(request: AnyRequest, case_id: FromPath[int]) -> Response[Any]:
    case = await _case(request, case_id)
    form = await request.form()
    values = {key: str(form.get(key, "")) for key in ("kindergarten", "receiver", "reason")}
    errors: dict[str, str] = {}
    options = {row["id"] for row in await kindergartens(case["owner_organisation"])}
    kindergarten = id_or_none(values["kindergarten"])
    receiver: int | None = None
    if kindergarten is None or kindergarten not in options:
        errors["kindergarten"] = _("Choose a kindergarten from the list.")
    else:
        receivers = dict(await organisation_receivers(kindergarten, COORDINATORS))
        receiver = id_or_none(values["receiver"])
        if receiver is None or receiver not in receivers:
            errors["receiver"] = _("Choose the coordinator from the list.")
    reason = ""
    try:
        reason = bounded_text(values["reason"], REASON_LENGTH, multiline=True)
        if not reason:
            errors["reason"] = _("Say why the case moves.")
    except InputError as error:
        errors["reason"] = str(error)
    if errors or kindergarten is None or receiver is None:
        return await _move_page(request, case, values, errors)
    try:
        await hand_over_to_organisation(
            plugins_of(request),
            case,
            organisation_id=kindergarten,
            receiver_id=receiver,
            stage_key=STAGE_II.key,
            reason=reason,
            user=user_of(request),
        )
    except ValueError as error:
        return await _move_page(request, case, values, {"receiver": str(error)})
    await record(request, ACTION, object_type="case", object_id=case_id)
    return Redirect(f"/cases/{case_id}", status_code=303)


ROUTES = (move_form, move_case)
