"""Query plans of what a request really runs.

`caught` catches the statements the app sends through the engine (every Piccolo query goes
through ``Engine.run_querystring``) while one request runs; `explain` asks the database how it
runs each SELECT (``EXPLAIN QUERY PLAN`` on SQLite, ``EXPLAIN`` on PostgreSQL) on a connection
of its own, and `full_scans` names the big tables a plan reads whole.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

# A table read whole is worth fixing only when it is big.
BIG_TABLE = 1000


@dataclass
class Plan:
    sql: str
    lines: list[str]


@contextlib.contextmanager
def caught(engine: Any) -> Iterator[list[tuple[str, list[Any]]]]:
    """The statements (SQL and arguments) run through ``engine`` inside the block."""
    statements: list[tuple[str, list[Any]]] = []
    # Piccolo's engines have __slots__: the method is wrapped on the class for the block.
    kind = type(engine)
    original = kind.run_querystring

    async def run_querystring(self: Any, querystring: Any, in_pool: bool = False) -> Any:
        if self is engine:
            statements.append(querystring.compile_string(engine_type=engine.engine_type))
        return await original(self, querystring, in_pool=in_pool)

    kind.run_querystring = run_querystring
    try:
        yield statements
    finally:
        kind.run_querystring = original


async def explain(database_url: str, statements: list[tuple[str, list[Any]]]) -> list[Plan]:
    """The plan of each distinct SELECT (or WITH ... SELECT) among ``statements``."""
    seen, plans = set(), []
    for sql, args in statements:
        if not sql.lstrip().upper().startswith(("SELECT", "WITH")) or sql in seen:
            continue
        seen.add(sql)
        plans.append(Plan(sql, await _explain(database_url, sql, args)))
    return plans


async def _explain(database_url: str, sql: str, args: list[Any]) -> list[str]:
    if database_url.startswith("sqlite"):
        from core.db import sqlite_path

        with sqlite3.connect(sqlite_path(database_url)) as connection:
            rows = connection.execute(f"EXPLAIN QUERY PLAN {sql}", args).fetchall()
        return [row[3] for row in rows]
    import asyncpg

    connection = await asyncpg.connect(database_url)
    try:
        rows = await connection.fetch(f"EXPLAIN {sql}", *args)
    finally:
        await connection.close()
    return [row[0] for row in rows]


_SQLITE_SCAN = re.compile(r"^SCAN (\w+)")
_POSTGRES_SCAN = re.compile(r"Seq Scan on (\w+)")


def full_scans(plan: Plan, big_tables: set[str]) -> list[str]:
    """The big tables ``plan`` reads whole (on SQLite also through a whole index)."""
    found = []
    for line in plan.lines:
        match = _SQLITE_SCAN.search(line.strip()) or _POSTGRES_SCAN.search(line)
        if match and match.group(1) in big_tables:
            found.append(match.group(1))
    return found


def indexes_used(plan: Plan) -> list[str]:
    """The indexes ``plan`` searches (primary keys included)."""
    found = []
    for line in plan.lines:
        for pattern in (
            r"USING (?:COVERING )?INDEX (\w+)",
            r"USING INTEGER PRIMARY KEY",
            r"Index (?:Only )?Scan using (\w+)",
            r"Bitmap Index Scan on (\w+)",
        ):
            for match in re.finditer(pattern, line):
                found.append(match.group(1) if match.groups() else "primary key")
    return found
