"""The kindergarten plugin's demo in Tartu linn's Annelinna Lasteaed: a group teacher of the
group Mesimummid (`kg.teacher`) and the support-services coordinator (`kg.coordinator`), cases at
every stage of the workflow (the group teacher's at stage I, the coordinator's at stage II, the
municipality's case manager's at stage III, each with what was tried on its timeline), and two
children going to school in the coming autumn: one whose mother consented to sharing the
school-readiness card with Annelinna Kool, one whose parents have not answered yet.

Names are sample people; every text says it is sample content ("näidis"). Each step looks up
what exists first, so running the demo twice changes nothing. Ages are counted from today, so
the school starters stay the coming autumn's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from core.api import (
    DEMO_SCHOOL,
    CaseEntry,
    Child,
    DemoContext,
    DemoParent,
    Enrolment,
    EntryKind,
    NewChild,
    Recipient,
    Stage,
    Unit,
    add_child,
    add_demo_consent,
    add_demo_guardians,
    demo_isikukood,
    ensure_account,
    open_case,
)
from plugins.kindergarten.common import coming_autumn
from plugins.kindergarten.roles import COORDINATOR, GROUP_TEACHER
from plugins.kindergarten.workflow import (
    READINESS_CARD_PURPOSE,
    STAGE_I,
    STAGE_II,
    STAGE_III,
    SUPPORT,
)

KINDERGARTEN = ("Tartu linn", "Annelinna Lasteaed")
TEACHERS_GROUP = "Mesimummid"
OTHER_GROUP = "Päikesekiired"
CASE_MANAGER = "tartu.casemanager"
CHILD_PROTECTION = "tartu.childprotection"
SERIAL = 700

ACCOUNTS = (
    (
        "kg.teacher",
        "Riina Rühm",
        GROUP_TEACHER,
        "group teacher of Mesimummid, Annelinna Lasteaed (Tartu linn): her group's children "
        "and cases",
    ),
    (
        "kg.coordinator",
        "Kertu Koordinaator",
        COORDINATOR,
        "support-services coordinator, Annelinna Lasteaed (Tartu linn): the kindergarten's "
        "cases, groups, guardians' consents, readiness cards to schools",
    ),
)


@dataclass(frozen=True)
class SampleChild:
    given_name: str
    family_name: str
    male: bool
    group: str
    parents: tuple[DemoParent, ...]
    consented: bool = False


# Going to school in the coming autumn: one with the mother's consent, one unanswered.
SCHOOL_STARTERS = (
    SampleChild(
        "Mihkel",
        "Nurm",
        True,
        TEACHERS_GROUP,
        (DemoParent("Kadri", "Nurm", "mother", "+372 5551 3001"),),
        consented=True,
    ),
    SampleChild(
        "Helena",
        "Ristmäe",
        False,
        OTHER_GROUP,
        (
            DemoParent("Anu", "Ristmäe", "mother", "+372 5551 3002"),
            DemoParent("Tõnu", "Ristmäe", "father", "+372 5551 3003"),
        ),
    ),
)
# A younger child of the teacher's group, and one of the other group, for the cases.
YOUNGER = (
    SampleChild(
        "Kristofer",
        "Aavik",
        True,
        TEACHERS_GROUP,
        (DemoParent("Liina", "Aavik", "mother", "+372 5551 3004"),),
    ),
    SampleChild(
        "Elisabet",
        "Hein",
        False,
        OTHER_GROUP,
        (DemoParent("Maria", "Hein", "mother", "+372 5551 3005"),),
    ),
)


async def seed(ctx: DemoContext) -> None:
    kindergarten = ctx.organisations.get(KINDERGARTEN)
    if kindergarten is None:
        return
    groups = {
        row["name"]: row["id"]
        for row in await Unit.select(Unit.id, Unit.name).where(Unit.organisation == kindergarten)
    }
    for username, full_name, role, purpose in ACCOUNTS:
        unit = groups[TEACHERS_GROUP] if role == GROUP_TEACHER else None
        await ensure_account(ctx, username, full_name, KINDERGARTEN, role, purpose, unit=unit)
    if await Child.exists().where(
        (Child.given_name == SCHOOL_STARTERS[0].given_name)
        & (Child.family_name == SCHOOL_STARTERS[0].family_name)
    ):
        return
    today = date.today()
    ids = {}
    autumn = coming_autumn(today)
    for number, child in enumerate(SCHOOL_STARTERS + YOUNGER):
        starter = child in SCHOOL_STARTERS
        born = date(autumn - 7 if starter else autumn - 5, 3 + number, 10 + number)
        group = groups[child.group]
        ids[child.given_name] = await _child(ctx, kindergarten, group, child, born, number)
    await _cases(ctx, kindergarten, ids)


async def _child(
    ctx: DemoContext, kindergarten: int, group: int, child: SampleChild, born: date, number: int
) -> int:
    child_id = await add_child(
        NewChild(
            given_name=child.given_name,
            family_name=child.family_name,
            date_of_birth=born,
            isikukood=demo_isikukood(born, child.male, SERIAL + number),
            registered_municipality=ctx.municipalities[KINDERGARTEN[0]],
        )
    )
    await Enrolment.insert(
        Enrolment(
            child=child_id,
            organisation=kindergarten,
            unit=group,
            starts_on=date(date.today().year - 2, 9, 1),
        )
    )
    guardians = await add_demo_guardians(child_id, child.parents)
    school = ctx.organisations.get(DEMO_SCHOOL)
    if child.consented and school is not None:
        await add_demo_consent(
            child_id=child_id,
            guardian_id=guardians[0],
            purpose=READINESS_CARD_PURPOSE,
            data_scope="education",
            recipient=Recipient(organisation_id=school),
            recorded_by=ctx.users["kg.coordinator"],
            valid_from=date.today() - timedelta(days=30),
        )
    return child_id


@dataclass(frozen=True)
class SampleCase:
    child: str
    stage: Stage
    reason: str
    # (days ago, kind, text, author's username): what was tried, on the timeline.
    entries: tuple[tuple[int, EntryKind, str, str], ...]


CASES = (
    SampleCase(
        "Kristofer",
        STAGE_I,
        "Näidis: Kristofer ei lähe rühmas teiste lastega mängu ja nutab hommikuti pikalt.",
        (
            (
                20,
                EntryKind.observation,
                "Näidis: vaatlesin Kristoferit kahe nädala jooksul hommikuringis ja vabas mängus.",
                "kg.teacher",
            ),
            (
                12,
                EntryKind.family_contact,
                "Näidis: rääkisin emaga; kodus on sündinud väike õde, ema on märganud sama.",
                "kg.teacher",
            ),
            (
                5,
                EntryKind.note,
                "Näidis: proovisime rahulikku hommikut nurgas koos lemmikmänguasjaga; "
                "esimesel nädalal läks paremini.",
                "kg.teacher",
            ),
        ),
    ),
    SampleCase(
        "Mihkel",
        STAGE_II,
        "Näidis: Mihkli kõne on eakaaslastest maha jäänud; rühmaõpetaja kaasas koordinaatori.",
        (
            (
                40,
                EntryKind.observation,
                "Näidis: rühmaõpetaja märkas, et Mihkel ei häälda mitut häälikut ja väldib "
                "jutustamist.",
                "kg.teacher",
            ),
            (
                25,
                EntryKind.meeting,
                "Näidis: koordinaator, rühmaõpetaja ja logopeed leppisid kokku logopeedi "
                "tunnid kaks korda nädalas.",
                "kg.coordinator",
            ),
        ),
    ),
    SampleCase(
        "Elisabet",
        STAGE_III,
        "Näidis: Elisabeti pere vajab tuge väljastpoolt lasteaeda; juhtum anti üle omavalitsusele.",
        (
            (
                60,
                EntryKind.observation,
                "Näidis: Elisabet on sageli väsinud ja näljane; rühmaõpetaja rääkis "
                "koordinaatoriga.",
                "kg.teacher",
            ),
            (
                45,
                EntryKind.meeting,
                "Näidis: individuaalne arenduskava koostati koos emaga; Rajaleidja keskusele "
                "saadeti pöördumine.",
                "kg.coordinator",
            ),
            (
                30,
                EntryKind.handover,
                "Näidis: lasteaia tugi ei piisa; koordinaator andis juhtumi üle omavalitsuse "
                "juhtumikorraldajale.",
                "kg.coordinator",
            ),
        ),
    ),
)


async def _cases(ctx: DemoContext, kindergarten: int, ids: dict[str, int]) -> None:
    """A case at every stage, responsible as the stage says: the teacher at I, the
    coordinator at II, the municipality's case manager (or, without the municipality plugin,
    the child protection specialist) at III."""
    municipal = ctx.users.get(CASE_MANAGER) or ctx.users[CHILD_PROTECTION]
    responsible = {
        STAGE_I.key: ctx.users["kg.teacher"],
        STAGE_II.key: ctx.users["kg.coordinator"],
        STAGE_III.key: municipal,
    }
    today = date.today()
    for sample in CASES:
        [child] = await Child.select().where(Child.id == ids[sample.child])
        case_id = await open_case(
            ctx.plugins,
            child=child,
            organisation_id=kindergarten,
            workflow=SUPPORT,
            responsible=responsible[sample.stage.key],
            reason=sample.reason,
            stage=sample.stage,
        )
        await CaseEntry.insert(
            *(
                CaseEntry(
                    case=case_id,
                    kind=kind.value,
                    body=body,
                    occurred_on=today - timedelta(days=days),
                    author=ctx.users[author],
                    author_organisation=kindergarten,
                )
                for days, kind, body, author in sample.entries
            )
        )
