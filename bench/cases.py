"""My work (`/`), the case list (`/cases`) and a case's page (`/cases/{id}`) with 10 000 cases.

On the county demo with its sample cases (made here if the child benchmark has not made it),
two of the demo's users open the pages through the whole app in process (routing, guard,
session, access check, queries, templates, audit rows), 100 requests each, beside two floors
of the same client, `/-/ping` (no database, no session) and `/-/me` (a logged-in page that
does nothing: the cost of being logged in): the support coordinator of the school with the
most cases (organisation scope) and the case manager of the municipality with the most cases
at its level (municipality scope); each page's requests take turns with the floors'
requests, so that all meet the same load. Then one request of each page, and of each case list
filter alone, is run again with its statements caught, and every SELECT is explained: a big
table read whole is named with its plan (``--plans`` prints every plan).
"""

from __future__ import annotations

import random
from typing import Any

from bench.accounts import log_in
from bench.case_data import CaseData
from bench.county import county_with_cases
from bench.plans import Plan, caught, explain, full_scans, indexes_used
from bench.timing import measure_against_floor

REQUESTS = 100
FILTERS = (
    "/cases?status=closed",
    "/cases?stage=II",
    "/cases?organisation={organisation}",
    "/cases?concern=high",
    "/cases?responsible=me",
    "/cases?overdue=1",
    "/cases?page=2",
)


async def case_pages(database_url: str, every_plan: bool = False) -> None:
    county = await county_with_cases(database_url)
    settings, engine, data, big = county.settings, county.engine, county.cases, set(county.big)
    made = f"the demo made in {data.seconds:.0f} s" if data.seconds else "made by an earlier run"
    print(f"case pages: {data.rows['cases_case']} cases ({made})")
    print("  rows: " + ", ".join(f"{table} {count}" for table, count in data.rows.items()))
    print("  " + ", ".join(f"{fact}: {count}" for fact, count in data.facts.items()))

    from core.app import create_app

    app = create_app(settings)
    plans = {}
    for who, username in (("coordinator", data.coordinator), ("manager", data.manager)):
        plans[who] = await _as(app, engine, database_url, data, who, username, big)
    for who, found in plans.items():
        _report(who, found, every_plan)


async def _as(
    app: Any,
    engine: Any,
    database_url: str,
    data: CaseData,
    who: str,
    username: str,
    big: set[str],
) -> dict[str, list[tuple[Plan, list[str]]]]:
    from litestar.testing import AsyncTestClient

    rng = random.Random(3)
    pages = {
        "my work: /": "/",
        "case list: /cases": "/cases",
        "/cases?concern=high&overdue=1": "/cases?concern=high&overdue=1",
        "/cases?stage=II&responsible=me": "/cases?stage=II&responsible=me",
    }
    async with AsyncTestClient(app, base_url="https://testserver.local") as client:

        async def get(path: str) -> None:
            response = await client.get(path)
            assert response.status_code == 200, (path, response.status_code)

        await log_in(client, username)
        floors = {"/-/ping": lambda: get("/-/ping"), "/-/me": lambda: get("/-/me")}
        print(
            f"  as the {who} ({username}), {REQUESTS} requests each, in turns with /-/ping "
            "and /-/me:"
        )
        for label, path in pages.items():
            await measure_against_floor(label, REQUESTS, lambda path=path: get(path), floors)
        if who == "coordinator":
            print(f"    a case's page: one of {len(data.long_cases)} open cases with 30+ entries")
            await measure_against_floor(
                "a case's page: /cases/{id}",
                REQUESTS,
                lambda: get(f"/cases/{rng.choice(data.long_cases)}"),
                floors,
            )
        explained = [*pages.values()]
        if who == "coordinator":
            explained.append(f"/cases/{data.long_cases[0]}")
        explained.extend(path.format(organisation=data.school) for path in FILTERS)
        found = {}
        for path in explained:
            with caught(engine) as statements:
                await get(path)
            found[path] = [
                (plan, full_scans(plan, big)) for plan in await explain(database_url, statements)
            ]
        return found


def _report(who: str, found: dict[str, list[tuple[Plan, list[str]]]], every_plan: bool) -> None:
    print(f"  query plans, as the {who}:")
    for path, plans in found.items():
        scanned = sorted({table for _plan, tables in plans for table in tables})
        indexes = sorted({index for plan, _tables in plans for index in indexes_used(plan)})
        verdict = f"READS WHOLE {', '.join(scanned)}" if scanned else "no big table read whole"
        print(f"    {path}: {len(plans)} selects, {verdict}; indexes: {', '.join(indexes)}")
        for plan, tables in plans:
            if tables or every_plan:
                print(f"      {' '.join(plan.sql.split())}")
                for line in plan.lines:
                    print(f"        {line}")
