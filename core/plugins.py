"""Builds the plugin manager and collects what the plugins contribute at start-up.

Built-in plugins are loaded by dotted name, third-party ones through the entry-point group
``heaolu.plugins``; ``HEAOLU_PLUGINS`` chooses among them. Core's own contributions come from
``core.builtin_hooks``, which is always loaded. Anything ambiguous (an unknown plugin name, a
misspelled hook, two plugins claiming the same name, permission, URL prefix, form key, consent
purpose, job kind, periodic job or table) stops start-up with a `PluginError` that names the
plugins involved.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from importlib import metadata
from pathlib import Path
from types import ModuleType
from typing import Any

import pluggy
from piccolo.conf.apps import AppConfig

from core import hookspecs, i18n
from core.forms.schema import schema_problems
from core.people.tables import OrganisationKind
from core.registry import (
    CHILD_PROTECTION_STAGE_KEY,
    ConsentPurpose,
    FormSchema,
    JobHandler,
    Level,
    PeriodicJob,
    Permission,
    PluginDescription,
    Role,
    TimelineEntryKind,
    UnitKind,
    Workflow,
    WorkflowExtension,
)
from core.settings import Settings

ENTRY_POINT_GROUP = "heaolu.plugins"
# The length of a timeline entry's kind column (`core.cases.tables.CaseEntry.kind`).
ENTRY_KIND_LENGTH = 30
CORE_PLUGIN_NAME = "core"
CORE_PLUGIN_MODULE = "core.builtin_hooks"
# The four levels of the model, each added by the issue that fills it.
BUILTIN_PLUGINS: tuple[str, ...] = (
    "plugins.municipality",
    "plugins.kindergarten",
    "plugins.school",
    "plugins.county",
)
# URL prefixes that belong to core; no plugin may be named like one of them.
RESERVED_NAMES = frozenset(
    {"core", "static", "login", "logout", "admin", "account", "children", "cases", "directory"}
    | {"people", "audit", "consent", "forms", "jobs", "auth", "healthz", "api", "help"}
    | {"consents", "attachments", "notifications", "toolbox"}
    # Uploaded forms' keys start with "local.": no plugin may own that namespace.
    | {"local"}
)


class PluginError(RuntimeError):
    """The plugin configuration cannot start; the message names the plugins involved."""


@dataclass(frozen=True)
class PluginInfo:
    name: str
    module: str
    version: str
    builtin: bool
    hooks: tuple[str, ...]


@dataclass(frozen=True)
class _Candidate:
    name: str
    module: str
    version: str
    builtin: bool
    load: Callable[[], object]


class Plugins:
    """The loaded plugins, their hooks and what they contributed at start-up."""

    def __init__(self, manager: pluggy.PluginManager, infos: Sequence[PluginInfo]) -> None:
        self.manager = manager
        self.hook = manager.hook
        self.infos = tuple(infos)
        self.by_name = {info.name: info for info in self.infos}
        self.permissions: dict[str, Permission] = {}
        self.forms: dict[str, FormSchema] = {}
        self.roles: dict[str, Role] = {}
        self.role_owner: dict[str, str] = {}
        self.form_owner: dict[str, str] = {}
        self.consent_purposes: dict[str, ConsentPurpose] = {}
        self.job_handlers: dict[str, JobHandler] = {}
        self.periodic_jobs: dict[str, PeriodicJob] = {}
        self.audit_actions: dict[str, str] = {}
        self.audit_object_types: dict[str, str] = {}
        self.workflows: dict[str, Workflow] = {}
        self.workflow_owner: dict[str, str] = {}
        self.unit_kinds: dict[str, UnitKind] = {}
        self.entry_kinds: dict[str, TimelineEntryKind] = {}
        self.descriptions: dict[str, PluginDescription] = {}
        self.piccolo_apps: list[AppConfig] = []
        self.piccolo_app_modules: list[str] = []
        self.template_dirs: list[Path] = []

    @property
    def names(self) -> tuple[str, ...]:
        """Loaded plugins other than core, in load order."""
        return tuple(info.name for info in self.infos if info.name != CORE_PLUGIN_NAME)

    def description(self, name: str) -> PluginDescription:
        """How ``name`` is shown to people: its ``heaolu_plugin_description``, else its name."""
        return self.descriptions.get(name, PluginDescription(name))

    def collect(
        self, hook_name: str, only: Iterable[str] | None = None, **kwargs: Any
    ) -> list[tuple[str, Any]]:
        """Call one hook on every plugin (or on those named in ``only``), returning ``(plugin
        name, result)`` pairs in registration order (core first).

        A plugin left out by ``only`` is never called. Each implementation gets only the
        arguments it asks for; None results are dropped. Results are returned as the
        implementations return them: an ``async def`` implementation's is a coroutine."""
        caller = getattr(self.hook, hook_name)
        chosen = None if only is None else set(only)
        results = []
        for impl in caller.get_hookimpls():
            if chosen is not None and impl.plugin_name not in chosen:
                continue
            result = impl.function(*(kwargs[arg] for arg in impl.argnames))
            if result is not None:
                results.append((impl.plugin_name, result))
        return results

    async def call_for(self, enabled: Iterable[str], hook_name: str, **kwargs: Any) -> list[Any]:
        """The one way a per-request hook is called: on core and the ``enabled`` plugins only
        (a disabled plugin's implementation is never called), awaiting ``async def``
        implementations; their sequences flattened in registration order."""
        items: list[Any] = []
        for _plugin, result in self.collect(hook_name, only={CORE_PLUGIN_NAME, *enabled}, **kwargs):
            items.extend(await result if inspect.isawaitable(result) else result)
        return items

    async def notify(self, enabled: Iterable[str], hook_name: str, **kwargs: Any) -> None:
        """Call an event hook (one that returns nothing) on core and the ``enabled`` plugins
        only, awaiting ``async def`` implementations, in registration order."""
        for _plugin, result in self.collect(hook_name, only={CORE_PLUGIN_NAME, *enabled}, **kwargs):
            if inspect.isawaitable(result):
                await result


def build_plugins(settings: Settings, extra_builtins: Sequence[str] = ()) -> Plugins:
    """Load, check and collect the plugins chosen by ``settings``.

    ``extra_builtins`` are dotted module names loaded as if they were built in (tests use it).
    """
    candidates = _candidates(extra_builtins)
    chosen = _choose(candidates, settings.plugins)

    manager = pluggy.PluginManager(hookspecs.PROJECT_NAME)
    manager.add_hookspecs(hookspecs)
    infos = []
    for candidate in [_core_candidate(), *chosen]:
        try:
            plugin = candidate.load()
        except Exception as exc:
            raise PluginError(f"plugin {candidate.name!r} failed to load: {exc}") from exc
        manager.register(plugin, name=candidate.name)
        hooks = tuple(sorted(caller.name for caller in manager.get_hookcallers(plugin) or []))
        infos.append(
            PluginInfo(
                candidate.name,
                candidate.module,
                candidate.version,
                candidate.builtin,
                hooks,
            )
        )
    try:
        manager.check_pending()
    except pluggy.PluginValidationError as exc:
        raise PluginError(
            f"plugin {manager.get_name(exc.plugin)!r} implements a hook that does not exist: {exc}"
        ) from exc

    plugins = Plugins(manager, infos)
    _collect_startup(plugins)
    return plugins


def _version() -> str:
    try:
        return metadata.version("heaolu")
    except metadata.PackageNotFoundError:
        return "0+unknown"


def _import(module_name: str) -> Callable[[], ModuleType]:
    return lambda: importlib.import_module(module_name)


def _core_candidate() -> _Candidate:
    return _Candidate(
        CORE_PLUGIN_NAME, CORE_PLUGIN_MODULE, _version(), True, _import(CORE_PLUGIN_MODULE)
    )


def _candidates(extra_builtins: Sequence[str]) -> list[_Candidate]:
    found: dict[str, _Candidate] = {}

    def add(candidate: _Candidate) -> None:
        if candidate.name in RESERVED_NAMES:
            raise PluginError(
                f"plugin {candidate.name!r} ({candidate.module}) uses a name reserved by core "
                "for its own URLs; rename the plugin"
            )
        other = found.get(candidate.name)
        if other is not None:
            raise PluginError(
                f"two plugins are named {candidate.name!r}: {other.module} and "
                f"{candidate.module}; they would claim the same URL prefix /{candidate.name}/"
            )
        found[candidate.name] = candidate

    for module in (*BUILTIN_PLUGINS, *extra_builtins):
        add(_Candidate(module.rsplit(".", 1)[-1], module, _version(), True, _import(module)))
    for entry_point in metadata.entry_points(group=ENTRY_POINT_GROUP):
        version = entry_point.dist.version if entry_point.dist else "0+unknown"
        add(_Candidate(entry_point.name, entry_point.value, version, False, entry_point.load))
    return list(found.values())


def _choose(candidates: list[_Candidate], wanted: tuple[str, ...] | None) -> list[_Candidate]:
    if wanted is None:
        return candidates
    by_name = {candidate.name: candidate for candidate in candidates}
    unknown = [name for name in wanted if name not in by_name]
    if unknown:
        available = ", ".join(sorted(by_name)) or "none"
        raise PluginError(
            f"HEAOLU_PLUGINS names {', '.join(unknown)}, which "
            f"{'is' if len(unknown) == 1 else 'are'} not installed (installed: {available})"
        )
    return [by_name[name] for name in dict.fromkeys(wanted)]


def _collect_startup(plugins: Plugins) -> None:
    owners: dict[tuple[str, str], str] = {}
    for _, directories in plugins.collect("heaolu_locale_dirs"):
        for directory in directories:
            i18n.add_catalogues(Path(directory))
    for plugin, description in plugins.collect("heaolu_plugin_description"):
        plugins.descriptions[plugin] = description
    for plugin, permissions in plugins.collect("heaolu_permissions"):
        for permission in permissions:
            _claim(owners, "permission", permission.name, plugin)
            plugins.permissions[permission.name] = permission
    for plugin, forms in plugins.collect("heaolu_forms"):
        for form in forms:
            _claim(owners, "form key", form.key, plugin)
            problems = schema_problems(form)
            if problems:
                raise PluginError(
                    f"plugin {plugin!r}: form {form.key!r} cannot be used: "
                    + "; ".join(str(problem) for problem in problems)
                )
            plugins.forms[form.key] = form
            plugins.form_owner[form.key] = plugin
    for plugin, purposes in plugins.collect("heaolu_consent_purposes"):
        for purpose in purposes:
            _claim(owners, "consent purpose", purpose.key, plugin)
            plugins.consent_purposes[purpose.key] = purpose
    for plugin, handlers in plugins.collect("heaolu_job_handlers"):
        for kind, handler in handlers.items():
            _claim(owners, "job kind", kind, plugin)
            plugins.job_handlers[kind] = handler
    for plugin, periodic_jobs in plugins.collect("heaolu_periodic_jobs"):
        for periodic in periodic_jobs:
            _claim(owners, "periodic job", periodic.name, plugin)
            plugins.periodic_jobs[periodic.name] = periodic
    _collect_labels(plugins, "heaolu_audit_actions", "audit action", plugins.audit_actions)
    _collect_labels(
        plugins, "heaolu_audit_object_types", "audit object type", plugins.audit_object_types
    )
    for plugin, roles in plugins.collect("heaolu_roles"):
        for role in roles:
            owner = owners.setdefault(("role", role.name), plugin)
            if owner != plugin or role.name in plugins.roles:
                raise PluginError(
                    f"plugins {owner!r} and {plugin!r} both declare role {role.name!r}"
                )
            unknown = sorted(role.permissions - plugins.permissions.keys())
            if unknown:
                raise PluginError(
                    f"plugin {plugin!r}: role {role.name!r} names undeclared permissions "
                    f"{', '.join(unknown)}"
                )
            plugins.roles[role.name] = role
            plugins.role_owner[role.name] = plugin
    for plugin, workflows in plugins.collect("heaolu_case_workflows"):
        for workflow in workflows:
            _claim(owners, "case workflow", workflow.key, plugin)
            _check_workflow(plugin, workflow, plugins)
            plugins.workflows[workflow.key] = workflow
            plugins.workflow_owner[workflow.key] = plugin
    for plugin, extensions in plugins.collect("heaolu_workflow_extensions"):
        for extension in extensions:
            _extend_workflows(plugin, extension, plugins)
    organisation_kinds = {kind.value for kind in OrganisationKind}
    for plugin, unit_kinds in plugins.collect("heaolu_unit_kinds"):
        for unit_kind in unit_kinds:
            _claim(owners, "unit kind", unit_kind.key, plugin)
            unknown = sorted(unit_kind.organisation_kinds - organisation_kinds)
            if unknown:
                raise PluginError(
                    f"plugin {plugin!r}: unit kind {unit_kind.key!r} names unknown "
                    f"organisation kinds {', '.join(unknown)}"
                )
            plugins.unit_kinds[unit_kind.key] = unit_kind
    for plugin, entry_kinds in plugins.collect("heaolu_timeline_entry_kinds"):
        for entry_kind in entry_kinds:
            _claim(owners, "timeline entry kind", entry_kind.key, plugin)
            if len(entry_kind.key) > ENTRY_KIND_LENGTH:
                raise PluginError(
                    f"plugin {plugin!r}: timeline entry kind {entry_kind.key!r} is longer "
                    f"than {ENTRY_KIND_LENGTH} characters"
                )
            plugins.entry_kinds[entry_kind.key] = entry_kind
    for _, directories in plugins.collect("heaolu_template_dirs"):
        plugins.template_dirs.extend(Path(directory) for directory in directories)
    _collect_piccolo_apps(plugins)


def _collect_labels(plugins: Plugins, hook: str, what: str, labels: dict[str, str]) -> None:
    """Gather the ``key -> message id`` mappings a labelling hook returns; a key labelled by
    two plugins stops start-up."""
    owners: dict[str, str] = {}
    for plugin, given in plugins.collect(hook):
        for key, label in given.items():
            owner = owners.setdefault(key, plugin)
            if owner != plugin:
                raise PluginError(f"plugins {owner!r} and {plugin!r} both label {what} {key!r}")
            labels[key] = label


def _check_workflow(plugin: str, workflow: Workflow, plugins: Plugins) -> None:
    def fail(problem: str) -> PluginError:
        return PluginError(f"plugin {plugin!r}: case workflow {workflow.key!r} {problem}")

    stages = [stage.key for stage in workflow.stages]
    if not stages:
        raise fail("has no stages")
    if len(set(stages)) != len(stages):
        raise fail("names a stage twice")
    transitions = [transition.key for transition in workflow.transitions]
    if len(set(transitions)) != len(transitions):
        raise fail("names a transition twice")
    for transition in workflow.transitions:
        unknown = sorted(set(transition.sources) - set(stages) - {CHILD_PROTECTION_STAGE_KEY})
        if transition.target is not None and transition.target not in stages:
            unknown.append(transition.target)
        if unknown:
            raise fail(f"transition {transition.key!r} names unknown stages {', '.join(unknown)}")
    unmanned = [
        stage.key
        for stage in workflow.stages
        if not stage.roles and stage.level is Level.institution
    ]
    if unmanned:
        raise fail(f"names no roles for institution-level stages {', '.join(unmanned)}")
    named = {role for stage in workflow.stages for role in stage.roles} | {
        role for transition in workflow.transitions for role in transition.roles
    }
    unknown_roles = sorted(named - plugins.roles.keys())
    if unknown_roles:
        raise fail(f"names undeclared roles {', '.join(unknown_roles)}")
    for kind in workflow.organisation_kinds:
        for other in plugins.workflows.values():
            if kind in other.organisation_kinds:
                raise fail(
                    f"serves {kind!r} organisations, as {other.key!r} of plugin "
                    f"{plugins.workflow_owner[other.key]!r} does; load only one of them"
                )


def _extend_workflows(plugin: str, extension: WorkflowExtension, plugins: Plugins) -> None:
    """Add the extension's stages and transitions to the workflow it names (to every workflow
    when it names none), checking them as a workflow's own are checked."""
    target = extension.workflow or "every workflow"

    def fail(problem: str) -> PluginError:
        return PluginError(f"plugin {plugin!r}: extension of {target!r} {problem}")

    if extension.workflow is not None and extension.workflow not in plugins.workflows:
        raise fail("names a workflow no loaded plugin declares")
    keys = [stage.key for stage in extension.stages] + [t.key for t in extension.transitions]
    unprefixed = [key for key in keys if not key.startswith(f"{plugin}.")]
    if unprefixed:
        raise fail(f"uses keys that must start with '{plugin}.': {', '.join(unprefixed)}")
    if len(set(keys)) != len(keys):
        raise fail("names a key twice")
    roles = {role for stage in extension.stages for role in stage.roles} | {
        role for transition in extension.transitions for role in transition.roles
    }
    unknown_roles = sorted(roles - plugins.roles.keys())
    if unknown_roles:
        raise fail(f"names undeclared roles {', '.join(unknown_roles)}")
    for key in [extension.workflow] if extension.workflow else list(plugins.workflows):
        workflow = plugins.workflows[key]
        stages = {stage.key for stage in (*workflow.stages, *extension.stages)}
        stages.add(CHILD_PROTECTION_STAGE_KEY)
        taken = {stage.key for stage in workflow.stages} | {t.key for t in workflow.transitions}
        clashing = sorted(set(keys) & taken)
        if clashing:
            raise fail(f"adds to {key!r} what it already has: {', '.join(clashing)}")
        for transition in extension.transitions:
            unknown = sorted(set(transition.sources) - stages)
            if transition.target is not None and transition.target not in stages:
                unknown.append(transition.target)
            if unknown:
                raise fail(
                    f"transition {transition.key!r} names unknown stages {', '.join(unknown)}"
                )
        plugins.workflows[key] = replace(
            workflow,
            stages=(*workflow.stages, *extension.stages),
            transitions=(*workflow.transitions, *extension.transitions),
        )


def _claim(owners: dict[tuple[str, str], str], what: str, key: str, plugin: str) -> None:
    owner = owners.get((what, key))
    if owner == plugin:
        raise PluginError(f"plugin {plugin!r} declares {what} {key!r} twice")
    if owner is not None:
        raise PluginError(f"plugins {owner!r} and {plugin!r} both declare {what} {key!r}")
    if plugin != CORE_PLUGIN_NAME and not key.startswith(f"{plugin}."):
        raise PluginError(
            f"plugin {plugin!r} declares {what} {key!r}, which must start with '{plugin}.'"
        )
    owners[(what, key)] = plugin


def _collect_piccolo_apps(plugins: Plugins) -> None:
    core_apps: set[str] = set()
    table_owner: dict[str, str] = {}
    for plugin, modules in plugins.collect("heaolu_piccolo_apps"):
        for module_name in modules:
            config: AppConfig = importlib.import_module(module_name).APP_CONFIG
            if plugin == CORE_PLUGIN_NAME:
                core_apps.add(config.app_name)
            else:
                _check_plugin_app(plugin, config, core_apps)
            for table in config.table_classes:
                tablename = table._meta.tablename
                if tablename in table_owner:
                    raise PluginError(
                        f"plugins {table_owner[tablename]!r} and {plugin!r} both define "
                        f"table {tablename!r}"
                    )
                if not tablename.startswith(f"{config.app_name}_"):
                    raise PluginError(
                        f"plugin {plugin!r}: table {tablename!r} of app {config.app_name!r} "
                        f"must be named '{config.app_name}_...'"
                    )
                table_owner[tablename] = plugin
            plugins.piccolo_apps.append(config)
            plugins.piccolo_app_modules.append(module_name)


def _check_plugin_app(plugin: str, config: AppConfig, core_apps: set[str]) -> None:
    if config.app_name != plugin:
        raise PluginError(
            f"plugin {plugin!r} ships Piccolo app {config.app_name!r}; "
            f"a plugin's app must be named after the plugin"
        )
    for dependency in config.migration_dependencies:
        app_name = importlib.import_module(dependency).APP_CONFIG.app_name
        if app_name not in core_apps:
            raise PluginError(
                f"plugin {plugin!r} depends on the migrations of {app_name!r}; "
                "a plugin's migrations may depend on core's apps only"
            )
