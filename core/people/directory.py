"""The contact directory: whom to call, in which organisation, about what.

Every logged-in user searches it (``/directory``). Administrators keep the organisations of their
reach (their municipality, or all for a system administrator) up to date: contact persons and
units (groups, classes).
"""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post
from litestar.datastructures import FormMultiDict
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_400_BAD_REQUEST
from piccolo.columns import Column
from piccolo.custom_types import Combinable

from core.audit.log import record
from core.auth.current import CurrentUser
from core.auth.permissions import AUTHENTICATED, EDIT_DIRECTORY
from core.auth.reach import municipality_reach
from core.auth.submissions import CREATES
from core.i18n import gettext as _
from core.pages import current_user, page, plugins_of
from core.parsing import (
    TEXT_LENGTH,
    InputError,
    length_problems,
    page_count,
    page_number,
    parse_choice,
    parse_id,
    search_term,
)
from core.people import labels
from core.people.folding import fold, like_pattern
from core.people.tables import AgeLevel, ContactPerson, Municipality, Organisation, Sector, Unit
from core.people.unit_kinds import offered_unit_kinds

AnyRequest = Request[Any, Any, Any]
PAGE_SIZE = 50
VIEW = {"permission": AUTHENTICATED}
EDIT = {"permission": EDIT_DIRECTORY}
CONTACT_FIELDS = ("name", "post", "phone", "email", "topics", "age_level")
CONTACT_LIMITS = {
    **{name: getattr(ContactPerson, name).length for name in ("name", "post", "phone", "email")},
    "topics": TEXT_LENGTH,
}


def _filters(request: AnyRequest) -> dict[str, str]:
    params = request.query_params
    return {
        "q": search_term(params.get("q", "")),
        **{name: str(params.get(name, "")).strip() for name in ("municipality", "sector", "age")},
    }


def _conditions(filters: dict[str, str]) -> list[Combinable]:
    conditions: list[Combinable] = []
    if filters["q"]:
        pattern = like_pattern(filters["q"])
        conditions.append(
            ContactPerson.search_text.like(pattern)
            | ContactPerson.organisation._.folded_name.like(pattern)
        )
    if filters["municipality"]:
        municipality = parse_id(filters["municipality"])
        conditions.append(ContactPerson.organisation._.municipality == municipality)
    if filters["sector"] in Sector.__members__:
        conditions.append(ContactPerson.organisation._.sector == filters["sector"])
    if filters["age"] in AgeLevel.__members__ and filters["age"] != AgeLevel.all:
        conditions.append(ContactPerson.age_level.is_in([filters["age"], AgeLevel.all.value]))
    return conditions


async def _search(filters: dict[str, str], page_number: int) -> tuple[list[dict[str, Any]], int]:
    organisation: Any = ContactPerson.organisation  # Piccolo's join chains are untyped
    query = ContactPerson.select(
        *ContactPerson.all_columns(exclude=[ContactPerson.search_text]),
        organisation.name.as_alias("organisation_name"),
        organisation.kind.as_alias("organisation_kind"),
        organisation.sector.as_alias("sector"),
        organisation.address.as_alias("address"),
        organisation.municipality.name.as_alias("municipality_name"),
    )
    count = ContactPerson.count()
    for condition in _conditions(filters):
        query = query.where(condition)
        count = count.where(condition)
    rows: list[dict[str, Any]] = (
        await query.order_by(organisation.folded_name)
        .order_by(ContactPerson.name)
        .limit(PAGE_SIZE)
        .offset((page_number - 1) * PAGE_SIZE)
    )
    return rows, await count


def _page_number(request: AnyRequest) -> int:
    return page_number(request.query_params.get("page", ""))


@get("/directory", opt=VIEW)
async def directory(request: AnyRequest) -> Template:
    filters = _filters(request)
    page_number = _page_number(request)
    rows, total = await _search(filters, page_number)
    context = {
        "filters": filters,
        "contacts": rows,
        "total": total,
        "page_number": page_number,
        "pages": page_count(total, PAGE_SIZE),
        "municipalities": await Municipality.select(Municipality.id, Municipality.name).order_by(
            Municipality.name
        ),
        "sector_labels": labels.translated(labels.SECTORS),
        "kind_labels": labels.translated(labels.KINDS),
        "age_labels": labels.translated(labels.AGE_LEVELS),
    }
    if request.headers.get("hx-request") == "true":
        response = Template("people/_directory_results.html", context=context)
    else:
        response = page(request, "people/directory.html", context)
    response.headers["vary"] = "HX-Request"
    return response


# --- Organisations: contacts and units ---------------------------------------------------------


def _may_edit(user: CurrentUser | None, organisation: dict[str, Any]) -> bool:
    if user is None or not user.can(EDIT_DIRECTORY):
        return False
    reach = municipality_reach(user)
    return reach is None or organisation["municipality"] == reach


async def _organisation(organisation_id: int) -> dict[str, Any]:
    municipality: Any = Organisation.municipality
    row: dict[str, Any] | None = (
        await Organisation.select(
            *Organisation.all_columns(), municipality.name.as_alias("municipality_name")
        )
        .where(Organisation.id == organisation_id)
        .first()
    )
    if row is None:
        raise NotFoundException()
    return row


async def _organisation_page(
    request: AnyRequest,
    organisation: dict[str, Any],
    errors: list[str] | None = None,
    values: dict[str, str] | None = None,
    status_code: int = 200,
) -> Template:
    contacts = (
        await ContactPerson.select()
        .where(ContactPerson.organisation == organisation["id"])
        .order_by(ContactPerson.name)
    )
    units = (
        await Unit.select()
        .where((Unit.organisation == organisation["id"]) & (Unit.active.eq(True)))
        .order_by(Unit.name)
    )
    unit_kinds = await offered_unit_kinds(plugins_of(request), organisation)
    return page(
        request,
        "people/organisation.html",
        {
            "organisation": organisation,
            "contacts": contacts,
            "units": units,
            # Only an organisation with more than one kind of unit is asked which it adds.
            "unit_kinds": unit_kinds if len(unit_kinds) > 1 else [],
            "unit_kind_labels": {kind.key: kind.label for kind in unit_kinds},
            "may_edit": _may_edit(current_user(request), organisation),
            "errors": errors or [],
            "values": values or {},
            "sector_labels": labels.translated(labels.SECTORS),
            "kind_labels": labels.translated(labels.KINDS),
            "age_labels": labels.translated(labels.AGE_LEVELS),
        },
        status_code=status_code,
    )


@get("/directory/organisations/{organisation_id:int}", opt=VIEW)
async def organisation_detail(request: AnyRequest, organisation_id: FromPath[int]) -> Template:
    return await _organisation_page(request, await _organisation(organisation_id))


async def _editable(request: AnyRequest, organisation_id: int) -> dict[str, Any]:
    organisation = await _organisation(organisation_id)
    if not _may_edit(current_user(request), organisation):
        raise NotFoundException()
    return organisation


def _contact_values(form: FormMultiDict) -> tuple[dict[str, str], list[str]]:
    values = {field: str(form.get(field, "")).strip() for field in CONTACT_FIELDS}
    errors = []
    if not values["name"]:
        errors.append(_("Enter the contact person's name."))
    if not values["post"]:
        errors.append(_("Enter the contact person's post."))
    if not values["phone"] and not values["email"]:
        errors.append(_("Give a phone number or an e-mail address."))
    if values["email"] and "@" not in values["email"]:
        errors.append(_("The e-mail address is not valid."))
    if values["age_level"] not in AgeLevel.__members__:
        values["age_level"] = AgeLevel.all.value
    errors += length_problems(values, CONTACT_LIMITS)
    return values, errors


def _contact_data(values: dict[str, str]) -> dict[Column, Any]:
    """The contact's columns from the form's values, with the folded text for search."""
    data: dict[Column, Any] = {getattr(ContactPerson, field): values[field] for field in values}
    data[ContactPerson.search_text] = fold(
        " ".join((values["name"], values["post"], values["topics"]))
    )
    return data


@post("/directory/organisations/{organisation_id:int}/contacts", opt={**EDIT, CREATES: True})
async def add_contact(request: AnyRequest, organisation_id: FromPath[int]) -> Response[Any]:
    organisation = await _editable(request, organisation_id)
    values, errors = _contact_values(await request.form())
    if errors:
        return await _organisation_page(request, organisation, errors, values, HTTP_400_BAD_REQUEST)
    [added] = await ContactPerson.insert(
        ContactPerson(_data=_contact_data(values), organisation=organisation_id)
    ).returning(ContactPerson.id)
    await record(request, "contact.created", object_type="contact", object_id=added["id"])
    return Redirect(f"/directory/organisations/{organisation_id}", status_code=303)


async def _contact_of(organisation_id: int, contact_id: int) -> ContactPerson:
    contact = await ContactPerson.objects().get(
        (ContactPerson.id == contact_id) & (ContactPerson.organisation == organisation_id)
    )
    if contact is None:
        raise NotFoundException()
    return contact


@post("/directory/organisations/{organisation_id:int}/contacts/{contact_id:int}", opt=EDIT)
async def update_contact(
    request: AnyRequest, organisation_id: FromPath[int], contact_id: FromPath[int]
) -> Response[Any]:
    organisation = await _editable(request, organisation_id)
    contact = await _contact_of(organisation_id, contact_id)
    values, errors = _contact_values(await request.form())
    if errors:
        return await _organisation_page(request, organisation, errors, values, HTTP_400_BAD_REQUEST)
    changes: dict[Column | str, Any] = {}
    changes.update(_contact_data(values).items())
    await ContactPerson.update(changes).where(ContactPerson.id == contact.id)
    await record(request, "contact.updated", object_type="contact", object_id=contact.id)
    return Redirect(f"/directory/organisations/{organisation_id}", status_code=303)


@post("/directory/organisations/{organisation_id:int}/contacts/{contact_id:int}/delete", opt=EDIT)
async def delete_contact(
    request: AnyRequest, organisation_id: FromPath[int], contact_id: FromPath[int]
) -> Redirect:
    await _editable(request, organisation_id)
    contact = await _contact_of(organisation_id, contact_id)
    await ContactPerson.delete().where(ContactPerson.id == contact.id)
    await record(request, "contact.deleted", object_type="contact", object_id=contact.id)
    return Redirect(f"/directory/organisations/{organisation_id}", status_code=303)


@post("/directory/organisations/{organisation_id:int}/units", opt={**EDIT, CREATES: True})
async def add_unit(request: AnyRequest, organisation_id: FromPath[int]) -> Response[Any]:
    organisation = await _editable(request, organisation_id)
    form = await request.form()
    name = str(form.get("unit_name", "")).strip()
    if not name or length_problems({"name": name}, {"name": Unit.name.length}):
        return await _organisation_page(
            request,
            organisation,
            [_("Enter the group's or class's name.")],
            {},
            HTTP_400_BAD_REQUEST,
        )
    offered = await offered_unit_kinds(plugins_of(request), organisation)
    try:
        kind = (
            parse_choice(form.get("unit_kind", ""), [k.key for k in offered])
            if len(offered) > 1
            else (offered[0].key if offered else "")
        )
    except InputError as problem:
        return await _organisation_page(
            request, organisation, [str(problem)], {"unit_name": name}, HTTP_400_BAD_REQUEST
        )
    [added] = await Unit.insert(Unit(organisation=organisation_id, name=name, kind=kind)).returning(
        Unit.id
    )
    await record(request, "unit.created", object_type="unit", object_id=added["id"])
    return Redirect(f"/directory/organisations/{organisation_id}", status_code=303)


@post("/directory/organisations/{organisation_id:int}/units/{unit_id:int}/close", opt=EDIT)
async def close_unit(
    request: AnyRequest, organisation_id: FromPath[int], unit_id: FromPath[int]
) -> Redirect:
    """Units are closed, never deleted: enrolments and history keep pointing at them."""
    await _editable(request, organisation_id)
    closed = (
        await Unit.update({Unit.active: False})
        .where((Unit.id == unit_id) & (Unit.organisation == organisation_id))
        .returning(Unit.id)
    )
    if not closed:
        raise NotFoundException()
    await record(request, "unit.closed", object_type="unit", object_id=unit_id)
    return Redirect(f"/directory/organisations/{organisation_id}", status_code=303)


ROUTES = (
    directory,
    organisation_detail,
    add_contact,
    update_contact,
    delete_contact,
    add_unit,
    close_unit,
)
