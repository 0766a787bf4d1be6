"""``/notifications``: the user's notifications, newest first; opening one marks it read.

Only the owner reaches a notification: another user's id answers 404 like a missing one.
Marking read is a POST (303 back to the list, or the list's partial with the header's counter
for htmx); opening one through ``/notifications/{id}`` (a link, also the one in e-mail) marks
it read on the way to its address.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template

from core.auth import csrf
from core.auth.current import CurrentUser
from core.auth.permissions import AUTHENTICATED
from core.db import WRITES
from core.i18n import gettext
from core.notifications.tables import Notification
from core.notifications.unread import unread_count
from core.pages import current_user, page
from core.parsing import page_number as page_number_of
from core.settings import Settings

AnyRequest = Request[Any, Any, Any]
PAGE_SIZE = 20
LIST = "notifications/_list.html"


def _user(request: AnyRequest) -> CurrentUser:
    user = current_user(request)
    assert user is not None  # the guard lets only logged-in users through
    return user


def _is_htmx(request: AnyRequest) -> bool:
    return request.headers.get("hx-request") == "true"


async def _list_context(user_id: int, page_number: int) -> dict[str, Any]:
    rows = (
        await Notification.select(
            Notification.id,
            Notification.message,
            Notification.url,
            Notification.created_at,
            Notification.read_at,
        )
        .where(Notification.user == user_id)
        .order_by(Notification.id, ascending=False)
        .limit(PAGE_SIZE + 1)
        .offset((page_number - 1) * PAGE_SIZE)
    )
    for row in rows:
        message_id = row["message"]  # a variable, so that extraction sees no message here
        row["text"] = gettext(message_id)
    return {
        "notifications": rows[:PAGE_SIZE],
        "more": len(rows) > PAGE_SIZE,
        "page_number": page_number,
        "unread_on_list": await unread_count(user_id),
    }


@get("/notifications", opt={"permission": AUTHENTICATED})
async def notifications(request: AnyRequest) -> Template:
    context = await _list_context(
        _user(request).id, page_number_of(request.query_params.get("page", ""))
    )
    return page(request, "notifications/list.html", context)


@get("/notifications/{notification_id:int}", opt={"permission": AUTHENTICATED, WRITES: True})
async def open_notification(request: AnyRequest, notification_id: FromPath[int]) -> Redirect:
    """Mark the notification read and go where it points."""
    mine = (Notification.id == notification_id) & (Notification.user == _user(request).id)
    row = await Notification.select(Notification.url).where(mine).first()
    if row is None:
        raise NotFoundException()
    await Notification.update({Notification.read_at: datetime.now(UTC)}).where(
        mine & Notification.read_at.is_null()
    )
    return Redirect(row["url"], status_code=303)


@post("/notifications/{notification_id:int}/read", opt={"permission": AUTHENTICATED})
async def mark_read(request: AnyRequest, notification_id: FromPath[int]) -> Template | Redirect:
    mine = (Notification.id == notification_id) & (Notification.user == _user(request).id)
    if not await Notification.exists().where(mine):
        raise NotFoundException()
    await Notification.update({Notification.read_at: datetime.now(UTC)}).where(
        mine & Notification.read_at.is_null()
    )
    return await _changed(request)


@post("/notifications/read-all", opt={"permission": AUTHENTICATED})
async def mark_all_read(request: AnyRequest) -> Template | Redirect:
    await Notification.update({Notification.read_at: datetime.now(UTC)}).where(
        (Notification.user == _user(request).id) & Notification.read_at.is_null()
    )
    return await _changed(request)


async def _changed(request: AnyRequest) -> Template | Redirect:
    """After marking: the list's partial and the header's counter for htmx, else back to the
    page of the list the user was on."""
    form = await request.form()
    page_number = page_number_of(form.get("page", ""))
    if not _is_htmx(request):
        return Redirect(f"/notifications?page={page_number}", status_code=303)
    settings: Settings = request.app.state.settings
    context = await _list_context(_user(request).id, page_number)
    response = Template(
        LIST,
        context={
            **context,
            "csrf_token": csrf.token_for(request, settings.secret_key),
            "unread_notifications": context["unread_on_list"],
            "count_out_of_band": True,
        },
    )
    response.headers["vary"] = "HX-Request"
    return response


ROUTES = (notifications, open_notification, mark_read, mark_all_read)
