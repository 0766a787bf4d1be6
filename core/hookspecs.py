"""Every hook of heaolu, declared once.

A plugin is a module (or object) with functions marked ``@hookimpl`` whose names match the
specs below. An implementation may take fewer arguments than its spec, so the specs can grow
without breaking plugins. ``docs/plugins.md`` has a section for each hook, headed by its exact
signature, with an example.

Start-up hooks are called once, when the application (or the ``heaolu`` command) is assembled.
Per-request hooks are called while a page is being built and receive the request and the user.
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

    from core.demo import DemoContext
    from core.registry import FormSchema, NavItem, Panel, Permission, Role

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

    Two plugins declaring the same form key stop start-up.
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


# --- Per-request hooks: called while a page is built ------------------------------------------


@hookspec
def heaolu_nav_items(request: Request[Any, Any, Any], user: Any) -> Sequence[NavItem]:  # type: ignore[empty-body]
    """Links for the main navigation. ``user`` is the logged-in user, or None."""


@hookspec
def heaolu_dashboard_panels(request: Request[Any, Any, Any], user: Any) -> Sequence[Panel]:  # type: ignore[empty-body]
    """Panels for the home page ("my work"); each is rendered from its own partial template."""


@hookspec
def heaolu_child_panels(  # type: ignore[empty-body]
    request: Request[Any, Any, Any], user: Any, child: Mapping[str, Any]
) -> Sequence[Panel]:
    """Panels for a child's page. Called only after the access check let ``user`` see the
    child; ``child`` holds the child's columns (``id``, names, ``date_of_birth``...)."""
