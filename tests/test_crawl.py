"""The crawl: every demo account walks every page it can reach, and no page fails or shows a
child the access rules keep from it.

`heaolu demo` seeds its own database once for this module (a SQLite file, or a fresh PostgreSQL
database when HEAOLU_TEST_DATABASE_URL is set) with every installed plugin, as the demo runs.
Then each account it prints logs in and follows, breadth-first from `/`, every same-site link
(`href` and `hx-get`), submits every GET form with its default values, and opens the GET page of
every POST form's action (a form's own page, such as `/admin/users/new`). Nothing is posted, so
one account's crawl changes nothing the next one sees but audit rows.

Two things are asserted for every page of every account: the status is below 500, and no child
outside the account's reach appears by full name or isikukood. The reach is asked of the access
module for the account's own `CurrentUser` (`children_in_scope`, and the children of
`visible_cases`), so the oracle follows the access rules wherever they go. Three record kinds
live outside that module: the municipality plugin's register of children at home, which holders
of `municipality.home_children.manage` keep for their municipality, the Rajaleidja decisions
shared with a municipality, which holders of `municipality.rajaleidja.view` list there
(docs/municipality.md), and the cross-municipality cases that name a municipality, whose child's
name its case managers see (docs/county.md).
"""

from __future__ import annotations

import asyncio
import html
import os
import re
import secrets
from collections import Counter, deque
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import asyncpg
import pytest
from litestar.testing import AsyncTestClient

from core import db
from core.access import children_in_scope, visible_cases
from core.app import create_app
from core.auth.permissions import MANAGE_CASES, READ_RECORDS
from core.auth.sessions import SESSION_COOKIE, SessionMiddleware
from core.auth.tables import User
from core.cases.tables import Case
from core.people.tables import Child
from plugins.county.crossing.tables import NamedMunicipality
from plugins.county.requests.tables import NoticedRequest
from plugins.municipality.insight.tables import HomeChild, RajaleidjaDecision
from plugins.municipality.roles import MANAGE_HOME_CHILDREN, VIEW_RAJALEIDJA
from tests.conftest import BASE_URL, UNSYNCED
from tests.helpers import log_in, run_heaolu

pytestmark = pytest.mark.anyio

DEMO_PASSWORD = "demo password for the crawl"
# The small demo's walk takes 35 to 70 pages an account; 400 leaves room for a bigger demo and
# stops a walk that loops on ever new addresses.
MAX_PAGES = 400
# Addresses of one shape (the same path with other ids, or the same query names with other
# values: an organisation, a meeting, a search, a filter, a month) render one template with other
# records. Three of a shape reach a template's branches; all 44 organisations and every value of
# every filter, for nine accounts, would make the crawl minutes long.
SAME_SHAPE = 3
# A form's name in a path (`/forms/children/7/new/core.noticing`, `/toolbox/core.toolbox_speech`):
# each form's page is opened once an account, for the first child or case that offers it. Three
# of each form for each of three children were half of all the pages crawled.
FORM_NAME = re.compile(r"/[a-z_]+\.[a-z_]+(?=/|$)")
SKIPPED_PATHS = ("/logout", "/static/")


@dataclass
class Form:
    method: str
    action: str | None
    fields: list[tuple[str, str]] = field(default_factory=list)


class Links(HTMLParser):
    """The addresses a page offers: links, htmx GETs and forms with their default values."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.forms: list[Form] = []
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []
        self._textarea: str | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {name: value or "" for name, value in attrs}
        if tag == "a" and "href" in a:
            self.hrefs.append(a["href"])
        if "hx-get" in a:
            self.hrefs.append(a["hx-get"])
        if tag == "form":
            self.forms.append(Form(a.get("method", "get").lower(), a.get("action")))
        if not self.forms or ("name" not in a and tag != "option"):
            return
        form = self.forms[-1]
        kind = a.get("type", "text")
        if tag == "input" and kind not in ("submit", "button", "reset", "file", "image"):
            ticked = kind in ("checkbox", "radio")
            if not ticked or "checked" in a:
                form.fields.append((a["name"], a.get("value", "on" if ticked else "")))
        elif tag == "select":
            self._select, self._options = a["name"], []
        elif tag == "option" and self._select is not None:
            self._options.append((a.get("value", ""), "selected" in a))
        elif tag == "textarea":
            self._textarea, self._text = a["name"], ""

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "select" and self._select is not None and self.forms:
            chosen = [value for value, selected in self._options if selected] or [
                value for value, _ in self._options[:1]
            ]
            self.forms[-1].fields += [(self._select, value) for value in chosen]
            self._select = None
        elif tag == "textarea" and self._textarea is not None and self.forms:
            self.forms[-1].fields.append((self._textarea, self._text))
            self._textarea = None


def same_site(base: str, address: str) -> str | None:
    """``address`` (relative to ``base``) as a path and query on this site, else None."""
    parts = urlsplit(urljoin(base, address))
    if parts.scheme != "https" or parts.netloc != urlsplit(BASE_URL).netloc:
        return None
    return urlunsplit(("", "", parts.path or "/", parts.query, ""))


def addresses(page: str, body: str, has_get_page: Callable[[str], bool]) -> list[str]:
    """Every address on ``page`` (its HTML ``body``) to crawl next."""
    parser = Links()
    parser.feed(body)
    found = [same_site(BASE_URL + page, href) for href in parser.hrefs]
    for form in parser.forms:
        target = same_site(BASE_URL + page, form.action or page)
        if target is None:
            continue
        if form.method == "get":
            found.append(urlsplit(target).path + "?" + urlencode(form.fields))
        elif has_get_page(urlsplit(target).path):
            found.append(target)
    return [address for address in found if address is not None]


@dataclass
class ShownChild:
    """A child and the text that names them in a page: full name either way round, isikukood."""

    id: int
    shown_as: tuple[str, ...]


@dataclass
class Crawl:
    """One account's walk, with what it found."""

    username: str
    allowed: set[int]
    children: list[ShownChild]
    pages: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    children_seen: set[int] = field(default_factory=set)
    _shapes: Counter[tuple[str, tuple[str, ...]]] = field(default_factory=Counter)
    _languages: int = 0

    def admits(self, address: str) -> bool:
        parts = urlsplit(address)
        if parts.path.startswith(SKIPPED_PATHS):
            return False
        keys = tuple(sorted(key for key, _ in parse_qsl(parts.query, keep_blank_values=True)))
        if "lang" in keys:
            self._languages += 1
            return self._languages == 1
        shape = (re.sub(r"/\d+", "/0", parts.path), keys)
        self._shapes[shape] += 1
        return self._shapes[shape] <= (1 if FORM_NAME.search(parts.path) else SAME_SHAPE)

    def check(self, page: str, status: int, body: str) -> None:
        if status >= 500:
            self.failures.append(f"{self.username}: {page} answered {status}")
        text = html.unescape(body)
        for child in self.children:
            if not any(shown in text for shown in child.shown_as):
                continue
            if child.id in self.allowed:
                self.children_seen.add(child.id)
            else:
                self.failures.append(f"{self.username}: {page} shows child {child.id}")


async def crawl(client, walk: Crawl, has_get_page: Callable[[str], bool]) -> None:
    """Walk breadth-first from `/` as the client's account, checking every page."""
    queue, queued = deque(["/"]), {"/"}
    while queue and len(walk.pages) < MAX_PAGES:
        page = queue.popleft()
        response = await client.get(page)
        walk.pages.append(page)
        walk.check(page, response.status_code, response.text)
        if response.is_redirect:
            found = [same_site(BASE_URL + page, response.headers["location"])]
        elif response.headers.get("content-type", "").startswith("text/html"):
            found = list(addresses(page, response.text, has_get_page))
        else:
            found = []
        for address in found:
            if address is not None and address not in queued and walk.admits(address):
                queued.add(address)
                queue.append(address)


def route_pattern(path_format: str) -> re.Pattern[str]:
    """The paths a route's format (``/county/cases/{case_id:int}``) matches."""
    return re.compile(
        "".join(
            "[^/]+" if part.startswith("{") else re.escape(part)
            for part in re.split(r"(\{[^}]*\})", path_format)
        )
        + "$"
    )


def get_pages(app) -> Callable[[str], bool]:
    """Whether the app answers GET at a path (a POST form's action may be its own page)."""
    patterns = [route_pattern(route.path_format) for route in app.routes if "GET" in route.methods]
    return lambda path: any(pattern.match(path) for pattern in patterns)


def unreached(app, prefix: str, crawls: list[Crawl]) -> list[str]:
    """The GET pages under ``prefix`` no account's walk reached. A handler served at several
    paths (``/county`` and ``/county/dashboard``) is one page, reached at any of them."""
    reached = {urlsplit(page).path for c in crawls for page in c.pages}
    paths: dict[str, list[str]] = {}
    for route in app.routes:
        if "GET" not in route.methods or not route.path_format.startswith(prefix):
            continue
        for handler in route.route_handlers:
            if "GET" in handler.http_methods:
                function = handler.fn
                name = f"{function.__module__}.{function.__qualname__}"
                paths.setdefault(name, []).append(route.path_format)
    return sorted(
        name
        for name, formats in paths.items()
        if not any(route_pattern(form).match(path) for form in formats for path in reached)
    )


@pytest.fixture(scope="module")
def demo_database(tmp_path_factory):
    """A database seeded by `heaolu demo`, and the accounts the demo printed."""
    server = os.environ.get("HEAOLU_TEST_DATABASE_URL")
    if server:
        name = f"heaolu_crawl_{secrets.token_hex(4)}"
        asyncio.run(_execute(server, f'CREATE DATABASE "{name}"'))
        asyncio.run(_execute(server, UNSYNCED.format(name=name)))
        url = urlunsplit(urlsplit(server)._replace(path=f"/{name}"))
    else:
        url = f"sqlite:///{tmp_path_factory.mktemp('crawl') / 'demo.db'}"
    result = run_heaolu("demo", "--password", DEMO_PASSWORD, env={"HEAOLU_DATABASE_URL": url})
    assert result.returncode == 0, result.stderr
    printed = result.stdout.split("Demo accounts (password:", 1)[1].splitlines()[1:]
    yield url, [line.split()[0] for line in printed if line.strip()]
    if server:
        asyncio.run(_execute(server, f'DROP DATABASE "{name}" WITH (FORCE)'))


async def _execute(server: str, sql: str) -> None:

    connection = await asyncpg.connect(server)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


@pytest.fixture
async def demo_app(settings, demo_database):
    """The app on the demo database with every installed plugin, as `heaolu serve` runs it."""

    url, accounts = demo_database
    app = create_app(replace(settings, database_url=url))
    yield app, accounts
    # Later tests find the tables bound to the test database again.
    plugins = app.state["plugins"]
    db.bind_tables(db.engine_for(settings), plugins.piccolo_apps)


async def reach(app, token: str) -> set[int]:
    """The children the account behind the session ``token`` may see: those the access module
    allows (its children and its cases' children), and the municipality plugin's register of
    children at home and the Rajaleidja decisions shared with the municipality, each for the
    holders of its permission in their municipality (docs/municipality.md), the children of
    the cross-municipality cases naming the municipality, and the children another
    municipality asked the user's municipality about, for its case managers
    (docs/county.md)."""

    state = app.state
    loaded = await SessionMiddleware(state["engine"], state["plugins"], state["settings"]).load(
        token
    )
    assert loaded is not None and loaded[1] is not None
    user = loaded[1]
    cases = await Case.select(Case.child).where(await visible_cases(user))
    allowed = {row["child"] for row in cases}
    scope = children_in_scope(Child.id, user)
    if scope is not None:
        allowed |= {row["id"] for row in await Child.select(Child.id).where(scope)}
    if user.can(MANAGE_HOME_CHILDREN):
        register = HomeChild.select(HomeChild.child).where(
            HomeChild.municipality == user.municipality_id
        )
        allowed |= {row["child"] for row in await register}
    if user.can(VIEW_RAJALEIDJA):
        shared = RajaleidjaDecision.select(RajaleidjaDecision.child).where(
            RajaleidjaDecision.municipality == user.municipality_id
        )
        allowed |= {row["child"] for row in await shared}
    if user.can(MANAGE_CASES) and user.can(READ_RECORDS):
        named = NamedMunicipality.select(NamedMunicipality.case).where(
            NamedMunicipality.municipality == user.municipality_id
        )
        allowed |= {
            row["child"] for row in await Case.select(Case.child).where(Case.id.is_in(named))
        }
    if user.can(MANAGE_CASES):
        asked = NoticedRequest.select(NoticedRequest.child).where(
            NoticedRequest.to_municipality == user.municipality_id
        )
        allowed |= {row["child"] for row in await asked}
    return allowed


async def demo_children() -> list[ShownChild]:
    """Every child of the demo, with the ways a page may name them."""

    rows = await Child.select(Child.id, Child.given_name, Child.family_name, Child.isikukood)
    return [
        ShownChild(
            row["id"],
            (
                f"{row['given_name']} {row['family_name']}",
                f"{row['family_name']}, {row['given_name']}",
                *([row["isikukood"]] if row["isikukood"] else []),
            ),
        )
        for row in rows
    ]


async def test_every_demo_account_crawls_without_errors_or_children_out_of_reach(demo_app):
    """About 1 750 pages in all (17 accounts, 40 to 170 pages each), nearly all of the time the
    app's own work on them: with the demo's seeding, some 40 seconds of CPU on SQLite. On
    PostgreSQL the wall time is about half again as long, as the in-process client runs without
    a connection pool (see the `settings` fixture) and each page connects twice: for the
    session and for the request's transaction."""
    app, accounts = demo_app
    # The demo prints every account it makes.
    assert sorted(accounts) == sorted(row["username"] for row in await User.select(User.username))
    has_get_page = get_pages(app)
    crawls = []
    async with AsyncTestClient(app, base_url=BASE_URL, raise_server_exceptions=False) as client:
        client.follow_redirects = False
        children = await demo_children()
        for username in accounts:
            client.cookies.clear()
            assert (await log_in(client, username, DEMO_PASSWORD)).status_code == 303, username
            allowed = await reach(app, client.cookies[SESSION_COOKIE])
            crawls.append(Crawl(username, allowed, children))
            await crawl(client, crawls[-1], has_get_page)

    failures = [failure for c in crawls for failure in c.failures]
    assert not failures, "\n".join(failures)
    # The example third-party plugin, on for Tartu linn in the demo: its list, its quality
    # summary and its case page, reached by Tartu's child protection specialist.
    [protection] = [c for c in crawls if c.username == "tartu.childprotection"]
    signs = {page for page in protection.pages if page.startswith("/signs_of_safety/")}
    assert {"/signs_of_safety/", "/signs_of_safety/quality"} <= signs, sorted(signs)
    assert any(page.startswith("/signs_of_safety/cases/") for page in signs), sorted(signs)
    # The walk is not trivial: every account reaches pages beyond the home page and its menu,
    # and the administrators' POST forms' own pages are among them.
    assert all(len(c.pages) >= 30 for c in crawls), [(c.username, len(c.pages)) for c in crawls]
    assert "/admin/users/new" in {page for c in crawls for page in c.pages}
    # Every page of the county plugin is reached by an account that may open it.
    assert unreached(app, "/county", crawls) == []
    # The toolbox: its list, an instrument, its printable blank and its search for a child.
    toolbox = {page for c in crawls for page in c.pages if page.startswith("/toolbox")}
    speech = "/toolbox/core.toolbox_speech"
    assert {"/toolbox", speech, f"{speech}/print", f"{speech}?q="} <= toolbox, sorted(toolbox)
    # Nor is the oracle: some accounts may see children, and each account's pages name every
    # child it may see, so a child's name in a page is what the check looks for.
    assert any(c.allowed for c in crawls)
    assert all(c.children_seen == c.allowed for c in crawls), [
        (c.username, c.allowed - c.children_seen) for c in crawls
    ]
