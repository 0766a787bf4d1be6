"""What a plugin's own tests need from core: a migrated database with the installed plugins'
tables, the app, users in municipalities, enabling a plugin, and signed-in clients.

A plugin reaches it as ``core.api.testing``. A test builds a `TestSite` on a fresh SQLite file
(or an empty PostgreSQL database) and works through real HTTP requests in process::

    site = await testing.TestSite.start(f"sqlite:///{tmp_path / 'test.db'}")
    await site.add_user("worker", role="example_worker", municipality="Elva vald")
    await site.enable("example", "Elva vald")
    async with site.client("worker") as client:
        assert (await client.get("/example/")).status_code == 200

Passwords are hashed at argon2's least cost. The first SQLite database of a run is migrated;
later ones (of the same plugins) are copies of it.
"""

from __future__ import annotations

import atexit
import importlib
import os
import re
import secrets
import shutil
import sqlite3
import tempfile
from collections.abc import AsyncIterator, Iterator, Mapping
from contextlib import asynccontextmanager, closing, contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from litestar import Litestar
from litestar.testing import AsyncTestClient
from piccolo.apps.migrations.tables import Migration
from piccolo.engine.base import Engine

from core import db
from core.app import create_app
from core.auth import passwords
from core.auth.accounts import create_user
from core.auth.sessions import SESSION_COOKIE, start_session
from core.auth.tables import Membership, User
from core.enablement import set_plugin_enabled
from core.migrate import migrate
from core.migration_helpers import bind_raw_steps
from core.people.tables import Municipality, Organisation, OrganisationKind, Sector
from core.plugins import Plugins
from core.settings import Argon2Cost, Settings

BASE_URL = "https://testserver.local"
# Users sign in through a session made for them (`TestSite.client`), never with a password.
PASSWORD = secrets.token_urlsafe(24)
# Migrated databases by plugin set, copied for each new SQLite test database; removed at exit.
_MIGRATED: dict[tuple[str, ...], Path] = {}
_TEMPLATES = Path(tempfile.mkdtemp(prefix="heaolu-plugin-tests-"))
atexit.register(shutil.rmtree, _TEMPLATES, ignore_errors=True)
_CSRF = re.compile(r'name="_csrf_token" value="([^"]+)"')


@dataclass(frozen=True)
class TestSite:
    """The app on its own migrated database, with every installed plugin loaded."""

    __test__ = False  # not a test class, whatever pytest's naming rules say

    settings: Settings
    app: Litestar

    @property
    def plugins(self) -> Plugins:
        plugins: Plugins = self.app.state.plugins
        return plugins

    @classmethod
    async def start(cls, database_url: str, environ: Mapping[str, str] | None = None) -> TestSite:
        """Build the app for ``database_url`` (settings otherwise from ``environ``, by default
        the process's environment) and apply the migrations of core and the plugins that have not
        run there: the database may be new, empty, or hold data (a copy of the demo's)."""
        settings = replace(
            Settings.from_env(
                {
                    **(os.environ if environ is None else environ),
                    "HEAOLU_DATABASE_URL": database_url,
                }
            ),
            database_pool_size=0,
            allowed_hosts=("testserver.local",),
            admin_2fa="optional",
            argon2=Argon2Cost(time_cost=1, memory_kib=8, parallelism=1),
        )
        app = create_app(settings)
        site = cls(settings, app)
        site.bind()
        await site._migrate()
        return site

    async def _migrate(self) -> None:
        """Apply every migration; a new SQLite file of a plugin set migrated before in this
        process is copied from that one instead (milliseconds, where migrating takes a second)."""
        engine = db.engine_for(self.settings)
        path = engine.file if isinstance(engine, db.SQLiteFileEngine) else None
        key = tuple(self.plugins.piccolo_app_modules)
        saved = _MIGRATED.get(key)
        fresh = path if path is not None and not path.exists() else None
        if fresh is not None and saved is not None:
            _copy_sqlite(saved, fresh)
            return
        with _piccolo_engine(engine):
            await migrate(self.plugins)
        if fresh is not None:
            _MIGRATED[key] = _TEMPLATES / f"{len(_MIGRATED)}.db"
            _copy_sqlite(fresh, _MIGRATED[key])

    def bind(self) -> None:
        """Bind every table, and the password cost, to this site (another app may have
        rebound them in the same process)."""
        engine = db.engine_for(self.settings)
        db.bind_tables(engine, self.plugins.piccolo_apps)
        Migration._meta.db = engine
        bind_raw_steps(engine)
        passwords.configure(self.settings.argon2)

    async def municipality(self, name: str) -> int:
        """The id of municipality ``name``, made (with its office) when it is missing."""
        found = await Municipality.select(Municipality.id).where(Municipality.name == name).first()
        if found is not None:
            return int(found["id"])
        code = str(await Municipality.count() + 1).zfill(4)
        [row] = await Municipality.insert(Municipality(name=name, ehak_code=code)).returning(
            Municipality.id
        )
        await Organisation.insert(
            Organisation(
                name=f"{name} office",
                kind=OrganisationKind.municipality_office.value,
                sector=Sector.social.value,
                municipality=row["id"],
            )
        )
        return int(row["id"])

    async def add_user(self, username: str, role: str, municipality: str) -> None:
        """A user holding ``role`` in the office of ``municipality``."""
        municipality_id = await self.municipality(municipality)
        office = await (
            Organisation.select(Organisation.id)
            .where(Organisation.municipality == municipality_id)
            .order_by(Organisation.id)
            .first()
        )
        assert office is not None
        problem = await create_user(username, username, "", PASSWORD, office["id"], role)
        assert problem is None, problem

    async def enable(self, plugin: str, municipality: str, enabled: bool = True) -> None:
        """Turn ``plugin`` on (or off) for ``municipality``, as its administrator would."""
        municipality_id = await self.municipality(municipality)
        async with db.write_transaction(db.engine_for(self.settings)):
            await set_plugin_enabled(self.plugins, plugin, municipality_id, enabled)

    @asynccontextmanager
    async def client(self, username: str | None = None) -> AsyncIterator[AsyncTestClient[Any]]:
        """A client of the app, signed in as ``username`` (anonymous when None); redirects are
        not followed, so a test sees the 303 of a saved form."""
        self.bind()
        async with AsyncTestClient(
            self.app, base_url=BASE_URL, raise_server_exceptions=False
        ) as client:
            client.follow_redirects = False
            if username is not None:
                user = await User.select(User.id).where(User.username == username).first()
                assert user is not None, f"no user {username!r}"
                membership = await (
                    Membership.select(Membership.id)
                    .where(Membership.user == user["id"])
                    .order_by(Membership.id)
                    .first()
                )
                token = await start_session(
                    user["id"], membership["id"] if membership else None, verified=True
                )
                client.cookies.set(SESSION_COOKIE, token, domain="testserver.local")
            yield client


def _copy_sqlite(source: Path, target: Path) -> None:
    """Copy a SQLite database through SQLite's backup, which reads its WAL too."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with closing(sqlite3.connect(source)) as origin, closing(sqlite3.connect(target)) as copy:
        origin.backup(copy)
        copy.execute("PRAGMA journal_mode=WAL")


@contextmanager
def _piccolo_engine(engine: Engine[Any]) -> Iterator[None]:
    """Piccolo's migration steps find their engine in the ``PICCOLO_CONF`` module, not on the
    tables: point it at ``engine`` while they run, then back."""
    conf: Any = importlib.import_module(os.environ.setdefault("PICCOLO_CONF", "core.piccolo_conf"))
    before = conf.DB
    conf.DB = engine
    try:
        yield
    finally:
        conf.DB = before


async def post(
    client: AsyncTestClient[Any], path: str, data: Mapping[str, str], token_page: str
) -> Any:
    """POST a form as the signed-in user: with the CSRF token of ``token_page`` and a fresh
    one-time submission key (unless ``data`` brings its own)."""
    page = await client.get(token_page)
    match = _CSRF.search(page.text)
    assert match, f"{token_page} has no CSRF field"
    fields = {"_submission_key": secrets.token_urlsafe(24), **data}
    return await client.post(path, data={**fields, "_csrf_token": match.group(1)})
