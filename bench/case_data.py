"""What the case benchmarks need to know of the county demo's sample cases
(`core.cases.demo_county`, made by `heaolu demo --scale county`): the school with the most
cases and its support coordinator, the case manager of the municipality with the most cases at
its level, the coordinator's open cases with a long timeline, and the rows by table.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

LONG_TIMELINE = 30  # entries: a case page worth timing has at least this many


@dataclass
class CaseData:
    """What the benchmarks need to know of the demo's cases."""

    school: int  # the organisation with the most cases
    coordinator: str  # its support coordinator
    manager: str  # the case manager of the municipality with the most cases at its level
    long_cases: list[int]  # the coordinator's open cases with a long timeline
    rows: dict[str, int] = field(default_factory=dict)  # rows by table
    facts: dict[str, int] = field(default_factory=dict)  # what the two users have before them
    seconds: float = 0.0  # time the demo took (0 when it was there already)


async def describe() -> CaseData:
    from core.auth.tables import User
    from core.cases.demo_county import COORDINATOR, MANAGER, PROTECTION, USERNAME
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
        "SELECT owner_organisation, count(*) AS n FROM cases_case "
        "GROUP BY owner_organisation ORDER BY n DESC, owner_organisation LIMIT 1"
    )
    [municipality] = await Case.raw(
        "SELECT municipality, count(*) AS n FROM cases_case WHERE level = 'municipality' "
        "GROUP BY municipality ORDER BY n DESC, municipality LIMIT 1"
    )
    coordinator = USERNAME.format(post=COORDINATOR, place=school["owner_organisation"])
    # The municipality's case manager: the child protection specialist where no plugin gives
    # another post.
    managers = [
        USERNAME.format(post=post, place=municipality["municipality"])
        for post in (MANAGER, PROTECTION)
    ]
    long_cases = await Case.raw(
        'SELECT cases_case.id FROM cases_case JOIN cases_entry ON cases_entry."case" = '
        "cases_case.id WHERE cases_case.owner_organisation = {} AND cases_case.status = 'open' "
        "GROUP BY cases_case.id HAVING count(*) >= {} ORDER BY cases_case.id",
        school["owner_organisation"],
        LONG_TIMELINE,
    )
    users = await User.select(User.id, User.username).where(
        User.username.is_in([coordinator, *managers])
    )
    ids = {row["username"]: row["id"] for row in users}
    manager = next(username for username in managers if username in ids)
    today = date.today()
    facts = {
        "the school's cases": await Case.count().where(
            Case.owner_organisation == school["owner_organisation"]
        ),
        "of them open": await Case.count().where(
            (Case.owner_organisation == school["owner_organisation"]) & (Case.status == "open")
        ),
        "the coordinator's open cases": await Case.count().where(
            (Case.responsible == ids[coordinator]) & (Case.status == "open")
        ),
        "handovers awaiting the coordinator": await Handover.count().where(
            (Handover.receiver == ids[coordinator]) & (Handover.status == "pending")
        ),
        "the coordinator's open tasks overdue": await PlanTask.count().where(
            (PlanTask.owner == ids[coordinator])
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
        coordinator=coordinator,
        manager=manager,
        long_cases=[row["id"] for row in long_cases],
        rows=rows,
        facts=facts,
    )
