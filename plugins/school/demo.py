"""The school plugin's demo: the posts of Annelinna Kool in Tartu linn (a class teacher of 3.a,
the support-learning coordinator, the school nurse) and Elva Kool's coordinator in Elva vald,
the receiving end of a move between municipalities; sample pupils with open cases at every
stage of the school's workflow (I, II, and III with Tartu's case manager, or its child
protection specialist when the municipality plugin is not loaded), one of them in 6.a, ready to
move on to a class of school stage III, and one at Elva Kool; and a pupil of 3.a without a case,
for the class teacher to notice.

The pupils, cases and entries are sample data: their texts say so ("Näidis"). They have no
guardians; the first of each school's and class's list by name is one of them on either demo
scale (Aas, Arro), so its child page costs the same on both (`tests/test_statement_counts.py`).
Each step looks up what exists first, so running the demo twice changes nothing. Enrolments,
case entries and participants are written as core's own demo writes them (no request, no
hooks); the class teacher's account is made in her class (`ensure_account`'s ``unit``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from core.api import (
    DEMO_SCHOOL,
    CaseEntry,
    CaseParticipant,
    Child,
    DemoContext,
    Enrolment,
    EntryKind,
    NewChild,
    Sensitivity,
    Unit,
    add_child,
    demo_isikukood,
    ensure_account,
    open_case,
)
from plugins.school.roles import CLASS_TEACHER, COORDINATOR, NURSE
from plugins.school.workflow import COORDINATOR_STAGE, MUNICIPALITY_STAGE, SUPPORT, TEACHER_STAGE

ELVA_SCHOOL = ("Elva vald", "Elva Kool")
TEACHERS_CLASS = "3.a"

# username, full name (sample), organisation, role, what the account is for
ACCOUNTS = (
    (
        "school.teacher",
        "Krista Klass",
        DEMO_SCHOOL,
        CLASS_TEACHER,
        f"class teacher of {TEACHERS_CLASS}, Annelinna Kool (Tartu linn): her class's children "
        "and cases",
    ),
    (
        "school.coordinator",
        "Helen Tugi",
        DEMO_SCHOOL,
        COORDINATOR,
        "support-learning coordinator, Annelinna Kool (Tartu linn): the school's cases, classes "
        "and moves, guardians' consents, health entries",
    ),
    (
        "school.nurse",
        "Ene Tervis",
        DEMO_SCHOOL,
        NURSE,
        "school nurse, Annelinna Kool (Tartu linn): notices, takes part, reads health entries",
    ),
    (
        "elva.school.coordinator",
        "Maris Elvik",
        ELVA_SCHOOL,
        COORDINATOR,
        "support-learning coordinator, Elva Kool (Elva vald): receives moved cases",
    ),
)


@dataclass(frozen=True)
class Pupil:
    given_name: str
    family_name: str
    male: bool
    age: int
    school: tuple[str, str]
    class_name: str
    # The case's stage, or None for a pupil without a case (to notice in the demo).
    stage: str | None = None
    # The username responsible for the case (None: the municipality's case manager).
    responsible: str | None = None
    reason: str = ""
    note: str = ""


PUPILS = (
    Pupil(
        "Marleen",
        "Aas",
        False,
        9,
        DEMO_SCHOOL,
        TEACHERS_CLASS,
        TEACHER_STAGE.key,
        "school.teacher",
        "Näidis: Marleen on viimastel nädalatel tundides vaikne ja jätab kodutöid tegemata.",
        "Näidis: klassijuhataja rääkis Marleni ja emaga; lepiti kokku iganädalane tagasiside.",
    ),
    Pupil(
        "Andreas",
        "Kuld",
        True,
        9,
        DEMO_SCHOOL,
        TEACHERS_CLASS,
        COORDINATOR_STAGE.key,
        "school.coordinator",
        "Näidis: Andrease lugemisoskus jääb klassist maha ja ta väldib kirjalikke ülesandeid.",
        "Näidis: tugiõppe koordinaator kaasas eripedagoogi; koostamisel on individuaalne õppekava.",
    ),
    Pupil(
        "Emili",
        "Vares",
        False,
        12,
        DEMO_SCHOOL,
        "6.a",
        COORDINATOR_STAGE.key,
        "school.coordinator",
        "Näidis: Emili vajab matemaatikas õpiabi; sügisel läheb ta III kooliastmesse.",
        "Näidis: õpiabi jätkub ka 7. klassis; uus klassijuhataja kaasatakse juhtumisse.",
    ),
    Pupil(
        "Sander",
        "Laur",
        True,
        10,
        DEMO_SCHOOL,
        "4.a",
        MUNICIPALITY_STAGE.key,
        None,
        "Näidis: Sander puudub sageli ja pere vajab tuge väljastpoolt kooli.",
        "Näidis: kooli tugi ei piisanud; juhtumikorraldaja kutsub kokku ümarlaua.",
    ),
    Pupil(
        "Johanna",
        "Arro",
        False,
        11,
        ELVA_SCHOOL,
        "5.a",
        COORDINATOR_STAGE.key,
        "elva.school.coordinator",
        "Näidis: Johanna on kolinud Elva ja vajab kohanemisel tuge.",
        "Näidis: tugiõppe koordinaator kohtus Johanna ja tema lapsevanemaga.",
    ),
)
# A pupil of the class teacher's class without a case: the one she notices in the demo.
UNNOTICED = Pupil("Mirjam", "Sild", False, 9, DEMO_SCHOOL, TEACHERS_CLASS)
NURSE_NOTE = (
    "Näidis: kooliõde: Andreas kaebab sageli peavalu; lapsevanem lubas pöörduda perearsti poole."
)


async def seed(ctx: DemoContext) -> None:
    for username, full_name, organisation, role, purpose in ACCOUNTS:
        if organisation in ctx.organisations:
            unit = (
                await _class(ctx.organisations[organisation], TEACHERS_CLASS)
                if role == CLASS_TEACHER
                else None
            )
            await ensure_account(ctx, username, full_name, organisation, role, purpose, unit=unit)
    for pupil in (*PUPILS, UNNOTICED):
        await _seed_pupil(ctx, pupil)


async def _class(organisation_id: int, name: str) -> int | None:
    row = (
        await Unit.select(Unit.id)
        .where((Unit.organisation == organisation_id) & (Unit.name == name))
        .first()
    )
    return None if row is None else int(row["id"])


def _manager(ctx: DemoContext) -> int | None:
    """Tartu's case manager (the municipality plugin's post), else its child protection."""
    return ctx.users.get("tartu.casemanager") or ctx.users.get("tartu.childprotection")


async def _seed_pupil(ctx: DemoContext, pupil: Pupil) -> None:
    school = ctx.organisations.get(pupil.school)
    responsible = ctx.users.get(pupil.responsible) if pupil.responsible else _manager(ctx)
    unit = await _class(school, pupil.class_name) if school is not None else None
    if school is None or unit is None or (pupil.stage is not None and responsible is None):
        return
    if await Child.exists().where(
        (Child.given_name == pupil.given_name) & (Child.family_name == pupil.family_name)
    ):
        return
    today = date.today()
    born = date(today.year - pupil.age, 4, 12)
    serial = 700
    code = demo_isikukood(born, pupil.male, serial)
    while await Child.exists().where(Child.isikukood == code):
        serial += 1
        code = demo_isikukood(born, pupil.male, serial)
    child_id = await add_child(
        NewChild(
            given_name=pupil.given_name,
            family_name=pupil.family_name,
            date_of_birth=born,
            registered_municipality=ctx.municipalities[pupil.school[0]],
            isikukood=code,
        )
    )
    await Enrolment(
        child=child_id,
        organisation=school,
        unit=unit,
        starts_on=date(today.year - pupil.age + 7, 9, 1),
    ).save()
    child = await Child.select().where(Child.id == child_id).first()
    if child is None or pupil.stage is None or responsible is None:
        return
    stage = SUPPORT.stage(pupil.stage)
    case_id = await open_case(
        ctx.plugins,
        child=child,
        organisation_id=school,
        workflow=SUPPORT,
        responsible=responsible,
        reason=pupil.reason,
        stage=stage,
    )
    coordinator = ctx.users.get("school.coordinator")
    author = responsible if pupil.responsible else coordinator
    if author is None:
        return
    await _entry(case_id, author, school, pupil.note, today - timedelta(days=5))
    participants: list[tuple[int, str]] = []
    if pupil.stage == COORDINATOR_STAGE.key and pupil.class_name == TEACHERS_CLASS:
        participants.append((ctx.users["school.teacher"], "Klassijuhataja"))
        nurse = ctx.users.get("school.nurse")
        if nurse is not None:
            participants.append((nurse, "Kooliõde"))
            await _entry(case_id, nurse, school, NURSE_NOTE, today - timedelta(days=3), True)
    if pupil.responsible is None and coordinator is not None:
        participants.append((coordinator, "Tugiõppe koordinaator"))
    for user, task in participants:
        await CaseParticipant(
            case=case_id, user=user, organisation=school, task=task, added_by=author
        ).save()


async def _entry(
    case_id: int, author: int, organisation: int, body: str, on: date, health: bool = False
) -> None:
    await CaseEntry(
        case=case_id,
        kind=EntryKind.note.value,
        body=body,
        sensitivity=(Sensitivity.health if health else Sensitivity.none).value,
        occurred_on=on,
        author=author,
        author_organisation=organisation,
    ).save()
