"""'Has this child been noticed with you?' in a real browser: Tartu's case manager asks Elva
whether a child is known, on a guardian's consent; Elva's case manager finds the child among
Elva's own and answers with a summary; Tartu sees only what was shared; both sides are audited.
Without consent only "known / not known" may be asked, on a legal basis; otherwise the question
is refused with a message naming the missing consent. The county coordinator sees no child."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in_page
from tests.conftest import run_async

pytestmark = pytest.mark.browser
SUMMARY = "Näidis: perenõustamine 2025. aastal, eesmärgid täideti."


async def _county(people_ids):
    """Tartu's and Elva's case managers and the county coordinator; Mari Mets of Tartu with a
    guardian's consent to asking Elva, Jaan Jõgi of Tartu with none, and Mari Mets of Elva."""
    from core.consent.demo import add_demo_consent
    from core.consent.recipients import Recipient
    from core.people.tables import Guardian, GuardianLink
    from plugins.county.requests.pages import PURPOSE
    from tests.core.people.conftest import make_child
    from tests.helpers import make_user

    ids = dict(people_ids)
    ids["tartu.casemanager"] = await make_user(
        "tartu.casemanager", ids["tartu_office"], "municipality_case_manager"
    )
    ids["elva.casemanager"] = await make_user(
        "elva.casemanager", ids["elva_office"], "municipality_case_manager"
    )
    await make_user("county.coordinator", ids["union"], "county_coordinator")
    ids["mari"] = await make_child("Mari", "Mets", date(2016, 5, 5), ids["tartu_office"])
    ids["jaan"] = await make_child("Jaan", "Jõgi", date(2015, 3, 3), ids["tartu_office"])
    await make_child("Mari", "Mets", date(2016, 5, 5), ids["elva_office"])
    [mother] = await Guardian.insert(Guardian(given_name="Anu", family_name="Mets")).returning(
        Guardian.id
    )
    await GuardianLink.insert(
        GuardianLink(child=ids["mari"], guardian=mother["id"], relation="mother")
    )
    await add_demo_consent(
        child_id=ids["mari"],
        guardian_id=mother["id"],
        purpose=PURPOSE,
        data_scope="all",
        recipient=Recipient(municipality_id=ids["elva"]),
        recorded_by=ids["tartu.casemanager"],
        valid_from=date.today() - timedelta(days=1),
    )
    return ids


@pytest.fixture
def county(people_ids):
    return run_async(lambda: _county(people_ids))


def _log_out(page):
    page.get_by_role("button", name="Logi välja").click()
    page.wait_for_url("**/login**")


def _ask(page, child: str, basis: str, explanation: str = ""):
    page.goto("/county/requests/new")
    page.get_by_label("Laps", exact=True).select_option(label=child)
    page.get_by_label("Omavalitsus, kellelt küsida").select_option(label="Elva vald")
    page.get_by_label("Küsimuse eesmärk").fill("Pere kolis Tartusse.")
    page.get_by_label(basis).check()
    if explanation:
        page.get_by_label("Miks seaduslik alus kehtib", exact=False).fill(explanation)
    page.get_by_role("button", name="Saada küsimus").click()


def _audited(actions: set[str]) -> set[str]:
    from core.audit.tables import AuditEvent

    async def found():
        rows = await AuditEvent.select(AuditEvent.action).where(
            AuditEvent.action.is_in(sorted(actions))
        )
        return {row["action"] for row in rows}

    return run_async(found)


def test_elva_answers_tartu_with_a_summary_and_tartu_sees_only_what_was_shared(page, county):
    log_in_page(page, "tartu.casemanager")
    _ask(page, "Mets, Mari (05.05.2016)", "Lapsevanema või eestkostja nõusolek")
    page.wait_for_url("**/county/requests/*")
    expect(page.get_by_text("Veel vastamata.")).to_be_visible()
    question = page.url
    _log_out(page)

    log_in_page(page, "elva.casemanager")
    page.get_by_role("link", name="Küsimused omavalitsustele").click()
    page.locator("#incoming-heading + .scroll table a").first.click()
    page.get_by_label("Nimi või isikukood").fill("Mets")
    page.get_by_role("button", name="Otsi", exact=True).click()
    expect(page.locator("#search-heading + p + form + ul")).to_contain_text("Mari Mets")
    page.get_by_label("teada", exact=True).check()
    page.get_by_label("Kokkuvõte, mida otsustad jagada", exact=False).fill(SUMMARY)
    page.get_by_label("Kontaktisik").fill("Ene Elva, 700 0000")
    page.get_by_role("button", name="Saada vastus").click()
    page.wait_for_url(question)
    _log_out(page)

    log_in_page(page, "tartu.casemanager")
    page.goto(question)
    expect(page.get_by_text(SUMMARY)).to_be_visible()
    expect(page.get_by_text("Ene Elva, 700 0000")).to_be_visible()
    expect(page.get_by_text("Otsi meie lapsi")).to_have_count(0)
    expect(page.locator("main")).not_to_contain_text("Elva vald, Mari Mets")
    assert _audited(
        {
            "county.request_asked",
            "county.request_viewed",
            "county.request_searched",
            "county.request_answered",
            "county.request_answer_read",
        }
    ) == {
        "county.request_asked",
        "county.request_viewed",
        "county.request_searched",
        "county.request_answered",
        "county.request_answer_read",
    }


def test_without_consent_only_known_or_not_known_on_a_legal_basis(page, county):
    log_in_page(page, "tartu.casemanager")
    _ask(page, "Jõgi, Jaan (03.03.2015)", "Lapsevanema või eestkostja nõusolek")
    expect(page.get_by_role("alert")).to_contain_text(
        "puudub lapsevanema või eestkostja kehtiv nõusolek"
    )
    expect(page.get_by_role("alert")).to_contain_text("Elva vald")
    _ask(page, "Jõgi, Jaan (03.03.2015)", "§ 27", "Kool teatas abivajavast lapsest.")
    page.wait_for_url("**/county/requests/*")
    question = page.url
    _log_out(page)

    log_in_page(page, "elva.casemanager")
    page.goto(question)
    expect(page.get_by_text("vasta ainult „teada“ või „ei ole teada“", exact=False)).to_be_visible()
    expect(page.get_by_label("Kokkuvõte, mida otsustad jagada", exact=False)).to_have_count(0)
    page.get_by_label("ei ole teada", exact=True).check()
    page.get_by_label("Kontaktisik").fill("Ene Elva")
    page.get_by_role("button", name="Saada vastus").click()
    page.wait_for_url(question)
    expect(page.get_by_text("ei ole teada", exact=True)).to_be_visible()
    _log_out(page)

    log_in_page(page, "county.coordinator")
    expect(page.get_by_role("link", name="Küsimused omavalitsustele")).to_have_count(0)
    page.goto(question)
    expect(page.locator("main")).not_to_contain_text("Jõgi")
