"""The database: one transaction per request, concurrent writers, migrations from zero."""

import asyncio

import pytest

from tests.helpers import live_session, make_user, post, query, run_heaolu
from tests.testplugins.notes.tables import Note

pytestmark = pytest.mark.anyio
# Core's sample instruments of the toolbox, by key after "core.toolbox_".
TOOLBOX_INSTRUMENTS = (
    "behaviour",
    "home",
    "learning",
    "movement",
    "social_emotional",
    "speech",
    "wellbeing",
)


async def test_a_write_is_committed_before_the_redirect_is_sent(reader_client):
    response = await post(reader_client, "/notes/add", {"text": "kept"})
    assert response.status_code == 303
    # Read through a separate connection: the row is durable when the client hears "done".
    assert await Note.count() == 1


async def test_a_failing_request_writes_nothing(reader_client):
    response = await post(reader_client, "/notes/add-then-fail", {"text": "half-written"})
    assert response.status_code == 500
    assert await Note.count() == 0


async def test_concurrent_writers_that_read_first_all_succeed(live_server, people):
    await make_user("reader", people["tartu_school"], "notes_reader")
    async with live_session(live_server, "reader") as (client, token):
        responses = await asyncio.gather(
            *(
                client.post("/notes/add", data={"text": f"note {i}", "_csrf_token": token})
                for i in range(16)
            )
        )
    assert [r.status_code for r in responses] == [303] * 16
    assert await Note.count() == 16


def count_migrations(folder: str) -> int:
    from tests.helpers import ROOT

    return len([p for p in (ROOT / folder / "piccolo_migrations").glob("*.py") if p.stem[0] != "_"])


async def test_a_read_requests_transaction_reads_one_snapshot(settings, clean_database):
    """What another connection commits while a page is being read is not half in the page:
    every statement of a read transaction sees the database as its first statement did."""
    from core import db
    from core.people.tables import Municipality

    async with db._read_transaction(db.engine_for(settings)):
        before = await Municipality.count()
        query(
            settings.database_url,
            "INSERT INTO people_municipality (name, ehak_code) VALUES ('Uus vald', '9999')",
        )
        assert await Municipality.count() == before
    assert await Municipality.count() == before + 1


def test_migrate_builds_everything_from_zero_and_then_has_nothing_to_do(fresh_database_url):
    env = {"HEAOLU_DATABASE_URL": fresh_database_url}
    first = run_heaolu("migrate", env=env)
    assert first.returncode == 0, first.stderr
    apps = {
        "people": "core/people",
        "core": "core",
        "audit": "core/audit",
        "auth": "core/auth",
        "consent": "core/consent",
        "cases": "core/cases",
        "forms": "core/forms",
        "jobs": "core/jobs",
        "notifications": "core/notifications",
        "municipality": "plugins/municipality",
        "kindergarten": "plugins/kindergarten",
        "county": "plugins/county",
        "signs_of_safety": "examples/signs_of_safety/heaolu_signs_of_safety",
    }
    assert first.stdout.splitlines() == [
        f"{app}: {n} migration(s) applied"
        if (n := count_migrations(folder))
        else f"{app}: up to date"
        for app, folder in apps.items()
    ]
    second = run_heaolu("migrate", env=env)
    assert second.stdout.splitlines() == [f"{app}: up to date" for app in apps]
    # The forms shipped in code are stored, once.
    assert query(fresh_database_url, "SELECT key, version FROM forms_version ORDER BY key") == [
        ("core.noticing", 2),
        ("core.rajaleidja", 1),
        *((f"core.toolbox_{name}", 1) for name in TOOLBOX_INSTRUMENTS),
        ("kindergarten.readiness_card", 1),
        ("kindergarten.support_plan", 1),
        ("municipality.assessment", 2),
        ("municipality.closing", 1),
        ("school.individual_plan", 1),
    ]


def test_migrate_refuses_an_unknown_plugin_naming_it(fresh_database_url):
    env = {"HEAOLU_DATABASE_URL": fresh_database_url, "HEAOLU_PLUGINS": "school,nosuchplugin"}
    result = run_heaolu("migrate", env=env)
    assert result.returncode == 2
    assert "nosuchplugin" in result.stderr
    assert "Traceback" not in result.stderr


def test_enablement_is_one_row_per_municipality_and_plugin(fresh_database_url):
    """The unique index made by core's second migration holds on both databases."""
    assert run_heaolu("migrate", env={"HEAOLU_DATABASE_URL": fresh_database_url}).returncode == 0
    query(
        fresh_database_url,
        "INSERT INTO people_municipality (name, ehak_code, county) "
        "VALUES ('Nõo vald', '0528', 'Tartumaa')",
    )
    insert = (
        "INSERT INTO core_plugin_enablement (municipality, plugin, enabled) "
        "SELECT id, 'school', true FROM people_municipality"
    )
    query(fresh_database_url, insert)
    with pytest.raises(Exception, match="(?i)unique"):
        query(fresh_database_url, insert)


async def test_a_pooled_postgresql_connection_goes_back_without_a_reset_round_trip(settings):
    """asyncpg's default reset sent four statements at every release of a pooled connection;
    `release_as_it_is` sends none, and a transaction left open is still rolled back."""
    if settings.is_sqlite:
        pytest.skip("a PostgreSQL pool's release: checked in the PostgreSQL run")
    import asyncpg

    from core import db

    sent: list[str] = []
    pool = await asyncpg.create_pool(
        **db.engine_for(settings).config, min_size=1, max_size=1, reset=db.release_as_it_is
    )
    try:
        async with pool.acquire() as connection:
            connection.add_query_logger(lambda logged: sent.append(logged.query))
            assert await connection.fetchval("SELECT 1") == 1
            left_open = connection.transaction()
            await left_open.start()
            await connection.execute("CREATE TEMPORARY TABLE left_behind (n integer)")
        async with pool.acquire() as connection:
            assert not connection.is_in_transaction()
            assert await connection.fetchval("SELECT to_regclass('pg_temp.left_behind')") is None
    finally:
        await pool.close()
    assert not [query for query in sent if "RESET ALL" in query or "UNLISTEN" in query], sent


async def test_a_read_requests_transaction_refuses_to_write(settings, clean_database):
    """A read request never writes behind its route's back: in its transaction a write fails
    (SQLite: its reader refuses it as a read-only database does; PostgreSQL: ``READ ONLY``)
    and nothing is written. Its audit rows are written after it, on their own."""
    from core import db
    from core.people.tables import Municipality

    before = await Municipality.count()
    with pytest.raises(Exception, match="read-only|readonly"):
        async with db._read_transaction(db.engine_for(settings)):
            await Municipality.insert(Municipality(name="Uus vald", ehak_code="9999"))
    assert await Municipality.count() == before
