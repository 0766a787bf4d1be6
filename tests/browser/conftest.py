"""A real Chromium (Debian's package) driven by Playwright."""

import os
import shutil

import pytest

# The launch flags the low-end benchmark uses too.
from bench.lowend import CHROMIUM_ARGS

CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


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


@pytest.fixture
def people_ids(settings, clean_database):
    from core import db
    from core.plugins import build_plugins
    from tests.conftest import TEST_PLUGINS, run_async
    from tests.helpers import make_people

    db.bind_tables(db.engine_for(settings), build_plugins(settings, TEST_PLUGINS).piccolo_apps)
    return run_async(make_people)


def log_in_page(page, username, password=None):
    from tests.helpers import PASSWORD

    page.goto("/login")
    page.get_by_label("Kasutajanimi").fill(username)
    page.get_by_label("Parool").fill(password or PASSWORD)
    page.get_by_role("button", name="Logi sisse").click()
    page.wait_for_url("**/")


@pytest.fixture
def staff_page(page, people_ids):
    """A browser page logged in as Tartu's child protection specialist."""
    log_in_page(page, "tartu.cps")
    return page
