"""The kindergarten in a real browser: the group teacher notices Mia and asks the coordinator in;
the coordinator accepts, draws up the support plan and a goal of the action plan and hands the
case to Tartu's case manager, who accepts; the readiness card goes to a school whose consent the
parents gave, and not to one they did not."""

import re
from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in_page
from tests.conftest import run_async

pytestmark = pytest.mark.browser


async def _garden(people_ids):
    from core.consent.tables import Consent
    from tests.plugins.kindergarten.conftest import make_garden

    ids = await make_garden(people_ids)
    await Consent.insert(
        Consent(
            child=ids["mia"],
            guardian=ids["maie"],
            purpose="kindergarten.school_readiness_card",
            data_scope="education",
            recipient_organisation=ids["school"],
            decision="given",
            valid_from=date.today() - timedelta(days=1),
            evidence_kind="paper",
            recorded_by=ids["kg.coordinator"],
        )
    )
    return ids


@pytest.fixture
def garden(people_ids):
    return run_async(lambda: _garden(people_ids))


def log_out_page(page):
    page.get_by_role("button", name="Logi välja").click()
    page.wait_for_url("**/login**")


def test_a_case_goes_from_the_group_teacher_through_the_coordinator_to_the_municipality(
    page, live_server, garden
):
    # The group teacher notices Mia: the case opens at stage I with her responsible.
    log_in_page(page, "kg.teacher")
    page.goto(f"/notice?child={garden['mia']}")
    page.locator('input[name="f.danger"][value="no"]').check()
    page.get_by_label("Mida märkasid?").fill("Mia ei lähe teiste lastega mängu.")
    page.get_by_label("Millistes olukordades?").fill("Hommikuringis ja vabas mängus.")
    page.locator('input[name="f.parents_informed"][value="yes"]').check()
    page.get_by_role("button", name="Saada märkamisleht").click()
    page.wait_for_url(re.compile(r"/cases/\d+$"))
    case_path = page.url.removeprefix(live_server)
    expect(page.locator(".facts").first).to_contain_text("I etapp: rühmaõpetaja")
    expect(page.locator(".facts").first).to_contain_text("Riina Rühm")

    # She asks the coordinator in: a handover the coordinator accepts.
    ask = "Kaasa tugiteenuste koordinaator (koordinaator algatab juhtumi)"
    page.get_by_role("link", name=ask).click()
    page.get_by_label("Kes juhtumi üle võtab").select_option(
        label="Kertu Koordinaator, Annelinna Lasteaed"
    )
    page.get_by_label("Põhjus").fill("Minu tugi ei piisa.")
    page.get_by_role("button", name=ask).click()
    page.wait_for_url(f"**{case_path}")
    log_out_page(page)

    log_in_page(page, "kg.coordinator")
    handovers = page.locator("section", has_text="Mulle üle antud juhtumid")
    handovers.get_by_role("link", name="Mägi, Mia").click()
    page.get_by_role("button", name="Võta juhtum vastu").click()
    page.wait_for_url(f"**{case_path}")
    facts = page.locator(".facts").first
    expect(facts).to_contain_text("II etapp: tugiteenuste koordinaator (AEVKO)")
    expect(facts).to_contain_text("Kertu Koordinaator")

    # A goal of the action plan, added in place.
    plan = page.locator("#plan")
    plan.locator("summary", has_text="Lisa eesmärk").click()
    plan.get_by_role("textbox", name="Eesmärk").fill("Mia mängib kaaslastega.")
    plan.get_by_role("button", name="Lisa eesmärk").click()
    expect(plan.locator("article.goal")).to_contain_text("Mia mängib kaaslastega.")

    # Stage III needs the support plan: the step links to it and comes back after saving.
    hand = "Anna üle omavalitsuse juhtumikorraldajale"
    page.get_by_role("link", name=hand).click()
    page.get_by_role("link", name="Individuaalne arenduskava").click()
    page.get_by_label("Koostamise kuupäev").fill(date.today().strftime("%d.%m.%Y"))
    page.get_by_label("Lapse tugevused").fill("Näidis: joonistab hea meelega.")
    page.get_by_label("Sotsiaalne ja emotsionaalne areng").check()
    page.get_by_label("Vahehindamise kuupäev").fill(
        (date.today() + timedelta(days=90)).strftime("%d.%m.%Y")
    )
    page.get_by_role("button", name="Salvesta").click()
    page.wait_for_url("**/steps/to_municipality")
    page.get_by_label("Kes juhtumi üle võtab").select_option(
        label="Kaie Korraldaja, Tartu Linnavalitsus"
    )
    page.get_by_label("Põhjus").fill("Pere vajab tuge väljastpoolt lasteaeda.")
    page.get_by_role("button", name=hand).click()
    page.wait_for_url(f"**{case_path}")
    log_out_page(page)

    log_in_page(page, "tartu.casemanager")
    page.locator("section", has_text="Mulle üle antud juhtumid").get_by_role(
        "link", name="Mägi, Mia"
    ).click()
    page.get_by_role("button", name="Võta juhtum vastu").click()
    page.wait_for_url(f"**{case_path}")
    facts = page.locator(".facts").first
    expect(facts).to_contain_text("III etapp: omavalitsuse juhtumikorraldaja")
    expect(facts).to_contain_text("Kaie Korraldaja")


def test_the_readiness_card_goes_to_the_school_with_consent_and_not_without(page, garden):
    log_in_page(page, "kg.coordinator")
    page.get_by_role("link", name="Kooliminek").click()
    page.get_by_role("link", name="Mia Mägi").click()
    page.get_by_role("link", name="Täida koolivalmiduskaart").click()
    page.get_by_label("Täitmise kuupäev").fill(date.today().strftime("%d.%m.%Y"))
    for label in (
        "Mänguoskused",
        "Tunnetus- ja õpioskused",
        "Sotsiaalsed oskused",
        "Enesekohased oskused",
        "Mina ja keskkond",
        "Keel ja kõne",
        "Matemaatika",
        "Kunst",
        "Muusika",
        "Liikumine",
    ):
        field = page.get_by_label(re.compile(f"^{label}"))
        field.fill(f"Näidis: {label.lower()} eakohased.")
    page.get_by_role("button", name="Salvesta").click()
    page.wait_for_url("**/forms/submissions/*")
    page.goto(f"/kindergarten/school/children/{garden['mia']}")

    # Without the parents' consent for Elva Gümnaasium the card is refused, saying so.
    page.get_by_label("Kool", exact=True).select_option(label="Elva Gümnaasium (Elva vald)")
    page.get_by_role("button", name="Näita saajaid").click()
    page.get_by_label(re.compile("^Saaja koolis")).select_option(label="Ell Gümnaasium")
    page.get_by_role("button", name="Edasta kaart").click()
    summary = page.locator("#error-summary")
    expect(summary).to_contain_text("Koolivalmiduskaardi edastamine koolile")
    expect(summary).to_contain_text("Elva Gümnaasium")
    expect(page.get_by_text("Pole veel edastatud.")).to_be_visible()

    # With it, Annelinna Kool's receiver gets the card.
    page.get_by_label("Kool", exact=True).select_option(label="Annelinna Kool (Tartu linn)")
    page.get_by_role("button", name="Näita saajaid").click()
    page.get_by_label(re.compile("^Saaja koolis")).select_option(label="Sirje Kool")
    page.get_by_role("button", name="Edasta kaart").click()
    expect(page.get_by_text("Annelinna Kool: Sirje Kool")).to_be_visible()
    log_out_page(page)

    log_in_page(page, "school.coordinator")
    page.locator("section", has_text="Mulle edastatud koolivalmiduskaardid").get_by_role(
        "link", name="Mia Mägi"
    ).click()
    expect(page.locator("h1")).to_contain_text("Koolivalmiduskaart: Mia Mägi")
    expect(page.locator("main")).to_contain_text("Näidis: matemaatika eakohased.")
