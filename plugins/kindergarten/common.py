"""What the kindergarten's pages share: the user's kindergarten and its children."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from litestar.exceptions import NotFoundException
from piccolo.custom_types import Combinable

from core.api import (
    AnyRequest,
    CurrentUser,
    Enrolment,
    Organisation,
    children_in_scope,
    current_enrolment,
    user_of,
    visible_among,
)

KINDERGARTEN = "kindergarten"
# School starts on 1 September: from then on the coming autumn is next year's.
SCHOOL_STARTS = (9, 1)


def coming_autumn(today: date) -> int:
    """The autumn whose school starters the spring list shows: this year's until school
    starts, then next year's."""
    return today.year if (today.month, today.day) < SCHOOL_STARTS else today.year + 1


async def own_kindergarten(request: AnyRequest) -> tuple[CurrentUser, dict[str, Any]]:
    """The user and the kindergarten of their active membership; 404 when it is not one."""
    user = user_of(request)
    membership = user.membership
    row: dict[str, Any] | None = None
    if membership is not None:
        row = (
            await Organisation.select(Organisation.id, Organisation.name, Organisation.municipality)
            .where(
                (Organisation.id == membership.organisation_id)
                & (Organisation.kind == KINDERGARTEN)
            )
            .first()
        )
    if row is None:
        raise NotFoundException()
    return user, row


def full_name(row: dict[str, Any]) -> str:
    return f"{row['given_name']} {row['family_name']}"


async def enrolled_children(
    user: CurrentUser, organisation_id: int, today: date
) -> list[dict[str, Any]]:
    """The children currently enrolled in the kindergarten whom the user may see, with their
    enrolment (and its group), by name."""
    return await _enrolled(user, organisation_id, today, Enrolment.organisation == organisation_id)


async def children_of_group(
    user: CurrentUser, organisation_id: int, today: date, unit_id: int | None
) -> list[dict[str, Any]]:
    """As `enrolled_children`, those of the group ``unit_id`` (None: of no group)."""
    in_group = Enrolment.unit.is_null() if unit_id is None else Enrolment.unit == unit_id
    return await _enrolled(user, organisation_id, today, in_group)


async def _enrolled(
    user: CurrentUser, organisation_id: int, today: date, condition: Combinable
) -> list[dict[str, Any]]:
    """The kindergarten's current enrolments that meet ``condition``, of children the user may
    see, with the children's names: one statement, the scope in it."""
    scope = children_in_scope(Enrolment.child, user, today)
    if scope is None:
        return []
    rows: list[dict[str, Any]] = (
        await Enrolment.select(
            Enrolment.id.as_alias("enrolment"),
            Enrolment.unit,
            Enrolment.starts_on,
            Enrolment.child,
            Enrolment.child.given_name.as_alias("given_name"),
            Enrolment.child.family_name.as_alias("family_name"),
            Enrolment.child.date_of_birth.as_alias("date_of_birth"),
        )
        .where(
            (Enrolment.organisation == organisation_id)
            & current_enrolment(today)
            & Enrolment.child.merged_into.is_null()
            & condition
            & scope
        )
        .order_by(Enrolment.child.family_name, Enrolment.child.given_name)
    )
    return rows


async def child_in_kindergarten(
    user: CurrentUser, organisation_id: int, child_id: int, today: date
) -> dict[str, Any]:
    """The child with their current enrolment in the kindergarten, if the user may see them;
    else 404 (the caller audits)."""
    row: dict[str, Any] | None = (
        await Enrolment.select(
            Enrolment.id.as_alias("enrolment"),
            Enrolment.unit,
            Enrolment.starts_on,
            Enrolment.child,
            Enrolment.child.given_name.as_alias("given_name"),
            Enrolment.child.family_name.as_alias("family_name"),
            Enrolment.child.date_of_birth.as_alias("date_of_birth"),
        )
        .where(
            (Enrolment.organisation == organisation_id)
            & (Enrolment.child == child_id)
            & current_enrolment(today)
        )
        .first()
    )
    if row is None or not await visible_among(user, {child_id}):
        raise NotFoundException()
    return row


@dataclass(frozen=True)
class Problem:
    """A field's problem for the error summary: the field's id, its label and the message."""

    id: str
    label: str
    message: str


def problems(errors: Mapping[str, str] | None, labels: Mapping[str, str]) -> list[Problem]:
    """The error summary's rows, in the order of ``labels`` (the fields' order in the form); a
    problem labelled "" belongs to no field and is shown as its message alone."""
    found = errors or {}
    return [
        Problem(key if label else "", label, found[key])
        for key, label in labels.items()
        if key in found
    ]
