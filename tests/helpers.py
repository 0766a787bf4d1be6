"""Helpers shared by tests: running the real ``heaolu`` command."""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

# Shared with the load test (`bench.load`), which cannot import the tests.
from bench.accounts import csrf_from as csrf_from
from bench.accounts import new_session

ROOT = Path(__file__).resolve().parent.parent
HEAOLU = str(Path(sys.executable).parent / "heaolu")


def _environment(env: dict[str, str] | None, path: Path | None) -> dict[str, str]:
    environment = {**os.environ, **(env or {})}
    # The checkout first, then ``path``, then what the tests' own PYTHONPATH holds, so the
    # subprocess loads the same plugins as the tests.
    inherited = [entry for entry in os.environ.get("PYTHONPATH", "").split(os.pathsep) if entry]
    pythonpath = [str(ROOT)] + ([str(path)] if path else []) + inherited
    environment["PYTHONPATH"] = os.pathsep.join(pythonpath)
    return environment


def run_heaolu(
    *args: str, env: dict[str, str] | None = None, path: Path | None = None, stdin: str = ""
):
    """Run ``heaolu ARGS`` in a subprocess; ``path`` is put on PYTHONPATH (entry points)."""
    return subprocess.run(
        [HEAOLU, *args],
        env=_environment(env, path),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def start_heaolu(
    *args: str, env: dict[str, str] | None = None, path: Path | None = None
) -> subprocess.Popen:
    """Start ``heaolu ARGS`` in a subprocess without waiting (collect it with communicate())."""
    return subprocess.Popen(
        [HEAOLU, *args],
        env=_environment(env, path),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def install_entry_point(directory: Path, dist: str, name: str, module: str, version="1.0"):
    """Make a real installed distribution (a .dist-info folder) with one heaolu plugin."""
    info = directory / f"{dist}-{version}.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: {version}\n")
    (info / "entry_points.txt").write_text(f"[heaolu.plugins]\n{name} = {module}\n")


def query(database_url: str, sql: str) -> list[tuple]:
    """Run one SQL statement on a database directly (not through heaolu) and return its rows."""
    if database_url.startswith("sqlite"):
        import sqlite3

        with sqlite3.connect(database_url.split("///", 1)[1]) as connection:
            return connection.execute(sql).fetchall()
    from tests.direct import on_postgres

    async def fetch(connection):
        return [tuple(row) for row in await connection.fetch(sql)]

    return on_postgres(database_url, fetch)


PASSWORD = "correct horse battery staple 42"
_password_hash: list[str] = []


async def password_hash() -> str:
    """The hash of PASSWORD, made once per run (argon2 costs 0.1 s each time)."""
    if not _password_hash:
        from core.auth.passwords import hash_password

        _password_hash.append(await hash_password(PASSWORD))
    return _password_hash[0]


async def make_user(username: str, organisation_id: int, role: str, **fields) -> int:
    from core.auth.tables import Membership, User

    [user] = await User.insert(
        User(
            username=username,
            full_name=fields.pop("full_name", username.title()),
            password_hash=await password_hash(),
            **fields,
        )
    ).returning(User.id)
    await Membership.insert(Membership(user=user["id"], organisation=organisation_id, role=role))
    return user["id"]


async def make_people() -> dict[str, int]:
    from core.people.folding import fold
    from core.people.tables import Municipality, Organisation

    tartu, elva = await Municipality.insert(
        Municipality(name="Tartu linn", ehak_code="0793"),
        Municipality(name="Elva vald", ehak_code="0171"),
    ).returning(Municipality.id)
    orgs = await Organisation.insert(
        Organisation(
            name="Tartu Linnavalitsus",
            folded_name=fold("Tartu Linnavalitsus"),
            kind="municipality_office",
            sector="social",
            municipality=tartu["id"],
        ),
        Organisation(
            name="Tartu Kool",
            folded_name=fold("Tartu Kool"),
            kind="hobby_school",
            sector="education",
            municipality=tartu["id"],
        ),
        Organisation(
            name="Elva Vallavalitsus",
            folded_name=fold("Elva Vallavalitsus"),
            kind="municipality_office",
            sector="social",
            municipality=elva["id"],
        ),
        Organisation(
            name="Tartumaa Omavalitsuste Liit",
            folded_name=fold("Tartumaa Omavalitsuste Liit"),
            kind="county_union",
            sector="social",
        ),
    ).returning(Organisation.id)
    tartu_office, tartu_school, elva_office, union = (row["id"] for row in orgs)
    ids = {
        "tartu": tartu["id"],
        "elva": elva["id"],
        "tartu_office": tartu_office,
        "tartu_school": tartu_school,
        "elva_office": elva_office,
        "union": union,
    }
    ids["sysadmin"] = await make_user("sysadmin", union, "system_admin")
    ids["tartu.admin"] = await make_user("tartu.admin", tartu_office, "municipality_admin")
    ids["elva.admin"] = await make_user("elva.admin", elva_office, "municipality_admin")
    ids["tartu.cps"] = await make_user("tartu.cps", tartu_office, "child_protection_specialist")
    ids["elva.cps"] = await make_user("elva.cps", elva_office, "child_protection_specialist")
    return ids


async def make_institution(name: str, kind: str, municipality_id: int) -> int:
    """An education institution (a school, a kindergarten) of the municipality; its id."""
    from core.people.folding import fold
    from core.people.tables import Organisation

    [row] = await Organisation.insert(
        Organisation(
            name=name,
            folded_name=fold(name),
            kind=kind,
            sector="education",
            municipality=municipality_id,
        )
    ).returning(Organisation.id)
    return int(row["id"])


async def count_as_school(organisation_id: int) -> None:
    """Make ``people``'s "Tartu Kool" (a hobby school, so that the casework test workflow serves
    it) a school, for tests of what counts schools (overviews, the institutions' map)."""
    from core.people.tables import Organisation

    await Organisation.update({Organisation.kind: "school"}).where(
        Organisation.id == organisation_id
    )


async def log_in(client, username: str, password: str = PASSWORD, next_path: str = "/"):
    """Log in through the real login form; returns the POST's response."""
    form = await client.get("/login")
    return await client.post(
        "/login",
        data={
            "username": username,
            "password": password,
            "next": next_path,
            "_csrf_token": csrf_from(form.text),
        },
    )


async def sign_in(client, username: str) -> None:
    """Log ``username`` in as the login form does once the password (and any second factor) is
    right: a new session with the first membership active, its cookie in ``client``. For tests
    of what a logged-in user sees; the tests of logging in use `log_in`, the real form."""
    from core.auth.sessions import SESSION_COOKIE

    token = await new_session(username)
    client.cookies.delete(SESSION_COOKIE)
    client.cookies.set(SESSION_COOKIE, token, domain=urlsplit(str(client.base_url)).hostname)


async def current_user_of(client):
    """The `CurrentUser` of ``client``'s session, as each of its requests sees them: for tests
    that call a service on the user's behalf."""
    from core.auth.sessions import SESSION_COOKIE, SessionMiddleware

    state = client.app.state
    middleware = SessionMiddleware(state["engine"], state["plugins"], state["settings"])
    loaded = await middleware.load(client.cookies[SESSION_COOKIE])
    assert loaded is not None and loaded[1] is not None, "the client is not logged in"
    return loaded[1]


def submission_key_from(html: str) -> str:
    """The one-time submission key of the (first) form in ``html``."""
    import re

    match = re.search(r'name="_submission_key" value="([^"]+)"', html)
    assert match, "the page has no submission key"
    return match.group(1)


def new_submission_key() -> str:
    """A one-time submission key, as a freshly rendered form carries."""
    from core.auth.submissions import new_key

    return new_key()


async def post(client, path: str, data: dict | None = None, token_page: str = "/account"):
    """POST a form as the logged-in user, with a CSRF token taken from one of their pages and a
    fresh one-time submission key (unless ``data`` brings its own)."""
    page = await client.get(token_page)
    fields = {"_submission_key": new_submission_key(), **(data or {})}
    return await client.post(path, data={**fields, "_csrf_token": csrf_from(page.text)})


async def accept_report(client, report_id: int, **changes: str):
    """Accept a noticing report as the logged-in user with the concern level and review date
    its page proposes (``changes`` overrides them, e.g. ``concern`` and ``reason``)."""
    shown = await client.get(f"/reports/{report_id}")
    concern = re.search(r'<option value="(\w+)" selected>', shown.text)
    review = re.search(r'name="review_due" value="([^"]*)"', shown.text)
    proposed = {
        "concern": concern.group(1) if concern else "",
        "review_due": review.group(1) if review else "",
    }
    fields = {"_submission_key": new_submission_key(), **proposed, **changes}
    return await client.post(
        f"/reports/{report_id}/accept", data={**fields, "_csrf_token": csrf_from(shown.text)}
    )


class live_session:
    """An httpx client logged in to the live (plain-http) server.

    Browsers send Secure cookies to http://127.0.0.1; httpx does not, so the session and CSRF
    cookies are carried by hand here. Yields the client and a CSRF token.
    """

    def __init__(self, base_url: str, username: str, password: str = PASSWORD):
        self.base_url, self.username, self.password = base_url, username, password

    async def __aenter__(self):
        import httpx

        self.client = httpx.AsyncClient(base_url=self.base_url)
        form = await self.client.get("/login")
        anonymous = form.headers["set-cookie"].split(";")[0]
        login = await self.client.post(
            "/login",
            data={
                "username": self.username,
                "password": self.password,
                "_csrf_token": csrf_from(form.text),
            },
            headers={"cookie": anonymous},
        )
        assert login.status_code == 303, login.text
        self.client.headers["cookie"] = login.headers["set-cookie"].split(";")[0]
        page = await self.client.get("/account")
        return self.client, csrf_from(page.text)

    async def __aexit__(self, *exc_info):
        await self.client.aclose()


def bypassing_append_only(database_url: str, *statements: str) -> None:
    """Run ``statements`` with audit_event's append-only triggers out of the way, in one
    transaction, as only someone with the right to change the schema can: on SQLite the triggers
    are dropped and re-created from the SQL the database stored for them; on PostgreSQL they are
    disabled and enabled again. Tests use it to tamper with audit rows and to empty the table."""
    if database_url.startswith("sqlite"):
        import sqlite3

        connection = sqlite3.connect(database_url.split("///", 1)[1], isolation_level=None)
        try:
            connection.execute("BEGIN IMMEDIATE")
            triggers = connection.execute(
                "SELECT name, sql FROM sqlite_master"
                " WHERE type = 'trigger' AND tbl_name = 'audit_event'"
            ).fetchall()
            for name, _sql in triggers:
                connection.execute(f'DROP TRIGGER "{name}"')
            for statement in statements:
                connection.execute(statement)
            for _name, sql in triggers:
                connection.execute(sql)
            connection.execute("COMMIT")
        finally:
            connection.close()
        return
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    import asyncpg

    async def run():
        connection = await asyncpg.connect(database_url)
        try:
            async with connection.transaction():
                await connection.execute("ALTER TABLE audit_event DISABLE TRIGGER USER")
                for statement in statements:
                    await connection.execute(statement)
                await connection.execute("ALTER TABLE audit_event ENABLE TRIGGER USER")
        finally:
            await connection.close()

    # In a thread of its own, so that async tests (inside a running event loop) may call it.
    with ThreadPoolExecutor(max_workers=1) as executor:
        executor.submit(asyncio.run, run()).result()


# What a SQLite connection is told of its settings (`core.db`): before its first statement, and
# a reader's wait for the write lock around the writes it runs for a read request.
CONNECTION_SET_UP = (
    "PRAGMA foreign_keys",
    "PRAGMA mmap_size",
    "PRAGMA max_page_count",
    "PRAGMA busy_timeout",
)


@contextlib.contextmanager
def statements_received(engine) -> Iterator[list[str]]:
    """The SQL statements the database receives from ``engine``'s new connections inside the
    block, as the database driver sends them: SQLite's trace callback, asyncpg's query logger.
    A SQLite connection's settings (`CONNECTION_SET_UP`) are left out. The
    engine's connection pools are set aside in the block (`pools_set_aside`), so every statement
    comes through a new connection, counted the same whatever the pool held before."""
    import asyncpg
    from piccolo.engine.sqlite import SQLiteEngine

    received: list[str] = []

    def keep(statement: str) -> None:
        if not statement.startswith(CONNECTION_SET_UP):
            received.append(" ".join(statement.split()))

    if isinstance(engine, SQLiteEngine):

        class TracedSQLite(sqlite3.Connection):
            def __init__(self, *args, **kwargs) -> None:
                super().__init__(*args, **kwargs)
                self.set_trace_callback(keep)

        options, option, traced = engine.connection_kwargs, "factory", TracedSQLite
    else:

        class TracedPostgres(asyncpg.Connection):
            def __init__(self, *args, **kwargs) -> None:
                super().__init__(*args, **kwargs)
                self.add_query_logger(lambda logged: keep(logged.query))

        options, option, traced = engine.config, "connection_class", TracedPostgres
    options[option] = traced
    try:
        with pools_set_aside(engine):
            yield received
    finally:
        del options[option]


@contextlib.contextmanager
def pools_set_aside(engine) -> Iterator[None]:
    """Inside the block, ``engine`` keeps no connection for reuse: each transaction and
    statement opens its own and closes it after; the pools are back after the block."""
    from core.db import LoopPoolEngine, SQLiteFileEngine

    if isinstance(engine, SQLiteFileEngine):
        kept = engine.pool_size, engine._idle, engine._idle_readers
        engine.pool_size, engine._idle, engine._idle_readers = 0, [], []
        try:
            yield
        finally:
            (engine.pool_size, engine._idle, engine._idle_readers) = kept
    elif isinstance(engine, LoopPoolEngine):
        pools = engine._pools
        engine._pools = type(pools)()
        try:
            yield
        finally:
            engine._pools = pools
    else:
        yield


def plugin_off(municipality_id: int) -> dict[str, str]:
    """The confirmed form that turns a plugin off for a municipality (`/admin/plugins/NAME`)."""
    return {"municipality": str(municipality_id), "enabled": "0", "confirmed": "1"}
