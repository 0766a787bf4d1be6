"""The municipality plugin loads as a built-in and shows its posts in Estonian."""

import pytest

from tests.helpers import log_in

pytestmark = pytest.mark.anyio


async def test_the_plugins_roles_are_offered_in_estonian(municipality_client, town):
    await log_in(municipality_client, "tartu.admin")
    page = (await municipality_client.get(f"/admin/users/{town['tartu.casemanager']}")).text
    assert "Omavalitsuse juhtumikorraldaja" in page
