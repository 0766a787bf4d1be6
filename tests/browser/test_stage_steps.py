"""Stage III in a real browser: the case manager moves a case from the assessment to the
action plan and on to closing with one click per step after each form the step needs, and a
wrong date in a form or in a plan task comes back in place with what was typed."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in_page
from tests.browser.test_municipality import town  # noqa: F401 (the fixture `town`)
from tests.conftest import run_async

pytestmark = pytest.mark.browser


@pytest.fixture
def managed_case(town):  # noqa: F811 (the fixture imported above)
    """Mari Mets's case at the assessment stage, Tartu's case manager responsible."""
    from core.cases.tables import Case

    async def hand_to_case_manager():
        await Case.update({Case.responsible: town["tartu.casemanager"]}).where(
            Case.id == town["case"]
        )

    run_async(hand_to_case_manager)
    return town["case"]


def test_a_case_goes_from_assessment_to_plan_and_to_closing_one_click_after_each_form(
    page, managed_case
):
    case = managed_case
    log_in_page(page, "tartu.casemanager")
    page.goto(f"/cases/{case}")
    expect(page.locator(".facts").first).to_contain_text("Hindamine")

    # The step needs the assessment: its page links the form, which returns to the step.
    page.get_by_role("link", name="Edasi tegevusplaani juurde").click()
    page.get_by_role("link", name="Täida „Juhtumi hindamine”").click()
    page.get_by_label("Hindamise kuupäev").fill("31.02.2026")
    page.get_by_label("Lapse ja pere olukord").fill("Mari veedab õhtuid üksi linnas.")
    page.locator("form.form-sheet button[type=submit]").last.click()
    expect(page.locator(".field-error").first).to_be_visible()
    expect(page.get_by_label("Lapse ja pere olukord")).to_have_value(
        "Mari veedab õhtuid üksi linnas."
    )
    expect(page.get_by_label("Hindamise kuupäev")).to_have_value("31.02.2026")
    page.get_by_label("Hindamise kuupäev").fill("02.11.2026")
    page.locator("form.form-sheet button[type=submit]").last.click()
    page.wait_for_url(f"**/cases/{case}/steps/to_plan")
    expect(page.get_by_role("alert")).to_have_count(0)

    # One click takes the step.
    page.get_by_role("button", name="Edasi tegevusplaani juurde").click()
    page.wait_for_url(f"**/cases/{case}")
    expect(page.locator(".facts").first).to_contain_text("Valdkondadeülene tegevusplaan")

    # A task with a wrong date comes back in place, nothing typed lost.
    page.evaluate("window.stayedOnThePage = true")
    plan = page.locator("#plan")
    plan.locator("summary", has_text="Lisa ülesanne").click()
    plan.get_by_label("Ülesanne").fill("Leida Marile huviring")
    plan.get_by_label("Tähtaeg").fill("31.02.2031")
    plan.get_by_role("button", name="Lisa ülesanne").click()
    expect(plan.locator("#task-due-error")).to_contain_text("pp.kk.aaaa")
    expect(plan.get_by_label("Ülesanne")).to_have_value("Leida Marile huviring")
    expect(plan.get_by_label("Tähtaeg")).to_have_value("31.02.2031")
    plan.get_by_label("Tähtaeg").fill("01.03.2031")
    plan.get_by_role("button", name="Lisa ülesanne").click()
    expect(page.locator("li.task", has_text="Leida Marile huviring")).to_contain_text("01.03.2031")
    assert page.evaluate("window.stayedOnThePage") is True

    # Closing: the outcome is asked once, in the closing form; then one click closes.
    page.get_by_role("link", name="Lõpeta juhtum koos tulemusega").click()
    page.get_by_role("link", name="Täida „Juhtumi lõpetamine”").click()
    page.get_by_label("Eesmärgid saavutati", exact=True).check()
    page.get_by_label("Kokkuvõte").fill("Mari käib huviringis, õhtud on kodus.")
    page.locator("form.form-sheet button[type=submit]").last.click()
    page.wait_for_url(f"**/cases/{case}/steps/close")
    page.get_by_role("button", name="Lõpeta juhtum koos tulemusega").click()
    page.wait_for_url(re.compile(rf"/cases/{case}$"))
    facts = page.locator(".facts").first
    expect(facts).to_contain_text("Eesmärgid saavutati")
    expect(facts).not_to_contain_text("Järgmine vahehindamine")
    expect(page.get_by_role("link", name="Lõpeta juhtum koos tulemusega")).to_have_count(0)
