"""The municipality plugin loads as a built-in and shows its posts in Estonian."""

import pytest

from tests.helpers import sign_in
from tests.plugins.municipality.casework_fixtures import (
    case_from_police_report,
    mari_fixture,  # noqa: F401 (the fixture `mari`)
)

pytestmark = pytest.mark.anyio


async def test_the_plugins_roles_are_offered_in_estonian(municipality_client, town):
    await sign_in(municipality_client, "tartu.admin")
    page = (await municipality_client.get(f"/admin/users/{town['tartu.casemanager']}")).text
    assert "Omavalitsuse juhtumikorraldaja" in page


async def test_the_plugin_is_named_by_its_label_in_the_users_language(municipality_client, town):
    await sign_in(municipality_client, "tartu.admin")
    page = (await municipality_client.get("/admin/plugins")).text
    assert "<tr><td>Omavalitsuse tasand: juhtumikorraldus, võrgustik ja ülevaade" in page
    english = (await municipality_client.get("/admin/plugins?lang=en")).text
    assert "<tr><td>Municipality level: case management, network and overview" in english


async def test_the_case_page_shows_the_round_tables_panel(municipality_client, mari):
    case_id = await case_from_police_report(municipality_client, mari)
    response = await municipality_client.get(f"/cases/{case_id}")
    assert response.status_code == 200
    assert "Ümarlauad ja kokkulepped" in response.text
