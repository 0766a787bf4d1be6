"""Moving a case on: concern level, workflow steps, handovers, escalation, participants.

A step the user's role may not take, a missing form or a plugin's objection is shown on the
step's page, all problems together; nothing is written until every check passes. Passing a
case to someone else is a pending handover; the receiver accepts it or declines with a reason.
"""

from __future__ import annotations

from typing import Any

from litestar import Response, get, post
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.params import FromPath
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_400_BAD_REQUEST, HTTP_409_CONFLICT

from core.access import EntryView, case_or_404, entry_author_sector, entry_visibility
from core.audit.log import record
from core.auth.current import CurrentUser
from core.auth.permissions import AUTHENTICATED
from core.auth.submissions import CREATES
from core.cases import engine
from core.cases.guards import open_case_worked_on
from core.cases.labels import CONCERNS
from core.cases.outcome import outcome_from_forms
from core.cases.participants import add_contact_participant
from core.cases.tables import (
    CaseEntry,
    CaseStatus,
    EntryKind,
    Handover,
    HandoverStatus,
)
from core.cases.workflows import CHILD_PROTECTION_STAGE, stage_of, workflow_of
from core.cases.working import AnyRequest, record_conflict, require_worker, user_of
from core.conflicts import Conflict, ConflictRow, conflict_page
from core.consent.registry import CROSS_SECTOR_CASE_WORK, LEGAL_BASES, LEGAL_BASIS_LABELS
from core.forms.submissions import submissions_of_case
from core.i18n import gettext as _
from core.pages import form_page, page, plugins_of
from core.parsing import id_or_none
from core.people.tables import ContactPerson
from core.registry import Transition

WRITE = {"permission": AUTHENTICATED}
FORM = {"permission": AUTHENTICATED}
TEXT_LIMIT = 5_000


async def _conflict_page(
    request: AnyRequest, case: dict[str, Any], values: dict[str, str] | None = None
) -> Template:
    """Someone saved the case first: nothing was saved; what the user typed is shown."""
    await record_conflict(request, case["id"])
    return page(
        request,
        "cases/case_conflict.html",
        {"case": case, "values": values or {}},
        status_code=HTTP_409_CONFLICT,
    )


async def submitted_form_keys(case_id: int) -> set[str]:
    return {submission.form_key for submission in await submissions_of_case(case_id)}


def _reason(form: Any, field: str = "reason") -> str:
    return str(form.get(field, "")).strip()[:TEXT_LIMIT]


# --- Concern level ------------------------------------------------------------------------------


async def _concern_conflict(
    request: AnyRequest, case_id: int, user: CurrentUser, typed: dict[str, str]
) -> Template:
    """The saved concern level (with the reason of its last change, as far as the user may
    read that entry) beside the one the user chose, and the form again."""
    saved = await case_or_404(request, case_id, "case.updated")
    await record_conflict(request, case_id)
    change = (
        await CaseEntry.select(
            *CaseEntry.all_columns(),
            CaseEntry.author.full_name.as_alias("author_name"),
            entry_author_sector(),
        )
        .where((CaseEntry.case == case_id) & (CaseEntry.kind == EntryKind.concern_change.value))
        .order_by(CaseEntry.id, ascending=False)
        .first()
    )
    readable = change is not None and (
        (await entry_visibility(user, saved, [change])).view(change) is EntryView.full
    )
    now, wanted = CONCERNS[saved["concern"]], CONCERNS.get(typed["concern"])
    return conflict_page(
        request,
        Conflict(
            title=_("Concern level"),
            rows=[
                ConflictRow(_("Concern level"), _(now), _(wanted) if wanted else ""),
                ConflictRow(
                    _("Reason"), change["body"] if change and readable else "", typed["reason"]
                ),
            ],
            action=f"/cases/{case_id}/concern",
            form_template="cases/_concern_fields.html",
            form_context={"values": typed, "version": saved["version"], "concerns": CONCERNS},
            saved_by=change["author_name"] if change and readable else "",
            saved_at=change["created_at"] if change and readable else None,
            back=f"/cases/{case_id}",
        ),
    )


@post("/cases/{case_id:int}/concern", opt={**WRITE, CREATES: True})
async def change_concern(request: AnyRequest, case_id: FromPath[int]) -> Response[Any]:
    case = await case_or_404(request, case_id, "case.updated")
    user = await require_worker(request, case)
    form = await request.form()
    level, reason = str(form.get("concern", "")), _reason(form)
    typed = {"concern": level, "reason": reason}
    errors = []
    if level not in CONCERNS:
        errors.append(_("Choose a concern level."))
    if not reason:
        errors.append(_("Say why the concern level changes."))
    if case["status"] != CaseStatus.open.value:
        errors.append(_("The case is closed."))
    if errors:
        return page(
            request,
            "cases/concern.html",
            {"case": case, "errors": errors, "values": dict(form), "concerns": CONCERNS},
            status_code=HTTP_400_BAD_REQUEST,
        )
    if str(form.get("version", "")) != str(case["version"]):
        return await _concern_conflict(request, case_id, user, typed)
    if level != case["concern"]:
        previous = CONCERNS[case["concern"]]
        before = _(previous)
        try:
            await engine.bump(case, concern=level)
        except engine.CaseConflict:
            return await _concern_conflict(request, case_id, user, typed)
        body = _("Concern level changed from {before} to {after}.").format(
            before=before, after=_(CONCERNS[level])
        )
        await engine.add_entry(case_id, EntryKind.concern_change, f"{body}\n{reason}", user)
        await record(request, "case.updated", object_type="case", object_id=case_id)
    return Redirect(f"/cases/{case_id}", status_code=303)


# --- Workflow steps ------------------------------------------------------------------------------


async def _step(
    request: AnyRequest, case_id: int, key: str
) -> tuple[dict[str, Any], Transition, CurrentUser]:
    case = await case_or_404(request, case_id, "case.updated")
    user = await require_worker(request, case)
    transition = await engine.find_transition(plugins_of(request), case, key)
    if transition is None:
        raise NotFoundException()
    return case, transition, user


async def _step_page(
    request: AnyRequest,
    case: dict[str, Any],
    transition: Transition,
    user: CurrentUser,
    problems: list[str],
    values: dict[str, str],
    status_code: int = 200,
) -> Template:
    plugins = plugins_of(request)
    workflow = workflow_of(plugins, case["workflow"])
    target = stage_of(workflow, transition.target) if transition.target else None
    needs_receiver = target is not None and not engine.holds_role(
        user, await engine.stage_roles(plugins, case, target)
    )
    receivers = (
        await engine.receivers_for(plugins, case, target) if target and needs_receiver else []
    )
    return page(
        request,
        "cases/step.html",
        {
            "case": case,
            "transition": transition,
            "target": target,
            "problems": problems,
            "values": values,
            "needs_receiver": needs_receiver,
            "outcome_in_forms": target is None and bool(transition.forms),
            "receivers": receivers,
            "missing_forms": [
                (key, plugins.forms[key].title)
                for key in transition.forms
                if key in plugins.forms and key not in await submitted_form_keys(case["id"])
            ],
        },
        status_code=status_code,
    )


@get("/cases/{case_id:int}/steps/{key:str}", opt=FORM)
async def step_form(request: AnyRequest, case_id: FromPath[int], key: FromPath[str]) -> Template:
    case, transition, user = await _step(request, case_id, key)
    await record(request, "case.viewed", object_type="case", object_id=case_id)
    problems = await engine.transition_problems(
        plugins_of(request), case, transition, user, await submitted_form_keys(case_id)
    )
    if await engine.pending_handover(case_id) is not None:
        problems.append(_("A handover of this case is waiting for acceptance."))
    return await _step_page(
        request, case, transition, user, problems, {"reason": "", "receiver": ""}
    )


@post("/cases/{case_id:int}/steps/{key:str}", opt=WRITE)
async def take_step(
    request: AnyRequest, case_id: FromPath[int], key: FromPath[str]
) -> Response[Any]:
    case, transition, user = await _step(request, case_id, key)
    plugins = plugins_of(request)
    form = await request.form()
    values = {"reason": _reason(form), "receiver": str(form.get("receiver", ""))}
    problems = await engine.transition_problems(
        plugins, case, transition, user, await submitted_form_keys(case_id)
    )
    if await engine.pending_handover(case_id) is not None:
        problems.append(_("A handover of this case is waiting for acceptance."))
    workflow = workflow_of(plugins, case["workflow"])
    target = stage_of(workflow, transition.target) if transition.target else None
    receiver: int | None = None
    if target is not None and not engine.holds_role(
        user, await engine.stage_roles(plugins, case, target)
    ):
        allowed = {r.user_id for r in await engine.receivers_for(plugins, case, target)}
        if id_or_none(values["receiver"]) not in allowed:
            problems.append(_("Choose who takes the case over."))
        else:
            receiver = int(values["receiver"])
    if target is None and not values["reason"] and not transition.forms:
        problems.append(_("Write the outcome of the case."))
    if str(form.get("version", "")) != str(case["version"]):
        return await _conflict_page(request, case, values)
    if problems:
        return await _step_page(
            request, case, transition, user, problems, values, HTTP_400_BAD_REQUEST
        )
    try:
        if target is None:
            from_forms = await outcome_from_forms(case_id, transition)
            outcome = "\n".join(part for part in (from_forms, values["reason"]) if part)
            await engine.close_case(case, user, outcome)
            await engine.after_transition(plugins, case, transition, user)
        elif receiver is not None:
            await engine.hand_over(
                case, user, receiver, target, values["reason"], transition=transition.key
            )
        else:
            await engine.move_to_stage(plugins, case, target, user, values["reason"])
            await engine.after_transition(plugins, case, transition, user)
    except engine.CaseConflict:
        return await _conflict_page(request, case, values)
    await record(request, "case.updated", object_type="case", object_id=case_id)
    return Redirect(f"/cases/{case_id}", status_code=303)


# --- Handovers ---------------------------------------------------------------------------------


async def _handover_form_page(
    request: AnyRequest,
    case: dict[str, Any],
    values: dict[str, str],
    errors: list[str] | None = None,
) -> Template:
    workflow = workflow_of(plugins_of(request), case["workflow"])
    stage = stage_of(workflow, case["stage"])
    receivers = [
        r
        for r in await engine.receivers_for(plugins_of(request), case, stage)
        if r.user_id != case["responsible"]
    ]
    return form_page(
        request,
        "cases/handover.html",
        {"case": case, "receivers": receivers, "values": values},
        errors,
    )


async def _responsible_case(request: AnyRequest, case_id: int) -> dict[str, Any]:
    case = await case_or_404(request, case_id, "case.updated")
    if case["responsible"] != user_of(request).id or case["status"] != CaseStatus.open.value:
        raise PermissionDeniedException()
    return case


@get("/cases/{case_id:int}/handover", opt=FORM)
async def handover_form(request: AnyRequest, case_id: FromPath[int]) -> Template:
    case = await _responsible_case(request, case_id)
    await record(request, "case.viewed", object_type="case", object_id=case_id)
    return await _handover_form_page(request, case, {"reason": "", "receiver": ""})


@post("/cases/{case_id:int}/handover", opt={**WRITE, CREATES: True})
async def hand_over(request: AnyRequest, case_id: FromPath[int]) -> Response[Any]:
    """Pass the case to another person at the same stage."""
    case = await _responsible_case(request, case_id)
    user = user_of(request)
    form = await request.form()
    values = {"reason": _reason(form), "receiver": str(form.get("receiver", ""))}
    workflow = workflow_of(plugins_of(request), case["workflow"])
    stage = stage_of(workflow, case["stage"])
    allowed = {r.user_id for r in await engine.receivers_for(plugins_of(request), case, stage)} - {
        user.id
    }
    errors = []
    if id_or_none(values["receiver"]) not in allowed:
        errors.append(_("Choose who takes the case over."))
    if await engine.pending_handover(case_id) is not None:
        errors.append(_("A handover of this case is waiting for acceptance."))
    if errors:
        return await _handover_form_page(request, case, values, errors)
    if str(form.get("version", "")) != str(case["version"]):
        return await _conflict_page(request, case, values)
    try:
        await engine.hand_over(case, user, int(values["receiver"]), stage, values["reason"])
    except engine.CaseConflict:
        return await _conflict_page(request, case, values)
    await record(request, "case.updated", object_type="case", object_id=case_id)
    return Redirect(f"/cases/{case_id}", status_code=303)


async def _handover_for_receiver(
    request: AnyRequest, handover_id: int
) -> tuple[dict[str, Any], dict[str, Any]]:
    handover = await Handover.select().where(Handover.id == handover_id).first()
    user = user_of(request)
    if handover is None or handover["receiver"] != user.id:
        raise NotFoundException()
    case = await case_or_404(request, handover["case"], "case.updated")
    if handover["status"] != HandoverStatus.pending.value:
        raise NotFoundException()
    return handover, case


@post("/handovers/{handover_id:int}/accept", opt=WRITE)
async def accept(request: AnyRequest, handover_id: FromPath[int]) -> Response[Any]:
    handover, case = await _handover_for_receiver(request, handover_id)
    try:
        await engine.accept_handover(plugins_of(request), case, handover, user_of(request))
    except engine.CaseConflict:
        return await _conflict_page(request, case)
    if handover["to_organisation"] is None:
        await record(request, "case.updated", object_type="case", object_id=case["id"])
    else:
        # The case, and its entries as far as consent allows, now go to the receiving
        # organisation.
        await record(
            request,
            "case.moved",
            object_type="case",
            object_id=case["id"],
            purpose=CROSS_SECTOR_CASE_WORK,
        )
    return Redirect(f"/cases/{case['id']}", status_code=303)


@get("/handovers/{handover_id:int}/decline", opt=FORM)
async def decline_form(request: AnyRequest, handover_id: FromPath[int]) -> Template:
    handover, case = await _handover_for_receiver(request, handover_id)
    await record(request, "case.viewed", object_type="case", object_id=case["id"])
    return page(
        request,
        "cases/decline.html",
        {"case": case, "handover": handover, "values": {"reason": ""}},
    )


@post("/handovers/{handover_id:int}/decline", opt=WRITE)
async def decline(request: AnyRequest, handover_id: FromPath[int]) -> Response[Any]:
    handover, case = await _handover_for_receiver(request, handover_id)
    form = await request.form()
    reason = _reason(form)
    if not reason:
        return page(
            request,
            "cases/decline.html",
            {
                "case": case,
                "handover": handover,
                "values": {"reason": reason},
                "errors": [_("Say why you decline, so the sender knows what to do.")],
            },
            status_code=HTTP_400_BAD_REQUEST,
        )
    try:
        await engine.decline_handover(case, handover, user_of(request), reason)
    except engine.CaseConflict:
        return await _conflict_page(request, case, {"reason": reason})
    await record(request, "case.updated", object_type="case", object_id=case["id"])
    return Redirect("/", status_code=303)


# --- Escalation to child protection --------------------------------------------------------------


async def _escalation_page(
    request: AnyRequest,
    case: dict[str, Any],
    values: dict[str, str],
    errors: list[str] | None = None,
) -> Template:
    return form_page(
        request,
        "cases/escalate.html",
        {
            "case": case,
            "receivers": await engine.receivers_for(
                plugins_of(request), case, CHILD_PROTECTION_STAGE
            ),
            "legal_bases": [(key, _(label)) for key, label in LEGAL_BASES],
            "values": values,
        },
        errors,
    )


async def _escalable(request: AnyRequest, case_id: int) -> tuple[dict[str, Any], CurrentUser]:
    case, user = await open_case_worked_on(request, case_id)
    if case["stage"] == CHILD_PROTECTION_STAGE.key:
        raise NotFoundException()
    return case, user


@get("/cases/{case_id:int}/escalate", opt=FORM)
async def escalation_form(request: AnyRequest, case_id: FromPath[int]) -> Template:
    case, _user = await _escalable(request, case_id)
    await record(request, "case.viewed", object_type="case", object_id=case_id)
    return await _escalation_page(request, case, {"reason": "", "receiver": "", "legal_basis": ""})


@post("/cases/{case_id:int}/escalate", opt={**WRITE, CREATES: True})
async def escalate(request: AnyRequest, case_id: FromPath[int]) -> Response[Any]:
    case, user = await _escalable(request, case_id)
    form = await request.form()
    values = {
        "reason": _reason(form),
        "receiver": str(form.get("receiver", "")),
        "legal_basis": str(form.get("legal_basis", "")),
    }
    receivers = {
        r.user_id
        for r in await engine.receivers_for(plugins_of(request), case, CHILD_PROTECTION_STAGE)
    }
    errors = []
    if not values["reason"]:
        errors.append(_("Say why the case goes to child protection."))
    if values["legal_basis"] not in LEGAL_BASIS_LABELS:
        errors.append(_("Choose the legal basis."))
    if not receivers:
        errors.append(
            _("The child's municipality has no child protection specialist in heaolu; call them.")
        )
    elif id_or_none(values["receiver"]) not in receivers:
        errors.append(_("Choose the child protection specialist."))
    if await engine.pending_handover(case_id) is not None:
        errors.append(_("A handover of this case is waiting for acceptance."))
    if errors:
        return await _escalation_page(request, case, values, errors)
    if str(form.get("version", "")) != str(case["version"]):
        return await _conflict_page(request, case, values)
    try:
        await engine.escalate(
            case, user, int(values["receiver"]), values["reason"], values["legal_basis"]
        )
    except engine.CaseConflict:
        return await _conflict_page(request, case, values)
    await record(
        request,
        "case.shared",
        object_type="case",
        object_id=case_id,
        purpose=values["legal_basis"],
    )
    return Redirect(f"/cases/{case_id}", status_code=303)


# --- Participants --------------------------------------------------------------------------------


@post("/cases/{case_id:int}/participants", opt={**WRITE, CREATES: True})
async def add_participant(request: AnyRequest, case_id: FromPath[int]) -> Response[Any]:
    """Add a person from the contact directory; if the contact has an account (same e-mail),
    they can open the case, else they are listed only."""
    case = await case_or_404(request, case_id, "case.updated")
    user = await require_worker(request, case)
    form = await request.form()
    contact_value = str(form.get("contact", ""))
    contact = (
        await ContactPerson.select().where(ContactPerson.id == int(contact_value)).first()
        if id_or_none(contact_value) is not None
        else None
    )
    if contact is None or case["status"] != CaseStatus.open.value:
        raise NotFoundException()
    if await add_contact_participant(case_id, contact, _reason(form, "task"), user):
        await record(request, "case.updated", object_type="case", object_id=case_id)
    return Redirect(f"/cases/{case_id}#participants", status_code=303)


ROUTES = (
    change_concern,
    step_form,
    take_step,
    handover_form,
    hand_over,
    accept,
    decline_form,
    decline,
    escalation_form,
    escalate,
    add_participant,
)
