"""The HTTP server's answer to a request line or headers over its limit.

uvicorn's h11 protocol answers a request whose head outgrows h11's buffer with a bare 400 and
closes the socket at once; when the client is still sending, the kernel then resets the
connection and the client sees no answer at all. `LimitedH11Protocol` answers 414 (URI Too
Long) when the request line alone is over the limit, 431 (Request Header Fields Too Large)
when the headers are, and closes only after the client has stopped sending, so the answer is
read. ``heaolu serve`` runs uvicorn with it.
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

# The most a request line and its headers may take (uvicorn's
# ``h11_max_incomplete_event_size``): a long search term fits; a URL of 64 KiB is refused.
HEAD_LIMIT = 64 * 1024
# How long the rest of a refused request is read (and thrown away) before the socket closes.
LINGER_SECONDS = 2.0
MESSAGES = {
    414: (b"URI Too Long", b"The address is too long."),
    431: (b"Request Header Fields Too Large", b"The request's headers are too large."),
    400: (b"Bad Request", b"Invalid HTTP request received."),
}


class LimitedH11Protocol(H11Protocol):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._refusing = False
        self._linger: asyncio.TimerHandle | None = None

    def data_received(self, data: bytes) -> None:
        if self._refusing:
            return
        super().data_received(data)

    def send_400_response(self, msg: str) -> None:
        status = self._refused_status()
        reason, body = MESSAGES[status]
        self.transport.write(
            b"HTTP/1.1 %d %s\r\ncontent-type: text/plain; charset=utf-8\r\n"
            b"content-length: %d\r\nconnection: close\r\n\r\n%s" % (status, reason, len(body), body)
        )
        self._refusing = True
        if self.transport.can_write_eof():
            self.transport.write_eof()
        self._linger = self.loop.call_later(LINGER_SECONDS, self.transport.close)

    def connection_lost(self, exc: Exception | None) -> None:
        if self._linger is not None:
            self._linger.cancel()
        super().connection_lost(exc)

    def _refused_status(self) -> int:
        """414 or 431 when the head outgrew `HEAD_LIMIT`, else 400 (a malformed request)."""
        received, _closed = self.conn.trailing_data
        if len(received) <= HEAD_LIMIT:
            return 400
        return 431 if b"\n" in received else 414
