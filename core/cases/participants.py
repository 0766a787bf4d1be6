"""Joining a case as a participant: a directory contact (listed; can open the case when they
have an account) or an account. Each joins once, with a timeline entry "X (Y) joined the case."
An account stops taking part with `remove_case_participant` (when what their joining rested on,
such as a guardian's consent, ends).

The callers check that the case is open and that the user adding works on it, and audit the
joining; these functions only write the participant and the entry. Removing audits itself: it
is also done by jobs, with no request.
"""

from __future__ import annotations

from typing import Any

from litestar.connection import ASGIConnection
from piccolo.custom_types import Combinable

from core.audit.log import record
from core.auth.current import CurrentUser
from core.auth.tables import Membership, User
from core.cases.engine import account_of_contact, add_entry
from core.cases.tables import Case, CaseParticipant, EntryKind
from core.i18n import gettext as _
from core.people.tables import Organisation

TASK_LIMIT = CaseParticipant.task.length


async def add_contact_participant(
    case_id: int, contact: dict[str, Any], task: str, by: CurrentUser
) -> bool:
    """The directory contact (a `ContactPerson` row) joins the case, with their account when
    they have one (`account_of_contact`); False when they (or that account) already take
    part."""
    account = await account_of_contact(contact)
    already = CaseParticipant.contact == contact["id"]
    if account is not None:
        already = already | (CaseParticipant.user == account)
    return await _join(
        case_id,
        already,
        CaseParticipant(
            case=case_id,
            contact=contact["id"],
            user=account,
            organisation=contact["organisation"],
            task=task[:TASK_LIMIT],
            added_by=by.id,
        ),
        _("{name} ({post}) joined the case.").format(name=contact["name"], post=contact["post"]),
        by,
    )


async def add_case_participant(case_id: int, user_id: int, task: str, by: CurrentUser) -> bool:
    """The user (an active account) joins the case as a participant, for the organisation of
    their role in the case's owner organisation, else of their first role; False when they
    already take part. ValueError when the user is not an active account with a role."""
    account = await User.select(User.full_name).where((User.id == user_id) & User.active.eq(True))
    organisation: Any = Membership.organisation
    roles = (
        await Membership.select(
            Membership.organisation, organisation.name.as_alias("organisation_name")
        )
        .where(Membership.user == user_id)
        .order_by(Membership.id)
    )
    if not account or not roles:
        raise ValueError(f"user {user_id} is not an active account with a role")
    owner = await Case.select(Case.owner_organisation).where(Case.id == case_id).first()
    owner_id = owner["owner_organisation"] if owner else None
    role = next((row for row in roles if row["organisation"] == owner_id), roles[0])
    return await _join(
        case_id,
        CaseParticipant.user == user_id,
        CaseParticipant(
            case=case_id,
            user=user_id,
            organisation=role["organisation"],
            task=task[:TASK_LIMIT],
            added_by=by.id,
        ),
        _("{name} ({post}) joined the case.").format(
            name=account[0]["full_name"], post=role["organisation_name"]
        ),
        by,
    )


REMOVED = "case.participant_removed"


async def remove_case_participant(
    case_id: int,
    user_id: int,
    reason: str,
    by: CurrentUser | None,
    *,
    purpose: str | None = None,
    connection: ASGIConnection[Any, Any, Any, Any] | None = None,
) -> bool:
    """The user stops taking part in the case: their participant rows go, and with them what
    core showed them as a participant. Audited as ``case.participant_removed`` on the case
    (``purpose``: the consent purpose their joining rested on, when there was one), by ``by``
    (None: a job, with no request). When ``by`` is given, a timeline entry "X (Y) left the
    case: reason" by them. False when the user did not take part (nothing is written)."""
    removed = (
        await CaseParticipant.delete()
        .where((CaseParticipant.case == case_id) & (CaseParticipant.user == user_id))
        .returning(CaseParticipant.organisation)
    )
    if not removed:
        return False
    await record(
        connection,
        REMOVED,
        user_id=by.id if by is not None else None,
        object_type="case",
        object_id=case_id,
        purpose=purpose,
    )
    if by is not None:
        account = await User.select(User.full_name).where(User.id == user_id).first()
        place = (
            await Organisation.select(Organisation.name)
            .where(Organisation.id == removed[0]["organisation"])
            .first()
        )
        body = _("{name} ({post}) left the case: {reason}").format(
            name=account["full_name"] if account else "",
            post=place["name"] if place else "",
            reason=reason,
        )
        await add_entry(case_id, EntryKind.participant, body, by)
    return True


async def _join(
    case_id: int, already: Combinable, participant: CaseParticipant, body: str, by: CurrentUser
) -> bool:
    if await CaseParticipant.exists().where((CaseParticipant.case == case_id) & already):
        return False
    await participant.save()
    await add_entry(case_id, EntryKind.participant, body, by)
    return True
