"""The app with the built-in school and municipality plugins, and three schools: Annelinna Kool
and Karlova Kool in Tartu linn, Elva Kool in Elva vald, with their classes, posts and pupils."""

from datetime import date

import pytest

from core.auth.tables import Membership
from core.cases.tables import Case, Handover, HandoverStatus
from core.people.folding import fold
from core.people.tables import Child, Organisation, Unit
from tests import templates
from tests.conftest import client_of, loading, make_app
from tests.core.people.conftest import make_child
from tests.helpers import make_user, post, sign_in

PLUGINS = ()
BUILTINS = ("municipality", "school")
NOTICE = {
    "f.danger": "no",
    "f.noticed": "Mari on tunnis sageli endassetõmbunud ja ei räägi kaaslastega.",
    "f.situations": "Rühmatöös ja vahetunnis.",
    "f.parents_informed": "yes",
}
PLAN = {
    "f.drawn_up_on": "01.09.2026",
    "f.basis": "school_support",
    "f.needs": "Lugemine ja keskendumine.",
    "f.responsible": "Klassijuhataja ja eripedagoog.",
    "f.review_on": "01.12.2026",
}


@pytest.fixture
async def school_client(settings, clean_database):
    """A client for the app with the school and municipality plugins."""
    return await client_of(make_app(settings, PLUGINS, BUILTINS))


@pytest.fixture
def school_plugins(settings, clean_database):
    """The plugins of `school_client`, with the tables bound (for direct service calls)."""
    from core import db
    from core.plugins import build_plugins

    plugins = build_plugins(loading(settings, PLUGINS, BUILTINS), PLUGINS)
    db.bind_tables(db.engine_for(settings), plugins.piccolo_apps)
    return plugins


@pytest.fixture
async def schools(settings, people):
    """`people` plus three schools and their posts (see `make_schools`)."""
    return await templates.seeded(
        settings.database_url, "school.schools", lambda: make_schools(people)
    )


async def _school(name: str, municipality: int) -> int:
    [row] = await Organisation.insert(
        Organisation(
            name=name,
            folded_name=fold(name),
            kind="school",
            sector="education",
            municipality=municipality,
        )
    ).returning(Organisation.id)
    return int(row["id"])


async def _pupil(given, family, born, school, unit, municipality) -> int:
    child = await make_child(given, family, born, school, unit)
    await Child.update(
        {Child.registered_municipality: municipality, Child.residence_municipality: municipality}
    ).where(Child.id == child)
    return child


async def make_schools(people):
    """Annelinna Kool (classes 3.a, 3.b, 6.a, 7.a, 7.b), Karlova Kool (3.a), Elva Kool (7.a);
    class teachers of Annelinna's 3.a, 3.b and 7.a and of Elva's 7.a, Annelinna's coordinator,
    nurse, support specialist and head, Karlova's and Elva's coordinators, Tartu's case
    manager; pupils Mari Mets (Annelinna 3.a), Jüri Jõgi (Annelinna 3.b), Tõnis Tamm
    (Annelinna 6.a), Kaur Kask (Karlova 3.a), all registered in Tartu."""
    ids = dict(people)
    tartu, elva = people["tartu"], people["elva"]
    ids["annelinna"] = await _school("Annelinna Kool", tartu)
    ids["karlova"] = await _school("Karlova Kool", tartu)
    ids["elva_school"] = await _school("Elva Kool", elva)
    for school, classes in (
        ("annelinna", ("3.a", "3.b", "6.a", "7.a", "7.b")),
        ("karlova", ("3.a",)),
        ("elva_school", ("7.a",)),
    ):
        for name in classes:
            [unit] = await Unit.insert(
                Unit(organisation=ids[school], name=name, kind="class")
            ).returning(Unit.id)
            ids[f"{school} {name}"] = unit["id"]
    for username, school, role, unit, full_name in (
        ("teacher", "annelinna", "school_class_teacher", "3.a", "Krista Klass"),
        ("teacher.b", "annelinna", "school_class_teacher", "3.b", "Tiiu Teine"),
        ("teacher.7a", "annelinna", "school_class_teacher", "7.a", "Silvi Seitse"),
        ("coordinator", "annelinna", "school_support_coordinator", None, "Helen Tugi"),
        ("nurse", "annelinna", "school_nurse", None, "Ene Tervis"),
        ("specialist", "annelinna", "school_support_specialist", None, "Eeva Eripedagoog"),
        ("head", "annelinna", "school_head", None, "Dagmar Direktor"),
        ("karlova.coordinator", "karlova", "school_support_coordinator", None, "Kalle Karlova"),
        ("elva.coordinator", "elva_school", "school_support_coordinator", None, "Maris Elvik"),
        ("elva.teacher", "elva_school", "school_class_teacher", "7.a", "Elle Elvast"),
    ):
        ids[username] = await make_user(username, ids[school], role, full_name=full_name)
        if unit is not None:
            await Membership.update({Membership.unit: ids[f"{school} {unit}"]}).where(
                Membership.user == ids[username]
            )
    ids["tartu.casemanager"] = await make_user(
        "tartu.casemanager",
        people["tartu_office"],
        "municipality_case_manager",
        full_name="Kaie Korraldaja",
    )
    for key, given, family, born, school, unit in (
        ("mari", "Mari", "Mets", date(2017, 5, 5), "annelinna", "3.a"),
        ("juri", "Jüri", "Jõgi", date(2017, 2, 2), "annelinna", "3.b"),
        ("tonis", "Tõnis", "Tamm", date(2014, 3, 3), "annelinna", "6.a"),
        ("kaur", "Kaur", "Kask", date(2017, 4, 4), "karlova", "3.a"),
    ):
        ids[key] = await _pupil(given, family, born, ids[school], ids[f"{school} {unit}"], tartu)
    return ids


async def switch(client, username):
    """Log out and log in as ``username``."""
    await post(client, "/logout")
    await sign_in(client, username)


async def notice(client, child_id: int) -> int:
    """The logged-in user notices the child; the new case's id."""
    response = await post(client, "/notice", {"child": str(child_id), **NOTICE}, "/notice")
    assert response.status_code == 303, response.text
    location = response.headers["location"]
    assert location.startswith("/cases/"), location
    return int(location.rsplit("/", 1)[1])


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


async def accept(client, case_id):
    handover = await pending(case_id)
    assert handover is not None
    return await post(client, f"/handovers/{handover['id']}/accept")


async def at_coordinator(client, schools, child_key="mari") -> int:
    """The class teacher notices the child and asks the coordinator in, who accepts; the case's
    id (the client stays the coordinator's)."""
    await sign_in(client, "teacher" if child_key == "mari" else "teacher.b")
    case_id = await notice(client, schools[child_key])
    asked = await step(
        client, case_id, "to_coordinator", receiver=str(schools["coordinator"]), reason="Abi"
    )
    assert asked.status_code == 303, asked.text
    await switch(client, "coordinator")
    assert (await accept(client, case_id)).status_code == 303
    return case_id


async def give_consent(child_id: int, to_organisation: int, data_scope: str, by: int) -> None:
    """A mother with custody consents to the child's ``data_scope`` data reaching the
    organisation for cross-sector case work."""
    from core.consent.tables import Consent
    from core.people.tables import Guardian, GuardianLink

    [mother] = await Guardian.insert(Guardian(given_name="Ema", family_name="Näidis")).returning(
        Guardian.id
    )
    await GuardianLink(child=child_id, guardian=mother["id"], relation="mother").save()
    await Consent(
        child=child_id,
        guardian=mother["id"],
        purpose="core.cross_sector_case_work",
        data_scope=data_scope,
        recipient_organisation=to_organisation,
        decision="given",
        valid_from=date.today(),
        evidence_kind="oral",
        recorded_by=by,
    ).save()
