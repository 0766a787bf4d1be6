"""A school with the casework test workflow, its staff, a family doctor and a child."""

from datetime import date

import pytest

from core.auth.tables import Membership
from core.people.folding import fold
from core.people.tables import Guardian, GuardianLink, Organisation, Unit
from tests import templates
from tests.core.people.conftest import make_child
from tests.helpers import csrf_from, make_user, new_submission_key, post, sign_in


@pytest.fixture
async def casework(settings, people):
    """Tartu Kool (class 1.a with Mari Mets), its teacher, coordinator and nurse, another
    class's teacher, Tartu's case manager, a family doctor's practice with a doctor."""
    return await templates.seeded(
        settings.database_url, "cases.casework", lambda: make_casework(people)
    )


async def make_casework(people):
    """The rows of the `casework` fixture, added to those of `tests.helpers.make_people`."""
    from core.people.tables import Child

    ids = dict(people)
    school = people["tartu_school"]
    [unit] = await Unit.insert(Unit(organisation=school, name="1.a", kind="class")).returning(
        Unit.id
    )
    [other_unit] = await Unit.insert(Unit(organisation=school, name="2.b", kind="class")).returning(
        Unit.id
    )
    [doctors] = await Organisation.insert(
        Organisation(
            name="Tartu Perearstikeskus",
            folded_name=fold("Tartu Perearstikeskus"),
            kind="health",
            sector="health",
            municipality=people["tartu"],
        )
    ).returning(Organisation.id)
    ids["doctors"] = doctors["id"]
    ids["1.a"] = unit["id"]
    ids["teacher"] = await make_user(
        "teacher", school, "casework_teacher", full_name="Tiina Õpetaja"
    )
    ids["other_teacher"] = await make_user("other.teacher", school, "casework_teacher")
    await Membership.update({Membership.unit: unit["id"]}).where(Membership.user == ids["teacher"])
    await Membership.update({Membership.unit: other_unit["id"]}).where(
        Membership.user == ids["other_teacher"]
    )
    ids["coordinator"] = await make_user(
        "coordinator", school, "casework_coordinator", full_name="Kadri Koordinaator"
    )
    ids["nurse"] = await make_user("nurse", school, "casework_nurse")
    ids["manager"] = await make_user(
        "manager", people["tartu_office"], "casework_manager", full_name="Malle Juhtumikorraldaja"
    )
    ids["elva.manager"] = await make_user("elva.manager", people["elva_office"], "casework_manager")
    ids["doctor"] = await make_user(
        "doctor", doctors["id"], "casework_nurse", email="arst@example.ee"
    )
    ids["child"] = await make_child("Mari", "Mets", date(2016, 5, 5), school, unit["id"])
    await Child.update(
        {
            Child.registered_municipality: people["tartu"],
            Child.residence_municipality: people["tartu"],
        }
    ).where(Child.id == ids["child"])
    [mother] = await Guardian.insert(Guardian(given_name="Ema", family_name="Mets")).returning(
        Guardian.id
    )
    ids["mother"] = mother["id"]
    await GuardianLink.insert(
        GuardianLink(child=ids["child"], guardian=mother["id"], relation="mother", custody=True)
    )
    return ids


SHEET = {
    "f.danger": "no",
    "f.noticed": "Mari on tunnis sageli endassetõmbunud ja ei räägi kaaslastega.",
    "f.situations": "Rühmatöös ja vahetunnis.",
    "f.parents_informed": "yes",
}


async def open_case(client, casework, username="teacher"):
    """The teacher notices Mari; returns the new case's id."""
    await sign_in(client, username)
    response = await post(client, "/notice", {"child": str(casework["child"]), **SHEET}, "/notice")
    assert response.status_code == 303, response.text
    return int(response.headers["location"].rsplit("/", 1)[1])


async def switch(client, username):
    """Log out and log in as ``username``."""
    await post(client, "/logout")
    await sign_in(client, username)


async def case_row(case_id):
    from core.cases.tables import Case

    return await Case.select().where(Case.id == case_id).first()


async def hx_post(client, path, data, token_page):
    """POST ``data`` as htmx does: the CSRF token in the X-CSRF-Token header (from the page's
    ``hx-headers``) and ``HX-Request: true``."""
    page = await client.get(token_page)
    return await client.post(
        path,
        data={"_submission_key": new_submission_key(), **data},
        headers={"HX-Request": "true", "X-CSRF-Token": csrf_from(page.text)},
    )
