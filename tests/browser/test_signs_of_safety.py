"""The Signs of Safety example plugin (examples/signs_of_safety, a third-party package) on the
demo county in a real browser: Tartu's child protection specialist maps the demo's case, records
the child's three houses, scales safety at two reviews and sees the chart; the same page answers
404 to an Elva vald user and to Tartu's case manager, whose role does no child-protection work.

Starts its own server on a copy of the demo database (`heaolu demo`), where the plugin is on for
Tartu linn only and its case is mapped twice."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_urgent_report import log_in, log_out
from tests.conftest import serve

pytestmark = pytest.mark.browser


@pytest.fixture
def demo_page(browser, demo_database_url):
    """A page on a server of the demo county with every installed plugin."""
    with serve(HEAOLU_DATABASE_URL=demo_database_url) as url:
        context = browser.new_context(base_url=url, viewport={"width": 1366, "height": 768})
        yield context.new_page()
        context.close()


def scale(page, day, answers):
    page.locator("#scale-review_on").fill(day)
    for row, (participant, score) in enumerate(answers, start=1):
        page.locator(f"#scale-participant_{row}").fill(participant)
        page.locator(f"#scale-score_{row}").fill(score)
    page.get_by_role("button", name="Salvesta vastused").click()
    page.wait_for_url("**/signs_of_safety/cases/*")


def test_child_protection_maps_hears_the_child_and_scales_safety(demo_page):
    page = demo_page
    log_in(page, "tartu.childprotection")
    page.locator("main a[href='/signs_of_safety/']").click()
    page.wait_for_url("**/signs_of_safety/")
    page.get_by_role("link", name="Kertu Turvaline").click()
    page.wait_for_url(re.compile(r".*/signs_of_safety/cases/\d+$"))
    address = page.url
    main = page.locator("main")
    expect(main).to_contain_text("Versioon 2")

    # A new version of the mapping: a pair left half-written is shown again, then corrected.
    page.locator("#mapping-held_on").fill("01.12.2026")
    page.locator("#mapping-participants").fill("Ema, isa, Kertu, lastekaitsespetsialist")
    page.locator("#mapping-future_danger").fill("Tüli võib korduda, kui isa joob.")
    page.locator("#mapping-working_well").fill("Isa käib nõustamisel.")
    page.locator("#mapping-danger_1").fill("Kertu kardab, kui isa karjub.")
    page.get_by_role("button", name="Salvesta kaardistamine").click()
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.locator("#mapping-goal_1")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#mapping-danger_1")).to_have_value("Kertu kardab, kui isa karjub.")
    page.locator("#mapping-goal_1").fill("Kodus on rahulik ja Kertu saab magada.")
    page.get_by_role("button", name="Salvesta kaardistamine").click()
    page.wait_for_url("**/signs_of_safety/cases/*")
    expect(main).to_contain_text("Versioon 3, 01.12.2026")
    expect(main).to_contain_text("Kodus on rahulik ja Kertu saab magada.")

    page.locator("#houses-heard_on").fill("02.12.2026")
    page.locator("#houses-heard_by").fill("Kati Kask")
    page.locator("#houses-worries").fill("Kui issi karjub, ma peidan end.")
    page.locator("#houses-good_things").fill("Vanaemaga mängime kaarte.")
    page.locator("#houses-dreams").fill("Et kodus oleks vaikne.")
    page.get_by_role("button", name="Salvesta kolm maja").click()
    page.wait_for_url("**/signs_of_safety/cases/*")
    expect(main).to_contain_text("02.12.2026 kuulas ära Kati Kask")
    expect(main).to_contain_text("Vanaemaga mängime kaarte.")

    scale(page, "03.12.2026", (("Ema", "7"), ("Kertu", "6")))
    scale(page, "17.12.2026", (("Ema", "8"), ("Kertu", "8")))
    chart = page.locator("svg.sos-chart")
    expect(chart).to_be_visible()
    expect(chart).to_have_attribute("role", "img")
    expect(chart.locator("polyline")).to_have_count(5)
    kertu = page.locator("table", has_text="Turvalisuse skaala igal vahehindamisel").locator(
        "tr", has_text="Kertu"
    )
    expect(kertu).to_contain_text("6")
    expect(kertu).to_contain_text("8")
    log_out(page)

    for username in ("elva.school.coordinator", "tartu.casemanager"):
        log_in(page, username)
        answer = page.goto(address)
        assert answer is not None and answer.status == 404, username
        log_out(page)
