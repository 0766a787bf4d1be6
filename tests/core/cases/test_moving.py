"""Moving a case to another organisation: a school in another municipality gets a pending
handover; accepting makes it the owner with the receiver responsible, declining returns it, a
receiver without the stage's role, or a case changed meanwhile, is refused; the earlier
entries reach the new owner only as far as the guardians' consent for cross-sector case work
allows."""

from datetime import date, timedelta

import pytest

from core.access import sees_child
from core.audit.tables import AuditEvent
from core.cases.moving import hand_over_to_organisation, organisation_receivers
from core.cases.tables import Case, CaseParticipant, Handover
from core.consent.tables import Consent
from core.notifications.tables import Notification
from core.people.folding import fold
from core.people.tables import Organisation
from tests.core.cases.conftest import case_row, open_case, switch
from tests.core.cases.test_timeline import NOT_SHARED, NOTE, add_entry
from tests.helpers import current_user_of, make_user, post

pytestmark = pytest.mark.anyio
COORDINATOR = frozenset({"casework_coordinator"})


@pytest.fixture
async def elva_school(casework):
    """Elva Huvikool (in Elva vald, of the kind the casework workflow serves), its coordinator
    and a teacher, who may not take a case at stage II."""
    [school] = await Organisation.insert(
        Organisation(
            name="Elva Huvikool",
            folded_name=fold("Elva Huvikool"),
            kind="hobby_school",
            sector="education",
            municipality=casework["elva"],
        )
    ).returning(Organisation.id)
    return {
        "school": school["id"],
        "coordinator": await make_user(
            "elva.coordinator", school["id"], "casework_coordinator", full_name="Eha Elvast"
        ),
        "teacher": await make_user("elva.teacher", school["id"], "casework_teacher"),
    }


async def offered(client, casework, elva_school):
    """The teacher of Tartu Kool writes a note and offers Mari's case to Elva's coordinator at
    stage II; returns the case's and the handover's ids."""
    case_id = await open_case(client, casework)
    assert (await add_entry(client, case_id)).status_code == 303
    handover_id = await hand_over_to_organisation(
        client.app.state.plugins,
        await case_row(case_id),
        organisation_id=elva_school["school"],
        receiver_id=elva_school["coordinator"],
        stage_key="II",
        reason="Pere kolis Elvasse.",
        user=await current_user_of(client),
    )
    return case_id, handover_id


async def test_the_receivers_are_the_active_holders_of_the_roles(notes_client, elva_school):
    assert await organisation_receivers(elva_school["school"], COORDINATOR) == [
        (elva_school["coordinator"], "Eha Elvast")
    ]
    assert await organisation_receivers(elva_school["school"], frozenset()) == []


async def test_a_move_accepted_gives_the_case_to_the_receiving_school(
    notes_client, casework, elva_school
):
    case_id, handover_id = await offered(notes_client, casework, elva_school)
    # A participant of Tartu Kool stops taking part when the case moves.
    await CaseParticipant.insert(
        CaseParticipant(
            case=case_id,
            user=casework["nurse"],
            organisation=casework["tartu_school"],
            added_by=casework["teacher"],
        )
    )
    handover = await Handover.select().where(Handover.id == handover_id).first()
    assert (handover["to_organisation"], handover["status"]) == (elva_school["school"], "pending")
    assert await Notification.exists().where(
        (Notification.user == elva_school["coordinator"])
        & (Notification.url == f"/cases/{case_id}")
    )
    assert (await case_row(case_id))["owner_organisation"] == casework["tartu_school"]

    await switch(notes_client, "elva.coordinator")
    waiting = (await notes_client.get("/")).text
    assert f'href="/cases/{case_id}"' in waiting
    page = await notes_client.get(f"/cases/{case_id}")
    assert page.status_code == 200
    assert "Juhtum liigub asutusse Elva Huvikool" in page.text
    assert f"/handovers/{handover_id}/accept" in page.text
    assert NOTE not in page.text and NOT_SHARED in page.text
    accepted = await post(
        notes_client, f"/handovers/{handover_id}/accept", {}, token_page=f"/cases/{case_id}"
    )
    assert accepted.status_code == 303

    case = await case_row(case_id)
    assert (case["owner_organisation"], case["stage"], case["responsible"]) == (
        elva_school["school"],
        "II",
        elva_school["coordinator"],
    )
    assert await CaseParticipant.count().where(CaseParticipant.case == case_id) == 0
    moved = await AuditEvent.select(AuditEvent.user_id, AuditEvent.purpose).where(
        (AuditEvent.action == "case.moved") & (AuditEvent.object_id == str(case_id))
    )
    assert moved == [
        {"user_id": elva_school["coordinator"], "purpose": "core.cross_sector_case_work"}
    ]
    receiver = await current_user_of(notes_client)
    assert await sees_child(receiver, casework["child"])
    page = (await notes_client.get(f"/cases/{case_id}")).text
    assert "juhtum viidi üle asutusse Elva Huvikool" in page
    assert NOTE not in page and NOT_SHARED in page
    assert (await notes_client.get(f"/children/{casework['child']}")).status_code == 200

    # Tartu Kool no longer owns the case: its teacher and coordinator do not find it.
    for username in ("teacher", "coordinator"):
        await switch(notes_client, username)
        assert (await notes_client.get(f"/cases/{case_id}")).status_code == 404


async def test_the_earlier_entries_reach_the_receiver_with_a_consent_for_it(
    notes_client, casework, elva_school
):
    """`EntryVisibility` asks `may_share` for core.cross_sector_case_work to the receiving
    organisation: a guardian's consent for that purpose and recipient shows the entries."""
    case_id, handover_id = await offered(notes_client, casework, elva_school)
    await Consent.insert(
        Consent(
            child=casework["child"],
            guardian=casework["mother"],
            purpose="core.cross_sector_case_work",
            data_scope="education",
            recipient_organisation=elva_school["school"],
            decision="given",
            valid_from=date.today() - timedelta(days=1),
            evidence_kind="paper",
            recorded_by=casework["coordinator"],
        )
    )
    await switch(notes_client, "elva.coordinator")
    before = (await notes_client.get(f"/cases/{case_id}")).text
    assert NOTE in before and NOT_SHARED not in before
    await post(notes_client, f"/handovers/{handover_id}/accept", {}, token_page=f"/cases/{case_id}")
    assert NOTE in (await notes_client.get(f"/cases/{case_id}")).text


async def test_a_move_declined_returns_the_case(notes_client, casework, elva_school):
    case_id, handover_id = await offered(notes_client, casework, elva_school)
    await switch(notes_client, "elva.coordinator")
    declined = await post(
        notes_client,
        f"/handovers/{handover_id}/decline",
        {"reason": "Laps ei tulnud meile."},
        token_page=f"/handovers/{handover_id}/decline",
    )
    assert declined.status_code == 303
    case = await case_row(case_id)
    assert (case["owner_organisation"], case["stage"], case["responsible"]) == (
        casework["tartu_school"],
        "I",
        casework["teacher"],
    )
    assert (await Handover.select(Handover.status).first())["status"] == "declined"
    assert await Notification.exists().where(Notification.user == casework["teacher"])
    assert (await notes_client.get(f"/cases/{case_id}")).status_code == 404
    await switch(notes_client, "teacher")
    assert (await notes_client.get(f"/cases/{case_id}")).status_code == 200


async def test_a_move_is_refused_without_the_stages_role_or_while_one_waits(
    notes_client, casework, elva_school
):
    case_id = await open_case(notes_client, casework)
    teacher = await current_user_of(notes_client)
    plugins = notes_client.app.state.plugins

    async def move(**changes):
        values = {
            "organisation_id": elva_school["school"],
            "receiver_id": elva_school["coordinator"],
            "stage_key": "II",
            "reason": "",
            **changes,
        }
        return await hand_over_to_organisation(
            plugins, await case_row(case_id), user=teacher, **values
        )

    with pytest.raises(ValueError, match="Vali, kes juhtumi üle võtab"):
        await move(receiver_id=elva_school["teacher"])
    with pytest.raises(ValueError, match="juba selles asutuses"):
        await move(organisation_id=casework["tartu_school"], receiver_id=casework["coordinator"])
    with pytest.raises(ValueError, match="ei teeni"):
        await move(organisation_id=casework["doctors"])
    assert await Handover.count() == 0
    seen = await case_row(case_id)
    await Case.update({Case.version: Case.version + 1}).where(Case.id == case_id)
    with pytest.raises(ValueError, match="Keegi muutis juhtumit sinu kirjutamise ajal"):
        await hand_over_to_organisation(
            plugins,
            seen,
            organisation_id=elva_school["school"],
            receiver_id=elva_school["coordinator"],
            stage_key="II",
            reason="",
            user=teacher,
        )
    assert await Handover.count() == 0
    await move()
    with pytest.raises(ValueError, match="ootab vastuvõtmist"):
        await move()
    assert await Handover.count() == 1
    assert (await Case.select(Case.owner_organisation).first())["owner_organisation"] == (
        casework["tartu_school"]
    )
