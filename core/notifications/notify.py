"""`notify`: the one way core modules and plugins tell users that something awaits them."""

from __future__ import annotations

from collections.abc import Iterable

from core.auth.tables import User
from core.db import write_transaction
from core.i18n import is_message_id
from core.jobs import enqueue
from core.notifications import mail
from core.notifications.tables import Notification

MAX_URL_LENGTH = 300


async def notify(user_ids: Iterable[int], message: str, url: str) -> list[int]:
    """Notify each user once: an in-app notification, and an e-mail job when SMTP is configured
    and the user is active and has an e-mail address. Returns the notifications' ids.

    ``message`` is an English message id marked with ``N_`` and translated in the catalogue
    (checked: anything else, such as text a user typed, raises ValueError); it is translated
    when shown. ``url`` is a path inside heaolu (``/cases/12``). Neither may carry personal
    data. Runs in the caller's transaction (or a new one): a request that fails notifies nobody.
    The e-mail is sent later by the jobs, so a mail server that is down never fails the caller.
    """
    if not is_message_id(message):
        raise ValueError(f"notify(): {message!r} is not a message id of the catalogue")
    if not _is_local_path(url):
        raise ValueError(f"notify(): {url!r} is not a path inside heaolu")
    users = sorted(set(user_ids))
    if not users:
        return []
    async with write_transaction(Notification._meta.db):
        rows = await Notification.insert(
            *(Notification(user=user, message=message, url=url) for user in users)
        ).returning(Notification.id, Notification.user)
        if mail.configured() is not None:
            await _enqueue_emails(rows)
    return [row["id"] for row in rows]


async def _enqueue_emails(rows: list[dict[str, int]]) -> None:
    reachable = {
        row["id"]
        for row in await User.select(User.id).where(
            User.id.is_in([row["user"] for row in rows]) & User.active.eq(True) & (User.email != "")
        )
    }
    for row in rows:
        if row["user"] in reachable:
            await enqueue(
                mail.EMAIL_JOB,
                {"notification_id": row["id"]},
                max_attempts=mail.EMAIL_ATTEMPTS,
            )


def _is_local_path(url: str) -> bool:
    """A path on this site: never another host (``//host``, ``\\``), a scheme or a space."""
    return (
        url.startswith("/")
        and not url.startswith("//")
        and "\\" not in url
        and url.isprintable()
        and " " not in url
        and len(url) <= MAX_URL_LENGTH
    )
