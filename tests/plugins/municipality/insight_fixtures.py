"""A small Tartu for the insight pages: a kindergarten, a second school, the education
coordinator, and helpers to make children, enrolments and cases."""

from datetime import date, datetime, timedelta

import pytest
from stdnum.ee import ik

from core.cases.tables import Case
from core.people.folding import fold
from core.people.tables import Child, Enrolment
from plugins.municipality.insight.common import next_school_start
from tests.helpers import count_as_school, make_institution, make_user

TODAY = date.today()
SCHOOL_START = next_school_start(TODAY)


def isikukood(born: date, serial: int) -> str:
    """A valid isikukood of a girl born on ``born`` (2000–2099)."""
    base = f"6{born:%y%m%d}{serial:03d}"
    return base + ik.calc_check_digit(base + "0")


def born_years_before(day: date, years: int, days_after: int = 0) -> date:
    return day.replace(year=day.year - years) + timedelta(days=days_after)


async def make_child(given, family, born, municipality, *, isikukood=None):
    [child] = await Child.insert(
        Child(
            given_name=given,
            family_name=family,
            date_of_birth=born,
            isikukood=isikukood,
            search_name=fold(f"{family} {given}"),
            search_name_reversed=fold(f"{given} {family}"),
            registered_municipality=municipality,
            residence_municipality=municipality,
        )
    ).returning(Child.id)
    return child["id"]


async def enrol(child, organisation, starts, ends=None):
    await Enrolment.insert(
        Enrolment(child=child, organisation=organisation, starts_on=starts, ends_on=ends)
    )


async def make_case(child, owner, municipality, responsible, *, opened, closed=None, **fields):
    [case] = await Case.insert(
        Case(
            child=child,
            owner_organisation=owner,
            municipality=municipality,
            workflow=fields.pop("workflow", "casework.school"),
            stage=fields.pop("stage", "I"),
            level=fields.pop("level", "institution"),
            responsible=responsible,
            status="closed" if closed else "open",
            opened_at=opened,
            closed_at=closed,
            **fields,
        )
    ).returning(Case.id)
    return case["id"]


def moment(day: date) -> datetime:
    from core.i18n import start_of_day

    return start_of_day(day) + timedelta(hours=10)


@pytest.fixture(name="insight")
async def insight_fixture(town):
    """`town` with Tartu Kool a school, plus Tartu Lasteaed (kindergarten), Tartu Teine Kool
    (school) and Tartu's education coordinator (keeps the children at home)."""
    ids = dict(town)
    await count_as_school(town["tartu_school"])
    for key, name, kind in (
        ("kindergarten", "Tartu Lasteaed", "kindergarten"),
        ("school2", "Tartu Teine Kool", "school"),
    ):
        ids[key] = await make_institution(name, kind, town["tartu"])
    ids["tartu.education"] = await make_user(
        "tartu.education", town["tartu_office"], "municipality_education_coordinator"
    )
    return ids
