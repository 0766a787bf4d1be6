"""Login: indistinguishable failures, throttling stored in the database, client addresses."""

import re
import time

import pytest
from litestar.testing import AsyncTestClient

from core.app import create_app
from core.audit.tables import AuditEvent
from core.auth.tables import LoginThrottle, Session
from tests.conftest import BASE_URL, loading, make_app
from tests.helpers import PASSWORD, csrf_from, log_in

pytestmark = pytest.mark.anyio


def comparable(html: str) -> str:
    """A page without what differs on every answer (masked CSRF token, the form's one-time
    submission key, request id)."""
    html = re.sub(r'value="[A-Za-z0-9_=-]{60,}"', 'value="TOKEN"', html)
    html = re.sub(r'name="_submission_key" value="[^"]+"', 'name="_submission_key"', html)
    return re.sub(r"<code>[0-9a-f]{12}</code>", "<code>ID</code>", html)


async def test_the_login_form_has_the_stable_fields(client):
    html = (await client.get("/login")).text
    assert 'name="username"' in html
    assert 'name="password"' in html
    assert 'name="_csrf_token"' in html


async def test_a_correct_login_redirects_to_the_dashboard(client, people):
    response = await log_in(client, "tartu.cps")
    assert response.status_code == 303
    assert response.headers["location"] == "/"


async def test_an_anonymous_request_for_a_page_redirects_to_login(client):
    response = await client.get("/account")
    assert response.status_code == 303
    assert response.headers["location"] == "/login?next=/account"


async def test_unknown_user_and_wrong_password_are_indistinguishable(client, people):
    timings = {}
    answers = {}
    # A first login compiles the pages' templates: timed, it would weigh on one side alone.
    await log_in(client, "elva.cps", "a wrong password here")
    for username in ("tartu.cps", "nobody.here"):
        started = time.perf_counter()
        response = await log_in(client, username, "a wrong password here")
        timings[username] = time.perf_counter() - started
        answers[username] = response
    known, unknown = answers["tartu.cps"], answers["nobody.here"]
    assert known.status_code == unknown.status_code == 401
    assert comparable(known.text).replace("tartu.cps", "X") == comparable(unknown.text).replace(
        "nobody.here", "X"
    )
    # Both verify an argon2 hash (the unknown user against a dummy one): same order of time.
    assert timings["nobody.here"] > 0.4 * timings["tartu.cps"]


async def test_a_disabled_account_cannot_log_in_and_looks_like_a_wrong_password(client, people):
    from core.auth.tables import User

    await User.update({User.active: False}).where(User.id == people["tartu.cps"])
    response = await log_in(client, "tartu.cps")
    assert response.status_code == 401
    assert "Kasutajanimi või parool on vale." in response.text


async def test_thirty_wrong_passwords_give_429_with_the_time_to_wait(client, people):
    statuses = []
    for _ in range(30):
        response = await log_in(client, "tartu.cps", "guess guess guess")
        statuses.append(response.status_code)
    assert statuses[:5] == [401] * 5
    assert statuses[-1] == 429
    assert int(response.headers["retry-after"]) >= 1
    assert "Proovi uuesti" in response.text
    assert "sekundi pärast" in response.text
    # Even the right password is refused while the wait lasts.
    assert (await log_in(client, "tartu.cps")).status_code == 429
    assert await AuditEvent.count().where(AuditEvent.action == "login.throttled") >= 1


async def test_throttling_holds_across_workers(settings, people):
    """Two app instances (as two workers) share the throttle through the database. Both are
    started first: the sixth failure's wait is two seconds, which a slow start could outlast."""
    first_app, second_app = make_app(settings), create_app(loading(settings))
    async with (
        AsyncTestClient(first_app, base_url=BASE_URL) as first,
        AsyncTestClient(second_app, base_url=BASE_URL) as second,
    ):
        first.follow_redirects = second.follow_redirects = False
        for _ in range(6):
            await log_in(first, "tartu.cps", "guess guess guess")
        assert (await log_in(second, "tartu.cps")).status_code == 429
    assert await LoginThrottle.count() >= 3


def forwarded(address: str) -> dict[str, str]:
    return {"x-forwarded-for": address}


async def login_from(client, address: str, password: str):
    page = await client.get("/login")
    return await client.post(
        "/login",
        data={"username": "tartu.cps", "password": password, "_csrf_token": csrf_from(page.text)},
        headers=forwarded(address),
    )


async def test_throttling_per_address_uses_forwarded_for_only_from_trusted_proxies(people):
    import httpx

    from tests.conftest import serve

    with serve(HEAOLU_TRUSTED_PROXIES="127.0.0.1") as url:
        async with httpx.AsyncClient(base_url=url) as client:
            await throttle_from_behind_proxy(client)
    keys = {row["key"] for row in await LoginThrottle.select(LoginThrottle.key)}
    assert "address:198.51.100.7" in keys


async def throttle_from_behind_proxy(client):
    """The attacker and the owner reach the server through one trusted proxy."""

    async def login_from(address, password):
        page = await client.get("/login")
        anonymous = page.headers["set-cookie"].split(";")[0]
        return await client.post(
            "/login",
            data={
                "username": "tartu.cps",
                "password": password,
                "_csrf_token": csrf_from(page.text),
            },
            headers={"x-forwarded-for": address, "cookie": anonymous},
        )

    for _ in range(8):
        await login_from("198.51.100.7", "guess guess guess")
    assert (await login_from("198.51.100.7", PASSWORD)).status_code == 429
    # The owner, at another address, is not locked out by the attacker's failures.
    assert (await login_from("203.0.113.9", PASSWORD)).status_code == 303


async def test_forwarded_for_from_an_untrusted_peer_is_ignored(client, people):
    for number in range(8):
        await login_from(client, f"192.0.2.{number}", "guess guess guess")
    # Changing X-Forwarded-For does not give an attacker a fresh allowance.
    assert (await login_from(client, "192.0.2.200", PASSWORD)).status_code == 429
    keys = {row["key"] for row in await LoginThrottle.select(LoginThrottle.key)}
    assert not any("192.0.2" in key for key in keys)


async def test_a_next_address_off_the_site_is_ignored(client, people):
    response = await log_in(client, "tartu.cps", next_path="//evil.example/")
    assert response.headers["location"] == "/"


async def test_logging_in_again_replaces_the_session(staff_client, people):
    from tests.helpers import post

    again = await post(staff_client, "/login", {"username": "tartu.cps", "password": PASSWORD})
    assert again.status_code == 303
    assert await Session.count().where(Session.user == people["tartu.cps"]) == 1
