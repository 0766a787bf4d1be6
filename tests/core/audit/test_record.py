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
