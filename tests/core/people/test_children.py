"""Children: who sees whom (the access matrix), search, the child's page, adding a child."""

from datetime import date

import pytest
from litestar.testing import AsyncTestClient

from core.audit.tables import AuditEvent
from core.people.children import PAGE_SIZE
from core.people.tables import Child, Enrolment
from tests.conftest import BASE_URL, TEST_PLUGINS, make_app
from tests.core.people.conftest import make_child
from tests.helpers import post, sign_in

pytestmark = pytest.mark.anyio


CHILDREN = ("mia", "mart", "liis", "left", "future", "elva_child")
MATRIX = {
    "teacher.1a": {"mia", "mart"},
    "coordinator": {"mia", "mart", "liis"},
    "elva.coordinator": {"elva_child"},
    "tartu.cps": set(),  # municipality roles see a child only through its case (case engine)
    "tartu.admin": set(),
    "sysadmin": set(),
}


@pytest.mark.parametrize("username", list(MATRIX))
async def test_nobody_sees_a_child_outside_their_scope(settings, school, username):
    async with AsyncTestClient(make_app(settings, TEST_PLUGINS), base_url=BASE_URL) as client:
        client.follow_redirects = False
        await sign_in(client, username)
        listing = (await client.get("/children")).text
        for name in CHILDREN:
            page = await client.get(f"/children/{school[name]}")
            if name in MATRIX[username]:
                assert page.status_code == 200, name
                assert f'href="/children/{school[name]}"' in listing
            else:
                assert page.status_code == 404, name  # by URL guessing too: never the data
                assert f'href="/children/{school[name]}"' not in listing
                assert "Õunapuu" not in page.text


async def test_viewing_a_child_writes_exactly_one_audit_row(settings, school):
    async with AsyncTestClient(make_app(settings, TEST_PLUGINS), base_url=BASE_URL) as client:
        client.follow_redirects = False
        await sign_in(client, "coordinator")
        before = await AuditEvent.count()
        assert (await client.get(f"/children/{school['mia']}")).status_code == 200
        rows = await AuditEvent.select().where(AuditEvent.id > 0).order_by(AuditEvent.id)
        new = rows[before:]
        assert [(r["action"], r["outcome"], r["object_id"]) for r in new] == [
            ("child.viewed", "allowed", str(school["mia"]))
        ]
        assert new[0]["user_id"] == school["coordinator"]
        assert (await client.get(f"/children/{school['elva_child']}")).status_code == 404
        [denied] = (await AuditEvent.select().order_by(AuditEvent.id))[before + 1 :]
        assert (denied["action"], denied["outcome"]) == ("child.viewed", "denied")


async def test_a_list_writes_one_row_with_the_listed_ids(settings, school):
    async with AsyncTestClient(make_app(settings, TEST_PLUGINS), base_url=BASE_URL) as client:
        client.follow_redirects = False
        await sign_in(client, "coordinator")
        await client.get("/children")
    [row] = await AuditEvent.select().where(AuditEvent.action == "child.listed")
    assert set(row["object_id"].split(",")) == {str(school[n]) for n in ("mia", "mart", "liis")}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("õunapuu", {"mia", "mart"}),
        ("OUNA", {"mia", "mart"}),
        ("mia", {"mia"}),
        ("mia õun", {"mia"}),
        ("Õunapuu, Mia", {"mia"}),
        ("õunapuu, m", {"mia", "mart"}),
        ("61903040012", {"mia"}),
        ("02.01.2018", {"liis"}),
        ("zzz", set()),
    ],
)
async def test_search_by_name_code_or_date(settings, school, query, expected):
    async with AsyncTestClient(make_app(settings, TEST_PLUGINS), base_url=BASE_URL) as client:
        client.follow_redirects = False
        await sign_in(client, "coordinator")
        html = (await client.get("/children", params={"q": query})).text
    for name in ("mia", "mart", "liis"):
        assert (f'href="/children/{school[name]}"' in html) == (name in expected), name


SEARCHES = {
    "laps": {"left", "future", "elva_child"},  # a family name
    "elva": {"elva_child"},  # a given name: "given family"
    "õunapuu m": {"mia", "mart"},
    "02.01.2018": {"liis", "left", "future", "elva_child"},
}


@pytest.mark.parametrize("username", list(MATRIX))
async def test_a_search_finds_only_the_children_of_the_scope(settings, school, username):
    """A name matches children in and out of the user's scope: only those in it are listed
    (on PostgreSQL the name's matches are checked against the scope in a subquery)."""
    async with AsyncTestClient(make_app(settings, TEST_PLUGINS), base_url=BASE_URL) as client:
        client.follow_redirects = False
        await sign_in(client, username)
        for query, matching in SEARCHES.items():
            html = (await client.get("/children", params={"q": query})).text
            for name in CHILDREN:
                listed = f'href="/children/{school[name]}"' in html
                assert listed == (name in matching & MATRIX[username]), (query, name)


async def test_a_long_search_is_shown_a_page_at_a_time(coordinator_client, school):
    names = [f"Laps{number:02}" for number in range(PAGE_SIZE + 2)]
    for name in names:
        await make_child(name, "Paging", date(2018, 1, 2), school["tartu_school"])
    first = (await coordinator_client.get("/children", params={"q": "paging"})).text
    second = (await coordinator_client.get("/children", params={"q": "paging", "page": 2})).text
    assert f"{PAGE_SIZE + 2} last" in first and "Leht 1 / 2" in first
    assert [name for name in names if f"Paging, {name}<" in first] == names[:PAGE_SIZE]
    assert [name for name in names if f"Paging, {name}<" in second] == names[PAGE_SIZE:]
    assert 'href="/children?q=paging&amp;page=2"' in first


async def test_lists_mask_the_personal_identification_code(settings, school):
    async with AsyncTestClient(make_app(settings, TEST_PLUGINS), base_url=BASE_URL) as client:
        client.follow_redirects = False
        await sign_in(client, "coordinator")
        listing = (await client.get("/children")).text
        page = (await client.get(f"/children/{school['mia']}")).text
    assert "6******0012" in listing
    assert "61903040012" not in listing
    assert "61903040012" in page


async def test_siblings_are_shown_within_scope(settings, school):
    async with AsyncTestClient(make_app(settings, TEST_PLUGINS), base_url=BASE_URL) as client:
        client.follow_redirects = False
        await sign_in(client, "coordinator")
        page = (await client.get(f"/children/{school['mia']}")).text
    assert "Õed-vennad" in page
    assert f'href="/children/{school["mart"]}"' in page
    assert "Anu Õunapuu" in page


async def test_heaolu_child_panels_appear_on_the_childs_page(settings, school):
    """The notes plugin's child panels and navigation are ``async def``: both are awaited."""
    async with AsyncTestClient(make_app(settings, TEST_PLUGINS), base_url=BASE_URL) as client:
        client.follow_redirects = False
        await sign_in(client, "coordinator")
        page = (await client.get(f"/children/{school['mia']}")).text
    assert "Notes about the child" in page
    assert '<p class="notes-panel">3 notes</p>' in page  # len("Mia")
    assert '<a href="/notes/">Notes</a>' in page


async def test_a_disabled_plugins_per_request_hooks_are_never_called(settings, school):
    from core.enablement import set_plugin_enabled
    from tests.testplugins import notes

    app = make_app(settings, TEST_PLUGINS)
    await set_plugin_enabled(app.state.plugins, "notes", school["tartu"], False)
    async with AsyncTestClient(app, base_url=BASE_URL) as client:
        client.follow_redirects = False
        await sign_in(client, "coordinator")
        notes.CALLS.clear()
        home = (await client.get("/")).text
        page = (await client.get(f"/children/{school['mia']}")).text
    assert notes.CALLS == []
    assert "Notes panel" not in home
    assert "Notes about the child" not in page
    assert "/notes/" not in home + page


def new_child(**changes):
    return {
        "given_name": "Uku",
        "family_name": "Ürgmets",
        "date_of_birth": "01.01.2015",
        "isikukood": "",
        "registered_municipality": "",
        "residence_municipality": "",
        "language": "eesti",
        "unit": "",
        **changes,
    }


async def test_adding_a_child_enrols_them_in_the_users_organisation(settings, school):
    async with AsyncTestClient(make_app(settings, TEST_PLUGINS), base_url=BASE_URL) as client:
        client.follow_redirects = False
        await sign_in(client, "coordinator")
        response = await post(
            client, "/children", new_child(unit=str(school["2.a"]), isikukood="51501010012")
        )
        assert response.status_code == 303
        assert (await client.get(response.headers["location"])).status_code == 200
    child = await Child.objects().get(Child.isikukood == "51501010012")
    assert child.search_name == "urgmets uku"
    enrolment = await Enrolment.objects().get(Enrolment.child == child.id)
    assert (enrolment.organisation, enrolment.unit) == (school["tartu_school"], school["2.a"])


async def test_bad_input_is_explained_in_the_page_and_nothing_is_written(settings, school):
    async with AsyncTestClient(make_app(settings, TEST_PLUGINS), base_url=BASE_URL) as client:
        client.follow_redirects = False
        await sign_in(client, "coordinator")
        response = await post(
            client, "/children", new_child(date_of_birth="2015-01-01", isikukood="51501010011")
        )
    assert response.status_code == 400
    assert "Sisesta kuupäev kujul pp.kk.aaaa" in response.text
    assert "Isikukoodi kontrollnumber ei klapi" in response.text
    assert 'value="Ürgmets"' in response.text
    assert not await Child.exists().where(Child.given_name == "Uku")


async def test_a_code_that_disagrees_with_the_date_of_birth_is_refused(settings, school):
    async with AsyncTestClient(make_app(settings, TEST_PLUGINS), base_url=BASE_URL) as client:
        client.follow_redirects = False
        await sign_in(client, "coordinator")
        response = await post(
            client, "/children", new_child(date_of_birth="02.01.2015", isikukood="51501010012")
        )
    assert response.status_code == 400
    assert "Isikukood ei ühti sünnikuupäevaga." in response.text


async def test_an_existing_child_in_scope_is_offered(settings, school):
    async with AsyncTestClient(make_app(settings, TEST_PLUGINS), base_url=BASE_URL) as client:
        client.follow_redirects = False
        await sign_in(client, "coordinator")
        response = await post(
            client,
            "/children",
            new_child(given_name="MIA", family_name="Ounapuu", date_of_birth="04.03.2019"),
        )
    assert response.status_code == 409
    assert f'href="/children/{school["mia"]}"' in response.text
    assert await Child.count().where(Child.search_name == "ounapuu mia") == 1


async def test_an_existing_child_outside_scope_is_never_shown(settings, school):
    async with AsyncTestClient(make_app(settings, TEST_PLUGINS), base_url=BASE_URL) as client:
        client.follow_redirects = False
        await sign_in(client, "elva.coordinator")
        response = await post(
            client,
            "/children",
            new_child(
                given_name="Uus",
                family_name="Nimi",
                date_of_birth="04.03.2019",
                isikukood="61903040012",
            ),
        )
        assert response.status_code == 409
        assert "väljaspool sinu vaatevälja" in response.text
        assert "Õunapuu" not in response.text
        assert f'href="/children/{school["mia"]}"' not in response.text
        asked = await post(client, f"/children/{school['mia']}/access-request")
        assert asked.status_code == 200
        assert "Õunapuu" not in asked.text
    [row] = await AuditEvent.select().where(AuditEvent.action == "child.access_requested")
    assert (row["user_id"], row["object_id"]) == (school["elva_coordinator"], str(school["mia"]))


async def test_coordinators_see_who_has_seen_the_child(settings, school):
    async with AsyncTestClient(make_app(settings, TEST_PLUGINS), base_url=BASE_URL) as teacher:
        teacher.follow_redirects = False
        await sign_in(teacher, "teacher.1a")
        teacher_page = (await teacher.get(f"/children/{school['mia']}")).text
    async with AsyncTestClient(make_app(settings, TEST_PLUGINS), base_url=BASE_URL) as client:
        client.follow_redirects = False
        await sign_in(client, "coordinator")
        page = (await client.get(f"/children/{school['mia']}")).text
    assert "Kes on last näinud" not in teacher_page
    assert "Kes on last näinud" in page
    assert "Teacher.1A" in page  # the teacher's look, by name
