"""100 staff at once, nothing lost (issue #16): `bench.load` for 30 seconds against a real server
on a copy of the demo, one worker on SQLite and two on PostgreSQL.

It takes 30 seconds and a few more to start the server and read the database afterwards: the
time is the point of it, enough for every kind of write to happen often while the others read
and write beside it. The five-minute run's figures are in `bench/README.md`."""

import pytest

from bench.load import measure, serving

pytestmark = pytest.mark.anyio

STAFF = 100
SECONDS = 30


async def test_a_hundred_staff_for_thirty_seconds_lose_no_acknowledged_write(
    settings, demo_database_url, clean_database
):
    workers = 1 if settings.is_sqlite else 2
    with serving(demo_database_url, workers) as server:
        report = await measure(server.url, demo_database_url, STAFF, SECONDS, think=1.0)

    print("\n".join(report.lines()))
    assert report.problems == []
    assert not any(status.startswith("5") for status in report.tally.statuses)
    acknowledged = {write.kind for write in report.tally.writes if write.acknowledged}
    assert acknowledged == {"entry", "task", "round_table", "agreement", "form"}
    assert report.tally.unanswered == 0
