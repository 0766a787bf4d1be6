"""A recorded Rajaleidja decision informs the child's municipality (its case managers and
education coordinators) as far as consent allows: with a guardian's consent it is listed at
/municipality/rajaleidja and they are notified; without it nothing reaches the municipality;
another municipality never sees it."""

from datetime import date, timedelta

import pytest

from core.audit.tables import AuditEvent
from core.consent.tables import Consent
from core.notifications.tables import Notification
from core.people.tables import Guardian, GuardianLink
from plugins.municipality.insight.tables import RajaleidjaDecision
from tests.helpers import make_user, post, sign_in
from tests.plugins.municipality.casework_fixtures import (
    mari_fixture,  # noqa: F401 (the fixture `mari`)
    switch,
)

pytestmark = pytest.mark.anyio
PAGE = "/municipality/rajaleidja"
DECISION = {
    "f.applied_on": "02.11.2026",
    "f.applicant": "parent",
    "f.question": "Kas Mari vajab õppimisel tuge?",
    "f.decided_on": "20.11.2026",
    "f.decision": "Individuaalne õppekava matemaatikas.",
    "f.support": ["individual_curriculum", "specialist"],
    "f.review_on": "20.11.2027",
}


@pytest.fixture
async def school(mari):
    """`mari` plus Tartu Kool's coordinator, Tartu's and Elva's education coordinators, and
    Mari's mother (with custody)."""
    ids = dict(mari)
    ids["coordinator"] = await make_user(
        "school.coordinator", mari["tartu_school"], "casework_coordinator"
    )
    ids["tartu.education"] = await make_user(
        "tartu.education", mari["tartu_office"], "municipality_education_coordinator"
    )
    ids["elva.education"] = await make_user(
        "elva.education", mari["elva_office"], "municipality_education_coordinator"
    )
    [mother] = await Guardian.insert(Guardian(given_name="Ema", family_name="Mets")).returning(
        Guardian.id
    )
    ids["mother"] = mother["id"]
    await GuardianLink.insert(
        GuardianLink(child=mari["child"], guardian=mother["id"], relation="mother", custody=True)
    )
    return ids


async def consent(school, **changes):
    await Consent.insert(
        Consent(
            **{
                "child": school["child"],
                "guardian": school["mother"],
                "purpose": "core.share_with_municipality",
                "data_scope": "education",
                "recipient_municipality": school["tartu"],
                "decision": "given",
                "valid_from": date.today() - timedelta(days=1),
                "evidence_kind": "paper",
                "recorded_by": school["coordinator"],
                **changes,
            }
        )
    )


async def record_decision(client, school, data=DECISION):
    """Tartu Kool's coordinator records the decision on Mari; returns the submission's id."""
    await sign_in(client, "school.coordinator")
    path = f"/forms/children/{school['child']}/new/core.rajaleidja"
    response = await post(client, path, data, path)
    assert response.status_code == 303, response.text
    return int(response.headers["location"].rsplit("/", 1)[1])


async def notified(user_id):
    return await Notification.select(Notification.message, Notification.url).where(
        Notification.user == user_id
    )


async def test_with_consent_the_municipality_is_informed(municipality_client, school):
    client = municipality_client
    await consent(school)
    await record_decision(client, school)
    for user in ("tartu.casemanager", "tartu.education"):
        [note] = await notified(school[user])
        assert note["url"] == PAGE and "Mari" not in note["message"]
    assert await notified(school["elva.casemanager"]) == []
    assert await notified(school["tartu.welfare"]) == []

    await switch(client, "tartu.education")
    page = await client.get(PAGE)
    assert page.status_code == 200
    assert "Mets, Mari" in page.text
    assert "20.11.2026" in page.text and "20.11.2027" in page.text
    assert "Individuaalne õppekava matemaatikas." in page.text
    assert "sotsiaalpedagoog); Individuaalne õppekava<" in page.text
    assert "Tartu Kool" in page.text
    assert f'href="{PAGE}"' in page.text
    listed = await AuditEvent.select().where(AuditEvent.action == "municipality.rajaleidja.listed")
    assert [(row["outcome"], row["object_id"]) for row in listed] == [
        ("allowed", str(school["child"]))
    ]
    # The education coordinator reads this list and nothing more of Mari.
    assert (await client.get(f"/children/{school['child']}")).status_code == 404

    await switch(client, "tartu.casemanager")
    assert "Mets, Mari" in (await client.get(PAGE)).text


async def test_a_correction_replaces_the_shared_decision(municipality_client, school):
    client = municipality_client
    await consent(school)
    submission = await record_decision(client, school)
    edit = f"/forms/submissions/{submission}/edit"
    changed = {**DECISION, "f.decision": "Õpe väikeklassis.", "version": "1"}
    assert (await post(client, edit, changed, edit)).status_code == 303
    [row] = await RajaleidjaDecision.select()
    assert (row["submission"], row["decision"]) == (submission, "Õpe väikeklassis.")


async def test_without_consent_nothing_reaches_the_municipality(municipality_client, school):
    client = municipality_client
    await record_decision(client, school)
    assert await RajaleidjaDecision.count() == 0
    assert await notified(school["tartu.casemanager"]) == []
    await switch(client, "tartu.casemanager")
    page = await client.get(PAGE)
    assert page.status_code == 200
    assert "Mari" not in page.text
    assert "Omavalitsusega ei ole ühtegi otsust jagatud." in page.text


async def test_a_refusal_or_a_referral_without_a_decision_shares_nothing(
    municipality_client, school
):
    client = municipality_client
    await consent(school)
    await consent(school, decision="refused", data_scope="all")
    await record_decision(client, school)
    assert await RajaleidjaDecision.count() == 0

    await Consent.delete().where(Consent.decision == "refused")
    referral = {key: value for key, value in DECISION.items() if key != "f.decided_on"}
    await record_decision(client, school, referral)
    assert await RajaleidjaDecision.count() == 0


async def test_another_municipality_never_sees_the_decision(municipality_client, school):
    client = municipality_client
    await consent(school)
    await consent(school, recipient_municipality=school["elva"])
    await record_decision(client, school)
    await switch(client, "elva.education")
    page = await client.get(PAGE)
    assert page.status_code == 200 and "Mari" not in page.text
    assert await notified(school["elva.education"]) == []


async def test_other_posts_get_404_and_a_denied_audit_row(municipality_client, school):
    client = municipality_client
    await consent(school)
    await record_decision(client, school)
    for username in ("tartu.welfare", "tartu.police", "tartu.admin", "school.coordinator"):
        await switch(client, username)
        assert (await client.get(PAGE)).status_code == 404, username
    denied = await AuditEvent.count().where(
        (AuditEvent.action == "municipality.rajaleidja.listed") & (AuditEvent.outcome == "denied")
    )
    assert denied == 4
