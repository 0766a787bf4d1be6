"""Template databases: a database's rows saved once under a name and put back before a test in
milliseconds, instead of emptying every table and adding the rows again.

On SQLite the template is a copy of the file made with SQLite's backup API (it copies pages,
so it is exact and takes a few milliseconds for the test database). On PostgreSQL it is a schema
of its own holding a copy of every table; putting it back empties the tables and copies the
rows in, in one transaction and one round trip. Sequences are not put back: ids go on rising,
which no test may depend on anyway.

audit_event is append-only in the database: putting a PostgreSQL template back runs as the
tests' superuser in replication mode (`session_replication_role = replica`), which fires no
trigger and checks no foreign key for that one transaction; the application has no such way.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

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
    from tests.conftest import run_async

    run_async(lambda: _save_postgres(database_url, name))


def restore(database_url: str, name: str) -> None:
    """Put template ``name``'s rows back into the database, whatever it holds now."""
    if database_url.startswith("sqlite"):
        _copy_sqlite(_template_file(database_url, name), _sqlite_file(database_url))
        return
    from tests.conftest import run_async

    run_async(lambda: _restore_postgres(database_url, name))


def _schema(name: str) -> str:
    return f"template_{name}"


async def _tables(connection) -> list[str]:
    rows = await connection.fetch(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
    )
    return [row["tablename"] for row in rows if row["tablename"] not in _KEPT]


async def _save_postgres(database_url: str, name: str) -> None:
    import asyncpg

    schema = _schema(name)
    connection = await asyncpg.connect(database_url)
    try:
        async with connection.transaction():
            await connection.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
            await connection.execute(f'CREATE SCHEMA "{schema}"')
            for table in await _tables(connection):
                await connection.execute(
                    f'CREATE TABLE "{schema}"."{table}" AS TABLE public."{table}"'
                )
    finally:
        await connection.close()


async def _restore_postgres(database_url: str, name: str) -> None:
    import asyncpg

    schema = _schema(name)
    connection = await asyncpg.connect(database_url)
    try:
        tables = await _tables(connection)
        # DELETE, not TRUNCATE: for tables of a few rows it is many times faster.
        statements = "".join(
            f'DELETE FROM public."{table}";'
            f'INSERT INTO public."{table}" SELECT * FROM "{schema}"."{table}";'
            for table in tables
        )
        await connection.execute(
            f"BEGIN; SET LOCAL session_replication_role = replica; {statements} COMMIT;"
        )
    finally:
        await connection.close()


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
