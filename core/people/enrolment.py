"""Enrolments: the one rule of "currently enrolled" (an enrolment that has started and not yet
ended; an empty end date: still enrolled), and a child beginning or ending at a kindergarten or
school: the enrolment is written and the plugins enabled in the organisation's municipality hear
of it (``heaolu_after_enrolment_began`` and ``heaolu_after_enrolment_ended``), in the same
transaction."""

from __future__ import annotations

from datetime import date
from typing import Any

from piccolo.custom_types import Combinable

from core.auth.current import CurrentUser
from core.enablement import enabled_plugins
from core.people.tables import Enrolment, Organisation
from core.plugins import Plugins


def current_enrolment(today: date | None = None) -> Combinable:
    """The condition on `Enrolment` rows current on ``today`` (default: today)."""
    day = today or date.today()
    return (Enrolment.starts_on <= day) & (Enrolment.ends_on.is_null() | (Enrolment.ends_on >= day))


async def begin_enrolment(
    plugins: Plugins,
    user: CurrentUser,
    *,
    child_id: int,
    organisation_id: int,
    unit_id: int | None,
    starts_on: date,
) -> dict[str, Any]:
    """Enrol the child at the organisation (and its unit) from ``starts_on``; returns the row."""
    [row] = await Enrolment.insert(
        Enrolment(child=child_id, organisation=organisation_id, unit=unit_id, starts_on=starts_on)
    ).returning(*Enrolment.all_columns())
    await plugins.notify(
        await _enabled_at(plugins, organisation_id),
        "heaolu_after_enrolment_began",
        enrolment=row,
        user=user,
    )
    return dict(row)


async def end_enrolment(
    plugins: Plugins, user: CurrentUser, *, enrolment_id: int, child_id: int, ends_on: date
) -> dict[str, Any] | None:
    """End the child's open enrolment on ``ends_on``; the row, or None when there is no such
    open enrolment of the child."""
    ended = (
        await Enrolment.update({Enrolment.ends_on: ends_on})
        .where(
            (Enrolment.id == enrolment_id)
            & (Enrolment.child == child_id)
            & Enrolment.ends_on.is_null()
        )
        .returning(*Enrolment.all_columns())
    )
    if not ended:
        return None
    row: dict[str, Any] = ended[0]
    await plugins.notify(
        await _enabled_at(plugins, row["organisation"]),
        "heaolu_after_enrolment_ended",
        enrolment=row,
        user=user,
    )
    return row


async def _enabled_at(plugins: Plugins, organisation_id: int) -> set[str]:
    owner = (
        await Organisation.select(Organisation.municipality)
        .where(Organisation.id == organisation_id)
        .first()
    )
    return await enabled_plugins(plugins, owner["municipality"] if owner else None)
