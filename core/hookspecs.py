"""Every hook of heaolu, declared once.

A plugin is a module (or object) with functions marked ``@hookimpl`` whose names match the
specs below. An implementation may take fewer arguments than its spec, so the specs can grow
without breaking plugins. ``docs/plugins.md`` has a section for each hook, headed by its exact
signature, with an example.

Start-up hooks are called once, when the application (or the ``heaolu`` command) is assembled.
Per-request hooks are called while a page is being built and receive the request and the user
(`core.auth.current.CurrentUser`), and the page's child or case as a typed view (`core.views`).
Per-request and event hooks are called only for the plugins enabled in the municipality
concerned (`Plugins.call_for`, `Plugins.notify`); a child's export and merging ask every loaded
plugin.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from pathlib import Path

    import click
    from litestar import Request
    from litestar.types import ControllerRouterHandler

    from core.auth.current import CurrentUser
    from core.demo import DemoContext
    from core.forms.submissions import Submission
    from core.registry import (
        CommitmentFact,
        ConsentPurpose,
        ExportSection,
        FormSchema,
        JobHandler,
        NavItem,
        Panel,
        PeriodicJob,
        Permission,
        PluginDescription,
        Role,
        TimelineEntryKind,
        Transition,
        UnitKind,
        Workflow,
        WorkflowExtension,
    )
    from core.views import CaseView, ChildView

PROJECT_NAME = "heaolu"

hookspec = pluggy.HookspecMarker(PROJECT_NAME)
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)


# --- Start-up hooks: called once when the application is assembled --------------------------


@hookspec
def heaolu_piccolo_apps() -> Sequence[str]:  # type: ignore[empty-body]
    """Dotted paths of the plugin's Piccolo app modules (each defines ``APP_CONFIG``).

    The app's name must be the plugin's name and each table's name must start with
    ``<app name>_``. Its migrations may depend on core's apps only.
    """


@hookspec
def heaolu_routes() -> Sequence[ControllerRouterHandler]:  # type: ignore[empty-body]
    """Litestar route handlers, controllers or routers; core mounts them under ``/<plugin>/``.

    Every handler states its permission in ``opt={"permission": "<plugin>.<name>"}``.
    """


@hookspec
def heaolu_template_dirs() -> Sequence[Path]:  # type: ignore[empty-body]
    """Directories with the plugin's Jinja templates, kept under ``<plugin>/...`` inside them."""


@hookspec
def heaolu_locale_dirs() -> Sequence[Path]:  # type: ignore[empty-body]
    """Directories holding the plugin's message catalogues,
    ``<dir>/<lang>/LC_MESSAGES/messages.po``, for the message ids of its code and templates.
    Core's catalogue is asked first."""


@hookspec
def heaolu_plugin_description() -> PluginDescription:  # type: ignore[empty-body]
    """The plugin in words: its name for people and what its users get from it.

    The administrators' plugin page shows the label instead of the plugin's technical name, and
    asks for confirmation before turning the plugin off, listing what its users will lose. A
    plugin without a description is shown by its name.
    """


@hookspec
def heaolu_permissions() -> Sequence[Permission]:  # type: ignore[empty-body]
    """Permissions the plugin defines; each name starts with ``<plugin>.``.

    Two plugins declaring the same permission stop start-up.
    """


@hookspec
def heaolu_roles() -> Sequence[Role]:  # type: ignore[empty-body]
    """Roles the plugin defines: named bundles of permissions, each with a scope.

    A role may bundle any declared permission. Two plugins declaring the same role name stop
    start-up; so does a role naming a permission nobody declares.
    """


@hookspec
def heaolu_forms() -> Sequence[FormSchema]:  # type: ignore[empty-body]
    """Form schemas the plugin ships in code; each key starts with ``<plugin>.``.

    Two plugins declaring the same form key stop start-up, and so does a schema that breaks
    the rules of `core.forms.schema`. ``heaolu migrate`` stores each version; changing a form
    means raising its version.
    """


@hookspec
def heaolu_case_workflows() -> Sequence[Workflow]:  # type: ignore[empty-body]
    """Case workflows: named stages with their level and roles, and the transitions between them.

    Each key starts with ``<plugin>.``. A workflow serves the organisations of its
    ``organisation_kinds``; two enabled workflows for one kind stop start-up. Every stage and
    transition key is unique within its workflow and every transition names existing stages.
    """


@hookspec
def heaolu_workflow_extensions() -> Sequence[WorkflowExtension]:  # type: ignore[empty-body]
    """Stages and transitions the plugin adds to another plugin's (or core's) workflow, e.g. a
    child-protection method's steps out of core's child-protection stage.

    Applied after every workflow is collected; an extension of a workflow nobody declares, a
    key without the ``<plugin>.`` prefix, a key the workflow already has, or a transition
    naming an unknown stage or role stops start-up.
    """


@hookspec
def heaolu_unit_kinds() -> Sequence[UnitKind]:  # type: ignore[empty-body]
    """Kinds of unit children belong to (a kindergarten's groups, a school's classes and
    stages), each for some kinds of organisation. Keys start with ``<plugin>.``; two plugins
    declaring the same key, or an unknown organisation kind, stop start-up."""


@hookspec
def heaolu_timeline_entry_kinds() -> Sequence[TimelineEntryKind]:  # type: ignore[empty-body]
    """Kinds of timeline entry the plugin writes on cases (``core.cases.engine.add_entry``),
    each with the label shown with its entries. Keys start with ``<plugin>.`` and have at most
    30 characters; two plugins declaring the same key stop start-up."""


@hookspec
def heaolu_consent_purposes() -> Sequence[ConsentPurpose]:  # type: ignore[empty-body]
    """Purposes for which guardians may consent to sharing a child's data across a boundary.

    Each key starts with ``<plugin>.`` (core's with ``core.``). Two plugins declaring the same
    key stop start-up.
    """


@hookspec
def heaolu_job_handlers() -> Mapping[str, JobHandler]:  # type: ignore[empty-body]
    """Background job kinds the plugin runs, each mapped to an ``async def handler(payload)``.

    Kinds start with ``<plugin>.``; two plugins declaring the same kind stop start-up. Jobs are
    enqueued with ``core.jobs.enqueue(kind, payload)`` and run by ``heaolu jobs run`` or
    ``heaolu jobs worker``, at least once: a handler must be safe to run again.
    """


@hookspec
def heaolu_audit_actions() -> Mapping[str, str]:  # type: ignore[empty-body]
    """The audit actions the plugin records (``core.audit.log.record``), each mapped to the
    English message id of its label, shown translated in the audit log instead of the key.

    Two plugins labelling the same action stop start-up. An action without a label is shown
    as its key.
    """


@hookspec
def heaolu_audit_object_types() -> Mapping[str, str]:  # type: ignore[empty-body]
    """The kinds of object the plugin's audit rows name (``record(..., object_type=...)``),
    each mapped to the English message id of its label, shown translated in the audit log.

    Two plugins labelling the same kind stop start-up. A kind without a label is shown as
    stored.
    """


@hookspec
def heaolu_periodic_jobs() -> Sequence[PeriodicJob]:  # type: ignore[empty-body]
    """Scheduled work: each ``PeriodicJob.enqueue_due(now)`` is called on every pass of the job
    runner and enqueues what is due with dedupe keys, so each job is enqueued once.

    Names start with ``<plugin>.``; two plugins declaring the same name stop start-up.
    """


@hookspec
def heaolu_demo_data(ctx: DemoContext) -> None:
    """Add the plugin's demo records. Called by ``heaolu demo`` after core's own demo data.

    ``ctx`` gives the scale (``small`` or ``county``), the shared demo password and the
    records core made. Must be idempotent: running the demo twice changes nothing.
    """


@hookspec
def heaolu_cli(group: click.Group) -> None:
    """Add commands to the ``heaolu`` command-line group."""


@hookspec
def heaolu_plugin_in_use(municipality_id: int) -> str | None:
    """Why the plugin cannot be disabled for the municipality now, or None if it can.

    Called when an administrator disables the plugin; a plugin with open records there
    (open cases, pending handovers) answers with a short description of them, e.g.
    "12 open cases". May be ``async def``.
    """


@hookspec
def heaolu_case_manager_roles(municipality_id: int) -> Sequence[str]:  # type: ignore[empty-body]
    """Roles that the municipality lets act as case managers, besides the roles holding
    ``core.case.manage``: they may take municipality-level stages that name no roles of their
    own. Called for plugins enabled in the municipality. May be ``async def``.
    """


# --- Events: called when something happens to a case ----------------------------------------


@hookspec
def heaolu_validate_transition(  # type: ignore[empty-body]
    case: Mapping[str, Any], transition: Transition, user: CurrentUser
) -> Sequence[str]:
    """Problems that stop ``user`` taking ``transition`` on ``case`` now (empty: none).

    Called for plugins enabled in the case's municipality. Every plugin's problems are
    collected and shown together; each is a sentence in the user's language (use
    ``core.i18n.gettext``). May be ``async def``.
    """


@hookspec
def heaolu_after_transition(
    case: Mapping[str, Any], transition: Transition, user: CurrentUser
) -> None:
    """Side effects after ``transition`` was taken on ``case`` (its row as it is now), inside
    the same transaction: a failure undoes the transition. May be ``async def``."""


@hookspec
def heaolu_after_case_opened(case: Mapping[str, Any], user: CurrentUser | None) -> None:
    """Side effects after a case was opened (``case`` is its new row), inside the same
    transaction: a failure undoes the opening. ``user`` opened it (None when no one did, e.g.
    demo data). Called for plugins enabled in the case's municipality. May be ``async def``."""


@hookspec
def heaolu_after_report_sent(report: Mapping[str, Any], user: CurrentUser) -> None:
    """Side effects after ``user`` sent a noticing report to a municipality (``report`` is its
    new row), inside the same transaction. Called for plugins enabled in the receiving
    municipality. May be ``async def``."""


@hookspec
def heaolu_after_report_accepted(
    report: Mapping[str, Any], case: Mapping[str, Any], user: CurrentUser
) -> None:
    """Side effects after ``user`` accepted a noticing report into ``case`` (a new case or an
    open one), inside the same transaction; ``report`` is its row as it is now. Called for
    plugins enabled in the case's municipality. May be ``async def``."""


# --- Form events: a filled-in form was stored ------------------------------------------------


@hookspec
def heaolu_after_form_saved(submission: Submission, user: CurrentUser) -> None:
    """Side effects after ``user`` stored a submission (a form filled in, or a corrected version
    of it; ``submission`` is it as stored now: ``form_key``, ``child_id``, ``case_id``,
    ``values``, ``author_organisation_id``, ``version``...), inside the same transaction: a
    failure undoes the save. Called for plugins enabled in the municipality of the
    organisation holding the form (the author's). May be ``async def``."""


# --- Enrolment events: a child begins or ends at a kindergarten or school -----------------


@hookspec
def heaolu_after_enrolment_began(enrolment: Mapping[str, Any], user: CurrentUser) -> None:
    """Side effects after a child's enrolment began (``enrolment`` is its new row: ``child``,
    ``organisation``, ``unit``, ``starts_on``), inside the same transaction. Called for
    plugins enabled in the organisation's municipality. May be ``async def``."""


@hookspec
def heaolu_after_enrolment_ended(enrolment: Mapping[str, Any], user: CurrentUser) -> None:
    """Side effects after a child's enrolment was ended (``enrolment`` is its row, with
    ``ends_on`` set), inside the same transaction. Called for plugins enabled in the
    organisation's municipality. May be ``async def``."""


# --- Consent events: a guardian's consent was withdrawn -------------------------------------


@hookspec
def heaolu_after_consent_withdrawn(
    consent: Mapping[str, Any], user: CurrentUser, request: Request[Any, Any, Any]
) -> None:
    """Side effects after ``user`` withdrew a guardian's consent (``consent`` is its row, with
    ``withdrawn_on`` set: ``child``, ``purpose``, ``data_scope``, the recipient), inside the
    same transaction: a failure undoes the withdrawal. What the consent let cross may no longer
    (ask `may_share` again); ``request`` is for audit rows. Called for every
    loaded plugin, enabled or not: a consent ends everywhere. May be ``async def``."""


# --- A child's records: the subject-access export and merging two records ------------------


@hookspec
def heaolu_child_export(  # type: ignore[empty-body]
    user: CurrentUser, child_ids: Sequence[int]
) -> Sequence[ExportSection]:
    """What the plugin holds about the child, for the child's subject-access export (JSON and
    the printable page). ``child_ids`` are the child's record and the records merged into it;
    ``user`` (who may see the child and export it) bounds what the plugin shows, as its pages
    would. Called for every loaded plugin, enabled or not: the export must be whole. May be
    ``async def``."""


@hookspec
def heaolu_merge_children(merged_id: int, survivor_id: int, user: CurrentUser) -> None:
    """Move the plugin's rows about the child from record ``merged_id`` to ``survivor_id`` when
    two records of one child are merged, inside the merge's transaction (a failure undoes the
    merge). Rows tied to a case need nothing: cases keep their record. Called for every loaded
    plugin, enabled or not. May be ``async def``."""


# --- Per-request hooks: called while a page is built ------------------------------------------


@hookspec
def heaolu_nav_items(  # type: ignore[empty-body]
    request: Request[Any, Any, Any], user: CurrentUser | None
) -> Sequence[NavItem]:
    """Links for the main navigation. ``user`` is the logged-in user, or None."""


@hookspec
def heaolu_dashboard_panels(  # type: ignore[empty-body]
    request: Request[Any, Any, Any], user: CurrentUser
) -> Sequence[Panel]:
    """Panels for the home page ("my work"); each is rendered from its own partial template.
    ``user`` is the logged-in user with its active membership. May be ``async def`` (a panel
    usually queries the database)."""


@hookspec
def heaolu_child_panels(  # type: ignore[empty-body]
    request: Request[Any, Any, Any], user: CurrentUser, child: ChildView
) -> Sequence[Panel]:
    """Panels for a child's page. Called only after the access check let ``user`` see the
    child (and its audit row was written); ``child`` is the child's `core.views.ChildView`
    (``id``, names, ``date_of_birth``...). May be ``async def``."""


@hookspec
def heaolu_municipality_settings(  # type: ignore[empty-body]
    request: Request[Any, Any, Any], user: CurrentUser, municipality_id: int
) -> Sequence[Panel]:
    """Panels for the municipality's settings page (``/admin/plugins``): what the plugin lets
    the municipality set, usually a summary and a link to the plugin's own settings page.
    ``user`` administers the municipality (``core.admin.plugins``). Called for plugins enabled
    in that municipality. May be ``async def``."""


@hookspec
def heaolu_case_panels(  # type: ignore[empty-body]
    request: Request[Any, Any, Any], user: CurrentUser, case: CaseView
) -> Sequence[Panel]:
    """Panels for a case's page. Called only after the access check let ``user`` see the case
    (and its audit row was written); ``case`` is the case's `core.views.CaseView`, built once
    for the request (``id``, ``child``, ``workflow``, ``stage``, ``enabled_plugins``, and
    ``working`` and ``child_visible``: whether the user works on the case and may see the
    child, asked with the case; use them rather than asking again). May be ``async def``."""


@hookspec
def heaolu_commitment_facts(  # type: ignore[empty-body]
    municipality_ids: Sequence[int], year: int
) -> Sequence[CommitmentFact]:
    """Which of the county cooperation agreement's commitments each of the municipalities met
    in ``year``, as the plugin's own records show (`core.registry.CommitmentFact`, naming its
    municipality). A plugin is asked once, about the municipalities where it is enabled, so
    that it reads its records for all of them at once; a commitment no plugin answers is
    confirmed by hand. May be ``async def``."""
