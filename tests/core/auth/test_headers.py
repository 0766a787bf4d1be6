"""Security headers on every answer; foreign Host headers refused."""

import pytest

pytestmark = pytest.mark.anyio


async def test_the_content_security_policy_is_strict(client):
    policy = (await client.get("/login")).headers["content-security-policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy
    assert directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'none'"


@pytest.mark.parametrize("path", ["/login", "/no/such/page", "/healthz"])
async def test_every_answer_has_the_protective_headers(client, path):
    headers = (await client.get(path)).headers
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "same-origin"
    assert "frame-ancestors 'none'" in headers["content-security-policy"]


async def test_hsts_is_sent_over_https_only(client, settings):
    from litestar.testing import AsyncTestClient

    from tests.conftest import make_app

    assert "max-age" in (await client.get("/login")).headers["strict-transport-security"]
    async with AsyncTestClient(make_app(settings), base_url="http://testserver.local") as plain:
        assert "strict-transport-security" not in (await plain.get("/login")).headers


async def test_authenticated_answers_are_not_stored(staff_client):
    for path in ("/", "/account", "/account/two-factor"):
        assert (await staff_client.get(path)).headers["cache-control"] == "no-store"


async def test_pages_work_without_inline_scripts_or_styles(staff_client):
    html = (await staff_client.get("/")).text
    assert "<script>" not in html
    assert "style=" not in html
    assert "<style" not in html


@pytest.mark.parametrize("path", ["/login", "/no/such/page"])
async def test_a_foreign_host_header_is_400(client, path):
    response = await client.get(path, headers={"host": "evil.example"})
    assert response.status_code == 400


async def test_an_allowed_host_with_a_port_is_accepted(client):
    response = await client.get("/login", headers={"host": "127.0.0.1:8000"})
    assert response.status_code == 200
