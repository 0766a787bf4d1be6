"""Emptying the database for ``heaolu demo --reset``, so the demo starts afresh.

On SQLite the file (and its WAL and shared-memory files) is removed and ``heaolu migrate``
makes it again; on PostgreSQL every table and function of the connection's schema is dropped.
The command asks first: everything in the database goes, not only the demo's records.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from piccolo.engine.base import Engine

from core.db import SQLiteFileEngine, sqlite_path

DROP_EVERYTHING = """
DO $$
DECLARE item record;
BEGIN
  FOR item IN SELECT tablename FROM pg_tables WHERE schemaname = current_schema() LOOP
    EXECUTE format('DROP TABLE IF EXISTS %I CASCADE', item.tablename);
  END LOOP;
  FOR item IN SELECT p.oid::regprocedure AS name FROM pg_proc p
      WHERE p.pronamespace = current_schema()::regnamespace LOOP
    EXECUTE format('DROP FUNCTION IF EXISTS %s CASCADE', item.name);
  END LOOP;
END $$
"""


def database_name(url: str) -> str:
    """The database as the confirmation names it: a SQLite file, or PostgreSQL's host and
    database (never the password)."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        return str(sqlite_path(url))
    return f"{parts.hostname or 'localhost'}{parts.path}"


async def empty_database(engine: Engine[Any]) -> None:
    if isinstance(engine, SQLiteFileEngine):
        await asyncio.to_thread(_remove_files, engine.file)
        return
    await engine.run_ddl(DROP_EVERYTHING, in_pool=False)


def _remove_files(file: Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{file}{suffix}").unlink(missing_ok=True)
