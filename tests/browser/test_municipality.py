"""Municipality case management in a real browser: a case handed to Tartu's case manager goes to a
round table whose agreement the police member fulfils from "my work"."""

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from core.i18n import format_date
from tests.browser.conftest import log_in_page
from tests.conftest import run_async

pytestmark = pytest.mark.browser
NEXT_WEEK = format_date(date.today() + timedelta(days=7))
AGREEMENT = "Noorsoopolitseinik vestleb perega."


async def _town(plugins, people_ids):
    """Tartu's case manager, welfare lead and police member, and Mari Mets of Tartu Kool with a
    case in case management for which the welfare lead is responsible."""
    from core.cases import engine
    from core.people.folding import fold
    from core.people.tables import Child, Organisation
    from plugins.municipality.casework.workflow import CASE_MANAGEMENT
    from tests.core.people.conftest import make_child
    from tests.helpers import make_user

    ids = dict(people_ids)
    office = ids["tartu_office"]
    [police] = await Organisation.insert(
        Organisation(
            name="Tartu politseijaoskond",
            folded_name=fold("Tartu politseijaoskond"),
            kind="police",
            sector="police",
            municipality=ids["tartu"],
        )
    ).returning(Organisation.id)
    ids["tartu.casemanager"] = await make_user(
        "tartu.casemanager", office, "municipality_case_manager", full_name="Kaie Korraldaja"
    )
    ids["tartu.welfare"] = await make_user(
        "tartu.welfare", office, "municipality_welfare_lead", full_name="Helle Heaolu"
    )
    ids["tartu.police"] = await make_user(
        "tartu.police", police["id"], "municipality_network_member", full_name="Peeter Politsei"
    )
    child_id = await make_child("Mari", "Mets", date(2016, 5, 5), ids["tartu_school"])
    await Child.update(
        {Child.registered_municipality: ids["tartu"], Child.residence_municipality: ids["tartu"]}
    ).where(Child.id == child_id)
    child = await Child.select().where(Child.id == child_id).first()
    ids["case"] = await engine.open_case(
        plugins,
        child=child,
        organisation_id=office,
        workflow=CASE_MANAGEMENT,
        responsible=ids["tartu.welfare"],
        reason="Mari veedab õhtuid üksi linnas.",
    )
    return ids


@pytest.fixture
def town(settings, people_ids):
    from core.plugins import build_plugins
    from tests.conftest import TEST_PLUGINS

    plugins = build_plugins(settings, TEST_PLUGINS)
    return run_async(lambda: _town(plugins, people_ids))


def log_out_page(page):
    page.get_by_role("button", name="Logi välja").click()
    page.wait_for_url("**/login**")


def test_a_handed_over_case_gets_a_round_table_whose_agreement_is_done_from_my_work(page, town):
    case = town["case"]
    log_in_page(page, "tartu.welfare")
    page.goto(f"/cases/{case}/handover")
    page.get_by_label("Kes juhtumi üle võtab").select_option(str(town["tartu.casemanager"]))
    page.get_by_label("Põhjus").fill("Vajab juhtumikorraldust.")
    page.get_by_role("button", name="Anna üle").click()
    page.wait_for_url(f"**/cases/{case}")
    log_out_page(page)

    # The case manager finds the handover in "my work" and accepts it.
    log_in_page(page, "tartu.casemanager")
    page.get_by_role("link", name="Mets, Mari").click()
    page.wait_for_url(f"**/cases/{case}")
    page.get_by_role("button", name="Võta juhtum vastu").click()
    page.wait_for_url(f"**/cases/{case}")
    expect(page.get_by_role("button", name="Võta juhtum vastu")).to_have_count(0)

    # A round table is convened from the case page.
    page.get_by_role("link", name="Kutsu kokku ümarlaud").click()
    page.wait_for_url(f"**/municipality/cases/{case}/round-tables*")
    page.get_by_label("Kuupäev").fill(NEXT_WEEK)
    page.get_by_label("Aeg").fill("14:00")
    page.get_by_label("Koht").fill("Tartu Linnavalitsus, ruum 201")
    page.get_by_label("Kokkukutsuja").select_option(label="Kaie Korraldaja")
    page.get_by_label("Protokollija").select_option(label="Kaie Korraldaja")
    page.get_by_role("button", name="Kutsu kokku", exact=True).click()
    page.wait_for_url(f"**/municipality/cases/{case}/round-tables/*")
    table_url = page.url.split("#")[0]

    # The police member is found across sectors and invited.
    page.get_by_label("Leia kutsutav inimene", exact=False).fill("Politsei")
    results = page.locator("#invite-results")
    expect(results).to_contain_text("Peeter Politsei")
    results.get_by_role("button", name="Kutsu").click()
    expect(page.locator("#invitees + ul")).to_contain_text("Peeter Politsei")

    page.get_by_label("Protokoll", exact=True).fill("Arutati Mari õhtuid ja huviringi.")
    page.get_by_role("button", name="Salvesta protokoll").click()
    page.wait_for_url("**#minutes")
    expect(page.get_by_label("Protokoll", exact=True)).to_have_value(
        "Arutati Mari õhtuid ja huviringi."
    )
    page.get_by_label("Mida kokku lepiti").fill(AGREEMENT)
    page.get_by_label("Vastutaja").select_option(label="Peeter Politsei")
    page.get_by_label("Tähtaeg", exact=False).fill(NEXT_WEEK)
    page.get_by_role("button", name="Lisa kokkulepe").click()
    agreement = page.locator("li.agreement", has_text=AGREEMENT)
    expect(agreement).to_contain_text("Peeter Politsei")
    expect(agreement).to_contain_text(NEXT_WEEK)
    log_out_page(page)

    # The police member sees the agreement in "my work" and marks it done in place.
    log_in_page(page, "tartu.police")
    expect(page.get_by_text("Täidetavad kokkulepped")).to_be_visible()
    page.get_by_role("link", name=AGREEMENT).click()
    page.wait_for_url(f"{table_url}#agreement-*")
    page.evaluate("window.stayedOnThePage = true")
    agreement = page.locator("li.agreement", has_text=AGREEMENT)
    agreement.get_by_label("Kuidas täideti").fill("Vestlus toimus.")
    agreement.get_by_role("button", name="Märgi tehtuks").click()
    expect(page.locator("li.agreement.done")).to_contain_text("tehtud")
    expect(page.locator("li.agreement.done")).to_contain_text("Vestlus toimus.")
    expect(page.get_by_role("button", name="Märgi tehtuks")).to_have_count(0)
    assert page.evaluate("window.stayedOnThePage") is True

    page.goto("/")
    expect(page.get_by_role("link", name=AGREEMENT)).to_have_count(0)
