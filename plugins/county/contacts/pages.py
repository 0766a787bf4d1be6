"""The county's contact-person database (``/county/contacts``, report section 3, short-term 3).

Every municipality's and institution's contact persons come from core's shared directory
(`ContactPerson` of its organisations), searched across the county by municipality, age level
and topic, with the date each was last confirmed as up to date (`Confirmation`, this part's
table). Open to every logged-in user, as core's directory is. A municipality's administrators
(``core.directory.edit`` holders of that municipality) keep the entries in core's directory and
confirm them here; a reminder asks them to twice a year
(`reminders`).

Age levels are core's (``age_level`` of a contact): pre-school; basic school, which is school
stages I–III; upper secondary, which is where the youth are; and all ages. A contact for all ages
is found under every age level. A topic is searched in the words core folds for search (the
contact's topics, post and name), so that it is found whatever its case and diacritics.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from litestar import Response, get, post
from litestar.exceptions import PermissionDeniedException
from litestar.response import Redirect, Template
from piccolo.custom_types import Combinable

from core.api import (
    AUTHENTICATED,
    EDIT_DIRECTORY,
    N_,
    AnyRequest,
    ContactPerson,
    CurrentUser,
    Municipality,
    fold,
    hx,
    id_or_none,
    page,
    page_count,
    page_number,
    partial,
    record,
    search_term,
    translated,
    user_of,
)
from plugins.county.contacts.tables import Confirmation

VIEW = {"permission": AUTHENTICATED}
CONFIRM = {"permission": EDIT_DIRECTORY}
# Contacts a page shows: the first page loads fast and small, the rest are a click (or a
# narrower search) away.
PAGE_SIZE = 25
AGE_LEVELS = {
    "all": N_("All ages"),
    "preschool": N_("Pre-school age"),
    "basic_school": N_("Basic school (school stages I–III)"),
    "upper_secondary": N_("Upper secondary school and youth"),
}
CONFIRMED = "county.contacts.confirmed"
ACTION_LABELS = {CONFIRMED: N_("County contact persons confirmed as up to date")}


def _like(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _filters(request: AnyRequest) -> dict[str, str]:
    params = request.query_params
    return {
        "q": search_term(params.get("q", "")),
        "topic": search_term(params.get("topic", "")),
        "municipality": str(id_or_none(params.get("municipality", "")) or ""),
        "age": str(params.get("age", "")) if params.get("age", "") in AGE_LEVELS else "",
    }


def _conditions(filters: dict[str, str]) -> list[Combinable]:
    conditions: list[Combinable] = []
    if filters["q"]:
        pattern = _like(fold(filters["q"]))
        conditions.append(
            ContactPerson.search_text.like(pattern)
            | ContactPerson.organisation._.folded_name.like(pattern)
        )
    if filters["topic"]:
        conditions.append(ContactPerson.search_text.like(_like(fold(filters["topic"]))))
    if filters["municipality"]:
        conditions.append(ContactPerson.organisation._.municipality == int(filters["municipality"]))
    if filters["age"] and filters["age"] != "all":
        conditions.append(ContactPerson.age_level.is_in([filters["age"], "all"]))
    return conditions


async def _search(filters: dict[str, str], page: int) -> tuple[list[dict[str, Any]], int]:
    organisation: Any = ContactPerson.organisation  # Piccolo's join chains are untyped
    query = ContactPerson.select(
        ContactPerson.id,
        ContactPerson.name,
        ContactPerson.post,
        ContactPerson.phone,
        ContactPerson.email,
        ContactPerson.topics,
        ContactPerson.age_level,
        ContactPerson.sample,
        organisation.id.as_alias("organisation_id"),
        organisation.name.as_alias("organisation_name"),
        organisation.municipality.name.as_alias("municipality_name"),
    )
    count = ContactPerson.count()
    for condition in _conditions(filters):
        query = query.where(condition)
        count = count.where(condition)
    rows: list[dict[str, Any]] = (
        await query.order_by(organisation.municipality.name)
        .order_by(organisation.folded_name)
        .order_by(ContactPerson.name)
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    )
    confirmed = {
        row["contact"]: row["confirmed_on"]
        for row in await Confirmation.select(Confirmation.contact, Confirmation.confirmed_on).where(
            Confirmation.contact.is_in([row["id"] for row in rows] or [0])
        )
    }
    for row in rows:
        row["confirmed_on"] = confirmed.get(row["id"])
    return rows, await count


def confirming_municipality(user: CurrentUser) -> int | None:
    """The municipality whose entries the user confirms: an administrator's own (none for a
    user without ``core.directory.edit`` or without a municipality)."""
    if not user.can(EDIT_DIRECTORY):
        return None
    return user.municipality_id


async def _status(municipality_id: int) -> dict[str, Any]:
    """How many of the municipality's contacts there are and the oldest confirmation (None when
    some contact was never confirmed)."""
    contacts = await ContactPerson.select(ContactPerson.id).where(
        ContactPerson.organisation._.municipality == municipality_id
    )
    ids = [row["id"] for row in contacts]
    dates = [
        row["confirmed_on"]
        for row in await Confirmation.select(Confirmation.confirmed_on).where(
            Confirmation.contact.is_in(ids or [0])
        )
    ]
    oldest = min(dates) if dates and len(dates) == len(ids) else None
    return {"id": municipality_id, "contacts": len(ids), "oldest": oldest}


@get("/contacts", opt=VIEW)
async def contacts(request: AnyRequest) -> Template:
    """The search and one page of its contacts; a search from the page itself (htmx) gets the
    results alone (`_results.html`)."""
    user = user_of(request)
    filters = _filters(request)
    number = page_number(request.query_params.get("page", ""))
    rows, total = await _search(filters, number)
    context = {
        "filters": filters,
        "contacts": rows,
        "total": total,
        "page_number": number,
        "pages": page_count(total, PAGE_SIZE),
        "age_labels": translated(AGE_LEVELS),
    }
    if hx(request):
        response = partial(request, "county/contacts/_results.html", context)
    else:
        own = confirming_municipality(user)
        context["municipalities"] = await Municipality.select(
            Municipality.id, Municipality.name
        ).order_by(Municipality.name)
        context["status"] = await _status(own) if own is not None else None
        response = page(request, "county/contacts/list.html", context)
    response.headers["vary"] = "HX-Request"
    return response


async def confirm_all(municipality_id: int, user_id: int | None, on: date) -> int:
    """Every contact of the municipality's organisations confirmed ``on``; how many."""
    contacts = await ContactPerson.select(ContactPerson.id).where(
        ContactPerson.organisation._.municipality == municipality_id
    )
    ids = [row["id"] for row in contacts]
    if ids:
        await Confirmation.update(
            {Confirmation.confirmed_on: on, Confirmation.confirmed_by: user_id}
        ).where(Confirmation.contact.is_in(ids))
        known = {
            row["contact"]
            for row in await Confirmation.select(Confirmation.contact).where(
                Confirmation.contact.is_in(ids)
            )
        }
        new = [
            Confirmation(contact=contact, confirmed_on=on, confirmed_by=user_id)
            for contact in ids
            if contact not in known
        ]
        if new:
            await Confirmation.insert(*new)
    return len(ids)


@post("/contacts/confirm", opt=CONFIRM)
async def confirm(request: AnyRequest) -> Response[Any]:
    user = user_of(request)
    municipality = confirming_municipality(user)
    if municipality is None:
        raise PermissionDeniedException()
    await confirm_all(municipality, user.id, date.today())
    await record(request, CONFIRMED, object_type="municipality", object_id=municipality)
    return Redirect(f"/county/contacts?municipality={municipality}", status_code=303)


ROUTES = (contacts, confirm)
