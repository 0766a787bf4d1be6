"""A Tartu child with a case in the municipality's case management, and helpers for the
casework part's tests.

This module is also a tiny test plugin (``casework_fixtures``): a kindergarten workflow whose
stage III is municipality-level and names no roles, so an institution hands its case to the
municipality's case managers (the casework test plugin's stage III names its own role)."""

from datetime import date

import pytest

from core.cases.tables import Case, Handover, HandoverStatus
from core.hookspecs import hookimpl
from core.people.folding import fold
from core.people.tables import Child, Organisation
from core.registry import Level, Stage, Transition, Workflow
from tests import templates
from tests.conftest import CASEWORK, client_of, make_app
from tests.core.people.conftest import make_child
from tests.helpers import accept_report, make_user, post, sign_in

KINDERGARTEN_PLUGIN = "tests.plugins.municipality.casework_fixtures"
COORDINATOR = frozenset({"casework_coordinator"})
KINDERGARTEN_WORKFLOW = Workflow(
    key="casework_fixtures.kindergarten",
    label="Kindergarten support",
    organisation_kinds=frozenset({"kindergarten"}),
    stages=(
        Stage("I", "Stage I: coordinator", Level.institution, COORDINATOR),
        Stage("III", "Stage III: the municipality", Level.municipality, frozenset()),
    ),
    transitions=(
        Transition(
            "to_municipality", "Pass to the municipality", frozenset({"I"}), "III", COORDINATOR
        ),
        Transition("close_III", "Close", frozenset({"III"}), None, frozenset()),
    ),
)


@hookimpl
def heaolu_case_workflows():
    return [KINDERGARTEN_WORKFLOW]


@pytest.fixture(name="kindergarten_client")
async def kindergarten_client_fixture(settings, clean_database):
    """The app with the municipality plugin, the casework test plugin and this module's
    kindergarten workflow."""
    return await client_of(make_app(settings, (CASEWORK, KINDERGARTEN_PLUGIN), ("municipality",)))


@pytest.fixture(name="kindergarten")
async def kindergarten_fixture(settings, town):
    """`town` plus Tartu's Annelinna Lasteaed with its coordinator and Mia Mägi, who goes
    there."""
    return await templates.seeded(
        settings.database_url, "municipality.kindergarten", lambda: make_kindergarten(town)
    )


async def make_kindergarten(town):
    ids = dict(town)
    [garden] = await Organisation.insert(
        Organisation(
            name="Annelinna Lasteaed",
            folded_name=fold("Annelinna Lasteaed"),
            kind="kindergarten",
            sector="education",
            municipality=town["tartu"],
        )
    ).returning(Organisation.id)
    ids["kindergarten"] = garden["id"]
    ids["kg.coordinator"] = await make_user(
        "kg.coordinator", garden["id"], "casework_coordinator", full_name="Kertu Koordinaator"
    )
    ids["child"] = await make_child("Mia", "Mägi", date(2021, 3, 3), garden["id"])
    await Child.update(
        {
            Child.registered_municipality: town["tartu"],
            Child.residence_municipality: town["tartu"],
        }
    ).where(Child.id == ids["child"])
    return ids


POLICE_SHEET = {
    "given_name": "Mari",
    "family_name": "Mets",
    "date_of_birth": "05.05.2016",
    "f.danger": "no",
    "f.noticed": "Mari käis mitu korda hilja õhtul üksi linnas.",
    "f.situations": "Õhtuti kesklinnas.",
    "f.parents_informed": "yes",
}


@pytest.fixture(name="mari")
async def mari_fixture(settings, town):
    """`town` plus Mari Mets, a pupil of Tartu Kool registered in Tartu."""
    return await templates.seeded(
        settings.database_url, "municipality.mari", lambda: make_mari(town)
    )


async def make_mari(town):
    ids = dict(town)
    ids["child"] = await make_child("Mari", "Mets", date(2016, 5, 5), town["tartu_school"])
    await Child.update(
        {
            Child.registered_municipality: town["tartu"],
            Child.residence_municipality: town["tartu"],
        }
    ).where(Child.id == ids["child"])
    return ids


async def switch(client, username):
    """Log out and log in as ``username``."""
    await post(client, "/logout")
    await sign_in(client, username)


async def case_from_police_report(client, mari):
    """The police member notices Mari; Tartu's case manager accepts the report. Returns the
    case's id; the client stays logged in as the case manager."""
    await sign_in(client, "tartu.police")
    sheet = {**POLICE_SHEET, "municipality": str(mari["tartu"])}
    sent = await post(client, "/notice", sheet, "/notice")
    from core.cases.tables import Report

    report = await Report.select().first()
    assert sent.headers["location"] == f"/notice/sent/{report['id']}", sent.text
    await switch(client, "tartu.casemanager")
    accepted = await accept_report(client, report["id"])
    assert accepted.status_code == 303, accepted.text
    return int(accepted.headers["location"].rsplit("/", 1)[1])


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
