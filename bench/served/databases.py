"""The demo databases the served benchmark measures: the county (`heaolu demo --scale county`)
and a tenth of it (`--scale county-tenth`), made once and kept, and a copy of each for a run.

A kept database is named by the demo's version: a digest of every demo module and migration
(and the benchmarks' password), so a changed demo or schema is made afresh and older ones are
removed. SQLite files are kept under `var/bench/` (git-ignored); on PostgreSQL they are databases
named after the run's database (``NAME_county_VERSION``, ``NAME_tenth_VERSION``) on the same
server; the run's database itself is left alone. A run serves copies (a file copy;
``CREATE DATABASE NAME_served ... TEMPLATE``), dropped afterwards, because serving writes
(sessions, audit rows) and the next run must start from the same data.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench.accounts import PASSWORD
from bench.served.server import HEAOLU, heaolu_environment

ROOT = Path(__file__).resolve().parents[2]
KEPT = ROOT / "var" / "bench"
SCALES = {"county": "county", "tenth": "county-tenth"}  # our name: the demo's --scale
SOURCES = ("core", "plugins", "examples")


def demo_version() -> str:
    """A digest of what makes the demo's data: every `demo*.py` and migration, and the
    password its accounts are made with."""
    digest = hashlib.sha256(PASSWORD.encode())
    files = sorted(
        path
        for top in SOURCES
        for path in (ROOT / top).rglob("*.py")
        if path.name.startswith("demo") or path.parent.name == "piccolo_migrations"
    )
    for path in files:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


@dataclass(frozen=True)
class Copies:
    """The run's databases: the county and its tenth, and how to drop them afterwards."""

    county: str
    tenth: str


# What each scale holds (issue #16: 35 000 children, 10 000 cases, 300 000 timeline entries):
# children, cases, timeline entries, each from..to. The test suite seeds only the tenth.
SIZES = {
    "county": ((34_000, 36_000), (9_500, 10_500), (270_000, 330_000)),
    "county-tenth": ((3_400, 3_600), (950, 1_050), (27_000, 33_000)),
}
COUNTED = (
    "SELECT (SELECT count(*) FROM people_child), (SELECT count(*) FROM cases_case),"
    " (SELECT count(*) FROM cases_entry)"
)


def _heaolu_demo(url: str, scale: str) -> None:
    """Seed the demo at ``scale`` into ``url``, and check it holds what the scale promises."""
    subprocess.run(
        [HEAOLU, "demo", "--scale", scale, "--password", PASSWORD],
        env=heaolu_environment(HEAOLU_DATABASE_URL=url),
        check=True,
        stdout=subprocess.DEVNULL,
    )
    found = _counted(url)
    for (low, high), count, what in zip(
        SIZES[scale], found, ("children", "cases", "entries"), strict=True
    ):
        if not low <= count <= high:
            raise SystemExit(f"the {scale} demo has {count} {what}, not {low} to {high}")


def _counted(url: str) -> tuple[int, ...]:
    if url.startswith("sqlite"):
        with contextlib.closing(sqlite3.connect(url.split("///", 1)[1])) as connection:
            return tuple(connection.execute(COUNTED).fetchone())

    async def fetch() -> tuple[int, ...]:
        import asyncpg

        connection = await asyncpg.connect(url)
        try:
            return tuple(await connection.fetchrow(COUNTED))
        finally:
            await connection.close()

    return asyncio.run(fetch())


def sqlite_copies(workdir: Path) -> Copies:
    """Copies, in ``workdir``, of the kept SQLite demo databases (made first when missing)."""
    version = demo_version()
    KEPT.mkdir(parents=True, exist_ok=True)
    copies = {}
    for name, scale in SCALES.items():
        kept = KEPT / f"{name}-{version}.db"
        if not kept.exists():
            for stale in KEPT.glob(f"{name}-*"):
                stale.unlink()
            building = kept.with_suffix(".building")
            building.unlink(missing_ok=True)
            print(f"  making the {scale} demo database (kept as {kept.relative_to(ROOT)})")
            _heaolu_demo(f"sqlite:///{building}", scale)
            building.rename(kept)
        copy = workdir / kept.name
        shutil.copyfile(kept, copy)
        copies[name] = f"sqlite:///{copy}"
    return Copies(copies["county"], copies["tenth"])


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


async def postgres_copies(url: str) -> Copies:
    """Copies ``NAME_served`` and ``NAME_served_tenth`` (``NAME``: ``url``'s database, which
    is left alone) of the kept PostgreSQL demo databases on ``url``'s server (made first when
    missing)."""
    import asyncpg

    base = urlsplit(url).path.lstrip("/")
    version = demo_version()
    server = await asyncpg.connect(_with_database(url, "postgres"))
    try:
        existing = {row["datname"] for row in await server.fetch("SELECT datname FROM pg_database")}
        copies = {}
        for name, scale in SCALES.items():
            kept = f"{base}_{name}_{version}"
            if kept not in existing:
                for stale in existing:
                    if stale.startswith(f"{base}_{name}_") and not stale.startswith(kept):
                        await server.execute(f'DROP DATABASE "{stale}" WITH (FORCE)')
                print(f"  making the {scale} demo database (kept as {kept})")
                building = f"{kept}_building"
                await server.execute(f'DROP DATABASE IF EXISTS "{building}" WITH (FORCE)')
                await server.execute(f'CREATE DATABASE "{building}"')
                await asyncio.to_thread(_heaolu_demo, _with_database(url, building), scale)
                # Statistics for the planner, rows marked visible to all and the visibility
                # map (so that index-only scans need not visit the table), as autovacuum
                # gives them soon after a bulk load: the first run after making the database
                # must not measure a table autovacuum has not reached yet.
                made = await asyncpg.connect(_with_database(url, building))
                try:
                    await made.execute("VACUUM ANALYZE")
                finally:
                    await made.close()
                await server.execute(f'ALTER DATABASE "{building}" RENAME TO "{kept}"')
            copy = f"{base}_served" if name == "county" else f"{base}_served_{name}"
            await server.execute(f'DROP DATABASE IF EXISTS "{copy}"')
            await server.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{kept}"')
            copies[name] = _with_database(url, copy)
    finally:
        await server.close()
    return Copies(copies["county"], copies["tenth"])


async def drop_postgres_copies(copies: Copies) -> None:
    import asyncpg

    server = await asyncpg.connect(_with_database(copies.county, "postgres"))
    try:
        for url in (copies.county, copies.tenth):
            name = urlsplit(url).path.lstrip("/")
            await server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await server.close()
