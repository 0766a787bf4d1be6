"""A child in danger, on the demo county in a real browser: the police network member sends a
noticing sheet saying the child is in danger; Tartu's child protection specialist finds it first
in their work list, marked urgent, and accepts it into a case with concern high; the police
member is notified and sees who accepted it.

Needs a few seconds more than most browser tests: it starts its own server on a copy of the
demo database (`heaolu demo`), since the accounts and work lists under test are the demo's.
"""

import pytest
from playwright.sync_api import expect

from core.demo import DEFAULT_DEMO_PASSWORD
from tests.conftest import serve

pytestmark = pytest.mark.browser
CHILD = ("Karl", "Kuusk", "14.03.2015")


@pytest.fixture
def demo_page(browser, demo_database_url):
    """A page on a server of the demo county with the built-in plugins only."""
    with serve(HEAOLU_DATABASE_URL=demo_database_url, HEAOLU_PLUGINS="municipality") as url:
        context = browser.new_context(base_url=url, viewport={"width": 1366, "height": 768})
        yield context.new_page()
        context.close()


def log_in(page, username):
    page.goto("/login")
    page.get_by_label("Kasutajanimi").fill(username)
    page.get_by_label("Parool").fill(DEFAULT_DEMO_PASSWORD)
    page.get_by_role("button", name="Logi sisse").click()
    page.wait_for_url("**/")


def log_out(page):
    page.get_by_role("button", name="Logi välja").click()
    page.wait_for_url("**/login**")


def send_sheet_of_a_child_in_danger(page):
    page.goto("/notice")
    page.get_by_role("button", name="Saada märkamisleht").click()
    # Every missing answer at once, the summary focused and the title saying so.
    expect(page).to_have_title("Vead: Märkamisleht · heaolu")
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.locator("#notice-given")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#f-noticed")).to_have_attribute("aria-invalid", "true")
    given, family, born = CHILD
    page.locator("#notice-given").fill(given)
    page.locator("#notice-family").fill(family)
    page.locator("#notice-born").fill(born)
    page.locator("#notice-municipality").select_option(label="Tartu linn")
    page.locator("#f-danger").get_by_label("Jah").check()
    page.locator("#f-noticed").fill("Karl ütles, et ei julge koju minna; tal oli näol sinikas.")
    page.locator("#f-situations").fill("Õhtul bussijaamas.")
    page.locator("#f-parents_informed").get_by_label("Ei").check()
    page.get_by_role("button", name="Saada märkamisleht").click()
    page.wait_for_url("**/notice/sent/*")
    expect(page.locator("main")).to_contain_text("Kiireloomuline.")
    expect(page.locator("main")).to_contain_text("Kätte saadud; ootab vastuvõtmist.")


def test_a_police_report_of_a_child_in_danger_reaches_child_protection_first(demo_page):
    page = demo_page
    log_in(page, "tartu.police")
    send_sheet_of_a_child_in_danger(page)
    log_out(page)

    log_in(page, "tartu.childprotection")
    first_panel = page.locator("main section").first
    expect(first_panel).to_contain_text("Vastuvõtmist ootavad märkamisteated")
    first_report = first_panel.locator("li").first
    expect(first_report).to_contain_text("Kiireloomuline")
    expect(first_report).to_contain_text("Kuusk, Karl")
    first_report.get_by_role("link").click()
    page.wait_for_url("**/reports/*")
    expect(page.locator("#accept-concern")).to_have_value("high")
    page.get_by_role("button", name="Võta vastu ja algata juhtum").click()
    page.wait_for_url("**/cases/*")
    expect(page.locator("main")).to_contain_text("Kõrge")
    expect(page.locator("main")).to_contain_text("Lastekaitse")
    log_out(page)

    log_in(page, "tartu.police")
    page.goto("/notifications")
    page.get_by_role("link", name="Sinu märkamisteade võeti vastu").click()
    page.wait_for_url("**/notice/sent/*")
    expect(page.locator("main")).to_contain_text("Võttis vastu Kati Kask")
    expect(page.locator("main")).not_to_contain_text("Kuusk")
