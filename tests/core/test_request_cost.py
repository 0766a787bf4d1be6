"""What a request costs before its page starts: the statements the database receives.

`/-/ping` (liveness, the benchmarks' floor) costs none, whatever cookie it carries; being logged
in costs one (`/-/me`, a page that does nothing else); enablement is cached per worker behind a
version that the administration page changes, and last-seen is written at most once a minute.
"""

from datetime import UTC, datetime, timedelta

import pytest

from core.auth.sessions import SESSION_COOKIE
from core.auth.tables import Session
from tests.helpers import make_user, plugin_off, post, sign_in, statements_received

pytestmark = pytest.mark.anyio


def _engine(client):
    return client.app.state.engine


async def test_ping_with_a_session_cookie_runs_no_sql(staff_client):
    with statements_received(_engine(staff_client)) as received:
        response = await staff_client.get("/-/ping")
    assert (response.status_code, response.text) == (200, "pong")
    assert received == []
    assert "set-cookie" not in response.headers


async def test_ping_with_an_unknown_session_cookie_runs_no_sql_and_keeps_the_cookie(client):
    client.cookies.set(SESSION_COOKIE, "made-up", domain="testserver.local")
    with statements_received(_engine(client)) as received:
        response = await client.get("/-/ping")
    assert (response.status_code, response.text) == (200, "pong")
    assert received == []
    assert "set-cookie" not in response.headers


async def test_being_logged_in_costs_one_statement(staff_client):
    # A worker's first request at an enablement version reads the municipality's enablement.
    assert (await staff_client.get("/-/me")).status_code == 200
    with statements_received(_engine(staff_client)) as received:
        response = await staff_client.get("/-/me")
    assert (response.status_code, response.text) == (200, "ok")
    assert len(received) == 1, received
    assert received[0].startswith("SELECT s.id")


async def test_the_no_op_page_is_for_logged_in_users_only(client):
    response = await client.get("/-/me")
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login")


async def test_last_seen_is_written_once_a_minute_in_a_write_transaction(staff_client, settings):
    engine = _engine(staff_client)
    session_id = (await Session.select(Session.id).first())["id"]
    long_ago = datetime.now(UTC) - timedelta(minutes=2)
    await Session.update({Session.last_seen_at: long_ago}).where(Session.id == session_id)
    await staff_client.get("/-/me")  # the enablement of a new worker, as above
    await Session.update({Session.last_seen_at: long_ago}).where(Session.id == session_id)

    with statements_received(engine) as received:
        assert (await staff_client.get("/-/me")).status_code == 200
    updates = [i for i, statement in enumerate(received) if statement.startswith("UPDATE")]
    assert len(updates) == 1, received
    begin = received[updates[0] - 1]
    assert begin == "BEGIN IMMEDIATE" if settings.is_sqlite else begin.startswith("BEGIN")
    seen = (await Session.select(Session.last_seen_at).where(Session.id == session_id).first())[
        "last_seen_at"
    ]
    assert seen > long_ago + timedelta(minutes=1)

    with statements_received(engine) as received:
        assert (await staff_client.get("/-/me")).status_code == 200
    assert len(received) == 1, received


async def test_an_enablement_change_is_seen_by_the_next_request_of_every_worker(
    notes_client, people, settings
):
    from litestar.testing import AsyncTestClient

    from core.app import create_app
    from tests.conftest import BASE_URL, TEST_PLUGINS, loading

    await make_user("tartu.reader", people["tartu_school"], "notes_reader")
    # Another worker: an app of its own, so a cache of its own (building it takes half a second).
    other = create_app(loading(settings, TEST_PLUGINS), extra_plugins=TEST_PLUGINS)
    async with AsyncTestClient(other, base_url=BASE_URL) as reader:
        reader.follow_redirects = False
        await sign_in(reader, "tartu.reader")
        assert (await reader.get("/notes/")).status_code == 200
        assert (await reader.get("/notes/")).status_code == 200

        await sign_in(notes_client, "tartu.admin")
        off = await post(notes_client, "/admin/plugins/notes", plugin_off(people["tartu"]))
        assert off.status_code == 303
        assert (await reader.get("/notes/")).status_code == 404

        await post(
            notes_client, "/admin/plugins/notes", {"municipality": people["tartu"], "enabled": "1"}
        )
        assert (await reader.get("/notes/")).status_code == 200


async def test_a_form_choice_changes_the_version_that_the_cache_is_read_by(bound_plugins, people):
    from core.enablement_cache import EnablementCache
    from core.forms.enablement import set_form_enabled
    from core.tables import EnablementVersion

    async def version() -> int:
        return (await EnablementVersion.select(EnablementVersion.version).first())["version"]

    cache = EnablementCache(bound_plugins)
    before = await version()
    assert "notes.feedback" in (await cache.of(people["tartu"], before)).forms
    await set_form_enabled(bound_plugins, "notes.feedback", people["tartu"], False)
    after = await version()
    assert after > before
    assert "notes.feedback" in (await cache.of(people["tartu"], before)).forms  # cached
    assert "notes.feedback" not in (await cache.of(people["tartu"], after)).forms
    assert "notes.feedback" in (await cache.of(people["elva"], after)).forms
