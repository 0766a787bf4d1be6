"""The county's contact-person database: every logged-in user searches core's directory across
the county by municipality, age level and topic; a municipality's administrators confirm their
entries; twice a year they are reminded to."""

from datetime import UTC, date, datetime

import pytest

from core.audit.tables import AuditEvent
from core.jobs.tables import Job
from core.notifications.tables import Notification
from core.people.folding import fold
from core.people.tables import ContactPerson
from plugins.county.contacts.reminders import enqueue_reminders, half_year_start, remind
from plugins.county.contacts.tables import Confirmation
from tests.helpers import post, sign_in

pytestmark = pytest.mark.anyio


async def contact(organisation, name, post_, topics, age_level):
    [row] = await ContactPerson.insert(
        ContactPerson(
            organisation=organisation,
            name=name,
            post=post_,
            topics=topics,
            age_level=age_level,
            search_text=fold(f"{name} {post_} {topics}"),
        )
    ).returning(ContactPerson.id)
    return row["id"]


@pytest.fixture
async def contacts(county):
    return {
        "tiina": await contact(
            county["tartu_office"], "Tiina Tamm", "Lastekaitse", "Abivajav laps", "all"
        ),
        "kalle": await contact(
            county["tartu_school"], "Kalle Kask", "HEVKO", "Tugiõpe, õpiraskused", "basic_school"
        ),
        "eve": await contact(
            county["elva_office"], "Eve Elvast", "Haridusnõunik", "Lasteaiakohad", "preschool"
        ),
    }


async def test_every_user_searches_the_county_by_municipality_age_and_topic(
    county_client, county, contacts
):
    await sign_in(county_client, "elva.cps")
    assert 'href="/county/contacts"' in (await county_client.get("/")).text
    everyone = await county_client.get("/county/contacts")
    assert everyone.status_code == 200
    assert all(name in everyone.text for name in ("Tiina Tamm", "Kalle Kask", "Eve Elvast"))
    elva = await county_client.get(f"/county/contacts?municipality={county['elva']}")
    assert "Eve Elvast" in elva.text and "Kalle Kask" not in elva.text
    school = await county_client.get("/county/contacts?age=basic_school")
    assert "Kalle Kask" in school.text and "Tiina Tamm" in school.text
    assert "Eve Elvast" not in school.text
    topic = await county_client.get("/county/contacts?topic=õpiraskus")
    assert "Kalle Kask" in topic.text and "Tiina Tamm" not in topic.text
    odd = await county_client.get("/county/contacts?municipality=x&age=%00&topic=%25&q=_")
    assert odd.status_code in (200, 400)
    assert "Confirm that every entry" not in everyone.text
    refused = await post(county_client, "/county/contacts/confirm", {}, "/county/contacts")
    assert refused.status_code == 403
    assert await Confirmation.count() == 0


async def test_the_contacts_come_a_page_at_a_time_grouped_by_municipality(
    county_client, county, contacts
):
    from plugins.county.contacts.pages import PAGE_SIZE

    for number in range(PAGE_SIZE):
        await contact(county["elva_office"], f"Elva Abi {number:02}", "Nõustaja", "Pere", "all")
    await sign_in(county_client, "elva.cps")
    first = await county_client.get("/county/contacts")
    assert first.text.count("<tr><td>") == PAGE_SIZE
    assert "page=2" in first.text
    assert '<th scope="rowgroup" colspan="7">Elva vald</th>' in first.text
    second = await county_client.get("/county/contacts?page=2")
    assert "page=1" in second.text
    shown = first.text + second.text
    assert all(f"Elva Abi {number:02}" in shown for number in range(PAGE_SIZE))
    assert all(name in shown for name in ("Tiina Tamm", "Kalle Kask", "Eve Elvast"))
    # A search from the page itself gets the results alone, for htmx to swap in.
    found = await county_client.get("/county/contacts?q=kask", headers={"HX-Request": "true"})
    assert found.status_code == 200
    assert found.text.startswith('<section id="contact-results">')
    assert "Kalle Kask" in found.text and "<html" not in found.text
    assert "HX-Request" in found.headers["vary"]
    assert (await county_client.get("/county/contacts?page=x")).status_code in (200, 400)


async def test_an_administrator_confirms_the_municipalitys_entries(county_client, county, contacts):
    await sign_in(county_client, "tartu.admin")
    before = await county_client.get("/county/contacts")
    assert "some never confirmed" in before.text or "mõni pole kunagi kinnitatud" in before.text
    confirmed = await post(county_client, "/county/contacts/confirm", {}, "/county/contacts")
    assert confirmed.status_code == 303
    rows = await Confirmation.select(Confirmation.contact, Confirmation.confirmed_on)
    assert {row["contact"] for row in rows} == {contacts["tiina"], contacts["kalle"]}
    assert {row["confirmed_on"] for row in rows} == {date.today()}
    assert await AuditEvent.exists().where(
        (AuditEvent.action == "county.contacts.confirmed")
        & (AuditEvent.object_id == str(county["tartu"]))
    )
    again = await post(county_client, "/county/contacts/confirm", {}, "/county/contacts")
    assert again.status_code == 303
    assert await Confirmation.count() == 2


async def test_administrators_are_reminded_twice_a_year_once(county_client, county, contacts):
    await sign_in(county_client, "tartu.admin")
    await post(county_client, "/county/contacts/confirm", {}, "/county/contacts")
    now = datetime.now(UTC)
    await enqueue_reminders(now)
    await enqueue_reminders(now)
    assert await Job.count().where(Job.kind == "county.contacts_reminder") == 1
    since = half_year_start(date.today())
    await remind({"since": since.isoformat()})
    await remind({"since": since.isoformat()})
    reminded = await Notification.select(Notification.user, Notification.url)
    assert reminded == [
        {"user": county["elva.admin"], "url": f"/county/contacts?municipality={county['elva']}"}
    ]
    assert half_year_start(date(2026, 6, 30)) == date(2026, 1, 1)
    assert half_year_start(date(2026, 7, 1)) == date(2026, 7, 1)
