"""Two real server processes on one database, as two app hosts behind one reverse proxy: a
session started on one is served by the other, and login throttling counts failures made on
both. Each server is a uvicorn subprocess (`tests.conftest.serve`), so this takes about three
seconds: two start-ups and a few argon2 hashes."""

import contextlib

import httpx
import pytest

from core.auth.sessions import SESSION_COOKIE
from core.auth.tables import LoginThrottle
from tests.conftest import serve
from tests.helpers import PASSWORD, csrf_from

pytestmark = pytest.mark.anyio


async def log_in(client: httpx.AsyncClient, password: str) -> httpx.Response:
    """The login form of the server ``client`` speaks to, with its anonymous cookie (the CSRF
    token is bound to it); a Secure cookie is not kept by httpx over plain HTTP."""
    form = await client.get("/login")
    anonymous = form.headers["set-cookie"].split(";")[0]
    return await client.post(
        "/login",
        data={"username": "tartu.cps", "password": password, "_csrf_token": csrf_from(form.text)},
        headers={"cookie": anonymous},
    )


def session_of(response: httpx.Response) -> str:
    for value in response.headers.get_list("set-cookie"):
        if value.startswith(f"{SESSION_COOKIE}="):
            return value.split(";")[0]
    raise AssertionError("the login set no session cookie")


@contextlib.asynccontextmanager
async def two_servers():
    with serve() as first_url, serve() as second_url:
        async with (
            httpx.AsyncClient(base_url=first_url) as first,
            httpx.AsyncClient(base_url=second_url) as second,
        ):
            yield first, second


async def test_a_session_started_on_one_server_is_served_by_the_other(people):
    async with two_servers() as (first, second):
        logged_in = await log_in(first, PASSWORD)
        assert logged_in.status_code == 303
        cookie = session_of(logged_in)
        account = await second.get("/account", headers={"cookie": cookie})
        assert account.status_code == 200
        assert "<strong>tartu.cps</strong>" in account.text
        # Logging out on the second ends the session on the first too.
        token = csrf_from(account.text)
        await second.post("/logout", data={"_csrf_token": token}, headers={"cookie": cookie})
        assert (await first.get("/account", headers={"cookie": cookie})).status_code == 303


async def test_login_throttling_holds_across_two_servers(people):
    async with two_servers() as (first, second):
        for client in (first, second, first, second, first):
            assert (await log_in(client, "guess guess guess")).status_code == 401
        # Five failures, on both: the allowance is spent, and even the right password waits, on
        # either server.
        refused = await log_in(second, PASSWORD)
        assert refused.status_code == 429
        assert int(refused.headers["retry-after"]) >= 1
        assert (await log_in(first, PASSWORD)).status_code == 429
    pair = await LoginThrottle.select(LoginThrottle.failures).where(
        LoginThrottle.key == "pair:tartu.cps|127.0.0.1"
    )
    assert pair == [{"failures": 5}]
