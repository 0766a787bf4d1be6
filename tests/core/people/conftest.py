"""Children in scope for the people tests: a school with classes, teachers and coordinators."""

from datetime import date, timedelta

import pytest

from core.people.folding import fold
from core.people.tables import Child, Enrolment, Guardian, GuardianLink, Unit
from tests import templates
from tests.helpers import make_user, sign_in

TODAY = date.today()


async def make_child(
    given, family, born, organisation, unit=None, isikukood=None, starts=None, ends=None
):
    [child] = await Child.insert(
        Child(
            given_name=given,
            family_name=family,
            date_of_birth=born,
            isikukood=isikukood,
            search_name=fold(f"{family} {given}"),
            search_name_reversed=fold(f"{given} {family}"),
        )
    ).returning(Child.id)
    await Enrolment.insert(
        Enrolment(
            child=child["id"],
            organisation=organisation,
            unit=unit,
            starts_on=starts or TODAY - timedelta(days=30),
            ends_on=ends,
        )
    )
    return child["id"]


@pytest.fixture
async def school(settings, people):
    """Tartu Kool with classes 1.a and 2.a, its teachers and coordinator, Elva's coordinator,
    and children: two in 1.a (siblings), one in 2.a, one who left, one starting next month,
    and one in an Elva organisation."""
    return await templates.seeded(
        settings.database_url, "people.school", lambda: make_school(people)
    )


async def make_school(people):
    from core.auth.tables import Membership

    org = people["tartu_school"]
    one_a, two_a = await Unit.insert(
        Unit(organisation=org, name="1.a", kind="class"),
        Unit(organisation=org, name="2.a", kind="class"),
    ).returning(Unit.id)
    ids = dict(people)
    ids["1.a"], ids["2.a"] = one_a["id"], two_a["id"]
    ids["teacher_1a"] = await make_user("teacher.1a", org, "notes_teacher")
    await Membership.update({Membership.unit: one_a["id"]}).where(
        Membership.user == ids["teacher_1a"]
    )
    ids["coordinator"] = await make_user("coordinator", org, "notes_coordinator")
    ids["elva_coordinator"] = await make_user(
        "elva.coordinator", people["elva_office"], "notes_coordinator"
    )
    ids["mia"] = await make_child(
        "Mia", "Õunapuu", date(2019, 3, 4), org, one_a["id"], isikukood="61903040012"
    )
    ids["mart"] = await make_child("Mart", "Õunapuu", date(2017, 6, 1), org, one_a["id"])
    ids["liis"] = await make_child("Liis", "Kask", date(2018, 1, 2), org, two_a["id"])
    ids["left"] = await make_child(
        "Lahkunud", "Laps", date(2018, 1, 2), org, one_a["id"], ends=TODAY - timedelta(days=1)
    )
    ids["future"] = await make_child(
        "Tulev", "Laps", date(2018, 1, 2), org, one_a["id"], starts=TODAY + timedelta(days=30)
    )
    ids["elva_child"] = await make_child("Elva", "Laps", date(2018, 1, 2), people["elva_office"])
    [mother] = await Guardian.insert(
        Guardian(given_name="Anu", family_name="Õunapuu", phone="+372 5555 0000")
    ).returning(Guardian.id)
    await GuardianLink.insert(
        GuardianLink(child=ids["mia"], guardian=mother["id"], relation="mother"),
        GuardianLink(child=ids["mart"], guardian=mother["id"], relation="mother"),
    )
    return ids


@pytest.fixture
async def coordinator_client(settings, school):
    """The app with the test plugins, logged in as the school's coordinator."""
    from litestar.testing import AsyncTestClient

    from tests.conftest import BASE_URL, TEST_PLUGINS, make_app

    async with AsyncTestClient(make_app(settings, TEST_PLUGINS), base_url=BASE_URL) as client:
        client.follow_redirects = False
        await sign_in(client, "coordinator")
        yield client
