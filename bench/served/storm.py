"""A login storm: 50 people log in at once (the form, then the post, each hashing a password
at the production cost), while one more client keeps opening the measured pages in turn; each
page's times during the storm are kept."""

from __future__ import annotations

import asyncio
import time

import httpx

from bench.served.pages import Resolved
from bench.served.visitors import Visitor, client

LOGINS = 50


async def storm_accounts(count: int = LOGINS) -> list[str]:
    """The first ``count`` sample teachers of the county demo (tables bound)."""
    from core.auth.tables import User

    rows = (
        await User.select(User.username)
        .where(User.username.like("county.teacher.%"))
        .order_by(User.id)
        .limit(count)
    )
    return [row["username"] for row in rows]


async def _log_in(visitor: Visitor) -> str:
    """Empty when the login worked, else what went wrong."""
    try:
        await visitor.log_in()
    except (httpx.TransportError, AssertionError) as problem:
        return f"{visitor.username}: {type(problem).__name__} {problem}".strip()
    return ""


async def storm(
    url: str, accounts: list[str], pages: list[tuple[Resolved, Visitor]]
) -> tuple[dict[str, list[float]], float, list[str]]:
    """Page label → seconds of its requests during the storm; the storm's seconds; the logins
    that failed."""
    during: dict[str, list[float]] = {page.page.label: [] for page, _visitor in pages}
    async with client(url, connections=len(accounts)) as http:
        started = time.perf_counter()
        logins = asyncio.ensure_future(
            asyncio.gather(*(_log_in(Visitor(http, name)) for name in accounts))
        )
        turn = 0
        while not logins.done():
            page, visitor = pages[turn % len(pages)]
            during[page.page.label].append(await visitor.timed(page.paths()))
            turn += 1
        failed = [problem for problem in await logins if problem]
        return during, time.perf_counter() - started, failed
