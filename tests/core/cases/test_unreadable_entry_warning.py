"""Before an author saves an entry in a sensitive category their role may not read, the form
warns them and asks for a confirmation; without it nothing is saved."""

import pytest

from core.cases.tables import CaseEntry
from tests.core.cases.test_case_list import make_case
from tests.helpers import log_in, post

pytestmark = pytest.mark.anyio
HEALTH = {"kind": "note", "body": "Käis arsti juures.", "sensitivity": "health", "occurred_on": ""}


async def test_the_form_warns_of_the_categories_the_author_cannot_read(notes_client, casework):
    case = await make_case(casework, casework["child"])
    assert (await log_in(notes_client, "teacher")).status_code == 303
    page = (await notes_client.get(f"/cases/{case}")).text
    assert "Sinu roll ei või lugeda sissekandeid märkega terviseandmed, lastekaitse andmed" in page
    assert 'name="unreadable_confirmed"' in page


async def test_an_unconfirmed_health_entry_is_not_saved(notes_client, casework):
    case = await make_case(casework, casework["child"])
    assert (await log_in(notes_client, "teacher")).status_code == 303
    refused = await post(notes_client, f"/cases/{case}/entries", HEALTH)
    assert refused.status_code == 400
    assert "märgi kinnitus" in refused.text
    assert "Käis arsti juures." in refused.text  # the text typed is kept in the form
    assert await CaseEntry.count() == 0
    saved = await post(
        notes_client, f"/cases/{case}/entries", {**HEALTH, "unreadable_confirmed": "1"}
    )
    assert saved.status_code == 303
    assert await CaseEntry.count().where(CaseEntry.sensitivity == "health") == 1


async def test_in_english_too(notes_client, casework):
    case = await make_case(casework, casework["child"])
    assert (await log_in(notes_client, "teacher")).status_code == 303
    page = (await notes_client.get(f"/cases/{case}?lang=en")).text
    assert "Your role may not read entries marked as health data" in page


async def test_a_role_that_reads_health_entries_is_warned_only_of_child_protection(
    notes_client, casework
):
    case = await make_case(casework, casework["child"])
    assert (await log_in(notes_client, "nurse")).status_code == 303
    page = (await notes_client.get(f"/cases/{case}")).text
    assert "Sinu roll ei või lugeda sissekandeid märkega lastekaitse andmed:" in page
    saved = await post(notes_client, f"/cases/{case}/entries", HEALTH)
    assert saved.status_code == 303
