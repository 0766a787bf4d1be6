"""Test set-up: one real database per run (a SQLite file, or a fresh PostgreSQL database when
HEAOLU_TEST_DATABASE_URL is set), migrated once, emptied after every test."""

from __future__ import annotations

import asyncio
import contextlib
import os
import secrets
import socket
import sqlite3
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
ARGON2_TEST_COST = {
    "HEAOLU_ARGON2_TIME_COST": "1",
    "HEAOLU_ARGON2_MEMORY_KIB": "8",
    "HEAOLU_ARGON2_PARALLELISM": "1",
}
# The tests' PostgreSQL databases commit without waiting for the disk (a test database is not
# kept after a crash of the server, which no test causes): a commit costs 0.05 ms instead of a
# few, and a test makes hundreds. SQLite's files go to memory for the same reason
# (`fast_temporary_directory`).
UNSYNCED = 'ALTER DATABASE "{name}" SET synchronous_commit = off'
# A test server on this machine is reached without TLS (unless its URL asks for it): asyncpg
# would otherwise build a TLS context for every connection it opens (a tenth of the CPU of a
# PostgreSQL test run, measured with py-spy) before the server declines it.
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
_created_database: tuple[str, str] | None = None
# Every Piccolo app of the run (core's, the built-in plugins', the test plugins').
_every_app: list = []


def _fresh_postgres_database(server_url: str) -> str:
    import asyncpg

    name = f"heaolu_test_{os.getpid()}_{secrets.token_hex(3)}"

    async def create() -> None:
        connection = await asyncpg.connect(server_url)
        try:
            await connection.execute(f'CREATE DATABASE "{name}"')
            await connection.execute(UNSYNCED.format(name=name))
        finally:
            await connection.close()

    asyncio.run(create())
    global _created_database
    _created_database = (server_url, name)
    parts = urlsplit(server_url)
    query = parts.query
    if parts.hostname in LOCAL_HOSTS and "sslmode=" not in query:
        query = "&".join(filter(None, (query, "sslmode=disable")))
    return urlunsplit(parts._replace(path=f"/{name}", query=query))


def fast_temporary_directory() -> None:
    """Temporary files (the SQLite test databases, pytest's ``tmp_path``, and those of the
    servers and commands the tests start) in memory, on /dev/shm, when it has room: a SQLite
    commit there costs 0.05 ms instead of 3.6 (measured on the 2-core development machine), as
    nothing waits for the disk. A database's file is the same file wherever it is, and no test
    outlives a power cut."""
    if os.environ.get("TMPDIR") or not os.path.isdir("/dev/shm"):
        return
    free = os.statvfs("/dev/shm")
    if not os.access("/dev/shm", os.W_OK) or free.f_bavail * free.f_frsize < 2 * 1024**3:
        return
    os.environ["TMPDIR"] = tempfile.tempdir = "/dev/shm"


def pytest_configure(config: pytest.Config) -> None:
    fast_temporary_directory()
    server_url = os.environ.get("HEAOLU_TEST_DATABASE_URL")
    if server_url:
        url = _fresh_postgres_database(server_url)
    else:
        directory = Path(tempfile.mkdtemp(prefix="heaolu-test-"))
        url = f"sqlite:///{directory / 'test.db'}"
    os.environ["HEAOLU_DATABASE_URL"] = url
    os.environ.pop("HEAOLU_PLUGINS", None)
    os.environ["PICCOLO_CONF"] = "core.piccolo_conf"
    # Passwords hashed at argon2's least cost, here and in every `heaolu` and server the tests
    # start: a login costs milliseconds instead of 0.1 s of CPU. `tests/core/auth/
    # test_passwords.py` checks the production default once.
    os.environ.update(ARGON2_TEST_COST)

    from core.auth import passwords
    from core.cli import Runtime
    from core.migrate import migrate
    from core.plugins import build_plugins
    from core.settings import Settings

    settings = Settings.from_env()
    passwords.configure(settings.argon2)
    plugins = build_plugins(settings, TEST_PLUGINS)
    Runtime(settings, plugins).run(lambda: migrate(plugins))
    _every_app.extend(plugins.piccolo_apps)
    from tests import templates

    if server_url:
        templates.track_changes(url)
    templates.save(url, templates.MIGRATED)
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


@pytest.fixture(scope="session", autouse=True)
async def one_event_loop(anyio_backend):
    """Every async test and fixture of the run in one event loop, which keeps a pool of
    connections to the test database (on PostgreSQL): what a test does in the database itself
    (its fixtures' rows, its checks) then opens no new connection per statement. The app under
    test serves from the test client's own loop, with the app's own pool (`core.db`)."""
    from core import db
    from core.settings import Settings

    engine = db.engine_for(Settings.from_env())
    await db.start(engine, TEST_POOL_SIZE)
    yield
    for shared in _clients.values():
        await shared.__aexit__(None, None, None)
    _clients.clear()
    await db.stop(engine)


_clients: dict = {}


async def client_of(app):
    """An in-process client of ``app`` (`make_app`'s), as a new one: no cookies, its default
    headers, redirects not followed, server errors answered as pages. One per app for the run:
    it is started once (its thread, the app's start-up, the app's connection pool, whose
    connections keep their prepared statements), not for every test."""
    from litestar.testing import AsyncTestClient

    shared = _clients.get(id(app))
    if shared is None:
        shared = AsyncTestClient(app, base_url=BASE_URL, raise_server_exceptions=False)
        await shared.__aenter__()
        shared.default_headers = shared.headers.copy()
        _clients[id(app)] = shared
    shared.cookies.clear()
    shared.headers = shared.default_headers.copy()
    shared.follow_redirects = False
    return shared


TEST_HOSTS = ("testserver.local", "127.0.0.1", "localhost")
TEST_POOL_SIZE = 4


@pytest.fixture(autouse=True)
def estonian_first():
    """Every test starts in Estonian, the default language, whatever the one before chose."""
    from core import i18n

    i18n.set_language(i18n.DEFAULT_LANGUAGE)


@pytest.fixture
def settings():
    """Settings of the test database. Administrators' second factor is optional here; the
    tests of the rule turn it on."""
    from dataclasses import replace

    from core.settings import Settings

    return replace(Settings.from_env(), allowed_hosts=TEST_HOSTS, admin_2fa="optional")


@pytest.fixture
def clean_database(settings):
    """After the test, put the database back as `heaolu migrate` left it (its schema, and the
    forms shipped in code), from the template saved when the run began (`tests.templates`)."""
    yield
    from core import db
    from tests import templates

    templates.restore(settings.database_url, templates.MIGRATED)
    # A test may have bound the tables to another database (an app on a broken URL): the next
    # test finds them on the test database whatever it builds first.
    db.bind_tables(db.engine_for(settings), _every_app)


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


_apps: dict = {}


def make_app(settings, plugins=(), builtins=()):
    """The app for ``settings`` with the test ``plugins`` and the named ``builtins``.

    Each combination is built once per test session (building one costs about half a second)
    and reused: what `create_app` binds for the process (the tables' engine, e-mail, the
    password cost) is bound again at each use, since another app may have rebound it."""
    from core import db
    from core.app import create_app
    from core.auth import passwords
    from core.notifications import mail

    chosen = loading(settings, plugins, builtins)
    key = (chosen, tuple(plugins))
    app = _apps.get(key)
    if app is None:
        app = _apps[key] = create_app(chosen, extra_plugins=plugins)
    else:
        db.bind_tables(app.state.engine, app.state.plugins.piccolo_apps)
        mail.configure(chosen)
        passwords.configure(chosen.argon2)
    return app


@pytest.fixture
async def client(settings, clean_database):
    """A client for the app with core alone."""
    return await client_of(make_app(settings))


@pytest.fixture
async def notes_client(settings, clean_database):
    """A client for the app with the notes test plugin loaded as a built-in."""
    return await client_of(make_app(settings, TEST_PLUGINS))


@contextlib.contextmanager
def serve(factory: str = "app", **env_overrides: str):
    """A real uvicorn server on a free port, serving the app with the test plugins (or another
    factory of `tests.live_app`)."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        f"tests.live_app:{factory}",
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
        wait_until_serving(url)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_serving(url: str) -> None:
    """Wait (10 s at most) until the server at ``url`` answers its liveness probe."""
    import httpx

    for _ in range(100):
        try:
            if httpx.get(f"{url}/-/ping").status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError(f"the server at {url} did not start")


@pytest.fixture(scope="session")
def live_server():
    with serve() as url:
        yield url


def postgres_execute(server_url: str, sql: str) -> None:
    """Run one SQL statement on a PostgreSQL server, outside any test's event loop."""
    import asyncpg

    async def execute() -> None:
        connection = await asyncpg.connect(server_url)
        try:
            await connection.execute(sql)
        finally:
            await connection.close()

    run_async(execute)


def _postgres_url(name: str) -> str:
    server = os.environ["HEAOLU_TEST_DATABASE_URL"]
    return urlunsplit(urlsplit(server)._replace(path=f"/{name}"))


@contextlib.contextmanager
def _new_database(settings, tmp_path, template: str | None = None):
    """A database of the test database's kind, dropped afterwards: empty, or a copy of the
    database ``template`` (a SQLite file's path, or a PostgreSQL database's name)."""
    if settings.is_sqlite:
        # One test may ask for several (the small and the county demo): each a file of its own.
        path = tmp_path / (
            "fresh.db"
            if not (tmp_path / "fresh.db").exists()
            else f"fresh-{secrets.token_hex(4)}.db"
        )
        if template is not None:
            with sqlite3.connect(template) as source, sqlite3.connect(path) as target:
                source.backup(target)
            source.close()
            target.close()
        yield f"sqlite:///{path}"
        return
    server = os.environ["HEAOLU_TEST_DATABASE_URL"]
    name = f"heaolu_fresh_{secrets.token_hex(4)}"
    copying = f' TEMPLATE "{template}"' if template is not None else ""
    postgres_execute(server, f'CREATE DATABASE "{name}"{copying}')
    postgres_execute(server, UNSYNCED.format(name=name))
    yield _postgres_url(name)
    postgres_execute(server, f'DROP DATABASE "{name}" WITH (FORCE)')


@pytest.fixture
def fresh_database_url(settings, tmp_path):
    """An empty database of the same kind as the test database."""
    with _new_database(settings, tmp_path) as url:
        yield url


@pytest.fixture(scope="session")
def command_templates(tmp_path_factory):
    """Databases that a `heaolu` command made once per run (`database_made_by`), by command."""
    made: dict[tuple[str, ...], str] = {}
    yield made
    if not os.environ.get("HEAOLU_TEST_DATABASE_URL"):
        return
    for name in made.values():
        postgres_execute(
            os.environ["HEAOLU_TEST_DATABASE_URL"], f'DROP DATABASE "{name}" WITH (FORCE)'
        )


def database_made_by(command, settings, tmp_path, templates):
    """A new database as ``heaolu COMMAND`` leaves an empty one: the command runs once per run
    into a template, and each test gets a copy of it (a file copy through SQLite's backup API,
    or PostgreSQL's CREATE DATABASE ... TEMPLATE), milliseconds instead of seconds."""
    from tests.helpers import run_heaolu

    if command not in templates:
        if settings.is_sqlite:
            directory = Path(tempfile.mkdtemp(prefix="heaolu-template-"))
            template, url = str(directory / "template.db"), f"sqlite:///{directory / 'template.db'}"
        else:
            template = f"heaolu_template_{os.getpid()}_{len(templates)}"
            postgres_execute(
                os.environ["HEAOLU_TEST_DATABASE_URL"], f'CREATE DATABASE "{template}"'
            )
            url = _postgres_url(template)
        result = run_heaolu(*command, env={"HEAOLU_DATABASE_URL": url})
        assert result.returncode == 0, result.stderr
        templates[command] = template
    return _new_database(settings, tmp_path, templates[command])


@pytest.fixture
def migrated_database_url(settings, tmp_path, command_templates):
    """A new database of the test database's kind, as `heaolu migrate` leaves an empty one."""
    with database_made_by(("migrate",), settings, tmp_path, command_templates) as url:
        yield url


@pytest.fixture
def demo_database_url(settings, tmp_path, command_templates):
    """A new database of the test database's kind, as `heaolu demo` leaves an empty one (the
    small demo with every installed plugin)."""
    with database_made_by(("demo",), settings, tmp_path, command_templates) as url:
        yield url


@pytest.fixture
def county_tenth_database_url(settings, tmp_path, command_templates):
    """A new database of the test database's kind, as `heaolu demo --scale county-tenth` leaves
    an empty one (the county's 148 organisations and its staff, 3 500 sample children, 1 000
    cases): seeded once per run, in seconds, and copied for each test. The whole county (ten
    times the children and cases, made by the same code) is a minute to seed and a 100 MB
    copy: the benchmarks make it, and check its size (`bench/served/databases.py`)."""
    command = ("demo", "--scale", "county-tenth")
    with database_made_by(command, settings, tmp_path, command_templates) as url:
        yield url


@pytest.fixture
async def people(settings, clean_database):
    """A small county: two municipalities, their offices, a school, and one account per role.

    Every account's password is `tests.helpers.PASSWORD`. Made once per run and put back from
    its template for every other test (`tests.templates.seeded`).
    """
    from tests import templates
    from tests.helpers import make_people

    return await templates.seeded(settings.database_url, "people", make_people)


@pytest.fixture
async def staff_client(client, people):
    """The core-only app, logged in as Tartu's child protection specialist."""
    from tests.helpers import sign_in

    await sign_in(client, "tartu.cps")
    return client


@pytest.fixture
async def reader_client(notes_client, people):
    """The app with the notes plugin, logged in as a notes reader of a Tartu school."""
    from tests.helpers import make_user, sign_in

    await make_user("reader", people["tartu_school"], "notes_reader")
    await sign_in(notes_client, "reader")
    return notes_client
