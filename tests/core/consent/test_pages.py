"""The consents panel, recording and withdrawing a consent, overrides and expiring consents."""

from datetime import timedelta

import pytest

from core.audit.tables import AuditEvent
from core.consent.recipients import Recipient
from core.consent.sharing import may_share
from core.consent.tables import Consent, ShareOverride
from core.i18n import format_date
from tests.core.consent.conftest import TODAY, add_consent
from tests.helpers import csrf_from, new_submission_key, sign_in
from tests.testplugins.casework import heard

pytestmark = pytest.mark.anyio


@pytest.fixture
async def coordinator(notes_client, family):
    await sign_in(notes_client, "coordinator")
    return notes_client


async def submit(client, path, data, files=None, token_page="/account"):
    token = csrf_from((await client.get(token_page)).text)
    fields = {"_submission_key": new_submission_key(), **data, "_csrf_token": token}
    return await client.post(path, data=fields, files=files)


def consent_form(family, **changes):
    return {
        "guardian": str(family["mother"]),
        "purpose": "core.cross_sector_case_work",
        "data_scope": "health",
        "recipient_kind": "organisation",
        "recipient_organisation": str(family["health"]),
        "recipient_sector": "",
        "recipient_municipality": "",
        "decision": "given",
        "valid_from": format_date(TODAY),
        "valid_until": "",
        "evidence_kind": "paper",
        **changes,
    }


async def actions():
    rows = await AuditEvent.select(AuditEvent.action, AuditEvent.outcome).order_by(AuditEvent.id)
    return [(row["action"], row["outcome"]) for row in rows]


async def test_a_recorded_consent_appears_on_the_childs_page(coordinator, family):
    form = await coordinator.get(f"/children/{family['mia']}/consents/new")
    assert form.status_code == 200
    assert 'enctype="multipart/form-data"' in form.text
    # Each purpose's text says what the guardian consents to (the notes plugin's is English).
    assert 'aria-describedby="purpose-texts"' in form.text
    assert "<dd>Lapse lasteaed või kool, omavalitsus ja teised" in form.text
    assert "<dd>The notes are read for research on notes.</dd>" in form.text
    response = await submit(
        coordinator, f"/children/{family['mia']}/consents", consent_form(family)
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/children/{family['mia']}#consents"
    [consent] = await Consent.select().where(Consent.child == family["mia"])
    assert (consent["guardian"], consent["data_scope"], consent["recorded_by"]) == (
        family["mother"],
        "health",
        family["coordinator"],
    )
    assert ("consent.recorded", "allowed") in await actions()
    page = (await coordinator.get(f"/children/{family['mia']}")).text
    assert 'id="consents"' in page
    assert "Tartu Tervisekeskus" in page
    assert "Valdkondadeülene juhtumitöö" in page
    assert "kehtiv" in page


async def test_withdrawing_keeps_the_consent_and_marks_it(coordinator, family):
    consent = await add_consent(family, "mother")
    response = await submit(
        coordinator,
        f"/consents/{consent}/withdraw",
        {"withdrawn_on": format_date(TODAY)},
        token_page=f"/children/{family['mia']}",
    )
    assert response.status_code == 303
    row = await Consent.select().where(Consent.id == consent).first()
    assert row["withdrawn_on"] == TODAY
    page = (await coordinator.get(f"/children/{family['mia']}")).text
    assert "tagasi võetud" in page
    assert ("consent.withdrawn", "allowed") in await actions()


async def test_heaolu_after_consent_withdrawn_is_told_of_the_withdrawal(coordinator, family):
    heard.clear()
    consent = await add_consent(family, "mother")
    response = await submit(
        coordinator,
        f"/consents/{consent}/withdraw",
        {"withdrawn_on": format_date(TODAY)},
        token_page=f"/children/{family['mia']}",
    )
    assert response.status_code == 303
    assert heard == [("consent_withdrawn", consent)]
    heard.clear()


async def test_a_bad_withdrawal_date_is_explained(coordinator, family):
    consent = await add_consent(family, "mother")
    tomorrow = format_date(TODAY + timedelta(days=1))
    response = await submit(
        coordinator, f"/consents/{consent}/withdraw", {"withdrawn_on": tomorrow}
    )
    assert response.status_code == 400
    assert "Tagasivõtmise kuupäev ei saa olla tulevikus." in response.text
    assert f'value="{tomorrow}"' in response.text
    assert (await Consent.select().where(Consent.id == consent).first())["withdrawn_on"] is None


async def test_the_guardians_disagreeing_is_shown(coordinator, family):
    await add_consent(family, "mother")
    await add_consent(family, "father", decision="refused")
    page = (await coordinator.get(f"/children/{family['mia']}")).text
    assert "Hooldusõigusega lapsevanemad on eri meelt" in page
    assert "keeldunud" in page


async def test_the_stepfather_without_custody_makes_no_conflict(coordinator, family):
    await add_consent(family, "mother")
    await add_consent(family, "stepfather", decision="refused")
    page = (await coordinator.get(f"/children/{family['mia']}")).text
    assert "Hooldusõigusega lapsevanemad on eri meelt" not in page
    assert "hooldusõiguseta, ei loe" in page


async def test_bad_input_is_explained_in_estonian_and_nothing_is_written(coordinator, family):
    response = await submit(
        coordinator,
        f"/children/{family['mia']}/consents",
        consent_form(
            family,
            guardian="",
            recipient_kind="",
            valid_from="2026-01-01",
            evidence_kind="digital",
        ),
    )
    assert response.status_code == 400
    for message in (
        "Vali lapsevanem või eestkostja.",
        "Vali, kellele andmed antakse: asutus, valdkond või omavalitsus.",
        "Sisesta kuupäev kujul pp.kk.aaaa",
        "Lisa digitaalselt allkirjastatud dokument.",
    ):
        assert message in response.text
    assert 'value="2026-01-01"' in response.text
    assert not await Consent.exists().where(Consent.child == family["mia"])


async def test_an_end_before_the_start_is_refused(coordinator, family):
    response = await submit(
        coordinator,
        f"/children/{family['mia']}/consents",
        consent_form(family, valid_until=format_date(TODAY - timedelta(days=1))),
    )
    assert response.status_code == 400
    assert "Nõusolek ei saa lõppeda enne, kui see algab." in response.text


async def test_a_child_outside_the_scope_is_404_everywhere(notes_client, family):
    await sign_in(notes_client, "elva.coordinator")
    consent = await add_consent(family, "mother")
    mia = family["mia"]
    assert (await notes_client.get(f"/children/{mia}/consents/new")).status_code == 404
    assert (await notes_client.get(f"/children/{mia}/overrides/new")).status_code == 404
    posted = await submit(notes_client, f"/children/{mia}/consents", consent_form(family))
    assert posted.status_code == 404
    withdrawn = await submit(
        notes_client, f"/consents/{consent}/withdraw", {"withdrawn_on": format_date(TODAY)}
    )
    assert withdrawn.status_code == 404
    assert (await Consent.select().where(Consent.id == consent).first())["withdrawn_on"] is None
    assert await Consent.count() == 1
    assert ("consent.withdrawn", "denied") in await actions()


async def test_without_the_permission_the_panel_shows_no_forms(notes_client, family):
    await add_consent(family, "mother")
    await sign_in(notes_client, "teacher")
    page = (await notes_client.get(f"/children/{family['mia']}")).text
    assert "Tartu Tervisekeskus" in page
    assert "/withdraw" not in page
    assert "/consents/new" not in page
    assert (await notes_client.get(f"/children/{family['mia']}/consents/new")).status_code == 403


def override_form(family, **changes):
    return {
        "purpose": "core.cross_sector_case_work",
        "data_scope": "all",
        "recipient_kind": "sector",
        "recipient_organisation": "",
        "recipient_sector": "health",
        "recipient_municipality": "",
        "legal_basis": "child_protection_act_31",
        "explanation": "Lapse elu on ohus; tervisekeskus peab teadma.",
        **changes,
    }


async def test_an_override_needs_a_legal_basis_and_an_explanation(coordinator, family):
    path = f"/children/{family['mia']}/overrides"
    assert (await coordinator.get(f"{path}/new")).status_code == 200
    refused = await submit(coordinator, path, override_form(family, legal_basis="", explanation=""))
    assert refused.status_code == 400
    assert "Vali seadusesäte, mis lubab andmeid nõusolekuta jagada." in refused.text
    assert "Selgita, miks tuleb andmeid nõusolekuta jagada." in refused.text
    assert not await ShareOverride.exists()
    assert (await submit(coordinator, path, override_form(family))).status_code == 303
    [row] = await ShareOverride.select()
    assert (row["from_organisation"], row["decided_by"]) == (
        family["tartu_school"],
        family["coordinator"],
    )
    assert ("share_override.recorded", "allowed") in await actions()
    decision = await may_share(
        family["mia"],
        "health",
        family["tartu_school"],
        Recipient(organisation_id=family["health"]),
        "core.cross_sector_case_work",
    )
    assert decision.allowed
    page = (await coordinator.get(f"/children/{family['mia']}")).text
    assert "Lastekaitseseadus § 31" in page


async def test_expiring_consents_lists_those_ending_within_30_days_in_scope(coordinator, family):
    await add_consent(family, "mother", valid_until=TODAY + timedelta(days=10))
    await add_consent(family, "father", valid_until=TODAY + timedelta(days=40))
    await add_consent(family, "father", valid_until=TODAY + timedelta(days=5), withdrawn_on=TODAY)
    await add_consent(
        family, "father", child=family["elva_child"], valid_until=TODAY + timedelta(days=3)
    )
    page = await coordinator.get("/consents/expiring")
    assert page.status_code == 200
    assert page.text.count('href="/children/') == 1
    assert format_date(TODAY + timedelta(days=10)) in page.text
    assert "Mari Mets" in page.text
    [listed] = await AuditEvent.select().where(AuditEvent.action == "child.listed")
    assert listed["object_id"] == str(family["mia"])
