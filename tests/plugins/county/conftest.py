"""The app with the county and municipality plugins, and the people of a small county: Tartu
linn and Elva vald with their offices, child protection specialists and case managers (the
municipality plugin's `town`), and the county union's coordinator."""

import pytest

from tests import templates
from tests.conftest import client_of, make_app
from tests.helpers import make_user
from tests.plugins.municipality.conftest import town  # noqa: F401 (the fixture `town`)

PLUGINS = ()
BUILTINS = ("municipality", "county")


@pytest.fixture
async def county_client(settings, clean_database):
    """A client for the app with the county and municipality plugins."""
    return await client_of(make_app(settings, PLUGINS, BUILTINS))


@pytest.fixture
async def county(settings, town):  # noqa: F811 (the fixture imported above)
    """`town` plus the county coordinator of Tartumaa Omavalitsuste Liit (`union`)."""
    return await templates.seeded(settings.database_url, "county.county", lambda: make(town))


async def make(town):  # noqa: F811
    ids = dict(town)
    ids["county.coordinator"] = await make_user(
        "county.coordinator", town["union"], "county_coordinator", full_name="Kadri Maakond"
    )
    return ids
