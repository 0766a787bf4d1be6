"""Core's own contributions, made through the same hooks as every plugin."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from litestar import Request

from core.demo import DemoContext, seed_core
from core.hookspecs import hookimpl
from core.i18n import gettext as _
from core.registry import NavItem

TEMPLATES = Path(__file__).parent / "templates"


@hookimpl
def heaolu_piccolo_apps() -> Sequence[str]:
    # Order matters: an app comes after the apps its migrations depend on.
    return ["core.people.piccolo_app", "core.piccolo_app"]


@hookimpl
def heaolu_template_dirs() -> Sequence[Path]:
    return [TEMPLATES]


@hookimpl
def heaolu_nav_items(request: Request[Any, Any, Any]) -> Sequence[NavItem]:
    return [NavItem(label=_("Home"), href="/", order=0)]


@hookimpl
async def heaolu_demo_data(ctx: DemoContext) -> None:
    await seed_core(ctx)
