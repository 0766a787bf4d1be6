"""Participants from the contact directory: the htmx search answers its results alone, with
forms that work; a contact without an account is listed but cannot open the case."""

import pytest

from core.cases.tables import CaseParticipant
from core.people.folding import fold
from core.people.tables import ContactPerson
from tests.core.cases.conftest import open_case
from tests.helpers import csrf_from, new_submission_key

pytestmark = pytest.mark.anyio


async def test_searching_with_htmx_answers_the_results_with_working_forms(notes_client, casework):
    case_id = await open_case(notes_client, casework)
    [contact] = await ContactPerson.insert(
        ContactPerson(
            organisation=casework["doctors"],
            name="Rein Rahulik",
            post="noorsootöötaja",
            email="",
            search_text=fold("Rein Rahulik noorsootöötaja"),
        )
    ).returning(ContactPerson.id)
    path = f"/cases/{case_id}/participants/search"
    response = await notes_client.get(path, params={"q": "rahu"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "<html" not in response.text
    assert "Rein Rahulik, noorsootöötaja · Tartu Perearstikeskus" in response.text
    assert "HX-Request" in response.headers["vary"]
    added = await notes_client.post(
        f"/cases/{case_id}/participants",
        data={
            "contact": str(contact["id"]),
            "_csrf_token": csrf_from(response.text),
            "_submission_key": new_submission_key(),
        },
    )
    assert added.status_code == 303
    [participant] = await CaseParticipant.select().where(CaseParticipant.case == case_id)
    assert (participant["contact"], participant["user"]) == (contact["id"], None)
    page = (await notes_client.get(f"/cases/{case_id}")).text
    assert "Rein Rahulik, noorsootöötaja · Tartu Perearstikeskus" in page
    assert "kontot pole: ainult nimekirjas" in page
    assert "Rein Rahulik (noorsootöötaja) liitus juhtumiga." in page

    nothing = await notes_client.get(path, params={"q": "xyz"}, headers={"HX-Request": "true"})
    assert "Ühtegi kontakti ei leitud." in nothing.text
    plain = await notes_client.get(path, params={"q": "rahu"})
    assert "<html" in plain.text and "Rein Rahulik" in plain.text
