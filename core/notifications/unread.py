"""The unread counter in the header of every full page: counted by the session's statement
(`core.auth.sessions.SESSION_QUERY`) and kept in the request's state under `UNREAD_STATE`; the
notifications' list counts again after it marks some read (`unread_count`)."""

from __future__ import annotations

from core.notifications.tables import Notification

# Where the count is kept for the page's shell (`core.pages.shell_context`).
UNREAD_STATE = "unread_notifications"


async def unread_count(user_id: int) -> int:
    """One COUNT served by the partial index ``notifications_unread``."""
    count: int = await Notification.count().where(
        (Notification.user == user_id) & Notification.read_at.is_null()
    )
    return count
