"""A case from noticing to the coordinator, in a real browser, on the casework test workflow."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in_page
from tests.conftest import run_async

pytestmark = pytest.mark.browser


@pytest.fixture
def casework_ids(people_ids):
    from tests.core.cases.conftest import make_casework

    return run_async(lambda: make_casework(people_ids))


def test_a_teacher_notices_a_child_and_the_coordinator_takes_the_case_over(
    page, browser, live_server, casework_ids
):
    # The teacher notices Mari with the noticing sheet; the case opens at stage I.
    log_in_page(page, "teacher")
    page.goto(f"/notice?child={casework_ids['child']}")
    page.locator('input[name="f.danger"][value="no"]').check()
    page.get_by_label("Mida märkasid?").fill("Mari on tunnis endassetõmbunud.")
    page.get_by_label("Millistes olukordades?").fill("Rühmatöös ja vahetunnis.")
    # "Add another row" swaps the group of what has been tried in place (htmx): the page stays,
    # what was typed stays, and the focus stays on the button.
    page.evaluate("window.stayedOnThePage = true")
    page.get_by_label("Mida tehti?").fill("Vestlus lapsega")
    page.get_by_role("button", name="Lisa veel üks rida").click()
    expect(page.locator('input[name="f.tried.1.what"]')).to_be_visible()
    expect(page.locator('input[name="f.tried.0.what"]')).to_have_value("Vestlus lapsega")
    expect(page.get_by_role("button", name="Lisa veel üks rida")).to_be_focused()
    assert page.evaluate("window.stayedOnThePage") is True
    page.locator('input[name="f.tried.1.what"]').fill("Kohtumine emaga")
    page.locator('input[name="f.parents_informed"][value="yes"]').check()
    page.get_by_role("button", name="Saada märkamisleht").click()
    page.wait_for_url(re.compile(r"/cases/\d+$"))
    case_path = page.url.removeprefix(live_server)
    expect(page.locator(".facts").first).to_contain_text("Stage I: class teacher")
    expect(page.locator(".facts").first).to_contain_text("Tiina Õpetaja")

    # A timeline entry is added in place: htmx swaps the timeline, the page stays. A wrong
    # date comes back in place too, with what was typed.
    page.evaluate("window.stayedOnThePage = true")
    timeline = page.locator("#timeline")
    timeline.locator("summary").click()
    timeline.get_by_label("Tekst").fill("Vestlus emaga, lepiti kokku kohtumine.")
    timeline.get_by_label("Kuupäev").fill("01.01.2099")
    timeline.locator('button[type="submit"]').click()
    expect(timeline.get_by_role("alert")).to_contain_text("Kuupäev ei saa olla tulevikus.")
    expect(timeline.get_by_label("Tekst")).to_have_value("Vestlus emaga, lepiti kokku kohtumine.")
    timeline.get_by_label("Kuupäev").fill("")
    timeline.locator('button[type="submit"]').click()
    expect(page.locator("#timeline .entry-body").first).to_have_text(
        "Vestlus emaga, lepiti kokku kohtumine."
    )
    assert page.evaluate("window.stayedOnThePage") is True

    # A plan task is added (a plain form) and ticked in place (htmx swaps its row).
    plan = page.locator("#plan")
    plan.locator("summary", has_text="Lisa ülesanne").click()
    plan.get_by_label("Ülesanne").fill("Kohtuda vanematega")
    plan.get_by_label("Vastutaja").select_option(label="Tiina Õpetaja")
    plan.get_by_label("Tähtaeg").fill("01.12.2031")
    plan.get_by_role("button", name="Lisa ülesanne").click()
    task = page.locator("li.task", has_text="Kohtuda vanematega")
    expect(task).to_have_class(re.compile(r"\btask-open\b"))
    page.evaluate("window.stayedOnThePage = true")
    task.get_by_role("button", name="Märgi tehtuks: Kohtuda vanematega").click()
    expect(task).to_have_class(re.compile(r"\btask-done\b"))
    expect(task.get_by_role("button", name="Märgi tegemata: Kohtuda vanematega")).to_be_visible()
    assert page.evaluate("window.stayedOnThePage") is True

    # Passing to stage II is a handover the coordinator must accept.
    page.get_by_role("link", name="Pass to stage II").click()
    page.get_by_label("Kes juhtumi üle võtab").select_option(label="Kadri Koordinaator, Tartu Kool")
    page.get_by_label("Põhjus").fill("Vajab tugiõpet.")
    page.get_by_role("button", name="Pass to stage II").click()
    page.wait_for_url(f"**{case_path}")
    expect(page.locator(".facts").first).to_contain_text("Tiina Õpetaja")

    # The coordinator sees the handover on "my work", accepts it and is responsible.
    context = browser.new_context(base_url=live_server)
    coordinator = context.new_page()
    log_in_page(coordinator, "coordinator")
    handovers = coordinator.locator("section", has_text="Mulle üle antud juhtumid")
    handovers.get_by_role("link", name="Mets, Mari").click()
    coordinator.get_by_role("button", name="Võta juhtum vastu").click()
    coordinator.wait_for_url(f"**{case_path}")
    facts = coordinator.locator(".facts").first
    expect(facts).to_contain_text("Stage II: support coordinator")
    expect(facts).to_contain_text("Kadri Koordinaator")
    expect(facts).not_to_contain_text("Tiina Õpetaja")
    context.close()
