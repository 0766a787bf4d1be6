"""Child protection hands a case back to the municipality's case management.

Core's escalation takes a case from any stage to child protection, and core lets child
protection only close it there (a workflow cannot name core's stage as a transition's source).
For cases of the case manager's workflow, the child protection specialist responsible for the
case hands it back here: to one of the workflow's stages and to a case manager, through core's
handover, which the case manager accepts (or declines) as any other.
"""

from __future__ import annotations

from typing import Any

from litestar import Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_400_BAD_REQUEST

from core.access import case_or_404
from core.audit.log import record
from core.auth.permissions import AUTHENTICATED
from core.cases import engine
from core.cases.tables import CaseStatus
from core.cases.workflows import CHILD_PROTECTION_STAGE
from core.cases.working import AnyRequest, user_of
from core.i18n import gettext as _
from core.pages import page, plugins_of
from core.parsing import id_or_none
from core.registry import Stage
from plugins.municipality.casework.workflow import CASE_MANAGEMENT

WRITE = {"permission": AUTHENTICATED}
FORM = {"permission": AUTHENTICATED}
TEXT_LIMIT = 5_000


async def _returnable(request: AnyRequest, case_id: int, action: str) -> dict[str, Any]:
    case = await case_or_404(request, case_id, action)
    if (
        case["workflow"] != CASE_MANAGEMENT.key
        or case["stage"] != CHILD_PROTECTION_STAGE.key
        or case["status"] != CaseStatus.open.value
        or case["responsible"] != user_of(request).id
    ):
        raise NotFoundException()
    return case


async def _receivers(request: AnyRequest, case: dict[str, Any], stage: Stage) -> list[Any]:
    user = user_of(request)
    return [
        r
        for r in await engine.receivers_for(plugins_of(request), case, stage)
        if r.user_id != user.id
    ]


async def _form_page(
    request: AnyRequest,
    case: dict[str, Any],
    values: dict[str, str],
    errors: list[str] | None = None,
) -> Template:
    return page(
        request,
        "municipality/casework/return.html",
        {
            "case": case,
            "stages": CASE_MANAGEMENT.stages,
            "receivers": await _receivers(request, case, CASE_MANAGEMENT.stages[0]),
            "values": values,
            "errors": errors or [],
        },
        status_code=HTTP_400_BAD_REQUEST if errors else 200,
    )


@get("/cases/{case_id:int}/return", opt=FORM)
async def return_form(request: AnyRequest, case_id: FromPath[int]) -> Template:
    case = await _returnable(request, case_id, "case.viewed")
    await record(request, "case.viewed", object_type="case", object_id=case_id)
    return await _form_page(request, case, {"stage": "plan", "receiver": "", "reason": ""})


@post("/cases/{case_id:int}/return", opt=WRITE)
async def hand_back(request: AnyRequest, case_id: FromPath[int]) -> Response[Any]:
    case = await _returnable(request, case_id, "case.updated")
    form = await request.form()
    values = {key: str(form.get(key, "")).strip() for key in ("stage", "receiver", "reason")}
    errors = []
    stage = CASE_MANAGEMENT.stage(values["stage"])
    if stage is None:
        errors.append(_("Choose the stage the case returns to."))
    receivers = {
        r.user_id for r in await _receivers(request, case, stage or CASE_MANAGEMENT.stages[0])
    }
    if id_or_none(values["receiver"]) not in receivers:
        errors.append(_("Choose who takes the case over."))
    if not values["reason"] or len(values["reason"]) > TEXT_LIMIT:
        errors.append(_("Say why the case returns to case management."))
    if await engine.pending_handover(case_id) is not None:
        errors.append(_("A handover of this case is waiting for acceptance."))
    if errors:
        return await _form_page(request, case, values, errors)
    assert stage is not None
    if str(form.get("version", "")) != str(case["version"]):
        return await _form_page(
            request,
            case,
            values,
            [_("The case changed while you were writing; check it and save again.")],
        )
    try:
        await engine.hand_over(
            case, user_of(request), int(values["receiver"]), stage, values["reason"]
        )
    except engine.CaseConflict:
        return await _form_page(
            request,
            case,
            values,
            [_("The case changed while you were writing; check it and save again.")],
        )
    await record(request, "case.updated", object_type="case", object_id=case_id)
    return Redirect(f"/cases/{case_id}", status_code=303)


ROUTES = (return_form, hand_back)
