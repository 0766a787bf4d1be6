"""Notifications as a person with a browser meets them: the counter, the list, marking read."""

import pytest
from playwright.sync_api import expect

from tests.conftest import run_async

pytestmark = pytest.mark.browser


def notify_twice(user_id):
    from core.notifications import notify

    async def work():
        for n in (1, 2):
            await notify([user_id], "Access requested", f"/children/{n}")

    run_async(work)


def test_marking_read_updates_the_list_and_the_header_in_place(staff_page, people_ids):
    page = staff_page
    notify_twice(people_ids["tartu.cps"])
    page.goto("/")
    assert page.text_content("#notification-count .count") == "2 lugemata"
    page.click("#notification-count")
    page.wait_for_url("**/notifications")
    page.evaluate("window.stayedOnThePage = true")

    page.get_by_role("button", name="Märgi loetuks").first.click()
    expect(page.locator("li.unread")).to_have_count(1)
    expect(page.locator("#notification-count .count")).to_have_text("1 lugemata")
    page.get_by_role("button", name="Märgi kõik loetuks").click()
    expect(page.locator("li.unread")).to_have_count(0)
    expect(page.locator("#notification-count .count")).to_have_count(0)
    # htmx swapped the parts; the page was never reloaded.
    assert page.evaluate("window.stayedOnThePage") is True
