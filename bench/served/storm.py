"""A login storm: 50 people log in at once (the form, then the post, each hashing a password
at the production cost), while one more client keeps opening the measured pages in turn; each
page's times during the storm are kept."""

from __future__ import annotations

import asyncio
import time

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


async def storm(
    url: str, accounts: list[str], pages: list[tuple[Resolved, Visitor]]
) -> tuple[dict[str, list[float]], float]:
    """Page label → seconds of its requests during the storm; the storm's seconds."""
    during: dict[str, list[float]] = {page.page.label: [] for page, _visitor in pages}
    async with client(url, connections=len(accounts)) as http:
        started = time.perf_counter()
        logins = asyncio.ensure_future(
            asyncio.gather(*(Visitor(http, name).log_in() for name in accounts))
        )
        turn = 0
        while not logins.done():
            page, visitor = pages[turn % len(pages)]
            during[page.page.label].append(await visitor.timed(page.paths()))
            turn += 1
        await logins
        return during, time.perf_counter() - started
