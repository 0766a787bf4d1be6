"""No input gives a server error: every page's forms and query parameters, fuzzed.

The demo county is seeded, and each demo account crawls the pages it may open from the home page
(one page per route). Every form found on those pages, and every page's query parameters, then
get Hypothesis-generated values as the account that saw them: long strings, control characters,
NUL, odd Unicode and Unicode digits, missing fields, repeated fields, huge numbers and impossible
dates. No answer may be 500 or above, and a POST that was not accepted (anything but a redirect)
leaves every table as it was.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import partial
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlsplit

import pytest
from hypothesis import HealthCheck, example, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from litestar.routes import HTTPRoute
from litestar.testing import TestClient

from tests.conftest import BASE_URL, make_app, run_async
from tests.helpers import csrf_from, query

PASSWORD = "demo password for the fuzz test"
ACCOUNTS = (
    # Anonymous: the login forms.
    None,
    "tartu.casemanager",
    "elva.casemanager",
    "tartu.childprotection",
    "tartu.welfare",
    "tartu.networklead",
    "tartu.education",
    "kg.teacher",
    "kg.coordinator",
    "school.teacher",
    "school.coordinator",
    "school.nurse",
    "elva.casemanager",
    "county.coordinator",
    "county.specialist",
    # Administrators last: their forms change accounts the others use.
    "tartu.admin",
    "admin",
)
# Pages that end the fuzzing account's session, or serve files.
NOT_FUZZED = {"/logout", "/static/{name:str}"}
# Record pages whose forms depend on who opens them (the asked or the asking municipality,
# the coordinator or a reader): every account opens its first one.
OPENED_BY_EACH = {
    "/county/requests/{request_id:int}",
    "/county/meetings/{meeting_id:int}",
    "/county/cases/{case_id:int}",
}
# Query parameters the handlers read, besides those the crawl finds in links and forms.
QUERY_NAMES = (
    "q",
    "page",
    "year",
    "responsible",
    "organisation",
    "municipality",
    "status",
    "child",
    "version",
    "group",
    "next",
    "from",
    "to",
    "action",
    "user",
    "school",
    "kindergarten",
)
# Rows a refused request may write: the audit of the refusal, the session's last-seen time.
WRITTEN_WHEN_REFUSED = {"audit_event", "auth_session", "auth_login_throttle", "jobs_job"}
# Bounded so that the run takes under a minute per database: about 90 pages and forms, each
# tried with the 5 fixed examples below and this many generated ones, a request taking tens of
# milliseconds (a page of the whole app, its audit row, and for a POST two counts of every table).
EXAMPLES_PER_TARGET = 3

NASTY = (
    "",
    "²",
    "٣",
    "１２",
    "0",
    "-1",
    "1e3",
    str(2**63),
    str(2**64 + 1),
    "9" * 40,
    "31.02.2026",
    "00.00.0000",
    "29.02.2025",
    "1.1.99999",
    "2026-11-23",
    "\x00",
    "a\x00b",
    "\u202e\u200b",
    "ä" * 5_000,
    "%_\\'\"; --",
    "<script>alert(1)</script>",
)
# Each tried in every field of every target: the causes of the server errors found before. A
# query string stays under the 64 KiB a URL may have: its long value is the search term alone.
EVERY_FIELD = ("²", str(2**63), "a\x00b", "31.02.2026")
LONG_FORM_FIELD = "x" * 100_000
LONG_SEARCH = {"q": "x" * 60_000}
VALUES = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=40),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.dates().map(lambda day: day.strftime("%d.%m.%Y")),
)
# A field sent once, twice, or with a value of its own kind replaced.
FIELD_VALUES = st.one_of(VALUES, st.lists(VALUES, min_size=2, max_size=3))


@dataclass
class Form:
    action: str
    method: str
    fields: dict[str, list[str]] = field(default_factory=dict)
    files: set[str] = field(default_factory=set)


class FormParser(HTMLParser):
    """The forms and same-site links of a page."""

    def __init__(self, page_path: str) -> None:
        super().__init__()
        self.page_path = page_path
        self.forms: list[Form] = []
        self.links: list[str] = []
        self._form: Form | None = None
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {name: value or "" for name, value in attrs}
        if tag == "a" and a.get("href", "").startswith("/"):
            self.links.append(a["href"])
        elif tag == "form":
            action = a.get("action") or self.page_path
            self._form = Form(action, a.get("method", "get").lower())
            self.forms.append(self._form)
        elif self._form is not None and a.get("name"):
            fields = self._form.fields
            name = a["name"]
            if tag == "input" and a.get("type") == "file":
                self._form.files.add(name)
            elif tag == "input" and a.get("type") in ("checkbox", "radio"):
                fields.setdefault(name, [])
                if "checked" in a:
                    fields[name].append(a.get("value", "on"))
            elif tag == "input":
                fields[name] = [a.get("value", "")]
            elif tag == "textarea":
                fields[name] = [""]
                self._textarea = name
            elif tag == "select":
                fields[name] = []
                self._select = name
        elif tag == "option" and self._form is not None and self._select:
            chosen = self._form.fields[self._select]
            if not chosen or "selected" in a:
                chosen[:] = [a.get("value", "")]

    def handle_data(self, data: str) -> None:
        if self._form is not None and self._textarea:
            self._form.fields[self._textarea] = [data]

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


def route_patterns(app) -> list[tuple[re.Pattern[str], str, set[str]]]:
    """(regex, route path, methods) of every route, literal paths first."""
    patterns = []
    for route in app.routes:
        if isinstance(route, HTTPRoute):
            methods = {m for h in route.route_handlers for m in h.http_methods} - {"OPTIONS"}
            regex = re.sub(
                r"\{(\w+):(\w+)\}",
                lambda m: "[0-9]+" if m.group(2) == "int" else "[^/]+",
                route.path,
            )
            patterns.append((re.compile(regex), route.path, methods))
    return sorted(patterns, key=lambda p: p[1].count("{"))


def route_of(patterns, path: str) -> str | None:
    # Litestar keeps a route's path without its trailing slash ("/garden/" is "/garden").
    bare = path.rstrip("/") or "/"
    for regex, route, _methods in patterns:
        if regex.fullmatch(path) or regex.fullmatch(bare):
            return route
    return None


def handlers_under(app, prefix: str, method: str) -> dict[str, set[str]]:
    """The route paths of each handler answering ``method`` under ``prefix`` (one handler may
    serve several paths: ``/county`` and ``/county/dashboard``)."""
    paths: dict[str, set[str]] = {}
    for route in app.routes:
        if not isinstance(route, HTTPRoute) or not route.path.startswith(prefix):
            continue
        for handler in route.route_handlers:
            if method in handler.http_methods:
                name = f"{handler.fn.__module__}.{handler.fn.__qualname__}"
                paths.setdefault(name, set()).add(route.path)
    return paths


def not_fuzzed(app, prefix: str, method: str, fuzzed: set[str | None]) -> list[str]:
    return sorted(
        name for name, paths in handlers_under(app, prefix, method).items() if not paths & fuzzed
    )


def shown(values: dict) -> dict:
    """``values`` short enough for a failure's message."""
    return {name: str(value)[:60] for name, value in values.items()}


def table_counts(database_url: str, tables: list[str]) -> dict[str, int]:
    sql = " UNION ALL ".join(f"SELECT '{t}', COUNT(*) FROM {t}" for t in tables)
    return dict(query(database_url, sql))


def log_in(client: TestClient, username: str) -> None:
    form = client.get("/login")
    response = client.post(
        "/login",
        data={"username": username, "password": PASSWORD, "_csrf_token": csrf_from(form.text)},
    )
    assert response.status_code == 303, (username, response.text[:500])


@pytest.fixture
def county(settings, clean_database):
    """The app of a deployment (core, the municipality, kindergarten, school and county plugins,
    and the example third-party plugin Signs of Safety, which the suite installs) on the demo
    county."""
    from core import db
    from core.demo import DemoContext

    app = make_app(
        settings, (), ("municipality", "kindergarten", "school", "county", "signs_of_safety")
    )
    plugins = app.state.plugins
    db.bind_tables(db.engine_for(settings), plugins.piccolo_apps)

    async def seed() -> None:
        ctx = DemoContext(scale="small", password=PASSWORD, plugins=plugins)
        for _plugin, result in plugins.collect("heaolu_demo_data", ctx=ctx):
            await result

    run_async(seed)
    run_async(partial(county_states, plugins))
    return app


async def county_states(plugins) -> None:
    """Records the small demo lacks, so that every county form is on a page: a municipality
    that has not joined the cooperation agreement (the form recording it), one whose
    municipality plugin is off (its commitments are confirmed by hand), a municipality named on
    the demo's cross-municipality case without consent (the coordinator's "join"), and an open
    and an accepted competence centre request (accepting; recording the help)."""
    from core.auth.tables import User
    from core.cases.tables import Case
    from core.enablement import set_plugin_enabled
    from core.people.tables import Municipality, Organisation
    from plugins.county.agreements.tables import AgreementMember
    from plugins.county.competence.tables import HelpRequest
    from plugins.county.crossing.tables import NamedMunicipality
    from tests.helpers import make_user

    users = {row["username"]: row["id"] for row in await User.select(User.username, User.id)}
    others = (
        await Municipality.select(Municipality.id)
        .where(Municipality.name.not_in(["Tartu linn", "Elva vald"]))
        .order_by(Municipality.name)
    )
    named, by_hand, outside = (row["id"] for row in (others[0], others[1], others[-1]))
    await AgreementMember.delete().where(AgreementMember.municipality == outside)
    await set_plugin_enabled(plugins, "municipality", by_hand, False)
    office = (
        await Organisation.select(Organisation.id).where(Organisation.municipality == named).first()
    )
    manager = await make_user("named.casemanager", office["id"], "municipality_case_manager")
    [crossing] = await NamedMunicipality.select(NamedMunicipality.case).limit(1)
    await NamedMunicipality.insert(
        NamedMunicipality(
            case=crossing["case"],
            municipality=named,
            case_manager=manager,
            organisation=office["id"],
            ground="other",
            reason="Näidis",
            added_by=users["tartu.casemanager"],
        )
    )
    case = await Case.select(Case.id, Case.municipality).where(Case.id == crossing["case"]).first()
    [centre] = await Organisation.select(Organisation.id).where(
        Organisation.name == "Tartumaa kompetentsikeskus"
    )
    common = {
        "case": case["id"],
        "municipality": case["municipality"],
        "centre": centre["id"],
        "asked_by": users["tartu.casemanager"],
        "need": "Näidis",
    }
    await HelpRequest.insert(
        HelpRequest(**common),
        HelpRequest(**common, status="accepted", specialist=users["county.specialist"]),
    )


def crawl(client: TestClient, patterns, seen: set[str], start: str) -> tuple[list[str], list[Form]]:
    """One page per route the account may open, reached by links from ``start``; the forms on
    them. A record's page (a route with an id) another account has fuzzed is not opened."""
    pages, forms, queue, tried = [], [], [start], set()
    while queue:
        url = queue.pop(0)
        path = urlsplit(url).path
        route = route_of(patterns, path)
        if (
            route is None
            or route in tried
            or route in NOT_FUZZED
            or ("{" in route and route in seen and route not in OPENED_BY_EACH)
        ):
            continue
        tried.add(route)
        response = client.get(url)
        assert response.status_code < 500, (url, response.text[-3000:])
        if response.status_code != 200 or "html" not in response.headers.get("content-type", ""):
            continue
        pages.append(url)
        parser = FormParser(path)
        parser.feed(response.text)
        forms.extend(parser.forms)
        queue.extend(parser.links + [f.action for f in parser.forms if f.method == "get"])
    return pages, forms


FUZZ = hypothesis_settings(
    max_examples=EXAMPLES_PER_TARGET,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def with_every_field(test, names: list[str], argument: str, long: dict[str, str], **others):
    """``test`` tried first with every field at once set to each of the values that broke pages
    before (a single field's check may stop a handler before it reads the others; the generated
    examples vary one to three fields), and with ``long``."""
    test = example(**{argument: long}, **others)(test)
    for value in reversed(EVERY_FIELD):
        test = example(**{argument: dict.fromkeys(names, value)}, **others)(test)
    return test


def fuzz_page(client: TestClient, path: str, names: list[str]):
    @given(params=st.dictionaries(st.sampled_from(names), FIELD_VALUES, max_size=4))
    @FUZZ
    @partial(with_every_field, names=names, argument="params", long=LONG_SEARCH)
    def run(params):
        response = client.get(path, params=params)
        assert response.status_code < 500, (path, shown(params), response.text[-3000:])

    return run


def fuzz_form(client: TestClient, form: Form, token: str, database_url: str, tables: list[str]):
    names = sorted(set(form.fields) - {"_csrf_token"} | form.files)
    counted: list[dict[str, int]] = []

    @given(
        changed=st.dictionaries(st.sampled_from(names), FIELD_VALUES, min_size=1, max_size=3),
        dropped=st.sets(st.sampled_from(names), max_size=2),
    )
    @FUZZ
    @partial(
        with_every_field,
        names=names,
        argument="changed",
        long=dict.fromkeys(names, LONG_FORM_FIELD),
        dropped=set(),
    )
    def run(changed, dropped):
        data = {k: v for k, v in form.fields.items() if k not in form.files}
        data.update({k: v for k, v in changed.items() if k not in form.files})
        for name in dropped:
            data.pop(name, None)
        files = {
            name: ("data.csv", str(changed.get(name, "")).encode())
            for name in form.files
            if name not in dropped
        }
        # After a refused POST the counts are those the next one starts from.
        before = counted.pop() if counted else table_counts(database_url, tables)
        response = client.post(
            form.action, data={**data, "_csrf_token": token}, files=files or None
        )
        assert response.status_code < 500, (form.action, shown(data), response.text[-3000:])
        if response.status_code != 303:
            after = table_counts(database_url, tables)
            assert after == before, (form.action, shown(data), response.status_code)
            counted.append(after)

    return run


def test_no_input_gives_a_server_error(settings, county):
    """Takes 40 to 60 seconds: seeding the demo county, a crawl by each account, and about 700
    requests through the whole app (see EXAMPLES_PER_TARGET)."""
    app = county
    patterns = route_patterns(app)
    tables = sorted(
        table._meta.tablename
        for piccolo_app in app.state.plugins.piccolo_apps
        for table in piccolo_app.table_classes
        if table._meta.tablename not in WRITTEN_WHEN_REFUSED
    )
    seen: set[str] = set()
    fuzzed_forms: set[str | None] = set()
    checked = 0
    for username in ACCOUNTS:
        with TestClient(app, base_url=BASE_URL, raise_server_exceptions=False) as client:
            client.follow_redirects = False
            if username is not None:
                log_in(client, username)
            start = "/" if username else "/login"
            pages, forms = crawl(client, patterns, seen, start)
            token = csrf_from(client.get("/account" if username else start).text)
            query_names = set(QUERY_NAMES)
            for url in pages:
                query_names.update(name for name, _ in parse_qsl(urlsplit(url).query))
            for form in forms:
                if form.method == "get":
                    query_names.update(form.fields)

            for url in pages:
                path = urlsplit(url).path
                if route_of(patterns, path) in seen:
                    continue
                seen.add(route_of(patterns, path))
                fuzz_page(client, path, sorted(query_names))()
                checked += 1

            for form in forms:
                route = route_of(patterns, urlsplit(form.action).path)
                if form.method != "post" or route in NOT_FUZZED or route in fuzzed_forms:
                    continue
                fuzzed_forms.add(route)
                if not set(form.fields) - {"_csrf_token"} | form.files:
                    continue

                fuzz_form(client, form, token, settings.database_url, tables)()
                checked += 1
    # The crawl reached the app's pages and forms, not a login page.
    assert checked > 80
    # Every page and every form of the county plugin.
    assert not_fuzzed(app, "/county", "GET", set(seen)) == []
    missing = not_fuzzed(app, "/county", "POST", fuzzed_forms)
    assert missing == [], "\n".join(missing)
    # The example third-party plugin (on for Tartu linn in the demo): a case's five forms.
    signs = {route for route in fuzzed_forms if route and route.startswith("/signs_of_safety/")}
    assert len(signs) == 5, sorted(signs)
