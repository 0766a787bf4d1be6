"""A school's classes: each with its school stage and class teachers, and the coordinator's page
of them with the children of each class (``/school/classes``).

The page shows the classes of the coordinator's own school, and of their children those
`core.access` lets her see (the school's, by her role's scope); the children listed are
audited. Its statements are the same few whatever the number of classes."""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

from litestar import get
from litestar.exceptions import NotFoundException
from litestar.response import Template
from piccolo.columns import Column

from core.api import (
    AnyRequest,
    Enrolment,
    Membership,
    NavItem,
    Unit,
    children_in_scope,
    current_enrolment,
    page,
    record,
    user_of,
)
from core.api import gettext as _
from plugins.school.roles import CLASS_TEACHER, VIEW_CLASSES
from plugins.school.stages import class_number, school_stage, stage_label

CLASS = "class"


def _order(row: dict[str, Any]) -> tuple[int, str]:
    number = class_number(row["name"])
    return (number if number is not None else 99, row["name"])


async def classes_of(organisation_id: int) -> list[dict[str, Any]]:
    """The organisation's open classes (id, name), by number then name, each with its school
    stage (``stage``, 1 to 3 or None) and its name (``stage_label``)."""
    rows: list[dict[str, Any]] = await Unit.select(Unit.id, Unit.name).where(
        (Unit.organisation == organisation_id) & (Unit.kind == CLASS) & Unit.active.eq(True)
    )
    for row in rows:
        row["stage"] = school_stage(row["name"])
        row["stage_label"] = stage_label(row["stage"])
    return sorted(rows, key=_order)


@cache
def _teacher_columns() -> tuple[Column, ...]:
    """A class teacher's membership with the name joined. Built once: Piccolo copies a joined
    table's columns for every join column it makes (every support case's page asks)."""
    return (
        Membership.unit,
        Membership.user.as_alias("user_id"),
        Membership.user.full_name.as_alias("name"),
        Membership.user._.active,
    )


async def class_teachers(unit_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """The active class teachers of each of the classes (user id and name), by class."""
    *columns, active = _teacher_columns()
    rows = await Membership.select(*columns).where(
        Membership.unit.is_in(unit_ids or [0])
        & (Membership.role == CLASS_TEACHER)
        & (active == True)  # noqa: E712 - a SQL comparison
    )
    found: dict[int, list[dict[str, Any]]] = {}
    for row in sorted(rows, key=lambda row: row["name"]):
        found.setdefault(row["unit"], []).append(row)
    return found


@cache
def _class_columns() -> tuple[Column, ...]:
    """An enrolment with its class's name (built once, as `_teacher_columns`)."""
    return (
        Enrolment.id,
        Enrolment.unit,
        Enrolment.unit.name.as_alias("unit_name"),
        Enrolment.starts_on,
    )


async def current_class(
    child_id: int, organisation_id: int, today: date | None = None
) -> dict[str, Any] | None:
    """The child's current enrolment at the organisation (``id``, ``unit``, ``unit_name``,
    ``starts_on``) with its class's school stage, or None."""
    row: dict[str, Any] | None = (
        await Enrolment.select(*_class_columns())
        .where(
            (Enrolment.child == child_id)
            & (Enrolment.organisation == organisation_id)
            & current_enrolment(today)
        )
        .order_by(Enrolment.starts_on, ascending=False)
        .first()
    )
    if row is not None:
        row["stage"] = school_stage(row["unit_name"] or "")
        row["stage_label"] = stage_label(row["stage"])
    return row


def nav_items(user: Any) -> list[NavItem]:
    if user.can(VIEW_CLASSES) and user.membership is not None:
        return [NavItem(_("Classes"), "/school/classes", 30)]
    return []


@get("/classes", opt={"permission": VIEW_CLASSES})
async def classes_page(request: AnyRequest) -> Template:
    user = user_of(request)
    membership = user.membership
    if membership is None:
        raise NotFoundException()
    classes = await classes_of(membership.organisation_id)
    ids = [row["id"] for row in classes]
    teachers = await class_teachers(ids)
    scope = children_in_scope(Enrolment.child, user)
    pupils: dict[int, list[dict[str, Any]]] = {}
    if scope is not None and ids:
        rows = await Enrolment.select(
            Enrolment.unit,
            Enrolment.child.as_alias("id"),
            Enrolment.child.given_name.as_alias("given_name"),
            Enrolment.child.family_name.as_alias("family_name"),
        ).where(
            Enrolment.unit.is_in(ids)
            & (Enrolment.organisation == membership.organisation_id)
            & current_enrolment()
            & scope
        )
        for row in sorted(rows, key=lambda row: (row["family_name"], row["given_name"])):
            pupils.setdefault(row["unit"], []).append(row)
    listed = sorted({row["id"] for rows in pupils.values() for row in rows})
    if listed:
        await record(
            request,
            "child.listed",
            object_type="child",
            object_id=",".join(str(child) for child in listed),
        )
    await record(
        request,
        "school.classes.listed",
        object_type="organisation",
        object_id=membership.organisation_id,
    )
    return page(
        request,
        "school/classes.html",
        {
            "school": membership.organisation_name,
            "classes": classes,
            "teachers": teachers,
            "pupils": pupils,
        },
    )


ROUTES = [classes_page]
