"""The case timeline: adding entries (htmx swaps only the timeline), problems shown in place,
sensitive entries, entries from another sector shown only with consent, corrections kept in
history, and paging."""

from datetime import UTC, date, datetime, timedelta

import pytest

from core.cases.tables import CaseEntry, CaseEntryRevision
from core.consent.tables import Consent
from core.i18n import format_date
from core.people.folding import fold
from core.people.tables import ContactPerson
from tests.core.cases.conftest import case_row, hx_post, open_case, switch
from tests.helpers import post

pytestmark = pytest.mark.anyio
NOTE = "Mari tuli täna kooli rõõmsana ja mängis vahetunnis teistega."
SENSITIVE_TEXT = "Kooliõde: astmahoog kehalise kasvatuse tunnis, inhalaator kotis."
SENSITIVE_NOTICE = "Siin on tundlik sissekanne; sinu roll ei või seda lugeda."
NOT_SHARED = "Sinuga pole jagatud."


def entry_form(**fields):
    return {"kind": "note", "body": NOTE, "sensitivity": "none", "occurred_on": "", **fields}


async def add_entry(client, case_id, **fields):
    path = f"/cases/{case_id}/entries"
    return await post(client, path, entry_form(**fields), f"/cases/{case_id}")


async def bodies(case_id):
    rows = await CaseEntry.select(CaseEntry.body).where(CaseEntry.case == case_id)
    return [row["body"] for row in rows]


async def test_adding_an_entry_with_htmx_answers_only_the_timeline(notes_client, casework):
    case_id = await open_case(notes_client, casework)
    response = await hx_post(
        notes_client, f"/cases/{case_id}/entries", entry_form(), f"/cases/{case_id}"
    )
    assert response.status_code == 200, response.text
    html = response.text
    assert "<html" not in html and "<header" not in html
    assert html.lstrip().startswith('<section class="panel" id="timeline"')
    assert NOTE in html
    # The form is there again, ready for the next entry.
    assert f'hx-post="/cases/{case_id}/entries"' in html
    assert NOTE in await bodies(case_id)


async def test_adding_an_entry_without_htmx_redirects_to_the_timeline(notes_client, casework):
    case_id = await open_case(notes_client, casework)
    response = await add_entry(
        notes_client, case_id, kind="family_contact", occurred_on=format_date(date(2026, 1, 5))
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/cases/{case_id}#timeline"
    entry = await CaseEntry.select().where(CaseEntry.body == NOTE).first()
    assert (entry["kind"], entry["occurred_on"], entry["author"]) == (
        "family_contact",
        date(2026, 1, 5),
        casework["teacher"],
    )
    page = (await notes_client.get(f"/cases/{case_id}")).text
    assert NOTE in page and "05.01.2026" in page


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "plain"])
@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"body": "   "}, "Kirjuta sissekande tekst."),
        ({"kind": "stage_change"}, "Vali sissekande liik."),
        ({"kind": "gossip"}, "Vali sissekande liik."),
        ({"sensitivity": "secret"}, "Vali, kas sissekanne on tundlik."),
        ({"occurred_on": "2026-01-05"}, "Kirjuta kuupäev kujul pp.kk.aaaa."),
    ],
    ids=["empty text", "engine kind", "unknown kind", "bad sensitivity", "bad date"],
)
async def test_bad_input_is_shown_in_place_keeping_what_was_typed(
    notes_client, casework, fields, message, htmx
):
    case_id = await open_case(notes_client, casework)
    before = await bodies(case_id)
    typed = {**entry_form(kind="meeting", occurred_on="05.01.2026"), **fields}
    path = f"/cases/{case_id}/entries"
    if htmx:
        response = await hx_post(notes_client, path, typed, f"/cases/{case_id}")
    else:
        response = await post(notes_client, path, typed, f"/cases/{case_id}")
    assert response.status_code == 400
    html = response.text
    assert message in html
    assert ("<html" in html) is not htmx
    assert "<details open>" in html  # the form is open, its message beside it
    if typed["kind"] == "meeting":
        assert '<option value="meeting" selected>' in html
    assert f">{typed['body']}</textarea>" in html
    assert f'value="{typed["occurred_on"]}"' in html
    assert await bodies(case_id) == before


async def test_a_date_in_the_future_is_refused(notes_client, casework):
    case_id = await open_case(notes_client, casework)
    tomorrow = format_date(date.today() + timedelta(days=1))
    response = await add_entry(notes_client, case_id, occurred_on=tomorrow)
    assert response.status_code == 400
    assert "Kuupäev ei saa olla tulevikus." in response.text
    assert NOTE not in await bodies(case_id)


@pytest.mark.parametrize(
    ("sensitivity", "writer", "readers", "others"),
    [
        ("health", "nurse", ["nurse"], ["teacher", "coordinator"]),
        ("child_protection", "teacher", [], ["teacher", "coordinator", "nurse"]),
    ],
)
async def test_a_sensitive_entry_is_read_only_by_roles_allowed_its_category(
    notes_client, casework, sensitivity, writer, readers, others
):
    case_id = await open_case(notes_client, casework)
    await switch(notes_client, writer)
    # The teacher may not read child protection entries: the form asks her to confirm.
    response = await add_entry(
        notes_client,
        case_id,
        body=SENSITIVE_TEXT,
        sensitivity=sensitivity,
        unreadable_confirmed="1",
    )
    assert response.status_code == 303
    entry = await CaseEntry.select().where(CaseEntry.body == SENSITIVE_TEXT).first()
    for username in readers:
        await switch(notes_client, username)
        page = (await notes_client.get(f"/cases/{case_id}")).text
        assert SENSITIVE_TEXT in page
    for username in others:
        await switch(notes_client, username)
        for path in (
            f"/cases/{case_id}",
            f"/cases/{case_id}/timeline",
            f"/cases/{case_id}/print",
        ):
            html = (await notes_client.get(path)).text
            assert SENSITIVE_TEXT not in html, (username, path)
            assert "astmahoog" not in html, (username, path)
            assert f'id="entry-{entry["id"]}"' in html, (username, path)
            assert SENSITIVE_NOTICE in html, (username, path)


async def test_child_protection_reads_a_child_protection_entry_once_escalated(
    notes_client, casework
):
    case_id = await open_case(notes_client, casework)
    await add_entry(
        notes_client,
        case_id,
        body=SENSITIVE_TEXT,
        sensitivity="child_protection",
        unreadable_confirmed="1",
    )
    version = str((await case_row(case_id))["version"])
    escalated = await post(
        notes_client,
        f"/cases/{case_id}/escalate",
        {
            "version": version,
            "receiver": str(casework["tartu.cps"]),
            "legal_basis": "child_protection_act_27",
            "reason": "Laps vajab abi.",
        },
        f"/cases/{case_id}/escalate",
    )
    assert escalated.status_code == 303
    await switch(notes_client, "tartu.cps")
    page = (await notes_client.get(f"/cases/{case_id}")).text
    assert SENSITIVE_TEXT in page
    assert NOTE not in page  # the teacher never wrote a plain note here


async def add_doctor_as_participant(client, casework, case_id):
    """The teacher adds the family doctor (health sector) from the directory."""
    [contact] = await ContactPerson.insert(
        ContactPerson(
            organisation=casework["doctors"],
            name="Dr Arst",
            post="perearst",
            email="arst@example.ee",
            search_text=fold("Dr Arst perearst"),
        )
    ).returning(ContactPerson.id)
    response = await post(
        client,
        f"/cases/{case_id}/participants",
        {"contact": str(contact["id"]), "task": "tervise andmed"},
        f"/cases/{case_id}",
    )
    assert response.status_code == 303


async def test_another_sector_sees_entries_only_once_the_guardian_consents(notes_client, casework):
    case_id = await open_case(notes_client, casework)
    await add_entry(notes_client, case_id)
    await add_doctor_as_participant(notes_client, casework, case_id)
    await switch(notes_client, "doctor")
    page = (await notes_client.get(f"/cases/{case_id}")).text
    assert page.count(NOT_SHARED) >= 2  # the note and the noticing entry
    assert NOTE not in page
    # The doctor's own entry is theirs to read.
    await add_entry(notes_client, case_id, body="Perearst: tervis korras.")
    assert "Perearst: tervis korras." in (await notes_client.get(f"/cases/{case_id}")).text

    await Consent.insert(
        Consent(
            child=casework["child"],
            guardian=casework["mother"],
            purpose="core.cross_sector_case_work",
            data_scope="education",
            recipient_sector="health",
            decision="given",
            valid_from=date.today() - timedelta(days=1),
            evidence_kind="paper",
            recorded_by=casework["coordinator"],
        )
    )
    page = (await notes_client.get(f"/cases/{case_id}")).text
    assert NOTE in page
    assert NOT_SHARED not in page


async def test_a_consent_for_another_purpose_shares_nothing(notes_client, casework):
    case_id = await open_case(notes_client, casework)
    await add_entry(notes_client, case_id)
    await add_doctor_as_participant(notes_client, casework, case_id)
    await Consent.insert(
        Consent(
            child=casework["child"],
            guardian=casework["mother"],
            purpose="core.share_with_municipality",
            data_scope="all",
            recipient_sector="health",
            decision="given",
            valid_from=date.today() - timedelta(days=1),
            evidence_kind="paper",
            recorded_by=casework["coordinator"],
        )
    )
    await switch(notes_client, "doctor")
    page = (await notes_client.get(f"/cases/{case_id}")).text
    assert NOTE not in page and NOT_SHARED in page


async def correct(client, case_id, entry_id, **data):
    path = f"/cases/{case_id}/entries/{entry_id}/correct"
    return await post(client, path, data, path)


async def test_a_correction_keeps_the_earlier_text_in_history(notes_client, casework):
    case_id = await open_case(notes_client, casework)
    await add_entry(notes_client, case_id)
    entry = await CaseEntry.select().where(CaseEntry.body == NOTE).first()
    form = (await notes_client.get(f"/cases/{case_id}/entries/{entry['id']}/correct")).text
    assert NOTE in form
    corrected = "Mari tuli täna kooli rõõmsana."
    response = await correct(
        notes_client,
        case_id,
        entry["id"],
        body=corrected,
        reason="Vahetunni osa oli teise lapse kohta.",
        version=str(entry["version"]),
    )
    assert response.status_code == 303
    saved = await CaseEntry.select().where(CaseEntry.id == entry["id"]).first()
    assert (saved["body"], saved["revisions"], saved["version"]) == (corrected, 1, 2)
    [revision] = await CaseEntryRevision.select().where(CaseEntryRevision.entry == entry["id"])
    assert (revision["body"], revision["corrected_by"]) == (NOTE, casework["teacher"])
    page = (await notes_client.get(f"/cases/{case_id}")).text
    assert corrected in page
    assert "Parandatud 1 kord" in page
    assert f"<s>{NOTE}</s>" in page
    assert "Vahetunni osa oli teise lapse kohta." in page


async def test_a_correction_needs_a_reason_and_keeps_the_typed_text(notes_client, casework):
    case_id = await open_case(notes_client, casework)
    await add_entry(notes_client, case_id)
    entry = await CaseEntry.select().where(CaseEntry.body == NOTE).first()
    response = await correct(
        notes_client, case_id, entry["id"], body="Uus tekst.", version=str(entry["version"])
    )
    assert response.status_code == 400
    assert "Kirjuta, miks sissekannet parandatakse." in response.text
    assert ">Uus tekst.</textarea>" in response.text
    assert await CaseEntryRevision.count() == 0
    assert NOTE in await bodies(case_id)


async def test_a_correction_over_a_newer_one_keeps_both_texts(notes_client, casework):
    case_id = await open_case(notes_client, casework)
    await add_entry(notes_client, case_id)
    entry = await CaseEntry.select().where(CaseEntry.body == NOTE).first()
    first = await correct(
        notes_client, case_id, entry["id"], body="Esimene.", reason="Üks.", version="1"
    )
    assert first.status_code == 303
    stale = await correct(
        notes_client, case_id, entry["id"], body="Teine.", reason="Kaks.", version="1"
    )
    assert stale.status_code == 409
    assert "Esimene." in stale.text and ">Teine.</textarea>" in stale.text
    assert 'name="version" value="2"' in stale.text
    assert "Esimene." in await bodies(case_id)


async def test_only_the_author_may_correct_an_entry(notes_client, casework):
    case_id = await open_case(notes_client, casework)
    await add_entry(notes_client, case_id)
    entry = await CaseEntry.select().where(CaseEntry.body == NOTE).first()
    path = f"/cases/{case_id}/entries/{entry['id']}/correct"
    assert f'href="{path}"' in (await notes_client.get(f"/cases/{case_id}")).text
    await switch(notes_client, "coordinator")
    page = (await notes_client.get(f"/cases/{case_id}")).text
    assert NOTE in page and f'href="{path}"' not in page
    assert (await notes_client.get(path)).status_code == 404
    response = await correct(
        notes_client, case_id, entry["id"], body="Võõras tekst.", reason="x", version="1"
    )
    assert response.status_code == 404
    assert await CaseEntryRevision.count() == 0
    assert NOTE in await bodies(case_id)


async def test_engine_entries_cannot_be_corrected(notes_client, casework):
    case_id = await open_case(notes_client, casework)
    [opening] = await CaseEntry.select().where(CaseEntry.case == case_id)
    assert opening["author"] == casework["teacher"]
    path = f"/cases/{case_id}/entries/{opening['id']}/correct"
    assert (await notes_client.get(path)).status_code == 404


async def test_a_long_timeline_is_paged_with_older_entries_on_the_next_page(notes_client, casework):
    case_id = await open_case(notes_client, casework)
    start = datetime.now(UTC) + timedelta(minutes=1)
    await CaseEntry.insert(
        *(
            CaseEntry(
                case=case_id,
                kind="note",
                body=f"Märge nr {n:02d}.",
                occurred_on=date.today(),
                author=casework["teacher"],
                author_organisation=casework["tartu_school"],
                created_at=start + timedelta(seconds=n),
            )
            for n in range(1, 26)
        )
    )
    newest = [f"Märge nr {n:02d}." for n in range(25, 5, -1)]
    oldest = [f"Märge nr {n:02d}." for n in range(5, 0, -1)]
    page = (await notes_client.get(f"/cases/{case_id}")).text
    assert all(text in page for text in newest)
    assert not any(text in page for text in oldest)
    assert [page.index(text) for text in newest] == sorted(page.index(t) for t in newest)
    assert f'href="/cases/{case_id}/timeline?page=2"' in page

    more = await notes_client.get(
        f"/cases/{case_id}/timeline?page=2", headers={"HX-Request": "true"}
    )
    assert more.status_code == 200
    assert "<html" not in more.text
    assert all(text in more.text for text in oldest)
    assert not any(text in more.text for text in newest)
    assert "Juhtum algatati märkamislehe põhjal." in more.text  # the first entry of all
    assert "timeline?page=3" not in more.text
    # Without JavaScript the link opens a page of its own.
    plain = await notes_client.get(f"/cases/{case_id}/timeline?page=2")
    assert plain.status_code == 200
    assert "<html" in plain.text and all(text in plain.text for text in oldest)
