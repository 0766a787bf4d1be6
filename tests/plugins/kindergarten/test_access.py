"""Who sees what: a group teacher her group's children and their cases, the kindergarten's
coordinator, head and specialist the kindergarten's, nobody another kindergarten's."""

import pytest

from tests.helpers import sign_in
from tests.plugins.kindergarten.conftest import notice, switch

pytestmark = pytest.mark.anyio


async def test_a_group_teacher_sees_only_her_groups_children_and_cases(kg_client, garden):
    client = kg_client
    mia_case = await notice(client, "kg.teacher", garden["mia"])
    uku_case = await notice(client, "kg.teacher2", garden["uku"])
    await switch(client, "kg.teacher")
    assert (await client.get(f"/children/{garden['mia']}")).status_code == 200
    assert (await client.get(f"/cases/{mia_case}")).status_code == 200
    assert (await client.get(f"/children/{garden['uku']}")).status_code == 404
    assert (await client.get(f"/cases/{uku_case}")).status_code == 404
    assert (await client.get(f"/children/{garden['kaur']}")).status_code == 404
    listed = await client.get("/children")
    assert "Mia" in listed.text and "Uku" not in listed.text and "Kaur" not in listed.text


@pytest.mark.parametrize("username", ["kg.coordinator", "kg.head", "kg.specialist"])
async def test_the_kindergartens_posts_see_its_children_and_cases_only(kg_client, garden, username):
    client = kg_client
    mia_case = await notice(client, "kg.teacher", garden["mia"])
    uku_case = await notice(client, "kg.teacher2", garden["uku"])
    kaur_case = await notice(client, "karlova.coordinator", garden["kaur"])
    await switch(client, username)
    for child in ("mia", "uku"):
        assert (await client.get(f"/children/{garden[child]}")).status_code == 200
    for case_id in (mia_case, uku_case):
        assert (await client.get(f"/cases/{case_id}")).status_code == 200
    assert (await client.get(f"/children/{garden['kaur']}")).status_code == 404
    assert (await client.get(f"/cases/{kaur_case}")).status_code == 404


async def test_another_kindergartens_coordinator_sees_none_of_this_kindergartens(kg_client, garden):
    client = kg_client
    mia_case = await notice(client, "kg.teacher", garden["mia"])
    await switch(client, "karlova.coordinator")
    assert (await client.get(f"/children/{garden['mia']}")).status_code == 404
    assert (await client.get(f"/cases/{mia_case}")).status_code == 404
    assert (await client.get("/kindergarten/groups")).status_code == 200
    groups = await client.get("/kindergarten/groups")
    assert "Lepatriinud" in groups.text and "Mesimummid" not in groups.text


async def test_roles_hold_records_and_only_the_coordinator_records_consents(kg_client, garden):
    from core.plugins import build_plugins
    from tests.conftest import loading
    from tests.plugins.kindergarten.conftest import BUILTINS, PLUGINS

    await sign_in(kg_client, "kg.teacher")
    roles = build_plugins(loading(kg_client.app.state.settings, PLUGINS, BUILTINS), PLUGINS).roles
    assert roles["kindergarten_group_teacher"].scope == "unit"
    for name in ("kindergarten_support_coordinator", "kindergarten_support_specialist"):
        assert roles[name].scope == "organisation"
    for role in roles.values():
        if role.name.startswith("kindergarten_"):
            assert {"core.records.read", "core.records.write"} <= role.permissions
            assert ("core.consent.record" in role.permissions) == (
                role.name == "kindergarten_support_coordinator"
            )


async def test_the_municipality_may_name_the_coordinator_among_its_case_manager_posts(
    kg_client, garden
):
    await sign_in(kg_client, "tartu.admin")
    page = await kg_client.get("/municipality/settings/case-managers")
    assert page.status_code == 200
    assert 'value="kindergarten_support_coordinator"' in page.text
    assert 'value="kindergarten_group_teacher"' not in page.text
