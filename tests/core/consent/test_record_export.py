"""A guardian's access request: the full-record export carries everything the consent app holds
about the child (consents with withdrawals and evidence, sharing without consent with its legal
basis, the files' metadata) and who touched it, in JSON and on the printable page."""

import json

import pytest

from core.consent.tables import Attachment, Consent, ShareOverride
from core.i18n import format_date
from tests.core.consent.conftest import TODAY, make_child
from tests.core.consent.test_pages import consent_form, submit
from tests.helpers import sign_in

pytestmark = pytest.mark.anyio
PDF = b"%PDF-1.7\n% allkirjastatud paberil nousolek\n%%EOF\n"


@pytest.fixture
async def recorded(notes_client, family):
    """Through the pages, as the school's coordinator: the mother's consent on signed paper with
    its scan, the father's oral consent (then withdrawn), and sharing without consent."""
    await sign_in(notes_client, "coordinator")
    mia = family["mia"]
    paper = await submit(
        notes_client,
        f"/children/{mia}/consents",
        consent_form(family, evidence_kind="paper"),
        files={"evidence_file": ("Nõusolek Mets.pdf", PDF, "application/pdf")},
    )
    oral = await submit(
        notes_client,
        f"/children/{mia}/consents",
        consent_form(family, guardian=str(family["father"]), evidence_kind="oral"),
    )
    assert (paper.status_code, oral.status_code) == (303, 303)
    father_consent = await Consent.select(Consent.id).where(Consent.guardian == family["father"])
    withdrawn = await submit(
        notes_client,
        f"/consents/{father_consent[0]['id']}/withdraw",
        {"withdrawn_on": format_date(TODAY)},
    )
    override = await submit(
        notes_client,
        f"/children/{mia}/overrides",
        {
            "purpose": "core.cross_sector_case_work",
            "data_scope": "education",
            "recipient_kind": "organisation",
            "recipient_organisation": str(family["tartu_office"]),
            "recipient_sector": "",
            "recipient_municipality": "",
            "legal_basis": "child_protection_act_27",
            "explanation": "Laps on kuu aega koolist puudunud; teade lastekaitsele.",
        },
    )
    assert (withdrawn.status_code, override.status_code) == (303, 303)
    [attachment] = await Attachment.select(Attachment.id)
    assert (await notes_client.get(f"/attachments/{attachment['id']}")).status_code == 200
    return notes_client, attachment["id"]


async def test_the_json_export_holds_consents_overrides_and_file_metadata(recorded, family):
    client, attachment_id = recorded
    response = await client.get(f"/children/{family['mia']}/export.json")
    assert response.status_code == 200
    data = json.loads(response.content)
    consents = {row["guardian_name"]: row for row in data["consents"]}
    assert consents.keys() == {"Mari Mets", "Jaan Mets"}
    paper, oral = consents["Mari Mets"], consents["Jaan Mets"]
    assert (paper["evidence_kind"], paper["evidence"], paper["withdrawn_on"]) == (
        "paper",
        attachment_id,
        None,
    )
    assert paper["recipient_label"] == "Tartu Tervisekeskus"
    assert (oral["evidence_kind"], oral["withdrawn_on"], oral["status"]) == (
        "oral",
        TODAY.isoformat(),
        "withdrawn",
    )
    [override] = data["share_overrides"]
    assert override["legal_basis"] == "child_protection_act_27"
    assert override["legal_basis_label"].startswith("Lastekaitseseadus § 27")
    assert override["explanation"].startswith("Laps on kuu aega koolist puudunud")
    assert override["from_organisation_name"] == "Tartu Kool"
    [attachment] = data["attachments"]
    assert attachment["filename"] == "Nõusolek Mets.pdf"
    assert (attachment["media_type"], attachment["size"]) == ("application/pdf", len(PDF))
    assert attachment["uploaded_by"] == family["coordinator"]
    assert attachment["uploaded_at"].startswith(TODAY.isoformat()[:4])
    assert "data" not in attachment
    assert b"allkirjastatud paberil" not in response.content  # the file's content stays out
    touched = {(row["action"], row["object_type"]) for row in data["access_log"]}
    assert {
        ("consent.recorded", "consent"),
        ("consent.withdrawn", "consent"),
        ("share_override.recorded", "share_override"),
        ("attachment.downloaded", "attachment"),
    } <= touched


async def test_the_printable_page_shows_the_same(recorded, family):
    client, _attachment_id = recorded
    page = (await client.get(f"/children/{family['mia']}/export")).text
    for text in (
        "Nõusolekud ja keeldumised",
        "Mari Mets",
        "Paberil: Nõusolek Mets.pdf",
        "Jaan Mets",
        "Suuliselt",
        f"tagasi võetud {format_date(TODAY)}",
        "Nõusolekuta jagamised",
        "Lastekaitseseadus § 27: abivajavast lapsest teatamine",
        "Laps on kuu aega koolist puudunud; teade lastekaitsele.",
        "Failid",
        "application/pdf",
        f"{len(PDF)} baiti",
        "attachment.downloaded",
    ):
        assert text in page, text


async def test_a_list_row_names_no_other_child_in_the_export(recorded, family):
    client, _attachment_id = recorded
    other = await make_child("Mart", "Mets", family["tartu_school"])
    assert (await client.get("/children?q=mets")).status_code == 200
    data = json.loads((await client.get(f"/children/{family['mia']}/export.json")).content)
    listed = [row for row in data["access_log"] if row["action"] == "child.listed"]
    assert listed, "the listing that showed the child is in its access log"
    assert all(row["object_id"] == str(family["mia"]) for row in listed)
    assert str(other) not in {row["object_id"] for row in data["access_log"]}


async def test_overrides_and_consents_of_other_children_stay_out(recorded, family):
    client, _attachment_id = recorded
    await ShareOverride.update({ShareOverride.child: family["elva_child"]}, force=True)
    data = json.loads((await client.get(f"/children/{family['mia']}/export.json")).content)
    assert data["share_overrides"] == []
    assert len(data["consents"]) == 2
