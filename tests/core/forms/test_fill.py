"""Filling in a form through the pages: every field type renders, validates, keeps the input and
stores clean values."""

from __future__ import annotations

import re

import pytest

from core.forms.submissions import submissions_of_child
from tests.core.forms.conftest import FEEDBACK, submit_page

pytestmark = pytest.mark.anyio


def field_html(html: str, field_id: str) -> str:
    """The markup of one field: from its wrapper to the next field's wrapper."""
    start = html.rfind('class="field', 0, html.index(f'id="{field_id}"'))
    end = html.find('class="field', start + 20)
    return html[start : end if end != -1 else len(html)]


async def test_every_field_type_renders_with_labels_help_and_required_marks(kati, school):
    response = await kati.get(f"/forms/children/{school['mia']}/new/notes.feedback")
    assert response.status_code == 200
    html = response.text
    assert "<h1>Tagasiside</h1>" in html
    assert '<label for="f-summary">Kokkuvõte <span class="required">(kohustuslik)</span>' in html
    assert '<input id="f-summary" name="f.summary" value="" aria-required="true">' in html
    assert '<p class="help" id="f-details-help">Kirjuta vabalt.</p>' in html
    assert (
        '<textarea id="f-details" name="f.details" rows="4" aria-describedby="f-details-help">'
        in html
    )
    assert 'id="f-met_on" name="f.met_on" value="" placeholder="pp.kk.aaaa"' in html
    assert 'id="f-hours" name="f.hours" value="" inputmode="decimal"' in html
    assert '<input type="radio" name="f.mood" value="good"> Hea</label>' in html
    assert '<input type="checkbox" name="f.topics" value="friends"> Sõbrad</label>' in html
    assert '<input type="radio" name="f.agreed" value="yes"> Jah</label>' in html
    assert all(f'name="f.score" value="{n}">' in html for n in range(11))
    assert '<select id="f-contact" name="f.contact">' in html
    assert 'name="f.contact.q" type="search"' in html
    # A repeating group: one blank row and a button that adds another without JavaScript.
    assert 'name="f.steps.0.step"' in html and 'name="f.steps.1.step"' not in html
    assert 'name="_form_action" value="add:steps" formnovalidate' in html
    assert 'name="f.steps.0.owner"' in html


async def test_labels_follow_the_users_language(kati, school):
    response = await kati.get(f"/forms/children/{school['mia']}/new/notes.feedback?lang=en")
    assert "<h1>Feedback</h1>" in response.text
    assert 'Summary <span class="required">(required)</span>' in response.text
    assert 'id="f-met_on" name="f.met_on" value="" placeholder="dd.mm.yyyy"' in response.text


async def test_a_valid_form_is_saved_with_clean_values(kati, school):
    data = {**FEEDBACK, "f.contact": str(school["piret"]), "f.steps.0.owner": str(school["anne"])}
    response = await submit_page(kati, f"/forms/children/{school['mia']}/new/notes.feedback", data)
    assert response.status_code == 303
    [saved] = await submissions_of_child(school["mia"])
    assert response.headers["location"] == f"/forms/submissions/{saved.id}"
    assert (saved.form_key, saved.form_version, saved.case_id) == ("notes.feedback", 1, None)
    assert saved.values == {
        "summary": "Hea kohtumine",
        "details": "Rida üks\nRida kaks",
        "met_on": "2026-11-23",
        "hours": 2.5,
        "mood": "good",
        "topics": ["school", "friends"],
        "agreed": True,
        "score": 7,
        "contact": school["piret"],
        "steps": [{"step": "Helistada emale", "due": "2026-12-01", "owner": school["anne"]}],
    }
    page = await kati.get(f"/forms/submissions/{saved.id}")
    assert "Piret Põder (psühholoog, Tartu Kool)" in page.text
    assert "Anne Allik (õde, Tartu Kool)" in page.text
    assert "23.11.2026" in page.text and "2,5" in page.text and "Sõbrad" in page.text


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("f.summary", "", "See väli on kohustuslik."),
        ("f.summary", "kaks\nrida", "Kirjuta kuni 2000 märki ühele reale."),
        ("f.met_on", "31.02.2026", "Sellist kuupäeva kalendris ei ole."),
        ("f.met_on", "2026-11-23", "Sisesta kuupäev kujul pp.kk.aaaa, näiteks 23.11.2026."),
        ("f.hours", "palju", "Kirjuta arv, nt 12 või 3,5."),
        ("f.hours", "41", "Kirjuta arv vahemikus 0 kuni 40."),
        ("f.mood", "", "Vali vastus."),
        ("f.mood", "great", "Vali antud valikute seast."),
        ("f.topics", ["school", "work"], "Vali antud valikute seast."),
        ("f.agreed", "maybe", "Vasta jah või ei."),
        ("f.score", "11", "Vali täisarv 0 kuni 10."),
        ("f.contact", "999999", "Seda inimest kataloogis enam ei ole; vali keegi teine."),
    ],
)
async def test_bad_values_show_a_message_beside_the_field_and_keep_the_input(
    kati, school, field, value, message
):
    data = {**FEEDBACK, field: value}
    response = await submit_page(kati, f"/forms/children/{school['mia']}/new/notes.feedback", data)
    assert response.status_code == 400
    html = response.text
    field_id = field.replace(".", "-")
    assert f'<p class="error field-error" id="{field_id}-error">{message}</p>' in html
    assert "1 vastus vajab parandamist" in html
    # Everything typed is still there, the bad value included.
    assert 'value="Hea kohtumine"' in html or field == "f.summary"
    assert "Rida üks\nRida kaks</textarea>" in html
    assert 'name="f.topics" value="friends" checked' in html or field == "f.topics"
    assert 'value="Helistada emale"' in html
    if (
        isinstance(value, str)
        and value
        and field not in ("f.mood", "f.agreed", "f.score", "f.contact")
    ):
        assert f'value="{value}"' in html or f">{value}</textarea>" in html or "\n" in value
    assert await submissions_of_child(school["mia"]) == []


async def test_an_invalid_field_is_marked_for_assistive_technology(kati, school):
    data = {**FEEDBACK, "f.hours": "41"}
    html = (
        await submit_page(kati, f"/forms/children/{school['mia']}/new/notes.feedback", data)
    ).text
    assert re.search(
        r'<input id="f-hours" name="f.hours" value="41" inputmode="decimal" autocomplete="off"'
        r' aria-describedby="f-hours-error" aria-invalid="true" aria-required="true">',
        html,
    )


async def test_messages_follow_the_users_language(kati, school):
    await kati.get("/?lang=en")
    data = {**FEEDBACK, "f.summary": "", "f.hours": "41"}
    response = await submit_page(kati, f"/forms/children/{school['mia']}/new/notes.feedback", data)
    assert "This field is required." in response.text
    assert "Enter a number from 0 to 40." in response.text
    assert "2 answers need correcting" in response.text


async def test_a_required_row_field_is_checked_only_in_rows_that_hold_something(kati, school):
    path = f"/forms/children/{school['mia']}/new/notes.feedback"
    data = {
        **FEEDBACK,
        "f.steps.0.step": "",
        "f.steps.0.due": "",
        "f.steps.1.step": "",
        "f.steps.1.due": "05.12.2026",
    }
    response = await submit_page(kati, path, data)
    assert response.status_code == 400
    # The blank first row was left out; the second row moved up and needs its step.
    assert (
        '<p class="error field-error" id="f-steps-0-step-error">See väli on kohustuslik.</p>'
        in response.text
    )
    assert 'name="f.steps.0.due" value="05.12.2026"' in response.text


async def test_add_another_row_shows_the_form_again_without_saving(kati, school):
    path = f"/forms/children/{school['mia']}/new/notes.feedback"
    response = await submit_page(kati, path, {**FEEDBACK, "_form_action": "add:steps"})
    assert response.status_code == 200
    html = response.text
    assert 'name="f.steps.0.step" value="Helistada emale"' in html
    assert 'name="f.steps.1.step" value=""' in html and 'name="f.steps.2.step" value=""' in html
    assert "field-error" not in html
    assert await submissions_of_child(school["mia"]) == []


async def test_a_group_stops_at_its_most_rows(kati, school):
    path = f"/forms/children/{school['mia']}/new/notes.feedback"
    rows = {f"f.steps.{i}.step": f"samm {i}" for i in range(3)}
    html = (await submit_page(kati, path, {**FEEDBACK, **rows, "_form_action": "add:steps"})).text
    assert 'name="f.steps.2.step" value="samm 2"' in html
    assert 'name="f.steps.3.step"' not in html
    assert 'value="add:steps"' not in html


async def test_a_person_is_found_in_the_directory_without_javascript(kati, school):
    path = f"/forms/children/{school['mia']}/new/notes.feedback"
    data = {**FEEDBACK, "f.contact.q": "poder", "_form_action": "find:f.contact"}
    response = await submit_page(kati, path, data)
    assert response.status_code == 200
    select = field_html(response.text, "f-contact")
    assert (
        f'<option value="{school["piret"]}">Piret Põder (psühholoog, Tartu Kool)</option>' in select
    )
    assert "Anne Allik" not in select
    assert await submissions_of_child(school["mia"]) == []


async def test_a_form_on_a_case_is_saved_on_the_case(kati, school):
    response = await submit_page(
        kati, f"/forms/cases/{school['case']}/new/notes.feedback", FEEDBACK
    )
    assert response.status_code == 303
    [saved] = await submissions_of_child(school["mia"])
    assert saved.case_id == school["case"]


async def test_an_unknown_form_is_not_found(kati, school):
    assert (await kati.get(f"/forms/children/{school['mia']}/new/notes.nothing")).status_code == 404


async def test_a_directory_search_checks_nothing_adds_no_row_and_says_what_it_found(kati, school):
    path = f"/forms/children/{school['mia']}/new/core.noticing"
    data = {"f.tried.0.who.q": "poder", "_form_action": "find:f.tried.0.who"}
    response = await submit_page(kati, path, data)
    assert response.status_code == 200
    html = response.text
    assert "field-error" not in html and 'aria-invalid="true"' not in html
    assert 'name="f.tried.0.what"' in html and 'name="f.tried.1.what"' not in html
    assert (
        '<p class="help" role="status">Leiti 1 inimene; vali ta ülalolevast loendist.</p>' in html
    )
    nobody = {"f.tried.0.who.q": "keegieiole", "_form_action": "find:f.tried.0.who"}
    assert "Kataloogist ei leitud kedagi." in (await submit_page(kati, path, nobody)).text
