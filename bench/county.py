"""What the benchmarks share: a migrated database with the county demo (`county_demo`, as
`heaolu demo --scale county` makes it), and with the 10 000 cases of `bench.case_data` and the
names of its big tables (`county_with_cases`). Each is made once; a database kept from an earlier
run is used as it is."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bench.case_data import CaseData, make_cases
from bench.plans import BIG_TABLE


@dataclass(frozen=True)
class County:
    settings: Any
    plugins: Any
    engine: Any
    cases: CaseData
    # Tables of more than `BIG_TABLE` rows: a plan that reads one whole is named.
    big: frozenset[str]


async def county_demo(database_url: str) -> tuple[Any, Any, Any]:
    """The settings, plugins and engine of ``database_url``, migrated and with the county demo
    (nothing to do when an earlier benchmark made it already)."""
    from core import db
    from core.builtin_hooks import heaolu_demo_data
    from core.demo import DemoContext
    from core.migrate import migrate
    from core.plugins import build_plugins
    from core.settings import Settings

    settings = Settings.from_env(
        {"HEAOLU_DATABASE_URL": database_url, "HEAOLU_ALLOWED_HOSTS": "testserver.local"}
    )
    plugins = build_plugins(settings, ["bench.plugin"])
    engine = db.engine_for(settings)
    db.bind_tables(engine, plugins.piccolo_apps)
    await migrate(plugins)
    async with engine.transaction():
        await heaolu_demo_data(
            DemoContext(scale="county", password="unused-in-benchmarks", plugins=plugins)
        )
    return settings, plugins, engine


async def county_with_cases(database_url: str) -> County:
    from core import db

    settings, plugins, engine = await county_demo(database_url)
    async with db.write_transaction(engine):
        cases = await make_cases()
    if not settings.is_sqlite:
        # What autovacuum does soon after a bulk load, now, so that the plans are the lasting ones.
        await engine.run_ddl("ANALYZE")
    big = set()
    for app in plugins.piccolo_apps:
        for table in app.table_classes:
            if await table.count() > BIG_TABLE:
                big.add(table._meta.tablename)
    return County(settings, plugins, engine, cases, frozenset(big))
