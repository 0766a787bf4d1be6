"""The kindergarten plugin's hooks: each gathers what the plugin's parts give."""

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
    FormSchema,
    NavItem,
    Panel,
    Permission,
    PluginDescription,
    Role,
    Workflow,
    hookimpl,
)
from core.api import gettext as _
from plugins.kindergarten import demo, groups, moving, school, subject_access
from plugins.kindergarten.audit_labels import ACTION_LABELS, OBJECT_TYPE_LABELS
from plugins.kindergarten.forms import FORMS
from plugins.kindergarten.roles import (
    MANAGE_TRANSITIONS,
    PERMISSIONS,
    ROLES,
    VIEW_GROUPS,
)
from plugins.kindergarten.workflow import PURPOSES, WORKFLOWS

HERE = Path(__file__).parent
DESCRIPTION = PluginDescription(
    N_("Kindergarten level: support in three stages"),
    (
        N_(
            "The kindergarten's workflow: the group teacher, the support-services coordinator, "
            "the municipality's case manager"
        ),
        N_("The support plan and the school-readiness card"),
        N_("The groups with their teachers and children; moving a child to another group"),
        N_(
            "The way to school: the spring list with the consents, the consent forms, sharing "
            "the readiness card with a school"
        ),
        N_("Handing a case to another kindergarten"),
    ),
)


@hookimpl
def heaolu_plugin_description() -> PluginDescription:
    return DESCRIPTION


@hookimpl
def heaolu_piccolo_apps() -> Sequence[str]:
    return ["plugins.kindergarten.piccolo_app"]


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
    return [*groups.ROUTES, *school.ROUTES, *moving.ROUTES]


@hookimpl
def heaolu_forms() -> Sequence[FormSchema]:
    return FORMS


@hookimpl
def heaolu_case_workflows() -> Sequence[Workflow]:
    return WORKFLOWS


@hookimpl
def heaolu_consent_purposes() -> Sequence[ConsentPurpose]:
    return PURPOSES


@hookimpl
def heaolu_audit_actions() -> Mapping[str, str]:
    return ACTION_LABELS


@hookimpl
def heaolu_audit_object_types() -> Mapping[str, str]:
    return OBJECT_TYPE_LABELS


@hookimpl
def heaolu_nav_items(user: CurrentUser | None) -> Sequence[NavItem]:
    if user is None:
        return []
    items = []
    if user.can(VIEW_GROUPS):
        items.append(NavItem(_("Groups"), "/kindergarten/groups", 40))
    if user.can(MANAGE_TRANSITIONS):
        items.append(NavItem(_("Going to school"), "/kindergarten/school", 45))
    return items


@hookimpl
async def heaolu_dashboard_panels(request: AnyRequest, user: CurrentUser) -> Sequence[Panel]:
    return await school.dashboard_panels(request, user)


@hookimpl
async def heaolu_case_panels(
    request: AnyRequest, user: CurrentUser, case: CaseView
) -> Sequence[Panel]:
    return await moving.case_panels(user, case)


@hookimpl
async def heaolu_child_export(child_ids: Sequence[int]) -> Sequence[ExportSection]:
    return await subject_access.child_export(child_ids)


@hookimpl
async def heaolu_merge_children(merged_id: int, survivor_id: int) -> None:
    await subject_access.merge_children(merged_id, survivor_id)


@hookimpl
async def heaolu_demo_data(ctx: DemoContext) -> None:
    await demo.seed(ctx)
