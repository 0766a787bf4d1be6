"""What is measured inside the app rather than over HTTP, on the same database: the SQL
statements one request sends (counted as the test suite counts them, at the database driver:
`tests.helpers.statements_received`), and a pyinstrument profile of a page that misses its
time target, with its largest cost."""

from __future__ import annotations

import dataclasses
import sysconfig
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bench.accounts import log_in
from bench.served.pages import Resolved

ROOT = Path(__file__).resolve().parents[2]
BASE_URL = "https://testserver.local"
PROFILED_REQUESTS = 20
TOP_FRAMES = 8


def _app(database_url: str, pool_size: int | None) -> Any:
    from core import db
    from core.app import create_app
    from core.settings import Settings

    settings = Settings.from_env(
        {"HEAOLU_DATABASE_URL": database_url, "HEAOLU_ALLOWED_HOSTS": "testserver.local"}
    )
    if pool_size is not None:
        settings = dataclasses.replace(settings, database_pool_size=pool_size)
    app = create_app(settings)
    db.bind_tables(app.state.engine, app.state.plugins.piccolo_apps)
    return app


async def statements(database_url: str, pages: list[Resolved]) -> dict[str, int]:
    """Page label → statements the database received for one request of it (the second: the
    first fills the worker's caches). No connection pool, so that every statement passes
    through a new, traced connection."""
    from litestar.testing import AsyncTestClient

    from tests.helpers import statements_received

    app = _app(database_url, pool_size=0)
    counts = {}
    async with AsyncTestClient(app, base_url=BASE_URL) as client:
        for page in pages:
            client.cookies.clear()
            await log_in(client, page.account)
            path = page.paths()
            await client.get(path)
            with statements_received(app.state.engine) as received:
                response = await client.get(path)
            assert response.status_code == 200, (page.account, path, response.status_code)
            counts[page.page.label] = len(received)
    return counts


def _area(file_path: str) -> str:
    """Where a frame's time goes, in words."""
    path = file_path.replace("\\", "/")
    for needle, area in (
        ("aiosqlite", "the database driver (aiosqlite)"),
        ("sqlite3", "the database driver (sqlite3)"),
        ("asyncpg", "the database driver (asyncpg)"),
        ("/piccolo/", "Piccolo (building queries, reading rows)"),
        ("jinja2", "Jinja2 (templates)"),
        (".html", "Jinja2 (templates)"),
    ):
        if needle in path:
            return area
    if path.startswith(str(ROOT)) and "/.venv/" not in path:
        return f"heaolu's own code ({Path(path).relative_to(ROOT)})"
    if "site-packages/" in path:
        return f"the library {path.split('site-packages/')[1].split('/')[0]}"
    return "Python's standard library"


def _short(file_path: str) -> str:
    """A frame's file as it names itself in its package: relative to the checkout, to
    site-packages or to the standard library."""
    for prefix in ("site-packages/", f"{ROOT}/", f"{sysconfig.get_paths()['stdlib']}/"):
        if prefix in file_path:
            return file_path.split(prefix, 1)[1]
    return file_path


def _area_of(frame: Any) -> str:
    """A built-in function's time goes to the area that called it."""
    while frame.parent is not None and frame.file_path.startswith("<"):
        frame = frame.parent
    return _area(frame.file_path)


def _frames(frame: Any) -> Iterator[Any]:
    yield frame
    for child in frame.children:
        yield from _frames(child)


async def profile(database_url: str, page: Resolved) -> tuple[str, list[str]]:
    """The largest cost of ``page`` (the area its requests spend most time in, waiting on the
    database included) and the functions that take the most time of their own."""
    import httpx
    from pyinstrument import Profiler

    # The app runs in this thread and event loop (not in a test client's thread), so that the
    # profiler sees it.
    app = _app(database_url, pool_size=None)
    async with app.lifespan():
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url=BASE_URL) as client:
            await log_in(client, page.account)
            await client.get(page.paths())
            profiler = Profiler(interval=0.0005, async_mode="enabled")
            profiler.start()
            for _ in range(PROFILED_REQUESTS):
                await client.get(page.paths())
            profiler.stop()
    root = profiler.last_session.root_frame() if profiler.last_session else None
    if root is None:
        return "nothing sampled", []
    areas: dict[str, float] = defaultdict(float)
    functions: dict[str, float] = defaultdict(float)
    for frame in _frames(root):
        if frame.is_synthetic or not frame.file_path:
            continue
        own = frame.total_self_time
        areas[_area_of(frame)] += own
        functions[f"{frame.function} ({_short(frame.file_path)}:{frame.line_no})"] += own
    total = sum(areas.values()) or 1.0
    ranked = sorted(areas.items(), key=lambda item: -item[1])
    largest = f"{ranked[0][0]}, {100 * ranked[0][1] / total:.0f}% of the time"
    lines = [f"{100 * seconds / total:5.1f}%  {area}" for area, seconds in ranked[:6]]
    lines.append("")
    lines += [
        f"{100 * seconds / total:5.1f}%  {name}"
        for name, seconds in sorted(functions.items(), key=lambda item: -item[1])[:TOP_FRAMES]
    ]
    return largest, lines
