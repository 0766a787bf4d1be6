"""The county plugin's hooks: each gathers what the plugin's parts give (`part.Part`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from core.api import (
    N_,
    AnyRequest,
    CaseView,
    ConsentPurpose,
    CurrentUser,
    DemoContext,
    ExportSection,
    JobHandler,
    NavItem,
    Panel,
    PeriodicJob,
    Permission,
    PluginDescription,
    Role,
    hookimpl,
)
from plugins.county import competence, contacts, dashboard, demo, documents, meetings, services
from plugins.county.agreements import PART as AGREEMENTS
from plugins.county.crossing import PART as CROSSING
from plugins.county.leaving import PART as LEAVING
from plugins.county.part import Part
from plugins.county.requests import PART as REQUESTS
from plugins.county.requests import PURPOSE as REQUESTS_PURPOSE
from plugins.county.roles import PERMISSIONS, ROLES

HERE = Path(__file__).parent
PARTS: tuple[Part, ...] = (
    CROSSING,
    REQUESTS,
    services.PART,
    contacts.PART,
    AGREEMENTS,
    meetings.PART,
    competence.PART,
    dashboard.PART,
    documents.PART,
    LEAVING,
)
DESCRIPTION = PluginDescription(
    N_("County level: cooperation between the county's municipalities"),
    (N_("The county coordinator's post, which sees no child's record"),),
)


@hookimpl
def heaolu_plugin_description() -> PluginDescription:
    return DESCRIPTION


@hookimpl
def heaolu_consent_purposes() -> Sequence[ConsentPurpose]:
    return [REQUESTS_PURPOSE, services.pages.PURPOSE, competence.CONSENT]


@hookimpl
def heaolu_piccolo_apps() -> Sequence[str]:
    return ["plugins.county.piccolo_app"]


@hookimpl
def heaolu_template_dirs() -> Sequence[Path]:
    return [HERE / "templates"]


@hookimpl
def heaolu_locale_dirs() -> Sequence[Path]:
    return [HERE / "locale"]


@hookimpl
def heaolu_permissions() -> Sequence[Permission]:
    return PERMISSIONS


@hookimpl
def heaolu_roles() -> Sequence[Role]:
    return ROLES


@hookimpl
def heaolu_routes() -> Sequence[Any]:
    return [route for part in PARTS for route in part.routes]


@hookimpl
def heaolu_audit_actions() -> Mapping[str, str]:
    return {key: label for part in PARTS for key, label in part.action_labels.items()}


@hookimpl
def heaolu_audit_object_types() -> Mapping[str, str]:
    return {key: label for part in PARTS for key, label in part.object_type_labels.items()}


@hookimpl
def heaolu_periodic_jobs() -> Sequence[PeriodicJob]:
    return [job for part in PARTS for job in part.periodic_jobs]


@hookimpl
def heaolu_job_handlers() -> dict[str, JobHandler]:
    return {kind: handler for part in PARTS for kind, handler in part.job_handlers.items()}


@hookimpl
def heaolu_nav_items(user: CurrentUser | None) -> Sequence[NavItem]:
    if user is None:
        return []
    return [item for part in PARTS for item in part.nav_items(user)]


@hookimpl
async def heaolu_dashboard_panels(request: AnyRequest, user: CurrentUser) -> Sequence[Panel]:
    return [panel for part in PARTS for panel in await part.dashboard_panels(request, user)]


@hookimpl
async def heaolu_case_panels(
    request: AnyRequest, user: CurrentUser, case: CaseView
) -> Sequence[Panel]:
    return [panel for part in PARTS for panel in await part.case_panels(request, user, case)]


@hookimpl
async def heaolu_child_export(
    user: CurrentUser, child_ids: Sequence[int]
) -> Sequence[ExportSection]:
    return [section for part in PARTS for section in await part.child_export(user, child_ids)]


@hookimpl
async def heaolu_merge_children(merged_id: int, survivor_id: int) -> None:
    for part in PARTS:
        await part.merge_children(merged_id, survivor_id)


@hookimpl
async def heaolu_after_consent_withdrawn(
    consent: Mapping[str, Any], user: CurrentUser, request: AnyRequest
) -> None:
    for part in PARTS:
        await part.consent_withdrawn(consent, user, request)


@hookimpl
async def heaolu_demo_data(ctx: DemoContext) -> None:
    await demo.seed_accounts(ctx)
    for part in PARTS:
        await part.seed(ctx)
