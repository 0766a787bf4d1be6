"""The tests' own connections to a PostgreSQL database, outside the app: one a database, kept
open on an event loop of its own thread, for putting templates back (`tests.templates`) and for
reading and changing rows directly (`tests.helpers.query`).

Opening a connection costs more than most of what the tests ask of one, and the tests' own
event loops come and go, so the connections live on a loop that stays. A connection the server
closed (its database dropped or the server restarted) is opened again.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

T = TypeVar("T")

_loop: asyncio.AbstractEventLoop | None = None
_connections: dict[str, Any] = {}


def on_postgres(database_url: str, work: Callable[[Any], Awaitable[T]]) -> T:
    """``await work(connection)`` on the kept connection to ``database_url``, from any thread
    (also from inside a running event loop, which it blocks until the work is done)."""
    global _loop
    if _loop is None:
        _loop = asyncio.new_event_loop()
        threading.Thread(target=_loop.run_forever, name="direct-postgres", daemon=True).start()
    return asyncio.run_coroutine_threadsafe(_with_connection(database_url, work), _loop).result()


async def _with_connection(database_url: str, work: Callable[[Any], Awaitable[T]]) -> T:
    import asyncpg

    connection = _connections.get(database_url)
    if connection is not None and not connection.is_closed():
        try:
            return await work(connection)
        except (asyncpg.ConnectionDoesNotExistError, asyncpg.AdminShutdownError):
            pass
    connection = _connections[database_url] = await asyncpg.connect(database_url)
    return await work(connection)
