"""What the benchmarks share: a migrated database with the county demo as `heaolu demo --scale
county` makes it, with every built-in plugin and its 10 000 sample cases (`county_demo`), and
what the case benchmarks need to know of those cases with the names of the big tables
(`county_with_cases`). The demo is made once; a database kept from an earlier run is used as
it is."""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Any

from bench.accounts import PASSWORD
from bench.case_data import CaseData, describe
from bench.plans import BIG_TABLE


@dataclass(frozen=True)
class County:
    settings: Any
    plugins: Any
    engine: Any
    cases: CaseData
    # Tables of more than `BIG_TABLE` rows: a plan that reads one whole is named.
    big: frozenset[str]


async def county_demo(database_url: str) -> tuple[Any, Any, Any, float]:
    """The settings, plugins and engine of ``database_url``, migrated and with the county demo
    (every demo account's password `bench.accounts.PASSWORD`), and the seconds the demo took
    (0 when an earlier benchmark made it already)."""
    from core import db
    from core.cases.demo_county import seed_county_cases
    from core.cases.tables import Case
    from core.demo import DemoContext
    from core.migrate import migrate
    from core.plugins import build_plugins
    from core.settings import Settings

    settings = Settings.from_env(
        {"HEAOLU_DATABASE_URL": database_url, "HEAOLU_ALLOWED_HOSTS": "testserver.local"}
    )
    plugins = build_plugins(settings)
    engine = db.engine_for(settings)
    db.bind_tables(engine, plugins.piccolo_apps)
    await migrate(plugins)
    # Each part of the demo leaves what it finds; the time counts when the cases were made.
    fresh = not await Case.exists()
    started = time.perf_counter()
    ctx = DemoContext(scale="county", password=PASSWORD, plugins=plugins)
    async with engine.transaction():
        # As `heaolu demo --scale county` does: every plugin's demo data, then the cases.
        for _plugin, result in plugins.collect("heaolu_demo_data", ctx=ctx):
            if asyncio.iscoroutine(result):
                await result
        await seed_county_cases(ctx)
    return settings, plugins, engine, time.perf_counter() - started if fresh else 0.0


async def county_with_cases(database_url: str) -> County:
    settings, plugins, engine, seconds = await county_demo(database_url)
    cases = await describe()
    cases.seconds = seconds
    if not settings.is_sqlite:
        # What autovacuum does soon after a bulk load, now, so that the plans are the lasting ones.
        await engine.run_ddl("ANALYZE")
    big = set()
    for app in plugins.piccolo_apps:
        for table in app.table_classes:
            if await table.count() > BIG_TABLE:
                big.add(table._meta.tablename)
    return County(settings, plugins, engine, cases, frozenset(big))
