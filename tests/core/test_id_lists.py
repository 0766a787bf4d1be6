"""`core.id_lists`: a list of ids sent as one parameter (a JSON array on SQLite, an integer
array on PostgreSQL) finds what Piccolo's IN list finds, for no id, one id and many, as a
condition (`one_of`) and as a table to join from (`ids_table`)."""

import pytest

from core.id_lists import ids_table, one_of
from core.people.tables import Municipality

pytestmark = pytest.mark.anyio


async def _municipalities(count: int) -> list[int]:
    rows = await Municipality.insert(
        *(Municipality(name=f"Sample vald {n}", ehak_code=f"{9000 + n}") for n in range(count))
    ).returning(Municipality.id)
    return [row["id"] for row in rows]


async def test_one_of_finds_the_rows_of_the_ids_only(bound_plugins):
    ids = await _municipalities(120)
    asked = [*ids[::3], 0, -5]
    found = await Municipality.select(Municipality.id).where(one_of(Municipality.id, asked))
    listed = await Municipality.select(Municipality.id).where(Municipality.id.is_in(asked))
    assert {row["id"] for row in found} == {row["id"] for row in listed} == set(ids[::3])
    [one] = await Municipality.select(Municipality.id).where(one_of(Municipality.id, ids[:1]))
    assert one["id"] == ids[0]
    assert await Municipality.select().where(one_of(Municipality.id, [])) == []


async def test_ids_table_joins_from_the_ids(bound_plugins):
    ids = await _municipalities(3)
    engine_type = Municipality._meta.db.engine_type
    rows = await Municipality.raw(
        "SELECT m.name FROM {} CROSS JOIN people_municipality m WHERE m.id = ids.value"
        " ORDER BY m.name",
        ids_table([*ids[1:], 0], engine_type),
    )
    assert [row["name"] for row in rows] == ["Sample vald 1", "Sample vald 2"]
    assert await Municipality.raw("SELECT value FROM {}", ids_table([], engine_type)) == []
