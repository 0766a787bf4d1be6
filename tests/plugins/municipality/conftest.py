"""The app with the built-in municipality plugin (and the casework test plugin, whose school
workflow hands cases to the municipality), and the people of a small county."""

import pytest

from core.people.folding import fold
from core.people.tables import Organisation
from tests import templates
from tests.conftest import CASEWORK, client_of, loading, make_app
from tests.helpers import make_user

# The casework school workflow passes cases up to the municipality; notes is not needed.
PLUGINS = (CASEWORK,)
BUILTINS = ("municipality",)


@pytest.fixture
async def municipality_client(settings, clean_database):
    """A client for the app with the municipality plugin."""
    return await client_of(make_app(settings, PLUGINS, BUILTINS))


@pytest.fixture
def municipality_plugins(settings, clean_database):
    """The plugins of `municipality_client`, with the tables bound (for direct engine calls)."""
    from core import db
    from core.plugins import build_plugins

    plugins = build_plugins(loading(settings, PLUGINS, BUILTINS), PLUGINS)
    db.bind_tables(db.engine_for(settings), plugins.piccolo_apps)
    return plugins


@pytest.fixture
async def town(settings, people):
    """`people` (Tartu and Elva, their offices, Tartu Kool, child protection in both) plus Tartu's
    police station and the municipality plugin's posts: a case manager, a welfare lead and a
    network leader in Tartu, a police network member, and Elva's case manager."""
    return await templates.seeded(
        settings.database_url, "municipality.town", lambda: make_town(people)
    )


async def make_town(people):
    ids = dict(people)
    [police] = await Organisation.insert(
        Organisation(
            name="Tartu politseijaoskond",
            folded_name=fold("Tartu politseijaoskond"),
            kind="police",
            sector="police",
            municipality=people["tartu"],
        )
    ).returning(Organisation.id)
    ids["police"] = police["id"]
    office = people["tartu_office"]
    ids["tartu.casemanager"] = await make_user(
        "tartu.casemanager", office, "municipality_case_manager", full_name="Kaie Korraldaja"
    )
    ids["tartu.welfare"] = await make_user(
        "tartu.welfare", office, "municipality_welfare_lead", full_name="Helle Heaolu"
    )
    ids["tartu.networklead"] = await make_user(
        "tartu.networklead", office, "municipality_network_leader", full_name="Vello Võrk"
    )
    ids["tartu.police"] = await make_user(
        "tartu.police", police["id"], "municipality_network_member", full_name="Peeter Politsei"
    )
    ids["elva.casemanager"] = await make_user(
        "elva.casemanager", people["elva_office"], "municipality_case_manager"
    )
    return ids
