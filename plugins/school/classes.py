"""A school's classes: each with its school stage and class teachers; the coordinator's page of
them (``/school/classes``) with how many children each has, and the page of each class
(``/school/classes/{unit}``) with its children.

The pages show the classes of the coordinator's own school, and of their children those
`core.access` lets her see (the school's, by her role's scope). The page of all classes counts
the children in the database (core's `unit_counts`: how many, how many with an open case, how
many of high concern), so its statements and its size are the same whatever the number of
classes and children, and, naming no child, it is not audited; a class's page lists its
children, audited (``child.listed``; a class of another school answers 404, audited as
refused)."""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Any

from litestar import get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Template
from piccolo.columns import Column

from core.api import (
    AnyRequest,
    Enrolment,
    Membership,
    NavItem,
    Outcome,
    Unit,
    children_in_scope,
    current_enrolment,
    page,
    record,
    unit_counts,
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


async def current_class_and_teachers(
    child_id: int, organisation_id: int, today: date | None = None
) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
    """`current_class` and its `class_teachers`, in one statement (the case panel's)."""
    day = today or date.today()
    rows = await Enrolment.raw(
        "SELECT e.id, e.unit, n.name AS unit_name, e.starts_on, t.id AS user_id,"
        " t.full_name AS name FROM people_enrolment e"
        " LEFT JOIN people_unit n ON n.id = e.unit"
        " LEFT JOIN auth_membership m ON m.unit = e.unit AND m.role = {}"
        ' LEFT JOIN auth_user t ON t.id = m."user" AND t.active = {}'
        " WHERE e.child = {} AND e.organisation = {} AND e.starts_on <= {}"
        " AND (e.ends_on IS NULL OR e.ends_on >= {}) ORDER BY e.starts_on DESC, e.id",
        CLASS_TEACHER,
        True,
        child_id,
        organisation_id,
        day,
        day,
    )
    if not rows:
        return None, []
    first = rows[0]
    now = {key: first[key] for key in ("id", "unit", "unit_name", "starts_on")}
    now["stage"] = school_stage(now["unit_name"] or "")
    now["stage_label"] = stage_label(now["stage"])
    teachers = [
        {"unit": row["unit"], "user_id": row["user_id"], "name": row["name"]}
        for row in rows
        if row["id"] == first["id"] and row["user_id"] is not None
    ]
    return now, sorted(teachers, key=lambda row: row["name"])


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
    teachers = await class_teachers([row["id"] for row in classes])
    counts = await unit_counts(user, membership.organisation_id)
    return page(
        request,
        "school/classes.html",
        {
            "school": membership.organisation_name,
            "classes": classes,
            "teachers": teachers,
            "counts": counts,
        },
    )


@get("/classes/{unit_id:int}", opt={"permission": VIEW_CLASSES})
async def class_page(request: AnyRequest, unit_id: FromPath[int]) -> Template:
    user = user_of(request)
    membership = user.membership
    found = []
    if membership is not None:
        classes = await classes_of(membership.organisation_id)
        found = [row for row in classes if row["id"] == unit_id]
    if membership is None or not found:
        await record(request, "child.listed", Outcome.denied, object_type="unit", object_id=unit_id)
        raise NotFoundException()
    scope = children_in_scope(Enrolment.child, user)
    pupils: list[dict[str, Any]] = []
    if scope is not None:
        pupils = (
            await Enrolment.select(
                Enrolment.child.as_alias("id"),
                Enrolment.child.given_name.as_alias("given_name"),
                Enrolment.child.family_name.as_alias("family_name"),
                Enrolment.child.date_of_birth.as_alias("date_of_birth"),
            )
            .where(
                (Enrolment.unit == unit_id)
                & (Enrolment.organisation == membership.organisation_id)
                & current_enrolment()
                & Enrolment.child.merged_into.is_null()
                & scope
            )
            .order_by(Enrolment.child.family_name, Enrolment.child.given_name)
        )
    if pupils:
        await record(
            request,
            "child.listed",
            object_type="child",
            object_id=",".join(str(child) for child in sorted(row["id"] for row in pupils)),
        )
    return page(
        request,
        "school/class.html",
        {
            "school": membership.organisation_name,
            "unit": found[0],
            "teachers": (await class_teachers([unit_id])).get(unit_id, []),
            "pupils": pupils,
        },
    )


ROUTES = [classes_page, class_page]
