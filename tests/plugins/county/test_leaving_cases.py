"""A participant leaves when the consent their joining rested on ends: Elva's case manager,
who joined Tartu's case under the mother's consent, no longer opens the case once she
withdraws it; the competence centre's specialist leaves when the consent runs out, found by
the daily check. Both are audited (`case.participant_removed`); an override on a legal basis
keeps the participant."""

from datetime import date, timedelta

import pytest

from core.api import remove_case_participant
from core.audit.tables import AuditEvent
from core.cases.tables import CaseEntry, CaseParticipant
from core.consent.demo import add_demo_consent
from core.consent.recipients import Recipient
from core.consent.tables import Consent, ShareOverride
from core.i18n import format_date
from plugins.county.competence.tables import HelpRequest
from plugins.county.leaving.joinings import check
from tests.helpers import post, sign_in
from tests.plugins.county.test_competence_requests import _ask, _consent, _setting
from tests.plugins.county.test_crossing_cases import name_elva, open_tartu_case
from tests.plugins.municipality.casework_fixtures import switch

pytestmark = pytest.mark.anyio


async def _removed() -> list[dict]:
    return await AuditEvent.select().where(AuditEvent.action == "case.participant_removed")


async def _takes_part(case_id: int, user_id: int) -> bool:
    return await CaseParticipant.exists().where(
        (CaseParticipant.case == case_id) & (CaseParticipant.user == user_id)
    )


async def test_elva_leaves_the_case_when_the_mother_withdraws_her_consent(county_client, county):
    case_id, child_id, guardian = await open_tartu_case(county_client, county)
    consent = await add_demo_consent(
        child_id=child_id,
        guardian_id=guardian,
        purpose="core.cross_sector_case_work",
        data_scope="social",
        recipient=Recipient(municipality_id=county["elva"]),
        recorded_by=county["tartu.casemanager"],
        valid_from=date.today() - timedelta(days=1),
    )
    await sign_in(county_client, "tartu.casemanager")
    assert (await name_elva(county_client, county, case_id)).status_code == 303
    assert await _takes_part(case_id, county["elva.casemanager"])
    await switch(county_client, "elva.casemanager")
    assert (await county_client.get(f"/cases/{case_id}")).status_code == 200

    await switch(county_client, "tartu.casemanager")
    withdrawn = await post(
        county_client,
        f"/consents/{consent}/withdraw",
        {"withdrawn_on": format_date(date.today())},
        token_page=f"/children/{child_id}",
    )
    assert withdrawn.status_code == 303
    assert not await _takes_part(case_id, county["elva.casemanager"])
    [removed] = await _removed()
    assert (removed["object_id"], removed["user_id"], removed["purpose"]) == (
        str(case_id),
        county["tartu.casemanager"],
        "core.cross_sector_case_work",
    )
    assert await CaseEntry.exists().where(
        (CaseEntry.case == case_id) & CaseEntry.body.like("%lahkus juhtumist%")
    )

    await switch(county_client, "elva.casemanager")
    assert (await county_client.get(f"/cases/{case_id}")).status_code == 404
    # The case still names Elva: its case manager sees that it exists, not its content.
    named = await county_client.get(f"/county/cases/{case_id}")
    assert named.status_code == 200 and "Juhtumikorraldaja kohtus" not in named.text


async def test_the_specialist_leaves_when_the_consent_runs_out_unless_an_override_allows(
    county_client, county
):
    centre, child, case = await _setting(county)
    await _consent(child, centre, county["tartu.casemanager"])
    await sign_in(county_client, "tartu.casemanager")
    assert (await _ask(county_client, case)).status_code == 303
    await sign_in(county_client, "county.specialist")
    [asked] = await HelpRequest.select(HelpRequest.id)
    await post(county_client, f"/county/competence/{asked['id']}/accept", {}, "/county/competence")
    specialist = (await HelpRequest.select(HelpRequest.specialist).first())["specialist"]
    assert await _takes_part(case, specialist)

    today = date.today()
    await check({"day": today.isoformat()})
    assert await _takes_part(case, specialist) and await _removed() == []

    await Consent.update({Consent.valid_until: today - timedelta(days=1)}, force=True)
    override = ShareOverride(
        child=child,
        from_organisation=county["tartu_office"],
        purpose="county.competence_help",
        data_scope="social",
        recipient_organisation=centre,
        legal_basis="child_protection_act_27",
        explanation="Abivajav laps.",
        decided_by=county["tartu.casemanager"],
    )
    await override.save()
    await check({"day": today.isoformat()})
    assert await _takes_part(case, specialist) and await _removed() == []

    await ShareOverride.delete(force=True)
    await check({"day": today.isoformat()})
    assert not await _takes_part(case, specialist)
    [removed] = await _removed()
    assert (removed["object_id"], removed["user_id"], removed["purpose"]) == (
        str(case),
        None,
        "county.competence_help",
    )
    assert (await county_client.get(f"/cases/{case}")).status_code == 404
    # Removing one who no longer takes part writes nothing.
    assert not await remove_case_participant(case, specialist, "again", None)
    assert len(await _removed()) == 1
