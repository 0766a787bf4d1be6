"""Writing audit rows: a long list of ids (a coordinator's page of every child of a school)
becomes several rows of one action, each fitting the column, which PostgreSQL enforces."""

import pytest

from core.audit.log import OBJECT_ID_LENGTH, record
from core.audit.tables import AuditEvent

pytestmark = pytest.mark.anyio


async def test_a_long_list_of_ids_is_written_as_several_rows(bound_plugins):
    ids = [str(number) for number in range(1_000_000, 1_000_150)]
    await record(None, "child.listed", object_type="child", object_id=",".join(ids))
    await record(None, "child.viewed", object_type="child", object_id=7)
    rows = (
        await AuditEvent.select(AuditEvent.action, AuditEvent.object_id)
        .order_by(AuditEvent.id)
        .where(AuditEvent.action.is_in(["child.listed", "child.viewed"]))
    )
    listed = [row["object_id"] for row in rows if row["action"] == "child.listed"]
    assert len(listed) == 3 and all(len(part) <= OBJECT_ID_LENGTH for part in listed)
    assert ",".join(listed).split(",") == ids
    assert [row["object_id"] for row in rows if row["action"] == "child.viewed"] == ["7"]


async def test_a_row_names_every_column_but_the_id_and_the_chains_hashes(bound_plugins):
    from datetime import UTC, datetime, timedelta

    from core.audit.log import _INSERT, Outcome

    named = _INSERT.split("(", 1)[1].split(")", 1)[0].replace(" ", "").split(",")
    columns = {column._meta.db_column_name for column in AuditEvent._meta.columns}
    assert set(named) == columns - {"id", "prev_hash", "hash"}

    await record(None, "case.viewed", Outcome.denied, user_id=5, object_type="case", object_id=9)
    row = await AuditEvent.select().order_by(AuditEvent.id, ascending=False).first()
    assert abs(row["at"] - datetime.now(UTC)) < timedelta(minutes=1)
    assert {key: row[key] for key in ("user_id", "action", "object_type", "object_id")} == {
        "user_id": 5,
        "action": "case.viewed",
        "object_type": "case",
        "object_id": "9",
    }
    assert (row["outcome"], row["role"], row["prev_hash"], row["hash"]) == (
        "denied",
        None,
        None,
        None,
    )
