"""Round tables (ümarlaud) of a case and the agreements they make.

Anyone working on the case (core's `works_on`) convenes a round table: the convener is the
case's responsible person or a participant; invitees come from the contact directory or are
users of any sector, and become the case's participants, so they see the case as core allows.
The convener, the minutes taker and the case's responsible person write the minutes and the
child's and parents' feedback (saved with the version they started from: a save over a newer
one answers with core's conflict page). Agreements each have a responsible person and a
deadline; the responsible person (or the case's) records their fulfilment, and they appear in
the responsible person's "my work" until done. Invitations notify without personal data.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from litestar import Response, get, post
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.params import FromPath
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_400_BAD_REQUEST, HTTP_409_CONFLICT

from core.api import (
    AUTHENTICATED,
    CREATES,
    N_,
    AnyRequest,
    CaseParticipant,
    CaseStatus,
    Conflict,
    ConflictRow,
    ContactPerson,
    CurrentUser,
    EntryKind,
    Membership,
    account_of_contact,
    add_entry,
    case_or_404,
    conflict_page,
    contact_matches,
    fold,
    form_page,
    hx,
    id_or_none,
    notify,
    now,
    open_case_worked_on,
    owner_choices,
    page,
    parse_date,
    partial,
    record,
    search_term,
    user_of,
    works_on,
)
from core.api import gettext as _
from plugins.municipality.casework.reading import agreements_of, base, panel_context
from plugins.municipality.casework.tables import Agreement, RoundTable, RoundTableInvitee

VIEW = {"permission": AUTHENTICATED}
WRITE = {"permission": AUTHENTICATED}
CREATE = {**WRITE, CREATES: True}
TEXT_LIMIT = 20_000
SHORT_LIMIT = 200
TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
INVITED = N_("You were invited to a round table")
MINUTES_FIELDS = ("minutes", "child_feedback", "parents_feedback")


# --- Reading -------------------------------------------------------------------------------------


async def _case(request: AnyRequest, case_id: int, action: str) -> dict[str, Any]:
    return await case_or_404(request, case_id, action)


async def _round_table(case_id: int, round_table_id: int) -> dict[str, Any]:
    row: dict[str, Any] | None = (
        await RoundTable.select(
            *RoundTable.all_columns(),
            RoundTable.convener.full_name.as_alias("convener_name"),
            RoundTable.minutes_taker.full_name.as_alias("minutes_taker_name"),
            RoundTable.updated_by.full_name.as_alias("updated_by_name"),
        )
        .where((RoundTable.id == round_table_id) & (RoundTable.case == case_id))
        .first()
    )
    if row is None:
        raise NotFoundException()
    return row


def may_write_minutes(user: CurrentUser, case: dict[str, Any], table: dict[str, Any]) -> bool:
    return user.id in {table["convener"], table["minutes_taker"], case["responsible"]}


async def invitees_of(round_table_id: int) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = (
        await RoundTableInvitee.select(
            RoundTableInvitee.id,
            RoundTableInvitee.user,
            RoundTableInvitee.user.full_name.as_alias("user_name"),
            RoundTableInvitee.contact.name.as_alias("contact_name"),
            RoundTableInvitee.contact.post.as_alias("contact_post"),
            RoundTableInvitee.organisation.name.as_alias("organisation_name"),
        )
        .where(RoundTableInvitee.round_table == round_table_id)
        .order_by(RoundTableInvitee.id)
    )
    return rows


async def user_matches(query: str) -> list[dict[str, Any]]:
    """Active users with a role anywhere (any sector) whose name contains ``query``."""
    folded = fold(query)
    if len(folded) < 2:
        return []
    rows = await Membership.select(
        Membership.user.as_alias("id"),
        Membership.user.full_name.as_alias("name"),
        Membership.organisation.name.as_alias("organisation_name"),
    ).where(Membership.user._.active.eq(True))
    unique = {row["id"]: row for row in rows if folded in fold(row["name"])}
    return sorted(unique.values(), key=lambda row: row["name"])[:20]


# --- The case's round tables ---------------------------------------------------------------------


async def _list_page(
    request: AnyRequest,
    case: dict[str, Any],
    values: dict[str, str],
    errors: list[str] | None = None,
) -> Template:
    user = user_of(request)
    working = await works_on(user, case)
    return form_page(
        request,
        "municipality/casework/round_tables.html",
        {
            "case": case,
            "context": await panel_context(case, working),
            "people": await owner_choices(case) if working else [],
            "may_convene": working and case["status"] == CaseStatus.open.value,
            "values": values,
        },
        errors,
    )


@get("/cases/{case_id:int}/round-tables", opt=VIEW)
async def round_tables(request: AnyRequest, case_id: FromPath[int]) -> Template:
    case = await _case(request, case_id, "case.viewed")
    await record(request, "case.viewed", object_type="case", object_id=case_id)
    user = user_of(request)
    return await _list_page(request, case, {"convener": str(user.id)})


def _date(value: str, required: bool) -> tuple[date | None, str | None]:
    if not value.strip():
        return None, (_("Write the date as dd.mm.yyyy.") if required else None)
    try:
        return parse_date(value), None
    except ValueError:
        return None, _("Write the date as dd.mm.yyyy.")


def _person(value: str, allowed: set[int]) -> int | None:
    chosen = id_or_none(value)
    return chosen if chosen in allowed else None


@post("/cases/{case_id:int}/round-tables", opt=CREATE)
async def convene(request: AnyRequest, case_id: FromPath[int]) -> Response[Any]:
    case, user = await open_case_worked_on(request, case_id)
    form = await request.form()
    fields = ("held_on", "starts_at", "place", "purpose", "convener", "minutes_taker")
    values = {key: str(form.get(key, "")).strip() for key in fields}
    people = {row["id"] for row in await owner_choices(case)}
    errors = []
    held_on, problem = _date(values["held_on"], required=True)
    if problem:
        errors.append(problem)
    if values["starts_at"] and not TIME.match(values["starts_at"]):
        errors.append(_("Write the time as hh:mm."))
    if not values["place"] or len(values["place"]) > SHORT_LIMIT:
        errors.append(_("Write where the round table meets."))
    if len(values["purpose"]) > TEXT_LIMIT:
        errors.append(_("The text is too long."))
    convener = _person(values["convener"], people)
    if convener is None:
        errors.append(_("Choose who convenes from the people working on the case."))
    minutes_taker = _person(values["minutes_taker"], people)
    if values["minutes_taker"] and minutes_taker is None:
        errors.append(_("Choose who takes the minutes from the people working on the case."))
    if errors:
        return await _list_page(request, case, values, errors)
    assert held_on is not None
    assert convener is not None
    table = RoundTable(
        case=case_id,
        convener=convener,
        minutes_taker=minutes_taker,
        held_on=held_on,
        starts_at=values["starts_at"],
        place=values["place"],
        purpose=values["purpose"],
        created_by=user.id,
    )
    await table.save()
    body = _("A round table was convened for {day}.").format(day=values["held_on"])
    await add_entry(case_id, EntryKind.meeting, body, user)
    await record(request, "case.updated", object_type="case", object_id=case_id)
    return Redirect(f"{base(case_id)}/{table.id}", status_code=303)


# --- One round table -----------------------------------------------------------------------------


async def _table_context(
    request: AnyRequest, case: dict[str, Any], table: dict[str, Any]
) -> dict[str, Any]:
    user = user_of(request)
    working = await works_on(user, case)
    is_open = case["status"] == CaseStatus.open.value
    query = search_term(request.query_params.get("q", ""))
    return {
        "case": case,
        "table": table,
        "invitees": await invitees_of(table["id"]),
        "agreements": await agreements_of(Agreement.round_table == table["id"]),
        "working": working and is_open,
        "may_write": is_open and may_write_minutes(user, case, table),
        "people": await owner_choices(case) if working else [],
        "q": query,
        "contacts": await contact_matches(query) if working and query else [],
        "users": await user_matches(query) if working and query else [],
        "user_id": user.id,
        "values": {key: table[key] for key in MINUTES_FIELDS},
        "agreement_values": {},
        "errors": [],
        "agreement_errors": [],
    }


@get("/cases/{case_id:int}/round-tables/{round_table_id:int}", opt=VIEW)
async def round_table_page(
    request: AnyRequest, case_id: FromPath[int], round_table_id: FromPath[int]
) -> Template:
    case = await _case(request, case_id, "case.viewed")
    table = await _round_table(case_id, round_table_id)
    await record(request, "case.viewed", object_type="case", object_id=case_id)
    context = await _table_context(request, case, table)
    if hx(request) and "q" in request.query_params:
        return partial(request, "municipality/casework/_invite_results.html", context)
    return page(request, "municipality/casework/round_table.html", context)


async def _invite_user(
    table: dict[str, Any],
    case: dict[str, Any],
    user: CurrentUser,
    account: int | None,
    contact: dict[str, Any] | None,
    organisation: int,
) -> bool:
    """Invite a user or contact; False when they were invited already."""
    same = (
        RoundTableInvitee.contact == contact["id"]
        if contact is not None
        else RoundTableInvitee.user == account
    )
    if await RoundTableInvitee.exists().where(
        (RoundTableInvitee.round_table == table["id"]) & same
    ):
        return False
    await RoundTableInvitee(
        round_table=table["id"],
        user=account,
        contact=contact["id"] if contact else None,
        organisation=organisation,
        invited_by=user.id,
    ).save()
    participant = (
        CaseParticipant.contact == contact["id"]
        if contact is not None
        else CaseParticipant.user == account
    )
    if not await CaseParticipant.exists().where((CaseParticipant.case == case["id"]) & participant):
        await CaseParticipant(
            case=case["id"],
            user=account,
            contact=contact["id"] if contact else None,
            organisation=organisation,
            task=_("Round table"),
            added_by=user.id,
        ).save()
    if account is not None and account != user.id:
        await notify([account], INVITED, f"{base(case['id'])}/{table['id']}")
    return True


@post("/cases/{case_id:int}/round-tables/{round_table_id:int}/invitees", opt=CREATE)
async def invite(
    request: AnyRequest, case_id: FromPath[int], round_table_id: FromPath[int]
) -> Response[Any]:
    case, user = await open_case_worked_on(request, case_id)
    table = await _round_table(case_id, round_table_id)
    form = await request.form()
    contact_value, user_value = str(form.get("contact", "")), str(form.get("user", ""))
    if id_or_none(contact_value) is not None:
        contact = await ContactPerson.select().where(ContactPerson.id == int(contact_value)).first()
        if contact is None:
            raise NotFoundException()
        account = await account_of_contact(contact)
        name = f"{contact['name']} ({contact['post']})"
        invited = await _invite_user(table, case, user, account, contact, contact["organisation"])
    elif id_or_none(user_value) is not None:
        membership = (
            await Membership.select(
                Membership.organisation, Membership.user.full_name.as_alias("name")
            )
            .where((Membership.user == int(user_value)) & Membership.user._.active.eq(True))
            .order_by(Membership.id)
            .first()
        )
        if membership is None:
            raise NotFoundException()
        name = membership["name"]
        invited = await _invite_user(
            table, case, user, int(user_value), None, membership["organisation"]
        )
    else:
        raise NotFoundException()
    if invited:
        body = _("{name} was invited to the round table.").format(name=name)
        await add_entry(case_id, EntryKind.participant, body, user)
        await record(request, "case.updated", object_type="case", object_id=case_id)
    return Redirect(f"{base(case_id)}/{round_table_id}#invitees", status_code=303)


async def _table_problem_page(
    request: AnyRequest,
    case: dict[str, Any],
    table: dict[str, Any],
    **changes: Any,
) -> Template:
    context = await _table_context(request, case, table)
    context.update(changes)
    return page(
        request,
        "municipality/casework/round_table.html",
        context,
        status_code=HTTP_400_BAD_REQUEST,
    )


@post("/cases/{case_id:int}/round-tables/{round_table_id:int}/minutes", opt=WRITE)
async def save_minutes(
    request: AnyRequest, case_id: FromPath[int], round_table_id: FromPath[int]
) -> Response[Any]:
    case, user = await open_case_worked_on(request, case_id)
    table = await _round_table(case_id, round_table_id)
    if not may_write_minutes(user, case, table):
        raise PermissionDeniedException()
    form = await request.form()
    values = {key: str(form.get(key, "")).strip() for key in MINUTES_FIELDS}
    if any(len(value) > TEXT_LIMIT for value in values.values()):
        return await _table_problem_page(
            request, case, table, values=values, errors=[_("The text is too long.")]
        )
    if str(form.get("version", "")) != str(table["version"]):
        return _minutes_conflict(request, case, table, values)
    saved = (
        await RoundTable.update(
            {
                **{getattr(RoundTable, key): value for key, value in values.items()},
                RoundTable.updated_by: user.id,
                RoundTable.updated_at: now(),
                RoundTable.version: table["version"] + 1,
            }
        )
        .where((RoundTable.id == round_table_id) & (RoundTable.version == table["version"]))
        .returning(RoundTable.id)
    )
    if not saved:
        return _minutes_conflict(request, case, await _round_table(case_id, round_table_id), values)
    await record(request, "case.updated", object_type="case", object_id=case_id)
    return Redirect(f"{base(case_id)}/{round_table_id}#minutes", status_code=303)


def _minutes_conflict(
    request: AnyRequest, case: dict[str, Any], table: dict[str, Any], typed: dict[str, str]
) -> Template:
    labels = {
        "minutes": _("Minutes"),
        "child_feedback": _("The child's feedback"),
        "parents_feedback": _("The parents' feedback"),
    }
    rows = [ConflictRow(labels[key], table[key], typed[key]) for key in MINUTES_FIELDS]
    return conflict_page(
        request,
        Conflict(
            title=_("Minutes of the round table"),
            rows=rows,
            action=f"{base(case['id'])}/{table['id']}/minutes",
            form_template="municipality/casework/_minutes_fields.html",
            form_context={"values": typed, "version": table["version"]},
            saved_by=table["updated_by_name"] or "",
            saved_at=table["updated_at"],
            back=f"{base(case['id'])}/{table['id']}",
        ),
    )


@post(
    "/cases/{case_id:int}/round-tables/{round_table_id:int}/agreements",
    opt=CREATE,
)
async def add_agreement(
    request: AnyRequest, case_id: FromPath[int], round_table_id: FromPath[int]
) -> Response[Any]:
    case, user = await open_case_worked_on(request, case_id)
    table = await _round_table(case_id, round_table_id)
    if not may_write_minutes(user, case, table):
        raise PermissionDeniedException()
    form = await request.form()
    values = {key: str(form.get(key, "")).strip() for key in ("text", "responsible", "due_on")}
    errors = []
    if not values["text"] or len(values["text"]) > TEXT_LIMIT:
        errors.append(_("Write what was agreed."))
    responsible = _person(values["responsible"], {row["id"] for row in await owner_choices(case)})
    if responsible is None:
        errors.append(_("Choose who is responsible from the people working on the case."))
    due_on, problem = _date(values["due_on"], required=True)
    if problem:
        errors.append(problem)
    if errors:
        return await _table_problem_page(
            request, case, table, agreement_values=values, agreement_errors=errors
        )
    assert responsible is not None
    assert due_on is not None
    await Agreement(
        round_table=round_table_id,
        case=case_id,
        text=values["text"],
        responsible=responsible,
        due_on=due_on,
    ).save()
    await record(request, "case.updated", object_type="case", object_id=case_id)
    return Redirect(f"{base(case_id)}/{round_table_id}#agreements", status_code=303)


# --- Following agreements up ---------------------------------------------------------------------


@post("/cases/{case_id:int}/agreements/{agreement_id:int}/done", opt=WRITE)
async def fulfil(
    request: AnyRequest, case_id: FromPath[int], agreement_id: FromPath[int]
) -> Response[Any]:
    """Record that an agreement was fulfilled (with a note). HTMX gets the agreement's row."""
    case, user = await open_case_worked_on(request, case_id)
    rows = await agreements_of((Agreement.id == agreement_id) & (Agreement.case == case_id))
    if not rows:
        raise NotFoundException()
    agreement = rows[0]
    if user.id not in {agreement["responsible"], case["responsible"]}:
        raise PermissionDeniedException()
    form = await request.form()
    note = str(form.get("note", "")).strip()
    context: dict[str, Any] = {"case": case, "agreement": agreement, "user_id": user.id}
    error = None
    if len(note) > TEXT_LIMIT:
        error = _("The text is too long.")
    elif agreement["done_at"] is not None or str(form.get("version", "")) != str(
        agreement["version"]
    ):
        error = _("Someone recorded this agreement meanwhile; see it again.")
    if error is not None:
        status = HTTP_400_BAD_REQUEST if agreement["done_at"] is None else HTTP_409_CONFLICT
        context.update(error=error, note=note)
        if hx(request):
            return Template(
                "municipality/casework/_agreement.html", context=context, status_code=status
            )
        return page(request, "municipality/casework/agreement.html", context, status_code=status)
    done_at = now()
    saved = (
        await Agreement.update(
            {
                Agreement.done_at: done_at,
                Agreement.done_by: user.id,
                Agreement.done_note: note,
                Agreement.version: agreement["version"] + 1,
            }
        )
        .where((Agreement.id == agreement_id) & (Agreement.version == agreement["version"]))
        .returning(Agreement.id)
    )
    back = f"{base(case_id)}/{agreement['round_table']}#agreement-{agreement_id}"
    if not saved:  # recorded by someone else a moment ago: show it
        return Redirect(back, status_code=303)
    await record(request, "case.updated", object_type="case", object_id=case_id)
    if hx(request):
        agreement.update(
            done_at=done_at,
            done_note=note,
            done_by_name=user.full_name,
            version=agreement["version"] + 1,
            overdue=False,
        )
        return partial(request, "municipality/casework/_agreement.html", context)
    return Redirect(back, status_code=303)


ROUTES = (round_tables, convene, round_table_page, invite, save_minutes, add_agreement, fulfil)
