"""Tartu Kool with two coordinators (Kati and Mart), Mia enrolled there, a case about her, and two
contacts in the directory; an Elva coordinator who may see none of it. The notes test plugin's
``notes.feedback`` has every field type."""

from __future__ import annotations

import contextlib
from datetime import date, timedelta

import pytest

from core.cases.tables import Case
from core.people.folding import fold
from core.people.tables import Child, ContactPerson, Enrolment, Organisation
from tests import templates
from tests.helpers import csrf_from, make_user, new_submission_key, sign_in

TODAY = date.today()


@pytest.fixture
async def school(settings, people):
    return await templates.seeded(
        settings.database_url, "forms.school", lambda: make_school(people)
    )


async def make_school(people):
    ids = dict(people)
    org = people["tartu_school"]
    ids["kati"] = await make_user("kati", org, "notes_coordinator", full_name="Kati Kask")
    ids["mart"] = await make_user("mart", org, "notes_coordinator", full_name="Mart Mänd")
    [elva_school] = await Organisation.insert(
        Organisation(
            name="Elva Kool", kind="hobby_school", sector="education", municipality=people["elva"]
        )
    ).returning(Organisation.id)
    ids["elva_school"] = elva_school["id"]
    ids["elva.coordinator"] = await make_user(
        "elva.coordinator", elva_school["id"], "notes_coordinator"
    )
    [mia] = await Child.insert(
        Child(
            given_name="Mia",
            family_name="Mets",
            date_of_birth=date(2018, 5, 6),
            search_name=fold("Mets Mia"),
            search_name_reversed=fold("Mia Mets"),
        )
    ).returning(Child.id)
    ids["mia"] = mia["id"]
    await Enrolment.insert(
        Enrolment(child=mia["id"], organisation=org, starts_on=TODAY - timedelta(days=30))
    )
    [case] = await Case.insert(
        Case(
            child=mia["id"],
            owner_organisation=org,
            municipality=people["tartu"],
            workflow="test",
            stage="I",
            level="institution",
            responsible=ids["kati"],
        )
    ).returning(Case.id)
    ids["case"] = case["id"]
    psychologist, nurse = await ContactPerson.insert(
        ContactPerson(
            organisation=org,
            name="Piret Põder",
            post="psühholoog",
            search_text=fold("Piret Põder psühholoog"),
        ),
        ContactPerson(
            organisation=org, name="Anne Allik", post="õde", search_text=fold("Anne Allik õde")
        ),
    ).returning(ContactPerson.id)
    ids["piret"], ids["anne"] = psychologist["id"], nurse["id"]
    return ids


@contextlib.asynccontextmanager
async def logged_in(settings, username):
    """A fresh app with the test plugins, and a client logged in as ``username``."""
    from litestar.testing import AsyncTestClient

    from tests.conftest import BASE_URL, TEST_PLUGINS, make_app

    app = make_app(settings, TEST_PLUGINS)
    async with AsyncTestClient(app, base_url=BASE_URL, raise_server_exceptions=False) as client:
        client.follow_redirects = False
        await sign_in(client, username)
        yield client


@pytest.fixture
async def kati(settings, school):
    async with logged_in(settings, "kati") as client:
        yield client


async def submit_page(client, path, data):
    """Open the form page at ``path`` and post ``data`` with its CSRF token and a one-time
    submission key."""
    page = await client.get(path)
    assert page.status_code == 200, page.text
    fields = {"_submission_key": new_submission_key(), **data}
    return await client.post(path, data={**fields, "_csrf_token": csrf_from(page.text)})


# A complete, valid answer to notes.feedback.
FEEDBACK = {
    "f.summary": "Hea kohtumine",
    "f.details": "Rida üks\nRida kaks",
    "f.met_on": "23.11.2026",
    "f.hours": "2,5",
    "f.mood": "good",
    "f.topics": ["school", "friends"],
    "f.agreed": "yes",
    "f.score": "7",
    "f.steps.0.step": "Helistada emale",
    "f.steps.0.due": "01.12.2026",
}
