"""The timeline through htmx: adding an entry answers the timeline part alone."""

import pytest

from tests.core.cases.conftest import open_case
from tests.helpers import csrf_from

pytestmark = pytest.mark.anyio


async def add_through_htmx(client, case_id, **fields):
    page = await client.get(f"/cases/{case_id}")
    data = {"kind": "note", "sensitivity": "none", **fields, "_csrf_token": csrf_from(page.text)}
    return await client.post(f"/cases/{case_id}/entries", data=data, headers={"HX-Request": "true"})


async def test_an_entry_added_through_htmx_answers_the_timeline_with_its_form(
    notes_client, casework
):
    case_id = await open_case(notes_client, casework)
    response = await add_through_htmx(notes_client, case_id, body="Vestlus emaga.")
    assert response.status_code == 200, response.text
    assert response.text.lstrip().startswith('<section class="panel" id="timeline"')
    assert '<p class="entry-body">Vestlus emaga.</p>' in response.text
    assert f'hx-post="/cases/{case_id}/entries"' in response.text


async def test_a_problem_with_an_entry_comes_back_in_the_timeline(notes_client, casework):
    case_id = await open_case(notes_client, casework)
    response = await add_through_htmx(
        notes_client, case_id, body="Homme kohtume.", occurred_on="01.01.2099"
    )
    assert response.status_code == 400
    assert response.text.lstrip().startswith('<section class="panel" id="timeline"')
    assert "Kuupäev ei saa olla tulevikus." in response.text
    assert "Homme kohtume." in response.text
