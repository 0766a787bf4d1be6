"""Competence centre requests: a municipality's case manager asks the county's competence
centre for help on a case (what is needed, by when); the centre's specialist accepts it, joins
the case as a participant, schedules and records the help given.

The child's data goes to the centre only when `may_share` allows it for `PURPOSE` (the
guardians' consent, or an override on a legal basis); otherwise the request is refused with a
message. Until a specialist accepts, the centre's list shows no child: the municipality, what is
needed, by when and the child's age. The county coordinator sees counts and ages only."""

from __future__ import annotations

from datetime import date
from typing import Any

from litestar import Response, get, post
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.params import FromPath
from litestar.response import Redirect, Template

from core.api import (
    AUTHENTICATED,
    CREATES,
    MANAGE_CASES,
    AnyRequest,
    CurrentUser,
    InputError,
    Membership,
    Municipality,
    Recipient,
    add_case_participant,
    bounded_text,
    case_or_404,
    form_page,
    id_or_none,
    may_share,
    parse_date,
    record,
    translated,
    user_of,
)
from core.api import gettext as _
from plugins.county.competence.queries import STATUSES
from plugins.county.competence.tables import HelpRequest, HelpStatus
from plugins.county.roles import COMPETENCE_SPECIALIST, COORDINATE, HELP_CASES

PURPOSE = "county.competence_help"
DATA_SCOPE = "social"
TEXT = 20_000
ASK = {"permission": AUTHENTICATED}
HELP = {"permission": HELP_CASES}


async def centre() -> int | None:
    """The competence centre: the organisation of the first competence specialist's role."""
    row = (
        await Membership.select(Membership.organisation)
        .where(Membership.role == COMPETENCE_SPECIALIST)
        .order_by(Membership.id)
        .first()
    )
    return row["organisation"] if row else None


def _age(born: date | None, today: date) -> int | None:
    if born is None:
        return None
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


async def _may_share(case: dict[str, Any], centre_id: int) -> bool:
    decision = await may_share(
        case["child"],
        DATA_SCOPE,
        case["owner_organisation"],
        Recipient(organisation_id=centre_id),
        PURPOSE,
        date.today(),
    )
    return decision.allowed


async def _case(request: AnyRequest) -> dict[str, Any]:
    """The case asked about: 404 (audited) unless the user sees it, as for any case; then 403
    unless the user manages cases (only a case manager asks the centre)."""
    case_id = id_or_none(request.query_params.get("case", ""))
    if case_id is None:
        raise NotFoundException()
    case = await case_or_404(request, case_id, "county.competence_asked")
    if not user_of(request).can(MANAGE_CASES):
        raise PermissionDeniedException()
    return case


async def ask_page(
    request: AnyRequest,
    case: dict[str, Any],
    errors: list[str] | None = None,
    values: dict[str, str] | None = None,
) -> Template:
    return form_page(
        request,
        "county/competence/ask.html",
        {"case": case, "values": values or {}},
        errors,
    )


@get("/competence/new", opt=ASK)
async def ask(request: AnyRequest) -> Template:
    case = await _case(request)
    return await ask_page(request, case)


@post("/competence", opt={**ASK, CREATES: True})
async def send(request: AnyRequest) -> Response[Any]:
    case = await _case(request)
    form = await request.form()
    values = {key: str(value) for key, value in form.items() if not key.startswith("_")}
    errors: list[str] = []
    need = ""
    needed_by = None
    try:
        need = bounded_text(values.get("need", ""), TEXT, multiline=True)
    except InputError as problem:
        errors.append(str(problem))
    if not need and not errors:
        errors.append(_("Write what help is needed."))
    if values.get("needed_by", "").strip():
        try:
            needed_by = parse_date(values["needed_by"])
        except InputError as problem:
            errors.append(str(problem))
    centre_id = await centre()
    if centre_id is None:
        errors.append(_("The county's competence centre has no specialist in heaolu yet."))
    elif not errors and not await _may_share(case, centre_id):
        errors.append(
            _(
                "The child's data may not go to the competence centre: no guardian with custody "
                "has consented to sharing it for the centre's help, and no override allows it. "
                "Ask for the consent first."
            )
        )
    if errors or centre_id is None:
        return await ask_page(request, case, errors, values)
    user = user_of(request)
    [added] = await HelpRequest.insert(
        HelpRequest(
            case=case["id"],
            municipality=case["municipality"],
            centre=centre_id,
            asked_by=user.id,
            need=need,
            needed_by=needed_by,
            child_age=_age(case["child.date_of_birth"], date.today()),
        )
    ).returning(HelpRequest.id)
    await record(
        request,
        "county.competence_asked",
        object_type="county_help_request",
        object_id=added["id"],
        purpose=PURPOSE,
    )
    return Redirect(f"/cases/{case['id']}", status_code=303)


async def _listed(user: CurrentUser) -> list[dict[str, Any]]:
    town: Any = HelpRequest.municipality
    query = HelpRequest.select(*HelpRequest.all_columns(), town.name.as_alias("municipality_name"))
    if user.can(HELP_CASES):
        return list(await query.order_by(HelpRequest.asked_at, ascending=False))
    if user.can(MANAGE_CASES) and user.municipality_id is not None:
        return list(
            await query.where(HelpRequest.municipality == user.municipality_id).order_by(
                HelpRequest.asked_at, ascending=False
            )
        )
    return []


async def requests_page(
    request: AnyRequest, errors: list[str] | None = None, values: dict[str, str] | None = None
) -> Template:
    user = user_of(request)
    coordinator = user.can(COORDINATE)
    if not (coordinator or user.can(HELP_CASES) or user.can(MANAGE_CASES)):
        raise NotFoundException()
    ages: dict[str, int] = {}
    if coordinator:
        for row in await HelpRequest.select(HelpRequest.child_age, HelpRequest.municipality):
            label = _("age unknown") if row["child_age"] is None else str(row["child_age"])
            ages[label] = ages.get(label, 0) + 1
    counts = {
        row["name"]: 0
        for row in await Municipality.select(Municipality.name).order_by(Municipality.name)
    }
    if coordinator:
        town: Any = HelpRequest.municipality
        for row in await HelpRequest.select(town.name.as_alias("name")):
            counts[row["name"]] = counts.get(row["name"], 0) + 1
    return form_page(
        request,
        "county/competence/requests.html",
        {
            "requests": await _listed(user),
            "statuses": translated(STATUSES),
            "coordinator": coordinator,
            "ages": sorted(ages.items()),
            "counts": counts,
            "helper": user.can(HELP_CASES),
            "me": user.id,
            "values": values or {},
        },
        errors,
    )


@get("/competence", opt={"permission": AUTHENTICATED})
async def requests(request: AnyRequest) -> Template:
    return await requests_page(request)


async def _request(request_id: int) -> dict[str, Any]:
    row: dict[str, Any] | None = (
        await HelpRequest.select().where(HelpRequest.id == request_id).first()
    )
    if row is None:
        raise NotFoundException()
    return row


@post("/competence/{request_id:int}/accept", opt=HELP)
async def accept(request: AnyRequest, request_id: FromPath[int]) -> Response[Any]:
    """The centre's specialist accepts and joins the case, if the consent still allows it."""
    found = await _request(request_id)
    if found["status"] != HelpStatus.open.value:
        return await requests_page(request, [_("The request has already been accepted.")])
    case: Any = HelpRequest.case
    row = (
        await HelpRequest.select(
            case.child.as_alias("child"), case.owner_organisation.as_alias("owner_organisation")
        )
        .where(HelpRequest.id == request_id)
        .first()
    )
    if row is None or not await _may_share(row, found["centre"]):
        return await requests_page(
            request,
            [_("The consent no longer allows the child's data to go to the competence centre.")],
        )
    user = user_of(request)
    await add_case_participant(found["case"], user.id, _("Competence centre's help"), user)
    await HelpRequest.update(
        {HelpRequest.status: HelpStatus.accepted.value, HelpRequest.specialist: user.id}
    ).where(HelpRequest.id == request_id)
    await record(
        request,
        "county.competence_accepted",
        object_type="county_help_request",
        object_id=request_id,
        purpose=PURPOSE,
    )
    return Redirect("/county/competence", status_code=303)


@post("/competence/{request_id:int}/help", opt=HELP)
async def record_help(request: AnyRequest, request_id: FromPath[int]) -> Response[Any]:
    """The accepting specialist schedules the help and records what was given."""
    found = await _request(request_id)
    user = user_of(request)
    if found["specialist"] != user.id:
        raise NotFoundException()
    form = await request.form()
    values = {key: str(value) for key, value in form.items() if not key.startswith("_")}
    errors: list[str] = []
    scheduled_on = found["scheduled_on"]
    given = ""
    try:
        if values.get("scheduled_on", "").strip():
            scheduled_on = parse_date(values["scheduled_on"])
        given = bounded_text(values.get("help_given", ""), TEXT, multiline=True)
    except InputError as problem:
        errors.append(str(problem))
    if not errors and scheduled_on is None and not given:
        errors.append(_("Write when the help is scheduled or what help was given."))
    if errors:
        return await requests_page(request, errors, values)
    await HelpRequest.update(
        {
            HelpRequest.scheduled_on: scheduled_on,
            HelpRequest.help_given: given,
            HelpRequest.status: (HelpStatus.done if given else HelpStatus.accepted).value,
        }
    ).where(HelpRequest.id == request_id)
    await record(
        request,
        "county.competence_helped",
        object_type="county_help_request",
        object_id=request_id,
        purpose=PURPOSE,
    )
    return Redirect("/county/competence", status_code=303)


ROUTES = (ask, send, requests, accept, record_help)
