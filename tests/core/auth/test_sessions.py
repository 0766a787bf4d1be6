"""Sessions: server-side, rotated at login, timed out, ended by logout and by administrators."""

from datetime import UTC, datetime, timedelta

import pytest

from core.audit.tables import AuditEvent
from core.auth.sessions import SESSION_COOKIE, token_hash
from core.auth.tables import Session, User
from tests.helpers import log_in, post

pytestmark = pytest.mark.anyio


def session_cookie_of(response) -> str:
    for value in response.headers.get_list("set-cookie"):
        if value.startswith(f"{SESSION_COOKIE}="):
            return value
    raise AssertionError("no session cookie was set")


async def test_the_cookie_is_host_prefixed_secure_httponly_lax(client, people):
    cookie = session_cookie_of(await log_in(client, "tartu.cps"))
    attributes = {part.strip().split("=")[0].lower() for part in cookie.split(";")[1:]}
    assert cookie.startswith("__Host-heaolu_session=")
    assert {"path", "secure", "httponly", "samesite"} <= attributes
    assert "SameSite=Lax" in cookie
    assert "Path=/" in cookie
    assert "domain" not in attributes


async def test_only_a_hash_of_the_token_is_stored(client, people):
    cookie = session_cookie_of(await log_in(client, "tartu.cps"))
    token = cookie.split(";")[0].split("=", 1)[1]
    [row] = await Session.select(Session.token_hash)
    assert row["token_hash"] == token_hash(token)
    assert token not in row["token_hash"]


async def test_a_planted_session_id_does_not_survive_login(client, people):
    planted = "attacker-chosen-session-id-0123456789abcdef"
    client.cookies.set(SESSION_COOKIE, planted, domain="testserver.local")
    response = await log_in(client, "tartu.cps")
    token = session_cookie_of(response).split(";")[0].split("=", 1)[1]
    assert token != planted
    assert not await Session.exists().where(Session.token_hash == token_hash(planted))


async def test_anonymous_visitors_get_no_session_row(client):
    for path in ("/login", "/no/such/page", "/healthz", "/-/ping", "/account"):
        await client.get(path)
    await client.post("/login", data={"username": "x", "password": "y"})
    assert await Session.count() == 0


async def test_an_old_session_cookie_is_dead_after_logout(staff_client, people):
    old = staff_client.cookies.get(SESSION_COOKIE)
    response = await post(staff_client, "/logout")
    assert response.status_code == 303
    assert response.headers["location"] == "/login"
    assert await Session.count() == 0
    staff_client.cookies.set(SESSION_COOKIE, old, domain="testserver.local")
    assert (await staff_client.get("/")).status_code == 303


async def test_an_idle_session_ends_after_30_minutes(staff_client, people):
    await Session.update({Session.last_seen_at: datetime.now(UTC) - timedelta(minutes=31)}).where(
        Session.user == people["tartu.cps"]
    )
    response = await staff_client.get("/")
    assert response.status_code == 303
    assert await Session.count() == 0
    assert "Max-Age=0" in session_cookie_of(response)
    expired = await AuditEvent.select(AuditEvent.user_id).where(
        AuditEvent.action == "session.expired"
    )
    assert expired == [{"user_id": people["tartu.cps"]}]


async def test_a_session_ends_12_hours_after_login_however_busy(staff_client, people):
    await Session.update(
        {Session.created_at: datetime.now(UTC) - timedelta(hours=12, minutes=1)}, force=True
    )
    assert (await staff_client.get("/")).status_code == 303


async def test_use_keeps_a_session_alive(staff_client, people):
    ten_minutes_ago = datetime.now(UTC) - timedelta(minutes=10)
    await Session.update({Session.last_seen_at: ten_minutes_ago}, force=True)
    assert (await staff_client.get("/")).status_code == 200
    [row] = await Session.select(Session.last_seen_at)
    assert row["last_seen_at"] > ten_minutes_ago + timedelta(minutes=9)


async def test_disabling_a_user_ends_their_sessions(staff_client, people, settings):
    await User.update({User.active: False}).where(User.id == people["tartu.cps"])
    assert (await staff_client.get("/")).status_code == 303
    assert await Session.count() == 0
