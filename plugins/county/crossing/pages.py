"""The pages of a cross-municipality case (`/county/cases`, `/county/cases/{id}`): naming
another municipality with its case manager, letting that case manager join when the content may
reach them, and handing the lead to a named municipality (core's `hand_over_to_organisation`,
which its case manager accepts on core's page). Every view, change and refusal is audited."""

from __future__ import annotations

from typing import Any

from litestar import Response, get, post
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.params import FromPath
from litestar.response import Redirect, Template
from piccolo.custom_types import Combinable

from core.api import (
    CREATES,
    MANAGE_CASES,
    N_,
    RECORDS,
    AnyRequest,
    Case,
    CurrentUser,
    EntryKind,
    InputError,
    Organisation,
    Outcome,
    add_case_participant,
    add_entry,
    bounded_text,
    case_or_404,
    form_page,
    hand_over_to_organisation,
    id_or_none,
    notify,
    organisation_receivers,
    page,
    plugins_of,
    record,
    stage_of,
    stage_roles,
    user_of,
    visible_cases,
    workflow_of,
)
from core.api import gettext as _
from plugins.county.crossing.reading import (
    case_managers,
    case_managers_in,
    case_row,
    content_shared,
    coordinates,
    municipalities_except,
    named_here,
    named_of,
    open_at_municipality,
    organisation_of,
    others_of,
    sees_case,
)
from plugins.county.crossing.tables import Ground, NamedMunicipality

MANAGE = {"permission": MANAGE_CASES}
REASON_LIMIT = 1_000
GROUNDS = {
    Ground.learns.value: N_("The child learns there"),
    Ground.lives.value: N_("The child is registered or lives there"),
    Ground.parent.value: N_("A parent lives there"),
    Ground.led.value: N_("It led the case before handing the lead over"),
    Ground.other.value: N_("Another reason"),
}
NAMED = N_("Your municipality was named on a cross-municipality case")
LISTED = "county.crossing.listed"
VIEWED = "county.crossing.viewed"
ADDED = "county.crossing.municipality_added"
JOINED = "county.crossing.joined"
LEAD_OFFERED = "county.crossing.lead_offered"
ACTIONS = {
    LISTED: N_("Cross-municipality cases listed"),
    VIEWED: N_("Cross-municipality case viewed"),
    ADDED: N_("Municipality named on a case"),
    JOINED: N_("Named municipality's case manager joined the case"),
    LEAD_OFFERED: N_("Lead of a case offered to another municipality"),
}
NOT_SHARED = N_(
    "{municipality}'s case manager joins once a guardian's consent for cross-sector case work "
    "covers social data (or all) to {municipality} or its office, or once the data is shared "
    "on a legal basis (an override). Until then {municipality} sees only that the case exists, "
    "who leads it and why it was named."
)


def base(case_id: int) -> str:
    return f"/county/cases/{case_id}"


def _reads(user: CurrentUser) -> bool:
    return all(user.can(permission) for permission in RECORDS)


async def concerning(user: CurrentUser) -> Combinable:
    """A condition on `Case`: the cross-municipality cases the user's municipality leads that
    the user may see, and those that name it."""
    here = user.municipality_id or 0
    named = NamedMunicipality.select(NamedMunicipality.case)
    mine = NamedMunicipality.select(NamedMunicipality.case).where(
        NamedMunicipality.municipality == here
    )
    where: Combinable = (
        Case.id.is_in(named) & (Case.municipality == here) & await visible_cases(user)
    )
    if _reads(user):
        where |= Case.id.is_in(mine)
    return where


@get("/cases", opt=MANAGE)
async def cases(request: AnyRequest) -> Template:
    """The cross-municipality cases of the user's municipality: those it leads that the user
    may see, and those that name it."""
    user = user_of(request)
    rows = await Case.select(
        Case.id,
        Case.status,
        Case.municipality,
        Case.child.given_name.as_alias("given_name"),
        Case.child.family_name.as_alias("family_name"),
        Case.municipality.name.as_alias("municipality_name"),
        Case.responsible.full_name.as_alias("responsible_name"),
    ).where(await concerning(user))
    rows.sort(key=lambda row: (row["family_name"], row["given_name"], row["id"]))
    names: dict[int, list[str]] = {}
    for named_row in await named_of([row["id"] for row in rows]):
        if named_row["municipality"] != _lead_of(rows, named_row["case"]):
            names.setdefault(named_row["case"], []).append(named_row["municipality_name"])
    if rows:
        listed = ",".join(str(row["id"]) for row in rows)
        await record(request, LISTED, object_type="case", object_id=listed)
    return page(request, "county/crossing/cases.html", {"rows": rows, "names": names})


def _lead_of(rows: list[dict[str, Any]], case_id: int) -> int | None:
    return next((row["municipality"] for row in rows if row["id"] == case_id), None)


async def _visible(request: AnyRequest, case_id: int) -> tuple[dict[str, Any], bool]:
    """The case and whether the user sees the case itself (else they are a case manager of a
    municipality it names); 404, audited, for anyone else."""
    user = user_of(request)
    case = await case_row(case_id)
    whole = case is not None and await sees_case(user, case_id)
    if case is None or not (whole or (_reads(user) and await named_here(user, case_id))):
        await record(request, VIEWED, Outcome.denied, object_type="case", object_id=case_id)
        raise NotFoundException()
    return case, whole


async def _context(
    request: AnyRequest,
    case: dict[str, Any],
    whole: bool,
    values: dict[str, str] | None = None,
) -> dict[str, Any]:
    user = user_of(request)
    coordinating = whole and coordinates(user, case) and open_at_municipality(case)
    others = await others_of(case)
    context: dict[str, Any] = {
        "case": case,
        "whole": whole,
        "others": others,
        "coordinating": coordinating,
        "grounds": GROUNDS,
        "values": values or {},
        "candidates": [],
        "receivers": [],
        "problems": [],
    }
    if coordinating:
        context["candidates"] = await _candidates(request, case, others)
        context["receivers"] = await _receivers(request, case, others)
    return context


async def _candidates(
    request: AnyRequest, case: dict[str, Any], others: list[dict[str, Any]]
) -> list[tuple[str, list[dict[str, Any]]]]:
    """(municipality, its case managers) for every municipality the case does not name yet."""
    named = {row["municipality"] for row in others}
    municipalities = [
        municipality
        for municipality in await municipalities_except(case["municipality"])
        if municipality["id"] not in named
    ]
    managers = await case_managers_in(
        plugins_of(request), [municipality["id"] for municipality in municipalities]
    )
    return [
        (municipality["name"], managers[municipality["id"]])
        for municipality in municipalities
        if managers[municipality["id"]]
    ]


async def _receivers(
    request: AnyRequest, case: dict[str, Any], others: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Who may take the lead: in each named municipality, the users holding a role of the
    case's stage in an organisation its workflow serves."""
    plugins = plugins_of(request)
    workflow = workflow_of(plugins, case["workflow"])
    roles = await stage_roles(plugins, case, stage_of(workflow, case["stage"]))
    organisations = await Organisation.select(
        Organisation.id, Organisation.name, Organisation.municipality.name.as_alias("place")
    ).where(
        Organisation.municipality.is_in([row["municipality"] for row in others] or [0])
        & Organisation.kind.is_in(sorted(workflow.organisation_kinds) or [""])
    )
    found = []
    for organisation in organisations:
        for user_id, name in await organisation_receivers(organisation["id"], roles):
            found.append(
                {
                    "value": f"{user_id}-{organisation['id']}",
                    "name": name,
                    "organisation_name": organisation["name"],
                    "municipality_name": organisation["place"],
                }
            )
    return found


@get("/cases/{case_id:int}", opt=MANAGE)
async def case_page(request: AnyRequest, case_id: FromPath[int]) -> Template:
    case, whole = await _visible(request, case_id)
    await record(request, VIEWED, object_type="case", object_id=case_id)
    return page(request, "county/crossing/case.html", await _context(request, case, whole))


async def _coordinated(request: AnyRequest, case_id: int, action: str) -> dict[str, Any]:
    """The case, when the user sees it and coordinates it; 404 or 403 (audited) otherwise."""
    await case_or_404(request, case_id, action)
    case = await case_row(case_id)
    if case is None:
        raise NotFoundException()
    if not coordinates(user_of(request), case):
        await record(request, action, Outcome.denied, object_type="case", object_id=case_id)
        raise PermissionDeniedException()
    return case


async def _refused(
    request: AnyRequest,
    case: dict[str, Any],
    errors: dict[str, str],
    values: dict[str, str],
) -> Template:
    context = await _context(request, case, True, values)
    labels = {
        "case_manager": _("Case manager of the municipality"),
        "ground": _("Why the municipality is concerned"),
        "reason": _("Details"),
        "receiver": _("Who takes the lead"),
        "lead_reason": _("Why the lead moves"),
        "join": _("Joining the case"),
    }
    context["problems"] = [
        {"id": key if key != "join" else "", "label": labels[key], "message": message}
        for key, message in errors.items()
    ]
    return form_page(request, "county/crossing/case.html", context, errors)


@post("/cases/{case_id:int}/municipalities", opt={**MANAGE, CREATES: True})
async def add_municipality(request: AnyRequest, case_id: FromPath[int]) -> Response[Any]:
    case = await _coordinated(request, case_id, ADDED)
    user = user_of(request)
    form = await request.form()
    values = {key: str(form.get(key, "")) for key in ("case_manager", "ground", "reason")}
    errors: dict[str, str] = {}
    if not open_at_municipality(case):
        raise NotFoundException()
    chosen = await _chosen_manager(request, case, values["case_manager"])
    if chosen is None:
        errors["case_manager"] = _("Choose the case manager of the municipality to name.")
    if values["ground"] not in GROUNDS or values["ground"] == Ground.led.value:
        errors["ground"] = _("Choose why the municipality is concerned.")
    try:
        values["reason"] = bounded_text(values["reason"], REASON_LIMIT, multiline=True)
    except InputError as problem:
        errors["reason"] = str(problem)
    if not errors and not values["reason"]:
        errors["reason"] = _("Write what connects the child to the municipality.")
    if errors or chosen is None:
        return await _refused(request, case, errors, values)
    row = NamedMunicipality(
        case=case_id,
        municipality=chosen["municipality"],
        case_manager=chosen["user_id"],
        organisation=chosen["organisation"],
        ground=values["ground"],
        reason=values["reason"],
        added_by=user.id,
    )
    await row.save()
    await add_entry(
        case_id,
        EntryKind.note,
        _("{municipality} was named on the case: {ground}.").format(
            municipality=chosen["municipality_name"], ground=_(GROUNDS[values["ground"]])
        ),
        user,
    )
    await record(request, ADDED, object_type="case", object_id=case_id)
    named = {**row.to_dict(), "organisation": chosen["organisation"]}
    if (await content_shared(case, named)).allowed:
        await _join(request, case_id, chosen["user_id"], user)
    await notify([chosen["user_id"]], NAMED, base(case_id))
    return Redirect(base(case_id), status_code=303)


async def _chosen_manager(
    request: AnyRequest, case: dict[str, Any], value: str
) -> dict[str, Any] | None:
    """The candidate named by ``value`` (``user-organisation``) among the case managers of a
    municipality the case does not name yet."""
    user_text, _dash, organisation_text = value.partition("-")
    user_id, organisation_id = id_or_none(user_text), id_or_none(organisation_text)
    if user_id is None or organisation_id is None:
        return None
    found = (
        await Organisation.select(
            Organisation.municipality, Organisation.municipality.name.as_alias("name")
        )
        .where(Organisation.id == organisation_id)
        .first()
    )
    municipality = found["municipality"] if found else None
    if found is None or municipality is None or municipality == case["municipality"]:
        return None
    if await NamedMunicipality.exists().where(
        (NamedMunicipality.case == case["id"]) & (NamedMunicipality.municipality == municipality)
    ):
        return None
    for manager in await case_managers(plugins_of(request), municipality):
        if manager["user_id"] == user_id and manager["organisation"] == organisation_id:
            return {**manager, "municipality": municipality, "municipality_name": found["name"]}
    return None


async def _join(request: AnyRequest, case_id: int, user_id: int, by: CurrentUser) -> None:
    await add_case_participant(case_id, user_id, _("Case manager of a named municipality"), by)
    await record(request, JOINED, object_type="case", object_id=case_id)


@post("/cases/{case_id:int}/municipalities/{named_id:int}/join", opt=MANAGE)
async def join(
    request: AnyRequest, case_id: FromPath[int], named_id: FromPath[int]
) -> Response[Any]:
    case = await _coordinated(request, case_id, JOINED)
    if not open_at_municipality(case):
        raise NotFoundException()
    row = next((row for row in await others_of(case) if row["id"] == named_id), None)
    if row is None:
        raise NotFoundException()
    if not row["shared"].allowed:
        await record(request, JOINED, Outcome.denied, object_type="case", object_id=case_id)
        message = _(NOT_SHARED).format(municipality=row["municipality_name"])
        return await _refused(request, case, {"join": message}, {})
    if not row["taking_part"]:
        try:
            await _join(request, case_id, row["case_manager"], user_of(request))
        except ValueError:
            message = _("{name} no longer has an active account and cannot join.").format(
                name=row["case_manager_name"]
            )
            return await _refused(request, case, {"join": message}, {})
    return Redirect(base(case_id), status_code=303)


@post("/cases/{case_id:int}/lead", opt=MANAGE)
async def hand_over_lead(request: AnyRequest, case_id: FromPath[int]) -> Response[Any]:
    case = await _coordinated(request, case_id, LEAD_OFFERED)
    if not open_at_municipality(case):
        raise NotFoundException()
    user = user_of(request)
    form = await request.form()
    values = {key: str(form.get(key, "")) for key in ("receiver", "lead_reason", "version")}
    errors: dict[str, str] = {}
    others = await others_of(case)
    receivers = {row["value"]: row for row in await _receivers(request, case, others)}
    if values["receiver"] not in receivers:
        errors["receiver"] = _("Choose who takes the lead.")
    try:
        values["lead_reason"] = bounded_text(values["lead_reason"], REASON_LIMIT, multiline=True)
    except InputError as problem:
        errors["lead_reason"] = str(problem)
    if not errors and not values["lead_reason"]:
        errors["lead_reason"] = _("Write why the lead moves (for example, the family moved).")
    version = id_or_none(values["version"])
    if errors or version is None:
        return await _refused(request, case, errors or {"receiver": _("Reload the page.")}, values)
    receiver_text, _dash, organisation_text = values["receiver"].partition("-")
    lead = case["municipality"]
    try:
        await hand_over_to_organisation(
            plugins_of(request),
            {**case, "version": version},
            organisation_id=int(organisation_text),
            receiver_id=int(receiver_text),
            stage_key=case["stage"],
            reason=values["lead_reason"],
            user=user,
        )
    except ValueError as problem:
        return await _refused(request, case, {"receiver": str(problem)}, values)
    if not await NamedMunicipality.exists().where(
        (NamedMunicipality.case == case_id) & (NamedMunicipality.municipality == lead)
    ):
        await NamedMunicipality(
            case=case_id,
            municipality=lead,
            case_manager=case["responsible"],
            organisation=await organisation_of(
                case["responsible"], lead, case["owner_organisation"]
            ),
            ground=Ground.led.value,
            reason=values["lead_reason"],
            added_by=user.id,
        ).save()
    await record(request, LEAD_OFFERED, object_type="case", object_id=case_id)
    return Redirect(base(case_id), status_code=303)


ROUTES = (cases, case_page, add_municipality, join, hand_over_lead)
