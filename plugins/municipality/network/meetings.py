"""The network's meetings (planned, held with attendance, minutes and decisions, or cancelled),
the four-a-year status, and the year's action plan with its evaluation."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from litestar import Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template

from core.api import (
    CREATES,
    RHYTHM_LABELS,
    form_page,
    format_date,
    hx,
    id_or_none,
    parse_year,
    record,
)
from core.api import gettext as _
from plugins.municipality.network.common import (
    ACTIVITY_STATUSES,
    LINE_LIMIT,
    MANAGE,
    MEETING_STATUSES,
    TEXT_LIMIT,
    VIEW,
    AnyRequest,
    labels,
    municipality_of,
    optional_date,
    required_date,
    user_of,
    values_of,
)
from plugins.municipality.network.queries import representatives, rhythm_of
from plugins.municipality.network.tables import (
    ActivityStatus,
    Meeting,
    MeetingAttendance,
    MeetingStatus,
    PlanActivity,
    PlanEvaluation,
)
from plugins.municipality.roles import MANAGE_NETWORK

FIRST_YEAR = 2000


def _year(request: AnyRequest) -> int:
    value = str(request.query_params.get("year", "")).strip()
    return parse_year(value, FIRST_YEAR, date.today().year + 5) if value else date.today().year


async def meetings_page(
    request: AnyRequest,
    year: int,
    errors: list[str] | None = None,
    values: dict[str, str] | None = None,
    form: str = "",
) -> Template:
    municipality = municipality_of(request)
    meetings = (
        await Meeting.select()
        .where(
            (Meeting.municipality == municipality)
            & (Meeting.meets_on >= date(year, 1, 1))
            & (Meeting.meets_on <= date(year, 12, 31))
        )
        .order_by(Meeting.meets_on)
    )
    evaluation = (
        await PlanEvaluation.select()
        .where((PlanEvaluation.municipality == municipality) & (PlanEvaluation.year == year))
        .first()
    )
    return form_page(
        request,
        "municipality/network/meetings.html",
        {
            "year": year,
            "years": list(range(date.today().year + 1, date.today().year - 4, -1)),
            "meetings": meetings,
            "rhythm": await rhythm_of(municipality, date.today(), year),
            "rhythm_labels": labels(RHYTHM_LABELS),
            "meeting_labels": labels(MEETING_STATUSES),
            "activities": await PlanActivity.select()
            .where((PlanActivity.municipality == municipality) & (PlanActivity.year == year))
            .order_by(PlanActivity.due_on)
            .order_by(PlanActivity.id),
            "activity_labels": labels(ACTIVITY_STATUSES),
            "evaluation": evaluation,
            "may_manage": user_of(request).can(MANAGE_NETWORK),
            "values": values or {},
            "open_form": form,
        },
        errors,
    )


@get("/meetings", opt=VIEW)
async def meetings(request: AnyRequest) -> Template:
    return await meetings_page(request, _year(request))


def _to_year(year: int) -> Redirect:
    return Redirect(f"/municipality/meetings?year={year}", status_code=303)


def _meeting_values(values: dict[str, str], errors: list[str]) -> date | None:
    meets_on = required_date(values.get("meets_on", ""), errors)
    if not values.get("title") or len(values["title"]) > LINE_LIMIT:
        errors.append(_("Write the meeting's title."))
    for key in ("agenda", "minutes", "decisions"):
        if len(values.get(key, "")) > TEXT_LIMIT:
            errors.append(_("A text is too long (at most 20000 characters)."))
    return meets_on


@post("/meetings", opt={**MANAGE, CREATES: True})
async def plan_meeting(request: AnyRequest) -> Response[Any]:
    municipality = municipality_of(request)
    values = values_of(await request.form())
    errors: list[str] = []
    meets_on = _meeting_values(values, errors)
    if errors or meets_on is None:
        return await meetings_page(request, _year(request), errors, values, "meeting")
    [added] = await Meeting.insert(
        Meeting(
            municipality=municipality,
            meets_on=meets_on,
            title=values["title"],
            agenda=values.get("agenda", ""),
            updated_by=user_of(request).id,
        )
    ).returning(Meeting.id)
    await record(request, "network.meeting_planned", object_type="meeting", object_id=added["id"])
    return Redirect(f"/municipality/meetings/{added['id']}", status_code=303)


async def _meeting(municipality: int, meeting_id: int) -> dict[str, Any]:
    row: dict[str, Any] | None = (
        await Meeting.select()
        .where((Meeting.id == meeting_id) & (Meeting.municipality == municipality))
        .first()
    )
    if row is None:
        raise NotFoundException()
    return row


async def meeting_page(
    request: AnyRequest,
    meeting: dict[str, Any],
    errors: list[str] | None = None,
    values: dict[str, str] | None = None,
    present: set[int] | None = None,
) -> Template:
    municipality = municipality_of(request)
    members = await representatives(municipality)
    if present is None:
        present = {
            row["representative"]
            for row in await MeetingAttendance.select(MeetingAttendance.representative).where(
                MeetingAttendance.meeting == meeting["id"]
            )
        }
    return form_page(
        request,
        "municipality/network/meeting.html",
        {
            "meeting": meeting,
            "members": members,
            "present": present,
            "meeting_labels": labels(MEETING_STATUSES),
            "may_manage": user_of(request).can(MANAGE_NETWORK),
            "values": values
            or {
                **{key: str(value or "") for key, value in meeting.items()},
                "meets_on": format_date(meeting["meets_on"]),
            },
        },
        errors,
    )


@get("/meetings/{meeting_id:int}", opt=VIEW)
async def meeting(request: AnyRequest, meeting_id: FromPath[int]) -> Template:
    return await meeting_page(request, await _meeting(municipality_of(request), meeting_id))


@post("/meetings/{meeting_id:int}", opt=MANAGE)
async def update_meeting(request: AnyRequest, meeting_id: FromPath[int]) -> Response[Any]:
    """Record the meeting: its status, agenda, who was present, minutes and decisions."""
    municipality = municipality_of(request)
    found = await _meeting(municipality, meeting_id)
    form = await request.form()
    values = values_of(form)
    errors: list[str] = []
    meets_on = _meeting_values(values, errors)
    status = values.get("status", "")
    if status not in MeetingStatus.__members__:
        errors.append(_("Choose the meeting's status."))
    members = {row["id"] for row in await representatives(municipality)}
    chosen = map(id_or_none, form.getall("present", []))
    present = {person for person in chosen if person is not None} & members
    if status == MeetingStatus.held.value:
        if meets_on and meets_on > date.today():
            errors.append(_("A meeting cannot be marked held before its day."))
        if not present:
            errors.append(_("Mark who was present at the held meeting."))
    if errors or meets_on is None:
        return await meeting_page(request, found, errors, values, present)
    await Meeting.update(
        {
            Meeting.meets_on: meets_on,
            Meeting.title: values["title"],
            Meeting.agenda: values.get("agenda", ""),
            Meeting.minutes: values.get("minutes", ""),
            Meeting.decisions: values.get("decisions", ""),
            Meeting.status: status,
            Meeting.updated_by: user_of(request).id,
            Meeting.updated_at: datetime.now(tz=UTC),
        }
    ).where(Meeting.id == meeting_id)
    await MeetingAttendance.delete().where(MeetingAttendance.meeting == meeting_id)
    if present:
        await MeetingAttendance.insert(
            *(MeetingAttendance(meeting=meeting_id, representative=r) for r in sorted(present))
        )
    await record(request, "network.meeting_recorded", object_type="meeting", object_id=meeting_id)
    return Redirect(f"/municipality/meetings/{meeting_id}", status_code=303)


# --- The annual action plan ---------------------------------------------------------------------


@post("/meetings/plan/activities", opt={**MANAGE, CREATES: True})
async def add_activity(request: AnyRequest) -> Response[Any]:
    municipality = municipality_of(request)
    values = values_of(await request.form())
    year = _year(request)
    errors: list[str] = []
    if not values.get("title") or len(values["title"]) > TEXT_LIMIT:
        errors.append(_("Write the activity."))
    if not values.get("responsible") or len(values["responsible"]) > LINE_LIMIT:
        errors.append(_("Write who is responsible for the activity."))
    due_on = optional_date(values.get("due_on", ""), errors)
    if due_on and due_on.year != year:
        errors.append(_("The deadline must fall within the plan's year."))
    if errors:
        return await meetings_page(request, year, errors, values, "activity")
    [added] = await PlanActivity.insert(
        PlanActivity(
            municipality=municipality,
            year=year,
            title=values["title"],
            responsible=values["responsible"],
            due_on=due_on,
        )
    ).returning(PlanActivity.id)
    await record(request, "network.plan_changed", object_type="activity", object_id=added["id"])
    return _to_year(year)


@post("/meetings/plan/activities/{activity_id:int}/status", opt=MANAGE)
async def set_activity_status(request: AnyRequest, activity_id: FromPath[int]) -> Response[Any]:
    """Change an activity's status; HTMX gets the activity's row back."""
    municipality = municipality_of(request)
    activity = (
        await PlanActivity.select()
        .where((PlanActivity.id == activity_id) & (PlanActivity.municipality == municipality))
        .first()
    )
    if activity is None:
        raise NotFoundException()
    values = values_of(await request.form())
    status = values.get("status", "")
    if status not in ActivityStatus.__members__:
        return await meetings_page(
            request, activity["year"], [_("Choose the activity's status.")], values
        )
    await PlanActivity.update({PlanActivity.status: status}).where(PlanActivity.id == activity_id)
    await record(request, "network.plan_changed", object_type="activity", object_id=activity_id)
    if hx(request):
        activity["status"] = status
        return Template(
            "municipality/network/_activity.html",
            context={
                "activity": activity,
                "activity_labels": labels(ACTIVITY_STATUSES),
                "may_manage": True,
            },
        )
    return _to_year(activity["year"])


@post("/meetings/plan/evaluation", opt=MANAGE)
async def save_evaluation(request: AnyRequest) -> Response[Any]:
    """The year's evaluation of the plan (one per year; saving again replaces it)."""
    municipality = municipality_of(request)
    values = values_of(await request.form())
    year = _year(request)
    text = values.get("evaluation", "")
    if not text or len(text) > TEXT_LIMIT:
        return await meetings_page(
            request, year, [_("Write the year's evaluation.")], values, "evaluation"
        )
    user = user_of(request)
    where = (PlanEvaluation.municipality == municipality) & (PlanEvaluation.year == year)
    if await PlanEvaluation.exists().where(where):
        await PlanEvaluation.update(
            {
                PlanEvaluation.text: text,
                PlanEvaluation.updated_by: user.id,
                PlanEvaluation.updated_at: datetime.now(tz=UTC),
            }
        ).where(where)
    else:
        await PlanEvaluation(
            municipality=municipality, year=year, text=text, updated_by=user.id
        ).save()
    await record(
        request, "network.plan_changed", object_type="municipality", object_id=municipality
    )
    return _to_year(year)


ROUTES = (
    meetings,
    plan_meeting,
    meeting,
    update_meeting,
    add_activity,
    set_activity_status,
    save_evaluation,
)
