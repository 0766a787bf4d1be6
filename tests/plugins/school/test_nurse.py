"""The school nurse: notices, takes part in the school's cases, and reads health entries where
consent or law allows: the school's own, and another organisation's only with consent."""

import pytest

from core.cases.tables import CaseEntry
from tests.helpers import post, sign_in
from tests.plugins.school.conftest import give_consent, notice, switch

pytestmark = pytest.mark.anyio
SCHOOL_NOTE = "Kooliõde: Mari kaebab sageli peavalu."
OFFICE_NOTE = "Perearstilt: Mari käib regulaarselt kontrollis."


async def health_case(client, schools) -> int:
    """Mari's case, with a health entry of the school's nurse and one written at Tartu's
    office (the child protection specialist's, another organisation)."""
    await sign_in(client, "nurse")
    case_id = await notice(client, schools["mari"])
    written = await post(
        client,
        f"/cases/{case_id}/entries",
        {"kind": "note", "body": SCHOOL_NOTE, "sensitivity": "health", "occurred_on": ""},
        f"/cases/{case_id}",
    )
    assert written.status_code in (200, 303), written.text
    await CaseEntry(
        case=case_id,
        kind="note",
        body=OFFICE_NOTE,
        sensitivity="health",
        occurred_on=(await CaseEntry.select().first())["occurred_on"],
        author=schools["tartu.cps"],
        author_organisation=schools["tartu_office"],
    ).save()
    return case_id


async def timeline(client, case_id) -> str:
    response = await client.get(f"/cases/{case_id}/timeline")
    assert response.status_code == 200
    return response.text


async def test_the_nurse_notices_and_reads_the_schools_health_entries(school_client, schools):
    case_id = await health_case(school_client, schools)
    page = await school_client.get(f"/cases/{case_id}")
    assert "Kaasa tugiõppe koordinaator (HEVKO)" in page.text  # she may ask the coordinator in
    text = await timeline(school_client, case_id)
    assert SCHOOL_NOTE in text
    assert OFFICE_NOTE not in text  # another organisation's, without consent
    await switch(school_client, "teacher")
    text = await timeline(school_client, case_id)
    assert SCHOOL_NOTE not in text and OFFICE_NOTE not in text  # no health permission


async def test_with_consent_the_nurse_reads_another_organisations_health_entry(
    school_client, schools
):
    case_id = await health_case(school_client, schools)
    await give_consent(schools["mari"], schools["annelinna"], "health", schools["tartu.cps"])
    text = await timeline(school_client, case_id)
    assert SCHOOL_NOTE in text and OFFICE_NOTE in text
