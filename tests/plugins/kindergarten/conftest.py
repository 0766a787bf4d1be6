"""The app with the kindergarten and municipality plugins (and the casework test plugin, whose
coordinator role stands in for a school's receiver: the school plugin is not needed), and two
Tartu kindergartens, one in Elva, two schools and their people."""

from datetime import date

import pytest

from core.auth.tables import Membership
from core.cases.tables import Case, Handover, HandoverStatus
from core.people.tables import Child, Guardian, GuardianLink, Unit
from plugins.kindergarten.common import coming_autumn
from tests import templates
from tests.conftest import CASEWORK, client_of, make_app
from tests.core.people.conftest import make_child
from tests.helpers import make_institution, make_user, post, sign_in
from tests.plugins.municipality.conftest import make_town

PLUGINS = (CASEWORK,)
BUILTINS = ("municipality", "kindergarten")
SHEET = {
    "f.danger": "no",
    "f.noticed": "Mia ei lähe rühmas teiste lastega mängu ja nutab hommikuti pikalt.",
    "f.situations": "Hommikuringis ja vabas mängus.",
    "f.parents_informed": "yes",
}


@pytest.fixture
async def kg_client(settings, clean_database):
    """A client for the app with the kindergarten plugin."""
    return await client_of(make_app(settings, PLUGINS, BUILTINS))


@pytest.fixture
async def garden(settings, people):
    """`people` and the municipality plugin's posts (`make_town`), plus Annelinna Lasteaed
    (groups Mesimummid and Päikesekiired, a teacher of each, the coordinator, the head and a
    speech therapist), Karlova Lasteaed (Tartu) and Elva Lasteaed with their coordinators,
    Annelinna Kool (Tartu) and Elva Gümnaasium with a receiver each, and children: Mia Mägi
    (Mesimummid, going to school in the coming autumn, two parents), Uku Ubin
    (Päikesekiired) and Kaur Kask (Karlova)."""
    return await templates.seeded(
        settings.database_url, "kindergarten.garden", lambda: make_garden(people)
    )


async def _unit(organisation, name):
    [row] = await Unit.insert(Unit(organisation=organisation, name=name, kind="group")).returning(
        Unit.id
    )
    return row["id"]


async def _teacher(username, organisation, unit, full_name):
    user = await make_user(
        username, organisation, "kindergarten_group_teacher", full_name=full_name
    )
    await Membership.update({Membership.unit: unit}).where(Membership.user == user)
    return user


async def make_garden(people):
    ids = await make_town(people)
    tartu, elva = ids["tartu"], ids["elva"]
    garden = ids["garden"] = await make_institution("Annelinna Lasteaed", "kindergarten", tartu)
    karlova = ids["karlova"] = await make_institution("Karlova Lasteaed", "kindergarten", tartu)
    elva_garden = ids["elva_garden"] = await make_institution("Elva Lasteaed", "kindergarten", elva)
    school = ids["school"] = await make_institution("Annelinna Kool", "school", tartu)
    elva_school = ids["elva_school"] = await make_institution("Elva Gümnaasium", "school", elva)
    bees = ids["Mesimummid"] = await _unit(garden, "Mesimummid")
    suns = ids["Päikesekiired"] = await _unit(garden, "Päikesekiired")
    ladybirds = ids["Lepatriinud"] = await _unit(karlova, "Lepatriinud")
    ids["kg.teacher"] = await _teacher("kg.teacher", garden, bees, "Riina Rühm")
    ids["kg.teacher2"] = await _teacher("kg.teacher2", garden, suns, "Pille Päike")
    for username, organisation, role, full_name in (
        ("kg.coordinator", garden, "kindergarten_support_coordinator", "Kertu Koordinaator"),
        ("kg.head", garden, "kindergarten_head", "Helju Juhataja"),
        ("kg.specialist", garden, "kindergarten_support_specialist", "Liisa Logopeed"),
        ("karlova.coordinator", karlova, "kindergarten_support_coordinator", "Kaja Karlova"),
        ("elva.kg.coordinator", elva_garden, "kindergarten_support_coordinator", "Eeva Elva"),
        ("school.coordinator", school, "casework_coordinator", "Sirje Kool"),
        ("elva.school.coordinator", elva_school, "casework_coordinator", "Ell Gümnaasium"),
    ):
        ids[username] = await make_user(username, organisation, role, full_name=full_name)
    autumn = coming_autumn(date.today())
    ids["mia"] = await make_child("Mia", "Mägi", date(autumn - 7, 3, 3), garden, bees)
    ids["uku"] = await make_child("Uku", "Ubin", date(autumn - 5, 4, 4), garden, suns)
    ids["kaur"] = await make_child("Kaur", "Kask", date(autumn - 7, 5, 5), karlova, ladybirds)
    await Child.update(
        {Child.registered_municipality: tartu, Child.residence_municipality: tartu}
    ).where(Child.id.is_in([ids["mia"], ids["uku"], ids["kaur"]]))
    for key, given, family, relation in (
        ("maie", "Maie", "Mägi", "mother"),
        ("mart", "Mart", "Mägi", "father"),
    ):
        [guardian] = await Guardian.insert(
            Guardian(given_name=given, family_name=family)
        ).returning(Guardian.id)
        ids[key] = guardian["id"]
        await GuardianLink.insert(
            GuardianLink(child=ids["mia"], guardian=guardian["id"], relation=relation)
        )
    return ids


async def switch(client, username):
    """Log out and log in as ``username``."""
    await post(client, "/logout")
    await sign_in(client, username)


async def notice(client, username, child_id):
    """``username`` notices the child; the new case's id."""
    await sign_in(client, username)
    response = await post(client, "/notice", {"child": str(child_id), **SHEET}, "/notice")
    assert response.status_code == 303, response.text
    return int(response.headers["location"].rsplit("/", 1)[1])


async def case_row(case_id):
    return await Case.select().where(Case.id == case_id).first()


async def pending(case_id):
    return (
        await Handover.select()
        .where((Handover.case == case_id) & (Handover.status == HandoverStatus.pending.value))
        .first()
    )


async def step(client, case_id, key, **fields):
    version = (await case_row(case_id))["version"]
    return await post(client, f"/cases/{case_id}/steps/{key}", {"version": str(version), **fields})
