"""Filling in a form in a real browser, without relying on any script."""

import pytest

from tests.browser.conftest import log_in_page

pytestmark = pytest.mark.browser


@pytest.fixture
def school_ids(people_ids):
    from tests.conftest import run_async
    from tests.core.forms.conftest import make_school

    return run_async(lambda: make_school(people_ids))


def test_rows_are_added_and_enter_saves_the_form(page, school_ids):
    log_in_page(page, "kati")
    page.goto(f"/forms/children/{school_ids['mia']}/new/notes.feedback")
    page.get_by_label("Kokkuvõte").fill("Hea kohtumine")
    page.get_by_label("Samm", exact=False).first.fill("Helistada emale")
    page.get_by_role("button", name="Lisa veel üks rida").click()
    assert page.locator('input[name="f.steps.0.step"]').input_value() == "Helistada emale"
    page.locator('input[name="f.steps.1.step"]').fill("Kohtuda õpetajaga")

    # Enter in a text box saves (it does not search or add a row): the errors are shown in place.
    page.get_by_label("Kokkuvõte").press("Enter")
    page.wait_for_load_state()
    assert page.locator("#f-hours-error").inner_text() == "See väli on kohustuslik."
    assert page.get_by_label("Kokkuvõte").input_value() == "Hea kohtumine"
    assert page.locator('input[name="f.steps.1.step"]').input_value() == "Kohtuda õpetajaga"

    page.get_by_label("Tunde").fill("2")
    page.get_by_label("Hea", exact=True).check()
    page.locator('input[name="f.agreed"][value="yes"]').check()
    page.get_by_label("Tunde").press("Enter")
    page.wait_for_url("**/forms/submissions/*")
    assert "Kohtuda õpetajaga" in page.content()
