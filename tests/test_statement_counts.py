"""Every page costs the same number of SQL statements on the small demo and on the county demo
of a tenth (`--scale county-tenth`: 3 500 children instead of about 30, 148 organisations
instead of about 40, 1 000 cases with 30 000 timeline entries instead of a few): no page loads
rows one by one or grows its work with the data.

Each demo account opens its home page, every page the home page and the navigation link to,
and the first child and case pages its lists link to, once on each database; the statements the
database receives are counted (`tests.helpers.statements_received`). Pages are compared by
their route (ids left out), since the two databases give records other ids. The county database
is seeded once per run (seconds, shared with the demo command's test); the benchmarks count the
statements on the whole county too (`bench/served`)."""

from __future__ import annotations

import re
from dataclasses import replace
from html import unescape
from urllib.parse import urlsplit

import pytest
from litestar.testing import AsyncTestClient

from core import db
from core.app import create_app
from core.auth.tables import Membership, User
from core.forms.versions import latest_versions
from tests.conftest import BASE_URL
from tests.helpers import sign_in, statements_received

pytestmark = pytest.mark.anyio

LINK = re.compile(r'(?:href|hx-get)="(/[^"#]*)"')
SKIPPED = ("/logout", "/static/", "/-/", "/account/")
# The list pages whose first record link is followed too: the record pages are the costly ones.
LISTS = ("/cases", "/children")


def route_of(path: str) -> str:
    parts = urlsplit(path)
    query = "&".join(sorted(pair.split("=")[0] for pair in parts.query.split("&") if pair))
    return re.sub(r"/\d+(?=/|$)", "/{id}", parts.path) + (f"?{query}" if query else "")


async def counts_on(
    settings, url: str, among: set[str] | None = None
) -> tuple[dict[tuple[str, str], int], set[tuple[str, str]]]:
    """(account, route) → statements of the first page of that route the account reached, for
    every account with a membership (or those of them named in ``among``); and the (account,
    route) of the lists that showed no record."""
    app = create_app(replace(settings, database_url=url))
    db.bind_tables(app.state.engine, app.state.plugins.piccolo_apps)
    usernames = [
        row["username"]
        for row in await User.select(User.username)
        .where(User.id.is_in(Membership.select(Membership.user)))
        .order_by(User.username)
        if among is None or row["username"] in among
    ]
    counts: dict[tuple[str, str], int] = {}
    empty: set[tuple[str, str]] = set()
    # The worker has read every form's current version (`latest_versions` reads a version's
    # schema once per worker).
    await latest_versions()
    async with AsyncTestClient(app, base_url=BASE_URL) as client:
        client.follow_redirects = False
        # Every account reads a page first, so that the audit log has rows of every account to
        # show on both databases (an empty page looks no names up), and the worker's
        # enablement cache is filled.
        for username in usernames:
            await sign_in(client, username)
            await client.get("/cases")
        for username in usernames:
            await sign_in(client, username)
            queue, seen = ["/"], set()
            while queue:
                path = queue.pop(0)
                route = route_of(path)
                if (username, route) in counts or path in seen:
                    continue
                seen.add(path)
                with statements_received(app.state.engine) as statements:
                    response = await client.get(path)
                assert response.status_code < 500, (username, path)
                if response.status_code != 200:
                    continue
                counts[username, route] = len(statements)
                if path == "/" or urlsplit(path).path in LISTS:
                    found = links(response.text, record_pages=path != "/")
                    queue.extend(found)
                    if not found:
                        empty.add((username, route))
    db.bind_tables(db.engine_for(settings), app.state.plugins.piccolo_apps)
    return counts, empty


def links(page: str, record_pages: bool) -> list[str]:
    found = [unescape(link) for link in LINK.findall(page)]
    kept = [link for link in found if not link.startswith(SKIPPED)]
    if record_pages:
        return [link for link in kept if re.search(r"/\d+$", urlsplit(link).path)][:1]
    return kept


# Run once, on SQLite (`once`): the statements are the code's on either database, and counting
# them on PostgreSQL opened a connection for each (50 s of the PostgreSQL run). The case page's
# count below runs on both.
@pytest.mark.once
async def test_every_page_costs_the_same_statements_on_the_small_and_the_county_demo(
    settings, demo_database_url, county_tenth_database_url
):
    small, empty = await counts_on(settings, demo_database_url)
    # The small demo's accounts (the county's 720 sample staff besides them hold the same
    # posts). A list empty on the small demo looks no names up, where the county's shows its
    # cases or children (Elva's case manager has neither on the small demo): it is left out.
    county, _empty = await counts_on(
        settings, county_tenth_database_url, {username for username, _ in small}
    )
    compared = (small.keys() & county.keys()) - empty
    differ = {key: (small[key], county[key]) for key in compared if small[key] != county[key]}
    assert not differ, f"statements (small demo, county demo) differ: {differ}"
    routes = {route for _, route in compared}
    # Every account's home and navigation, the record pages and the municipality's statistics.
    assert len(compared) > 60, sorted(compared)
    for route in ("/", "/cases", "/cases/{id}", "/children/{id}", "/municipality/stats"):
        assert route in routes, sorted(routes)


# The statements of a case's page, whatever the case holds (issue #16): the count depends on
# which panels and forms the case has, never on how many entries, authors, participants or
# tasks. The page sends no integer array (asyncpg would add three statements of its own on the
# request's new connection to look up the array's type). Its audit row is written in a
# transaction of its own on SQLite, and as one statement alone on PostgreSQL
# (`core.db.write_deferred`), without the BEGIN and COMMIT. On PostgreSQL the submissions
# listed, the forms' version heads, the participants, the timeline's first page and the plan's
# three selects, the municipality panel's three and the sharing rules' consents, overrides
# and the asked organisations' reach are one statement each (`core.kept.together`).
CASE_PAGE_STATEMENTS = {"sqlite": 22, "postgres": 10}


async def test_a_case_page_costs_the_same_statements_however_much_the_case_holds(
    settings, demo_database_url
):
    from core.auth.tables import Membership
    from core.cases.tables import Case, CaseEntry, CaseParticipant, PlanGoal, PlanTask
    from core.people.tables import Organisation

    app = create_app(replace(settings, database_url=demo_database_url))
    db.bind_tables(app.state.engine, app.state.plugins.piccolo_apps)
    # A school's open support case, opened by its coordinator (responsible for it).
    [case] = await Case.raw(
        "SELECT c.id, c.owner_organisation, c.responsible FROM cases_case c"
        " JOIN people_organisation o ON o.id = c.owner_organisation"
        " WHERE c.status = 'open' AND o.kind = 'school' ORDER BY c.id LIMIT 1"
    )
    [responsible] = await User.select(User.username).where(User.id == case["responsible"])
    others = await Membership.select(Membership.user, Membership.organisation).where(
        Membership.organisation != case["owner_organisation"]
    )
    sectors = {
        row["id"]: row["sector"]
        for row in await Organisation.select(Organisation.id, Organisation.sector)
    }
    # Staff of organisations of as many sectors as the demo has: each writes an entry.
    authors = list({sectors[row["organisation"]]: row for row in others}.values())
    assert len(authors) >= 3, authors

    async def add(authors: list[dict], times: int) -> None:
        for author in authors:
            await CaseEntry.insert(
                *(
                    CaseEntry(
                        case=case["id"],
                        kind="note",
                        body="Märge",
                        author=author["user"],
                        author_organisation=author["organisation"],
                    )
                    for _ in range(times)
                )
            )
            await CaseParticipant.insert(
                CaseParticipant(
                    case=case["id"],
                    user=author["user"],
                    organisation=author["organisation"],
                    added_by=case["responsible"],
                )
            )
        [goal] = await PlanGoal.insert(PlanGoal(case=case["id"], goal="Eesmärk")).returning(
            PlanGoal.id
        )
        await PlanTask.insert(
            *(PlanTask(case=case["id"], goal=goal["id"], title="Ülesanne") for _ in range(times))
        )

    path = f"/cases/{case['id']}"
    counts = []
    async with AsyncTestClient(app, base_url=BASE_URL) as client:
        await sign_in(client, responsible["username"])
        for authors_now, times in ((authors[:1], 1), (authors[1:], 8)):
            await add(authors_now, times)
            assert (await client.get(path)).status_code == 200
            with statements_received(app.state.engine) as statements:
                assert (await client.get(path)).status_code == 200
            counts.append(len(statements))
    db.bind_tables(db.engine_for(settings), app.state.plugins.piccolo_apps)
    expected = CASE_PAGE_STATEMENTS["sqlite" if settings.is_sqlite else "postgres"]
    assert counts == [expected, expected], counts
