"""`heaolu backup PATH` and `heaolu restore PATH`: a consistent copy of the whole database,
taken while the site runs, and that copy put into a new, empty database.

SQLite: the online backup API (``sqlite3.Connection.backup``) copies the file in one step under
a read transaction, which in WAL mode lets the site go on writing; the copy is itself a SQLite
file. PostgreSQL: ``pg_dump --format=custom`` (one snapshot) and ``pg_restore`` in a single
transaction. Either way the copy is written beside PATH and renamed into place when whole, and
a restore that fails leaves nothing behind, so a half-written backup or database never exists.
The password of a PostgreSQL URL goes to the client programs in ``PGPASSWORD``, never on
their command line (where other users of the host could read it).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

from core.db import sqlite_path
from core.settings import Settings

# What a restore counts to show that the data is there.
COUNTED = {
    "users": "auth_user",
    "children": "people_child",
    "cases": "cases_case",
    "audit rows": "audit_event",
}
# Seconds SQLite waits for a busy file (a writer's checkpoint) before giving up.
BUSY_TIMEOUT_SECONDS = 30


class BackupError(Exception):
    """The backup or restore cannot be made; the message says why and what to do."""


@dataclass(frozen=True)
class Restored:
    counts: dict[str, int]


def backup(settings: Settings, target: Path) -> int:
    """Copy the database of ``settings`` to ``target`` (which must not exist); its size."""
    if target.exists():
        raise BackupError(f"{target} exists already: name a new file")
    partial = target.with_name(f"{target.name}.partial")
    partial.unlink(missing_ok=True)
    try:
        if settings.is_sqlite:
            _backup_sqlite(sqlite_path(settings.database_url), partial)
        else:
            _run(["pg_dump", "--format=custom", f"--file={partial}"], settings.database_url)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.rename(target)
    return target.stat().st_size


def restore(settings: Settings, source: Path) -> Restored:
    """Put the backup ``source`` into the database of ``settings``, which must be new: a SQLite
    file that does not exist yet, or a PostgreSQL database without tables."""
    if not source.is_file():
        raise BackupError(f"{source} is not a file")
    if settings.is_sqlite:
        _restore_sqlite(source, sqlite_path(settings.database_url))
    else:
        if asyncio.run(_postgres_tables(settings.database_url)):
            raise BackupError(
                "the database has tables already: restore into a new, empty database "
                "(createdb), then point HEAOLU_DATABASE_URL at it"
            )
        _run(
            ["pg_restore", "--no-owner", "--single-transaction", "--exit-on-error", str(source)],
            settings.database_url,
        )
    return Restored(_counts(settings))


def _backup_sqlite(database: Path, target: Path) -> None:
    if not database.is_file():
        raise BackupError(f"{database} does not exist")
    source = sqlite3.connect(_read_only(database), uri=True, timeout=BUSY_TIMEOUT_SECONDS)
    copy = sqlite3.connect(target)
    try:
        # All pages in one step: one read transaction, a consistent copy; a step at a time
        # would start again after every write the site makes meanwhile.
        source.backup(copy)
    finally:
        copy.close()
        source.close()


def _restore_sqlite(source: Path, database: Path) -> None:
    for path in (database, Path(f"{database}-wal"), Path(f"{database}-shm")):
        if path.exists():
            raise BackupError(
                f"{path} exists: stop heaolu and move the database's files away first "
                "(a write-ahead log left beside a restored file would be replayed into it)"
            )
    backup = sqlite3.connect(_read_only(source), uri=True)
    try:
        problems = [row[0] for row in backup.execute("PRAGMA quick_check")]
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{source} is not a SQLite backup: {exc}") from None
    finally:
        backup.close()
    if problems != ["ok"]:
        raise BackupError(f"{source} is damaged: {'; '.join(problems[:3])}")
    database.parent.mkdir(parents=True, exist_ok=True)
    partial = database.with_name(f"{database.name}.partial")
    partial.unlink(missing_ok=True)
    try:
        _backup_sqlite(source, partial)
        with sqlite3.connect(partial) as restored:
            # As `heaolu migrate` makes a file: readers go on while one writer writes.
            restored.execute("PRAGMA journal_mode=WAL")
        restored.close()
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    partial.rename(database)


def _run(command: list[str], database_url: str) -> None:
    """Run a PostgreSQL client program on ``database_url`` (its password in the environment)."""
    program = shutil.which(command[0])
    if program is None:
        raise BackupError(
            f"{command[0]} is not installed: install PostgreSQL's client programs "
            "(Debian: postgresql-client), of the server's major version or newer"
        )
    parts = urlsplit(database_url)
    env = dict(os.environ)
    if parts.password is not None:
        env["PGPASSWORD"] = unquote(parts.password)
        host = f"[{parts.hostname}]" if ":" in (parts.hostname or "") else parts.hostname or ""
        port = f":{parts.port}" if parts.port else ""
        user = f"{parts.username}@" if parts.username else ""
        parts = parts._replace(netloc=f"{user}{host}{port}")
    result = subprocess.run(  # noqa: S603 - a fixed program and our own arguments
        [program, *command[1:], f"--dbname={urlunsplit(parts)}"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


async def _postgres_tables(database_url: str) -> int:
    import asyncpg

    connection = await asyncpg.connect(database_url)
    try:
        count: int = await connection.fetchval(
            "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"
        )
    finally:
        await connection.close()
    return count


def _read_only(path: Path) -> str:
    """SQLite's URI for opening ``path`` read-only (any character in the path escaped)."""
    return f"{path.resolve().as_uri()}?mode=ro"


def _counts(settings: Settings) -> dict[str, int]:
    """Rows of the `COUNTED` tables; a table that a backup of an older release lacks (until
    `heaolu migrate` makes it) is left out."""
    if settings.is_sqlite:
        database = sqlite3.connect(_read_only(sqlite_path(settings.database_url)), uri=True)
        try:
            present = {row[0] for row in database.execute("SELECT name FROM sqlite_master")}
            return {
                label: database.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # noqa: S608
                for label, table in COUNTED.items()
                if table in present
            }
        finally:
            database.close()
    return asyncio.run(_postgres_counts(settings.database_url))


async def _postgres_counts(database_url: str) -> dict[str, int]:
    import asyncpg

    connection = await asyncpg.connect(database_url)
    try:
        present = {
            row["tablename"]
            for row in await connection.fetch(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
            )
        }
        return {
            label: await connection.fetchval(f"SELECT count(*) FROM {table}")  # noqa: S608
            for label, table in COUNTED.items()
            if table in present
        }
    finally:
        await connection.close()
