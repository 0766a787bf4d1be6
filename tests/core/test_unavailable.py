"""A database that cannot be written, or a SQLite file that is missing: `/healthz` and pages
answer 503 ("nothing was lost"), never 500; heaolu never makes an empty database in place of the
missing file; and both recover without a restart."""

import contextlib
import subprocess
from dataclasses import replace
from urllib.parse import urlsplit, urlunsplit

import pytest
from litestar.testing import AsyncTestClient

from core.auth.sessions import SESSION_COOKIE
from core.db import sqlite_path
from tests.conftest import BASE_URL, make_app, postgres_execute
from tests.helpers import log_in, make_people, run_heaolu

pytestmark = pytest.mark.anyio
SAYS_NOTHING_LOST = "Teenus ei saa praegu salvestada, midagi ei läinud kaduma."


@contextlib.contextmanager
def unwritable(database_url: str):
    """The database refuses writes while reads go on, as a read-only disk or file does.

    SQLite: the tests run as root, who ignores permission bits, so the file is made immutable
    (`chattr +i`, which root too must respect): SQLite then opens it read-only and every write
    fails with "attempt to write a readonly database", the state the issue describes.
    PostgreSQL: the database's new sessions are read-only (``default_transaction_read_only``);
    without a pool every request opens a new session."""
    if database_url.startswith("sqlite"):
        path = sqlite_path(database_url)
        subprocess.run(["chattr", "+i", str(path)], check=True)
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(path)], check=True)
        return
    name = urlsplit(database_url).path[1:]
    server = urlunsplit(urlsplit(database_url)._replace(path="/postgres"))
    postgres_execute(server, f'ALTER DATABASE "{name}" SET default_transaction_read_only = on')
    try:
        yield
    finally:
        postgres_execute(server, f'ALTER DATABASE "{name}" RESET default_transaction_read_only')


@contextlib.asynccontextmanager
async def client_for(settings, database_url: str, pool_size: int = 0):
    app = make_app(replace(settings, database_url=database_url, database_pool_size=pool_size))
    async with AsyncTestClient(app, base_url=BASE_URL, raise_server_exceptions=False) as client:
        client.follow_redirects = False
        yield client


async def test_an_unwritable_database_answers_503_until_it_is_writable(
    settings, fresh_database_url, clean_database
):
    assert run_heaolu("migrate", env={"HEAOLU_DATABASE_URL": fresh_database_url}).returncode == 0
    async with client_for(settings, fresh_database_url) as client:
        await make_people()
        assert (await log_in(client, "tartu.admin")).status_code == 303
        # The audit log's page writes an audit row about its own viewing, as reads do.
        assert (await client.get("/audit")).status_code == 200
        with unwritable(fresh_database_url):
            health = await client.get("/healthz")
            page = await client.get("/audit")
        assert (health.status_code, health.json()["database"]) == (503, "unreachable")
        assert page.status_code == 503
        assert SAYS_NOTHING_LOST in page.text
        assert page.headers["retry-after"]
        # Writable again: no restart needed.
        assert (await client.get("/healthz")).status_code == 200
        assert (await client.get("/audit")).status_code == 200


async def test_a_missing_sqlite_file_is_503_never_created_and_comes_back(
    settings, tmp_path, clean_database, caplog
):
    """Whatever database the suite runs on, this is about a SQLite file (tmp_path). The app
    keeps its connections for reuse, as `heaolu serve` does: a kept connection still reads the
    moved file, so the engine must notice that the path no longer names it."""
    caplog.set_level("INFO", logger="heaolu.request")
    url = f"sqlite:///{tmp_path / 'heaolu.db'}"
    path, away = sqlite_path(url), tmp_path / "moved-away.db"
    assert run_heaolu("migrate", env={"HEAOLU_DATABASE_URL": url}).returncode == 0
    # A browser with a session cookie: every page looks its session up in the database.
    cookie = {"cookie": f"{SESSION_COOKIE}=an-old-session"}
    async with client_for(settings, url, pool_size=2) as client:
        assert (await client.get("/healthz")).status_code == 200
        path.rename(away)
        health = await client.get("/healthz")
        page = await client.get("/", headers=cookie)
        assert health.status_code == 503
        assert page.status_code == 503
        assert SAYS_NOTHING_LOST in page.text
        logged = [r.status for r in caplog.records if r.name == "heaolu.request" and r.path == "/"]
        assert logged == [503], "the request log says what the client was answered"
        assert not path.exists(), "an empty database was made in place of the missing one"
        away.rename(path)
        assert (await client.get("/healthz")).status_code == 200
        assert (await client.get("/", headers=cookie)).status_code == 303


async def test_pages_answer_503_while_postgresql_does_not_answer(settings, clean_database):
    """Nothing listens on port 1: the connection is refused, as when the server is down."""
    cookie = {"cookie": f"{SESSION_COOKIE}=an-old-session"}
    async with client_for(settings, "postgresql://nobody@127.0.0.1:1/heaolu") as client:
        page = await client.get("/", headers=cookie)
    assert page.status_code == 503
    assert SAYS_NOTHING_LOST in page.text
