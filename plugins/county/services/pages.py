"""Service agreements between municipalities (``/county/services``).

A municipality's case manager (``core.case.manage``) records an agreement about a child they may
see: the service of the child's rehabilitation or support plan, the municipality and provider
that offer it, who pays, the transport and who pays that, and how long it holds. The list shows
each municipality the agreements it is party to (it recorded them, provides, pays, or pays the
transport). The child's name crosses to the other party only as far as consent allows: a reader
who may see the child anyway (their scope, or a case they work on) sees the name; anyone else of a
party municipality sees it when ``may_share`` lets the recording organisation share it with that
municipality for the purpose ``county.service_agreements`` (a guardian's consent, or an override
on a legal basis); otherwise the row says the name is not shared, and the agreement's terms,
which bind the municipality, still show. The county coordinator sees counts per municipality
only, never a child.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from litestar import Response, get, post
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.response import Redirect, Template
from piccolo.custom_types import Combinable

from core.api import (
    AUTHENTICATED,
    CREATES,
    MANAGE_CASES,
    N_,
    AnyRequest,
    CaseView,
    Child,
    ConsentPurpose,
    CurrentUser,
    InputError,
    Municipality,
    Outcome,
    Panel,
    Recipient,
    bounded_text,
    form_page,
    format_date,
    id_or_none,
    may_share,
    page,
    parse_date,
    record,
    sees_child,
    user_of,
    visible_among,
)
from core.api import gettext as _
from plugins.county.roles import COORDINATE
from plugins.county.services.tables import ServiceAgreement

VIEW = {"permission": AUTHENTICATED}
RECORD = {"permission": MANAGE_CASES}
PURPOSE = ConsentPurpose(
    "county.service_agreements",
    N_("Service agreements between municipalities"),
    N_(
        "The municipality that records a service agreement for the child (a service of the "
        "child's rehabilitation or support plan offered in another municipality) shows the "
        "child's name to the other municipality that provides the service or pays for it or "
        "its transport."
    ),
)
DATA_SCOPE = "social"
TEXT_LIMIT = 2000
RECORDED = "county.service_agreement.recorded"
LISTED = "county.service_agreements.listed"
COUNTED = "county.service_agreements.counted"
ACTION_LABELS = {
    RECORDED: N_("Service agreement recorded"),
    LISTED: N_("Service agreements listed"),
    COUNTED: N_("Service agreements counted"),
}
MUNICIPALITY_FIELDS = ("providing_municipality", "paying_municipality", "transport_paid_by")


@dataclass(frozen=True)
class Problem:
    """A message of the form's error summary (core's ``_error_summary.html``)."""

    id: str
    label: str
    message: str


def party_of(municipality_id: int) -> Combinable:
    """Agreements the municipality is party to."""
    return (
        (ServiceAgreement.recording_municipality == municipality_id)
        | (ServiceAgreement.providing_municipality == municipality_id)
        | (ServiceAgreement.paying_municipality == municipality_id)
        | (ServiceAgreement.transport_paid_by == municipality_id)
    )


async def agreements_where(condition: Combinable) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = (
        await ServiceAgreement.select(
            *ServiceAgreement.all_columns(),
            ServiceAgreement.child.given_name.as_alias("given_name"),
            ServiceAgreement.child.family_name.as_alias("family_name"),
            ServiceAgreement.providing_municipality.name.as_alias("providing_name"),
            ServiceAgreement.paying_municipality.name.as_alias("paying_name"),
            ServiceAgreement.transport_paid_by.name.as_alias("transport_payer_name"),
            ServiceAgreement.recording_municipality.name.as_alias("recording_name"),
        )
        .where(condition)
        .order_by(ServiceAgreement.valid_from, ascending=False)
        .order_by(ServiceAgreement.id, ascending=False)
    )
    return rows


async def with_names(user: CurrentUser, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``rows`` with ``name_shown``: whether the user may read the child's name (see above)."""
    visible = await visible_among(user, {row["child"] for row in rows})
    municipality = user.municipality_id
    for row in rows:
        shown = row["child"] in visible
        if not shown and municipality is not None:
            decision = await may_share(
                row["child"],
                DATA_SCOPE,
                row["recording_organisation"],
                Recipient(municipality_id=municipality),
                PURPOSE.key,
            )
            shown = municipality == row["recording_municipality"] or decision.allowed
        row["name_shown"] = shown
    return rows


def is_valid_on(row: dict[str, Any], day: date) -> bool:
    return row["valid_from"] <= day and (row["valid_until"] is None or row["valid_until"] >= day)


async def _counts() -> list[dict[str, Any]]:
    """Per municipality, its agreements in force today as provider, as payer, and all recorded."""
    today = date.today()
    rows = await ServiceAgreement.select(
        ServiceAgreement.providing_municipality,
        ServiceAgreement.paying_municipality,
        ServiceAgreement.recording_municipality,
        ServiceAgreement.valid_from,
        ServiceAgreement.valid_until,
    )
    municipalities: list[dict[str, Any]] = await Municipality.select(
        Municipality.id, Municipality.name
    ).order_by(Municipality.name)
    for municipality in municipalities:
        mine = [
            row
            for row in rows
            if municipality["id"]
            in (
                row["providing_municipality"],
                row["paying_municipality"],
                row["recording_municipality"],
            )
        ]
        in_force = [row for row in mine if is_valid_on(row, today)]
        municipality["in_force"] = len(in_force)
        municipality["providing"] = sum(
            row["providing_municipality"] == municipality["id"] for row in in_force
        )
        municipality["paying"] = sum(
            row["paying_municipality"] == municipality["id"] for row in in_force
        )
        municipality["all"] = len(mine)
    return municipalities


@get("/services", opt=VIEW)
async def agreements(request: AnyRequest) -> Template:
    user = user_of(request)
    if user.can(MANAGE_CASES) and user.municipality_id is not None:
        rows = await with_names(user, await agreements_where(party_of(user.municipality_id)))
        named = sorted({row["child"] for row in rows if row["name_shown"]})
        await record(
            request, LISTED, object_type="child", object_id=",".join(map(str, named)) or None
        )
        today = date.today()
        for row in rows:
            row["in_force"] = is_valid_on(row, today)
        return page(request, "county/services/list.html", {"agreements": rows})
    if user.can(COORDINATE):
        await record(request, COUNTED)
        return page(request, "county/services/counts.html", {"counts": await _counts()})
    raise PermissionDeniedException()


async def _child(request: AnyRequest, user: CurrentUser, child_id: int | None) -> dict[str, Any]:
    """The child, when the recorder may see them (else 404, as if there were none, with a
    "denied" audit row)."""
    if child_id is None or not await sees_child(user, child_id):
        await record(
            request, "permission.denied", Outcome.denied, object_type="child", object_id=child_id
        )
        raise NotFoundException()
    child: dict[str, Any] | None = (
        await Child.select(Child.id, Child.given_name, Child.family_name)
        .where(Child.id == child_id)
        .first()
    )
    if child is None:
        raise NotFoundException()
    return child


async def _form(
    request: AnyRequest,
    child: dict[str, Any],
    values: dict[str, str],
    problems: Sequence[Problem] = (),
) -> Template:
    municipalities = await Municipality.select(Municipality.id, Municipality.name).order_by(
        Municipality.name
    )
    return form_page(
        request,
        "county/services/new.html",
        {
            "child": child,
            "values": values,
            "municipalities": municipalities,
            "problems": problems,
            "invalid": {problem.id for problem in problems},
        },
        [problem.message for problem in problems],
    )


@get("/services/new", opt=RECORD)
async def new_agreement(request: AnyRequest) -> Template:
    user = user_of(request)
    child = await _child(request, user, id_or_none(request.query_params.get("child", "")))
    await record(request, "child.viewed", object_type="child", object_id=child["id"])
    values = {
        "service": "",
        "providing_municipality": "",
        "provider": "",
        "paying_municipality": str(user.municipality_id or ""),
        "transport": "",
        "transport_paid_by": "",
        "valid_from": format_date(date.today()),
        "valid_until": "",
    }
    return await _form(request, child, values)


def _text(values: dict[str, str], key: str, label: str, limit: int, problems: list[Problem]) -> str:
    try:
        text = bounded_text(values[key], limit, multiline=key == "transport")
    except InputError as error:
        problems.append(Problem(f"agreement-{key}", label, str(error)))
        return ""
    if not text and key != "transport":
        problems.append(Problem(f"agreement-{key}", label, _("Fill this in.")))
    return text


def _date(values: dict[str, str], key: str, label: str, problems: list[Problem]) -> date | None:
    if key == "valid_until" and not values[key].strip():
        return None
    try:
        return parse_date(values[key])
    except InputError as error:
        problems.append(Problem(f"agreement-{key}", label, str(error)))
        return None


@post("/services", opt={**RECORD, CREATES: True})
async def add_agreement(request: AnyRequest) -> Response[Any]:
    user = user_of(request)
    form = await request.form()
    child = await _child(request, user, id_or_none(form.get("child", "")))
    keys = (
        "service",
        "provider",
        "transport",
        "valid_from",
        "valid_until",
        *MUNICIPALITY_FIELDS,
    )
    values = {key: str(form.get(key, "")) for key in keys}
    problems: list[Problem] = []
    service = _text(values, "service", _("Service"), 200, problems)
    provider = _text(values, "provider", _("Provider"), 200, problems)
    transport = _text(values, "transport", _("Transport"), TEXT_LIMIT, problems)
    known = {row["id"] for row in await Municipality.select(Municipality.id)}
    chosen: dict[str, int | None] = {}
    labels = {
        "providing_municipality": _("Municipality that provides the service"),
        "paying_municipality": _("Municipality that pays for the service"),
        "transport_paid_by": _("Municipality that pays for the transport"),
    }
    for key, label in labels.items():
        chosen[key] = id_or_none(values[key])
        if chosen[key] not in known and (key != "transport_paid_by" or values[key]):
            problems.append(Problem(f"agreement-{key}", label, _("Choose a municipality.")))
            chosen[key] = None
    if transport and chosen["transport_paid_by"] is None and not problems:
        problems.append(
            Problem(
                "agreement-transport_paid_by",
                labels["transport_paid_by"],
                _("Say which municipality pays for the transport."),
            )
        )
    valid_from = _date(values, "valid_from", _("Valid from"), problems)
    valid_until = _date(values, "valid_until", _("Valid until"), problems)
    if valid_from and valid_until and valid_until < valid_from:
        message = _("The agreement cannot end before it begins.")
        problems.append(Problem("agreement-valid_until", _("Valid until"), message))
    parties = {value for value in chosen.values() if value is not None}
    if not problems and parties <= {user.municipality_id}:
        message = _("An agreement between municipalities names another municipality.")
        key = "providing_municipality"
        problems.append(Problem(f"agreement-{key}", labels[key], message))
    membership = user.membership
    if problems or valid_from is None or membership is None or user.municipality_id is None:
        return await _form(request, child, values, problems)
    await ServiceAgreement(
        child=child["id"],
        service=service,
        providing_municipality=chosen["providing_municipality"],
        provider=provider,
        paying_municipality=chosen["paying_municipality"],
        transport=transport,
        transport_paid_by=chosen["transport_paid_by"],
        valid_from=valid_from,
        valid_until=valid_until,
        recording_municipality=user.municipality_id,
        recording_organisation=membership.organisation_id,
        recorded_by=user.id,
    ).save()
    await record(request, RECORDED, object_type="child", object_id=child["id"])
    return Redirect("/county/services", status_code=303)


async def case_panels(request: AnyRequest, user: CurrentUser, case: CaseView) -> list[Panel]:
    """The child's agreements the user's municipality is party to, on a case manager's case."""
    if not user.can(MANAGE_CASES) or user.municipality_id is None:
        return []
    rows = await agreements_where(
        (ServiceAgreement.child == case.child.id) & party_of(user.municipality_id)
    )
    return [
        Panel(
            _("Service agreements between municipalities"),
            "county/services/_case_panel.html",
            {"agreements": rows, "child_id": case.child.id},
            60,
        )
    ]


async def dashboard_panels(request: AnyRequest, user: CurrentUser) -> list[Panel]:
    """A case manager's count of their municipality's agreements in force, with the list's link
    (no child named)."""
    if not user.can(MANAGE_CASES) or user.municipality_id is None:
        return []
    today = date.today()
    rows = await ServiceAgreement.select(
        ServiceAgreement.valid_from, ServiceAgreement.valid_until
    ).where(party_of(user.municipality_id))
    in_force = sum(is_valid_on(row, today) for row in rows)
    return [
        Panel(
            _("Service agreements between municipalities"),
            "county/services/_dashboard_panel.html",
            {"in_force": in_force, "all": len(rows)},
            70,
        )
    ]


ROUTES = (agreements, new_agreement, add_agreement)
