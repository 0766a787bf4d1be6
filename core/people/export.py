"""A child's full record, for a guardian's access request (GDPR art. 15): JSON and a printable
page. Only a user who may see the child and holds ``core.child.export`` gets it; every export
is audited."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from litestar import Request, Response, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Template

from core.audit.log import Outcome, record
from core.audit.tables import AuditEvent
from core.auth.permissions import EXPORT_CHILD
from core.db import WRITES
from core.pages import current_user, page
from core.people.access import visible_child_ids
from core.people.tables import Child, Enrolment, Guardian, GuardianLink

AnyRequest = Request[Any, Any, Any]
EXPORT = {"permission": EXPORT_CHILD, WRITES: True}


async def child_record(child_id: int) -> dict[str, Any]:
    """Everything heaolu holds about the child, linked records included."""
    child = await Child.select().where(Child.id == child_id).first()
    links = await GuardianLink.select().where(GuardianLink.child == child_id)
    guardians = await Guardian.select().where(
        Guardian.id.is_in([link["guardian"] for link in links] or [0])
    )
    organisation: Any = Enrolment.organisation
    unit: Any = Enrolment.unit
    enrolments = await Enrolment.select(
        *Enrolment.all_columns(),
        organisation.name.as_alias("organisation_name"),
        unit.name.as_alias("unit_name"),
    ).where(Enrolment.child == child_id)
    views = await AuditEvent.select(
        AuditEvent.at,
        AuditEvent.user_id,
        AuditEvent.role,
        AuditEvent.organisation_id,
        AuditEvent.action,
        AuditEvent.outcome,
    ).where((AuditEvent.object_type == "child") & (AuditEvent.object_id == str(child_id)))
    return {
        "child": child,
        "guardians": guardians,
        "guardian_links": links,
        "enrolments": enrolments,
        "access_log": views,
        "exported_at": datetime.now().astimezone(),
    }


async def _exportable(request: AnyRequest, child_id: int) -> None:
    if child_id not in await visible_child_ids(current_user(request)):
        await record(
            request, "child.exported", Outcome.denied, object_type="child", object_id=child_id
        )
        raise NotFoundException()
    await record(
        request,
        "child.exported",
        object_type="child",
        object_id=child_id,
        purpose="data_subject_access",
    )


def _json_default(value: object) -> str:
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"cannot export {type(value).__name__}")


@get("/children/{child_id:int}/export.json", opt=EXPORT)
async def export_json(request: AnyRequest, child_id: FromPath[int]) -> Response[bytes]:
    await _exportable(request, child_id)
    body = json.dumps(
        await child_record(child_id), default=_json_default, ensure_ascii=False, indent=2
    ).encode()
    return Response(
        body,
        media_type="application/json",
        headers={"content-disposition": f'attachment; filename="child-{child_id}.json"'},
    )


@get("/children/{child_id:int}/export", opt=EXPORT)
async def export_page(request: AnyRequest, child_id: FromPath[int]) -> Template:
    await _exportable(request, child_id)
    return page(request, "people/child_export.html", {"data": await child_record(child_id)})


ROUTES = (export_json, export_page)
