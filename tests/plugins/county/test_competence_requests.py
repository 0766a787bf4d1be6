"""Competence centre requests: Tartu's case manager asks the county's competence centre for
help on a case; without the guardians' consent for the centre's help the request is refused
with a message; with it, the centre's specialist (who sees no child before accepting) accepts,
joins the case as a participant and records the help; the county coordinator sees counts and
ages, no child; the county dashboard shows counts only."""

from datetime import UTC, date, datetime

import pytest

from core.cases.tables import Case, CaseParticipant
from core.consent.tables import Consent
from core.people.tables import Guardian, GuardianLink, Organisation
from plugins.county.competence.tables import HelpRequest
from tests.core.people.conftest import make_child
from tests.helpers import make_user, post, sign_in

pytestmark = pytest.mark.anyio


async def _setting(county):
    [centre] = await Organisation.insert(
        Organisation(
            name="Tartumaa kompetentsikeskus", kind="support_centre", sector="social", sample=True
        )
    ).returning(Organisation.id)
    await make_user(
        "county.specialist", centre["id"], "county_competence_specialist", full_name="Siiri S"
    )
    child = await make_child("Mari", "Mets", date(2016, 5, 5), county["tartu_school"])
    [case] = await Case.insert(
        Case(
            child=child,
            owner_organisation=county["tartu_office"],
            municipality=county["tartu"],
            workflow="municipality.case_management",
            stage="assessment",
            level="municipality",
            responsible=county["tartu.casemanager"],
            status="open",
            opened_at=datetime.now(tz=UTC),
        )
    ).returning(Case.id)
    return centre["id"], child, case["id"]


async def _consent(child, centre, by):
    [mother] = await Guardian.insert(Guardian(given_name="Ema", family_name="Näidis")).returning(
        Guardian.id
    )
    await GuardianLink(child=child, guardian=mother["id"], relation="mother").save()
    await Consent(
        child=child,
        guardian=mother["id"],
        purpose="county.competence_help",
        data_scope="all",
        recipient_organisation=centre,
        decision="given",
        valid_from=date.today(),
        evidence_kind="oral",
        recorded_by=by,
    ).save()


async def _ask(client, case):
    return await post(
        client,
        f"/county/competence?case={case}",
        {"need": "Logopeedi hindamine", "needed_by": "01.03.2027"},
        f"/county/competence/new?case={case}",
    )


async def test_without_consent_the_request_is_refused_with_a_message(county_client, county):
    _centre, _child, case = await _setting(county)
    await sign_in(county_client, "tartu.casemanager")
    refused = await _ask(county_client, case)
    assert refused.status_code == 400
    assert "Logopeedi hindamine" in refused.text
    assert "kompetentsikeskus" in refused.text.lower()
    assert not await HelpRequest.exists()


async def test_the_centre_accepts_joins_the_case_and_records_the_help(county_client, county):
    centre, child, case = await _setting(county)
    await _consent(child, centre, county["tartu.casemanager"])
    await sign_in(county_client, "tartu.casemanager")
    assert (await _ask(county_client, case)).status_code == 303
    assert "Logopeedi hindamine" in (await county_client.get(f"/cases/{case}")).text

    await sign_in(county_client, "county.specialist")
    listed = await county_client.get("/county/competence")
    assert "Logopeedi hindamine" in listed.text
    assert "Mets" not in listed.text
    assert (await county_client.get(f"/cases/{case}")).status_code == 404
    [asked] = await HelpRequest.select(HelpRequest.id)
    accepted = await post(
        county_client, f"/county/competence/{asked['id']}/accept", {}, "/county/competence"
    )
    assert accepted.status_code == 303
    assert await CaseParticipant.exists().where(CaseParticipant.case == case)
    assert (await county_client.get(f"/cases/{case}")).status_code == 200
    helped = await post(
        county_client,
        f"/county/competence/{asked['id']}/help",
        {"scheduled_on": "10.02.2027", "help_given": "Hindamine tehtud"},
        "/county/competence",
    )
    assert helped.status_code == 303
    assert (await HelpRequest.select(HelpRequest.status).first())["status"] == "done"

    await sign_in(county_client, "county.coordinator")
    counts = await county_client.get("/county/competence")
    assert counts.status_code == 200
    assert "Mets" not in counts.text
    assert "Logopeedi hindamine" not in counts.text
    dashboard = await county_client.get("/county")
    assert dashboard.status_code == 200
    assert "Mets" not in dashboard.text
    assert "alla 5" in dashboard.text
    assert (await county_client.get(f"/cases/{case}")).status_code == 404


async def test_only_the_coordinator_has_the_dashboard(county_client, county):
    await sign_in(county_client, "tartu.casemanager")
    assert (await county_client.get("/county/dashboard")).status_code in (403, 404)
    await sign_in(county_client, "county.coordinator")
    assert (await county_client.get("/county/dashboard")).status_code == 200
    assert "Maakond" in (await county_client.get("/")).text


async def test_the_childs_export_carries_the_requests_also_after_a_merge(county_client, county):
    centre, child, case = await _setting(county)
    await _consent(child, centre, county["tartu.casemanager"])
    await sign_in(county_client, "tartu.casemanager")
    assert (await _ask(county_client, case)).status_code == 303
    exported = (await county_client.get(f"/children/{child}/export.json")).text
    assert "county.competence" in exported and "Logopeedi hindamine" in exported

    # The request stays with its case, and the case with its record: the surviving record's
    # export (with the records merged into it) carries it.
    twin = await make_child("Mari", "Mets", date(2016, 5, 5), county["tartu_office"])
    merged = await post(county_client, f"/children/{child}/merge", {"into": str(twin)}, "/")
    assert merged.status_code == 303, merged.text
    survivor = await county_client.get(f"/children/{twin}/export.json")
    assert survivor.status_code == 200
    assert "Logopeedi hindamine" in survivor.text

    # Elva's case manager does not see Tartu's requests in the export.
    await sign_in(county_client, "elva.casemanager")
    other = await county_client.get(f"/children/{twin}/export.json")
    assert "Logopeedi hindamine" not in other.text
