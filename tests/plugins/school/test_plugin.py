"""The school plugin turned off for one municipality: its pages answer 404 there and its
workflow opens no case there, while another municipality keeps both."""

import pytest

from core.cases.tables import Case
from core.enablement import set_plugin_enabled
from tests.helpers import post, sign_in
from tests.plugins.school.conftest import NOTICE

pytestmark = pytest.mark.anyio


async def test_turned_off_in_tartu_the_plugin_stays_in_elva(school_client, school_plugins, schools):
    await set_plugin_enabled(school_plugins, "school", schools["tartu"], False)
    client = school_client
    await sign_in(client, "coordinator")
    assert (await client.get("/school/classes")).status_code == 404
    page = await client.get("/")
    assert 'href="/school/classes"' not in page.text
    await sign_in(client, "teacher")
    sent = await post(client, "/notice", {"child": str(schools["mari"]), **NOTICE}, "/notice")
    assert sent.headers["location"].startswith("/notice/sent/")  # a report, not a case
    assert not await Case.exists()

    await sign_in(client, "elva.coordinator")
    assert (await client.get("/school/classes")).status_code == 200
