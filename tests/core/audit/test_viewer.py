"""The audit log viewer and its CSV export: reach, filters, paging, escaping, self-audit."""

import asyncio
import csv
import io
import re
from datetime import UTC, datetime, timedelta

import pytest

from core.audit.tables import AuditEvent
from core.csv_cells import csv_cell
from tests.helpers import live_session, post, sign_in

pytestmark = pytest.mark.anyio


async def add(people, object_id, organisation="tartu_office", user="tartu.cps", **fields):
    values = {
        "at": datetime(2026, 3, 15, 10, tzinfo=UTC),
        "user_id": people[user] if user else None,
        "organisation_id": people[organisation] if organisation else None,
        "role": "child_protection_specialist",
        "action": "case.opened",
        "object_type": "case",
        "object_id": object_id,
        "outcome": "allowed",
        **fields,
    }
    await AuditEvent.insert(AuditEvent(**values))


async def switch_to(client, username):
    await post(client, "/logout")
    await sign_in(client, username)


def shown(html: str) -> list[str]:
    """The object ids of the rows in the page's table, top to bottom (cases, by their label)."""
    return re.findall(r"<td>Juhtum (\S+)</td>", html)


async def test_a_municipality_admin_sees_only_their_municipalitys_rows(client, people):
    await add(people, "tartu-case")
    await add(people, "elva-case", organisation="elva_office", user="elva.cps")
    await add(people, "no-organisation", organisation=None, user=None, outcome="failed")
    await sign_in(client, "tartu.admin")
    page = await client.get("/audit")
    assert page.status_code == 200
    assert shown(page.text) == ["tartu-case"]
    assert "<td>tartu.cps</td>" in page.text  # the user name, looked up for display
    assert "Tartu Linnavalitsus" in page.text
    export = await client.get("/audit.csv")
    assert "tartu-case" in export.text
    assert "elva-case" not in export.text
    assert "no-organisation" not in export.text
    await switch_to(client, "elva.admin")
    assert shown((await client.get("/audit")).text) == ["elva-case"]
    await switch_to(client, "sysadmin")
    assert sorted(shown((await client.get("/audit")).text)) == [
        "elva-case",
        "no-organisation",
        "tartu-case",
    ]


async def test_the_audit_log_filters_by_user_action_outcome_object_and_date(client, people):
    # Estonian time: 01.03.2026 00:30 is 28.02 22:30 UTC; 01.04.2026 00:30 is 31.03 21:30 UTC.
    await add(people, "a", at=datetime(2026, 2, 28, 22, 30, tzinfo=UTC))
    await add(people, "b", at=datetime(2026, 3, 31, 21, 30, tzinfo=UTC), outcome="denied")
    await add(people, "c", at=datetime(2026, 2, 28, 21, 30, tzinfo=UTC), action="case.closed")
    await add(people, "d", user="tartu.admin", object_type="case", purpose="review")
    await sign_in(client, "sysadmin")

    async def ids(**params):
        response = await client.get("/audit", params={"action": "", **params})
        assert response.status_code == 200
        return sorted(shown(response.text))

    assert await ids() == ["a", "b", "c", "d"]
    assert await ids(user="tartu.cps") == ["a", "b", "c"]
    assert await ids(user=str(people["tartu.admin"])) == ["d"]
    assert await ids(user="nobody") == []
    assert await ids(action="case.closed") == ["c"]
    assert await ids(outcome="denied") == ["b"]
    assert await ids(object_type="case", object_id="d") == ["d"]
    assert await ids(object_type="user") == []
    assert await ids(**{"from": "01.03.2026", "to": "31.03.2026"}) == ["a", "d"]
    assert await ids(**{"from": "1.4.2026"}) == ["b"]
    assert await ids(to="28.02.2026") == ["c"]


async def test_a_bad_date_is_a_clear_message_in_the_page(client, people):
    await sign_in(client, "sysadmin")
    bad = await client.get("/audit", params={"from": "2026-03-01"})
    assert bad.status_code == 400
    assert "Alates: Sisesta kuupäev kujul pp.kk.aaaa, näiteks 23.11.2026." in bad.text
    assert 'value="2026-03-01"' in bad.text
    reversed_range = await client.get("/audit", params={"from": "31.03.2026", "to": "1.3.2026"})
    assert reversed_range.status_code == 400
    assert "Alguskuupäev on hilisem kui lõppkuupäev." in reversed_range.text
    export = await client.get("/audit.csv", params={"to": "30.02.2026"})
    assert export.status_code == 400
    assert "Kuni: Sellist kuupäeva kalendris ei ole." in export.text
    english = await client.get("/audit", params={"from": "x", "lang": "en"})
    assert "From: Enter the date as dd.mm.yyyy" in english.text
    assert not await AuditEvent.exists().where(
        AuditEvent.action.is_in(["audit.viewed", "audit.exported"])
    )


async def test_the_csv_export_escapes_formulas_and_is_audited(client, people):
    dangerous = ['=HYPERLINK("http://example.invalid")', "+1", "-1", "@SUM(A1)", "\tx", "\rx"]
    for value in [*dangerous, "plain; with separator"]:
        await add(people, value)
    await sign_in(client, "sysadmin")
    export = await client.get("/audit.csv", params={"action": "case.opened"})
    assert export.status_code == 200
    assert export.headers["content-type"] == "text/csv; charset=utf-8"
    assert "attachment" in export.headers["content-disposition"]
    assert not export.content.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(io.StringIO(export.content.decode("utf-8"), newline=""), delimiter=";"))
    header, rows = table[0], table[1:]
    assert header[header.index("Objekti ID") - 1] == "Objekti tüüp"
    object_ids = sorted(row[header.index("Objekti ID")] for row in rows)
    assert object_ids == sorted(["'" + value for value in dangerous] + ["plain; with separator"])
    assert {row[header.index("Kasutajanimi")] for row in rows} == {"tartu.cps"}
    assert {row[header.index("Aeg")] for row in rows} == {"15.03.2026 12:00:00"}
    assert csv_cell("\0=1") == "'\0=1"  # PostgreSQL cannot store a NUL, so only the rule here
    exported = await AuditEvent.select().where(AuditEvent.action == "audit.exported")
    assert [(row["user_id"], row["outcome"]) for row in exported] == [
        (people["sysadmin"], "allowed")
    ]


async def test_viewing_the_audit_log_is_audited_and_needs_the_permission(client, people):
    await sign_in(client, "tartu.cps")
    assert (await client.get("/audit")).status_code == 403
    assert (await client.get("/audit.csv")).status_code == 403
    assert 'href="/audit"' not in (await client.get("/")).text
    await switch_to(client, "tartu.admin")
    assert 'href="/audit"' in (await client.get("/")).text
    assert (await client.get("/audit")).status_code == 200
    viewed = await AuditEvent.select().where(AuditEvent.action == "audit.viewed")
    assert [(row["user_id"], row["organisation_id"]) for row in viewed] == [
        (people["tartu.admin"], people["tartu_office"])
    ]


async def test_the_audit_log_shows_50_rows_a_page_newest_first(client, people):
    start = datetime(2026, 3, 1, tzinfo=UTC)
    for minute in range(60):
        await add(people, f"n{minute}", at=start + timedelta(minutes=minute))
    await sign_in(client, "tartu.admin")
    first = await client.get("/audit", params={"action": "case.opened"})
    assert shown(first.text) == [f"n{minute}" for minute in range(59, 9, -1)]
    assert "Uuemad kirjed" not in first.text
    older = re.search(r'<a href="([^"]+)" rel="next">Varasemad kirjed</a>', first.text)
    second = await client.get(older.group(1).replace("&amp;", "&"))
    assert shown(second.text) == [f"n{minute}" for minute in range(9, -1, -1)]
    assert "Uuemad kirjed" in second.text
    assert "Varasemad kirjed" not in second.text


async def test_audited_views_succeed_alongside_each_other(live_server, people):
    """Each view reads and then writes its audit row: a write transaction from the start, so
    on SQLite concurrent views queue for the lock instead of failing."""
    for minute in range(5):
        await add(people, f"n{minute}")
    async with live_session(live_server, "tartu.admin") as (client, _token):
        responses = await asyncio.gather(
            *(client.get("/audit", params={"user": "tartu.cps"}) for _ in range(16))
        )
    assert [r.status_code for r in responses] == [200] * 16
    assert await AuditEvent.count().where(AuditEvent.action == "audit.viewed") == 16


async def test_actions_are_shown_and_filtered_by_their_label_in_the_users_language(client, people):
    await add(people, "listed", action="case.listed", purpose="core.cross_sector_case_work")
    await add(people, "unlabelled", action="case.opened")
    await sign_in(client, "sysadmin")
    page = (await client.get("/audit", params={"action": "case.listed"})).text
    assert shown(page) == ["listed"]
    assert '<td title="case.listed">Juhtumite loendit vaadati</td>' in page
    assert '<option value="case.listed" selected>Juhtumite loendit vaadati</option>' in page
    assert "<td>Valdkondadeülene juhtumitöö</td>" in page  # the consent purpose, by its label
    assert '<option value="case" >Juhtum</option>' in page  # kinds of object, by their labels
    english = (await client.get("/audit", params={"action": "case.opened", "lang": "en"})).text
    assert '<td title="case.opened">case.opened</td>' in english  # nobody labels it
    assert "<td>Case unlabelled</td>" in english
    assert '<option value="case.listed" >Cases listed</option>' in english
    export = await client.get("/audit.csv", params={"action": "case.listed"})
    table = list(csv.reader(io.StringIO(export.content.decode("utf-8")), delimiter=";"))
    assert table[0][table[0].index("Action") :][:2] == ["Action", "Action code"]
    assert table[1][table[0].index("Action")] == "Cases listed"
