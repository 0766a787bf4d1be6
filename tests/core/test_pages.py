"""The page shell, languages, error pages, health and static assets."""

import gzip
import re

import pytest

from core.static import IMMUTABLE
from tests.helpers import make_user, post, sign_in

pytestmark = pytest.mark.anyio


async def test_pages_are_estonian_by_default_in_the_shell_with_htmx(staff_client):
    response = await staff_client.get("/")
    html = response.text
    assert response.status_code == 200
    assert '<html lang="et">' in html
    assert '<a class="skip-link" href="#main">Liigu sisu juurde</a>' in html
    assert '<main id="main"' in html
    assert "<h1>Minu töö</h1>" in html
    assert re.search(r'<script src="/static/htmx-2\.0\.11\.min\.[0-9a-f]{10}\.js" defer>', html)
    assert '<nav class="main-nav"' in html and "Avaleht" in html


async def test_english_is_chosen_with_lang_and_remembered_in_a_cookie(staff_client):
    client = staff_client
    response = await client.get("/?lang=en")
    assert '<html lang="en">' in response.text
    assert "<h1>My work</h1>" in response.text
    assert "heaolu_lang=en" in response.headers["set-cookie"]
    again = await client.get("/")
    assert '<html lang="en">' in again.text
    back = await client.get("/?lang=et")
    assert '<html lang="et">' in back.text


async def test_an_unknown_language_falls_back_to_estonian(client):
    response = await client.get("/login?lang=ru")
    assert '<html lang="et">' in response.text
    assert "heaolu_lang" not in response.headers.get("set-cookie", "")


async def test_language_links_keep_the_rest_of_the_query(client):
    html = (await client.get("/login?next=/account")).text
    assert 'href="/login?next=%2Faccount&amp;lang=en"' in html


async def test_the_404_page_is_an_estonian_page_in_the_shell_with_a_request_code(client):
    response = await client.get("/no/such/page")
    assert response.status_code == 404
    assert '<html lang="et">' in response.text
    assert "<h1>Lehte ei leitud</h1>" in response.text
    assert response.headers["x-request-id"] in response.text
    assert "htmx-2.0.11" in response.text
    english = await client.get("/no/such/page?lang=en")
    assert "<h1>Page not found</h1>" in english.text


async def test_an_unknown_address_keeps_the_logged_in_users_shell(staff_client):
    response = await staff_client.get("/no/such/page")
    assert response.status_code == 404
    assert "Lehte ei leitud" in response.text
    assert 'href="/cases"' in response.text  # the user's navigation
    assert "Tartu Linnavalitsus" in response.text  # their membership in the header


async def test_a_500_shows_a_request_code_and_never_a_stack_trace(reader_client, caplog):
    response = await post(reader_client, "/notes/add-then-fail", {"text": "lost"})
    assert response.status_code == 500
    assert "<h1>Midagi läks valesti</h1>" in response.text
    rid = response.headers["x-request-id"]
    assert f"<code>{rid}</code>" in response.text
    assert "Traceback" not in response.text
    assert "RuntimeError" not in response.text
    logged = [r for r in caplog.records if r.name == "heaolu.errors"]
    assert logged and logged[0].request_id == rid


async def test_debug_mode_shows_the_stack_trace(settings, people):
    from dataclasses import replace

    from litestar.testing import AsyncTestClient

    from tests.conftest import BASE_URL, TEST_PLUGINS, make_app

    app = make_app(replace(settings, debug=True), TEST_PLUGINS)
    await make_user("reader", people["tartu_school"], "notes_reader")
    async with AsyncTestClient(app, base_url=BASE_URL, raise_server_exceptions=False) as client:
        client.follow_redirects = False
        await sign_in(client, "reader")
        response = await post(client, "/notes/add-then-fail", {"text": "x"})
    assert response.status_code == 500
    assert "Traceback" in response.text and "the handler failed after writing" in response.text


async def test_method_not_allowed_uses_the_shell(client):
    response = await client.delete("/login")
    assert response.status_code == 405
    assert "<h1>Pole lubatud</h1>" in response.text


async def test_healthz_reports_the_database(client):
    response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


async def test_healthz_answers_503_when_the_database_cannot_be_reached(settings, tmp_path):
    from dataclasses import replace

    from litestar.testing import AsyncTestClient

    from tests.conftest import BASE_URL, make_app

    if settings.is_sqlite:
        broken = f"sqlite:///{tmp_path / 'never-migrated.db'}"
    else:
        broken = "postgresql://nobody@127.0.0.1:1/nothing"
    async with AsyncTestClient(
        make_app(replace(settings, database_url=broken)), base_url=BASE_URL
    ) as client:
        response = await client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable"


async def test_ping_touches_neither_database_nor_session(settings, tmp_path):
    from dataclasses import replace

    from litestar.testing import AsyncTestClient

    from tests.conftest import BASE_URL, make_app

    broken = replace(settings, database_url="postgresql://nobody@127.0.0.1:1/nothing")
    async with AsyncTestClient(make_app(broken), base_url=BASE_URL) as client:
        response = await client.get("/-/ping")
    assert (response.status_code, response.text) == (200, "pong")
    assert "set-cookie" not in response.headers


def static_urls(html: str) -> list[str]:
    return re.findall(r'(?:href|src)="(/static/[^"]+)"', html)


async def test_static_assets_have_versioned_names_cache_headers_and_gzip(client):
    html = (await client.get("/login")).text
    urls = static_urls(html)
    assert len(urls) == 3
    for url in urls:
        response = await client.get(url, headers={"accept-encoding": "gzip"})
        assert response.status_code == 200
        assert response.headers["cache-control"] == IMMUTABLE
        assert response.headers["content-encoding"] == "gzip"
    plain = await client.get(urls[0], headers={"accept-encoding": "identity"})
    assert "content-encoding" not in plain.headers
    assert (await client.get("/static/app.css")).status_code == 404


async def test_first_load_of_a_page_is_under_30_kb_compressed(staff_client):
    client = staff_client
    page = await client.get("/", headers={"accept-encoding": "gzip"})
    total = len(gzip.compress(page.content))
    for url in static_urls(page.text):
        asset = await client.get(url, headers={"accept-encoding": "gzip"})
        total += int(asset.headers["content-length"])
    assert total < 30 * 1024, total


@pytest.mark.parametrize("path", ["/login", "/healthz", "/no/such/page"])
async def test_every_response_carries_a_request_id(client, path):
    response = await client.get(path)
    assert re.fullmatch(r"[0-9a-f]{12}", response.headers["x-request-id"])


def test_templates_read_a_rows_key_first_and_answer_as_jinja_does(client):
    from jinja2 import UndefinedError

    environment = client.app.template_engine.engine
    render = environment.from_string
    row = {"name": "Mari", "items": "key", "get": "key"}
    assert render("{{ row.name }}").render(row=row) == "Mari"
    # A dict's own attributes (its methods) still come before a key of the same name.
    assert render("{{ row.items()|list|length }}|{{ row.get('name') }}").render(row=row) == "3|Mari"
    with pytest.raises(UndefinedError):
        render("{{ row.missing }}").render(row=row)
    assert render("{{ row.missing is defined }}").render(row=row) == "False"
