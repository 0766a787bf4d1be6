"""Authentication events go to the audit log, with ids only."""

import pytest

from core.audit.tables import AuditEvent
from tests.helpers import log_in, post

pytestmark = pytest.mark.anyio


async def actions() -> list[tuple[str, str, int | None]]:
    rows = await AuditEvent.select(AuditEvent.action, AuditEvent.outcome, AuditEvent.user_id)
    return [(r["action"], r["outcome"], r["user_id"]) for r in rows]


async def test_login_failure_logout_password_change_and_denial_are_audited(client, people):
    cps = people["tartu.cps"]
    await log_in(client, "tartu.cps", "a wrong password")
    await log_in(client, "nobody", "a wrong password")
    await log_in(client, "tartu.cps")
    await client.get("/admin/users")
    await post(
        client,
        "/account/password",
        {
            "current_password": "correct horse battery staple 42",
            "new_password": "veel üks pikk parool",
            "repeat_password": "veel üks pikk parool",
        },
    )
    await post(client, "/logout")
    recorded = await actions()
    assert ("login.failed", "failed", cps) in recorded
    assert ("login.failed", "failed", None) in recorded
    assert ("login", "allowed", cps) in recorded
    assert ("permission.denied", "denied", cps) in recorded
    assert ("password.changed", "allowed", cps) in recorded
    assert ("logout", "allowed", cps) in recorded


async def test_an_administrator_ending_sessions_is_audited(client, people):
    await log_in(client, "tartu.admin")
    await post(client, f"/admin/users/{people['tartu.cps']}/sessions/end")
    [row] = await AuditEvent.select().where(AuditEvent.action == "user.sessions_ended")
    assert (row["user_id"], row["object_type"], row["object_id"]) == (
        people["tartu.admin"],
        "user",
        str(people["tartu.cps"]),
    )
    assert row["role"] == "municipality_admin"
    assert row["organisation_id"] == people["tartu_office"]


async def test_audit_rows_hold_no_names(client, people):
    await log_in(client, "tartu.cps", "a wrong password")
    await log_in(client, "tartu.cps")
    for row in await AuditEvent.select():
        assert "tartu.cps" not in repr(row)
        assert "Tartu" not in repr(row)
