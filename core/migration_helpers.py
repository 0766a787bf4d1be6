"""Pieces that hand-written migrations share."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.base import Engine
from piccolo.table import Table


class _RawTable(Table):
    """Only a way to run raw SQL on the project's engine."""


def bind_raw_steps(engine: Engine[Any]) -> None:
    """Run the raw SQL of hand-written migrations on ``engine``; by default they run on the
    engine of ``PICCOLO_CONF``, found on first use (a process that migrates several databases,
    as a plugin's tests do, binds each in turn)."""
    _RawTable._meta.db = engine


def _raw_migration(
    migration_id: str, app_name: str, description: str, step: Callable[[], Awaitable[None]]
) -> Callable[[], Awaitable[MigrationManager]]:
    async def forwards() -> MigrationManager:
        manager = MigrationManager(
            migration_id=migration_id, app_name=app_name, description=description
        )
        manager.add_raw(step)
        return manager

    return forwards


def unique_index_migration(
    migration_id: str,
    app_name: str,
    description: str,
    index: str,
    table: str,
    columns: Sequence[str],
) -> Callable[[], Awaitable[MigrationManager]]:
    """A migration's ``forwards`` that adds a unique index over ``columns``.

    Piccolo's ``Unique`` constraint cannot be added to an existing SQLite table; a unique
    index works the same on SQLite and PostgreSQL.
    """

    async def make_index() -> None:
        quoted = ", ".join(f'"{column}"' for column in columns)
        await _RawTable.raw(f'CREATE UNIQUE INDEX "{index}" ON "{table}" ({quoted})')

    return _raw_migration(migration_id, app_name, description, make_index)


def sql_migration(
    migration_id: str,
    app_name: str,
    description: str,
    *,
    sqlite: Sequence[str],
    postgres: Sequence[str],
) -> Callable[[], Awaitable[MigrationManager]]:
    """A migration's ``forwards`` that runs the statements written for the database's engine.

    Each statement runs on its own (the drivers take one statement per call), in order, inside
    the migration's transaction. Statements are literal SQL: ``{}`` would be read as a
    placeholder, so they must not contain braces.
    """
    by_engine = {"sqlite": sqlite, "postgres": postgres}

    async def run() -> None:
        for statement in by_engine[_RawTable._meta.db.engine_type]:
            await _RawTable.raw(statement)

    return _raw_migration(migration_id, app_name, description, run)
