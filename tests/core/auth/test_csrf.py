"""CSRF: every unsafe request needs a valid token; tokens are masked per response (BREACH)."""

import re

import pytest

from tests.helpers import PASSWORD, csrf_from, sign_in

pytestmark = pytest.mark.anyio


async def test_a_post_without_a_token_is_403(staff_client):
    response = await staff_client.post("/logout")
    assert response.status_code == 403
    assert "Vorm oli aegunud" in response.text


async def test_the_login_form_needs_its_token_too(client, people):
    await client.get("/login")
    response = await client.post("/login", data={"username": "tartu.cps", "password": PASSWORD})
    assert response.status_code == 403


async def test_a_token_from_another_session_is_refused(client, people, settings):
    from litestar.testing import AsyncTestClient

    from tests.conftest import BASE_URL, make_app

    async with AsyncTestClient(make_app(settings), base_url=BASE_URL) as other:
        other.follow_redirects = False
        await sign_in(other, "elva.cps")
        foreign = csrf_from((await other.get("/account")).text)
    await sign_in(client, "tartu.cps")
    response = await client.post("/logout", data={"_csrf_token": foreign})
    assert response.status_code == 403


async def test_htmx_requests_send_the_token_in_a_header(staff_client):
    html = (await staff_client.get("/")).text
    token = re.search(r'hx-headers=\'\{"X-CSRF-Token": "([^"]+)"\}\'', html).group(1)
    response = await staff_client.post(
        "/logout", headers={"X-CSRF-Token": token, "HX-Request": "true"}
    )
    assert response.status_code == 303


async def test_two_responses_carry_different_tokens_that_both_validate(staff_client):
    first = csrf_from((await staff_client.get("/account")).text)
    second = csrf_from((await staff_client.get("/account")).text)
    assert first != second
    switch = {"membership": "0", "next": "/account"}
    assert (
        await staff_client.post("/account/membership", data={**switch, "_csrf_token": first})
    ).status_code == 303
    assert (
        await staff_client.post("/account/membership", data={**switch, "_csrf_token": second})
    ).status_code == 303


async def test_a_tampered_token_is_refused(staff_client):
    token = csrf_from((await staff_client.get("/account")).text)
    tampered = ("A" if token[0] != "A" else "B") + token[1:]
    for bad in (tampered, token[:-4], "not-base64!!", ""):
        response = await staff_client.post("/logout", data={"_csrf_token": bad})
        assert response.status_code == 403


async def test_no_get_changes_state(staff_client, people):
    """Every route that writes is an unsafe method: walking all GET pages leaves the data as is."""
    from core.auth.tables import Membership, Session, User

    async def snapshot():
        return (
            await User.select().order_by(User.id),
            await Membership.select().order_by(Membership.id),
            await Session.select(Session.id, Session.membership, Session.verified),
        )

    before = await snapshot()
    for path in ("/", "/account", "/account/two-factor", "/login", "/no/such/page"):
        await staff_client.get(path)
    assert await snapshot() == before
