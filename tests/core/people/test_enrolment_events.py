"""The enrolment events a plugin hears, proven with the casework test plugin (its
``heard``): a child added (and so enrolled) and the enrolment ended."""

from datetime import date, timedelta

import pytest

from core.people.tables import Child, Enrolment
from tests.core.people.test_children import new_child
from tests.helpers import post
from tests.testplugins.casework import heard

pytestmark = pytest.mark.anyio


@pytest.fixture(autouse=True)
def no_events_yet():
    heard.clear()
    yield
    heard.clear()


async def test_heaolu_after_enrolment_began_when_a_child_is_added(coordinator_client, school):
    added = await post(coordinator_client, "/children", new_child(isikukood="51501010012"))
    assert added.status_code == 303
    child = await Child.select(Child.id).where(Child.isikukood == "51501010012").first()
    [enrolment] = await Enrolment.select(Enrolment.id).where(Enrolment.child == child["id"])
    assert heard == [("enrolment_began", enrolment["id"])]


async def test_heaolu_after_enrolment_ended_when_the_child_leaves(coordinator_client, school):
    [enrolment] = await Enrolment.select(Enrolment.id).where(Enrolment.child == school["mart"])
    yesterday = (date.today() - timedelta(days=1)).strftime("%d.%m.%Y")
    path = f"/children/{school['mart']}/enrolments/{enrolment['id']}/end"
    assert (await post(coordinator_client, path, {"ends_on": yesterday})).status_code == 303
    assert heard == [("enrolment_ended", enrolment["id"])]
