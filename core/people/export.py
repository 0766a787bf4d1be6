"""A child's full record, for a guardian's access request (GDPR art. 15): JSON and a printable
page. Only a user who may see the child and holds ``core.child.export`` gets it; every export
is audited."""

from __future__ import annotations

import functools
import json
import operator
import re
from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from litestar import Request, Response, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Template
from piccolo.columns.combination import WhereRaw
from piccolo.custom_types import Combinable

from core.access import may_see_child
from core.audit.log import Outcome, record
from core.audit.tables import AuditEvent
from core.auth.current import CurrentUser
from core.auth.permissions import EXPORT_CHILD
from core.cases.export import case_records
from core.cases.labels import (
    CASE_STATUSES,
    CONCERNS,
    HANDOVER_STATUSES,
    SENSITIVITIES,
    TASK_STATUSES,
)
from core.consent.attachments import attachments_of
from core.consent.panel import labelled_records
from core.pages import current_user, page, plugins_of
from core.people.tables import Child, ChildChange, Enrolment, Guardian, GuardianLink, Organisation
from core.plugins import Plugins
from core.registry import ExportSection

AnyRequest = Request[Any, Any, Any]
EXPORT = {"permission": EXPORT_CHILD}


async def child_record(
    child_id: int, plugins: Plugins, user: CurrentUser, audit_days: int
) -> dict[str, Any]:
    """Everything heaolu holds about the child, linked records included: the child's earlier
    records merged into this one, guardians, enrolments, corrections, consents (with
    withdrawals and evidence), sharing without consent (with its legal basis), the files'
    metadata (never their content), the cases, forms and noticing reports as far as ``user``
    may see them (`core.cases.export`), and the audit rows about all of these, which cover the
    last ``audit_days`` days."""
    purposes = plugins.consent_purposes
    child = await Child.select().where(Child.id == child_id).first()
    merged = await _merged_into(child_id)
    records = [child_id, *(row["id"] for row in merged)]
    links = await GuardianLink.select().where(GuardianLink.child == child_id)
    organisation: Any = Enrolment.organisation
    unit: Any = Enrolment.unit
    enrolments = await Enrolment.select(
        *Enrolment.all_columns(),
        organisation.name.as_alias("organisation_name"),
        unit.name.as_alias("unit_name"),
    ).where(Enrolment.child == child_id)
    corrections = (
        await ChildChange.select()
        .where(ChildChange.child.is_in(records))
        .order_by(ChildChange.changed_at)
    )
    consents, overrides = await labelled_records(child_id, purposes, date.today())
    guardians = await Guardian.select().where(
        Guardian.id.is_in([row["guardian"] for row in [*links, *consents]] or [0])
    )
    names = {row["id"]: f"{row['given_name']} {row['family_name']}" for row in guardians}
    for row in consents:
        row["guardian_name"] = names.get(row["guardian"], "")
    from_names = await _organisation_names([row["from_organisation"] for row in overrides])
    for row in overrides:
        row["from_organisation_name"] = from_names.get(row["from_organisation"], "")
    attachments = await attachments_of([child_id])
    linked = {row["guardian"] for row in links}
    cases = await case_records(plugins, user, child_id, records)
    sections: list[ExportSection] = await plugins.call_for(
        plugins.names, "heaolu_child_export", user=user, child_ids=records
    )
    return {
        "child": child,
        "merged_records": merged,
        "guardians": [row for row in guardians if row["id"] in linked],
        "guardian_links": links,
        "enrolments": enrolments,
        "corrections": corrections,
        "consents": consents,
        "share_overrides": overrides,
        "attachments": attachments,
        **cases,
        "plugins": [
            {
                "key": section.key,
                "label": section.label,
                "columns": [list(column) for column in section.columns],
                "rows": list(section.rows),
            }
            for section in sections
        ],
        "access_log": await _access_log(
            records,
            {
                "consent": consents,
                "share_override": overrides,
                "attachment": attachments,
                "case": cases["cases"],
                "form_submission": cases["form_submissions"],
                "report": cases["reports"],
            },
        ),
        "access_log_days": audit_days,
        "exported_at": datetime.now().astimezone(),
    }


async def _organisation_names(ids: list[int]) -> dict[int, str]:
    rows = await Organisation.select(Organisation.id, Organisation.name).where(
        Organisation.id.is_in(ids or [0])
    )
    return {row["id"]: row["name"] for row in rows}


async def _merged_into(child_id: int) -> list[dict[str, Any]]:
    """The records merged into the child's record, directly or through another merged one."""
    found: list[dict[str, Any]] = []
    seen, wanted = {child_id}, [child_id]
    while wanted:
        rows = await Child.select().where(Child.merged_into.is_in(wanted)).order_by(Child.id)
        rows = [row for row in rows if row["id"] not in seen]
        seen.update(row["id"] for row in rows)
        found += rows
        wanted = [row["id"] for row in rows]
    return found


async def _access_log(
    records: list[int], linked: Mapping[str, list[dict[str, Any]]]
) -> list[dict[str, Any]]:
    """The audit rows about the child's records (alone, in a list or in a merge) and about the
    ``linked`` records by object type (consents, overrides, files, cases, forms, reports). A
    row about several children or cases names only this child's: the export tells nothing
    about other children."""
    conditions: list[Combinable] = [_names_id("child", record_id) for record_id in records]
    cases = [row["id"] for row in linked.get("case", [])]
    conditions += [_names_id("case", case_id) for case_id in cases]
    for object_type, rows in linked.items():
        if rows and object_type != "case":
            ids = [str(row["id"]) for row in rows]
            conditions.append(
                (AuditEvent.object_type == object_type) & AuditEvent.object_id.is_in(ids)
            )
    where = functools.reduce(operator.or_, conditions)
    events = (
        await AuditEvent.select(
            AuditEvent.at,
            AuditEvent.user_id,
            AuditEvent.role,
            AuditEvent.organisation_id,
            AuditEvent.action,
            AuditEvent.outcome,
            AuditEvent.object_type,
            AuditEvent.object_id,
        )
        .where(where)
        .order_by(AuditEvent.id)
    )
    own = {"child": {str(i) for i in records}, "case": {str(i) for i in cases}}
    for event in events:
        if event["object_type"] in own:
            named = re.split("[,>]", event["object_id"])
            event["object_id"] = ",".join(i for i in named if i in own[event["object_type"]])
    return events


def _names_id(object_type: str, object_id: int) -> Combinable:
    """An audit row about ``object_type`` whose ``object_id`` (one id, a list "1,2,3" or a
    merge "1>2") names ``object_id``."""
    return (AuditEvent.object_type == object_type) & WhereRaw(
        "',' || replace(object_id, '>', ',') || ',' LIKE {}", f"%,{object_id},%"
    )


async def _exportable(request: AnyRequest, child_id: int) -> None:
    if not await may_see_child(request, child_id):
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


async def _record_for(request: AnyRequest, child_id: int) -> dict[str, Any]:
    settings = request.app.state.settings
    user = current_user(request)
    assert user is not None  # the guard lets only logged-in users export
    return await child_record(child_id, plugins_of(request), user, settings.audit_retention_days)


def _json_default(value: object) -> str:
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(f"cannot export {type(value).__name__}")


@get("/children/{child_id:int}/export.json", opt=EXPORT)
async def export_json(request: AnyRequest, child_id: FromPath[int]) -> Response[bytes]:
    await _exportable(request, child_id)
    body = json.dumps(
        await _record_for(request, child_id), default=_json_default, ensure_ascii=False, indent=2
    ).encode()
    return Response(
        body,
        media_type="application/json",
        headers={"content-disposition": f'attachment; filename="child-{child_id}.json"'},
    )


@get("/children/{child_id:int}/export", opt=EXPORT)
async def export_page(request: AnyRequest, child_id: FromPath[int]) -> Template:
    await _exportable(request, child_id)
    return page(
        request,
        "people/child_export.html",
        {
            "data": await _record_for(request, child_id),
            "case_statuses": CASE_STATUSES,
            "concerns": CONCERNS,
            "handover_statuses": HANDOVER_STATUSES,
            "sensitivities": SENSITIVITIES,
            "task_statuses": TASK_STATUSES,
        },
    )


ROUTES = (export_json, export_page)
