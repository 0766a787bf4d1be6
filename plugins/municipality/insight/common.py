"""What the pages of this part share: the user's municipality, school years, labels, and
statements of SQL with named parameters."""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from datetime import date
from typing import Any

from litestar.exceptions import NotFoundException
from piccolo.custom_types import Combinable
from piccolo.query import Select
from piccolo.table import Table

from core.api import (
    N_,
    Child,
    CurrentUser,
    Enrolment,
    OrganisationKind,
    current_enrolment,
    school_start_year,
)
from plugins.municipality.insight.tables import NoteKind, OutreachKind, OutreachOutcome

OUTREACH_KINDS: Mapping[str, str] = {
    OutreachKind.family_doctor: N_("Contact through the family doctor"),
    OutreachKind.event: N_("Event"),
    OutreachKind.preschool: N_("Voluntary pre-school"),
    OutreachKind.assessment: N_("Assessment at age 5–6"),
    OutreachKind.other: N_("Other"),
}
OUTREACH_OUTCOMES: Mapping[str, str] = {
    OutreachOutcome.reached: N_("Reached"),
    OutreachOutcome.not_reached: N_("Not reached"),
    OutreachOutcome.declined: N_("The family declined"),
}
NOTE_KINDS: Mapping[str, str] = {
    NoteKind.survey: N_("Results of the satisfaction surveys"),
    NoteKind.supervision: N_("Themes raised in supervision"),
}


def municipality_of(user: CurrentUser) -> int:
    """The municipality of the user's active role; a role of no municipality sees nothing."""
    if user.municipality_id is None:
        raise NotFoundException()
    return user.municipality_id


def next_school_start(today: date) -> date:
    """The next 1 September (today when today is 1 September)."""
    this_year = date(today.year, 9, 1)
    return this_year if today <= this_year else date(today.year + 1, 9, 1)


def due_at_school(born: date, school_start: date) -> bool:
    """Whether a child born on ``born`` starts school by ``school_start`` (a 1 September): in
    its year or earlier, by core's rule of school age (`school_start_year`)."""
    return school_start_year(born) <= school_start.year


def of_municipality(municipality_id: int) -> Combinable:
    """A condition on `Child`: registered or living in the municipality."""
    return (Child.registered_municipality == municipality_id) | (
        Child.residence_municipality == municipality_id
    )


def in_kindergarten(today: date) -> Select[Any]:
    """A sub-select of the children enrolled in a kindergarten today."""
    organisation: Any = Enrolment.organisation
    return Enrolment.select(Enrolment.child).where(
        (organisation.kind == OrganisationKind.kindergarten.value) & current_enrolment(today)
    )


# `:name`, not `::type` (a PostgreSQL cast).
_PARAMETER = re.compile(r"(?<![:\w]):([a-z_][a-z0-9_]*)")


async def run_sql(table: type[Table], sql: str, **values: Any) -> list[dict[str, Any]]:
    """The rows of ``sql`` run through ``table``'s engine, each ``:name`` in it bound to
    ``values[name]`` as a parameter; a collection (not text) gives a list of parameters, for
    ``IN (:name)``, and an empty one gives ``NULL``, which nothing equals."""
    arguments: list[Any] = []

    def bind(match: re.Match[str]) -> str:
        value = values[match.group(1)]
        if isinstance(value, Collection) and not isinstance(value, str):
            arguments.extend(value)
            return ", ".join("{}" for _ in value) or "NULL"
        arguments.append(value)
        return "{}"

    rows: list[dict[str, Any]] = await table.raw(_PARAMETER.sub(bind, sql), *arguments)
    return rows


def engine_type(table: type[Table]) -> str:
    """The engine of ``table``, "sqlite" or "postgres", for the few expressions the two
    databases write differently."""
    kind: str = table._meta.db.engine_type
    return kind
