"""One-time submission keys: a creating form stores once, however often it is sent.

Every form carries a hidden ``_submission_key``, a fresh random value each time the form is
rendered (``_csrf.html`` calls the Jinja global ``submission_key()``). A route that creates
records declares ``opt={"creates": True}`` (`CREATES`), and for its unsafe requests

- `submission_guard` (after the permission guard) claims the key: it inserts it into
  ``auth_submission_key``, whose unique index makes a second request with the same key wait for
  the first one's transaction. On SQLite the request's ``BEGIN IMMEDIATE`` already serialises
  writers; on PostgreSQL ``ON CONFLICT DO NOTHING`` waits for the first transaction to end. When
  the key was claimed before by the same user, the guard raises `AlreadySubmitted`, answered
  like the first request (`answer_repeat`): a 303 to the address the first answer led to, so
  nothing new is stored. A missing or malformed key is a 400 with a clear message
  (`SubmissionKeyMissing`);
- `SubmissionAnswerMiddleware` (inside the request's transaction) records, as the response
  starts, where the first answer led: a redirect's ``Location``, or for an htmx partial the page
  the form was on. Any other answer (a form with errors, a refusal) releases the key, so the
  form sent again with the same key is handled afresh. A handler whose 2xx answer stores
  nothing and leaves the form's key in the page (an htmx part of the form, such as another row
  of a group) releases the key itself (`release_key`).

Keys are kept for `KEEP_FOR`; `heaolu retention --apply` removes older ones.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable
from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

from litestar import Request, Response
from litestar.connection import ASGIConnection
from litestar.exceptions import ClientException
from litestar.handlers.base import BaseRouteHandler
from litestar.middleware import ASGIMiddleware
from litestar.response import Redirect
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from piccolo.query.mixins import OnConflictAction

from core.auth.current import CurrentUser
from core.auth.tables import SubmissionKey

FIELD = "_submission_key"
# Route option of a handler that creates records: its form must carry a one-time key.
CREATES = "creates"
KEEP_FOR = timedelta(days=1)
_KEY = re.compile(r"[A-Za-z0-9_-]{16,64}")
_CLAIM = "submission_key_claim"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def new_key() -> str:
    """A fresh key for one rendering of a form."""
    return secrets.token_urlsafe(24)


class SubmissionKeyMissing(ClientException):
    """A creating form came without a usable one-time key (answered 400)."""


class AlreadySubmitted(Exception):
    """The form was sent before with this key; answered as the first request was."""

    def __init__(self, location: str) -> None:
        super().__init__(location)
        self.location = location


async def submission_guard(
    connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler
) -> None:
    if not handler.opt.get(CREATES) or connection.scope.get("method") not in UNSAFE_METHODS:
        return
    user: CurrentUser | None = connection.scope.get("state", {}).get("user")
    form = await connection.form() if hasattr(connection, "form") else {}
    key = str(form.get(FIELD, ""))
    if user is None or not _KEY.fullmatch(key):
        raise SubmissionKeyMissing()
    claimed = (
        await SubmissionKey.insert(SubmissionKey(key=key, user=user.id))
        .on_conflict(target=SubmissionKey.key, action=OnConflictAction.do_nothing)
        .returning(SubmissionKey.id)
    )
    if claimed:
        connection.scope.setdefault("state", {})[_CLAIM] = claimed[0]["id"]
        return
    first = (
        await SubmissionKey.select(SubmissionKey.user, SubmissionKey.location)
        .where(SubmissionKey.key == key)
        .first()
    )
    if first is None or first["user"] != user.id or not first["location"]:
        raise SubmissionKeyMissing()
    raise AlreadySubmitted(first["location"])


async def release_key(request: Request[Any, Any, Any]) -> None:
    """This request stores nothing: its key is released, so the form, which keeps the key,
    is handled afresh when it is sent."""
    claim = request.scope.get("state", {}).pop(_CLAIM, None)
    if claim is not None:
        await SubmissionKey.delete().where(SubmissionKey.id == claim)


def answer_repeat(request: Request[Any, Any, Any], exc: AlreadySubmitted) -> Response[Any]:
    """The answer to a form sent again: where the first answer led (htmx: by ``HX-Redirect``,
    so the page the form was on shows what was stored)."""
    if request.headers.get("hx-request"):
        return Response(b"", headers={"HX-Redirect": exc.location})
    return Redirect(exc.location, status_code=303)


def _header(headers: Iterable[tuple[bytes, bytes]], name: bytes) -> str:
    for key, value in headers:
        if key.lower() == name:
            return value.decode("latin-1")
    return ""


def _local(address: str) -> str:
    """The path and query of ``address``: answers only ever lead within heaolu."""
    parts = urlsplit(address)
    path = parts.path if parts.path.startswith("/") else "/"
    query = f"?{parts.query}" if parts.query else ""
    fragment = f"#{parts.fragment}" if parts.fragment else ""
    return f"{path}{query}{fragment}"


def _page_of_form(scope: Scope) -> str:
    headers = dict(scope.get("headers", []))
    return _local(bytes(headers.get(b"hx-current-url", headers.get(b"referer", b"/"))).decode())


def _answer_location(status: int, headers: Iterable[tuple[bytes, bytes]], scope: Scope) -> str:
    """Where an answer led: a redirect's address, the page a 2xx answer's form was on, or
    nothing (the answer stored nothing: the key is released)."""
    if 300 <= status < 400:
        return _local(_header(headers, b"location"))
    if 200 <= status < 300:
        return _page_of_form(scope)
    return ""


class SubmissionAnswerMiddleware(ASGIMiddleware):
    """Records where a claimed key's first answer led, or releases the key (see the module).
    After a 5xx answer it does nothing: the request's transaction rolls back with the claim."""

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        async def send_recording_answer(message: Message) -> None:
            claim = scope.get("state", {}).pop(_CLAIM, None)
            if (
                message["type"] == "http.response.start"
                and claim is not None
                and message["status"] < 500
            ):
                location = _answer_location(message["status"], message.get("headers", ()), scope)
                if location:
                    await SubmissionKey.update({SubmissionKey.location: location}).where(
                        SubmissionKey.id == claim
                    )
                else:
                    await SubmissionKey.delete().where(SubmissionKey.id == claim)
            await send(message)

        await next_app(scope, receive, send_recording_answer)
