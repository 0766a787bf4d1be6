"""The unread counter in the header of every full page."""

from __future__ import annotations

from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Receive, Scope, Send

from core.db import SKIP_DATABASE
from core.notifications.tables import Notification

# Where the count is kept for the page's shell (`core.pages.shell_context`).
UNREAD_STATE = "unread_notifications"


async def unread_count(user_id: int) -> int:
    """One COUNT served by the partial index ``notifications_unread``."""
    count: int = await Notification.count().where(
        (Notification.user == user_id) & Notification.read_at.is_null()
    )
    return count


class UnreadCountMiddleware(ASGIMiddleware):
    """Counts the logged-in user's unread notifications for GET requests that render a full
    page (not htmx requests, which get partials), inside the request's transaction."""

    exclude_opt_key = SKIP_DATABASE

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        state = scope.setdefault("state", {})
        user = state.get("user")
        if user is not None and scope.get("method") == "GET" and not _htmx(scope):
            state[UNREAD_STATE] = await unread_count(user.id)
        await next_app(scope, receive, send)


def _htmx(scope: Scope) -> bool:
    return any(name == b"hx-request" for name, _value in scope.get("headers", ()))
