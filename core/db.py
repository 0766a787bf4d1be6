"""The database engine, and one transaction (so one connection) per request.

Piccolo finds its engine through ``PICCOLO_CONF`` (``core.piccolo_conf``), so there is one engine
per process and database URL; `engine_for` builds it and the app factory binds every table of the
loaded apps to it.

Each request runs inside one transaction: its queries share one connection, a page reads one
consistent snapshot, and a write either happens whole or not at all. The transaction commits just
before the response starts, so the client never sees success for a write that is not durable, and
rolls back when the request fails (an exception or a 5xx answer). On SQLite, unsafe methods (and
GET routes with ``opt={"writes": True}``) begin with ``BEGIN IMMEDIATE``: the write lock is taken
up front, so two writers queue on the busy timeout instead of failing with "database is locked"
when a read lock cannot be upgraded.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from piccolo.conf.apps import AppConfig
from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, TransactionType

from core.settings import Settings

os.environ.setdefault("PICCOLO_CONF", "core.piccolo_conf")

SQLITE_BUSY_TIMEOUT_SECONDS = 30.0
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
SKIP_DATABASE = "skip_database"
# Route option of a GET that writes (a page that audits its own viewing): its transaction is a
# write transaction from the start, like an unsafe method's.
WRITES = "writes"

_engines: dict[str, Engine[Any]] = {}


def sqlite_path(database_url: str) -> Path:
    """``sqlite:///relative/file.db`` or ``sqlite:////absolute/file.db`` to a path."""
    return Path(urlsplit(database_url).path[1:])


def engine_for(settings: Settings) -> Engine[Any]:
    """The process's engine for ``settings.database_url`` (created on first use)."""
    url = settings.database_url
    engine = _engines.get(url)
    if engine is None:
        if settings.is_sqlite:
            path = sqlite_path(url)
            path.parent.mkdir(parents=True, exist_ok=True)
            _enable_wal(path)
            engine = SQLiteEngine(path=str(path), timeout=SQLITE_BUSY_TIMEOUT_SECONDS)
        else:
            engine = PostgresEngine(config={"dsn": url})
        _engines[url] = engine
    return engine


def _enable_wal(path: Path) -> None:
    # WAL lets readers go on while one writer writes; the mode is stored in the file.
    with sqlite3.connect(path, timeout=SQLITE_BUSY_TIMEOUT_SECONDS) as connection:
        connection.execute("PRAGMA journal_mode=WAL")


def bind_tables(engine: Engine[Any], apps: Iterable[AppConfig]) -> None:
    for app in apps:
        for table in app.table_classes:
            table._meta.db = engine


async def start(engine: Engine[Any], pool_size: int) -> None:
    if isinstance(engine, PostgresEngine) and pool_size > 0:
        # min_size=0: the app starts (and /-/ping answers) even while the database is down.
        await engine.start_connection_pool(min_size=0, max_size=pool_size)


async def stop(engine: Engine[Any]) -> None:
    if isinstance(engine, PostgresEngine) and engine.pool is not None:
        await engine.close_connection_pool()


async def is_ready(engine: Engine[Any]) -> bool:
    """True when the database answers and has been migrated (its migration table exists)."""
    try:
        await engine.run_ddl("SELECT 1 FROM migration LIMIT 1", in_pool=False)
    except Exception:
        return False
    return True


def write_transaction(engine: Engine[Any]) -> Any:
    """A transaction that will write: on SQLite it takes the write lock up front (``BEGIN
    IMMEDIATE``), so it waits on the busy timeout instead of failing to upgrade a read lock."""
    if isinstance(engine, SQLiteEngine):
        return engine.transaction(transaction_type=TransactionType.immediate)
    return engine.transaction()


def _transaction(engine: Engine[Any], scope: Scope) -> Any:
    handler = scope.get("route_handler")
    writes = handler is not None and handler.opt.get(WRITES, False)
    if scope.get("method", "GET") in SAFE_METHODS and not writes:
        return engine.transaction()
    return write_transaction(engine)


class RequestTransactionMiddleware(ASGIMiddleware):
    """Runs each HTTP request in one database transaction (see the module's docstring).

    Routes with ``opt={"skip_database": True}`` (liveness, static files) never touch the
    database; GET routes with ``opt={"writes": True}`` get a write transaction.
    """

    exclude_opt_key = SKIP_DATABASE

    def __init__(self, engine: Engine[Any]) -> None:
        self.engine = engine

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        transaction = _transaction(self.engine, scope)
        await transaction.__aenter__()
        finished = False

        async def finish(failed: bool) -> None:
            nonlocal finished
            finished = True
            if failed:
                await transaction.rollback()
            await transaction.__aexit__(None, None, None)

        async def send_after_commit(message: Message) -> None:
            if message["type"] == "http.response.start" and not finished:
                await finish(failed=message["status"] >= 500)
            await send(message)

        try:
            await next_app(scope, receive, send_after_commit)
        finally:
            if not finished:
                await finish(failed=True)
