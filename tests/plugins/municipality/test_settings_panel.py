"""The municipality settings page shows the plugin's case-manager posts, with the link to
choose them (`heaolu_municipality_settings`)."""

import pytest

from tests.helpers import sign_in

pytestmark = pytest.mark.anyio


async def test_the_settings_page_shows_the_case_manager_posts(municipality_client, town):
    await sign_in(municipality_client, "tartu.admin")
    page = (await municipality_client.get("/admin/plugins")).text
    assert ">Juhtumikorraldajad</h2>" in page
    assert f'href="/municipality/settings/case-managers?municipality={town["tartu"]}"' in page
