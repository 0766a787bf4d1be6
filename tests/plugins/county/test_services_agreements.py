"""Service agreements between municipalities: a case manager records one about a child they may
see; each municipality party to it lists it, the other party seeing the child's name only under
consent; the county coordinator sees counts only; the child's export and merge carry them."""

from datetime import date

import pytest

from core.audit.tables import AuditEvent
from core.consent.tables import Consent
from core.people.tables import Child, Guardian, GuardianLink
from plugins.county.services.records import child_export, merge_children
from plugins.county.services.tables import ServiceAgreement
from tests.core.people.conftest import make_child
from tests.helpers import make_user, post, sign_in
from tests.plugins.municipality.casework_fixtures import (
    case_from_police_report,
    mari_fixture,  # noqa: F401 (the fixture `mari`)
    switch,
)

pytestmark = pytest.mark.anyio


def agreement(mari, **changes):
    return {
        "child": str(mari["child"]),
        "service": "Loovteraapia",
        "providing_municipality": str(mari["elva"]),
        "provider": "Elva Tugikeskus",
        "paying_municipality": str(mari["tartu"]),
        "transport": "Takso kaks korda nädalas",
        "transport_paid_by": str(mari["tartu"]),
        "valid_from": "01.09.2026",
        "valid_until": "31.05.2027",
        **changes,
    }


async def recorded(client, mari):
    """Tartu's case manager opens Mari's case and records an agreement with Elva."""
    case_id = await case_from_police_report(client, mari)
    case_page = await client.get(f"/cases/{case_id}")
    assert f"/county/services/new?child={mari['child']}" in case_page.text
    form = await client.get(f"/county/services/new?child={mari['child']}")
    assert form.status_code == 200 and "Mari Mets" in form.text
    saved = await post(client, "/county/services", agreement(mari), "/county/services")
    assert saved.status_code == 303, saved.text
    return case_id


async def test_a_case_manager_records_an_agreement_and_both_municipalities_list_it(
    county_client, mari
):
    case_id = await recorded(county_client, mari)
    [row] = await ServiceAgreement.select()
    assert row["child"] == mari["child"]
    assert row["recording_municipality"] == mari["tartu"]
    assert row["valid_until"] == date(2027, 5, 31)
    assert await AuditEvent.exists().where(
        (AuditEvent.action == "county.service_agreement.recorded")
        & (AuditEvent.object_id == str(mari["child"]))
    )
    home = await county_client.get("/")
    assert 'href="/county/services"' in home.text
    listed = await county_client.get("/county/services")
    assert "Mari Mets" in listed.text and "Elva Tugikeskus" in listed.text
    assert "Loovteraapia" in (await county_client.get(f"/cases/{case_id}")).text

    await switch(county_client, "elva.casemanager")
    elvas = await county_client.get("/county/services")
    assert "Elva Tugikeskus" in elvas.text
    assert "Mari" not in elvas.text
    assert "Name not shared" in elvas.text or "Nimi pole jagatud" in elvas.text

    [mother] = await Guardian.insert(Guardian(given_name="Ema", family_name="Mets")).returning(
        Guardian.id
    )
    await GuardianLink(child=mari["child"], guardian=mother["id"], relation="mother").save()
    await Consent(
        child=mari["child"],
        guardian=mother["id"],
        purpose="county.service_agreements",
        data_scope="all",
        recipient_municipality=mari["elva"],
        decision="given",
        valid_from=date.today(),
        evidence_kind="oral",
        recorded_by=mari["tartu.casemanager"],
    ).save()
    assert "Mari Mets" in (await county_client.get("/county/services")).text
    assert (
        await county_client.get(f"/county/services/new?child={mari['child']}")
    ).status_code == 404


async def test_bad_input_is_shown_in_place_and_nothing_is_written(county_client, mari):
    await case_from_police_report(county_client, mari)
    bad = [
        {"service": ""},
        {"valid_from": "2026-09-01"},
        {"valid_until": "01.01.2026"},
        {"providing_municipality": "999999"},
        {"providing_municipality": str(mari["tartu"]), "transport_paid_by": ""},
        {"transport_paid_by": "", "transport": "Buss"},
        {"service": "x" * 300},
    ]
    for changes in bad:
        answer = await post(
            county_client, "/county/services", agreement(mari, **changes), "/county/services"
        )
        assert answer.status_code == 400, changes
        assert 'aria-invalid="true"' in answer.text
        assert "error-summary" in answer.text
    assert await ServiceAgreement.count() == 0


async def test_a_child_out_of_reach_cannot_be_named(county_client, mari):
    other = await make_child("Olev", "Teine", date(2015, 1, 1), mari["tartu_school"])
    await sign_in(county_client, "elva.casemanager")
    assert (await county_client.get(f"/county/services/new?child={other}")).status_code == 404
    refused = await post(
        county_client, "/county/services", agreement(mari, child=str(other)), "/county/services"
    )
    assert refused.status_code == 404
    assert (await county_client.get("/county/services/new?child=abc")).status_code == 404
    assert await ServiceAgreement.count() == 0


async def test_the_county_coordinator_sees_counts_and_no_child(county_client, mari):
    await recorded(county_client, mari)
    await make_user("county.coordinator", mari["union"], "county_coordinator")
    await switch(county_client, "county.coordinator")
    counts = await county_client.get("/county/services")
    assert counts.status_code == 200
    assert "Mari" not in counts.text and "Elva Tugikeskus" not in counts.text
    assert "Elva vald" in counts.text
    forbidden = await county_client.get(f"/county/services/new?child={mari['child']}")
    assert forbidden.status_code in (403, 404)
    await switch(county_client, "tartu.admin")
    assert (await county_client.get("/county/services")).status_code == 403


async def test_the_childs_export_and_merge_carry_the_agreements(county_client, mari):
    await recorded(county_client, mari)
    [section] = await child_export(None, [mari["child"]])
    assert section.key == "county.service_agreements"
    assert section.rows[0]["providing_name"] == "Elva vald"
    twin = await make_child("Mari", "Mets", date(2016, 5, 5), mari["tartu_school"])
    await merge_children(mari["child"], twin)
    assert await ServiceAgreement.count().where(ServiceAgreement.child == twin) == 1
    assert await Child.exists().where(Child.id == twin)
