"""The pages over real HTTP (`python -m bench.run --only served`): the county demo and its
tenth served by two `heaolu serve` processes with production settings (1 worker on SQLite, 2 on
PostgreSQL), every page of `bench.served.pages` timed at 1 client in turns with the floors
`/-/ping` and `/-/me` and with the same page on the tenth, then at 8 clients in turns with the
floors; then the bytes of each page's first load and partials, a login storm with the
pages timed during it, the workers' memory; then, in process, each page's SQL statements on
both databases and a profile of each page that misses its median target. The table goes to
`bench/results/` and is printed."""

from __future__ import annotations

import os
import platform
import shutil
import sqlite3
import tempfile
import time
from datetime import datetime
from pathlib import Path

import httpx

from bench.served import in_process
from bench.served.databases import (
    Copies,
    drop_postgres_copies,
    postgres_copies,
    sqlite_copies,
)
from bench.served.figures import Concurrent, PageFigures, RunFigures
from bench.served.pages import PAGES, Resolved, resolve, values_of
from bench.served.server import serving
from bench.served.storm import storm, storm_accounts
from bench.served.table import render
from bench.served.targets import PAGE_TARGETS
from bench.served.timing import Request, in_turns
from bench.served.visitors import Visitor, client
from bench.served.weight import weigh

RESULTS = Path(__file__).resolve().parents[1] / "results"
ONE_CLIENT = 60  # requests of each run at 1 client, in blocks of 10
EIGHT_CLIENTS = 15  # requests of each of 8 clients, in blocks of 5
SEED = 16


def _bind(database_url: str) -> None:
    from core import db
    from core.plugins import build_plugins
    from core.settings import Settings

    settings = Settings.from_env({"HEAOLU_DATABASE_URL": database_url})
    db.bind_tables(db.engine_for(settings), build_plugins(settings).piccolo_apps)


async def _visitors(http: httpx.AsyncClient, pages: list[Resolved]) -> dict[str, Visitor]:
    visitors = {}
    for page in pages:
        if page.account not in visitors:
            visitor = Visitor(http, page.account)
            await visitor.log_in()
            visitors[page.account] = visitor
    return visitors


def _timed(visitor: Visitor, page: Resolved | str) -> Request:
    if isinstance(page, str):
        return lambda: visitor.timed(page)
    return lambda: visitor.timed(page.paths())


async def _machine(postgres_url: str | None) -> dict[str, str]:
    machine = {
        "nproc": str(os.cpu_count()),
        "load average at the start": " ".join(f"{load:.1f}" for load in os.getloadavg()),
        "Python": platform.python_version(),
        "SQLite": sqlite3.sqlite_version,
    }
    if postgres_url:
        import asyncpg

        connection = await asyncpg.connect(postgres_url)
        try:
            machine["PostgreSQL"] = await connection.fetchval("SHOW server_version")
        finally:
            await connection.close()
    return machine


async def served_pages(postgres_url: str | None = None) -> Path:
    started = time.perf_counter()
    workdir = Path(tempfile.mkdtemp(prefix="heaolu-served-"))
    print("pages over HTTP: the county demo and its tenth, each served by `heaolu serve`")
    copies: Copies = await postgres_copies(postgres_url) if postgres_url else sqlite_copies(workdir)
    machine = await _machine(copies.county if postgres_url else None)
    try:
        run = await _measure(copies, workers=2 if postgres_url else 1, workdir=workdir)
    finally:
        if postgres_url:
            await drop_postgres_copies(copies)
        shutil.rmtree(workdir)
    machine["load average at the end"] = " ".join(f"{load:.1f}" for load in os.getloadavg())
    run.machine = machine
    run.minutes = (time.perf_counter() - started) / 60
    stamp = datetime.now().strftime("%Y-%m-%d-%H%M")
    kind = "postgresql" if postgres_url else "sqlite"
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{stamp}-{kind}.md"
    text = render(run, f"Pages over HTTP, {stamp}, {run.database}")
    path.write_text(text)
    print(text)
    print(f"written to {path.relative_to(RESULTS.parents[1])}")
    return path


async def _measure(copies: Copies, workers: int, workdir: Path) -> RunFigures:
    _bind(copies.tenth)
    tenth_pages = resolve(PAGES, await values_of(copies.tenth), SEED)
    _bind(copies.county)
    pages = resolve(PAGES, await values_of(copies.county), SEED)
    accounts = await storm_accounts()
    database = "SQLite" if copies.county.startswith("sqlite") else "PostgreSQL"
    figures = {
        page.page.label: PageFigures(page.page.label, page.sample, page.account) for page in pages
    }
    log = workdir / "server.log"
    with (
        serving(copies.county, workers, log) as county,
        serving(copies.tenth, workers, log) as tenth,
    ):
        async with client(county.url) as http, client(tenth.url) as tenth_http:
            visitors = await _visitors(http, pages)
            tenth_visitors = await _visitors(tenth_http, tenth_pages)
            for page, on_tenth in zip(pages, tenth_pages, strict=True):
                await _time(
                    page,
                    visitors[page.account],
                    tenth_visitors[on_tenth.account],
                    on_tenth,
                    figures[page.page.label],
                )
            for page in pages:
                found = figures[page.page.label]
                found.first_load, found.html, found.partials = await weigh(
                    visitors[page.account], page.sample
                )
            print(f"  a login storm: {len(accounts)} logins at once")
            during, lasted, failed = await storm(
                county.url, accounts, [(page, visitors[page.account]) for page in pages]
            )
        rss = county.worker_rss_mib()
    for label, seconds in during.items():
        figures[label].storm = [second * 1000 for second in seconds]
    print("  statements per request, in process")
    for url, resolved, field in (
        (copies.county, pages, "statements"),
        (copies.tenth, tenth_pages, "statements_tenth"),
    ):
        for label, count in (await in_process.statements(url, resolved)).items():
            setattr(figures[label], field, count)
    median = next(target for target in PAGE_TARGETS if target.key == "median")
    for page in pages:
        found = figures[page.page.label]
        if median.passes(found) is False:
            print(f"  profiling {page.page.label}")
            found.largest_cost, found.profile = await in_process.profile(copies.county, page)
    return RunFigures(database, workers, list(figures.values()), rss, lasted, failed)


async def _time(
    page: Resolved, visitor: Visitor, tenth_visitor: Visitor, on_tenth: Resolved, found: PageFigures
) -> None:
    one = await in_turns(
        {
            "page": _timed(visitor, page),
            "ping": _timed(visitor, "/-/ping"),
            "me": _timed(visitor, "/-/me"),
            "tenth": _timed(tenth_visitor, on_tenth),
        },
        ONE_CLIENT,
        block=10,
    )
    eight = await in_turns(
        {
            "page": _timed(visitor, page),
            "ping": _timed(visitor, "/-/ping"),
            "me": _timed(visitor, "/-/me"),
        },
        EIGHT_CLIENTS,
        block=5,
        clients=8,
    )
    found.one = Concurrent(one["page"], one["ping"], one["me"])
    found.eight = Concurrent(eight["page"], eight["ping"], eight["me"])
    found.tenth = one["tenth"]
    alone, floor = one["page"].median, one["me"].median
    print(
        f"  {found.label:30} {alone:6.1f} ms ({alone / floor:4.1f}x /-/me), "
        f"tenth {one['tenth'].median:6.1f} ms, 8 clients {eight['page'].median:6.1f} ms "
        f"{eight['page'].per_second:5.0f}/s"
    )
