"""The form event a plugin hears, proven with the casework test plugin (its ``heard`` list): a
submission stored, new or corrected, on a case or on a child alone; and core's Rajaleidja form,
fillable like any other."""

import pytest

from core.enablement import set_plugin_enabled
from core.forms.submissions import submissions_of_child
from tests.core.cases.conftest import open_case
from tests.helpers import post, sign_in
from tests.testplugins.casework import heard

pytestmark = pytest.mark.anyio

REFERRAL = {
    "f.applied_on": "02.11.2026",
    "f.applicant": "institution",
    "f.question": "Kas Mari vajab õppimisel tõhustatud tuge?",
}
DECISION = {
    **REFERRAL,
    "f.decided_on": "20.11.2026",
    "f.decision": "Rakendada individuaalset õppekava eesti keeles ja matemaatikas.",
    "f.support": ["individual_curriculum", "specialist"],
    "f.review_on": "20.11.2027",
}


@pytest.fixture(autouse=True)
def no_events_yet():
    heard.clear()
    yield
    heard.clear()


async def fill(client, path, data):
    response = await post(client, path, data, path)
    assert response.status_code == 303, response.text
    return int(response.headers["location"].rsplit("/", 1)[1])


async def test_heaolu_after_form_saved_hears_of_a_new_and_a_corrected_submission(
    notes_client, casework
):
    await sign_in(notes_client, "coordinator")
    path = f"/forms/children/{casework['child']}/new/core.rajaleidja"
    submission_id = await fill(notes_client, path, REFERRAL)
    assert heard == [("form_saved core.rajaleidja v1", submission_id)]
    edit = f"/forms/submissions/{submission_id}/edit"
    response = await post(notes_client, edit, {**DECISION, "version": "1"}, edit)
    assert response.status_code == 303, response.text
    assert heard[1:] == [("form_saved core.rajaleidja v2", submission_id)]


async def test_heaolu_after_form_saved_hears_of_the_noticing_sheet_of_a_new_case(
    notes_client, casework
):
    case_id = await open_case(notes_client, casework)
    [sheet] = await submissions_of_child(casework["child"])
    assert sheet.case_id == case_id
    assert heard == [("case_opened", case_id), ("form_saved core.noticing v1", sheet.id)]


async def test_heaolu_after_form_saved_is_not_heard_where_the_plugin_is_off(notes_client, casework):
    await set_plugin_enabled(notes_client.app.state.plugins, "casework", casework["tartu"], False)
    await sign_in(notes_client, "coordinator")
    await fill(notes_client, f"/forms/children/{casework['child']}/new/core.rajaleidja", REFERRAL)
    assert heard == []


async def test_the_rajaleidja_form_asks_for_the_referral_and_the_decision(notes_client, casework):
    case_id = await open_case(notes_client, casework, "coordinator")
    path = f"/forms/cases/{case_id}/new/core.rajaleidja"
    html = (await notes_client.get(path)).text
    for label in (
        "Rajaleidja suunamine ja otsus",
        "Taotluse kuupäev",
        "Kes pöördus?",
        "Pöördumise küsimus",
        "Otsuse kuupäev",
        "Soovitatud tugi",
        "Individuaalne õppekava",
        "Otsuse ülevaatamise kuupäev",
        "Näidis",
    ):
        assert label in html
    english = (await notes_client.get(f"{path}?lang=en")).text
    assert "<h1>Rajaleidja referral and decision</h1>" in english
    missing = await post(notes_client, path, {"f.applicant": "parent"}, path)
    assert missing.status_code == 400
    assert 'id="f-applied_on-error"' in missing.text and 'id="f-question-error"' in missing.text
    await fill(notes_client, path, DECISION)
    saved = [s for s in await submissions_of_child(casework["child"]) if s.case_id == case_id]
    rajaleidja = next(s for s in saved if s.form_key == "core.rajaleidja")
    assert rajaleidja.values["decided_on"] == "2026-11-20"
    assert rajaleidja.values["support"] == ["specialist", "individual_curriculum"]
