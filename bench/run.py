"""Benchmarks: `make bench` (or `python -m bench.run [--database-url URL]`).

connection-per-request: a page's queries in one transaction on one connection (what
`RequestTransactionMiddleware` gives each request) against Piccolo's default of a new
connection per query. Figures are reported as times per simulated request and as a ratio
measured in the same run, on the same data.

Then child search and page (`bench.children`), the case pages (`bench.cases`) and the
municipality plugin's statistics and transitions (`bench.insight`) on the county demo with its
10 000 sample cases, in process; the same pages in Chromium on a slowed CPU
(`bench.lowend`); and every page over real HTTP from the production server, on the county and
on a tenth of it, against the speed targets (`bench.served`). ``--only`` runs some of them.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from pathlib import Path

from bench.cases import case_pages
from bench.children import child_search_and_page
from bench.insight import insight_pages
from bench.lowend import lowend_pages
from bench.served.databases import sqlite_copies
from bench.served.run import served_pages
from bench.timing import measure

DEFAULT_QUERIES = 20
DEFAULT_REQUESTS = 200
BENCHMARKS = ("connections", "children", "cases", "insight", "lowend", "served")
# The benchmarks that run on one copy of the county demo (the served one makes its own).
ON_ONE_COPY = BENCHMARKS[:-1]


async def connection_per_request(database_url: str, queries: int, requests: int) -> None:
    from core import db
    from core.migrate import migrate
    from core.people.tables import Organisation
    from core.plugins import build_plugins
    from core.settings import Settings

    settings = Settings.from_env({"HEAOLU_DATABASE_URL": database_url})
    plugins = build_plugins(settings)
    engine = db.engine_for(settings)
    db.bind_tables(engine, plugins.piccolo_apps)
    await migrate(plugins)
    if not await Organisation.count():
        from core.demo import DemoContext, seed_core

        await seed_core(
            DemoContext(scale="county", password="unused-in-benchmarks", plugins=plugins)
        )
    ids = [row["id"] for row in await Organisation.select(Organisation.id)][:queries]

    async def page_queries() -> None:
        for organisation_id in ids:
            await Organisation.select().where(Organisation.id == organisation_id).first()

    async def in_one_transaction() -> None:
        async with engine.transaction():
            await page_queries()

    kind = "SQLite" if settings.is_sqlite else "PostgreSQL (no pool)"
    print(f"connection-per-request on {kind}: {len(ids)} queries per request, {requests} requests")
    separate = await measure("a new connection per query (Piccolo default)", requests, page_queries)
    shared = await measure("one connection per request (heaolu)", requests, in_one_transaction)
    print(f"  ratio: one connection per request is {separate / shared:.1f}x faster")
    if not settings.is_sqlite:
        await db.start(engine, pool_size=settings.database_pool_size)
        print("with the connection pool that `heaolu serve` starts:")
        separate = await measure("a pooled connection per query", requests, page_queries)
        shared = await measure(
            "one pooled connection per request (heaolu)", requests, in_one_transaction
        )
        print(f"  ratio: one connection per request is {separate / shared:.1f}x faster")
        await db.stop(engine)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("HEAOLU_BENCH_DATABASE_URL"))
    parser.add_argument("--queries", type=int, default=DEFAULT_QUERIES)
    parser.add_argument("--requests", type=int, default=DEFAULT_REQUESTS)
    parser.add_argument("--plans", action="store_true", help="print every query plan of the pages")
    parser.add_argument(
        "--only", nargs="+", choices=BENCHMARKS, default=BENCHMARKS, help="the benchmarks to run"
    )
    args = parser.parse_args()
    # The example plugin of this checkout, whatever checkout the environment was installed from
    # (as the served benchmark's `heaolu` commands load it).
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "examples" / "signs_of_safety"))
    with tempfile.TemporaryDirectory() as workdir:
        if set(args.only) & set(ON_ONE_COPY):
            # Without a database: a copy of the county demo kept under var/bench/ (made once
            # for each version of the demo).
            url = args.database_url or sqlite_copies(Path(workdir)).county
            os.environ["HEAOLU_DATABASE_URL"] = url
            _in_process(args, url)
    if "served" in args.only:
        asyncio.run(served_pages(args.database_url))


def _in_process(args: argparse.Namespace, url: str) -> None:
    if "connections" in args.only:
        asyncio.run(connection_per_request(url, args.queries, args.requests))
    if "children" in args.only:
        asyncio.run(child_search_and_page(url))
    if "cases" in args.only:
        asyncio.run(case_pages(url, args.plans))
    if "insight" in args.only:
        asyncio.run(insight_pages(url, args.plans))
    if "lowend" in args.only:
        asyncio.run(lowend_pages(url))


if __name__ == "__main__":
    main()
