"""One submission: its view and print view, editing with optimistic locking, and who may see it."""

from __future__ import annotations

import re

import pytest

from core.audit.tables import AuditEvent
from core.cases.tables import CaseParticipant
from core.forms.submissions import get_submission, submissions_of_child
from tests.core.forms.conftest import FEEDBACK, logged_in, submit_page
from tests.helpers import csrf_from, post

pytestmark = pytest.mark.anyio


async def filled(client, school, on_case=False) -> int:
    where = f"cases/{school['case']}" if on_case else f"children/{school['mia']}"
    response = await submit_page(client, f"/forms/{where}/new/notes.feedback", FEEDBACK)
    assert response.status_code == 303, response.text
    return int(response.headers["location"].rsplit("/", 1)[1])


async def audit_rows(action):
    return (
        await AuditEvent.select(
            AuditEvent.user_id, AuditEvent.outcome, AuditEvent.object_type, AuditEvent.object_id
        )
        .where(AuditEvent.action == action)
        .order_by(AuditEvent.id)
    )


async def test_the_print_view_is_a_clean_read_only_sheet(kati, school):
    submission = await filled(kati, school)
    response = await kati.get(f"/forms/submissions/{submission}/print")
    assert response.status_code == 200
    html = response.text
    assert '<article class="print-sheet">' in html
    marking = html.split('<p class="print-marking">')[1].split("</p>")[0]
    assert '<strong lang="et">ASUTUSESISESEKS KASUTAMISEKS</strong>' in marking
    assert re.search(r"Prinditud \d\d\.\d\d\.\d{4} \d\d:\d\d:\d\d, printis Kati Kask", marking)
    assert "<h1>Tagasiside</h1>" in html
    assert "<dt>Laps</dt><dd>Mia Mets</dd>" in html
    assert "Kati Kask, Tartu Kool" in html
    assert '<dd class="text">Rida üks\nRida kaks</dd>' in html
    assert '<dd class="text">2,5</dd>' in html and '<dd class="text">Kool; Sõbrad</dd>' in html
    assert '<dd class="text">7 / 10</dd>' in html and '<dd class="text">Jah</dd>' in html
    assert "Helistada emale" in html and "01.12.2026" in html
    assert "<input" not in html.split('<article class="print-sheet">')[1]
    assert await audit_rows("form_submission.printed") == [
        {
            "user_id": school["kati"],
            "outcome": "allowed",
            "object_type": "form_submission",
            "object_id": str(submission),
        }
    ]


async def test_viewing_writes_one_audit_row(kati, school):
    submission = await filled(kati, school, on_case=True)
    response = await kati.get(f"/forms/submissions/{submission}")
    assert response.status_code == 200
    assert f'href="/cases/{school["case"]}"' in response.text
    assert len(await audit_rows("form_submission.viewed")) == 1


async def edit_page(client, submission):
    response = await client.get(f"/forms/submissions/{submission}/edit")
    assert response.status_code == 200
    return response.text


async def test_conflicting_saves_keep_both(settings, kati, school):
    submission = await filled(kati, school)
    edit = f"/forms/submissions/{submission}/edit"
    async with logged_in(settings, "mart") as mart:
        kati_page = await edit_page(kati, submission)
        mart_page = await edit_page(mart, submission)
        assert 'name="version" value="1"' in kati_page and 'name="version" value="1"' in mart_page
        kati_saves = await kati.post(
            edit,
            data={
                **FEEDBACK,
                "f.summary": "Kati kokkuvõte",
                "version": "1",
                "_csrf_token": csrf_from(kati_page),
            },
        )
        assert kati_saves.status_code == 303
        mart_saves = await mart.post(
            edit,
            data={
                **FEEDBACK,
                "f.summary": "Mardi kokkuvõte",
                "f.hours": "3",
                "version": "1",
                "_csrf_token": csrf_from(mart_page),
            },
        )
        # Mart gets the conflict page: both versions side by side, his input in the form.
        assert mart_saves.status_code == 409
        html = mart_saves.text
        assert "Sinu muudatusi ei salvestatud" in html
        assert (
            '<th scope="row">Kokkuvõte <span class="sample">erineb</span></th>\n'
            '      <td class="text">Kati kokkuvõte</td>\n'
            '      <td class="text">Mardi kokkuvõte</td>'
        ) in html
        assert '<td class="text">2,5</td>\n      <td class="text">3</td>' in html
        assert "Salvestaja Kati Kask" in html
        assert 'name="f.summary" value="Mardi kokkuvõte"' in html
        assert 'name="version" value="2"' in html
        saved = await get_submission(submission)
        assert (saved.values["summary"], saved.version) == ("Kati kokkuvõte", 2)

        # Saving again from the conflict page is a deliberate overwrite.
        again = await mart.post(
            edit,
            data={
                **FEEDBACK,
                "f.summary": "Mardi kokkuvõte",
                "version": "2",
                "_csrf_token": csrf_from(html),
            },
        )
        assert again.status_code == 303
    saved = await get_submission(submission)
    assert (saved.values["summary"], saved.version) == ("Mardi kokkuvõte", 3)
    assert [row["outcome"] for row in await audit_rows("form_submission.conflict")] == ["failed"]
    assert len(await audit_rows("form_submission.updated")) == 2


async def test_an_invalid_edit_is_shown_in_place_and_saves_nothing(kati, school):
    submission = await filled(kati, school)
    page = await edit_page(kati, submission)
    response = await kati.post(
        f"/forms/submissions/{submission}/edit",
        data={**FEEDBACK, "f.hours": "99", "version": "1", "_csrf_token": csrf_from(page)},
    )
    assert response.status_code == 400
    assert 'id="f-hours-error">Kirjuta arv vahemikus 0 kuni 40.</p>' in response.text
    assert 'name="version" value="1"' in response.text
    assert (await get_submission(submission)).version == 1


@pytest.mark.parametrize("on_case", [False, True])
async def test_someone_who_may_not_see_the_child_gets_404_and_an_audit_row(
    settings, kati, school, on_case
):
    submission = await filled(kati, school, on_case)
    async with logged_in(settings, "elva.coordinator") as outsider:
        for suffix in ("", "/print", "/edit"):
            response = await outsider.get(f"/forms/submissions/{submission}{suffix}")
            assert response.status_code == 404
            assert "Mia" not in response.text and "Hea kohtumine" not in response.text
        response = await post(
            outsider, f"/forms/submissions/{submission}/edit", {**FEEDBACK, "version": "1"}
        )
        assert response.status_code == 404
    denied = (
        await AuditEvent.select(AuditEvent.action, AuditEvent.object_type, AuditEvent.object_id)
        .where(
            (AuditEvent.outcome == "denied") & (AuditEvent.user_id == school["elva.coordinator"])
        )
        .order_by(AuditEvent.id)
    )
    object_type, object_id = ("case", school["case"]) if on_case else ("child", school["mia"])
    assert denied == [
        {"action": action, "object_type": object_type, "object_id": str(object_id)}
        for action in (
            "form_submission.viewed",
            "form_submission.printed",
            "form_submission.edit_opened",
            "form_submission.updated",
        )
    ]


async def test_another_organisation_sees_a_form_only_with_consent_and_cannot_change_it(
    settings, kati, school
):
    from datetime import date, timedelta

    from core.consent.tables import Consent
    from core.people.tables import Guardian, GuardianLink

    submission = await filled(kati, school, on_case=True)
    await CaseParticipant.insert(
        CaseParticipant(
            case=school["case"],
            user=school["elva.coordinator"],
            organisation=school["elva_school"],
            added_by=school["kati"],
        )
    )
    async with logged_in(settings, "elva.coordinator") as participant:
        # A participant sees the case, but the school's form crosses to Elva only with consent.
        assert (await participant.get(f"/forms/submissions/{submission}")).status_code == 404
        [mother] = await Guardian.insert(Guardian(given_name="Mari", family_name="Mets")).returning(
            Guardian.id
        )
        await GuardianLink.insert(
            GuardianLink(child=school["mia"], guardian=mother["id"], relation="mother")
        )
        await Consent.insert(
            Consent(
                child=school["mia"],
                guardian=mother["id"],
                purpose="core.cross_sector_case_work",
                data_scope="education",
                recipient_organisation=school["elva_school"],
                decision="given",
                valid_from=date.today() - timedelta(days=1),
                evidence_kind="paper",
                recorded_by=school["kati"],
            )
        )
        view = await participant.get(f"/forms/submissions/{submission}")
        assert view.status_code == 200
        assert "/edit" not in view.text
        assert (await participant.get(f"/forms/submissions/{submission}/edit")).status_code == 403


async def test_a_form_switched_off_for_the_municipality_is_absent(settings, kati, school):
    submission = await filled(kati, school)
    async with logged_in(settings, "tartu.admin") as admin:
        off = await post(admin, "/admin/forms/notes.feedback", {"enabled": "0"})
        assert off.status_code == 303
    assert (
        await kati.get(f"/forms/children/{school['mia']}/new/notes.feedback")
    ).status_code == 404
    assert (await kati.get(f"/forms/submissions/{submission}")).status_code == 404
    listing = await kati.get(f"/forms/children/{school['mia']}")
    assert "notes.feedback" not in listing.text and "Tagasiside" not in listing.text
    assert "Märkamisleht" in listing.text


async def test_the_childs_forms_list_what_was_filled_in_and_what_can_be(kati, school):
    submission = await filled(kati, school)
    response = await kati.get(f"/forms/children/{school['mia']}")
    assert response.status_code == 200
    assert f'<a href="/forms/submissions/{submission}">Tagasiside</a>' in response.text
    assert (
        f'href="/forms/children/{school["mia"]}/new/core.noticing">Märkamisleht</a>'
        in response.text
    )
    assert [s.id for s in await submissions_of_child(school["mia"])] == [submission]


async def test_a_cases_submissions_answer_whether_a_form_was_filled_in(kati, school):
    from core.forms.submissions import has_submission, submissions_of_case

    assert not await has_submission(school["case"], "notes.feedback")
    on_case = await filled(kati, school, on_case=True)
    await filled(kati, school)
    assert [s.id for s in await submissions_of_case(school["case"])] == [on_case]
    assert await has_submission(school["case"], "notes.feedback")
    assert not await has_submission(school["case"], "core.noticing")
    assert [s.id for s in await submissions_of_child(school["mia"], without_case=True)] != [on_case]
