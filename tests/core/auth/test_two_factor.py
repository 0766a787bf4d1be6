"""Two-factor login with TOTP and recovery codes; required for administrators by default."""

import re
import time
from dataclasses import replace

import pyotp
import pytest
from litestar.testing import AsyncTestClient

from core.audit.tables import AuditEvent
from core.auth import totp
from core.auth.tables import RecoveryCode, Session, User
from tests.conftest import BASE_URL, make_app
from tests.helpers import PASSWORD, csrf_from, log_in, post

pytestmark = pytest.mark.anyio


async def enrol(client) -> tuple[str, list[str]]:
    """Turn two-factor login on through the pages; returns the secret and recovery codes."""
    await post(client, "/account/two-factor/start", token_page="/account/two-factor")
    page = (await client.get("/account/two-factor")).text
    assert "<svg" in page  # the QR code, inline
    secret = re.search(r"<code>([A-Z2-7]{32})</code>", page).group(1)
    confirmed = await post(
        client,
        "/account/two-factor/confirm",
        {"code": pyotp.TOTP(secret).now()},
        token_page="/account/two-factor",
    )
    assert confirmed.status_code == 200
    codes = re.findall(r"<li><code>((?:[A-Z0-9]{4}-){3}[A-Z0-9]{4})</code></li>", confirmed.text)
    assert len(codes) == 10
    return secret, codes


async def second_factor(client, code: str):
    page = await client.get("/login/second-factor")
    return await client.post(
        "/login/second-factor",
        data={"code": code, "next": "/", "_csrf_token": csrf_from(page.text)},
    )


async def test_with_two_factor_a_password_alone_does_not_log_in(staff_client, people, settings):
    secret, _codes = await enrol(staff_client)
    async with AsyncTestClient(make_app(settings), base_url=BASE_URL) as other:
        other.follow_redirects = False
        response = await log_in(other, "tartu.cps")
        assert response.headers["location"].startswith("/login/second-factor")
        assert (await other.get("/")).status_code == 303  # not logged in yet
        wrong = await second_factor(other, "000000")
        assert wrong.status_code == 401
        # A code used once (by the enrolment) is not accepted again: wait for a fresh one.
        code = pyotp.TOTP(secret).at(int(time.time()) + 30)
        right = await second_factor(other, code)
        assert right.status_code == 303
        assert (await other.get("/")).status_code == 200
        # The same code again is refused (replay).
        await post(other, "/logout", token_page="/")
        await log_in(other, "tartu.cps")
        assert (await second_factor(other, code)).status_code == 401


async def test_the_second_factor_gets_a_new_session_id(staff_client, people, settings):
    _secret, codes = await enrol(staff_client)
    async with AsyncTestClient(make_app(settings), base_url=BASE_URL) as other:
        other.follow_redirects = False
        await log_in(other, "tartu.cps")
        half = other.cookies.get("__Host-heaolu_session")
        await second_factor(other, codes[0])
        assert other.cookies.get("__Host-heaolu_session") != half
    assert await Session.count().where(Session.verified.eq(False)) == 0


async def test_a_recovery_code_works_once(staff_client, people, settings):
    _secret, codes = await enrol(staff_client)
    async with AsyncTestClient(make_app(settings), base_url=BASE_URL) as other:
        other.follow_redirects = False
        await log_in(other, "tartu.cps")
        assert (await second_factor(other, codes[3].lower())).status_code == 303
        await post(other, "/logout", token_page="/")
        await log_in(other, "tartu.cps")
        assert (await second_factor(other, codes[3])).status_code == 401


async def test_the_secret_is_stored_encrypted(staff_client, people, settings):
    secret, _codes = await enrol(staff_client)
    stored = await User.select(User.totp_secret).where(User.id == people["tartu.cps"]).first()
    assert secret not in stored["totp_secret"]
    assert totp.decrypt(stored["totp_secret"], settings.secret_key) == secret


async def test_guessing_the_second_factor_is_throttled(staff_client, people, settings):
    await enrol(staff_client)
    async with AsyncTestClient(make_app(settings), base_url=BASE_URL) as other:
        other.follow_redirects = False
        await log_in(other, "tartu.cps")
        statuses = [(await second_factor(other, "123456")).status_code for _ in range(8)]
    assert statuses[-1] == 429


async def test_administrators_must_enrol_when_required(settings, people):
    required = replace(settings, admin_2fa="required")
    async with AsyncTestClient(make_app(required), base_url=BASE_URL) as client:
        client.follow_redirects = False
        await log_in(client, "tartu.admin")
        response = await client.get("/admin/users")
        assert response.status_code == 303
        assert response.headers["location"] == "/account/two-factor"
        assert "Administraatorid peavad" in (await client.get("/account/two-factor")).text
        await enrol(client)
        assert (await client.get("/admin/users")).status_code == 200
        refused = await post(
            client, "/account/two-factor/disable", {"password": "x"}, token_page="/account"
        )
        assert refused.status_code == 400


async def test_staff_may_skip_two_factor_even_when_admins_must_not(settings, people):
    required = replace(settings, admin_2fa="required")
    async with AsyncTestClient(make_app(required), base_url=BASE_URL) as client:
        client.follow_redirects = False
        await log_in(client, "tartu.cps")
        assert (await client.get("/")).status_code == 200


async def test_turning_two_factor_off_needs_the_password(staff_client, people):
    await enrol(staff_client)
    wrong = await post(
        staff_client, "/account/two-factor/disable", {"password": "not mine"}, "/account/two-factor"
    )
    assert wrong.status_code == 400
    assert (await User.objects().get(User.id == people["tartu.cps"])).totp_enabled
    right = await post(
        staff_client, "/account/two-factor/disable", {"password": PASSWORD}, "/account/two-factor"
    )
    assert right.status_code == 303
    user = await User.objects().get(User.id == people["tartu.cps"])
    assert (user.totp_enabled, user.totp_secret) == (False, "")
    assert await RecoveryCode.count().where(RecoveryCode.user == user.id) == 0
    actions = {row["action"] for row in await AuditEvent.select(AuditEvent.action)}
    assert {"two_factor.enabled", "two_factor.disabled"} <= actions


async def test_a_half_finished_login_expires_after_five_minutes(staff_client, people, settings):
    from datetime import UTC, datetime, timedelta

    await enrol(staff_client)
    async with AsyncTestClient(make_app(settings), base_url=BASE_URL) as other:
        other.follow_redirects = False
        await log_in(other, "tartu.cps")
        await Session.update({Session.created_at: datetime.now(UTC) - timedelta(minutes=6)}).where(
            Session.verified.eq(False)
        )
        response = await other.get("/login/second-factor")
        assert response.headers["location"] == "/login"
        assert not await Session.exists().where(Session.verified.eq(False))


async def test_second_factor_failures_and_successes_are_audited(staff_client, people, settings):
    _secret, codes = await enrol(staff_client)
    async with AsyncTestClient(make_app(settings), base_url=BASE_URL) as other:
        other.follow_redirects = False
        await log_in(other, "tartu.cps")
        await second_factor(other, "000000")
        await second_factor(other, codes[0])
    actions = [row["action"] for row in await AuditEvent.select(AuditEvent.action)]
    assert "login.password_ok" in actions
    assert "login.second_factor_failed" in actions
    assert actions.count("login") == 1  # this one's (staff_client signs in without the form)
