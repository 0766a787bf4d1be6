"""The navigation of the page shell, from every enabled plugin's `heaolu_nav_items`.

The hook may be ``async def``, and the page shell is rendered by synchronous code
(`core.pages.page`), so the items are gathered before the handler runs, for every request that
may answer a full page (not htmx requests, which get partials), and kept in the request's state.
"""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Receive, Scope, Send

from core.db import SKIP_DATABASE
from core.enablement import enabled_by_default
from core.plugins import Plugins
from core.registry import NavItem

# Where the items are kept for the page's shell (`core.pages.shell_context`).
NAV_STATE = "nav_items"


class NavigationMiddleware(ASGIMiddleware):
    """Collects the navigation for full pages, inside the request's transaction."""

    exclude_opt_key = SKIP_DATABASE

    def __init__(self, plugins: Plugins) -> None:
        self.plugins = plugins

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        state = scope.setdefault("state", {})
        if not any(name == b"hx-request" for name, _value in scope.get("headers", ())):
            user = state.get("user")
            enabled = user.enabled_plugins if user is not None else enabled_by_default(self.plugins)
            request: Request[Any, Any, Any] = Request(scope, receive)
            items: list[NavItem] = await self.plugins.call_for(
                enabled, "heaolu_nav_items", request=request, user=user
            )
            state[NAV_STATE] = sorted(items, key=lambda item: (item.order, item.label))
        await next_app(scope, receive, send)
