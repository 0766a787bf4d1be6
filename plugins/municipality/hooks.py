"""The municipality plugin's hooks: each gathers what the plugin's three parts give."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from core.api import (
    N_,
    AnyRequest,
    CaseView,
    CommitmentFact,
    CurrentUser,
    DemoContext,
    ExportSection,
    FormSchema,
    JobHandler,
    NavItem,
    Panel,
    PeriodicJob,
    Permission,
    PluginDescription,
    Role,
    Submission,
    Workflow,
    hookimpl,
)
from plugins.municipality import casework, demo, insight, network, subject_access
from plugins.municipality.audit_labels import ACTION_LABELS, OBJECT_TYPE_LABELS
from plugins.municipality.roles import PERMISSIONS, ROLES

HERE = Path(__file__).parent
PARTS = (casework, network, insight)
DESCRIPTION = PluginDescription(
    N_("Municipality level: case management, network and overview"),
    (
        N_(
            "Stage-III case management: the case manager's workflow with the assessment, "
            "the cross-sector action plan and closing forms; round tables and their agreements"
        ),
        N_("Open cases of this workflow can no longer be moved on; escalation stays possible"),
        N_("Cooperation problems and the choice of case-manager posts"),
        N_("The cooperation network: representatives, rules, meetings and the annual plan"),
        N_("Statistics, transitions and the register of children at home"),
        N_('The municipality posts\' pages and panels on "my work"'),
    ),
)


@hookimpl
def heaolu_plugin_description() -> PluginDescription:
    return DESCRIPTION


@hookimpl
def heaolu_piccolo_apps() -> Sequence[str]:
    return ["plugins.municipality.piccolo_app"]


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
    return [route for part in PARTS for route in part.ROUTES]


@hookimpl
def heaolu_forms() -> Sequence[FormSchema]:
    return casework.FORMS


@hookimpl
def heaolu_case_workflows() -> Sequence[Workflow]:
    return casework.WORKFLOWS


@hookimpl
def heaolu_job_handlers() -> dict[str, JobHandler]:
    return casework.JOB_HANDLERS


@hookimpl
def heaolu_audit_actions() -> Mapping[str, str]:
    return ACTION_LABELS


@hookimpl
def heaolu_audit_object_types() -> Mapping[str, str]:
    return OBJECT_TYPE_LABELS


@hookimpl
def heaolu_periodic_jobs() -> Sequence[PeriodicJob]:
    return casework.PERIODIC_JOBS


@hookimpl
async def heaolu_case_manager_roles(municipality_id: int) -> Sequence[str]:
    return await casework.case_manager_roles(municipality_id)


@hookimpl
async def heaolu_after_form_saved(submission: Submission, user: CurrentUser) -> None:
    await insight.rajaleidja.decision_saved(submission, user)


@hookimpl
def heaolu_nav_items(user: CurrentUser | None) -> Sequence[NavItem]:
    if user is None:
        return []
    return [item for part in PARTS for item in part.nav_items(user)]


@hookimpl
async def heaolu_dashboard_panels(request: AnyRequest, user: CurrentUser) -> Sequence[Panel]:
    return [panel for part in PARTS for panel in await part.dashboard_panels(request, user)]


@hookimpl
async def heaolu_municipality_settings(
    request: AnyRequest, municipality_id: int
) -> Sequence[Panel]:
    return await casework.settings_panels(municipality_id, request.app.state.plugins)


@hookimpl
async def heaolu_case_panels(
    request: AnyRequest, user: CurrentUser, case: CaseView
) -> Sequence[Panel]:
    return await casework.case_panels(request, user, case)


@hookimpl
async def heaolu_child_export(
    user: CurrentUser, child_ids: Sequence[int]
) -> Sequence[ExportSection]:
    return await subject_access.child_export(user, child_ids)


@hookimpl
async def heaolu_merge_children(merged_id: int, survivor_id: int) -> None:
    await subject_access.merge_children(merged_id, survivor_id)


@hookimpl
async def heaolu_demo_data(ctx: DemoContext) -> None:
    await demo.seed(ctx)


@hookimpl
async def heaolu_commitment_facts(
    municipality_ids: Sequence[int], year: int
) -> Sequence[CommitmentFact]:
    return await network.commitment_facts(municipality_ids, year)
