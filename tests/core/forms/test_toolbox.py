"""The toolbox (tööriistakast): the instruments on for the user's municipality, by area and age;
one instrument with its guidance, questions and printable blank; filling it in for a child in
scope; instruments uploaded without code; and the toolbox block of the JSON schema."""

from __future__ import annotations

import json

import pytest

from core.audit.tables import AuditEvent
from core.cases.tables import Case
from core.forms.schema import read_schema, schema_to_dict
from core.forms.submissions import submissions_of_child
from core.forms.tables import FormSubmission
from core.forms.versions import schema_json
from core.people.tables import Child
from core.toolbox.instruments import INSTRUMENTS, SPEECH
from tests.core.forms.conftest import logged_in, submit_page
from tests.core.forms.test_upload import upload, upload_and_publish
from tests.helpers import post

pytestmark = pytest.mark.anyio

TITLES = {
    "core.toolbox_speech": "Kõne ja keele vaatlusleht",
    "core.toolbox_movement": "Liikumise vaatlusleht",
    "core.toolbox_social_emotional": "Sotsiaalse ja emotsionaalse arengu vaatlusleht",
    "core.toolbox_learning": "Õppimise vaatlusleht",
    "core.toolbox_behaviour": "Käitumise vaatlusleht",
    "core.toolbox_home": "Heaolu kodus: vaatlusleht",
    "core.toolbox_wellbeing": "Lapse heaolu ankeet",
}
READING = {
    "key": "local.reading",
    "title": {"et": "Lugemisoskuse sõel", "en": "Reading screen"},
    "fields": [
        {
            "key": "letters",
            "type": "choice",
            "label": {"et": "Tunneb tähti", "en": "Knows the letters"},
            "options": [
                {"key": "yes", "label": {"et": "Jah"}},
                {"key": "not_yet", "label": {"et": "Veel mitte"}},
            ],
        }
    ],
    "toolbox": {
        "area": "learning",
        "age_from": 6,
        "age_to": 8,
        "guidance": {"et": "Kuula, kuidas laps loeb.", "en": "Listen to the child reading."},
    },
}


def listed(html: str) -> set[str]:
    """The keys of the instruments a toolbox page links to."""
    return {key for key in TITLES | {"local.reading": ""} if f'href="/toolbox/{key}"' in html}


async def turn(admin, key: str, municipality: int, enabled: bool):
    choice = {"municipality": municipality, "enabled": "1" if enabled else "0"}
    response = await post(admin, f"/admin/forms/{key}", choice)
    assert response.status_code == 303, response.text
    return response


async def test_the_toolbox_lists_the_instruments_on_for_the_municipality(kati, school):
    page = await kati.get("/toolbox")
    assert page.status_code == 200
    html = page.text
    assert listed(html) == set(TITLES)
    assert 'href="/toolbox/core.noticing"' not in html  # a form, but no instrument
    assert '<a href="/toolbox" aria-current="page">Tööriistakast</a>' in html  # navigation
    for area in ("Kõne ja keel", "Liikumine", "Heaolu kodus", "Lapse heaolu"):
        assert f"<h2>{area}</h2>" in html
    assert "2–7-aastased" in html
    assert "Näidis: maakond asendab selle vahendi vormide üleslaadimise kaudu" in html
    assert "<summary>Juhend" in html


async def test_a_switched_off_instrument_disappears_for_that_municipality_only(settings, school):
    path = f"/forms/children/{school['mia']}/new/core.toolbox_speech"
    async with logged_in(settings, "tartu.admin") as admin:
        await turn(admin, "core.toolbox_speech", school["tartu"], enabled=False)
        listing = await admin.get("/admin/plugins")
        row = listing.text.split('href="/admin/forms/core.toolbox_speech">')[1].split("</tr>")[0]
        assert "Lülita sisse" in row
    async with logged_in(settings, "kati") as kati:
        assert listed((await kati.get("/toolbox")).text) == set(TITLES) - {"core.toolbox_speech"}
        assert (await kati.get("/toolbox/core.toolbox_speech")).status_code == 404
        assert (await kati.get("/toolbox/core.toolbox_speech/print")).status_code == 404
        assert (await kati.get(path)).status_code == 404
    async with logged_in(settings, "elva.coordinator") as elva:
        assert "core.toolbox_speech" in listed((await elva.get("/toolbox")).text)


async def test_the_filters_keep_an_area_and_an_age(kati, school):
    speech = await kati.get("/toolbox?area=speech")
    assert listed(speech.text) == {"core.toolbox_speech"}
    assert '<option value="speech" selected>' in speech.text
    twelve = await kati.get("/toolbox?age=12")
    assert listed(twelve.text) == {
        "core.toolbox_learning",
        "core.toolbox_behaviour",
        "core.toolbox_home",
        "core.toolbox_wellbeing",
    }
    none = await kati.get("/toolbox?area=learning&age=3")
    assert none.status_code == 200 and not listed(none.text)
    assert "Valitud valdkonda ja vanusesse sobivat vahendit ei leitud." in none.text
    everything = await kati.get("/toolbox?area=&age=")
    assert listed(everything.text) == set(TITLES)


async def test_filters_that_cannot_be_read_are_answered_with_a_message(kati, school):
    for query in ("age=kolm", "age=19", "age=-1", "area=singing", "age=" + "9" * 40):
        response = await kati.get(f"/toolbox?{query}")
        assert response.status_code == 400, query
        assert 'class="error-summary"' in response.text
        assert 'aria-invalid="true"' in response.text
    assert "Kirjuta täisarv vahemikus 0 kuni 18." in (await kati.get("/toolbox?age=kolm")).text
    english = await kati.get("/toolbox?area=singing&lang=en")
    assert "The choice is not valid." in english.text


async def test_an_administrator_gets_no_toolbox(settings, school):
    async with logged_in(settings, "tartu.admin") as admin:
        assert (await admin.get("/toolbox")).status_code == 403
        assert (await admin.get("/toolbox/core.toolbox_speech")).status_code == 403
        assert 'href="/toolbox"' not in (await admin.get("/")).text


async def test_an_instrument_shows_its_guidance_questions_and_blank(kati, school):
    page = await kati.get("/toolbox/core.toolbox_speech")
    assert page.status_code == 200
    html = page.text
    assert "<h1>Kõne ja keele vaatlusleht</h1>" in html
    assert "Kuidas kasutada: vaatle last kahe kuni nelja nädala jooksul" in html
    assert "Saab aru lihtsatest korraldustest ja küsimustest ilma žestideta." in html
    assert "Veel mitte" in html
    assert 'href="/toolbox/core.toolbox_speech/print"' in html
    assert "Juhtumi sees täida see juhtumi lehel" in html
    blank = await kati.get("/toolbox/core.toolbox_speech/print?lang=en")
    assert blank.status_code == 200
    assert 'class="print-sheet"' in blank.text and "ASUTUSESISESEKS KASUTAMISEKS" in blank.text
    assert "<h1>Speech and language checklist</h1>" in blank.text
    assert "How to use it:" in blank.text
    assert (await kati.get("/toolbox/core.noticing")).status_code == 404
    assert (await kati.get("/toolbox/core.nothing")).status_code == 404


async def test_filling_an_instrument_for_a_child_in_scope_stores_a_submission(kati, school):
    await Child.update({Child.isikukood: "61805060015"}).where(Child.id == school["mia"])
    found = await kati.get("/toolbox/core.toolbox_speech?q=Mets", headers={"hx-request": "true"})
    assert found.status_code == 200
    path = f"/forms/children/{school['mia']}/new/core.toolbox_speech"
    assert f'href="{path}"' in found.text and "<html" not in found.text
    assert "6******0015" in found.text and "61805060015" not in found.text
    [listing] = await AuditEvent.select(AuditEvent.object_id, AuditEvent.purpose).where(
        AuditEvent.action == "child.listed"
    )
    assert listing == {"object_id": str(school["mia"]), "purpose": "core.toolbox_speech"}
    saved = await submit_page(
        kati, path, {"f.understands": "yes", "f.clear": "not_yet", "f.notes": "Vajab kordamist."}
    )
    assert saved.status_code == 303
    [submission] = await submissions_of_child(school["mia"])
    assert submission.form_key == "core.toolbox_speech"
    assert submission.values["clear"] == "not_yet"
    assert submission.values["notes"] == "Vajab kordamist."


async def test_a_child_outside_the_scope_is_neither_found_nor_filled_in(settings, school):
    path = f"/forms/children/{school['mia']}/new/core.toolbox_speech"
    async with logged_in(settings, "elva.coordinator") as elva:
        found = await elva.get("/toolbox/core.toolbox_speech?q=Mets")
        assert found.status_code == 200
        assert f"/forms/children/{school['mia']}/" not in found.text
        assert "Ühtegi last ei leitud." in found.text
        assert (await elva.get(path)).status_code == 404
        refused = await post(elva, path, {"f.understands": "yes"}, token_page="/toolbox")
        assert refused.status_code == 404
    assert not await FormSubmission.exists()


async def on_a_loaded_workflow(case_id: int) -> None:
    """The forms' case follows a workflow of the test plugins, so that its page renders."""
    await Case.update({Case.workflow: "casework.school"}).where(Case.id == case_id)


async def test_instruments_are_filled_in_inside_a_case(kati, school):
    await on_a_loaded_workflow(school["case"])
    page = await kati.get(f"/cases/{school['case']}")
    assert f'href="/forms/cases/{school["case"]}/new/core.toolbox_wellbeing"' in page.text
    assert ">Lapse heaolu ankeet</a>" in page.text


async def test_an_uploaded_instrument_appears_without_code(settings, school):
    async with logged_in(settings, "tartu.admin") as admin:
        preview = await upload(admin, READING)
        assert preview.status_code == 200, preview.text
        assert "<dt>Tööriistakast</dt><dd>Õppimine, 6–8-aastased</dd>" in preview.text
        assert '<dd class="text">Kuula, kuidas laps loeb.</dd>' in preview.text
        assert (await upload_and_publish(admin, READING)).status_code == 303
        async with logged_in(settings, "kati") as kati:
            assert "local.reading" not in listed((await kati.get("/toolbox")).text)
            await turn(admin, "local.reading", school["tartu"], enabled=True)
            learning = await kati.get("/toolbox?area=learning&age=7")
            assert listed(learning.text) == {"local.reading", "core.toolbox_learning"}
            assert "Lugemisoskuse sõel" in learning.text
            instrument = await kati.get("/toolbox/local.reading")
            assert instrument.status_code == 200
            assert "Kuula, kuidas laps loeb." in instrument.text
            await on_a_loaded_workflow(school["case"])
            case = await kati.get(f"/cases/{school['case']}")
            assert ">Lugemisoskuse sõel</a>" in case.text
            await turn(admin, "local.reading", school["tartu"], enabled=False)
            assert "local.reading" not in listed((await kati.get("/toolbox")).text)
            assert (await kati.get("/toolbox/local.reading")).status_code == 404


async def test_a_malformed_toolbox_block_gets_a_clear_message(settings, school):
    shapes = {
        "toolbox": {"area": "singing", "age_from": "six", "guidance": {"en": "Listen."}},
    }
    ranges = {"toolbox": {**READING["toolbox"], "age_from": 19, "age_to": 3}}
    async with logged_in(settings, "tartu.admin") as admin:
        bad = await upload(admin, {**READING, **shapes})
        out_of_range = await upload(admin, {**READING, **ranges})
        not_an_object = await upload(admin, {**READING, "toolbox": "learning"})
    assert bad.status_code == 400
    assert "<code>toolbox.area</code>: Tundmatu valdkond; oodati üht neist: speech," in bad.text
    assert "<code>toolbox.age_from</code>: Vanus on täisarv 0 kuni 18." in bad.text
    assert "<code>toolbox.age_to</code>: See puudub." in bad.text
    assert "<code>toolbox.guidance.et</code>: See puudub." in bad.text
    assert out_of_range.status_code == 400
    assert "<code>toolbox.age_from</code>: Vanus on täisarv 0 kuni 18." in out_of_range.text
    order = "<code>toolbox.age_from</code>: Alumine vanus on suurem kui ülemine."
    assert order in out_of_range.text
    assert not_an_object.status_code == 400
    assert "<code>toolbox</code>: Oodati objekti {…}." in not_an_object.text


def test_the_toolbox_block_is_read_and_written_and_absent_when_unused():
    for schema in INSTRUMENTS:
        assert read_schema(schema_json(schema)) == schema
    toolbox = schema_to_dict(SPEECH)["toolbox"]
    assert (toolbox["area"], toolbox["age_from"], toolbox["age_to"]) == ("speech", 2, 7)
    assert toolbox["guidance"]["et"].startswith("Kuidas kasutada:")
    assert toolbox["guidance"]["en"].startswith("How to use it:")
    plain = {key: value for key, value in READING.items() if key != "toolbox"}
    assert "toolbox" not in schema_to_dict(read_schema(json.dumps(plain)))
    assert read_schema(json.dumps(READING)).toolbox is not None
