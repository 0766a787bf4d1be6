"""Structured request logs: one JSON line per request with its id and the user's id.

Never logged: query strings (they may hold searched names), request bodies, cookies, headers,
session ids, CSRF tokens or passwords.
"""

from __future__ import annotations

import json
import logging
import time
from datetime import UTC, datetime

from litestar.middleware import ASGIMiddleware
from litestar.status_codes import HTTP_503_SERVICE_UNAVAILABLE
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from core.db import is_unavailable
from core.request_id import request_id

logger = logging.getLogger("heaolu.request")
LOGGED_FIELDS = ("request_id", "user_id", "method", "path", "status", "duration_ms")


class RequestLogMiddleware(ASGIMiddleware):
    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        started = time.perf_counter()
        status = 500

        async def capture_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await next_app(scope, receive, capture_status)
        except Exception as exc:
            # What the error handler will answer (`core.errors`): a database that cannot be
            # reached or written is a 503, anything else that escapes a middleware a 500.
            status = HTTP_503_SERVICE_UNAVAILABLE if is_unavailable(exc) else 500
            raise
        finally:
            user = scope.get("state", {}).get("user")
            logger.info(
                "request",
                extra={
                    "request_id": request_id(scope),
                    "user_id": user.id if user else None,
                    "method": scope.get("method"),
                    "path": scope.get("path"),
                    "status": status,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )


class JsonFormatter(logging.Formatter):
    """Log records as JSON lines: time, level, logger, message and heaolu's own fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for field in (*LOGGED_FIELDS, "exception_type"):
            if hasattr(record, field):
                entry[field] = getattr(record, field)
        if record.exc_info and record.exc_info[1] is not None:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure_logging(debug: bool) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.DEBUG if debug else logging.INFO)
