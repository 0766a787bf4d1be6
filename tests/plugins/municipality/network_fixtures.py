"""People for the network's tests: `town` plus a kindergarten, a school teacher without network
roles, the heads of the school and the kindergarten (who keep their own directory entries), and a
contact person of the school."""

import pytest

from core.people.folding import fold
from core.people.tables import ContactPerson, Organisation
from tests import templates
from tests.helpers import count_as_school, make_user, post, sign_in


@pytest.fixture(name="network_town")
async def network_town_fixture(settings, town):
    return await templates.seeded(
        settings.database_url, "municipality.network_town", lambda: make_network_town(town)
    )


async def make_network_town(town):
    ids = dict(town)
    await count_as_school(town["tartu_school"])
    [kindergarten] = await Organisation.insert(
        Organisation(
            name="Tartu Lasteaed Mõmmik",
            folded_name=fold("Tartu Lasteaed Mõmmik"),
            kind="kindergarten",
            sector="education",
            municipality=town["tartu"],
        )
    ).returning(Organisation.id)
    ids["kindergarten"] = kindergarten["id"]
    ids["tartu.teacher"] = await make_user(
        "tartu.teacher", town["tartu_school"], "casework_teacher"
    )
    # A school's and a kindergarten's own administrators: they hold core.directory.edit.
    ids["school.head"] = await make_user(
        "school.head", town["tartu_school"], "municipality_admin", full_name="Kati Kool"
    )
    ids["kindergarten.head"] = await make_user(
        "kindergarten.head", kindergarten["id"], "municipality_admin"
    )
    [contact] = await ContactPerson.insert(
        ContactPerson(
            organisation=town["tartu_school"],
            name="Tiina Tugi",
            post="tugiõppe koordinaator",
            phone="5551234",
            search_text=fold("Tiina Tugi tugiõppe koordinaator"),
        )
    ).returning(ContactPerson.id)
    ids["school_contact"] = contact["id"]
    return ids


async def switch_to(client, username):
    """Log out whoever is logged in, and log in as ``username``."""
    await post(client, "/logout")
    await sign_in(client, username)
