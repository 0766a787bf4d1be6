"""The services behind `core.api` for children: adding one, finding one already there, and who
is enrolled now."""

from datetime import date, timedelta

import pytest

from core.people.adding import ChildNotValid, NewChild, add_child, existing_child
from core.people.enrolment import current_enrolment
from core.people.tables import Child, Enrolment

pytestmark = pytest.mark.anyio

TODAY = date.today()


async def test_add_child_folds_the_search_names_and_lives_where_registered(school):
    child_id = await add_child(
        NewChild("Öie", "Šõmer", date(2020, 5, 6), school["tartu"], isikukood="62005060011")
    )
    row = await Child.select().where(Child.id == child_id).first()
    assert (row["search_name"], row["search_name_reversed"]) == ("somer oie", "oie somer")
    assert row["residence_municipality"] == row["registered_municipality"] == school["tartu"]
    same = {"given_name": "Öie", "family_name": "Šõmer", "isikukood": ""}
    assert await existing_child(same, date(2020, 5, 6)) == child_id
    other = {"given_name": "Keegi", "family_name": "Teine", "isikukood": "62005060011"}
    assert await existing_child(other, date(2001, 1, 1)) == child_id


@pytest.mark.parametrize(
    "child",
    [
        NewChild("", "Kask", date(2020, 5, 6), None),
        NewChild("Mia", "Kask", date(2020, 5, 6), None, isikukood="62005060012"),
        NewChild("Mia", "Kask", date(2019, 5, 6), None, isikukood="62005060011"),
    ],
)
async def test_add_child_refuses_what_no_page_should_have_let_through(school, child):
    with pytest.raises(ChildNotValid):
        await add_child(child)


async def test_current_enrolment_leaves_out_who_left_and_who_has_not_started(school):
    rows = await Enrolment.select(Enrolment.child).where(current_enrolment(TODAY))
    enrolled = {row["child"] for row in rows}
    assert {school["mia"], school["mart"], school["liis"]} <= enrolled
    assert school["left"] not in enrolled
    assert school["future"] not in enrolled
    later = {
        row["child"]
        for row in await Enrolment.select(Enrolment.child).where(
            current_enrolment(TODAY + timedelta(days=31))
        )
    }
    assert school["future"] in later
