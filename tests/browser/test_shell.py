"""The page shell as a person with a browser meets it."""

import pytest

pytestmark = pytest.mark.browser


def test_the_home_page_is_estonian_with_htmx_loaded(staff_page):
    page = staff_page
    page.goto("/")
    assert page.get_attribute("html", "lang") == "et"
    assert page.text_content("h1") == "Minu töö"
    assert page.evaluate("window.htmx && window.htmx.version") == "2.0.11"
    # htmx reads its configuration from the page: no inline styles, no eval.
    assert page.evaluate("htmx.config.includeIndicatorStyles") is False
    assert page.evaluate("htmx.config.allowEval") is False
    # No settle-time transitions in the styles: a swap is finished when it is in place.
    assert page.evaluate("htmx.config.defaultSettleDelay") == 0


def test_a_search_in_place_is_not_kept_in_storage_and_back_loads_the_page(staff_page):
    page = staff_page
    page.goto("/directory")
    page.get_by_label("Valdkond").select_option(index=1)
    page.wait_for_url("**/directory?*")
    assert page.evaluate("sessionStorage.getItem('htmx-history-cache')") is None
    page.evaluate("window.beforeGoingBack = true")
    page.go_back()
    # The page is loaded afresh (not restored from a copy): the marker is gone.
    page.wait_for_function(
        "window.beforeGoingBack === undefined && document.readyState === 'complete'"
    )
    assert page.url.endswith("/directory")
    assert page.text_content("h1") == "Kontaktid"
    assert page.locator("form.filters").count() == 1


def test_choosing_english_is_remembered_across_pages(staff_page):
    page = staff_page
    page.goto("/")
    page.get_by_role("link", name="English").click()
    page.wait_for_url("**/?lang=en")
    assert page.get_attribute("html", "lang") == "en"
    page.goto("/account")
    assert page.text_content("h1") == "My account"
    page.goto("/no/such/page")
    assert page.get_attribute("html", "lang") == "en"
    assert page.text_content("h1") == "Page not found"


def test_the_skip_link_comes_first_and_moves_focus_to_the_content(staff_page):
    page = staff_page
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Liigu sisu juurde"
    assert page.is_visible(".skip-link")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_the_404_page_keeps_the_shell(page, tmp_path):
    response = page.goto("/no/such/page")
    assert response.status == 404
    assert page.get_attribute("html", "lang") == "et"
    assert page.text_content("h1") == "Lehte ei leitud"
    assert page.is_visible("nav.main-nav")
    page.screenshot(path=str(tmp_path / "404.png"))


def test_pages_run_under_the_content_security_policy_without_violations(staff_page):
    page = staff_page
    problems = []
    page.on(
        "console",
        lambda message: problems.append(message.text) if message.type == "error" else None,
    )
    for path in ("/", "/account", "/account/two-factor"):
        page.goto(path)
    assert page.evaluate("window.htmx.version") == "2.0.11"
    assert problems == []


def test_logging_out_from_the_header_ends_the_session(staff_page):
    page = staff_page
    page.goto("/account")
    page.get_by_role("button", name="Logi välja").click()
    page.wait_for_url("**/login")
    page.goto("/account")
    assert page.url.endswith("/login?next=/account")
