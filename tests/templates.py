"""Template databases: a database's rows saved once under a name and put back before a test in
milliseconds, instead of emptying every table and adding the rows again.

On SQLite the template is a copy of the file made with SQLite's backup API (it copies pages,
so it is exact and takes a few milliseconds for the test database). On PostgreSQL it is a schema
of its own holding a copy of every table; putting it back empties the tables and copies the
rows in, in one transaction and one round trip. Sequences are not put back: ids go on rising,
which no test may depend on anyway.

On PostgreSQL only the tables that may differ are put back: a statement trigger on every
table (added to the test database alone, when the run begins: `track_changes`) notes the
tables each statement changes, whoever runs it (the tests, the app, a server or a `heaolu`
command on the test database); putting a template back empties the tables noted since the
last time, those holding rows in the template put back or in the one before, and audit_event,
whose triggers a test may disable (`tests.helpers.bypassing_append_only`). Most tests change a
handful of the 78 tables: a fifth of the PostgreSQL run's time went on putting all of them
back.

audit_event is append-only in the database: putting a PostgreSQL template back runs as the
tests' superuser in replication mode (`session_replication_role = replica`), which fires no
trigger and checks no foreign key for that one transaction; the application has no such way.
"""

from __future__ import annotations

import sqlite3
from functools import partial
from pathlib import Path

from tests.direct import on_postgres

# Piccolo's own record of the migrations run: the same in every template.
_KEPT = {"migration"}
# The template of the migrated database, put back after every test (`clean_database`).
MIGRATED = "migrated"


def _sqlite_file(database_url: str) -> Path:
    return Path(database_url.split("///", 1)[1])


def _template_file(database_url: str, name: str) -> Path:
    database = _sqlite_file(database_url)
    return database.with_name(f"{database.stem}.template-{name}.db")


def _copy_sqlite(source: Path, target: Path) -> None:
    with sqlite3.connect(source) as src, sqlite3.connect(target, timeout=30) as dst:
        src.backup(dst)
    src.close()
    dst.close()


def save(database_url: str, name: str) -> None:
    """Save the database's rows as template ``name`` (replacing one of that name)."""
    if database_url.startswith("sqlite"):
        _copy_sqlite(_sqlite_file(database_url), _template_file(database_url, name))
        return
    on_postgres(database_url, partial(_save_postgres, database_url, name))


def restore(database_url: str, name: str) -> None:
    """Put template ``name``'s rows back into the database, whatever it holds now."""
    if database_url.startswith("sqlite"):
        _copy_sqlite(_template_file(database_url, name), _sqlite_file(database_url))
        return
    on_postgres(database_url, partial(_restore_postgres, database_url, name))


def track_changes(database_url: str) -> None:
    """Note, from now on, which tables of the PostgreSQL test database each statement changes
    (see the module's text)."""
    on_postgres(database_url, _track_changes)


def _schema(name: str) -> str:
    return f"template_{name}"


# The tables noted as changed, in a schema of the tests' own (not `public`: it is no table of
# the app's and is never put back).
_CHANGED = "heaolu_tests.changed"
# A test may change audit_event with its triggers, ours too, disabled.
_ALWAYS_PUT_BACK = {"audit_event"}
# Per database: the template whose rows the database held after the last put-back, and per
# template the tables holding rows in it.
_last: dict[str, str] = {}
_filled: dict[tuple[str, str], set[str]] = {}


async def _tables(connection) -> list[str]:
    rows = await connection.fetch(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
    )
    return [row["tablename"] for row in rows if row["tablename"] not in _KEPT]


async def _track_changes(connection) -> None:
    triggers = "".join(
        "CREATE TRIGGER heaolu_tests_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE"
        f' ON public."{table}" FOR EACH STATEMENT EXECUTE FUNCTION heaolu_tests.note();'
        for table in await _tables(connection)
    )
    # No key on the noted names: two transactions noting the same table must not wait for
    # each other.
    await connection.execute(
        "BEGIN; CREATE SCHEMA heaolu_tests;"
        f" CREATE UNLOGGED TABLE {_CHANGED} (name text NOT NULL);"
        " CREATE FUNCTION heaolu_tests.note() RETURNS trigger LANGUAGE plpgsql AS"
        f" $$ BEGIN INSERT INTO {_CHANGED} VALUES (TG_TABLE_NAME); RETURN NULL; END $$;"
        f" {triggers} COMMIT;"
    )


async def _save_postgres(database_url: str, name: str, connection) -> None:
    schema = _schema(name)
    async with connection.transaction():
        await connection.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        await connection.execute(f'CREATE SCHEMA "{schema}"')
        filled = set()
        for table in await _tables(connection):
            await connection.execute(f'CREATE TABLE "{schema}"."{table}" AS TABLE public."{table}"')
            if await connection.fetchval(f'SELECT EXISTS (SELECT FROM public."{table}")'):
                filled.add(table)
        # The database is the template now: nothing has changed since.
        await connection.execute(f"DELETE FROM {_CHANGED}")
    _filled[database_url, name] = filled
    _last[database_url] = name


async def _restore_postgres(database_url: str, name: str, connection) -> None:
    last = _last.get(database_url)
    switched = set() if last == name else _filled[database_url, name]
    if last not in (name, None):
        switched |= _filled[database_url, last]
    listed = ",".join(f"'{table}'" for table in sorted(switched | _ALWAYS_PUT_BACK))
    # One round trip: the noted tables and the listed ones, each emptied and filled from the
    # template (DELETE, not TRUNCATE: for tables of a few rows it is many times faster), with
    # no trigger or foreign key checked in replication mode, and the notes cleared.
    put_back = f"""
DO $$
DECLARE item text;
BEGIN
  SET LOCAL session_replication_role = replica;
  FOR item IN
    SELECT name FROM {_CHANGED} UNION SELECT unnest(ARRAY[{listed}]::text[])
  LOOP
    IF to_regclass(format('%I.%I', '{_schema(name)}', item)) IS NOT NULL THEN
      EXECUTE format('DELETE FROM public.%I', item);
      EXECUTE format('INSERT INTO public.%I SELECT * FROM %I.%I', item, '{_schema(name)}', item);
    END IF;
  END LOOP;
  DELETE FROM {_CHANGED};
END $$"""
    await connection.execute(put_back)
    _last[database_url] = name


_made: dict[tuple[str, str], dict] = {}


async def seeded(database_url: str, name: str, make):
    """What ``await make()`` returns (the ids of the rows it adds), with exactly those rows and
    the ones of the fixtures it builds on in the database. The first call in a run makes them
    and saves the database as template ``name``; every later call puts the template back.

    ``name`` is unique to the fixture. The fixtures ``make`` builds on have just put their own
    rows in place (from their templates, or made): nothing else may be there yet."""
    key = (database_url, name)
    if key in _made:
        restore(database_url, name)
        return dict(_made[key])
    made = await make()
    save(database_url, name)
    _made[key] = dict(made)
    return made
