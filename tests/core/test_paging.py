"""`core.paging.page_with_total`: a list's page and its length in one statement."""

import pytest

from core.auth.tables import User
from core.paging import page_with_total
from tests.helpers import make_user, statements_received

pytestmark = pytest.mark.anyio
PLANNED_WITH_VALUES = "SET LOCAL plan_cache_mode = force_custom_plan"


def selects(received, settings):
    """The statements but PostgreSQL's planning setting, which comes first there (and alone)."""
    if not settings.is_sqlite:
        assert str(received[0]) == PLANNED_WITH_VALUES, received
        return received[1:]
    return received


async def test_each_page_and_the_total_come_in_one_statement(people, settings):
    for number in range(5):
        await make_user(f"reader.{number}", people["tartu_school"], "notes_reader")
    engine = User._meta.db
    names = [row["username"] for row in await User.select(User.username).order_by(User.username)]
    assert len(names) > 4
    pages = []
    for number in range(1, len(names) // 2 + 2):
        with statements_received(engine) as received:
            rows, total = await page_with_total(
                User.select(User.username).order_by(User.username), User.count(), number, 2
            )
        if rows:
            assert len(selects(received, settings)) == 1, received
        pages.append([row["username"] for row in rows])
        assert total == len(names)
    assert [name for page in pages for name in page] == names
    # A page past the end has no row to carry the count: it is asked alone.
    assert await page_with_total(User.select(), User.count(), 99, 2) == ([], len(names))


async def test_an_empty_list_is_no_rows_and_zero_without_a_count(people, settings):
    nobody = User.username == "nobody at all"
    with statements_received(User._meta.db) as received:
        found = await page_with_total(
            User.select(User.id).where(nobody).order_by(User.id), User.count().where(nobody), 1, 25
        )
    assert found == ([], 0) and len(selects(received, settings)) == 1
