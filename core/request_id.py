"""A short id for every request: sent back as ``X-Request-ID`` and shown on error pages, so a
user can quote it and an operator can find the request in the logs."""

from __future__ import annotations

import secrets

from litestar.datastructures import MutableScopeHeaders
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Message, Receive, Scope, Send

HEADER = "x-request-id"


def request_id(scope: Scope) -> str:
    """The request's id, made on first use (also for requests no route matched)."""
    state = scope.setdefault("state", {})
    if "request_id" not in state:
        state["request_id"] = secrets.token_hex(6)
    return str(state["request_id"])


class RequestIdMiddleware(ASGIMiddleware):
    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        rid = request_id(scope)

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableScopeHeaders.from_message(message)[HEADER] = rid
            await send(message)

        await next_app(scope, receive, send_with_id)
