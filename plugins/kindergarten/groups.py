"""The kindergarten's groups (core units of kind ``group``): the page of all groups with their
teachers and how many children each has (with an open case, of high concern), the page of one
group with its children (a group of another kindergarten answers 404, audited as refused), and
placing a child in a group or moving them to another.

Core keeps the units (the directory, `EDIT_DIRECTORY`) and the enrolments; a group teacher is a
membership of the group teacher role with the group as its unit. A move ends the child's current
enrolment the day before and begins one in the new group (core's `end_enrolment` and
`begin_enrolment`, which tell the plugins), so the history of groups stays. Children are counted
and listed as far as the user may see them; the page of all groups counts them in the database
(core's `unit_counts`), so it does not grow with the children. A child is added to heaolu
through core's pages.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from litestar import Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template

from core.api import (
    CREATES,
    AnyRequest,
    InputError,
    Membership,
    Outcome,
    Unit,
    begin_enrolment,
    end_enrolment,
    form_page,
    id_or_none,
    page,
    parse_date,
    plugins_of,
    record,
    unit_counts,
    user_of,
)
from core.api import gettext as _
from plugins.kindergarten.common import (
    child_in_kindergarten,
    children_of_group,
    full_name,
    own_kindergarten,
    problems,
)
from plugins.kindergarten.roles import GROUP_TEACHER, MANAGE_GROUPS, VIEW_GROUPS

GROUP = "group"


async def groups_of(organisation_id: int) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = (
        await Unit.select(Unit.id, Unit.name)
        .where((Unit.organisation == organisation_id) & (Unit.kind == GROUP) & Unit.active.eq(True))
        .order_by(Unit.name)
    )
    return rows


async def teachers_of(organisation_id: int) -> dict[int, list[str]]:
    account: Any = Membership.user
    rows = (
        await Membership.select(Membership.unit, account.full_name.as_alias("name"))
        .where(
            (Membership.organisation == organisation_id)
            & (Membership.role == GROUP_TEACHER)
            & Membership.unit.is_not_null()
            & account.active.eq(True)
        )
        .order_by(account.full_name)
    )
    teachers: dict[int, list[str]] = {}
    for row in rows:
        teachers.setdefault(row["unit"], []).append(row["name"])
    return teachers


@get("/groups", opt={"permission": VIEW_GROUPS})
async def groups_page(request: AnyRequest) -> Template:
    user, kindergarten = await own_kindergarten(request)
    counts = await unit_counts(user, kindergarten["id"])
    return page(
        request,
        "kindergarten/groups.html",
        {
            "kindergarten": kindergarten,
            "groups": await groups_of(kindergarten["id"]),
            "teachers": await teachers_of(kindergarten["id"]),
            "counts": counts,
            "without_group": counts.get(None),
        },
    )


async def _group_page(request: AnyRequest, unit_id: int | None) -> Template:
    """The children the user may see of the group ``unit_id`` (None: of no group), audited."""
    try:
        user, kindergarten = await own_kindergarten(request)
    except NotFoundException:
        await _refused(request, unit_id)
        raise
    group: dict[str, Any] | None = None
    if unit_id is not None:
        group = next(
            (row for row in await groups_of(kindergarten["id"]) if row["id"] == unit_id), None
        )
        if group is None:
            await _refused(request, unit_id)
            raise NotFoundException()
    children = await children_of_group(user, kindergarten["id"], date.today(), unit_id)
    if children:
        await record(
            request,
            "kindergarten.groups.listed",
            object_type="child",
            object_id=",".join(str(child["child"]) for child in children),
        )
    return page(
        request,
        "kindergarten/group.html",
        {
            "kindergarten": kindergarten,
            "group": group,
            "name": group["name"] if group else _("Not in a group"),
            "teachers": (await teachers_of(kindergarten["id"])).get(group["id"], [])
            if group
            else [],
            "children": children,
            "may_move": user.can(MANAGE_GROUPS),
        },
    )


async def _refused(request: AnyRequest, unit_id: int | None) -> None:
    """Audit a group page refused (another kindergarten's group, or the user in none)."""
    await record(
        request,
        "kindergarten.groups.listed",
        Outcome.denied,
        object_type="unit",
        object_id=unit_id if unit_id is not None else "none",
    )


@get("/groups/{unit_id:int}", opt={"permission": VIEW_GROUPS})
async def group_page(request: AnyRequest, unit_id: FromPath[int]) -> Template:
    return await _group_page(request, unit_id)


@get("/groups/none", opt={"permission": VIEW_GROUPS})
async def without_group_page(request: AnyRequest) -> Template:
    return await _group_page(request, None)


async def _placing(request: AnyRequest, child_id: int, action: str) -> dict[str, Any]:
    user, kindergarten = await own_kindergarten(request)
    try:
        child = await child_in_kindergarten(user, kindergarten["id"], child_id, date.today())
    except NotFoundException:
        await record(request, action, Outcome.denied, object_type="child", object_id=child_id)
        raise
    groups = await groups_of(kindergarten["id"])
    return {
        "kindergarten": kindergarten,
        "child": child,
        "name": full_name(child),
        "groups": groups,
    }


def _move_page(
    request: AnyRequest,
    context: dict[str, Any],
    values: dict[str, str],
    errors: dict[str, str] | None = None,
) -> Template:
    labels = {"unit": _("Group"), "starts_on": _("In the new group from")}
    return form_page(
        request,
        "kindergarten/move.html",
        {**context, "values": values, "problems": problems(errors, labels)},
        errors,
    )


@get("/groups/children/{child_id:int}", opt={"permission": MANAGE_GROUPS})
async def move_form(request: AnyRequest, child_id: FromPath[int]) -> Template:
    context = await _placing(request, child_id, "kindergarten.child.viewed")
    await record(request, "kindergarten.child.viewed", object_type="child", object_id=child_id)
    values = {"unit": "", "starts_on": date.today().strftime("%d.%m.%Y")}
    return _move_page(request, context, values)


@post("/groups/children/{child_id:int}", opt={"permission": MANAGE_GROUPS, CREATES: True})
async def move_child(request: AnyRequest, child_id: FromPath[int]) -> Response[Any]:
    context = await _placing(request, child_id, "kindergarten.child.moved")
    form = await request.form()
    values = {"unit": str(form.get("unit", "")), "starts_on": str(form.get("starts_on", ""))}
    child = context["child"]
    errors: dict[str, str] = {}
    unit = id_or_none(values["unit"])
    if unit is None or unit not in {group["id"] for group in context["groups"]}:
        errors["unit"] = _("Choose a group from the list.")
    elif unit == child["unit"]:
        errors["unit"] = _("The child is already in this group.")
    try:
        starts_on = parse_date(values["starts_on"])
        if starts_on <= child["starts_on"]:
            errors["starts_on"] = _(
                "The child is in the kindergarten since {date}: the move must come later."
            ).format(date=child["starts_on"].strftime("%d.%m.%Y"))
    except InputError as error:
        errors["starts_on"] = str(error)
    if errors or unit is None:
        return _move_page(request, context, values, errors)
    plugins = plugins_of(request)
    user = user_of(request)
    await end_enrolment(
        plugins,
        user,
        enrolment_id=child["enrolment"],
        child_id=child_id,
        ends_on=starts_on - timedelta(days=1),
    )
    await begin_enrolment(
        plugins,
        user,
        child_id=child_id,
        organisation_id=context["kindergarten"]["id"],
        unit_id=unit,
        starts_on=starts_on,
    )
    await record(request, "kindergarten.child.moved", object_type="child", object_id=child_id)
    return Redirect(f"/kindergarten/groups/{unit}", status_code=303)


ROUTES = (groups_page, group_page, without_group_page, move_form, move_child)
