"""The institution roles map (report steps 6–7): for each kindergarten and school of the
municipality, who coordinates each stage, how the support specialists work there, and which
services are bought in.

The network sees the map. An institution keeps its own row (a user whose active membership is in
that organisation and holds ``core.directory.edit``), and the network leader keeps every row."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from litestar import Response, get, post
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.params import FromPath
from litestar.response import Redirect, Template

from core.api import (
    AUTHENTICATED,
    EDIT_DIRECTORY,
    ORGANISATION_KINDS,
    CurrentUser,
    Organisation,
    OrganisationKind,
    form_page,
    page,
    record,
    translated,
)
from core.api import gettext as _
from plugins.municipality.network.common import (
    ARRANGEMENTS,
    SPECIALISTS,
    TEXT_LIMIT,
    VIEW,
    AnyRequest,
    labels,
    municipality_of,
    user_of,
    values_of,
)
from plugins.municipality.network.tables import Arrangement, InstitutionRoles, SpecialistKind
from plugins.municipality.roles import MANAGE_NETWORK, VIEW_NETWORK

KINDS = (OrganisationKind.kindergarten.value, OrganisationKind.school.value)
TEXT_FIELDS = ("stage_1", "stage_2", "stage_3", "specialist_names", "bought_services")
# The edit page checks who may edit by itself: an institution's own staff need not see the network.
OWN_ROW = {"permission": AUTHENTICATED}


def may_edit(user: CurrentUser, institution: dict[str, Any]) -> bool:
    if user.municipality_id != institution["municipality"]:
        return False
    if user.can(MANAGE_NETWORK):
        return True
    return (
        user.can(EDIT_DIRECTORY)
        and user.membership is not None
        and user.membership.organisation_id == institution["id"]
    )


async def _rows(municipality: int) -> list[dict[str, Any]]:
    institutions: list[dict[str, Any]] = (
        await Organisation.select(Organisation.id, Organisation.name, Organisation.kind)
        .where((Organisation.municipality == municipality) & Organisation.kind.is_in(list(KINDS)))
        .order_by(Organisation.kind)
        .order_by(Organisation.name)
    )
    roles = {
        row["organisation"]: row
        for row in await InstitutionRoles.select().where(
            InstitutionRoles.organisation.is_in([i["id"] for i in institutions] or [0])
        )
    }
    for institution in institutions:
        institution["roles"] = roles.get(institution["id"])
    return institutions


@get("/network/institutions", opt=VIEW)
async def institutions(request: AnyRequest) -> Template:
    user = user_of(request)
    municipality = municipality_of(request)
    rows = await _rows(municipality)
    for row in rows:
        row["editable"] = may_edit(user, {"id": row["id"], "municipality": municipality})
    return page(
        request,
        "municipality/network/institutions.html",
        {
            "institutions": rows,
            "kind_labels": translated(ORGANISATION_KINDS),
            "specialists": labels(SPECIALISTS),
            "arrangements": labels(ARRANGEMENTS),
        },
    )


async def _institution(request: AnyRequest, organisation_id: int) -> dict[str, Any]:
    """The institution, if the user may see or edit its row; 404 outside their municipality."""
    user = user_of(request)
    row: dict[str, Any] | None = (
        await Organisation.select(
            Organisation.id, Organisation.name, Organisation.kind, Organisation.municipality
        )
        .where((Organisation.id == organisation_id) & Organisation.kind.is_in(list(KINDS)))
        .first()
    )
    if row is None or row["municipality"] != user.municipality_id:
        raise NotFoundException()
    if not (user.can(VIEW_NETWORK) or may_edit(user, row)):
        raise PermissionDeniedException()
    return row


async def institution_page(
    request: AnyRequest,
    institution: dict[str, Any],
    errors: list[str] | None = None,
    values: dict[str, str] | None = None,
) -> Template:
    roles = (
        await InstitutionRoles.select()
        .where(InstitutionRoles.organisation == institution["id"])
        .first()
    )
    if values is None:
        values = {key: str(value or "") for key, value in (roles or {}).items()}
    return form_page(
        request,
        "municipality/network/institution.html",
        {
            "institution": institution,
            "roles": roles,
            "editable": may_edit(user_of(request), institution),
            "kind_labels": translated(ORGANISATION_KINDS),
            "specialists": labels(SPECIALISTS),
            "arrangements": labels(ARRANGEMENTS),
            "values": values,
        },
        errors,
    )


@get("/network/institutions/{organisation_id:int}", opt=OWN_ROW)
async def institution(request: AnyRequest, organisation_id: FromPath[int]) -> Template:
    return await institution_page(request, await _institution(request, organisation_id))


@post("/network/institutions/{organisation_id:int}", opt=OWN_ROW)
async def save_institution(request: AnyRequest, organisation_id: FromPath[int]) -> Response[Any]:
    found = await _institution(request, organisation_id)
    user = user_of(request)
    if not may_edit(user, found):
        raise PermissionDeniedException()
    values = values_of(await request.form())
    errors: list[str] = []
    if any(len(values.get(key, "")) > TEXT_LIMIT for key in TEXT_FIELDS):
        errors.append(_("A text is too long (at most 20000 characters)."))
    if any(values.get(kind.value, "") not in Arrangement.__members__ for kind in SpecialistKind):
        errors.append(_("Choose how each support specialist works in the institution."))
    if errors:
        return await institution_page(request, found, errors, values)
    data: dict[Any, Any] = {
        getattr(InstitutionRoles, key): values.get(key, "") for key in TEXT_FIELDS
    }
    data.update(
        {getattr(InstitutionRoles, kind.value): values[kind.value] for kind in SpecialistKind}
    )
    data[InstitutionRoles.updated_by] = user.id
    data[InstitutionRoles.updated_at] = datetime.now(tz=UTC)
    if await InstitutionRoles.exists().where(InstitutionRoles.organisation == organisation_id):
        await InstitutionRoles.update(data).where(InstitutionRoles.organisation == organisation_id)
    else:
        await InstitutionRoles(_data=data, organisation=organisation_id).save()
    await record(
        request,
        "network.institution_roles_saved",
        object_type="organisation",
        object_id=organisation_id,
    )
    return Redirect(f"/municipality/network/institutions/{organisation_id}", status_code=303)


ROUTES = (institutions, institution, save_institution)
