"""'Has this child been noticed with you?': Tartu's case manager asks Elva about a child they
work with, on a guardian's consent (a summary may be shared) or on a legal basis (known / not
known only); without either the question is refused with a message naming the missing consent.
Elva's case managers are notified without the child's name, search their own children and answer;
Tartu reads only what was shared; both sides are audited; unanswered questions are reminded."""

from datetime import date, timedelta

import pytest

from core.api import Recipient, add_demo_consent
from core.audit.tables import AuditEvent
from core.notifications.tables import Notification
from core.people.tables import Guardian, GuardianLink
from core.working_days import add_working_days
from plugins.county.requests.pages import PURPOSE
from plugins.county.requests.reminders import REMINDER_WORKING_DAYS, remind
from plugins.county.requests.tables import NoticedRequest
from tests.core.people.conftest import make_child
from tests.helpers import post, sign_in

pytestmark = pytest.mark.anyio

SUMMARY = "Family counselling in 2025, goals met."


async def _child(county, consent: bool) -> int:
    child = await make_child("Mari", "Mets", date(2016, 5, 5), county["tartu_office"])
    [guardian] = await Guardian.insert(Guardian(given_name="Anu", family_name="Mets")).returning(
        Guardian.id
    )
    await GuardianLink.insert(GuardianLink(child=child, guardian=guardian["id"], relation="mother"))
    if consent:
        await add_demo_consent(
            child_id=child,
            guardian_id=guardian["id"],
            purpose=PURPOSE,
            data_scope="all",
            recipient=Recipient(municipality_id=county["elva"]),
            recorded_by=county["tartu.casemanager"],
            valid_from=date.today() - timedelta(days=1),
        )
    return child


async def _ask(client, child, to, basis, explanation="", about="child"):
    return await post(
        client,
        "/county/requests",
        {
            "child": str(child),
            "to": str(to),
            "about": about,
            "purpose": "The family moved to Tartu.",
            "basis": basis,
            "explanation": explanation,
        },
        token_page="/county/requests/new",
    )


async def _actions() -> list[str]:
    return [row["action"] for row in await AuditEvent.select(AuditEvent.action)]


async def test_elva_answers_with_a_summary_and_tartu_reads_only_what_was_shared(
    county_client, county
):
    child = await _child(county, consent=True)
    await sign_in(county_client, "tartu.casemanager")
    asked = await _ask(county_client, child, county["elva"], "consent")
    assert asked.status_code == 303, asked.text
    question = await NoticedRequest.select().first()
    assert question["to_municipality"] == county["elva"]
    [notice] = await Notification.select().where(Notification.user == county["elva.casemanager"])
    assert "Mari" not in notice["message"] and "Mets" not in notice["message"]
    assert notice["url"] == f"/county/requests/{question['id']}"

    await sign_in(county_client, "elva.casemanager")
    listed = await county_client.get("/county/requests")
    assert f"/county/requests/{question['id']}" in listed.text
    page = await county_client.get(f"/county/requests/{question['id']}?q=Mets")
    assert "Mari Mets" in page.text and "answer-summary" in page.text
    missing = await post(
        county_client,
        f"/county/requests/{question['id']}/answer",
        {"known": "yes", "summary": SUMMARY},
        token_page=f"/county/requests/{question['id']}",
    )
    assert missing.status_code == 400 and SUMMARY in missing.text
    answered = await post(
        county_client,
        f"/county/requests/{question['id']}/answer",
        {"known": "yes", "summary": SUMMARY, "contact": "Ene Elva, 700 0000"},
        token_page=f"/county/requests/{question['id']}",
    )
    assert answered.status_code == 303

    await sign_in(county_client, "tartu.casemanager")
    read = await county_client.get(f"/county/requests/{question['id']}")
    assert SUMMARY in read.text and "Ene Elva" in read.text
    assert "Otsi meie lapsi" not in read.text
    actions = await _actions()
    for action in (
        "county.request_asked",
        "county.request_viewed",
        "county.request_searched",
        "county.request_answered",
        "county.request_answer_read",
    ):
        assert action in actions
    assert await Notification.exists().where(
        (Notification.user == county["tartu.casemanager"])
        & (Notification.url == f"/county/requests/{question['id']}")
    )
    exported = await county_client.get(f"/children/{child}/export.json")
    assert exported.status_code == 200
    assert SUMMARY in exported.text and "county.requests" in exported.text


async def test_a_family_question_shows_the_guardians_and_is_answered_for_the_family(
    county_client, county
):
    """The question names the child and asks about the family: Elva sees the child and the
    guardian (names Tartu knows), never the guardian's other child, and answers for the
    family; on a legal basis a family question too is answered known / not known only."""
    child = await _child(county, consent=True)
    [link] = await GuardianLink.select(GuardianLink.guardian).where(GuardianLink.child == child)
    sibling = await make_child("Jaan", "Kask", date(2012, 2, 2), county["tartu_office"])
    await GuardianLink.insert(
        GuardianLink(child=sibling, guardian=link["guardian"], relation="mother")
    )
    await sign_in(county_client, "tartu.casemanager")
    form = await county_client.get("/county/requests/new")
    assert 'name="about" value="family"' in form.text
    wrong = await _ask(county_client, child, county["elva"], "consent", about="neighbours")
    assert wrong.status_code == 400 and await NoticedRequest.count() == 0
    asked = await _ask(county_client, child, county["elva"], "consent", about="family")
    assert asked.status_code == 303, asked.text
    question = await NoticedRequest.select().first()
    assert question["family"] is True
    listed = await county_client.get("/county/requests")
    assert "lapse pere" in listed.text

    await sign_in(county_client, "elva.casemanager")
    page = await county_client.get(f"/county/requests/{question['id']}")
    assert "Kas pere on sinu omavalitsuses teada?" in page.text
    assert "Mari Mets" in page.text and "Anu Mets" in page.text
    assert "Jaan" not in page.text and "Kask" not in page.text
    url = f"/county/requests/{question['id']}/answer"
    unchosen = await post(county_client, url, {"contact": "Ene"}, token_page=url[:-7])
    assert (
        unchosen.status_code == 400
        and "Vali, kas pere on sinu omavalitsuses teada." in unchosen.text
    )
    answered = await post(
        county_client,
        url,
        {"known": "yes", "summary": SUMMARY, "contact": "Ene Elva"},
        token_page=url[:-7],
    )
    assert answered.status_code == 303
    await sign_in(county_client, "tartu.casemanager")
    read = await county_client.get(f"/county/requests/{question['id']}")
    assert SUMMARY in read.text and "Pere on meil teada" in read.text
    assert "county.request_answer_read" in await _actions()

    legal = await _ask(
        county_client, child, county["elva"], "child_protection_act_27", "A notice.", "family"
    )
    assert legal.status_code == 303
    on_law = await NoticedRequest.select().where(NoticedRequest.basis != "consent").first()
    await sign_in(county_client, "elva.casemanager")
    url = f"/county/requests/{on_law['id']}/answer"
    refused = await post(
        county_client,
        url,
        {"known": "yes", "summary": SUMMARY, "contact": "Ene"},
        token_page=url[:-7],
    )
    assert refused.status_code == 400
    assert (await NoticedRequest.select().where(NoticedRequest.id == on_law["id"]).first())[
        "answered_at"
    ] is None


async def test_without_consent_the_question_is_refused_naming_the_missing_consent(
    county_client, county
):
    child = await _child(county, consent=False)
    await sign_in(county_client, "tartu.casemanager")
    refused = await _ask(county_client, child, "all", "consent")
    assert refused.status_code == 400
    assert "puudub lapsevanema või eestkostja kehtiv nõusolek" in refused.text
    assert "Elva vald" in refused.text
    assert await NoticedRequest.count() == 0
    assert "county.request_refused" in await _actions()


async def test_on_a_legal_basis_only_known_or_not_known_is_answered(county_client, county):
    child = await _child(county, consent=False)
    await sign_in(county_client, "tartu.casemanager")
    unexplained = await _ask(county_client, child, county["elva"], "child_protection_act_27")
    assert unexplained.status_code == 400 and await NoticedRequest.count() == 0
    asked = await _ask(
        county_client, child, county["elva"], "child_protection_act_27", "A school's notice."
    )
    assert asked.status_code == 303
    question = await NoticedRequest.select().first()
    await sign_in(county_client, "elva.casemanager")
    page = await county_client.get(f"/county/requests/{question['id']}")
    assert "answer-summary" not in page.text
    url = f"/county/requests/{question['id']}/answer"
    with_summary = await post(
        county_client,
        url,
        {"known": "yes", "summary": SUMMARY, "contact": "Ene"},
        token_page=url[:-7],
    )
    assert with_summary.status_code == 400
    assert (await NoticedRequest.select().first())["answered_at"] is None
    answered = await post(
        county_client, url, {"known": "no", "contact": "Ene"}, token_page=url[:-7]
    )
    assert answered.status_code == 303
    row = await NoticedRequest.select().first()
    assert row["known"] is False and row["summary"] == ""


async def test_a_child_out_of_reach_and_the_coordinator_get_nothing(county_client, county):
    elva_child = await make_child("Eero", "Elvast", date(2016, 1, 1), county["elva_office"])
    await sign_in(county_client, "tartu.casemanager")
    refused = await _ask(
        county_client, elva_child, county["elva"], "child_protection_act_27", "A notice."
    )
    assert refused.status_code == 400 and "Eero" not in refused.text
    assert await NoticedRequest.count() == 0
    child = await _child(county, consent=True)
    await _ask(county_client, child, county["elva"], "consent")
    question = await NoticedRequest.select().first()
    await sign_in(county_client, "county.coordinator")
    for path in ("/county/requests", f"/county/requests/{question['id']}"):
        response = await county_client.get(path)
        assert response.status_code in (403, 404) and "Mari" not in response.text


async def test_an_unanswered_question_is_reminded_once_after_working_days(county_client, county):
    child = await _child(county, consent=True)
    await sign_in(county_client, "tartu.casemanager")
    await _ask(county_client, child, county["elva"], "consent")
    question = await NoticedRequest.select().first()
    asked_on = question["asked_at"].date()
    due = add_working_days(asked_on, REMINDER_WORKING_DAYS)
    reminders = Notification.count().where(Notification.user == county["elva.casemanager"])
    await remind({"day": (due - timedelta(days=1)).isoformat()})
    assert await reminders == 1
    await remind({"day": due.isoformat()})
    await remind({"day": (due + timedelta(days=1)).isoformat()})
    assert await Notification.count().where(Notification.user == county["elva.casemanager"]) == 2
