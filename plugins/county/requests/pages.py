"""The pages of the "has this child been noticed with you?" requests (`/county/requests`).

A case manager (``core.case.manage``) asks another municipality of the county, or all of them,
whether a child they may see, or the child's family (its guardians and their other children), is
known there and what support was given with what result. The request rests on a guardian's
consent for `PURPOSE` to that municipality (``may_share``) or, with no consent, on a legal basis
of Child Protection Act § 27/§ 31, which allows only the question "known / not known". The
receiving municipality's case managers are notified (no name in the
notification), see the child and, for a family question, the child's guardians (the names the
asker knows), search their own children themselves and answer; nothing is revealed
automatically. The asking, each viewing, the answer and each reading of the answer are audited.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from litestar import Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template

from core.api import (
    CREATES,
    LEGAL_BASES,
    MANAGE_CASES,
    N_,
    TIME_ZONE,
    AnyRequest,
    Child,
    CurrentUser,
    InputError,
    Membership,
    Municipality,
    Outcome,
    Recipient,
    bounded_text,
    children_in_scope,
    current_user,
    family_of,
    fold,
    form_page,
    id_or_none,
    may_share,
    notify,
    page,
    plugins_of,
    record,
    search_term,
    sees_child,
    translated,
)
from core.api import gettext as _
from plugins.county.requests.tables import CONSENT, NoticedRequest

PURPOSE = "county.noticed_elsewhere"
DATA_SCOPE = "all"
MANAGE = {"permission": MANAGE_CASES}
TEXT_LIMIT = 5_000
LINE_LIMIT = 300
CHOICE_LIMIT = 500
ALL = "all"
NEW_REQUEST = N_("A municipality of the county asks whether a child is known with you")
ANSWERED = N_("Your question to another municipality has been answered")
BASIS_LABELS = {CONSENT: N_("A guardian's consent"), **dict(LEGAL_BASES)}
CHILD, FAMILY = "child", "family"
ABOUT_LABELS = {CHILD: N_("the child"), FAMILY: N_("the child's family")}

ASKED = "county.request_asked"
REFUSED = "county.request_refused"
VIEWED = "county.request_viewed"
ANSWER = "county.request_answered"
ANSWER_READ = "county.request_answer_read"
SEARCHED = "county.request_searched"
ACTION_LABELS = {
    ASKED: N_("Asked another municipality whether a child is known there"),
    REFUSED: N_("A question to another municipality was refused (no consent or legal basis)"),
    VIEWED: N_("Viewed a question about whether a child is known"),
    ANSWER: N_("Answered whether a child is known"),
    ANSWER_READ: N_("Read another municipality's answer whether a child is known"),
    SEARCHED: N_("Searched the municipality's children to answer a question"),
}
OBJECT_TYPE = "county_request"


def _user(request: AnyRequest) -> CurrentUser:
    user = current_user(request)
    if user is None or user.municipality_id is None or user.membership is None:
        raise NotFoundException()
    return user


def _age(asked_at: datetime, today: date) -> int:
    return (today - asked_at.astimezone(TIME_ZONE).date()).days


async def _children_of(user: CurrentUser) -> list[dict[str, Any]]:
    condition = children_in_scope(Child.id, user)
    if condition is None:
        return []
    rows: list[dict[str, Any]] = (
        await Child.select(Child.id, Child.given_name, Child.family_name, Child.date_of_birth)
        .where(condition & Child.merged_into.is_null())
        .order_by(Child.family_name)
        .order_by(Child.given_name)
        .limit(CHOICE_LIMIT)
    )
    return rows


async def _other_municipalities(user: CurrentUser) -> list[dict[str, Any]]:
    own = (
        await Municipality.select(Municipality.county)
        .where(Municipality.id == user.municipality_id)
        .first()
    )
    if own is None:
        return []
    rows: list[dict[str, Any]] = (
        await Municipality.select(Municipality.id, Municipality.name)
        .where((Municipality.county == own["county"]) & (Municipality.id != user.municipality_id))
        .order_by(Municipality.name)
    )
    return rows


async def case_managers(request: AnyRequest, municipality_id: int) -> list[int]:
    """Active users of ``municipality_id``'s organisations whose role manages cases."""
    roles = sorted(
        name for name, role in plugins_of(request).roles.items() if MANAGE_CASES in role.permissions
    )
    organisation: Any = Membership.organisation
    account: Any = Membership.user
    rows = await Membership.select(Membership.user).where(
        (organisation.municipality == municipality_id)
        & Membership.role.is_in(roles or [""])
        & account.active.eq(True)
    )
    return sorted({row["user"] for row in rows})


@get("/requests", opt=MANAGE)
async def requests_list(request: AnyRequest) -> Template:
    user = _user(request)
    names: Any = NoticedRequest.from_municipality
    target: Any = NoticedRequest.to_municipality
    columns = (
        NoticedRequest.id,
        NoticedRequest.asked_at,
        NoticedRequest.answered_at,
        NoticedRequest.basis,
        NoticedRequest.family,
        names.name.as_alias("from_name"),
        target.name.as_alias("to_name"),
    )
    incoming = await (
        NoticedRequest.select(*columns)
        .where(NoticedRequest.to_municipality == user.municipality_id)
        .order_by(NoticedRequest.asked_at, ascending=False)
    )
    outgoing = await (
        NoticedRequest.select(*columns)
        .where(NoticedRequest.from_municipality == user.municipality_id)
        .order_by(NoticedRequest.asked_at, ascending=False)
    )
    today = datetime.now(TIME_ZONE).date()
    for row in (*incoming, *outgoing):
        row["age"] = _age(row["asked_at"], today)
    return page(
        request,
        "county/requests/list.html",
        {
            "incoming": incoming,
            "outgoing": outgoing,
            "basis_labels": translated(BASIS_LABELS),
            "about_labels": translated(ABOUT_LABELS),
        },
    )


async def _new_page(
    request: AnyRequest, values: dict[str, str], errors: list[str] | None = None
) -> Template:
    user = _user(request)
    return form_page(
        request,
        "county/requests/new.html",
        {
            "children": await _children_of(user),
            "municipalities": await _other_municipalities(user),
            "basis_labels": translated(BASIS_LABELS),
            "about_labels": translated(ABOUT_LABELS),
            "values": values,
        },
        errors,
    )


@get("/requests/new", opt=MANAGE)
async def new_request(request: AnyRequest) -> Template:
    child = id_or_none(request.query_params.get("child", ""))
    return await _new_page(request, {"child": str(child)} if child else {})


def _text(values: dict[str, str], key: str, limit: int, errors: list[str]) -> str:
    try:
        return bounded_text(values.get(key, ""), limit, multiline=limit > LINE_LIMIT)
    except InputError as error:
        errors.append(str(error))
        return ""


@post("/requests", opt={**MANAGE, CREATES: True})
async def ask(request: AnyRequest) -> Response[Any]:
    user = _user(request)
    form = await request.form()
    values = {key: str(value) for key, value in form.items() if key != "_csrf_token"}
    errors: list[str] = []
    child_id = id_or_none(values.get("child", ""))
    if child_id is None or not await sees_child(user, child_id):
        errors.append(_("Choose a child you work with."))
    others = {row["id"] for row in await _other_municipalities(user)}
    to_value = values.get("to", "")
    targets = sorted(others) if to_value == ALL else [id_or_none(to_value)]
    if not targets or any(target not in others for target in targets):
        errors.append(_("Choose the municipality to ask, or all in the county."))
    about = values.get("about") or CHILD
    if about not in ABOUT_LABELS:
        errors.append(_("Choose whether you ask about the child or the child's family."))
    purpose = _text(values, "purpose", TEXT_LIMIT, errors)
    if not purpose:
        errors.append(_("Write the purpose of the question."))
    basis = values.get("basis", "")
    explanation = _text(values, "explanation", TEXT_LIMIT, errors)
    if basis not in BASIS_LABELS:
        errors.append(
            _("Choose what the question rests on: a guardian's consent or a legal basis.")
        )
    elif basis != CONSENT and not explanation:
        errors.append(_("Explain why the legal basis applies."))
    if errors or child_id is None:
        return await _new_page(request, values, errors)
    membership = user.membership
    assert membership is not None
    targets_ids = [target for target in targets if target is not None]
    if basis == CONSENT:
        missing = []
        for target in targets_ids:
            decision = await may_share(
                child_id,
                DATA_SCOPE,
                membership.organisation_id,
                Recipient(municipality_id=target),
                PURPOSE,
            )
            if not decision.allowed:
                missing.append(target)
        if missing:
            await record(request, REFUSED, object_type="child", object_id=child_id, purpose=PURPOSE)
            names = {row["id"]: row["name"] for row in await _other_municipalities(user)}
            message = _(
                "The question was not sent: no guardian's valid consent to share the child's "
                'data with %(municipalities)s for the purpose "Asking whether a child is known '
                'in another municipality". Record the consent first, or, without it, ask only '
                '"known / not known" on a legal basis (Child Protection Act § 27 or § 31).'
            ) % {"municipalities": ", ".join(names[target] for target in missing)}
            return await _new_page(request, values, [message])
    ids = []
    for target in targets_ids:
        [added] = await NoticedRequest.insert(
            NoticedRequest(
                child=child_id,
                from_organisation=membership.organisation_id,
                from_municipality=user.municipality_id,
                to_municipality=target,
                asked_by=user.id,
                family=about == FAMILY,
                purpose=purpose,
                basis=basis,
                explanation=explanation if basis != CONSENT else "",
            )
        ).returning(NoticedRequest.id)
        ids.append(added["id"])
        await record(
            request, ASKED, object_type=OBJECT_TYPE, object_id=added["id"], purpose=PURPOSE
        )
        await notify(
            await case_managers(request, target), NEW_REQUEST, f"/county/requests/{added['id']}"
        )
    where = f"/county/requests/{ids[0]}" if len(ids) == 1 else "/county/requests"
    return Redirect(where, status_code=303)


async def _request(request_id: int) -> dict[str, Any]:
    child: Any = NoticedRequest.child
    asker: Any = NoticedRequest.asked_by
    answerer: Any = NoticedRequest.answered_by
    source: Any = NoticedRequest.from_municipality
    target: Any = NoticedRequest.to_municipality
    row: dict[str, Any] | None = (
        await NoticedRequest.select(
            *NoticedRequest.all_columns(),
            child.given_name.as_alias("given_name"),
            child.family_name.as_alias("family_name"),
            child.isikukood.as_alias("isikukood"),
            child.date_of_birth.as_alias("date_of_birth"),
            asker.full_name.as_alias("asker_name"),
            answerer.full_name.as_alias("answerer_name"),
            source.name.as_alias("from_name"),
            target.name.as_alias("to_name"),
        )
        .where(NoticedRequest.id == request_id)
        .first()
    )
    if row is None:
        raise NotFoundException()
    return row


async def _side(request: AnyRequest, user: CurrentUser, row: dict[str, Any]) -> str:
    """``asker`` (the asking municipality's case manager who sees the child), ``receiver`` (the
    asked municipality's case manager) or nothing: a "denied" audit row and 404."""
    if row["to_municipality"] == user.municipality_id:
        return "receiver"
    if row["from_municipality"] == user.municipality_id and await sees_child(user, row["child"]):
        return "asker"
    await record(request, VIEWED, Outcome.denied, object_type=OBJECT_TYPE, object_id=row["id"])
    raise NotFoundException()


async def _found(user: CurrentUser, term: str) -> list[dict[str, Any]]:
    condition = children_in_scope(Child.id, user)
    if condition is None or not term:
        return []
    folded = fold(term)
    match = (
        Child.search_name.like(f"%{folded}%")
        | Child.search_name_reversed.like(f"%{folded}%")
        | (Child.isikukood == term)
    )
    rows: list[dict[str, Any]] = (
        await Child.select(Child.id, Child.given_name, Child.family_name, Child.date_of_birth)
        .where(condition & match & Child.merged_into.is_null())
        .order_by(Child.family_name)
        .limit(50)
    )
    return rows


async def _detail(
    request: AnyRequest,
    request_id: int,
    values: dict[str, str] | None = None,
    errors: list[str] | None = None,
) -> Template:
    user = _user(request)
    row = await _request(request_id)
    side = await _side(request, user, row)
    answered = row["answered_at"] is not None
    if side == "asker" and answered:
        await record(request, ANSWER_READ, object_type=OBJECT_TYPE, object_id=request_id)
    else:
        await record(request, VIEWED, object_type=OBJECT_TYPE, object_id=request_id)
    term = search_term(request.query_params.get("q", "")) if side == "receiver" else ""
    found = await _found(user, term) if term else []
    if term:
        await record(
            request,
            SEARCHED,
            object_type="child",
            object_id=",".join(str(child["id"]) for child in found) or None,
        )
    return form_page(
        request,
        "county/requests/detail.html",
        {
            "item": row,
            "side": side,
            "answered": answered,
            "may_summarise": row["basis"] == CONSENT,
            "basis_label": translated(BASIS_LABELS)[row["basis"]],
            "guardians": (await family_of(row["child"])).guardians if row["family"] else (),
            "term": term,
            "found": found,
            "values": values or {},
        },
        errors,
    )


@get("/requests/{request_id:int}", opt=MANAGE)
async def request_page(request: AnyRequest, request_id: FromPath[int]) -> Template:
    return await _detail(request, request_id)


@post("/requests/{request_id:int}/answer", opt={**MANAGE, CREATES: True})
async def answer(request: AnyRequest, request_id: FromPath[int]) -> Response[Any]:
    user = _user(request)
    row = await _request(request_id)
    if await _side(request, user, row) != "receiver":
        raise NotFoundException()
    form = await request.form()
    values = {key: str(value) for key, value in form.items() if key != "_csrf_token"}
    errors: list[str] = []
    if row["answered_at"] is not None:
        errors.append(_("This question has already been answered."))
    known = {"yes": True, "no": False}.get(values.get("known", ""))
    if known is None:
        errors.append(
            _("Choose whether the family is known with you.")
            if row["family"]
            else _("Choose whether the child is known with you.")
        )
    summary = _text(values, "summary", TEXT_LIMIT, errors)
    if summary and (row["basis"] != CONSENT or not known):
        errors.append(
            _(
                "A summary may be shared only when the question rests on a guardian's consent "
                "and the child or family is known; on a legal basis answer only known or not "
                "known."
            )
        )
    contact = _text(values, "contact", LINE_LIMIT, errors)
    if not contact:
        errors.append(_("Name the contact person."))
    if errors:
        return await _detail(request, request_id, values, errors)
    await NoticedRequest.update(
        {
            NoticedRequest.answered_by: user.id,
            NoticedRequest.answered_at: datetime.now(TIME_ZONE),
            NoticedRequest.known: known,
            NoticedRequest.summary: summary,
            NoticedRequest.contact: contact,
        }
    ).where((NoticedRequest.id == request_id) & NoticedRequest.answered_at.is_null())
    await record(request, ANSWER, object_type=OBJECT_TYPE, object_id=request_id)
    await notify([row["asked_by"]], ANSWERED, f"/county/requests/{request_id}")
    return Redirect(f"/county/requests/{request_id}", status_code=303)


ROUTES = [requests_list, new_request, ask, request_page, answer]
