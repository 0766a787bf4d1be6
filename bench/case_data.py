"""10 000 sample cases over the county demo's children, for the case benchmarks.

Made with bulk inserts, not through the app, on the benchmark plugin's workflow
(`bench.plugin.WORKFLOW`). Each kindergarten and school gets a support coordinator and a
teacher per group or class, each municipality a case manager and a child protection
specialist. A case belongs to a child's kindergarten or school, at stage I (the child's teacher
responsible), II (the coordinator), III (the municipality's case manager, after two accepted
handovers) or escalated to child protection; some are closed. Each has a timeline (most a few
entries, one in ten 30 to 60), a plan of goals and tasks with due dates (some overdue), plan
evaluations, participants (colleagues with accounts and directory contacts without), its
noticing sheet, and a few cases have a handover awaiting acceptance.

The same seed makes the same county every time; a database that has the cases already is left
as it is.
"""

from __future__ import annotations

import json
import random
import time
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from bench.accounts import make_users
from bench.plugin import COORDINATOR, MANAGER, TEACHER, WORKFLOW

CASES = 10_000
LONG_TIMELINE = 30  # entries; one case in ten has 30 to 60
STAGES = (("I", 0.55), ("II", 0.30), ("III", 0.10), ("core.child_protection", 0.05))
CONCERNS = (("low", 0.5), ("medium", 0.35), ("high", 0.15))
WRITTEN = (
    ("note", "Vestlus lapsega vahetunnis; laps rääkis, et kodus on rahutu."),
    ("observation", "Tunnis keskendub kuni kümme minutit, siis vajab liikumispausi."),
    ("family_contact", "Helistasin emale, lepiti kokku kohtumine järgmisel nädalal."),
    ("meeting", "Ümarlaud: õpetaja, koordinaator ja ema; kokku lepitud tugitegevused."),
    ("decision", "Otsustati alustada eripedagoogi tundidega kaks korda nädalas."),
)
GOALS = (
    ("Laps osaleb rühmatöös", "Paaristöö, selged juhised, kiitus"),
    ("Lugemisoskus paraneb", "Eripedagoogi tunnid, lugemispäevik"),
    ("Koolipäev on rahulik", "Vaikne nurk, liikumispausid, päevakava pildina"),
    ("Pere saab toe", "Kohtumine sotsiaaltöötajaga, nõustamine"),
)
TASKS = (
    "Kohtuda vanematega",
    "Küsida Rajaleidja nõu",
    "Koostada individuaalne õppekava",
    "Hinnata lugemisoskust",
    "Leppida kokku eripedagoogi tunnid",
    "Helistada perearstile",
    "Saata kokkuvõte vanematele",
    "Korraldada ümarlaud",
)
SHEET = {
    "f.danger": "no",
    "f.noticed": "Laps on tunnis sageli endassetõmbunud ja ei räägi kaaslastega.",
    "f.situations": "Rühmatöös ja vahetunnis.",
    "f.strengths": "Joonistab hästi, abivalmis.",
    "f.parents_informed": "yes",
}


@dataclass
class CaseData:
    """What the benchmarks need to know of the generated cases."""

    school: int  # the organisation with the most cases
    coordinator: str  # its support coordinator
    manager: str  # the case manager of the municipality with the most cases
    long_cases: list[int]  # the coordinator's open cases with a long timeline
    rows: dict[str, int] = field(default_factory=dict)  # rows by table
    facts: dict[str, int] = field(default_factory=dict)  # what the two users have before them
    seconds: float = 0.0  # time taken to make them (0 when they were there already)


def _weighted(rng: random.Random, choices: tuple[tuple[str, float], ...]) -> str:
    return rng.choices([key for key, _w in choices], [w for _k, w in choices])[0]


@dataclass
class _Staff:
    coordinators: dict[int, int]  # organisation -> user
    teachers: dict[int, int]  # unit -> user
    teachers_of: dict[int, list[int]]  # organisation -> users
    managers: dict[int, tuple[int, int]]  # municipality -> (user, office)
    protection: dict[int, tuple[int, int]]  # municipality -> (user, office)
    contacts: dict[int, list[int]]  # organisation -> directory contacts


async def _staff(enrolments: list[dict[str, Any]]) -> _Staff:
    from core.auth.permissions import CHILD_PROTECTION_ROLE
    from core.people.demo import FAMILY_NAMES, GIVEN_NAMES
    from core.people.tables import ContactPerson, Organisation, OrganisationKind

    rng = random.Random(11)

    def name() -> str:
        return f"{rng.choice(GIVEN_NAMES)} {rng.choice(FAMILY_NAMES)}"

    units: dict[int, set[int]] = {}
    for row in enrolments:
        units.setdefault(row["organisation"], set())
        if row["unit"] is not None:
            units[row["organisation"]].add(row["unit"])
    offices = {
        row["municipality"]: row["id"]
        for row in await Organisation.select(Organisation.id, Organisation.municipality).where(
            Organisation.kind == OrganisationKind.municipality_office.value
        )
    }
    accounts: list[tuple[str, str, int, str, int | None]] = []
    for organisation in sorted(units):
        accounts.append(
            (f"bench.coordinator.{organisation}", name(), organisation, COORDINATOR, None)
        )
        accounts.extend(
            (f"bench.teacher.{unit}", name(), organisation, TEACHER, unit)
            for unit in sorted(units[organisation])
        )
    for municipality, office in sorted(offices.items()):
        accounts.append((f"bench.manager.{municipality}", name(), office, MANAGER, None))
        accounts.append((f"bench.cps.{municipality}", name(), office, CHILD_PROTECTION_ROLE, None))
    ids = await make_users(accounts)
    staff = _Staff({}, {}, {}, {}, {}, {})
    for username, _name, organisation, role, unit in accounts:
        user = ids[username]
        if role == COORDINATOR:
            staff.coordinators[organisation] = user
        elif role == TEACHER:
            assert unit is not None
            staff.teachers[unit] = user
            staff.teachers_of.setdefault(organisation, []).append(user)
        else:
            municipality = int(username.rsplit(".", 1)[1])
            target = staff.managers if role == MANAGER else staff.protection
            target[municipality] = (user, organisation)
    for row in await ContactPerson.select(ContactPerson.id, ContactPerson.organisation):
        staff.contacts.setdefault(row["organisation"], []).append(row["id"])
    return staff


async def make_cases() -> CaseData:
    """The sample cases (made unless the database has them already) and what the benchmarks
    need to know of them."""
    from core.cases.tables import Case
    from core.people.tables import Enrolment

    started = time.perf_counter()
    enrolments = await Enrolment.select(
        Enrolment.child,
        Enrolment.organisation,
        Enrolment.unit,
        Enrolment.child.registered_municipality.as_alias("municipality"),
    ).where(Enrolment.organisation._.sample.eq(True))
    enrolments.sort(key=lambda row: row["child"])
    made = 0.0
    if await Case.count() < CASES:
        staff = await _staff(enrolments)
        await _generate(random.Random(2027), staff, enrolments)
        made = time.perf_counter() - started
    data = await _describe()
    data.seconds = made
    return data


async def _describe() -> CaseData:
    from core.auth.tables import Membership, User
    from core.cases.tables import (
        Case,
        CaseEntry,
        CaseParticipant,
        Handover,
        PlanEvaluation,
        PlanGoal,
        PlanTask,
    )
    from core.forms.tables import FormSubmission

    [school] = await Case.raw(
        "SELECT owner_organisation, count(*) AS n FROM cases_case WHERE workflow = {} "
        "GROUP BY owner_organisation ORDER BY n DESC, owner_organisation LIMIT 1",
        WORKFLOW.key,
    )
    [municipality] = await Case.raw(
        "SELECT municipality, count(*) AS n FROM cases_case WHERE level = 'municipality' "
        "GROUP BY municipality ORDER BY n DESC, municipality LIMIT 1"
    )
    coordinator = await Membership.select(Membership.user.username.as_alias("username")).where(
        (Membership.organisation == school["owner_organisation"]) & (Membership.role == COORDINATOR)
    )
    manager = f"bench.manager.{municipality['municipality']}"
    long_cases = await Case.raw(
        'SELECT cases_case.id FROM cases_case JOIN cases_entry ON cases_entry."case" = '
        "cases_case.id WHERE cases_case.owner_organisation = {} AND cases_case.status = 'open' "
        "GROUP BY cases_case.id HAVING count(*) >= {} ORDER BY cases_case.id",
        school["owner_organisation"],
        LONG_TIMELINE,
    )
    users = await User.select(User.id, User.username).where(
        User.username.is_in([coordinator[0]["username"], manager])
    )
    ids = {row["username"]: row["id"] for row in users}
    today = date.today()
    facts = {
        "the school's cases": await Case.count().where(
            Case.owner_organisation == school["owner_organisation"]
        ),
        "of them open": await Case.count().where(
            (Case.owner_organisation == school["owner_organisation"]) & (Case.status == "open")
        ),
        "the coordinator's open cases": await Case.count().where(
            (Case.responsible == ids[coordinator[0]["username"]]) & (Case.status == "open")
        ),
        "handovers awaiting the coordinator": await Handover.count().where(
            (Handover.receiver == ids[coordinator[0]["username"]]) & (Handover.status == "pending")
        ),
        "the coordinator's open tasks overdue": await PlanTask.count().where(
            (PlanTask.owner == ids[coordinator[0]["username"]])
            & (PlanTask.status == "open")
            & (PlanTask.due_on < today)
        ),
        "open cases at the manager's level": await Case.count().where(
            (Case.municipality == municipality["municipality"])
            & (Case.status == "open")
            & ((Case.level == "municipality") | Case.escalated_at.is_not_null())
        ),
    }
    rows = {}
    for table in (
        User,
        Case,
        CaseEntry,
        PlanGoal,
        PlanTask,
        PlanEvaluation,
        CaseParticipant,
        Handover,
        FormSubmission,
    ):
        rows[table._meta.tablename] = await table.count()
    return CaseData(
        school=school["owner_organisation"],
        coordinator=coordinator[0]["username"],
        manager=manager,
        long_cases=[row["id"] for row in long_cases],
        rows=rows,
        facts=facts,
    )


@dataclass
class _Plan:
    """One case's rows, before the case has an id."""

    case: dict[str, Any]
    entries: list[dict[str, Any]] = field(default_factory=list)
    participants: list[dict[str, Any]] = field(default_factory=list)
    goals: list[tuple[str, str]] = field(default_factory=list)
    tasks: list[dict[str, Any]] = field(default_factory=list)  # "goal": index in goals or None
    evaluations: list[dict[str, Any]] = field(default_factory=list)
    handovers: list[dict[str, Any]] = field(default_factory=list)
    sheet_author: tuple[int, int] = (0, 0)  # user, organisation


def _case_plan(
    rng: random.Random, staff: _Staff, enrolment: dict[str, Any], now: datetime
) -> _Plan:
    today = now.date()
    organisation = enrolment["organisation"]
    municipality = enrolment["municipality"]
    coordinator = staff.coordinators[organisation]
    teacher = staff.teachers.get(enrolment["unit"], coordinator)
    manager, office = staff.managers[municipality]
    protector, _office = staff.protection[municipality]
    organisation_of = {teacher: organisation, coordinator: organisation}
    organisation_of |= {manager: office, protector: office}
    stage = _weighted(rng, STAGES)
    responsible = {"I": teacher, "II": coordinator, "III": manager}.get(stage, protector)
    closed = rng.random() < 0.15
    opened = now - timedelta(days=rng.randint(1, 730), minutes=rng.randint(0, 600))
    ended = opened + (now - opened) * rng.uniform(0.5, 0.95) if closed else now
    plan = _Plan(
        case={
            "child": enrolment["child"],
            "owner_organisation": organisation,
            "municipality": municipality,
            "workflow": WORKFLOW.key,
            "stage": stage,
            "level": "institution" if stage in ("I", "II") else "municipality",
            "responsible": responsible,
            "status": "closed" if closed else "open",
            "concern": _weighted(rng, CONCERNS),
            "reason": "Märkamisleht",
            "escalated_at": None,
            "review_due": today + timedelta(days=rng.randint(-20, 90)),
            "opened_at": opened,
            "closed_at": ended if closed else None,
            "outcome": "Tugi aitas, koostöö perega jätkub." if closed else "",
        },
        sheet_author=(teacher, organisation),
    )

    def at(fraction: float) -> datetime:
        return opened + (ended - opened) * fraction

    def entry(kind: str, body: str, author: int, moment: datetime) -> None:
        roll = rng.random()
        sensitivity = "health" if roll < 0.05 else "child_protection" if roll < 0.08 else "none"
        plan.entries.append(
            {
                "kind": kind,
                "body": body,
                "sensitivity": sensitivity,
                "occurred_on": moment.date(),
                "author": author,
                "author_organisation": organisation_of[author],
                "created_at": moment,
            }
        )

    def hand_over(
        sender: int,
        receiver: int,
        from_stage: str,
        to_stage: str,
        moment: datetime,
        pending: bool = False,
    ) -> None:
        escalation = to_stage == "core.child_protection"
        plan.handovers.append(
            {
                "sender": sender,
                "receiver": receiver,
                "from_stage": from_stage,
                "to_stage": to_stage,
                "transition": "" if escalation else f"to_{to_stage}",
                "escalation": escalation,
                "reason": "Vajab rohkem tuge, kui praeguses etapis anda saab.",
                "status": "pending" if pending else "accepted",
                "created_at": moment,
                "decided_at": None if pending else moment + timedelta(days=1),
            }
        )
        entry("escalation" if escalation else "handover", "Üle antud.", sender, moment)
        if not pending:
            entry("handover", "Üleandmine vastu võetud.", receiver, moment + timedelta(days=1))

    entry("form", "Juhtum avati märkamislehe põhjal.", teacher, opened)
    if stage != "I":
        hand_over(teacher, coordinator, "I", "II", at(0.2))
    if stage == "III":
        hand_over(coordinator, manager, "II", "III", at(0.4))
    if stage == "core.child_protection":
        plan.case["escalated_at"] = at(0.3)
        hand_over(coordinator, protector, "II", stage, at(0.3))
    if not closed and stage in ("I", "II") and rng.random() < 0.03:
        # A few cases wait for the next stage's person to accept them.
        target, receiver = ("II", coordinator) if stage == "I" else ("III", manager)
        hand_over(
            responsible,
            receiver,
            stage,
            target,
            now - timedelta(hours=rng.randint(1, 72)),
            pending=True,
        )
    workers = [teacher, coordinator, responsible]
    colleagues = [user for user in staff.teachers_of.get(organisation, []) if user != teacher]
    if colleagues and rng.random() < 0.5:
        workers.append(rng.choice(colleagues))
        organisation_of[workers[-1]] = organisation
    long = rng.random() < 0.1
    for _ in range(rng.randint(LONG_TIMELINE, 60) if long else rng.randint(2, 12)):
        kind, body = rng.choice(WRITTEN)
        entry(kind, body, rng.choice(workers), at(rng.uniform(0.05, 1.0)))
    if closed:
        entry("stage_change", "Juhtum suleti.", responsible, ended)
    plan.entries.sort(key=lambda item: item["created_at"])

    for user in sorted(set(workers) - {responsible}):
        plan.participants.append(
            {"user": user, "contact": None, "organisation": organisation_of[user], "task": "Tugi"}
        )
    contacts = staff.contacts.get(organisation, [])
    if contacts and rng.random() < 0.6:
        plan.participants.append(
            {
                "user": None,
                "contact": rng.choice(contacts),
                "organisation": organisation,
                "task": "Nõustamine",
            }
        )

    owners = [None, responsible, responsible, *(set(workers) - {responsible})]
    plan.goals = rng.sample(GOALS, k=rng.randint(1, 3))
    for title in rng.sample(TASKS, k=rng.randint(2, 8)):
        due = today + timedelta(days=rng.randint(-45, 60))
        roll = rng.random()
        if closed or roll < (0.5 if due < today else 0.2):
            status = "done"
        else:
            status = "cancelled" if roll > 0.97 else "open"
        plan.tasks.append(
            {
                "goal": rng.choice([None, *range(len(plan.goals))]),
                "title": title,
                "owner": rng.choice(owners),
                "due_on": due,
                "status": status,
                "done_at": now if status == "done" else None,
                "created_at": at(rng.uniform(0.1, 0.5)),
            }
        )
    if (now - opened).days > 90:
        for n in range(rng.randint(1, 2)):
            moment = at(0.5 + 0.4 * n)
            plan.evaluations.append(
                {
                    "evaluated_on": moment.date(),
                    "text": "Tugi on aidanud; jätkame samamoodi.",
                    "next_due": moment.date() + timedelta(days=90),
                    "author": responsible,
                    "created_at": moment,
                }
            )
    return plan


async def _generate(rng: random.Random, staff: _Staff, enrolments: list[dict[str, Any]]) -> None:
    from core.cases.tables import (
        Case,
        CaseEntry,
        CaseParticipant,
        Handover,
        PlanEvaluation,
        PlanGoal,
        PlanTask,
    )
    from core.forms.entry import parse
    from core.forms.noticing import NOTICING_SHEET
    from core.forms.tables import FormSubmission

    now = datetime.now(UTC)
    plans = [_case_plan(rng, staff, enrolment, now) for enrolment in rng.sample(enrolments, CASES)]
    # Cases and goals get their ids here, so that the rows naming them need no round trip.
    case_id, goal_id = await _next_id(Case), await _next_id(PlanGoal)
    sheet = json.dumps((await parse(NOTICING_SHEET, SHEET)).values, ensure_ascii=False)
    rows: dict[Any, list[dict[str, Any]]] = {
        table: []
        for table in (
            Case,
            FormSubmission,
            CaseEntry,
            CaseParticipant,
            PlanEvaluation,
            Handover,
            PlanGoal,
            PlanTask,
        )
    }
    for plan in plans:
        opened = plan.case["opened_at"]
        rows[Case].append({"id": case_id, **plan.case})
        author, organisation = plan.sheet_author
        rows[FormSubmission].append(
            {
                "form_key": NOTICING_SHEET.key,
                "form_version": NOTICING_SHEET.version,
                "child": plan.case["child"],
                "case": case_id,
                "data": sheet,
                "author": author,
                "author_organisation": organisation,
                "created_at": opened,
                "updated_at": opened,
            }
        )
        rows[CaseEntry].extend({"case": case_id, **item} for item in plan.entries)
        rows[CaseParticipant].extend(
            {"case": case_id, "added_by": plan.case["responsible"], "added_at": opened, **item}
            for item in plan.participants
        )
        rows[PlanEvaluation].extend({"case": case_id, **item} for item in plan.evaluations)
        rows[Handover].extend({"case": case_id, **item} for item in plan.handovers)
        goal_ids = list(range(goal_id, goal_id + len(plan.goals)))
        rows[PlanGoal].extend(
            {"id": id_, "case": case_id, "goal": goal, "measures": measures, "created_at": opened}
            for id_, (goal, measures) in zip(goal_ids, plan.goals, strict=True)
        )
        rows[PlanTask].extend(
            {
                "case": case_id,
                **item,
                "goal": None if item["goal"] is None else goal_ids[item["goal"]],
            }
            for item in plan.tasks
        )
        case_id += 1
        goal_id += len(goal_ids)
    for table, table_rows in rows.items():
        await _bulk_insert(table, table_rows)
    await _follow_ids(Case)
    await _follow_ids(PlanGoal)


async def _next_id(table: Any) -> int:
    [row] = await table.raw(f'SELECT coalesce(max(id), 0) + 1 AS n FROM "{table._meta.tablename}"')
    return int(row["n"])


async def _bulk_insert(table: Any, rows: list[dict[str, Any]]) -> None:
    """Insert ``rows`` (all with the same keys) on the request transaction's connection, by the
    driver's fastest way: ``executemany`` on SQLite, ``COPY`` on PostgreSQL."""
    engine = table._meta.db
    connection = engine.current_transaction.get().connection
    columns = list(rows[0])
    records = [tuple(row[column] for column in columns) for row in rows]
    name = table._meta.tablename
    if engine.engine_type == "sqlite":
        quoted = ", ".join(f'"{column}"' for column in columns)
        marks = ", ".join("?" for _ in columns)
        await connection.executemany(f'INSERT INTO "{name}" ({quoted}) VALUES ({marks})', records)
    else:
        await connection.copy_records_to_table(name, columns=columns, records=records)


async def _follow_ids(table: Any) -> None:
    """After ids were given by hand, PostgreSQL's sequence goes on from the largest."""
    if table._meta.db.engine_type != "sqlite":
        name = table._meta.tablename
        sequence = f"pg_get_serial_sequence('{name}', 'id')"
        await table.raw(f'SELECT setval({sequence}, (SELECT max(id) FROM "{name}"))')
