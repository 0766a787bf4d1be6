"""Every page type, in Estonian and in English, the page after each kind of htmx swap and pages
showing errors, checked with axe-core (vendored under tests/browser/vendor, MPL-2.0) in a real
Chromium: no serious or critical violation of WCAG 2.1 A and AA.

The pages are those the demo accounts reach on `heaolu demo`'s database: each account walks, in
the browser, every same-site link and GET form from `/`, and each page type (a path with its ids
replaced, and its query's names) is checked once per language, by the first account that
reaches it; each page must also reflow in a 640 px viewport and keep its navigation on one line
at 1366 px. The focus outline's contrast and a print view are checked here too.
"""

from __future__ import annotations

import re
from collections import deque
from pathlib import Path
from urllib.parse import parse_qsl, urljoin, urlsplit

import pytest

from core.auth.sessions import SESSION_COOKIE
from core.demo import DEFAULT_DEMO_PASSWORD
from core.i18n import LANGUAGE_COOKIE
from tests.conftest import database_made_by, serve

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe-core-4.14.1.min.js"
# The success criteria of WCAG 2.1 levels A and AA that axe-core checks.
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
WIDE = {"width": 1366, "height": 768}
NARROW = {"width": 640, "height": 768}
SERIOUS = {"serious", "critical"}
ACCOUNTS = (
    "admin",
    "tartu.admin",
    "tartu.childprotection",
    "tartu.casemanager",
    "elva.casemanager",
    "tartu.welfare",
    "tartu.networklead",
    "tartu.education",
    "tartu.police",
    "school.teacher",
    "school.coordinator",
    "county.coordinator",
    "county.specialist",
)
SKIPPED_PATHS = ("/logout", "/static/", "/-/")
# Downloads (CSV, evidence files) are not pages.
DOWNLOADS = re.compile(r"\.csv$|/export|/evidence|/download|/attachments/")


def violations(page) -> list[str]:
    """axe-core's serious and critical violations on the page as it is now, one line each."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    # Only the violations are read: axe then keeps one node of each passed or inapplicable rule
    # instead of all, which halves its time on a long page.
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
        " resultTypes: ['violations']})",
        WCAG_21_AA,
    )
    return [
        f"{page.url}: {found['id']} ({found['impact']}) at {node['target']}: "
        + node["failureSummary"]
        for found in result["violations"]
        if found["impact"] in SERIOUS
        for node in found["nodes"]
    ]


def reflow_problems(page) -> list[str]:
    """What does not reflow at 200 % zoom of a 1280 px screen (a 640 px wide viewport): the page
    scrolls sideways, beyond what scrolls inside its own box."""
    page.set_viewport_size(NARROW)
    wide = page.evaluate("document.documentElement.scrollWidth")
    page.set_viewport_size(WIDE)
    if wide > NARROW["width"]:
        return [f"{page.url}: {wide} px wide in a {NARROW['width']} px viewport"]
    return []


def navigation_problems(page) -> list[str]:
    """The main navigation takes one line on a 1366 px screen."""
    lines = page.eval_on_selector_all(
        ".main-nav li", "items => new Set(items.map(item => item.offsetTop)).size"
    )
    return [f"{page.url}: the navigation takes {lines} lines"] if lines > 1 else []


# A form's or step's name in a path (`core.noticing`, `school.individual_plan`).
FORM_NAME = re.compile(r"/[a-z_]+\.[a-z_]+(?=/|$)")
# The page that shows a form's fields as a user fills them: every form is checked there.
FORM_FILLED = re.compile(r"^/forms/children/\d+/new/")


def shape(address: str) -> tuple[str, tuple[str, ...]]:
    """What makes a page type: the path with its ids, and a form's name, left out, and the
    query's names. The page where a form is filled in keeps the form's name: each form's fields
    are checked once, there; its other pages (the administrator's preview, the same form on a
    case, the toolbox's checklist and its print view) render the same macros."""
    parts = urlsplit(address)
    keys = tuple(sorted({key for key, _ in parse_qsl(parts.query)} - {"lang"}))
    path = parts.path if FORM_FILLED.match(parts.path) else FORM_NAME.sub("/{form}", parts.path)
    return re.sub(r"/\d+", "/0", path), keys


# Links, and GET forms (filters, searches) as sent with their default values.
ADDRESSES = """() => [
  ...[...document.querySelectorAll("a[href]")].map(a => a.href),
  ...[...document.querySelectorAll("form:not([method=post i])")].map(form => {
    // getAttribute: a field named "action" shadows form.action.
    const target = new URL(form.getAttribute("action") || "", location.href);
    target.hash = "";
    target.search = new URLSearchParams(new FormData(form));
    return target.href;
  }),
]"""


def links(page, base: str) -> list[str]:
    """The same-site pages ``page`` leads to."""
    found = []
    for href in page.evaluate(ADDRESSES):
        parts = urlsplit(urljoin(page.url, href))
        if f"{parts.scheme}://{parts.netloc}" != base:
            continue
        path = parts.path or "/"
        if path.startswith(SKIPPED_PATHS) or DOWNLOADS.search(path):
            continue
        found.append(path + (f"?{parts.query}" if parts.query else ""))
    return found


def log_in(page, username: str) -> None:
    page.context.clear_cookies(name=SESSION_COOKIE)
    page.goto("/login")
    page.locator("#username").fill(username)
    page.locator("#password").fill(DEFAULT_DEMO_PASSWORD)
    page.locator("form[action='/login'] button[type=submit]").click()
    page.wait_for_url(lambda url: "/login" not in url)


def walk(page, base: str, username: str, checked: set, problems: list[str]) -> None:
    """Check every page type the account reaches that no earlier account did."""
    queue, queued = deque(["/"]), {"/"}
    while queue:
        address = queue.popleft()
        if address != "/" and shape(address) in checked:
            continue
        response = page.goto(address)
        if response is None or not response.headers.get("content-type", "").startswith("text/html"):
            continue
        if shape(address) not in checked:
            checked.add(shape(address))
            wrong = violations(page) + reflow_problems(page) + navigation_problems(page)
            problems += [f"{username} {line}" for line in wrong]
        for next_address in links(page, base):
            if next_address not in queued and shape(next_address) not in checked:
                queued.add(next_address)
                queue.append(next_address)


@pytest.fixture
def demo_server(demo_database_url):
    """A server of its own, for a test that changes what the others would see."""
    with serve("installed", HEAOLU_DATABASE_URL=demo_database_url) as url:
        yield url


@pytest.fixture(scope="module")
def reading_server(tmp_path_factory, command_templates):
    """One server on one copy of the demo for the tests that change nothing another sees (they
    log in and read, or send forms that are refused): a server's start is seconds."""
    from core.settings import Settings

    settings = Settings.from_env()
    directory = tmp_path_factory.mktemp("demo")
    with (
        database_made_by(("demo",), settings, directory, command_templates) as database_url,
        serve("installed", HEAOLU_DATABASE_URL=database_url) as url,
    ):
        yield url


# Each language's check of the markup runs once: Estonian in the SQLite run, English in the
# PostgreSQL run (`markup_second`), so that the two runs take about as long.
LANGUAGES = ["et", pytest.param("en", marks=pytest.mark.markup_second)]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.markup
def test_every_page_type_has_no_serious_accessibility_violation(browser, reading_server, language):
    """About 100 page types, each also checked for reflow and a one-line navigation: about a
    minute a language, nearly all of it axe-core's work in the browser."""
    # axe-core is injected as an inline script, which the app's content security policy refuses
    # (test_shell checks that the app's own pages keep to it).
    context = browser.new_context(base_url=reading_server, viewport=WIDE, bypass_csp=True)
    context.add_cookies([{"name": LANGUAGE_COOKIE, "value": language, "url": reading_server}])
    page = context.new_page()
    checked: set = set()
    problems: list[str] = []
    for username in ACCOUNTS:
        log_in(page, username)
        walk(page, reading_server, username, checked, problems)
    context.close()
    assert len(checked) > 40
    # The example third-party plugin's pages, which the demo turns on for Tartu linn.
    signs = {path for path, _ in checked if path.startswith("/signs_of_safety/")}
    assert {"/signs_of_safety/", "/signs_of_safety/quality", "/signs_of_safety/cases/0"} <= signs
    # Every page of the county plugin.
    assert unchecked_county_pages({path for path, _ in checked}) == []
    assert not problems, "\n".join(problems)


def unchecked_county_pages(checked_paths: set[str]) -> list[str]:
    """The county plugin's GET pages (a handler at any of its paths, ids as 0) not checked."""
    from plugins.county.hooks import PARTS

    missing = []
    for part in PARTS:
        for handler in part.routes:
            if "GET" not in handler.http_methods:
                continue
            shapes = {
                ("/county" + re.sub(r"\{\w+:int\}", "0", path)).rstrip("/")
                for path in handler.paths
            }
            if not shapes & checked_paths:
                missing.append(sorted(shapes)[0])
    return sorted(missing)


WATCH_SWAP = """() => {
  window.swapped = false;
  document.addEventListener("htmx:beforeSwap", event => {
    window.focusedBefore = document.activeElement;
    window.swapTarget = event.detail.target.id;
  }, {once: true});
  document.addEventListener("htmx:afterSettle", () => { window.swapped = true }, {once: true});
}"""
# Focus stays on the control it was on, or is in the new content.
FOCUS_KEPT = """() => {
  const focused = document.activeElement;
  const content = document.getElementById(window.swapTarget);
  return (window.focusedBefore.isConnected && focused === window.focusedBefore)
    || (content !== null && content.contains(focused));
}"""


def swap(page, action) -> list[str]:
    """Do ``action``, wait for its htmx swap to settle and be announced, and say what is wrong
    then: focus neither kept nor in the new content, or axe-core's serious and critical
    violations."""
    page.evaluate(WATCH_SWAP)
    action()
    page.wait_for_function(
        "window.swapped && document.getElementById('live-region').textContent !== ''"
    )
    kept = page.evaluate(FOCUS_KEPT)
    return ([] if kept else [f"{page.url}: focus was lost in the swap"]) + violations(page)


@pytest.mark.parametrize("language", ["et", "en"])
def test_each_kind_of_htmx_swap_keeps_focus_announces_and_has_no_serious_violation(
    browser, demo_server, language
):
    """A search's results, an entry added to the timeline, a task added to the plan and ticked
    off, an agreement marked done and an activity's status changed, each replacing a part of its
    page."""
    context = browser.new_context(base_url=demo_server, viewport=WIDE, bypass_csp=True)
    context.add_cookies([{"name": LANGUAGE_COOKIE, "value": language, "url": demo_server}])
    page = context.new_page()
    problems: list[str] = []

    log_in(page, "tartu.casemanager")
    page.goto("/directory")
    problems += swap(page, lambda: page.locator("#q").fill("kool"))

    page.goto("/cases/1")
    page.locator("details:has(#entry-body) > summary").click()
    page.locator("#entry-body").fill("Helistasin emale.")
    problems += swap(page, lambda: page.locator("form:has(#entry-body) button").click())

    page.locator("details:has(#task-title) > summary").click()
    page.locator("#task-title").fill("Kokku leppida kohtumine kooliga")
    # The plan's forms post with htmx too: adding the task is a swap of its own.
    problems += swap(page, lambda: page.locator("form:has(#task-title) button").click())
    problems += swap(page, lambda: page.locator("li.task form button").first.click())

    page.goto("/municipality/cases/1/round-tables/1")
    agreement = page.locator("li.agreement form").first
    agreement.locator("input[name=note]").fill("Tehtud.")
    problems += swap(page, lambda: agreement.locator("button").click())

    log_in(page, "tartu.networklead")
    page.goto("/municipality/meetings")
    activity = page.locator("tr[id^=activity-] form").first
    activity.locator("select").select_option("planned")
    problems += swap(page, lambda: activity.locator("button").click())
    context.close()
    assert not problems, "\n".join(problems)


def contrast(first: str, second: str) -> float:
    """WCAG's contrast ratio of two computed colours (``rgb(r, g, b)``)."""

    def luminance(colour: str) -> float:
        channels = [int(part) / 255 for part in re.findall(r"\d+", colour)[:3]]
        r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


FOCUS = """() => {
  const element = document.activeElement;
  if (element === document.body) return null;
  let behind = element.parentElement;
  while (getComputedStyle(behind).backgroundColor === "rgba(0, 0, 0, 0)") {
    behind = behind.parentElement;
  }
  return [getComputedStyle(element).outlineColor, getComputedStyle(behind).backgroundColor,
          getComputedStyle(element).outlineStyle, element.closest("header") !== null];
}"""


def test_the_focus_outline_reaches_3_to_1_in_the_header_and_the_page(browser, reading_server):
    page = browser.new_context(base_url=reading_server, viewport=WIDE).new_page()
    log_in(page, "tartu.casemanager")
    page.goto("/")
    seen = {True: [], False: []}
    for _ in range(30):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUS)
        if focused is None:  # past the page's last control
            break
        outline, background, style, in_header = focused
        assert style == "solid"
        seen[in_header].append(contrast(outline, background))
    page.context.close()
    assert seen[True] and seen[False]
    assert min(seen[True] + seen[False]) >= 3, seen


def test_a_print_view_shows_the_marked_document_alone_on_a4(browser, reading_server):
    page = browser.new_context(base_url=reading_server, viewport=WIDE).new_page()
    log_in(page, "tartu.casemanager")
    page.goto("/cases/1/print")
    page.emulate_media(media="print")
    # A4 portrait less the 15 mm margins: 180 mm at 96 px an inch.
    page.set_viewport_size({"width": 680, "height": 1000})
    assert not page.is_visible(".site-header")
    assert not page.is_visible(".main-nav")
    marking = page.text_content(".print-marking")
    assert "ASUTUSESISESEKS KASUTAMISEKS" in marking
    assert "Kaie Korraldaja" in marking
    assert page.evaluate("document.documentElement.scrollWidth") <= 680
    assert page.pdf(format="A4")[:4] == b"%PDF"
    page.context.close()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.markup
def test_pages_showing_errors_have_no_serious_violation(browser, reading_server, language):
    """What no link leads to: a failed login, a missing page, a form sent back with its errors, a
    filter that cannot be read, and an htmx form answered 400 with its errors in place."""
    context = browser.new_context(base_url=reading_server, viewport=WIDE, bypass_csp=True)
    context.add_cookies([{"name": LANGUAGE_COOKIE, "value": language, "url": reading_server}])
    page = context.new_page()
    problems: list[str] = []

    page.goto("/login")
    page.locator("#username").fill("tartu.welfare")
    page.locator("#password").fill("not the password")
    page.locator("form[action='/login'] button[type=submit]").click()
    page.wait_for_selector("#login-error")
    problems += violations(page)
    assert page.goto("/no/such/page").status == 404
    problems += violations(page)

    log_in(page, "tartu.casemanager")
    page.goto("/notice")
    page.locator("form[action='/notice'] p > button[type=submit]").click()
    page.wait_for_selector(".field-error, .error")
    problems += violations(page) + reflow_problems(page)
    assert page.goto("/toolbox?age=kolm").status == 400
    problems += violations(page) + reflow_problems(page)

    page.goto("/cases/1")
    page.locator("details:has(#entry-body) > summary").click()
    page.locator("#entry-body").fill(" ")
    problems += swap(page, lambda: page.locator("form:has(#entry-body) button").click())
    assert page.is_visible("#timeline [role=alert] li")

    page.locator("a[href^='/county/services/new']").click()
    page.locator("form[action='/county/services'] button[type=submit]").click()
    page.wait_for_selector("#error-summary")
    problems += violations(page) + reflow_problems(page)

    log_in(page, "county.coordinator")
    page.goto("/county/agreements/cooperation")
    page.locator("#cooperation-values_text").fill(" ")
    page.locator("form[action='/county/agreements/cooperation'] button[type=submit]").click()
    page.wait_for_selector(".error")
    problems += violations(page) + reflow_problems(page)

    # The Signs of Safety example plugin (on for Tartu linn in the demo): a mapping sent empty.
    log_in(page, "tartu.childprotection")
    page.goto("/signs_of_safety/")
    page.locator("a[href^='/signs_of_safety/cases/']").first.click()
    page.locator("form[action$='/mappings'] button[type=submit]").click()
    page.wait_for_selector("#error-summary")
    problems += violations(page) + reflow_problems(page)
    context.close()
    assert not problems, "\n".join(problems)
