"""The database engine, and one transaction (so one connection) per request.

Piccolo finds its engine through ``PICCOLO_CONF`` (``core.piccolo_conf``), so there is one engine
per process and database URL; `engine_for` builds it and the app factory binds every table of the
loaded apps to it.

Each request runs inside one transaction: its queries share one connection, a page reads one
consistent snapshot, and a write either happens whole or not at all. The transaction commits just
before the response starts, so the client never sees success for a write that is not durable, and
rolls back when the request fails (an exception or a 5xx answer). On SQLite, unsafe methods (and
GET routes with ``opt={"writes": True}``) begin with ``BEGIN IMMEDIATE``: the write lock is taken
up front, so two writers queue instead of failing with "database is locked" when a read lock
cannot be upgraded; a worker's writers queue first come first served in the worker
(`QueuedWriteTransaction`), and processes meet on SQLite's busy timeout.

A read request (a safe method without ``writes``) never writes in its own transaction, which is
``READ ONLY`` on PostgreSQL; on SQLite it runs on a reader (`_Reader`, which refuses writes) in
the event loop's own thread, as does every SELECT outside a transaction: a read in WAL mode
waits for no lock, and aiosqlite's trip to its thread and back cost more than the reads. What a
read must still write, the audit row of who saw what, it hands to `after_read`: the middleware
ends the read transaction when the response starts, then runs those writes in one short write
transaction (``BEGIN IMMEDIATE`` and the busy timeout on SQLite), and only then lets the
response go, so readers never hold or wait for the write lock while they read, and no read
leaves without its audit row. If those writes fail, the client gets the error page (503 for an
unavailable database) instead of the page.

A route with ``opt={"own_transactions": True}`` gets no request transaction: it opens short
ones itself, around the slow work it must not hold them through (the login verifies its password
hash between a read and a write transaction). Its statements outside them run one at a time.

A running server never creates the SQLite file: its engine opens ``file:PATH?mode=rw``, so a
missing file is an error (answered 503, see `is_unavailable`) until the file is back; only
``heaolu migrate`` (`create_sqlite_file`) makes a new one.
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
import weakref
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import aiosqlite
import asyncpg
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from litestar.utils.scope.state import ScopeState
from piccolo.conf.apps import AppConfig
from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine, PostgresTransaction
from piccolo.engine.sqlite import SQLiteEngine, SQLiteTransaction, TransactionType, dict_factory
from piccolo.querystring import QueryString

from core import piccolo_speed
from core.settings import Settings

os.environ.setdefault("PICCOLO_CONF", "core.piccolo_conf")
piccolo_speed.install()

SQLITE_BUSY_TIMEOUT_SECONDS = 30.0
# A read in WAL mode waits for no lock but in rare moments (the WAL recovered after a crash):
# a reader, which waits in the event loop's thread, waits this long at most before failing
# with "database is locked" (503).
SQLITE_READER_TIMEOUT_SECONDS = 2.0
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
SKIP_DATABASE = "skip_database"
# Route option of a GET that writes more than its audit rows (opening a notification marks it
# read): its transaction is a write transaction from the start, like an unsafe method's.
WRITES = "writes"
# Route option of a handler that opens its own short transactions (`write_transaction`): the
# middleware opens none, so slow work between them (the login's password hash) neither holds
# SQLite's write lock nor one of PostgreSQL's pooled connections.
OWN_TRANSACTIONS = "own_transactions"
# Key in ``scope["state"]`` of a read request's deferred writes (see `after_read`).
AFTER_READ = "after_read"


@dataclass(frozen=True)
class DeferredStatement:
    """A statement a read request writes after its read transaction (see `after_read`), built
    when it is written, so that it holds what the request added to it meanwhile (its audit
    rows). A read whose deferred writes are all statements has them written at once
    (`write_deferred`)."""

    build: Callable[[], QueryString]


DeferredWrite = Callable[[], Awaitable[object]] | DeferredStatement

_engines: dict[str, Engine[Any]] = {}


def sqlite_path(database_url: str) -> Path:
    """``sqlite:///relative/file.db`` or ``sqlite:////absolute/file.db`` to a path."""
    return Path(urlsplit(database_url).path[1:])


# Every SQLite connection reads the file through a memory map of up to this size. Every write (a
# read request's audit row too) makes every other connection drop its page cache at its next
# transaction, so a page's reads start cold: read through the map, a page is the operating
# system's cached copy itself, where ``read()`` copies it into the connection's cache (which
# also holds only 2 MB, so a statement reading more pages than that evicted its own). The Signs
# of Safety list's statement on the county's data: 2.6 ms read, 1.4 ms mapped.
MEMORY_MAPPED = f"PRAGMA mmap_size = {256 * 1024 * 1024}"
# What a reader runs (`_Reader`): reads, and the statements of its read transaction. Anything
# else fails as a write to a read-only database does.
_READER_STATEMENTS = ("SELECT", "WITH", "BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")


class SQLiteFileEngine(SQLiteEngine):
    """Piccolo's SQLite engine on a file that must exist, with connections kept for reuse.

    Each connection opens ``file:PATH?mode=rw``, which fails ("unable to open database file")
    instead of creating an empty database when the file is missing. Piccolo opens a connection
    (a thread, the file, ``PRAGMA foreign_keys``) for every statement outside a transaction and
    for every transaction, and repeats the pragma before every statement; once `start` gives it
    a pool size, this engine keeps up to that many idle connections, each with the pragma set
    once. An idle connection is reused only while the path still names the file it opened, so a
    file removed or replaced behind the server's back is noticed at the next request. Each
    statement is one trip to the connection's thread (``execute_fetchall``), not Piccolo's
    three (execute, fetch, close the cursor).

    With ``max_pages`` (``HEAOLU_SQLITE_MAX_PAGES``), every connection sets ``PRAGMA
    max_page_count``: a write that would grow the file beyond it fails with "database or disk
    is full", as a full disk does (503, the request's transaction rolled back, see
    `is_unavailable`), and everything saved before stays.
    """

    def __init__(self, file: Path, max_pages: int = 0) -> None:
        self.file = file
        self.max_pages = max_pages
        self.pool_size = 0
        self._idle: list[_PooledConnection] = []
        self._idle_readers: list[_Reader] = []
        self._write_turns: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = (
            weakref.WeakKeyDictionary()
        )
        super().__init__(
            path=f"file:{quote(str(file.resolve()))}?mode=rw",
            uri=True,
            timeout=SQLITE_BUSY_TIMEOUT_SECONDS,
        )

    def write_turn(self) -> asyncio.Lock:
        """The queue of this worker's write transactions (one per event loop: a lock belongs
        to the loop it first waited in)."""
        loop = asyncio.get_running_loop()
        turn = self._write_turns.get(loop)
        if turn is None:
            turn = self._write_turns[loop] = asyncio.Lock()
        return turn

    async def get_connection(self) -> Any:
        while self._idle:
            pooled = self._idle.pop()
            if pooled.opened == _identity(self.file):
                return pooled
            await pooled.connection.close()
        opened = _identity(self.file)
        if opened is None:
            # Said before aiosqlite starts a thread, which, failing to open the file, would
            # report to an event loop that may be closed by then.
            raise sqlite3.OperationalError("unable to open database file")
        # A daemon thread: an idle connection must not keep a finished process alive.
        connection = aiosqlite.connect(**self.connection_kwargs)
        connection._thread.daemon = True
        await connection
        connection.row_factory = dict_factory  # type: ignore[assignment]
        for pragma in self._pragmas():
            await connection.execute(pragma)
        return _PooledConnection(self, connection, opened)

    def _pragmas(self) -> list[str]:
        """What every connection that may write sets first."""
        pragmas = ["PRAGMA foreign_keys = 1", MEMORY_MAPPED]
        if self.max_pages:
            pragmas.append(f"PRAGMA max_page_count = {int(self.max_pages)}")
        return pragmas

    async def release(self, pooled: _PooledConnection) -> None:
        if pooled.connection.in_transaction:
            await pooled.connection.rollback()
        if len(self._idle) < self.pool_size:
            self._idle.append(pooled)
        else:
            await pooled.connection.close()

    async def close_idle(self) -> None:
        idle, self._idle = self._idle, []
        for pooled in idle:
            await pooled.connection.close()
        readers, self._idle_readers = self._idle_readers, []
        for reader in readers:
            reader.connection.close()

    def reader(self) -> _Reader:
        """A connection for reads only, used in the calling thread (see `_Reader`)."""
        while self._idle_readers:
            reader = self._idle_readers.pop()
            if reader.opened == _identity(self.file):
                return reader
            reader.connection.close()
        connection = sqlite3.connect(
            **{**self.connection_kwargs, "timeout": SQLITE_READER_TIMEOUT_SECONDS},
            check_same_thread=False,
        )
        connection.row_factory = dict_factory
        for pragma in self._pragmas():
            connection.execute(pragma)
        return _Reader(self, connection, _identity(self.file))

    def release_reader(self, reader: _Reader) -> None:
        if reader.connection.in_transaction:
            reader.connection.rollback()
        if len(self._idle_readers) < self.pool_size:
            self._idle_readers.append(reader)
        else:
            reader.connection.close()

    async def write_at_once(self, statements: Sequence[QueryString]) -> None:
        """Run ``statements`` in one write transaction (``BEGIN IMMEDIATE``, waiting on the
        busy timeout as every writer does) in one trip to a thread, after this worker's
        earlier writers (`write_turn`). A read request's audit rows: through Piccolo's
        transaction and aiosqlite, its begin, statement and commit were three trips each way,
        0.75 ms of a 5 ms page.

        The write runs on the reader released last, the one the read request that deferred
        these statements has just read with (`reader` takes the last released first): a
        connection keeps its page cache across its own writes and drops it after any other
        connection's, so that the worker's next read finds its pages decoded. Written on a
        connection of their own, every read request's audit rows made the next request read
        every page afresh: my work's statement on the county took 0.67 ms after another
        connection's write, 0.46 ms after its own."""
        compiled = [statement.compile_string(self.engine_type) for statement in statements]
        turn = self.write_turn()
        async with asyncio.timeout(SQLITE_BUSY_TIMEOUT_SECONDS):
            await turn.acquire()
        try:
            writer = self.reader()
        except BaseException:
            turn.release()
            raise

        def release(_: object = None) -> None:
            self.release_reader(writer)
            turn.release()

        written = asyncio.get_running_loop().run_in_executor(
            None, _write_as_reader, writer.connection, compiled
        )
        try:
            await asyncio.shield(written)
        except asyncio.CancelledError:
            # The thread still uses the connection: it goes back when the thread is done.
            written.add_done_callback(release)
            raise
        except BaseException:
            release()
            raise
        release()

    async def _run_in_new_connection(
        self,
        query: str,
        args: list[Any] | None = None,
        query_type: str = "generic",
        table: Any = None,
    ) -> Any:
        if _reads_only(query):
            reader = self.reader()
            try:
                return await reader.execute_fetchall(query, args or [])
            finally:
                await reader.close()
        connection = await self.get_connection()
        try:
            rows = await self._run_in_existing_connection(connection, query, args)
            await connection.commit()
        finally:
            await connection.close()
        return rows

    async def _run_in_existing_connection(
        self,
        connection: Any,
        query: str,
        args: list[Any] | None = None,
        query_type: str = "generic",
        table: Any = None,
    ) -> Any:
        # One trip to the connection's thread (execute, fetch, close), not three.
        return list(await connection.execute_fetchall(query, args or []))


class LoopPoolEngine(PostgresEngine):
    """Piccolo's PostgreSQL engine with a connection pool for each event loop.

    An asyncpg pool belongs to the loop that made it. A worker has one loop, so it has one pool,
    made by `start`; but the engine is the process's, and code on another loop (the in-process
    test client serves the app from a loop of its own, while a test calls core directly from
    another) must not take connections of a pool it cannot use: on a loop without a pool,
    every transaction and statement opens its own connection, as Piccolo does with no pool.
    """

    def __init__(self, config: dict[str, Any]) -> None:
        self._pools: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Any] = (
            weakref.WeakKeyDictionary()
        )
        super().__init__(config=config)

    @property
    def pool(self) -> Any:
        loop = _running_loop()
        return None if loop is None else self._pools.get(loop)

    @pool.setter
    def pool(self, pool: Any) -> None:
        loop = _running_loop()
        if loop is None:
            return
        if pool is None:
            self._pools.pop(loop, None)
        else:
            self._pools[loop] = pool


def _running_loop() -> asyncio.AbstractEventLoop | None:
    try:
        return asyncio.get_running_loop()
    except RuntimeError:
        return None


class QueuedWriteTransaction(SQLiteTransaction):
    """A SQLite write transaction (``BEGIN IMMEDIATE``) that first waits its turn among the
    worker's write transactions, first come first served (`SQLiteFileEngine.write_turn`).

    Without the queue, every waiting writer polls in SQLite's busy handler, whose sleeps grow
    while it waits: under load a writer that came late takes the lock from one that has waited
    for seconds, and some wait out the busy timeout ("database is locked"). A turn not come
    within the busy timeout fails with TimeoutError (503, see `is_unavailable`). Writers of
    other processes (more workers, `heaolu` commands) still meet on the busy timeout. A
    transaction inside another is its parent's and waits for nothing."""

    _turn: asyncio.Lock | None = None

    async def __aenter__(self) -> SQLiteTransaction:
        if self._parent is not None:
            return self._parent
        assert isinstance(self.engine, SQLiteFileEngine)
        turn = self.engine.write_turn()
        async with asyncio.timeout(SQLITE_BUSY_TIMEOUT_SECONDS):
            await turn.acquire()
        self._turn = turn
        try:
            return await super().__aenter__()
        except BaseException:
            self._release()
            raise

    async def __aexit__(self, exception_type: Any, exception: Any, traceback: Any) -> bool:
        try:
            return await super().__aexit__(exception_type, exception, traceback)
        finally:
            self._release()

    def _release(self) -> None:
        turn, self._turn = self._turn, None
        if turn is not None:
            turn.release()


class _Reader:
    """A SQLite connection for reads only, used in the calling thread, the event loop's, with
    the API of aiosqlite's connection that Piccolo's transaction and `SQLiteFileEngine` call.
    A statement that is no read (`_READER_STATEMENTS`) fails at once with SQLite's own "attempt
    to write a readonly database", so a read request never writes behind its route's back.
    The connection itself may write: `write_at_once` writes a read request's deferred rows on
    it, outside this class. (``PRAGMA query_only`` would refuse those too, and turning it off
    and on again around them makes SQLite prepare every kept statement afresh.)

    aiosqlite runs each statement in the connection's own thread: a trip there and back is two
    thread switches, which under load cost more than the statements (a case page's two dozen
    reads take 1 ms in SQLite and took 10 to 20 ms in trips). A read in WAL mode waits for no
    lock, so it runs here, blocking the loop only for the read itself; a write can wait for the
    write lock (up to the busy timeout) and keeps aiosqlite's thread."""

    def __init__(self, engine: SQLiteFileEngine, connection: sqlite3.Connection, opened: Any):
        self.engine, self.connection, self.opened = engine, connection, opened

    @property
    def in_transaction(self) -> bool:
        return self.connection.in_transaction

    async def execute(self, sql: str, parameters: Any = ()) -> None:
        _refuse_writes(sql)
        self.connection.execute(sql, parameters)

    async def execute_fetchall(self, sql: str, parameters: Any = ()) -> list[Any]:
        _refuse_writes(sql)
        return self.connection.execute(sql, parameters).fetchall()

    async def close(self) -> None:
        self.engine.release_reader(self)


class ReadTransaction(SQLiteTransaction):
    """A SQLite read transaction (``BEGIN DEFERRED``) on a `_Reader`: the request's
    transaction of a read request."""

    async def get_connection(self) -> Any:
        assert isinstance(self.engine, SQLiteFileEngine)
        return self.engine.reader()


def _write_as_reader(
    connection: sqlite3.Connection, statements: list[tuple[str, list[Any]]]
) -> None:
    """In a thread: `_write_all` on a reader's connection (past `_Reader`, which refuses
    writes), waiting on the writers' busy timeout for this write alone."""
    connection.execute(f"PRAGMA busy_timeout = {int(SQLITE_BUSY_TIMEOUT_SECONDS * 1000)}")
    try:
        _write_all(connection, statements)
    finally:
        connection.execute(f"PRAGMA busy_timeout = {int(SQLITE_READER_TIMEOUT_SECONDS * 1000)}")


def _write_all(connection: sqlite3.Connection, statements: list[tuple[str, list[Any]]]) -> None:
    """In a thread: ``statements`` in one write transaction, rolled back if one fails."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        for sql, args in statements:
            connection.execute(sql, args)
        connection.execute("COMMIT")
    except BaseException:
        if connection.in_transaction:
            connection.rollback()
        raise


def _refuse_writes(sql: str) -> None:
    if not sql.lstrip()[:9].upper().startswith(_READER_STATEMENTS):
        raise sqlite3.OperationalError("attempt to write a readonly database")


def _reads_only(query: str) -> bool:
    """True for a statement that can only read (a SELECT)."""
    return query.lstrip()[:6].upper() == "SELECT"


class _PooledConnection:
    """An aiosqlite connection whose ``close()`` hands it back to its engine's idle list."""

    def __init__(self, engine: SQLiteFileEngine, connection: aiosqlite.Connection, opened: Any):
        self.engine, self.connection, self.opened = engine, connection, opened

    def __getattr__(self, name: str) -> Any:
        return getattr(self.connection, name)

    async def close(self) -> None:
        await self.engine.release(self)


def _identity(file: Path) -> tuple[int, int] | None:
    try:
        status = file.stat()
    except OSError:
        return None
    return status.st_dev, status.st_ino


def engine_for(settings: Settings) -> Engine[Any]:
    """The process's engine for ``settings.database_url`` (created on first use)."""
    url = settings.database_url
    engine = _engines.get(url)
    if engine is None:
        if settings.is_sqlite:
            engine = SQLiteFileEngine(sqlite_path(url), settings.sqlite_max_pages)
        else:
            engine = LoopPoolEngine(config={"dsn": url})
        _engines[url] = engine
    return engine


def create_sqlite_file(engine: Engine[Any]) -> None:
    """Make the SQLite file (and its folder) if it is missing, in WAL mode: WAL lets readers go
    on while one writer writes, and the mode is stored in the file. Only ``heaolu migrate``
    calls it; PostgreSQL databases are made by their administrator."""
    if not isinstance(engine, SQLiteFileEngine):
        return
    engine.file.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(engine.file, timeout=SQLITE_BUSY_TIMEOUT_SECONDS) as connection:
        connection.execute("PRAGMA journal_mode=WAL")


def bind_tables(engine: Engine[Any], apps: Iterable[AppConfig]) -> None:
    for app in apps:
        for table in app.table_classes:
            table._meta.db = engine


async def start(engine: Engine[Any], pool_size: int) -> None:
    if isinstance(engine, SQLiteFileEngine):
        engine.pool_size = pool_size
    if isinstance(engine, PostgresEngine) and pool_size > 0:
        # min_size=0: the app starts (and /-/ping answers) even while the database is down.
        await engine.start_connection_pool(min_size=0, max_size=pool_size, reset=release_as_it_is)


async def release_as_it_is(connection: asyncpg.Connection) -> None:
    """How a pooled PostgreSQL connection is made ready for its next use: asyncpg rolls back a
    transaction left open itself, and heaolu leaves no other state on a connection (its
    advisory locks are the transaction's, it sets no session variable, listens to nothing and
    keeps no cursor past a transaction). asyncpg's default reset sent ``SELECT
    pg_advisory_unlock_all(); CLOSE ALL; UNLISTEN *; RESET ALL`` at every release: a round trip
    more for each statement run outside a transaction and each transaction, three a page."""


async def stop(engine: Engine[Any]) -> None:
    if isinstance(engine, SQLiteFileEngine):
        engine.pool_size = 0
        await engine.close_idle()
    if isinstance(engine, PostgresEngine) and engine.pool is not None:
        await engine.close_connection_pool()


async def accepts_writes(engine: Engine[Any]) -> bool:
    """True when the database answers, is migrated and accepts a write: one row of the migration
    table is updated to itself in a transaction that is rolled back. A file SQLite can only read
    (read-only file system, immutable file) or a PostgreSQL server in read-only mode fail here,
    while reads still work."""
    try:
        async with write_transaction(engine) as transaction:
            await engine.run_ddl(
                "UPDATE migration SET name = name WHERE id = (SELECT min(id) FROM migration)"
            )
            await transaction.rollback()
    except Exception:
        return False
    return True


def is_unavailable(exc: BaseException) -> bool:
    """True for an error that says the database cannot be reached or written right now (a
    missing or read-only SQLite file, a full disk, a PostgreSQL server that is down or
    read-only), as opposed to a bug: answered with 503 and recovered from without a restart."""
    if isinstance(exc, sqlite3.OperationalError):
        message = str(exc).lower()
        return any(part in message for part in _SQLITE_UNAVAILABLE)
    return isinstance(
        exc,
        ConnectionError
        | TimeoutError
        | asyncpg.exceptions.PostgresConnectionError
        | asyncpg.exceptions.OperatorInterventionError
        | asyncpg.exceptions.ReadOnlySQLTransactionError
        | asyncpg.exceptions.InsufficientResourcesError,
    )


def is_full(exc: BaseException) -> bool:
    """True for a write refused because the database is full (the disk, or a SQLite file at
    ``HEAOLU_SQLITE_MAX_PAGES``): waiting will not help, the administrator must make room."""
    if isinstance(exc, sqlite3.OperationalError):
        return "database or disk is full" in str(exc).lower()
    return isinstance(exc, asyncpg.exceptions.DiskFullError)


# "database is locked": another process held the write lock for the whole busy timeout.
_SQLITE_UNAVAILABLE = (
    "readonly",
    "unable to open",
    "disk i/o",
    "database or disk is full",
    "database is locked",
)


def write_transaction(engine: Engine[Any]) -> Any:
    """A transaction that will write: on SQLite it takes the write lock up front (``BEGIN
    IMMEDIATE``), so it waits on the busy timeout instead of failing to upgrade a read lock, and
    on heaolu's engine it first waits its turn in the worker (`QueuedWriteTransaction`)."""
    if isinstance(engine, SQLiteFileEngine):
        return QueuedWriteTransaction(engine, transaction_type=TransactionType.immediate)
    if isinstance(engine, SQLiteEngine):
        return engine.transaction(transaction_type=TransactionType.immediate)
    return engine.transaction()


class ReadOnlyTransaction(PostgresTransaction):
    """A PostgreSQL transaction begun ``READ ONLY`` (in the same ``BEGIN``): a read request
    that tried to write would fail instead of writing behind its route's back. Its isolation
    is ``REPEATABLE READ``, so that its statements read one snapshot (under PostgreSQL's
    default, ``READ COMMITTED``, each statement takes its own); a read-only transaction never
    fails to serialise."""

    async def begin(self) -> None:
        self.transaction = self.connection.transaction(readonly=True, isolation="repeatable_read")
        await self.transaction.start()


def after_read(scope: Scope) -> list[DeferredWrite] | None:
    """The writes the current read request defers until its read transaction has ended (append
    to the list), or None when the request is no read (its writes belong in its transaction)."""
    deferred: list[DeferredWrite] | None = scope.get("state", {}).get(AFTER_READ)
    return deferred


async def write_deferred(engine: Engine[Any], deferred: Sequence[DeferredWrite]) -> None:
    """Write a read request's deferred writes (`after_read`) in one write transaction. When
    they are statements alone: on SQLite in one trip to a thread (`write_at_once`); on
    PostgreSQL one statement alone is sent as it is, atomic without a BEGIN and a COMMIT
    around it (one round trip, not three)."""
    if all(isinstance(write, DeferredStatement) for write in deferred):
        statements = [write.build() for write in deferred if isinstance(write, DeferredStatement)]
        if isinstance(engine, SQLiteFileEngine):
            await engine.write_at_once(statements)
            return
        if len(statements) == 1 and isinstance(engine, PostgresEngine):
            await engine.run_querystring(statements[0], in_pool=True)
            return
    async with write_transaction(engine):
        for write in deferred:
            if isinstance(write, DeferredStatement):
                await engine.run_querystring(write.build(), in_pool=True)
            else:
                await write()


def _own_transactions(scope: Scope) -> bool:
    handler = scope.get("route_handler")
    return handler is not None and bool(handler.opt.get(OWN_TRANSACTIONS, False))


def _reads(scope: Scope) -> bool:
    handler = scope.get("route_handler")
    writes = handler is not None and handler.opt.get(WRITES, False)
    return scope.get("method", "GET") in SAFE_METHODS and not writes


def _read_transaction(engine: Engine[Any]) -> Any:
    if isinstance(engine, PostgresEngine):
        return ReadOnlyTransaction(engine)
    if isinstance(engine, SQLiteFileEngine):
        return ReadTransaction(engine)
    return engine.transaction()


class RequestTransactionMiddleware(ASGIMiddleware):
    """Runs each HTTP request in one database transaction (see the module's docstring).

    Routes with ``opt={"skip_database": True}`` (liveness, static files) never touch the
    database; routes with ``opt={"own_transactions": True}`` (the login) open their own; GET
    routes with ``opt={"writes": True}`` get a write transaction; other reads get a read
    transaction and run their `after_read` writes after it.
    """

    exclude_opt_key = SKIP_DATABASE

    def __init__(self, engine: Engine[Any]) -> None:
        self.engine = engine

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        if _own_transactions(scope):
            await next_app(scope, receive, send)
            return
        deferred: list[DeferredWrite] = []
        if _reads(scope):
            transaction = _read_transaction(self.engine)
            scope.setdefault("state", {})[AFTER_READ] = deferred
        else:
            transaction = write_transaction(self.engine)
        await transaction.__aenter__()
        finished = False
        deferred_failed: BaseException | None = None

        async def finish(failed: bool) -> None:
            nonlocal finished
            finished = True
            if failed:
                await transaction.rollback()
            await transaction.__aexit__(None, None, None)

        async def send_after_commit(message: Message) -> None:
            nonlocal deferred_failed
            if message["type"] == "http.response.start" and not finished:
                failed = message["status"] >= 500
                await finish(failed)
                if deferred and not failed:
                    try:
                        await write_deferred(self.engine, deferred)
                    except Exception as exc:
                        deferred_failed = exc
                        raise
            await send(message)

        try:
            await next_app(scope, receive, send_after_commit)
        except Exception:
            if deferred_failed is not None:
                # The response never started (its start was held back for these writes), so
                # the app's error page may still answer: say so to Litestar's outer handler.
                ScopeState.from_scope(scope).response_started = False
                raise deferred_failed from None
            raise
        finally:
            if not finished:
                await finish(failed=True)
