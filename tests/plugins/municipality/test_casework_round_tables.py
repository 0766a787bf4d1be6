"""Round tables of a case: convening, inviting across sectors (invitees then see the case),
minutes with optimistic locking, agreements followed up in "my work", cooperation problems."""

from datetime import date, timedelta

import pytest

from core.cases.tables import CaseParticipant
from core.i18n import format_date
from core.notifications.tables import Notification
from plugins.municipality.casework.tables import (
    Agreement,
    CooperationProblem,
    RoundTable,
    RoundTableInvitee,
)
from tests.helpers import post
from tests.plugins.municipality.casework_fixtures import (
    case_from_police_report,
    mari_fixture,  # noqa: F401 (the fixture `mari`)
    switch,
)

pytestmark = pytest.mark.anyio
YESTERDAY = format_date(date.today() - timedelta(days=1))
NEXT_WEEK = format_date(date.today() + timedelta(days=7))


async def convened(client, mari):
    """A case on which the police member is not (yet) a participant, and a round table on it;
    the client is the case manager."""
    case_id = await case_from_police_report(client, mari)
    response = await post(
        client,
        f"/municipality/cases/{case_id}/round-tables",
        {
            "held_on": NEXT_WEEK,
            "starts_at": "14:00",
            "place": "Tartu Linnavalitsus, ruum 201",
            "convener": str(mari["tartu.casemanager"]),
            "minutes_taker": str(mari["tartu.casemanager"]),
        },
    )
    assert response.status_code == 303, response.text
    return case_id, int(response.headers["location"].rsplit("/", 1)[1])


async def test_bad_input_is_shown_in_place_and_nothing_is_written(municipality_client, mari):
    client = municipality_client
    case_id = await case_from_police_report(client, mari)
    response = await post(
        client,
        f"/municipality/cases/{case_id}/round-tables",
        {"held_on": "31.02.2026", "starts_at": "25:00", "place": "", "convener": "999"},
    )
    assert response.status_code == 400
    for message in (
        "Kirjuta kuupäev kujul pp.kk.aaaa.",
        "Kirjuta kellaaeg kujul tt:mm.",
        "Kirjuta, kus ümarlaud kokku tuleb.",
        "Vali kokkukutsuja juhtumiga töötavate inimeste seast.",
    ):
        assert message in response.text
    assert await RoundTable.count() == 0


async def test_the_police_member_sees_the_case_only_once_invited(municipality_client, mari):
    client = municipality_client
    case_id, table_id = await convened(client, mari)
    page = f"/municipality/cases/{case_id}/round-tables/{table_id}"
    found = await client.get(page, params={"q": "Politsei"})
    assert "Peeter Politsei" in found.text
    partial = await client.get(page, params={"q": "Politsei"}, headers={"hx-request": "true"})
    assert partial.text.lstrip().startswith('<div id="invite-results">')
    assert 'name="_csrf_token" value=""' not in partial.text
    await switch(client, "tartu.police")
    assert (await client.get(page)).status_code == 404
    assert (await client.get(f"/municipality/cases/{case_id}/round-tables")).status_code == 404

    await switch(client, "tartu.casemanager")
    invited = await post(client, f"{page}/invitees", {"user": str(mari["tartu.police"])})
    assert invited.status_code == 303
    assert await post(client, f"{page}/invitees", {"user": str(mari["tartu.police"])})
    assert await RoundTableInvitee.count() == 1
    assert await CaseParticipant.exists().where(
        (CaseParticipant.case == case_id) & (CaseParticipant.user == mari["tartu.police"])
    )
    notes = await Notification.select().where(Notification.user == mari["tartu.police"])
    # The first tells the police member that their report was accepted.
    assert [(note["message"], note["url"]) for note in notes][1:] == [
        ("You were invited to a round table", page)
    ]
    await switch(client, "tartu.police")
    shown = await client.get(page)
    assert shown.status_code == 200
    assert "Tartu Linnavalitsus, ruum 201" in shown.text

    await switch(client, "elva.casemanager")
    assert (await client.get(page)).status_code == 404


async def test_an_agreement_is_followed_up_in_the_responsible_persons_work(
    municipality_client, mari
):
    client = municipality_client
    case_id, table_id = await convened(client, mari)
    page = f"/municipality/cases/{case_id}/round-tables/{table_id}"
    await post(client, f"{page}/invitees", {"user": str(mari["tartu.police"])})
    refused = await post(
        client, f"{page}/agreements", {"text": "", "responsible": "", "due_on": "homme"}
    )
    assert refused.status_code == 400
    assert "Kirjuta, mida kokku lepiti." in refused.text
    assert await Agreement.count() == 0
    added = await post(
        client,
        f"{page}/agreements",
        {
            "text": "Noorsoopolitseinik vestleb perega.",
            "responsible": str(mari["tartu.police"]),
            "due_on": YESTERDAY,
        },
    )
    assert added.status_code == 303, added.text
    panel = await client.get(f"/municipality/cases/{case_id}/round-tables")
    assert f'href="{page}#agreement-' in panel.text
    assert "Noorsoopolitseinik vestleb perega." in panel.text
    assert "tähtaeg ületatud" in panel.text

    await switch(client, "tartu.police")
    home = await client.get("/")
    assert "Täidetavad kokkulepped" in home.text
    assert "Noorsoopolitseinik vestleb perega." in home.text
    assert "tähtaeg ületatud" in home.text
    agreement = await Agreement.select().first()
    done = await client.post(
        f"/municipality/cases/{case_id}/agreements/{agreement['id']}/done",
        data={
            "note": "Vestlus toimus.",
            "version": str(agreement["version"]),
            "_csrf_token": _token(home.text),
        },
        headers={"hx-request": "true"},
    )
    assert done.status_code == 200
    assert done.text.lstrip().startswith(f'<li id="agreement-{agreement["id"]}"')
    assert "Vestlus toimus." in done.text
    saved = await Agreement.select().first()
    assert saved["done_by"] == mari["tartu.police"]
    assert saved["done_at"] is not None
    assert "Noorsoopolitseinik" not in (await client.get("/")).text


async def test_only_the_responsible_person_records_an_agreements_fulfilment(
    municipality_client, mari
):
    client = municipality_client
    case_id, table_id = await convened(client, mari)
    page = f"/municipality/cases/{case_id}/round-tables/{table_id}"
    await post(client, f"{page}/invitees", {"user": str(mari["tartu.police"])})
    await post(
        client,
        f"{page}/agreements",
        {
            "text": "Kool teatab puudumistest.",
            "responsible": str(mari["tartu.casemanager"]),
            "due_on": NEXT_WEEK,
        },
    )
    agreement = await Agreement.select().first()
    await switch(client, "tartu.police")
    path = f"/municipality/cases/{case_id}/agreements/{agreement['id']}/done"
    response = await post(client, path, {"version": str(agreement["version"])})
    assert response.status_code == 403
    assert (await Agreement.select().first())["done_at"] is None


async def test_two_saves_of_the_same_minutes_meet_the_conflict_page(municipality_client, mari):
    client = municipality_client
    case_id, table_id = await convened(client, mari)
    path = f"/municipality/cases/{case_id}/round-tables/{table_id}/minutes"
    first = {
        "minutes": "Arutati Mari õhtuid.",
        "child_feedback": "",
        "parents_feedback": "",
        "version": "1",
    }
    assert (await post(client, path, first)).status_code == 303
    second = {**first, "minutes": "Ema rääkis huviringist.", "parents_feedback": "Rahul."}
    conflict = await post(client, path, second)
    assert conflict.status_code == 409
    assert "Arutati Mari õhtuid." in conflict.text
    assert "Ema rääkis huviringist." in conflict.text
    assert 'name="version" value="2"' in conflict.text
    assert (await RoundTable.select().first())["minutes"] == "Arutati Mari õhtuid."
    assert (await post(client, path, {**second, "version": "2"})).status_code == 303
    saved = await RoundTable.select().first()
    assert (saved["minutes"], saved["parents_feedback"]) == ("Ema rääkis huviringist.", "Rahul.")


async def test_an_invitee_reads_the_minutes_but_does_not_write_them(municipality_client, mari):
    client = municipality_client
    case_id, table_id = await convened(client, mari)
    page = f"/municipality/cases/{case_id}/round-tables/{table_id}"
    await post(client, f"{page}/invitees", {"user": str(mari["tartu.police"])})
    await switch(client, "tartu.police")
    data = {"minutes": "Muudetud.", "version": "1"}
    assert (await post(client, f"{page}/minutes", data)).status_code == 403
    assert (await RoundTable.select().first())["minutes"] == ""


async def test_a_cooperation_problem_goes_to_the_network_leader(municipality_client, mari):
    client = municipality_client
    case_id, table_id = await convened(client, mari)
    page = f"/municipality/cases/{case_id}/round-tables/{table_id}"
    await post(client, f"{page}/invitees", {"user": str(mari["tartu.police"])})
    await switch(client, "tartu.police")
    new = f"/municipality/cases/{case_id}/cooperation-problems"
    assert (await client.get(f"{new}/new")).status_code == 200
    refused = await post(client, new, {"party": "", "description": ""})
    assert refused.status_code == 400
    assert "Kirjuta, mis juhtus." in refused.text
    assert await CooperationProblem.count() == 0
    raised = await post(
        client, new, {"party": "Tartu Kool", "description": "Kool ei vasta kirjadele."}
    )
    assert raised.status_code == 303
    assert (await client.get("/municipality/cooperation-problems")).status_code == 403
    raised_for = Notification.message == "A cooperation problem was raised and awaits you"
    leaders = {row["user"] for row in await Notification.select().where(raised_for)}
    assert leaders == {mari["tartu.networklead"], mari["tartu.welfare"]}

    await switch(client, "tartu.networklead")
    listing = await client.get("/municipality/cooperation-problems")
    assert listing.status_code == 200
    assert "Kool ei vasta kirjadele." in listing.text
    assert f"Juhtum {case_id}" in listing.text
    assert f'href="/cases/{case_id}"' not in listing.text
    assert "Mets" not in listing.text
    assert (await client.get(page)).status_code == 404
    problem = await CooperationProblem.select().first()
    resolve = f"/municipality/cooperation-problems/{problem['id']}/resolve"
    empty = await post(client, resolve, {"resolution": ""})
    assert empty.status_code == 400
    assert "Kirjuta, kuidas probleem lahendati." in empty.text
    done = await post(client, resolve, {"resolution": "Kooli direktor määras kontaktisiku."})
    assert done.status_code == 303
    assert (await CooperationProblem.select().first())["resolved_by"] == mari["tartu.networklead"]

    await switch(client, "elva.casemanager")
    assert (await client.get("/municipality/cooperation-problems")).status_code == 403


def _token(html):
    from tests.helpers import csrf_from

    return csrf_from(html)
