"""What the network's pages share: the user's municipality, labels, form values, dates."""

from __future__ import annotations

from datetime import date
from typing import Any

from litestar import Request
from litestar.datastructures import FormMultiDict
from litestar.exceptions import NotFoundException

from core.api import (
    N_,
    CurrentUser,
    Membership,
    User,
    current_user,
    gettext,
    parse_date,
    translated,
)
from plugins.municipality.network.tables import (
    ActivityStatus,
    Arrangement,
    KeptIn,
    MeetingStatus,
    ModelStatus,
    SpecialistKind,
)
from plugins.municipality.roles import MANAGE_NETWORK, VIEW_NETWORK

AnyRequest = Request[Any, Any, Any]
VIEW = {"permission": VIEW_NETWORK}
MANAGE = {"permission": MANAGE_NETWORK}
TEXT_LIMIT = 20_000
LINE_LIMIT = 300

KEPT_IN = {
    KeptIn.heaolu: N_("heaolu"),
    KeptIn.eliis: N_("Eliis"),
    KeptIn.stuudium: N_("Stuudium"),
    KeptIn.ekool: N_("eKool"),
    KeptIn.other: N_("the institution's other system"),
}
MODEL_STATUSES = {
    ModelStatus.not_started: N_("not started"),
    ModelStatus.in_preparation: N_("in preparation"),
    ModelStatus.in_place: N_("in place"),
}
MEETING_STATUSES = {
    MeetingStatus.planned: N_("planned"),
    MeetingStatus.held: N_("held"),
    MeetingStatus.cancelled: N_("cancelled"),
}
ACTIVITY_STATUSES = {
    ActivityStatus.planned: N_("planned"),
    ActivityStatus.in_progress: N_("in progress"),
    ActivityStatus.done: N_("done"),
    ActivityStatus.dropped: N_("dropped"),
}
SPECIALISTS = {
    SpecialistKind.speech_therapist: N_("Speech therapist"),
    SpecialistKind.psychologist: N_("Psychologist"),
    SpecialistKind.special_pedagogue: N_("Special pedagogue"),
    SpecialistKind.social_pedagogue: N_("Social pedagogue"),
}
ARRANGEMENTS = {
    Arrangement.none: N_("none"),
    Arrangement.employed: N_("employed by the institution"),
    Arrangement.support_centre: N_("from the municipal support centre"),
    Arrangement.bought_in: N_("bought in"),
}


def user_of(request: AnyRequest) -> CurrentUser:
    user = current_user(request)
    if user is None:
        raise NotFoundException()
    return user


def municipality_of(request: AnyRequest) -> int:
    """The municipality whose network the user works in; a role without one reaches nothing."""
    municipality = user_of(request).municipality_id
    if municipality is None:
        raise NotFoundException()
    return municipality


def labels(mapping: dict[Any, str]) -> dict[str, str]:
    return translated(mapping)


def values_of(form: FormMultiDict) -> dict[str, str]:
    return {key: str(value).strip() for key, value in form.items() if key != "_csrf_token"}


def optional_date(text: str, errors: list[str]) -> date | None:
    if not text:
        return None
    try:
        return parse_date(text)
    except ValueError:
        errors.append(gettext("Write the date as dd.mm.yyyy."))
        return None


def required_date(text: str, errors: list[str]) -> date | None:
    if not text:
        errors.append(gettext("Write the date as dd.mm.yyyy."))
        return None
    return optional_date(text, errors)


async def municipality_users(municipality: int) -> list[dict[str, Any]]:
    """Active accounts with a membership in an organisation of ``municipality``."""
    member: Any = Membership.organisation
    ids = {
        row["user"]
        for row in await Membership.select(Membership.user).where(
            member.municipality == municipality
        )
    }
    if not ids:
        return []
    rows: list[dict[str, Any]] = (
        await User.select(User.id, User.full_name)
        .where(User.id.is_in(list(ids)) & User.active.eq(True))
        .order_by(User.full_name)
    )
    return rows
