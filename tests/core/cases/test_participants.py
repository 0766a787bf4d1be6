"""Participants from the contact directory: the htmx search answers its results alone, with
forms that work; a contact without an account is listed but cannot open the case."""

import pytest

from core.auth.tables import User
from core.cases.participants import add_case_participant
from core.cases.tables import CaseEntry, CaseParticipant, EntryKind
from core.people.folding import fold
from core.people.tables import ContactPerson
from tests.core.cases.conftest import open_case, switch
from tests.helpers import csrf_from, current_user_of, new_submission_key, post

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


async def test_an_account_joins_once_for_its_organisation(notes_client, casework):
    """`add_case_participant`: a user joins with a timeline entry, once; a user of another
    organisation joins for their own; the joined user works on the case."""
    case_id = await open_case(notes_client, casework)
    await switch(notes_client, "coordinator")
    coordinator = await current_user_of(notes_client)
    assert await add_case_participant(case_id, casework["nurse"], "tervis", coordinator)
    assert not await add_case_participant(case_id, casework["nurse"], "uuesti", coordinator)
    assert await add_case_participant(case_id, casework["doctor"], "", coordinator)
    rows = await CaseParticipant.select(
        CaseParticipant.user, CaseParticipant.organisation, CaseParticipant.task
    ).where(CaseParticipant.case == case_id)
    assert rows == [
        {"user": casework["nurse"], "organisation": casework["tartu_school"], "task": "tervis"},
        {"user": casework["doctor"], "organisation": casework["doctors"], "task": ""},
    ]
    joined = await CaseEntry.select(CaseEntry.body).where(
        (CaseEntry.case == case_id) & (CaseEntry.kind == EntryKind.participant.value)
    )
    assert len(joined) == 2
    assert joined[1]["body"].endswith("(Tartu Perearstikeskus) liitus juhtumiga.")
    await switch(notes_client, "doctor")
    assert (await notes_client.get(f"/cases/{case_id}")).status_code == 200

    await User.update({User.active: False}).where(User.id == casework["other_teacher"])
    with pytest.raises(ValueError, match="not an active account"):
        await add_case_participant(case_id, casework["other_teacher"], "", coordinator)


async def test_a_contact_whose_account_takes_part_is_not_added_again(notes_client, casework):
    case_id = await open_case(notes_client, casework)
    await switch(notes_client, "coordinator")
    coordinator = await current_user_of(notes_client)
    assert await add_case_participant(case_id, casework["doctor"], "", coordinator)
    [contact] = await ContactPerson.insert(
        ContactPerson(
            organisation=casework["doctors"],
            name="Arst Aavik",
            post="perearst",
            email="arst@example.ee",
            search_text=fold("Arst Aavik perearst"),
        )
    ).returning(ContactPerson.id)
    added = await post(
        notes_client,
        f"/cases/{case_id}/participants",
        {"contact": str(contact["id"])},
        token_page=f"/cases/{case_id}",
    )
    assert added.status_code == 303
    assert await CaseParticipant.count().where(CaseParticipant.case == case_id) == 1
