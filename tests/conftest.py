"""Test set-up: one real database per run (a SQLite file, or a fresh PostgreSQL database when
HEAOLU_TEST_DATABASE_URL is set), migrated once, emptied after every test."""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

NOTES = "tests.testplugins.notes"
CASEWORK = "tests.testplugins.casework"
TEST_PLUGINS = (NOTES, CASEWORK)
BASE_URL = "https://testserver.local"
_created_database: tuple[str, str] | None = None


def _fresh_postgres_database(server_url: str) -> str:
    import asyncpg

    name = f"heaolu_test_{os.getpid()}_{secrets.token_hex(3)}"

    async def create() -> None:
        connection = await asyncpg.connect(server_url)
        try:
            await connection.execute(f'CREATE DATABASE "{name}"')
        finally:
            await connection.close()

    asyncio.run(create())
    global _created_database
    _created_database = (server_url, name)
    parts = urlsplit(server_url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def pytest_configure(config: pytest.Config) -> None:
    server_url = os.environ.get("HEAOLU_TEST_DATABASE_URL")
    if server_url:
        url = _fresh_postgres_database(server_url)
    else:
        directory = Path(tempfile.mkdtemp(prefix="heaolu-test-"))
        url = f"sqlite:///{directory / 'test.db'}"
    os.environ["HEAOLU_DATABASE_URL"] = url
    os.environ.pop("HEAOLU_PLUGINS", None)
    os.environ["PICCOLO_CONF"] = "core.piccolo_conf"

    from core.cli import Runtime
    from core.migrate import migrate
    from core.plugins import build_plugins
    from core.settings import Settings

    settings = Settings.from_env()
    plugins = build_plugins(settings, TEST_PLUGINS)
    Runtime(settings, plugins).run(lambda: migrate(plugins))
    sys.stderr.write(f"heaolu tests on {urlsplit(url).scheme}\n")


def pytest_unconfigure(config: pytest.Config) -> None:
    if _created_database is None:
        return
    import asyncpg

    server_url, name = _created_database

    async def drop() -> None:
        connection = await asyncpg.connect(server_url)
        try:
            await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await connection.close()

    asyncio.run(drop())


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests run last, after every in-process test."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(scope="session")
def anyio_backend() -> str:
    return "asyncio"


TEST_HOSTS = ("testserver.local", "127.0.0.1", "localhost")


@pytest.fixture(autouse=True)
def estonian_first():
    """Every test starts in Estonian, the default language, whatever the one before chose."""
    from core import i18n

    i18n.set_language(i18n.DEFAULT_LANGUAGE)


@pytest.fixture
def settings():
    """Settings of the test database. No connection pool: the in-process test client runs the
    app's start-up in another event loop than the requests, and a pool cannot span loops (the
    live server, a real uvicorn, uses the pool). Administrators' second factor is optional here;
    the tests of the rule turn it on."""
    from dataclasses import replace

    from core.settings import Settings

    return replace(
        Settings.from_env(), database_pool_size=0, allowed_hosts=TEST_HOSTS, admin_2fa="optional"
    )


@pytest.fixture
def clean_database(settings):
    """Empty every table after the test (the schema stays), then store the code forms again
    as `heaolu migrate` does.

    audit_event is append-only in the database: its triggers refuse to delete rows younger than
    the retention period. The test-only way round is the one a database owner has, taking the
    triggers out of the way for one transaction (`tests.helpers.bypassing_append_only`); the
    application has none."""
    yield
    from core import db
    from core.audit.tables import AuditEvent
    from core.plugins import build_plugins
    from tests.helpers import bypassing_append_only

    plugins = build_plugins(settings, TEST_PLUGINS)
    engine = db.engine_for(settings)
    db.bind_tables(engine, plugins.piccolo_apps)
    tables = [t for app in plugins.piccolo_apps for t in app.table_classes if t is not AuditEvent]

    async def empty() -> None:
        from core.forms.versions import sync_code_forms

        async with engine.transaction():
            for table in reversed(tables):
                for column in table._meta.foreign_key_columns:
                    # A row referring to another row of its table (a merged child) lets go
                    # first: SQLite checks such a reference row by row.
                    if column._foreign_key_meta.resolved_references is table:
                        await table.update({column: None}, force=True)
                await table.delete(force=True)
            # What `heaolu migrate` stores: the forms shipped in code.
            await sync_code_forms(plugins)

    bypassing_append_only(settings.database_url, "DELETE FROM audit_event")
    run_async(empty)


@pytest.fixture
def bound_plugins(settings, clean_database):
    """The test plugins, with every table bound to the test database and e-mail configured from
    ``settings`` (off), as the ``heaolu`` commands do."""
    from core import db
    from core.notifications import mail
    from core.plugins import build_plugins

    plugins = build_plugins(loading(settings, TEST_PLUGINS), TEST_PLUGINS)
    db.bind_tables(db.engine_for(settings), plugins.piccolo_apps)
    mail.configure(settings)
    return plugins


def run_async(work):
    """Run ``work()`` (a coroutine function) to completion from synchronous code. In a thread of
    its own: Playwright's sync API keeps an event loop running in this one."""
    with ThreadPoolExecutor(max_workers=1) as executor:
        return executor.submit(asyncio.run, work()).result()


def loading(settings, plugins=(), builtins=()):
    """``settings`` loading exactly the test ``plugins`` (dotted names) and the named built-in
    plugins: core's tests run without the built-ins, as the case-engine issue asks."""
    from dataclasses import replace

    names = tuple(module.rsplit(".", 1)[-1] for module in plugins) + tuple(builtins)
    return replace(settings, plugins=names)


def make_app(settings, plugins=(), builtins=()):
    from core.app import create_app

    return create_app(loading(settings, plugins, builtins), extra_plugins=plugins)


@pytest.fixture
async def client(settings, clean_database):
    """A client for the app with core alone."""
    from litestar.testing import AsyncTestClient

    app = make_app(settings)
    async with AsyncTestClient(app, base_url=BASE_URL, raise_server_exceptions=False) as c:
        c.follow_redirects = False
        yield c


@pytest.fixture
async def notes_client(settings, clean_database):
    """A client for the app with the notes test plugin loaded as a built-in."""
    from litestar.testing import AsyncTestClient

    app = make_app(settings, TEST_PLUGINS)
    async with AsyncTestClient(app, base_url=BASE_URL, raise_server_exceptions=False) as c:
        c.follow_redirects = False
        yield c


@contextlib.contextmanager
def serve(**env_overrides: str):
    """A real uvicorn server on a free port, serving the app with the test plugins."""
    import httpx

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "tests.live_app:app",
        "--factory",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--no-access-log",
    ]
    env = {
        **os.environ,
        "HEAOLU_ALLOWED_HOSTS": ",".join(TEST_HOSTS),
        "HEAOLU_ADMIN_2FA": "optional",
        **env_overrides,
    }
    server = subprocess.Popen(command, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if httpx.get(f"{url}/-/ping").status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            raise RuntimeError("the test server did not start")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(scope="session")
def live_server():
    with serve() as url:
        yield url


@pytest.fixture
def fresh_database_url(settings, tmp_path):
    """An empty database of the same kind as the test database."""
    if settings.is_sqlite:
        yield f"sqlite:///{tmp_path / 'fresh.db'}"
        return
    import asyncpg

    server = os.environ["HEAOLU_TEST_DATABASE_URL"]
    name = f"heaolu_fresh_{secrets.token_hex(4)}"

    async def execute(sql):
        connection = await asyncpg.connect(server)
        try:
            await connection.execute(sql)
        finally:
            await connection.close()

    asyncio.run(execute(f'CREATE DATABASE "{name}"'))
    yield urlunsplit(urlsplit(server)._replace(path=f"/{name}"))
    asyncio.run(execute(f'DROP DATABASE "{name}" WITH (FORCE)'))


@pytest.fixture
async def people(clean_database):
    """A small county: two municipalities, their offices, a school, and one account per role.

    Every account's password is `tests.helpers.PASSWORD`.
    """
    from tests.helpers import make_people

    return await make_people()


@pytest.fixture
async def staff_client(client, people):
    """The core-only app, logged in as Tartu's child protection specialist."""
    from tests.helpers import log_in

    assert (await log_in(client, "tartu.cps")).status_code == 303
    return client


@pytest.fixture
async def reader_client(notes_client, people):
    """The app with the notes plugin, logged in as a notes reader of a Tartu school."""
    from tests.helpers import log_in, make_user

    await make_user("reader", people["tartu_school"], "notes_reader")
    assert (await log_in(notes_client, "reader")).status_code == 303
    return notes_client
