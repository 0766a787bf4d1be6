"""Pages of the register of children at home and the other groups, and their outreach.

Every page of the register is for holders of ``municipality.home_children.manage`` in their
own municipality; every list writes one audit row with the listed children's ids, a child's
page and every write one row for the child; an entry of another municipality answers 404 with
a "denied" row.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from litestar import Response, get, post
from litestar.datastructures import UploadFile
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_400_BAD_REQUEST

from core.api import CREATES, AnyRequest, Outcome, page, parse_date, record, user_of
from core.api import gettext as _
from plugins.municipality.insight import population
from plugins.municipality.insight.common import (
    OUTREACH_KINDS,
    OUTREACH_OUTCOMES,
    municipality_of,
    next_school_start,
)
from plugins.municipality.insight.register import entries, groups, not_reached
from plugins.municipality.insight.tables import (
    HomeChild,
    HomeGroup,
    Outreach,
    OutreachKind,
    OutreachOutcome,
)
from plugins.municipality.roles import MANAGE_HOME_CHILDREN

VIEW = {"permission": MANAGE_HOME_CHILDREN}
WRITE = {"permission": MANAGE_HOME_CHILDREN}
TEXT_LIMIT = 5_000


def _group_param(request: AnyRequest, named: list[dict[str, Any]]) -> dict[str, Any] | None:
    text = str(request.query_params.get("group", ""))
    if not text:
        return None
    for group in named:
        if str(group["id"]) == text:
            return group
    raise NotFoundException()


async def _listed(request: AnyRequest, rows: list[dict[str, Any]]) -> None:
    if rows:
        await record(
            request,
            "municipality.home_child.listed",
            object_type="child",
            object_id=",".join(str(row["child"]) for row in rows),
        )


async def _register_page(
    request: AnyRequest,
    group: dict[str, Any] | None,
    *,
    only_not_reached: bool = False,
    errors: list[str] | None = None,
    problems: list[tuple[int, str]] | None = None,
    values: dict[str, str] | None = None,
    status_code: int = 200,
) -> Template:
    municipality_id = municipality_of(user_of(request))
    today = date.today()
    named = await groups(municipality_id)
    rows = await entries(municipality_id, group["id"] if group else None, today)
    missing = not_reached(rows)
    shown = missing if only_not_reached else rows
    await _listed(request, shown)
    return page(
        request,
        "municipality/insight/home_children.html",
        {
            "group": group,
            "groups": named,
            "rows": shown,
            "not_reached_count": len(missing),
            "only_not_reached": only_not_reached,
            "school_start": next_school_start(today),
            "errors": errors or [],
            "problems": problems or [],
            "values": values or {},
            "added": str(request.query_params.get("added", "")),
            "skipped": str(request.query_params.get("skipped", "")),
        },
        status_code=status_code,
    )


@get("/home-children", opt=VIEW)
async def register_page(request: AnyRequest) -> Template:
    named = await groups(municipality_of(user_of(request)))
    return await _register_page(request, _group_param(request, named))


@get("/home-children/not-reached", opt=VIEW)
async def not_reached_page(request: AnyRequest) -> Template:
    named = await groups(municipality_of(user_of(request)))
    return await _register_page(request, _group_param(request, named), only_not_reached=True)


async def _form_group(form: Any, municipality_id: int) -> tuple[dict[str, Any] | None, str | None]:
    text = str(form.get("group", ""))
    if not text:
        return None, None
    for group in await groups(municipality_id):
        if str(group["id"]) == text:
            return group, None
    return None, _("Choose a group from the list.")


def _back(group: dict[str, Any] | None, **params: int) -> str:
    query = [f"group={group['id']}"] if group else []
    query += [f"{key}={value}" for key, value in params.items()]
    return "/municipality/home-children" + ("?" + "&".join(query) if query else "")


@post("/home-children/import", opt={**WRITE, CREATES: True})
async def import_population(request: AnyRequest) -> Response[Any]:
    user = user_of(request)
    municipality_id = municipality_of(user)
    form = await request.form()
    group, group_error = await _form_group(form, municipality_id)
    file = form.get("file")
    content = await file.read() if isinstance(file, UploadFile) else b""
    errors = [group_error] if group_error else []
    checked = population.Checked()
    if not content:
        errors.append(_("Choose the CSV file of the population data."))
    elif not errors:
        try:
            rows = population.read_csv(content)
        except population.FileProblem as problem:
            errors.append(str(problem))
        else:
            checked = await population.check(
                rows, municipality_id, group["id"] if group else None, date.today()
            )
    if errors or checked.problems:
        await record(request, "municipality.home_child.import", Outcome.failed)
        return await _register_page(
            request,
            group,
            errors=errors
            or [_("Nothing was imported: correct these lines and import the file again.")],
            problems=checked.problems,
            status_code=HTTP_400_BAD_REQUEST,
        )
    added = await population.write(
        checked, municipality_id, group["id"] if group else None, user.id, "import"
    )
    await record(
        request,
        "municipality.home_child.import",
        object_type="child",
        object_id=",".join(map(str, added)) or None,
    )
    return Redirect(_back(group, added=len(added), skipped=len(checked.skipped)), status_code=303)


@post("/home-children/add", opt={**WRITE, CREATES: True})
async def add_child(request: AnyRequest) -> Response[Any]:
    user = user_of(request)
    municipality_id = municipality_of(user)
    form = await request.form()
    group, group_error = await _form_group(form, municipality_id)
    values = {column: str(form.get(column, "")).strip() for column in population.COLUMNS}
    checked = population.Checked()
    if not group_error:
        checked = await population.check(
            [(0, values)], municipality_id, group["id"] if group else None, date.today()
        )
    errors = [group_error] if group_error else [problem for _line, problem in checked.problems]
    errors += [reason for _line, reason in checked.skipped]
    if errors:
        return await _register_page(
            request, group, errors=errors, values=values, status_code=HTTP_400_BAD_REQUEST
        )
    added = await population.write(
        checked, municipality_id, group["id"] if group else None, user.id, "manual"
    )
    await record(request, "municipality.home_child.added", object_type="child", object_id=added[0])
    return Redirect(_back(group, added=1), status_code=303)


@post("/home-children/groups", opt={**WRITE, CREATES: True})
async def add_group(request: AnyRequest) -> Response[Any]:
    user = user_of(request)
    municipality_id = municipality_of(user)
    form = await request.form()
    name = str(form.get("name", "")).strip()
    description = str(form.get("description", "")).strip()
    taken = {group["name"].casefold() for group in await groups(municipality_id)}
    errors = []
    if not name or len(name) > 200:
        errors.append(_("Name the group (at most 200 characters)."))
    elif name.casefold() in taken:
        errors.append(_("The municipality has a group of this name already."))
    if len(description) > TEXT_LIMIT:
        errors.append(_("The description is longer than 5000 characters."))
    if errors:
        return await _register_page(
            request,
            None,
            errors=errors,
            values={"name": name, "description": description},
            status_code=HTTP_400_BAD_REQUEST,
        )
    [group] = await HomeGroup.insert(
        HomeGroup(
            municipality=municipality_id, name=name, description=description, created_by=user.id
        )
    ).returning(HomeGroup.id)
    await record(
        request, "municipality.home_group.added", object_type="home_group", object_id=group["id"]
    )
    return Redirect(f"/municipality/home-children?group={group['id']}", status_code=303)


async def _entry_or_404(request: AnyRequest, entry_id: int, action: str) -> dict[str, Any]:
    municipality_id = municipality_of(user_of(request))
    child: Any = HomeChild.child
    group: Any = HomeChild.home_group
    entry: dict[str, Any] | None = (
        await HomeChild.select(
            *HomeChild.all_columns(),
            child.given_name.as_alias("given_name"),
            child.family_name.as_alias("family_name"),
            child.date_of_birth.as_alias("date_of_birth"),
            group.name.as_alias("group_name"),
        )
        .where((HomeChild.id == entry_id) & (HomeChild.municipality == municipality_id))
        .first()
    )
    if entry is None:
        await record(request, action, Outcome.denied, object_type="home_child", object_id=entry_id)
        raise NotFoundException()
    return entry


async def _entry_page(
    request: AnyRequest,
    entry: dict[str, Any],
    errors: list[str] | None = None,
    values: dict[str, str] | None = None,
    status_code: int = 200,
) -> Template:
    outreach = (
        await Outreach.select(
            *Outreach.all_columns(), Outreach.recorded_by.full_name.as_alias("recorder")
        )
        .where(Outreach.entry == entry["id"])
        .order_by(Outreach.done_on, ascending=False)
    )
    await record(
        request, "municipality.home_child.viewed", object_type="child", object_id=entry["child"]
    )
    return page(
        request,
        "municipality/insight/home_child.html",
        {
            "entry": entry,
            "outreach": outreach,
            "kinds": OUTREACH_KINDS,
            "outcomes": OUTREACH_OUTCOMES,
            "errors": errors or [],
            "values": values or {},
        },
        status_code=status_code,
    )


@get("/home-children/{entry_id:int}", opt=VIEW)
async def entry_page(request: AnyRequest, entry_id: FromPath[int]) -> Template:
    entry = await _entry_or_404(request, entry_id, "municipality.home_child.viewed")
    return await _entry_page(request, entry)


@post("/home-children/{entry_id:int}/outreach", opt={**WRITE, CREATES: True})
async def add_outreach(request: AnyRequest, entry_id: FromPath[int]) -> Response[Any]:
    user = user_of(request)
    entry = await _entry_or_404(request, entry_id, "municipality.outreach.added")
    form = await request.form()
    values = {
        key: str(form.get(key, "")).strip()
        for key in ("kind", "done_on", "outcome", "by_whom", "note")
    }
    errors = []
    if values["kind"] not in OutreachKind.__members__:
        errors.append(_("Choose the kind of outreach."))
    done_on = None
    try:
        done_on = parse_date(values["done_on"])
    except ValueError as bad:
        errors.append(str(bad))
    if done_on is not None and done_on > date.today():
        errors.append(_("The date of the outreach is in the future."))
    if values["outcome"] not in OutreachOutcome.__members__:
        errors.append(_("Choose the outcome."))
    if len(values["by_whom"]) > 200 or len(values["note"]) > TEXT_LIMIT:
        errors.append(_("Who made the contact: at most 200 characters; the note: at most 5000."))
    if errors:
        return await _entry_page(request, entry, errors, values, HTTP_400_BAD_REQUEST)
    await Outreach.insert(
        Outreach(
            entry=entry_id,
            kind=values["kind"],
            done_on=done_on,
            outcome=values["outcome"],
            by_whom=values["by_whom"],
            note=values["note"],
            recorded_by=user.id,
        )
    )
    await record(
        request, "municipality.outreach.added", object_type="child", object_id=entry["child"]
    )
    return Redirect(f"/municipality/home-children/{entry_id}", status_code=303)


ROUTES = (
    register_page,
    not_reached_page,
    import_population,
    add_child,
    add_group,
    entry_page,
    add_outreach,
)
