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


async def test_the_other_protective_headers(client):
    headers = (await client.get("/login")).headers
    assert headers["x-frame-options"] == "DENY"
    assert headers["cross-origin-opener-policy"] == "same-origin"
    assert "camera=()" in headers["permissions-policy"]


def test_https_behind_a_proxy_is_believed_only_from_a_trusted_one(settings):
    import ipaddress
    from dataclasses import replace

    from core.security import is_https

    scope = {
        "scheme": "http",
        "client": ("10.0.0.5", 1234),
        "headers": [(b"x-forwarded-proto", b"https")],
    }
    assert not is_https(scope, settings)
    trusting = replace(settings, trusted_proxies=(ipaddress.ip_network("10.0.0.0/24"),))
    assert is_https(scope, trusting)
    assert not is_https({**scope, "client": ("192.0.2.1", 1234)}, trusting)


async def test_the_anonymous_csrf_cookie_is_host_prefixed_secure_httponly_lax(client):
    cookie = (await client.get("/login")).headers["set-cookie"]
    assert cookie.startswith("__Host-heaolu_csrf=")
    for attribute in ("Path=/", "Secure", "HttpOnly", "SameSite=Lax"):
        assert attribute in cookie
