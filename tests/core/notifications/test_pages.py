"""In-app notifications: notify(), the counter in the header, the list, marking read."""

from datetime import UTC, datetime

import pytest

from core.notifications import notify
from core.notifications.tables import Notification
from tests.helpers import csrf_from, make_user, post, query, sign_in

pytestmark = pytest.mark.anyio

MESSAGE = "Access requested"  # a message id of the catalogue ("Ligipääsu taotlus" in Estonian)


async def test_notify_refuses_free_text_and_addresses_outside_heaolu(bound_plugins, people):
    someone = [people["tartu.cps"]]
    for message in ("Mari Maasikas needs help", ""):
        with pytest.raises(ValueError, match="not a message id"):
            await notify(someone, message, "/children/1")
    for url in ("https://evil.example/", "//evil.example/x", "/a b", "children/1", "/\\\\x"):
        with pytest.raises(ValueError, match="not a path inside heaolu"):
            await notify(someone, MESSAGE, url)
    assert await Notification.count() == 0
    assert await notify([], MESSAGE, "/children/1") == []


async def test_notify_writes_one_notification_per_user(bound_plugins, people):
    users = [people["tartu.cps"], people["elva.cps"], people["tartu.cps"]]
    ids = await notify(users, MESSAGE, "/children/7")
    rows = await Notification.select(Notification.user, Notification.message, Notification.url)
    assert len(ids) == 2
    assert sorted(row["user"] for row in rows) == sorted({people["tartu.cps"], people["elva.cps"]})
    assert {(row["message"], row["url"]) for row in rows} == {(MESSAGE, "/children/7")}


async def test_the_header_counts_unread_notifications(staff_client, people):
    html = (await staff_client.get("/")).text
    assert 'id="notification-count"' in html
    assert 'class="count"' not in html
    await notify([people["tartu.cps"]], MESSAGE, "/children/1")
    await notify([people["tartu.cps"], people["elva.cps"]], MESSAGE, "/children/2")
    html = (await staff_client.get("/directory")).text
    assert '<span class="count">2<span class="visually-hidden"> lugemata</span></span>' in html


async def test_anonymous_pages_have_no_counter(client):
    assert 'id="notification-count"' not in (await client.get("/login")).text


async def test_the_unread_count_uses_its_partial_index(bound_plugins, settings, people):
    """Most notifications are read: the count reads the few unread ones from their index."""
    uid = people["tartu.cps"]
    for _ in range(50):
        await notify([uid, people["elva.cps"]], MESSAGE, "/children/1")
    await Notification.update({Notification.read_at: datetime.now(UTC)}, force=True)
    await notify([uid], MESSAGE, "/children/2")
    sql = (
        f'SELECT COUNT(*) FROM notifications_notification WHERE "user" = {uid} AND read_at IS NULL'
    )
    if settings.is_sqlite:
        query(settings.database_url, "ANALYZE")
        plan = " ".join(
            str(row) for row in query(settings.database_url, f"EXPLAIN QUERY PLAN {sql}")
        )
    else:
        import asyncpg

        connection = await asyncpg.connect(settings.database_url)
        try:
            await connection.execute("ANALYZE notifications_notification")
            await connection.execute("SET enable_seqscan = off")
            plan = " ".join(r[0] for r in await connection.fetch(f"EXPLAIN {sql}"))
        finally:
            await connection.close()
    assert "notifications_unread" in plan


async def test_the_list_shows_the_newest_first_in_pages_of_20(staff_client, people):
    for n in range(25):
        await notify([people["tartu.cps"]], MESSAGE, f"/children/{n}")
    ids = [
        row["id"] for row in await Notification.select(Notification.id).order_by(Notification.id)
    ]
    first = (await staff_client.get("/notifications")).text
    assert first.count('href="/notifications/') == 20
    assert first.index(f'href="/notifications/{ids[24]}"') < first.index(
        f'href="/notifications/{ids[23]}"'
    )
    assert "Ligipääsu taotlus" in first
    assert 'href="/notifications?page=2"' in first
    second = (await staff_client.get("/notifications?page=2")).text
    assert second.count('href="/notifications/') == 5
    assert f'href="/notifications/{ids[0]}"' in second
    assert 'href="/notifications?page=3"' not in second


async def test_opening_a_notification_marks_it_read_and_leads_to_its_address(staff_client, people):
    [notification] = await notify([people["tartu.cps"]], MESSAGE, "/children/5")
    response = await staff_client.get(f"/notifications/{notification}")
    assert response.status_code == 303
    assert response.headers["location"] == "/children/5"
    row = await Notification.select(Notification.read_at).first()
    assert row["read_at"] is not None
    assert 'class="count"' not in (await staff_client.get("/")).text


async def test_an_email_link_asks_for_login_first(client, people):
    [notification] = await notify([people["tartu.cps"]], MESSAGE, "/children/5")
    response = await client.get(f"/notifications/{notification}")
    assert response.status_code == 303
    assert response.headers["location"].startswith("/login?next=")
    assert (await Notification.select(Notification.read_at).first())["read_at"] is None


async def test_someone_elses_notification_is_not_found(staff_client, people):
    [theirs] = await notify([people["elva.cps"]], MESSAGE, "/children/5")
    assert (await staff_client.get(f"/notifications/{theirs}")).status_code == 404
    assert (await post(staff_client, f"/notifications/{theirs}/read")).status_code == 404
    assert (await staff_client.get("/notifications/999999")).status_code == 404
    assert (await Notification.select(Notification.read_at).first())["read_at"] is None


async def test_marking_read_without_javascript_returns_to_the_list(staff_client, people):
    mine = await notify([people["tartu.cps"]], MESSAGE, "/children/1")
    mine += await notify([people["tartu.cps"]], MESSAGE, "/children/2")
    [theirs] = await notify([people["elva.cps"]], MESSAGE, "/children/3")
    page = (await staff_client.get("/notifications")).text
    assert f'action="/notifications/{mine[0]}/read"' in page
    response = await staff_client.post(
        f"/notifications/{mine[0]}/read", data={"page": "2", "_csrf_token": csrf_from(page)}
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/notifications?page=2"
    unread = Notification.read_at.is_null()
    assert {r["id"] for r in await Notification.select(Notification.id).where(unread)} == {
        mine[1],
        theirs,
    }
    response = await post(staff_client, "/notifications/read-all", {"page": "1"})
    assert response.status_code == 303
    assert [r["id"] for r in await Notification.select(Notification.id).where(unread)] == [theirs]
    assert "Märgi kõik loetuks" not in (await staff_client.get("/notifications")).text


async def test_marking_read_with_htmx_swaps_the_list_and_the_counter(staff_client, people):
    ids = await notify([people["tartu.cps"]], MESSAGE, "/children/1")
    ids += await notify([people["tartu.cps"]], MESSAGE, "/children/2")
    token = csrf_from((await staff_client.get("/notifications")).text)
    response = await staff_client.post(
        f"/notifications/{ids[0]}/read",
        data={"page": "1"},
        headers={"HX-Request": "true", "X-CSRF-Token": token},
    )
    assert response.status_code == 200
    assert "<html" not in response.text
    assert '<section id="notification-list">' in response.text
    assert (
        'id="notification-count" class="notification-count" href="/notifications" hx-swap-oob'
        in (response.text)
    )
    assert '<span class="count">1<' in response.text
    assert "HX-Request" in response.headers["vary"]
    # The partial's forms carry a token that works.
    again = await staff_client.post(
        "/notifications/read-all",
        data={"page": "1", "_csrf_token": csrf_from(response.text)},
        headers={"HX-Request": "true"},
    )
    assert again.status_code == 200
    assert 'class="count"' not in again.text


async def test_a_user_sees_only_their_own_notifications(notes_client, people):
    await make_user("other", people["tartu_school"], "notes_reader")
    await notify([people["tartu.cps"]], MESSAGE, "/children/1")
    await sign_in(notes_client, "other")
    html = (await notes_client.get("/notifications")).text
    assert 'href="/notifications/' not in html
    assert "Sul ei ole teateid." in html
