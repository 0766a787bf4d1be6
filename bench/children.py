"""Child search and the child's page on county-scale demo data (about 35 000 children).

The demo's support coordinator of the largest sample school (about 520 children in scope)
searches by the start of a family name, by isikukood and by date of birth, and opens
children's pages, through the whole app in process (routing, guard, session, access check,
query, template, audit row), in turns with the floors `/-/ping` (no database, no session) and
`/-/me` (being logged in).
"""

from __future__ import annotations

import random
from typing import Any

from bench.accounts import log_in
from bench.county import county_demo
from bench.timing import measure_against_floor

SEARCHES = 100


async def child_search_and_page(database_url: str) -> None:
    from litestar.testing import AsyncTestClient

    from core.app import create_app
    from core.cases.demo_county import COORDINATOR, USERNAME
    from core.people.tables import Child, Enrolment

    # The county demo, consents and cases included, as `heaolu demo --scale county` makes it.
    settings, _plugins, _engine, seconds = await county_demo(database_url)
    children = await Child.count()
    made = f"seeded in {seconds:.0f} s" if seconds else "seeded by an earlier run"
    print(f"child search and page: {children} children ({made})")
    largest = await Enrolment.raw(
        "SELECT organisation, count(*) AS n FROM people_enrolment GROUP BY organisation "
        "ORDER BY n DESC LIMIT 1"
    )
    organisation = largest[0]["organisation"]
    coordinator = USERNAME.format(post=COORDINATOR, place=organisation)
    visible = await Enrolment.select(Enrolment.child).where(Enrolment.organisation == organisation)
    ids = [row["child"] for row in visible]
    rows: list[dict[str, Any]] = await Child.select(
        Child.id, Child.family_name, Child.isikukood, Child.date_of_birth
    ).where(Child.id.is_in(ids))
    rng = random.Random(7)

    app = create_app(settings)
    async with AsyncTestClient(app, base_url="https://testserver.local") as client:
        await log_in(client, coordinator)

        async def get(path: str, params: dict[str, str] | None = None) -> None:
            response = await client.get(path, params=params)
            assert response.status_code == 200, (path, response.status_code)

        floors = {"/-/ping": lambda: get("/-/ping"), "/-/me": lambda: get("/-/me")}
        print(
            f"  {len(ids)} children in the coordinator's scope, {SEARCHES} requests each, in "
            "turns with /-/ping and /-/me"
        )
        await measure_against_floor(
            "search by the start of a family name",
            SEARCHES,
            lambda: get("/children", {"q": rng.choice(rows)["family_name"][:3]}),
            floors,
        )
        await measure_against_floor(
            "search by isikukood",
            SEARCHES,
            lambda: get("/children", {"q": rng.choice(rows)["isikukood"]}),
            floors,
        )
        await measure_against_floor(
            "search by date of birth",
            SEARCHES,
            lambda: get("/children", {"q": rng.choice(rows)["date_of_birth"].strftime("%d.%m.%Y")}),
            floors,
        )
        await measure_against_floor(
            "the child's page", SEARCHES, lambda: get(f"/children/{rng.choice(ids)}"), floors
        )
