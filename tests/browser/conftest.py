"""A real Chromium (Debian's package) driven by Playwright."""

import os
import shutil

import pytest

CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path():
    return os.environ.get("HEAOLU_CHROMIUM") or shutil.which("chromium")


@pytest.fixture(scope="package")
def browser():
    """Closed when the browser tests end: Playwright's sync API keeps an event loop running in
    the main thread while it is open, which the async tests could not share."""
    executable = chromium_path()
    if not executable or os.environ.get("HEAOLU_SKIP_BROWSER"):
        if CI:
            pytest.fail("Chromium is required in CI (Debian's chromium package)")
        pytest.skip("Chromium is not installed: browser tests skipped")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, clean_database):
    context = browser.new_context(base_url=live_server, viewport={"width": 1366, "height": 768})
    page = context.new_page()
    yield page
    context.close()
