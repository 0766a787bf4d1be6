"""A pupil's case at school, in a real browser on the demo county: the class teacher notices
Mirjam and asks the support-learning coordinator in; the coordinator accepts, then moves the
case to Elva Kool (another municipality), whose coordinator accepts it.

Starts its own server on a copy of the demo database (`heaolu demo`, every built-in plugin),
since the accounts under test are the demo's.
"""

import re

import pytest
from playwright.sync_api import expect

from core.demo import DEFAULT_DEMO_PASSWORD
from tests.conftest import serve

pytestmark = pytest.mark.browser


@pytest.fixture
def demo_page(browser, demo_database_url):
    with serve("installed", HEAOLU_DATABASE_URL=demo_database_url) as url:
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


def accept_from_my_work(page):
    """Open the case awaiting the user from "my work" and accept it."""
    page.get_by_role("link", name="Sild, Mirjam").first.click()
    page.wait_for_url(re.compile(r"/cases/\d+$"))
    page.get_by_role("button", name="Võta juhtum vastu").click()
    page.wait_for_url(re.compile(r"/cases/\d+$"))


def test_a_teacher_asks_the_coordinator_in_who_moves_the_case_to_elva(demo_page):
    page = demo_page
    log_in(page, "school.teacher")
    page.goto("/children")
    page.get_by_role("link", name="Sild, Mirjam").click()
    page.wait_for_url(re.compile(r"/children/\d+$"))
    child_id = page.url.rsplit("/", 1)[1]
    page.goto(f"/notice?child={child_id}")
    page.locator('input[name="f.danger"][value="no"]').check()
    page.get_by_label("Mida märkasid?").fill("Mirjam on tunnis väsinud ja ei jõua kaasa.")
    page.get_by_label("Millistes olukordades?").fill("Hommikustes tundides.")
    page.locator('input[name="f.parents_informed"][value="yes"]').check()
    page.get_by_role("button", name="Saada märkamisleht").click()
    page.wait_for_url(re.compile(r"/cases/\d+$"))
    case_path = "/cases/" + page.url.rsplit("/", 1)[1]
    main = page.locator("main")
    expect(main).to_contain_text("I etapp: klassijuhataja")
    expect(main).to_contain_text("3.a · I kooliaste")

    page.get_by_role("link", name="Kaasa tugiõppe koordinaator (HEVKO)").click()
    page.get_by_label("Kes juhtumi üle võtab").select_option(label="Helen Tugi, Annelinna Kool")
    page.get_by_label("Põhjus").fill("Vajab tugiõppe koordinaatori tuge.")
    page.get_by_role("button", name="Kaasa tugiõppe koordinaator (HEVKO)").click()
    page.wait_for_url(f"**{case_path}")
    expect(main).to_contain_text("Helen Tugi")
    log_out(page)

    log_in(page, "school.coordinator")
    accept_from_my_work(page)
    expect(main).to_contain_text("II etapp: tugiõppe koordinaator (HEVKO)")
    page.get_by_role("link", name="Anna juhtum üle teisele koolile").click()
    page.get_by_label("Kool").select_option(label="Elva Kool (Elva vald)")
    page.get_by_role("button", name="Vali kool").click()
    page.get_by_label("Tugiõppe koordinaator (HEVKO): Elva Kool").select_option(label="Maris Elvik")
    page.get_by_label("Põhjus").fill("Pere kolib Elva.")
    page.get_by_role("button", name="Anna juhtum üle").click()
    page.wait_for_url(f"**{case_path}")
    expect(main).to_contain_text("Elva Kool")
    log_out(page)

    log_in(page, "elva.school.coordinator")
    accept_from_my_work(page)
    expect(main).to_contain_text("II etapp: tugiõppe koordinaator (HEVKO)")
    expect(main).to_contain_text("Maris Elvik")
    log_out(page)

    log_in(page, "school.coordinator")
    assert page.goto(case_path).status == 404
