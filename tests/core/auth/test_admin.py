"""Administration: municipality admins act within their municipality; system admins across all."""

import pytest

from core.auth.tables import Membership, Session, User
from core.enablement import enabled_plugins
from core.forms.enablement import enabled_forms
from tests.helpers import PASSWORD, log_in, make_user, plugin_off, post, sign_in

pytestmark = pytest.mark.anyio
NEW_USER = {
    "username": "uus.kasutaja",
    "full_name": "Uus Kasutaja",
    "email": "uus@example.invalid",
    "phone": "",
    "password": "kolm täiesti eri sõna",
}


async def test_a_municipality_admin_creates_a_user_in_their_municipality(client, people):
    await sign_in(client, "tartu.admin")
    response = await post(
        client,
        "/admin/users",
        {**NEW_USER, "organisation": people["tartu_school"], "role": "child_protection_specialist"},
    )
    assert response.status_code == 303
    created = await User.objects().get(User.username == "uus.kasutaja")
    assert created.password_hash.startswith("$argon2id$")
    assert (await client.get(response.headers["location"])).status_code == 200
    assert await Membership.count().where(Membership.user == created.id) == 1


@pytest.mark.parametrize("admin", ["sysadmin", "tartu.admin"])
async def test_the_new_user_form_opens_blank_for_every_administrator(client, people, admin):
    await log_in(client, admin)
    response = await client.get("/admin/users/new")
    assert response.status_code == 200
    assert '<input id="username" name="username" required value=""' in response.text
    assert "Tartu Linnavalitsus" in response.text


async def test_creating_a_user_shows_every_problem_in_the_page(client, people):
    await sign_in(client, "tartu.admin")
    response = await post(
        client,
        "/admin/users",
        {
            **NEW_USER,
            "username": "tartu.cps",
            "full_name": "",
            "password": "short",
            "organisation": people["elva_office"],
            "role": "system_admin",
        },
    )
    assert response.status_code == 400
    for message in (
        "See kasutajanimi on juba kasutusel.",
        "Sisesta inimese nimi.",
        "Vali asutus.",
        "Vali roll.",
        "Parool peab olema vähemalt 12 märki pikk.",
    ):
        assert message in response.text
    assert await User.count() == 5


async def test_a_municipality_admin_cannot_reach_another_municipalitys_users(client, people):
    await sign_in(client, "tartu.admin")
    assert (await client.get(f"/admin/users/{people['elva.cps']}")).status_code == 404
    listing = (await client.get("/admin/users")).text
    assert "tartu.cps" in listing
    assert "elva.cps" not in listing
    response = await post(client, f"/admin/users/{people['elva.cps']}/sessions/end")
    assert response.status_code == 404


async def test_a_municipality_admin_cannot_grant_system_admin(client, people):
    await sign_in(client, "tartu.admin")
    response = await post(
        client,
        f"/admin/users/{people['tartu.cps']}/memberships",
        {"organisation": people["tartu_office"], "role": "system_admin"},
    )
    assert response.status_code == 400
    assert await Membership.count().where(Membership.user == people["tartu.cps"]) == 1
    assert not await Membership.exists().where(
        (Membership.user == people["tartu.cps"])
        & (Membership.organisation == people["elva_office"])
    )


async def test_disabling_a_user_or_resetting_a_password_ends_their_sessions(
    client, people, settings
):
    from litestar.testing import AsyncTestClient

    from tests.conftest import BASE_URL, make_app

    async with AsyncTestClient(make_app(settings), base_url=BASE_URL) as victim:
        victim.follow_redirects = False
        await sign_in(victim, "tartu.cps")
        await sign_in(client, "tartu.admin")
        reset = await post(
            client,
            f"/admin/users/{people['tartu.cps']}/password",
            {"password": "uus ajutine parool"},
        )
        assert reset.status_code == 303
        assert (await victim.get("/")).status_code == 303
        assert (await log_in(victim, "tartu.cps", "uus ajutine parool")).status_code == 303
        ended = await post(client, f"/admin/users/{people['tartu.cps']}/sessions/end")
        assert ended.status_code == 303
        assert (await victim.get("/")).status_code == 303
        await log_in(victim, "tartu.cps", "uus ajutine parool")
        disabled = await post(
            client, f"/admin/users/{people['tartu.cps']}", {"full_name": "Tartu Cps"}
        )
        assert disabled.status_code == 303
        assert (await victim.get("/")).status_code == 303
    assert await Session.count().where(Session.user == people["tartu.cps"]) == 0


async def test_a_disabled_plugins_page_answers_404_for_that_municipality_only(
    notes_client, people, settings
):
    from litestar.testing import AsyncTestClient

    from tests.conftest import BASE_URL, TEST_PLUGINS, make_app

    await make_user("tartu.reader", people["tartu_school"], "notes_reader")
    await make_user("elva.reader", people["elva_office"], "notes_reader")
    await sign_in(notes_client, "tartu.admin")
    off = await post(notes_client, "/admin/plugins/notes", plugin_off(people["tartu"]))
    assert off.status_code == 303
    app = make_app(settings, TEST_PLUGINS)
    async with AsyncTestClient(app, base_url=BASE_URL) as tartu:
        tartu.follow_redirects = False
        await sign_in(tartu, "tartu.reader")
        assert (await tartu.get("/notes/")).status_code == 404
        assert "Notes panel" not in (await tartu.get("/")).text
        assert 'href="/notes/"' not in (await tartu.get("/")).text
    async with AsyncTestClient(app, base_url=BASE_URL) as elva:
        elva.follow_redirects = False
        await sign_in(elva, "elva.reader")
        assert (await elva.get("/notes/")).status_code == 200
        assert "Notes panel" in (await elva.get("/")).text


async def test_forms_are_switched_per_municipality(notes_client, people):
    plugins = notes_client.app.state.plugins
    await sign_in(notes_client, "tartu.admin")
    assert "notes.feedback" in await enabled_forms(plugins, people["tartu"])
    response = await post(
        notes_client,
        "/admin/forms/notes.feedback",
        {"municipality": people["tartu"], "enabled": "0"},
    )
    assert response.status_code == 303
    assert "notes.feedback" not in await enabled_forms(plugins, people["tartu"])
    assert "notes.feedback" in await enabled_forms(plugins, people["elva"])


async def test_a_municipality_admin_changes_only_their_own_municipality(notes_client, people):
    plugins = notes_client.app.state.plugins
    await sign_in(notes_client, "tartu.admin")
    # The municipality field is ignored for a municipality admin: it is always their own.
    await post(notes_client, "/admin/plugins/notes", plugin_off(people["elva"]))
    assert "notes" in await enabled_plugins(plugins, people["elva"])
    assert "notes" not in await enabled_plugins(plugins, people["tartu"])


async def test_a_system_admin_manages_every_municipality_and_sees_loaded_plugins(
    notes_client, people
):
    await sign_in(notes_client, "sysadmin")
    page = await notes_client.get(f"/admin/plugins?municipality={people['elva']}")
    assert "Elva vald" in page.text
    await post(notes_client, "/admin/plugins/notes", plugin_off(people["elva"]))
    assert "notes" not in await enabled_plugins(notes_client.app.state.plugins, people["elva"])
    loaded = await notes_client.get("/-/plugins")
    assert loaded.status_code == 200
    assert "heaolu_dashboard_panels" in loaded.text
    users = (await notes_client.get("/admin/users")).text
    assert "elva.cps" in users
    assert "tartu.cps" in users


async def test_only_a_system_admin_sees_the_loaded_plugins(client, people):
    await sign_in(client, "tartu.admin")
    assert (await client.get("/-/plugins")).status_code == 403


def test_createuser_makes_the_first_administrator(demo_database_url):
    from tests.helpers import query, run_heaolu

    fresh_database_url = demo_database_url
    env = {"HEAOLU_DATABASE_URL": fresh_database_url}
    args = ("createuser", "Esimene.Haldur", "--name", "Esimene Haldur", "--password-stdin")
    result = run_heaolu(*args, env=env, stdin=f"{PASSWORD}\n")
    assert result.returncode == 0, result.stderr
    rows = query(
        fresh_database_url,
        'SELECT u.username, m.role FROM auth_user u JOIN auth_membership m ON m."user" = u.id '
        "WHERE u.username = 'esimene.haldur'",
    )
    assert rows == [("esimene.haldur", "system_admin")]
    weak = run_heaolu(
        "createuser", "teine", "--name", "Teine", "--password-stdin", env=env, stdin="short\n"
    )
    assert weak.returncode != 0
    assert "12" in weak.stderr


async def test_a_municipality_admin_cannot_take_over_a_wider_account(client, people):
    """A system administrator who also holds a role in Tartu is out of tartu.admin's reach, as
    is someone who also works in Elva: else a municipality administrator could reset the
    password of an account with more rights than their own."""
    await Membership.insert(
        Membership(
            user=people["sysadmin"],
            organisation=people["tartu_office"],
            role="child_protection_specialist",
        ),
        Membership(
            user=people["elva.cps"],
            organisation=people["tartu_school"],
            role="child_protection_specialist",
        ),
    )
    await sign_in(client, "tartu.admin")
    for target in ("sysadmin", "elva.cps"):
        reset = await post(
            client, f"/admin/users/{people[target]}/password", {"password": "ülevõtmise parool"}
        )
        assert reset.status_code == 404
        assert (await client.get(f"/admin/users/{people[target]}")).status_code == 404


async def test_a_unit_role_is_given_with_its_group_or_class(notes_client, people):
    from core.people.tables import Unit

    [one_a] = await Unit.insert(
        Unit(organisation=people["tartu_school"], name="1.a", kind="class")
    ).returning(Unit.id)
    [elva_group] = await Unit.insert(
        Unit(organisation=people["elva_office"], name="Elva rühm", kind="group")
    ).returning(Unit.id)
    await sign_in(notes_client, "tartu.admin")
    target = f"/admin/users/{people['tartu.cps']}/memberships"
    without = await post(
        notes_client, target, {"organisation": people["tartu_school"], "role": "notes_teacher"}
    )
    assert without.status_code == 400
    assert "vali see" in without.text
    foreign = await post(
        notes_client,
        target,
        {"organisation": people["tartu_school"], "role": "notes_teacher", "unit": elva_group["id"]},
    )
    assert foreign.status_code == 400
    given = await post(
        notes_client,
        target,
        {"organisation": people["tartu_school"], "role": "notes_teacher", "unit": one_a["id"]},
    )
    assert given.status_code == 303
    membership = await Membership.objects().get(Membership.role == "notes_teacher")
    assert membership.unit == one_a["id"]
