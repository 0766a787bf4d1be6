"""County-scale sample cases (``heaolu demo --scale county``): about 10 000 cases with about
300 000 timeline entries over the sample kindergartens' and schools' children, for benchmarks
and trials.

Run by the demo command after every plugin's ``heaolu_demo_data``, so that the cases follow
the workflows the enabled plugins give each kind of organisation (`workflow_for_kind`); nothing
here names a plugin. A workflow's first stage is taken as the teacher's (a unit-scope role of
the stage: one account per group or class, its ``Membership.unit`` set), its other
institution-level stages as the coordinator's (one account per kindergarten or school), and a
municipality-level stage as the municipality's: the stage's own role, or, for a stage naming
none, a case manager core offers there (`case_manager_roles`) that is not a child-protection
post, else the child protection specialist. Each municipality also gets a child protection
specialist for the cases escalated to core's child-protection stage.

Each case has its noticing sheet, a timeline (30 entries on average), a plan of goals and tasks
(some overdue), plan evaluations, participants (colleagues with accounts and directory contacts
without) and the accepted handovers of the stages it passed; a few wait for the next stage's
person to accept them; some are closed where the workflow closes a case. Everything is sample
data: the accounts' names are drawn from common names, every text starts with "Näidis".

Written with bulk inserts (``executemany`` on SQLite, ``COPY`` on PostgreSQL) inside the demo's
one transaction, from a seeded random generator: the same county every time. A database that
has the cases already (their accounts exist) is left as it is.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from core.auth.passwords import hash_password
from core.auth.permissions import CHILD_PROTECTION_ROLE, SEE_CHILD_PROTECTION
from core.auth.tables import Membership, User
from core.cases.engine import case_manager_roles
from core.cases.tables import (
    Case,
    CaseEntry,
    CaseParticipant,
    CaseStatus,
    Concern,
    EntryKind,
    Handover,
    HandoverStatus,
    PlanEvaluation,
    PlanGoal,
    PlanTask,
    Sensitivity,
    TaskStatus,
)
from core.cases.workflows import CHILD_PROTECTION_STAGE, workflow_for_kind
from core.demo import DemoContext
from core.enablement import enabled_by_default, enabled_plugins
from core.forms.entry import parse
from core.forms.noticing import NOTICING_SHEET
from core.forms.tables import FormSubmission
from core.people.demo import FAMILY_NAMES, GIVEN_NAMES
from core.people.tables import ContactPerson, Enrolment, Organisation, OrganisationKind
from core.registry import Level, Scope, Workflow

CASES = 10_000
USERNAME = "county.{post}.{place}"  # place: the unit's, organisation's or municipality's id
TEACHER, COORDINATOR, MANAGER, PROTECTION = "teacher", "coordinator", "manager", "childprotection"
KINDS = (OrganisationKind.kindergarten.value, OrganisationKind.school.value)
# Shares of the cases by stage: the first, the second, the rest of the workflow's stages
# together, and core's child-protection stage.
FIRST, SECOND, LATER, ESCALATED = 0.55, 0.30, 0.10, 0.05
CLOSED = 0.15  # of the cases at a stage where the workflow closes cases
PENDING = 0.03  # of the open cases before the last stage: a handover awaits acceptance
CONCERNS = ((Concern.low, 0.5), (Concern.medium, 0.35), (Concern.high, 0.15))
# Timeline length: most cases 10 to 40 entries written by people, one in ten 40 to 80.
TIMELINE, LONG_TIMELINE, LONG_SHARE = (10, 40), (40, 80), 0.1
WRITTEN = (
    (EntryKind.note, "Näidis: vestlus lapsega vahetunnis; laps rääkis, et kodus on rahutu."),
    (EntryKind.observation, "Näidis: tunnis keskendub kuni kümme minutit, siis vajab pausi."),
    (EntryKind.family_contact, "Näidis: helistasin emale, leppisime kokku kohtumise."),
    (EntryKind.meeting, "Näidis: ümarlaud õpetaja, koordinaatori ja emaga; tugi kokku lepitud."),
    (EntryKind.decision, "Näidis: otsustati alustada eripedagoogi tundidega kaks korda nädalas."),
)
GOALS = (
    ("Näidis: laps osaleb rühmatöös", "Paaristöö, selged juhised, kiitus"),
    ("Näidis: lugemisoskus paraneb", "Eripedagoogi tunnid, lugemispäevik"),
    ("Näidis: päev lasteaias või koolis on rahulik", "Vaikne nurk, liikumispausid, pildiplaan"),
    ("Näidis: pere saab toe", "Kohtumine sotsiaaltöötajaga, nõustamine"),
)
TASKS = (
    "Näidis: kohtuda vanematega",
    "Näidis: küsida Rajaleidja nõu",
    "Näidis: koostada tugikava",
    "Näidis: hinnata lugemisoskust",
    "Näidis: leppida kokku eripedagoogi tunnid",
    "Näidis: helistada perearstile",
    "Näidis: saata kokkuvõte vanematele",
    "Näidis: korraldada ümarlaud",
)
SHEET = {
    "f.danger": "no",
    "f.noticed": "Näidis: laps on sageli endassetõmbunud ja ei räägi kaaslastega.",
    "f.situations": "Näidis: rühmatöös ja vahetunnis.",
    "f.strengths": "Näidis: joonistab hästi, abivalmis.",
    "f.parents_informed": "yes",
}
ACCOUNT_BATCH = 500
# What the demo prints for each post's accounts.
PURPOSES = {
    TEACHER: "county demo: the teacher of each sample group and class (N: its id)",
    COORDINATOR: "county demo: the support coordinator of each sample kindergarten and school "
    "(N: its id)",
    MANAGER: "county demo: the case manager of each municipality (N: its id)",
    PROTECTION: "county demo: the child protection specialist of each municipality (N: its id)",
}


@dataclass(frozen=True)
class Post:
    """Who is responsible for a case at a stage: the post (the username's part), its role, and
    where its holders sit: one per group or class, per kindergarten or school, or per
    municipality."""

    name: str
    role: str
    place: Scope  # unit, organisation or municipality


@dataclass
class Staff:
    """The sample accounts by (post, place id), and the organisation each works in."""

    users: dict[tuple[str, int], int] = field(default_factory=dict)
    organisation_of: dict[int, int] = field(default_factory=dict)
    teachers_of: dict[int, list[int]] = field(default_factory=dict)  # organisation -> users
    contacts: dict[int, list[int]] = field(default_factory=dict)  # organisation -> contacts


@dataclass
class _Plan:
    """One case's rows, before the case has an id."""

    case: dict[str, Any]
    sheet_author: tuple[int, int]  # user, organisation
    entries: list[dict[str, Any]] = field(default_factory=list)
    participants: list[dict[str, Any]] = field(default_factory=list)
    goals: list[tuple[str, str]] = field(default_factory=list)
    tasks: list[dict[str, Any]] = field(default_factory=list)  # "goal": index in goals or None
    evaluations: list[dict[str, Any]] = field(default_factory=list)
    handovers: list[dict[str, Any]] = field(default_factory=list)


async def seed_county_cases(ctx: DemoContext) -> None:
    """The county's sample cases and their staff, unless the database has them already."""
    if ctx.scale != "county":
        return
    manager = await _manager_role(ctx)
    defaults = enabled_by_default(ctx.plugins)
    workflows = {workflow_for_kind(ctx.plugins, kind, defaults) for kind in KINDS}
    shown = {
        post.name
        for workflow in workflows
        if workflow is not None
        for post in _posts(ctx, workflow, manager).values()
    }
    ctx.accounts.extend(
        (USERNAME.format(post=name, place="N"), purpose)
        for name, purpose in PURPOSES.items()
        if name in shown
    )
    if await User.exists().where(User.username.like(USERNAME.format(post=PROTECTION, place="%"))):
        return
    rng = random.Random(2027)  # the same cases on every run  # noqa: S311 - sample data only
    enrolments = await _enrolments(ctx)
    posts = {
        workflow.key: _posts(ctx, workflow, manager)
        for workflow in {row["workflow"] for row in enrolments}
    }
    staff = await _staff(ctx, rng, enrolments, posts)
    chosen = rng.sample(enrolments, min(round(CASES * ctx.share), len(enrolments)))
    now = datetime.now(UTC)
    await _write([_case_plan(rng, staff, posts, enrolment, now) for enrolment in chosen])


async def _manager_role(ctx: DemoContext) -> str:
    """The municipality case manager's role: one that core offers at a municipality-level stage
    naming no roles (`case_manager_roles`) and that is no child-protection post, else the
    child protection specialist."""
    offered = await case_manager_roles(ctx.plugins, min(ctx.municipalities.values()))
    roles = ctx.plugins.roles
    managers = sorted(
        name
        for name in offered
        if name in roles
        and roles[name].scope is Scope.municipality
        and SEE_CHILD_PROTECTION not in roles[name].permissions
    )
    return managers[0] if managers else CHILD_PROTECTION_ROLE


def _posts(ctx: DemoContext, workflow: Workflow, manager: str) -> dict[str, Post]:
    """The post responsible at each stage of ``workflow``, and at core's child-protection
    stage."""
    protection = Post(PROTECTION, CHILD_PROTECTION_ROLE, Scope.municipality)
    posts = {CHILD_PROTECTION_STAGE.key: protection}
    for index, stage in enumerate(workflow.stages):
        roles = sorted(stage.roles)
        if stage.level is Level.municipality:
            role = roles[0] if roles else manager
            posts[stage.key] = (
                protection
                if role == CHILD_PROTECTION_ROLE
                else (Post(MANAGER, role, Scope.municipality))
            )
        elif index == 0:
            units = [name for name in roles if ctx.plugins.roles[name].scope is Scope.unit]
            posts[stage.key] = Post(TEACHER, (units or roles)[0], Scope.unit)
        else:
            name = COORDINATOR if index == 1 else f"stage{index + 1}"
            posts[stage.key] = Post(name, roles[0], Scope.organisation)
    return posts


async def _enrolments(ctx: DemoContext) -> list[dict[str, Any]]:
    """The sample kindergartens' and schools' children in a group or class who have no case
    yet, one enrolment each, with the workflow of the enabled plugins for the organisation's
    kind in the child's municipality (organisations without one are left out); in a fixed
    order."""
    rows = await Enrolment.select(
        Enrolment.child,
        Enrolment.organisation,
        Enrolment.unit,
        Enrolment.organisation.kind.as_alias("kind"),
        Enrolment.child.registered_municipality.as_alias("municipality"),
    ).where(
        Enrolment.organisation._.sample.eq(True)
        & Enrolment.organisation._.kind.is_in(list(KINDS))
        & Enrolment.unit.is_not_null()
        & Enrolment.child._.registered_municipality.is_not_null()
        & Enrolment.child.not_in(Case.select(Case.child))
    )
    enabled: dict[int, set[str]] = {}
    chosen, seen = [], set()
    for row in sorted(rows, key=lambda row: (row["child"], row["organisation"])):
        if row["child"] in seen:
            continue
        municipality = row["municipality"]
        if municipality not in enabled:
            enabled[municipality] = await enabled_plugins(ctx.plugins, municipality)
        workflow = workflow_for_kind(ctx.plugins, row["kind"], enabled[municipality])
        if workflow is not None:
            seen.add(row["child"])
            chosen.append({**row, "workflow": workflow})
    return chosen


def _place(post: Post, enrolment: dict[str, Any]) -> int:
    key = {Scope.unit: "unit", Scope.organisation: "organisation"}.get(post.place, "municipality")
    place: int = enrolment[key]
    return place


async def _staff(
    ctx: DemoContext,
    rng: random.Random,
    enrolments: list[dict[str, Any]],
    posts: dict[str, dict[str, Post]],
) -> Staff:
    """An account for every post of every group, class, kindergarten, school and municipality
    that has cases to be responsible for."""
    offices = {
        row["municipality"]: row["id"]
        for row in await Organisation.select(Organisation.id, Organisation.municipality).where(
            Organisation.kind == OrganisationKind.municipality_office.value
        )
    }
    wanted: dict[tuple[str, int], tuple[Post, int, int | None]] = {}
    for enrolment in enrolments:
        for post in posts[enrolment["workflow"].key].values():
            place = _place(post, enrolment)
            if post.place is Scope.municipality:
                wanted[post.name, place] = (post, offices[place], None)
            else:
                unit = place if post.place is Scope.unit else None
                wanted[post.name, place] = (post, enrolment["organisation"], unit)
    hashed = await hash_password(ctx.password)
    staff = Staff()
    accounts = sorted(wanted.items(), key=lambda item: item[0])
    for start in range(0, len(accounts), ACCOUNT_BATCH):
        batch = accounts[start : start + ACCOUNT_BATCH]
        names = [USERNAME.format(post=name, place=place) for (name, place), _ in batch]
        rows = await User.insert(
            *(
                User(
                    username=username,
                    full_name=f"{rng.choice(GIVEN_NAMES)} {rng.choice(FAMILY_NAMES)}",
                    email=f"{username}@example.invalid",
                    password_hash=hashed,
                )
                for username in names
            )
        ).returning(User.id)
        await Membership.insert(
            *(
                Membership(user=row["id"], organisation=organisation, role=post.role, unit=unit)
                for row, (_key, (post, organisation, unit)) in zip(rows, batch, strict=True)
            )
        )
        for row, (key, (post, organisation, _unit)) in zip(rows, batch, strict=True):
            staff.users[key] = row["id"]
            staff.organisation_of[row["id"]] = organisation
            if post.place is Scope.unit:
                staff.teachers_of.setdefault(organisation, []).append(row["id"])
    for row in await ContactPerson.select(ContactPerson.id, ContactPerson.organisation):
        staff.contacts.setdefault(row["organisation"], []).append(row["id"])
    return staff


def _stage_weights(workflow: Workflow) -> list[tuple[str, float]]:
    """Each stage's share of the cases (the first, the second, the others together), and core's
    child-protection stage's."""
    stages = [stage.key for stage in workflow.stages]
    later = stages[2:]
    weights = [FIRST, SECOND][: len(stages)] + [LATER / len(later)] * len(later)
    weights[-1] += 1 - ESCALATED - sum(weights)
    return [*zip(stages, weights, strict=True), (CHILD_PROTECTION_STAGE.key, ESCALATED)]


def _transition(workflow: Workflow, from_stage: str, to_stage: str) -> str:
    """The key of the workflow's step from one stage to the next (empty when it has none)."""
    for transition in workflow.transitions:
        if from_stage in transition.sources and transition.target == to_stage:
            return transition.key
    return ""


def _case_plan(
    rng: random.Random,
    staff: Staff,
    posts: dict[str, dict[str, Post]],
    enrolment: dict[str, Any],
    now: datetime,
) -> _Plan:
    workflow: Workflow = enrolment["workflow"]
    of_stage = posts[workflow.key]
    organisation = enrolment["organisation"]
    today = now.date()

    def holder(stage: str) -> int:
        post = of_stage[stage]
        return staff.users[post.name, _place(post, enrolment)]

    weights = _stage_weights(workflow)
    stage = rng.choices([key for key, _w in weights], [w for _k, w in weights])[0]
    keys = [item.key for item in workflow.stages]
    escalated = stage == CHILD_PROTECTION_STAGE.key
    # The stages the case went through, and the one it was escalated from.
    path = keys[: min(2, len(keys))] if escalated else keys[: keys.index(stage) + 1]
    responsible = holder(stage)
    closable = escalated or any(
        stage in item.sources and item.target is None for item in workflow.transitions
    )
    closed = closable and rng.random() < CLOSED
    opened = now - timedelta(days=rng.randint(1, 730), minutes=rng.randint(0, 600))
    ended = opened + (now - opened) * rng.uniform(0.5, 0.95) if closed else now
    at_institution = of_stage[stage].place is not Scope.municipality
    plan = _Plan(
        case={
            "child": enrolment["child"],
            "owner_organisation": organisation,
            "municipality": enrolment["municipality"],
            "workflow": workflow.key,
            "stage": stage,
            "level": (Level.institution if at_institution else Level.municipality).value,
            "responsible": responsible,
            "status": (CaseStatus.closed if closed else CaseStatus.open).value,
            "concern": rng.choices([c for c, _w in CONCERNS], [w for _c, w in CONCERNS])[0].value,
            "reason": "Näidis: märkamisleht",
            "escalated_at": None,
            "review_due": today + timedelta(days=rng.randint(-20, 90)),
            "opened_at": opened,
            "closed_at": ended if closed else None,
            "outcome": "Näidis: tugi aitas, koostöö perega jätkub." if closed else "",
        },
        sheet_author=(holder(keys[0]), organisation),
    )

    def at(fraction: float) -> datetime:
        return opened + (ended - opened) * fraction

    def entry(kind: EntryKind, body: str, author: int, moment: datetime) -> None:
        roll = rng.random()
        sensitivity = (
            Sensitivity.health
            if roll < 0.05
            else Sensitivity.child_protection
            if roll < 0.08
            else Sensitivity.none
        )
        plan.entries.append(
            {
                "kind": kind.value,
                "body": body,
                "sensitivity": sensitivity.value,
                "occurred_on": moment.date(),
                "author": author,
                "author_organisation": staff.organisation_of[author],
                "created_at": moment,
            }
        )

    def hand_over(from_stage: str, to_stage: str, moment: datetime, pending: bool) -> None:
        escalation = to_stage == CHILD_PROTECTION_STAGE.key
        sender, receiver = holder(from_stage), holder(to_stage)
        plan.handovers.append(
            {
                "sender": sender,
                "receiver": receiver,
                "from_stage": from_stage,
                "to_stage": to_stage,
                "transition": "" if escalation else _transition(workflow, from_stage, to_stage),
                "escalation": escalation,
                "reason": "Näidis: vajab rohkem tuge, kui praeguses etapis anda saab.",
                "status": (HandoverStatus.pending if pending else HandoverStatus.accepted).value,
                "created_at": moment,
                "decided_at": None if pending else moment + timedelta(days=1),
            }
        )
        kind = EntryKind.escalation if escalation else EntryKind.handover
        entry(kind, "Näidis: üle antud.", sender, moment)
        if not pending:
            entry(EntryKind.handover, "Näidis: vastu võetud.", receiver, moment + timedelta(days=1))

    entry(EntryKind.form, "Näidis: juhtum avati märkamislehe põhjal.", holder(keys[0]), opened)
    steps = len(path) if escalated else len(path) - 1
    for step, (before, after) in enumerate(zip(path, [*path[1:], stage], strict=True)):
        if step < steps:
            hand_over(before, after, at(0.1 + 0.3 * (step + 1) / (steps + 1)), pending=False)
    if escalated:
        plan.case["escalated_at"] = plan.handovers[-1]["created_at"]
    elif not closed and stage != keys[-1] and rng.random() < PENDING:
        following = keys[keys.index(stage) + 1]
        hand_over(stage, following, now - timedelta(hours=rng.randint(1, 72)), pending=True)
    workers = sorted({holder(key) for key in path} | {responsible})
    colleagues = [user for user in staff.teachers_of.get(organisation, []) if user not in workers]
    if colleagues and rng.random() < 0.5:
        workers.append(rng.choice(colleagues))
    low, high = LONG_TIMELINE if rng.random() < LONG_SHARE else TIMELINE
    for _ in range(rng.randint(low, high)):
        kind, body = rng.choice(WRITTEN)
        entry(kind, body, rng.choice(workers), at(rng.uniform(0.05, 1.0)))
    if closed:
        entry(EntryKind.stage_change, "Näidis: juhtum suleti.", responsible, ended)
    plan.entries.sort(key=lambda item: item["created_at"])

    for user in workers:
        if user != responsible:
            plan.participants.append(
                {
                    "user": user,
                    "contact": None,
                    "organisation": staff.organisation_of[user],
                    "task": "Näidis: tugi",
                }
            )
    contacts = staff.contacts.get(organisation, [])
    if contacts and rng.random() < 0.6:
        plan.participants.append(
            {
                "user": None,
                "contact": rng.choice(contacts),
                "organisation": organisation,
                "task": "Näidis: nõustamine",
            }
        )

    owners = [None, responsible, responsible, *(user for user in workers if user != responsible)]
    plan.goals = rng.sample(GOALS, k=rng.randint(1, 3))
    for title in rng.sample(TASKS, k=rng.randint(2, 8)):
        due = today + timedelta(days=rng.randint(-45, 60))
        roll = rng.random()
        if closed or roll < (0.5 if due < today else 0.2):
            status = TaskStatus.done
        else:
            status = TaskStatus.cancelled if roll > 0.97 else TaskStatus.open
        plan.tasks.append(
            {
                "goal": rng.choice([None, *range(len(plan.goals))]),
                "title": title,
                "owner": rng.choice(owners),
                "due_on": due,
                "status": status.value,
                "done_at": now if status is TaskStatus.done else None,
                "created_at": at(rng.uniform(0.1, 0.5)),
            }
        )
    if (now - opened).days > 90:
        for n in range(rng.randint(1, 2)):
            moment = at(0.5 + 0.4 * n)
            plan.evaluations.append(
                {
                    "evaluated_on": moment.date(),
                    "text": "Näidis: tugi on aidanud; jätkame samamoodi.",
                    "next_due": moment.date() + timedelta(days=90),
                    "author": responsible,
                    "created_at": moment,
                }
            )
    return plan


async def _write(plans: list[_Plan]) -> None:
    """Every case's rows, by bulk inserts; cases and goals get their ids here, so that the rows
    naming them need no round trip."""
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
        if table_rows:
            await _bulk_insert(table, table_rows)
    await _follow_ids(Case)
    await _follow_ids(PlanGoal)


async def _next_id(table: Any) -> int:
    name = table._meta.tablename
    [row] = await table.raw(f'SELECT coalesce(max(id), 0) + 1 AS n FROM "{name}"')  # noqa: S608
    return int(row["n"])


async def _bulk_insert(table: Any, rows: list[dict[str, Any]]) -> None:
    """Insert ``rows`` (all with the same keys) on the transaction's connection, by the
    driver's fastest way: ``executemany`` on SQLite, ``COPY`` on PostgreSQL."""
    engine = table._meta.db
    connection = engine.current_transaction.get().connection
    columns = list(rows[0])
    records = [tuple(row[column] for column in columns) for row in rows]
    name = table._meta.tablename
    if engine.engine_type == "sqlite":
        quoted = ", ".join(f'"{column}"' for column in columns)
        marks = ", ".join("?" for _ in columns)
        insert = f'INSERT INTO "{name}" ({quoted}) VALUES ({marks})'  # noqa: S608
        await connection.executemany(insert, records)
    else:
        await connection.copy_records_to_table(name, columns=columns, records=records)


async def _follow_ids(table: Any) -> None:
    """After ids were given by hand, PostgreSQL's sequence goes on from the largest."""
    if table._meta.db.engine_type != "sqlite":
        name = table._meta.tablename
        sequence = f"pg_get_serial_sequence('{name}', 'id')"
        await table.raw(f'SELECT setval({sequence}, (SELECT max(id) FROM "{name}"))')  # noqa: S608
