"""Core's own contributions, made through the same hooks as every plugin."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from litestar import Request

from core.audit.labels import ACTION_LABELS, OBJECT_TYPE_LABELS
from core.auth.current import CurrentUser
from core.auth.demo import seed_core_accounts
from core.auth.permissions import (
    ACCEPT_REPORTS,
    MANAGE_PLUGINS,
    MANAGE_USERS,
    PERMISSIONS,
    READ_RECORDS,
    RECORD_CONSENT,
    ROLES,
    SYSTEM_ADMIN,
    VIEW_AUDIT,
)
from core.cases.labels import ENTRY_KINDS
from core.cases.my_work import my_work_panels
from core.cases.reminders import DEADLINES_JOB, check_deadlines, enqueue_deadline_check
from core.cases.workflows import CHILD_PROTECTION_WORKFLOW
from core.consent.demo import seed_consents
from core.consent.registry import CORE_PURPOSES
from core.demo import DemoContext, seed_core
from core.forms.noticing import NOTICING_SHEET
from core.forms.rajaleidja import RAJALEIDJA_FORM
from core.hookspecs import hookimpl
from core.i18n import N_
from core.i18n import gettext as _
from core.notifications.mail import EMAIL_JOB, send_notification_email
from core.people.demo import seed_directory
from core.people.demo_children import seed_children
from core.people.demo_families import seed_families
from core.people.tables import OrganisationKind
from core.registry import (
    ConsentPurpose,
    FormSchema,
    JobHandler,
    NavItem,
    Panel,
    PeriodicJob,
    Permission,
    PluginDescription,
    Role,
    TimelineEntryKind,
    UnitKind,
    Workflow,
)
from core.toolbox.instruments import INSTRUMENTS

TEMPLATES = Path(__file__).parent / "templates"


@hookimpl
def heaolu_plugin_description() -> PluginDescription:
    return PluginDescription(N_("Core"))


@hookimpl
def heaolu_piccolo_apps() -> Sequence[str]:
    # Order matters: an app comes after the apps its migrations depend on.
    return [
        "core.people.piccolo_app",
        "core.piccolo_app",
        "core.audit.piccolo_app",
        "core.auth.piccolo_app",
        "core.consent.piccolo_app",
        "core.cases.piccolo_app",
        "core.forms.piccolo_app",
        "core.jobs.piccolo_app",
        "core.notifications.piccolo_app",
    ]


@hookimpl
def heaolu_template_dirs() -> Sequence[Path]:
    return [TEMPLATES]


@hookimpl
def heaolu_permissions() -> Sequence[Permission]:
    return PERMISSIONS


@hookimpl
def heaolu_roles() -> Sequence[Role]:
    return ROLES


@hookimpl
def heaolu_case_workflows() -> Sequence[Workflow]:
    return [CHILD_PROTECTION_WORKFLOW]


@hookimpl
def heaolu_unit_kinds() -> Sequence[UnitKind]:
    return [
        UnitKind("group", N_("Group"), frozenset({OrganisationKind.kindergarten.value})),
        UnitKind("class", N_("Class"), frozenset({OrganisationKind.school.value})),
    ]


@hookimpl
def heaolu_timeline_entry_kinds() -> Sequence[TimelineEntryKind]:
    return [TimelineEntryKind(key, label) for key, label in ENTRY_KINDS.items()]


@hookimpl
def heaolu_consent_purposes() -> Sequence[ConsentPurpose]:
    return CORE_PURPOSES


@hookimpl
def heaolu_job_handlers() -> Mapping[str, JobHandler]:
    return {EMAIL_JOB: send_notification_email, DEADLINES_JOB: check_deadlines}


@hookimpl
def heaolu_audit_actions() -> Mapping[str, str]:
    return ACTION_LABELS


@hookimpl
def heaolu_audit_object_types() -> Mapping[str, str]:
    return OBJECT_TYPE_LABELS


@hookimpl
def heaolu_periodic_jobs() -> Sequence[PeriodicJob]:
    return [PeriodicJob(DEADLINES_JOB, enqueue_deadline_check)]


@hookimpl
def heaolu_forms() -> Sequence[FormSchema]:
    return [NOTICING_SHEET, RAJALEIDJA_FORM, *INSTRUMENTS]


@hookimpl
def heaolu_nav_items(
    request: Request[Any, Any, Any], user: CurrentUser | None
) -> Sequence[NavItem]:
    if user is None:
        return []
    items = [
        NavItem(label=_("Home"), href="/", order=0),
        NavItem(label=_("Children"), href="/children", order=10),
        NavItem(label=_("Cases"), href="/cases", order=12),
        NavItem(label=_("Notice a child"), href="/notice", order=14),
        NavItem(label=_("Directory"), href="/directory", order=800),
    ]
    if user.can(ACCEPT_REPORTS):
        items.append(NavItem(label=_("Noticing reports"), href="/reports", order=16))
    if user.can(READ_RECORDS):
        items.append(NavItem(label=_("Toolbox"), href="/toolbox", order=18))
    if user.can(RECORD_CONSENT):
        items.append(NavItem(label=_("Expiring consents"), href="/consents/expiring", order=20))
    if user.can(MANAGE_USERS):
        items.append(NavItem(label=_("Users"), href="/admin/users", order=900))
    if user.can(MANAGE_PLUGINS):
        items.append(NavItem(label=_("Plugins and forms"), href="/admin/plugins", order=910))
    if user.can(SYSTEM_ADMIN):
        items.append(NavItem(label=_("Loaded plugins"), href="/-/plugins", order=920))
    if user.can(VIEW_AUDIT):
        items.append(NavItem(label=_("Audit log"), href="/audit", order=930))
    return items


@hookimpl
async def heaolu_dashboard_panels(
    request: Request[Any, Any, Any], user: CurrentUser | None
) -> Sequence[Panel]:
    return await my_work_panels(request, user)


@hookimpl
async def heaolu_demo_data(ctx: DemoContext) -> None:
    await seed_core(ctx)
    await seed_directory(ctx)
    await seed_children(ctx)
    await seed_families(ctx)
    await seed_core_accounts(ctx)
    await seed_consents(ctx)
