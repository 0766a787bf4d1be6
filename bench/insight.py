"""The municipality plugin's statistics (`/municipality/stats`) and transitions
(`/municipality/transitions`) on the county demo with its 10 000 sample cases.

The demo's case manager (the municipality plugin's `municipality_case_manager`, who may open
both pages) of the municipality with the most cases opens the statistics of this year and the
transitions of next year's school start (the demo's enrolments all began last September, so
this year's has no movers; next year's are the kindergarten children who will be 7), through the
whole app in process, 100 requests each in turns with the floors `/-/ping` and `/-/me`. The
figures are kept for ten minutes (`plugins/municipality/insight/kept.py`), so those views read
them; five views right after "compute now" show what computing them costs. Then each page
computes once more with its statements caught: their number, and the plan of each SELECT (a big
table read whole is named; ``--plans`` prints every plan).
"""

from __future__ import annotations

import re
import statistics
import time
from datetime import date
from typing import Any

from bench.accounts import log_in
from bench.county import county_with_cases
from bench.plans import caught, explain, full_scans, indexes_used
from bench.timing import measure_against_floor

REQUESTS = 100


async def insight_pages(database_url: str, every_plan: bool = False) -> None:
    from litestar.testing import AsyncTestClient

    from core.app import create_app
    from core.cases.demo_county import MANAGER, USERNAME
    from core.cases.tables import Case

    county = await county_with_cases(database_url)
    settings, engine, big = county.settings, county.engine, county.big
    [busiest] = await Case.raw(
        "SELECT municipality, count(*) AS n FROM cases_case GROUP BY municipality "
        "ORDER BY n DESC, municipality LIMIT 1"
    )
    manager = USERNAME.format(post=MANAGER, place=busiest["municipality"])
    year = date.today().year
    pages = {
        f"statistics: /municipality/stats, {year}": f"/municipality/stats?year={year}",
        f"transitions: /municipality/transitions, {year + 1}": (
            f"/municipality/transitions?year={year + 1}"
        ),
    }
    print(
        f"insight pages: the case manager of the municipality with the most cases "
        f"({busiest['n']}), {REQUESTS} requests each, in turns with /-/ping and /-/me:"
    )
    app = create_app(settings)
    async with AsyncTestClient(app, base_url="https://testserver.local") as client:

        async def get(path: str) -> None:
            response = await client.get(path)
            assert response.status_code == 200, (path, response.status_code)

        await log_in(client, manager)
        floors = {"/-/ping": lambda: get("/-/ping"), "/-/me": lambda: get("/-/me")}
        for label, path in pages.items():
            await measure_against_floor(label, REQUESTS, lambda path=path: get(path), floors)
            computing = [await _computing(client, path, year) for _ in range(5)]
            print(
                f"    a view computing the figures ('compute now'), median of 5: "
                f"{statistics.median(computing):.1f} ms"
            )
        for path in pages.values():
            await _forget(client, path, year)
            with caught(engine) as statements:
                await get(path)
            _report(path, statements, await explain(database_url, statements), big, every_plan)


async def _computing(client: Any, path: str, year: int) -> float:
    """Milliseconds of one view of ``path`` right after its figures were dropped."""
    await _forget(client, path, year)
    started = time.perf_counter()
    await client.get(path)
    return (time.perf_counter() - started) * 1000


async def _forget(client: Any, path: str, year: int) -> None:
    """Press "compute now" on the page at ``path``."""
    page = await client.get(path)
    token = re.search(r'name="_csrf_token" value="([^"]+)"', page.text)
    assert token is not None
    recompute = path.split("?")[0] + "/recompute"
    answer = await client.post(
        recompute,
        data={"year": str(year), "_csrf_token": token.group(1)},
        follow_redirects=False,
    )
    assert answer.status_code == 303, (recompute, answer.status_code)


def _report(
    path: str, statements: list[Any], plans: list[Any], big: set[str], every_plan: bool
) -> None:
    scanned = sorted({table for plan in plans for table in full_scans(plan, big)})
    indexes = sorted({index for plan in plans for index in indexes_used(plan)})
    verdict = f"READS WHOLE {', '.join(scanned)}" if scanned else "no big table read whole"
    print(f"    {path}: {len(statements)} statements, {len(plans)} selects, {verdict}")
    print(f"      indexes: {', '.join(indexes)}")
    for plan in plans:
        if every_plan or full_scans(plan, big):
            print(f"      {' '.join(plan.sql.split())}")
            for line in plan.lines:
                print(f"        {line}")
