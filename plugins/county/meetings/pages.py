"""The county's meetings (the union's meetings with the municipalities' teams, the welfare
leads' network, trainings, supervision) with attendance and their meetings-a-year status, the
county's annual action plan, and the library of materials and good practices.

The county coordinator keeps them; every logged-in user reads them. Nothing here names a
child."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from litestar import Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template

from core.api import (
    AUTHENTICATED,
    CREATES,
    N_,
    RHYTHM_LABELS,
    AnyRequest,
    InputError,
    Municipality,
    YearRhythm,
    bounded_text,
    fold,
    form_page,
    format_date,
    id_or_none,
    parse_date,
    parse_year,
    record,
    search_term,
    translated,
    user_of,
    year_rhythm,
)
from core.api import gettext as _
from plugins.county.meetings.tables import (
    CountyAttendance,
    CountyMaterial,
    CountyMeeting,
    CountyPlan,
    MaterialKind,
    MeetingKind,
    MeetingStatus,
)
from plugins.county.roles import COORDINATE

READ = {"permission": AUTHENTICATED}
KEEP = {"permission": COORDINATE}
LINE = 300
TEXT = 20_000
LINK = 1000
FIRST_YEAR = 2000

KINDS = {
    MeetingKind.union: N_("The union's meeting with the municipalities' teams"),
    MeetingKind.leads: N_("Welfare leads' network"),
    MeetingKind.training: N_("Training"),
    MeetingKind.supervision: N_("Supervision"),
}
STATUSES = {
    MeetingStatus.planned: N_("planned"),
    MeetingStatus.held: N_("held"),
    MeetingStatus.cancelled: N_("cancelled"),
}
MATERIAL_KINDS = {
    MaterialKind.material: N_("Material"),
    MaterialKind.good_practice: N_("Good practice"),
}
A_YEAR = {MeetingKind.union: 2, MeetingKind.leads: 4}
"""The cooperation agreement: the union meets the municipalities' teams at least twice a year,
the welfare leads' network at least four times."""


def _year(request: AnyRequest) -> int:
    value = str(request.query_params.get("year", "")).strip()
    try:
        return parse_year(value, FIRST_YEAR, date.today().year + 5) if value else date.today().year
    except InputError:
        return date.today().year


def year_days(year: int) -> tuple[date, date]:
    """The first and the last day of ``year``."""
    return date(year, 1, 1), date(year, 12, 31)


def on_days(first: Any, last: Any) -> Any:
    """The meetings from ``first`` to ``last``, both days included."""
    return (CountyMeeting.meets_on >= first) & (CountyMeeting.meets_on <= last)


def in_year(year: int) -> Any:
    return on_days(*year_days(year))


def rhythm(rows: list[dict[str, Any]], kind: MeetingKind, year: int, today: date) -> YearRhythm:
    """The year's status of one kind of meeting with a required number a year."""
    of_kind = [row for row in rows if row["kind"] == kind.value]
    held = [row["meets_on"] for row in of_kind if row["status"] == MeetingStatus.held.value]
    planned = [row["meets_on"] for row in of_kind if row["status"] == MeetingStatus.planned.value]
    return year_rhythm(year, held, planned, today, A_YEAR[kind])


async def municipalities() -> list[dict[str, Any]]:
    """Every municipality (id, name), by name."""
    towns: list[dict[str, Any]] = await Municipality.select(
        Municipality.id, Municipality.name
    ).order_by(Municipality.name)
    return towns


async def union_status_by_municipality(
    year: int,
    today: date,
    of_year: list[dict[str, Any]],
    towns: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    """Per municipality of ``towns`` (id, name), the twice-a-year status of the union's
    meetings it attended (planned union meetings count for every municipality), from the
    meetings of ``year`` (``of_year``: id, kind, meets_on and status of each)."""
    meetings = [row for row in of_year if row["kind"] == MeetingKind.union.value]
    held_ids = {row["id"]: row["meets_on"] for row in meetings if row["status"] == "held"}
    planned = [row["meets_on"] for row in meetings if row["status"] == "planned"]
    present: dict[int, list[date]] = {}
    if held_ids:
        for row in await CountyAttendance.select().where(
            CountyAttendance.meeting.is_in(list(held_ids))
        ):
            present.setdefault(row["municipality"], []).append(held_ids[row["meeting"]])
    return [
        {
            "name": town["name"],
            "rhythm": year_rhythm(year, present.get(town["id"], []), planned, today, 2),
        }
        for town in towns
    ]


async def meetings_page(
    request: AnyRequest,
    year: int,
    errors: list[str] | None = None,
    values: dict[str, str] | None = None,
    form: str = "",
) -> Template:
    rows = await CountyMeeting.select().where(in_year(year)).order_by(CountyMeeting.meets_on)
    today = date.today()
    plan = await CountyPlan.select().where(CountyPlan.year == year).first()
    return form_page(
        request,
        "county/meetings/meetings.html",
        {
            "year": year,
            "years": list(range(today.year + 1, today.year - 4, -1)),
            "meetings": rows,
            "rhythms": [
                (_(KINDS[kind]), rhythm(rows, kind, year, today))
                for kind in (MeetingKind.union, MeetingKind.leads)
            ],
            "by_municipality": await union_status_by_municipality(
                year, today, rows, await municipalities()
            ),
            "rhythm_labels": translated(RHYTHM_LABELS),
            "kinds": translated(KINDS),
            "statuses": translated(STATUSES),
            "plan": plan,
            "may_keep": user_of(request).can(COORDINATE),
            "values": values or {},
            "open_form": form,
        },
        errors,
    )


@get("/meetings", opt=READ)
async def meetings(request: AnyRequest) -> Template:
    return await meetings_page(request, _year(request))


def _values(form: Any) -> dict[str, str]:
    return {key: str(value) for key, value in form.items() if not key.startswith("_")}


def _meeting_fields(values: dict[str, str], errors: list[str]) -> tuple[date | None, str, str]:
    meets_on = None
    try:
        meets_on = parse_date(values.get("meets_on", ""))
    except InputError as problem:
        errors.append(str(problem))
    title = notes = ""
    try:
        title = bounded_text(values.get("title", ""), LINE)
        notes = bounded_text(values.get("notes", ""), TEXT, multiline=True)
    except InputError as problem:
        errors.append(str(problem))
    if not title and not errors:
        errors.append(_("Write the meeting's title."))
    return meets_on, title, notes


@post("/meetings", opt={**KEEP, CREATES: True})
async def plan_meeting(request: AnyRequest) -> Response[Any]:
    values = _values(await request.form())
    errors: list[str] = []
    meets_on, title, notes = _meeting_fields(values, errors)
    kind = values.get("kind", "")
    if kind not in MeetingKind.__members__:
        errors.append(_("Choose the kind of meeting."))
    if errors or meets_on is None:
        return await meetings_page(request, _year(request), errors, values, "meeting")
    [added] = await CountyMeeting.insert(
        CountyMeeting(
            kind=kind,
            title=title,
            meets_on=meets_on,
            notes=notes,
            updated_by=user_of(request).id,
        )
    ).returning(CountyMeeting.id)
    await record(
        request, "county.meeting_planned", object_type="county_meeting", object_id=added["id"]
    )
    return Redirect(f"/county/meetings/{added['id']}", status_code=303)


@post("/meetings/plan", opt=KEEP)
async def save_plan(request: AnyRequest) -> Response[Any]:
    """The year's action plan (one a year; saving again replaces it)."""
    values = _values(await request.form())
    year = _year(request)
    try:
        text = bounded_text(values.get("plan", ""), TEXT, multiline=True)
    except InputError as problem:
        return await meetings_page(request, year, [str(problem)], values, "plan")
    if not text:
        return await meetings_page(
            request, year, [_("Write the year's action plan.")], values, "plan"
        )
    user = user_of(request)
    if await CountyPlan.exists().where(CountyPlan.year == year):
        await CountyPlan.update(
            {
                CountyPlan.text: text,
                CountyPlan.updated_by: user.id,
                CountyPlan.updated_at: datetime.now(tz=UTC),
            }
        ).where(CountyPlan.year == year)
    else:
        await CountyPlan(year=year, text=text, updated_by=user.id).save()
    await record(request, "county.plan_saved", object_type="county_plan", object_id=year)
    return Redirect(f"/county/meetings?year={year}", status_code=303)


async def _meeting(meeting_id: int) -> dict[str, Any]:
    row: dict[str, Any] | None = (
        await CountyMeeting.select().where(CountyMeeting.id == meeting_id).first()
    )
    if row is None:
        raise NotFoundException()
    return row


async def meeting_page(
    request: AnyRequest,
    meeting: dict[str, Any],
    errors: list[str] | None = None,
    values: dict[str, str] | None = None,
) -> Template:
    attendance = {
        row["municipality"]: row["attendees"]
        for row in await CountyAttendance.select().where(CountyAttendance.meeting == meeting["id"])
    }
    if values is None:
        values = {
            "title": meeting["title"],
            "notes": meeting["notes"],
            "status": meeting["status"],
            "meets_on": format_date(meeting["meets_on"]),
            **{f"present_{town}": "on" for town in attendance},
            **{f"attendees_{town}": names for town, names in attendance.items()},
        }
    return form_page(
        request,
        "county/meetings/meeting.html",
        {
            "meeting": meeting,
            "municipalities": await municipalities(),
            "attendance": attendance,
            "materials": await CountyMaterial.select()
            .where(CountyMaterial.meeting == meeting["id"])
            .order_by(CountyMaterial.title),
            "kinds": translated(KINDS),
            "statuses": translated(STATUSES),
            "material_kinds": translated(MATERIAL_KINDS),
            "may_keep": user_of(request).can(COORDINATE),
            "values": values,
        },
        errors,
    )


@get("/meetings/{meeting_id:int}", opt=READ)
async def meeting(request: AnyRequest, meeting_id: FromPath[int]) -> Template:
    return await meeting_page(request, await _meeting(meeting_id))


@post("/meetings/{meeting_id:int}", opt=KEEP)
async def record_meeting(request: AnyRequest, meeting_id: FromPath[int]) -> Response[Any]:
    """Record the meeting: its day, status, notes, and which municipalities attended and who."""
    found = await _meeting(meeting_id)
    values = _values(await request.form())
    errors: list[str] = []
    meets_on, title, notes = _meeting_fields(values, errors)
    status = values.get("status", "")
    if status not in MeetingStatus.__members__:
        errors.append(_("Choose the meeting's status."))
    towns = {row["id"] for row in await Municipality.select(Municipality.id)}
    present: dict[int, str] = {}
    for key in values:
        town = id_or_none(key.removeprefix("present_")) if key.startswith("present_") else None
        if town in towns and town is not None:
            try:
                present[town] = bounded_text(values.get(f"attendees_{town}", ""), LINE)
            except InputError as problem:
                errors.append(str(problem))
    if status == MeetingStatus.held.value:
        if meets_on and meets_on > date.today():
            errors.append(_("A meeting cannot be marked held before its day."))
        if not present:
            errors.append(_("Mark which municipalities attended the held meeting."))
    if errors or meets_on is None:
        return await meeting_page(request, found, errors, values)
    await CountyMeeting.update(
        {
            CountyMeeting.meets_on: meets_on,
            CountyMeeting.title: title,
            CountyMeeting.notes: notes,
            CountyMeeting.status: status,
            CountyMeeting.updated_by: user_of(request).id,
            CountyMeeting.updated_at: datetime.now(tz=UTC),
        }
    ).where(CountyMeeting.id == meeting_id)
    await CountyAttendance.delete().where(CountyAttendance.meeting == meeting_id)
    if present:
        await CountyAttendance.insert(
            *(
                CountyAttendance(meeting=meeting_id, municipality=town, attendees=names)
                for town, names in sorted(present.items())
            )
        )
    await record(
        request, "county.meeting_recorded", object_type="county_meeting", object_id=meeting_id
    )
    return Redirect(f"/county/meetings/{meeting_id}", status_code=303)


# --- The library ---------------------------------------------------------------------------------


async def library_page(
    request: AnyRequest,
    errors: list[str] | None = None,
    values: dict[str, str] | None = None,
) -> Template:
    term = search_term(request.query_params.get("q", ""))
    folded = fold(term)
    rows = await CountyMaterial.select().order_by(CountyMaterial.added_at, ascending=False)
    found = [row for row in rows if folded in row["folded"]] if folded else rows
    return form_page(
        request,
        "county/meetings/library.html",
        {
            "term": term,
            "materials": found,
            "meetings": await CountyMeeting.select(
                CountyMeeting.id, CountyMeeting.title, CountyMeeting.meets_on
            ).order_by(CountyMeeting.meets_on, ascending=False),
            "material_kinds": translated(MATERIAL_KINDS),
            "may_keep": user_of(request).can(COORDINATE),
            "values": values or {},
        },
        errors,
    )


@get("/meetings/library", opt=READ)
async def library(request: AnyRequest) -> Template:
    return await library_page(request)


@post("/meetings/library", opt={**KEEP, CREATES: True})
async def add_material(request: AnyRequest) -> Response[Any]:
    values = _values(await request.form())
    errors: list[str] = []
    title = text = link = ""
    try:
        title = bounded_text(values.get("title", ""), LINE)
        text = bounded_text(values.get("text", ""), TEXT, multiline=True)
        link = bounded_text(values.get("link", ""), LINK)
    except InputError as problem:
        errors.append(str(problem))
    kind = values.get("kind", "")
    if kind not in MaterialKind.__members__:
        errors.append(_("Choose whether it is a material or a good practice."))
    if not errors and not title:
        errors.append(_("Write the material's title."))
    if not errors and not (text or link):
        errors.append(_("Write the material's text or give its link."))
    if link and not link.startswith(("https://", "http://")):
        errors.append(_("A link begins with https:// or http://."))
    meeting_id = id_or_none(values.get("meeting", "")) if values.get("meeting") else None
    if values.get("meeting") and (
        meeting_id is None or not await CountyMeeting.exists().where(CountyMeeting.id == meeting_id)
    ):
        errors.append(_("Choose the meeting from the list."))
    if errors:
        return await library_page(request, errors, values)
    [added] = await CountyMaterial.insert(
        CountyMaterial(
            title=title,
            kind=kind,
            text=text,
            link=link,
            meeting=meeting_id,
            folded=fold(f"{title} {text}"),
            added_by=user_of(request).id,
        )
    ).returning(CountyMaterial.id)
    await record(
        request, "county.material_added", object_type="county_material", object_id=added["id"]
    )
    return Redirect("/county/meetings/library", status_code=303)


ROUTES = (meetings, plan_meeting, save_plan, meeting, record_meeting, library, add_material)
