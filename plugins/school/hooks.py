"""The school plugin's hooks."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from core.api import (
    N_,
    AnyRequest,
    CaseView,
    CurrentUser,
    DemoContext,
    FormSchema,
    NavItem,
    Panel,
    Permission,
    PluginDescription,
    Role,
    TimelineEntryKind,
    Workflow,
    hookimpl,
)
from plugins.school import classes, demo, moves, panels, transfer
from plugins.school.audit_labels import ACTION_LABELS
from plugins.school.roles import PERMISSIONS, ROLES
from plugins.school.workflow import FORMS, WORKFLOWS

HERE = Path(__file__).parent
DESCRIPTION = PluginDescription(
    N_("School level: class teachers, support-learning coordinators and school nurses"),
    (
        N_(
            "The school's support workflow: the class teacher, the support-learning "
            "coordinator with the individual support plan, then the municipality's case manager"
        ),
        N_("Open cases of this workflow can no longer be moved on; escalation stays possible"),
        N_("The school's posts, among them the school nurse"),
        N_("The classes with their school stages, class teachers and children"),
        N_("Moving a pupil's case to a class of the next school stage or to another school"),
    ),
)


@hookimpl
def heaolu_plugin_description() -> PluginDescription:
    return DESCRIPTION


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
    return [*classes.ROUTES, *moves.ROUTES, *transfer.ROUTES]


@hookimpl
def heaolu_forms() -> Sequence[FormSchema]:
    return FORMS


@hookimpl
def heaolu_case_workflows() -> Sequence[Workflow]:
    return WORKFLOWS


@hookimpl
def heaolu_timeline_entry_kinds() -> Sequence[TimelineEntryKind]:
    return [TimelineEntryKind(moves.CLASS_CHANGED, N_("Class changed"))]


@hookimpl
def heaolu_audit_actions() -> Mapping[str, str]:
    return ACTION_LABELS


@hookimpl
def heaolu_nav_items(user: CurrentUser | None) -> Sequence[NavItem]:
    return [] if user is None else classes.nav_items(user)


@hookimpl
async def heaolu_case_panels(
    request: AnyRequest, user: CurrentUser, case: CaseView
) -> Sequence[Panel]:
    return await panels.case_panels(request, user, case)


@hookimpl
async def heaolu_after_enrolment_began(enrolment: Mapping[str, Any], user: CurrentUser) -> None:
    await moves.after_enrolment_began(dict(enrolment), user)


@hookimpl
async def heaolu_demo_data(ctx: DemoContext) -> None:
    await demo.seed(ctx)
