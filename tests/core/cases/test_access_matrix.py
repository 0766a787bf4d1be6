"""Who may do what on a case: each role against the case page, the print view, the timeline,
adding an entry, the plan and the steps, with the status each must get.

The case is Mari's at stage I of Tartu Kool, with the class teacher responsible. 404 means the
case is outside the user's scope (as if it did not exist, with a denied audit row); 403 that
the user may look at it but does not work on it (a receiver before accepting); 400 that the
workflow refuses the step to the user's role.
"""

import pytest

from core.audit.tables import AuditEvent
from core.cases.tables import Case, CaseEntry, CaseParticipant, Handover, PlanGoal, PlanTask
from tests.core.cases.test_case_list import make_case
from tests.helpers import log_in, post

pytestmark = pytest.mark.anyio

ACTIONS = {
    "view": ("GET", "/cases/{case}", None),
    "print": ("GET", "/cases/{case}/print", None),
    "timeline": ("GET", "/cases/{case}/timeline?page=1", None),
    "add entry": (
        "POST",
        "/cases/{case}/entries",
        {"kind": "note", "body": "Märge.", "sensitivity": "none", "occurred_on": ""},
    ),
    "add goal": ("POST", "/cases/{case}/goals", {"goal": "Eesmärk.", "measures": ""}),
    "add task": ("POST", "/cases/{case}/tasks", {"title": "Ülesanne."}),
    "tick task": ("POST", "/cases/{case}/tasks/{task}/status", {"status": "done", "version": "1"}),
    "step form": ("GET", "/cases/{case}/steps/to_II", None),
    "take step": (
        "POST",
        "/cases/{case}/steps/to_II",
        {"version": "1", "receiver": "{coordinator}", "reason": "Vajab tuge."},
    ),
}
OUT_OF_SCOPE = dict.fromkeys(ACTIONS, 404)
# The workflow lets only the class teacher take "to_II"; others who work on the case see why.
WORKER = {**dict.fromkeys(ACTIONS, 200), "add entry": 303, "add goal": 303, "add task": 303}
WORKER |= {"tick task": 303, "take step": 400}
LOOKER = {**dict.fromkeys(ACTIONS, 403), "view": 200, "print": 200, "timeline": 200}
MATRIX = {
    "teacher": {**WORKER, "take step": 303},
    "coordinator": WORKER,
    "nurse": WORKER,
    "participant": WORKER,  # the family doctor, added from the directory
    "receiver": LOOKER,  # the case manager, asked to accept the case
    "other.teacher": OUT_OF_SCOPE,
    "doctor": OUT_OF_SCOPE,
    "manager": OUT_OF_SCOPE,
    "elva.manager": OUT_OF_SCOPE,
    "tartu.cps": OUT_OF_SCOPE,
    "tartu.admin": OUT_OF_SCOPE,
    "sysadmin": OUT_OF_SCOPE,
}
LOGINS = {"participant": "doctor", "receiver": "manager"}
# The table each writing action adds one row to when it is allowed.
WRITES = {"add entry": CaseEntry, "add goal": PlanGoal, "add task": PlanTask, "take step": Handover}


@pytest.fixture
async def case(casework):
    ids = dict(casework)
    ids["case"] = await make_case(casework, casework["child"])
    [task] = await PlanTask.insert(PlanTask(case=ids["case"], title="Helista.")).returning(
        PlanTask.id
    )
    ids["task"] = task["id"]
    await CaseParticipant.insert(
        CaseParticipant(
            case=ids["case"],
            user=casework["doctor"],
            organisation=casework["doctors"],
            added_by=casework["teacher"],
        )
    )
    return ids


async def prepare(who, ids):
    if who == "participant":
        return
    await CaseParticipant.delete().where(CaseParticipant.case == ids["case"])
    if who == "receiver":
        await Handover.insert(
            Handover(
                case=ids["case"],
                sender=ids["teacher"],
                receiver=ids["manager"],
                from_stage="I",
                to_stage="III",
            )
        )


async def attempt(client, case, action):
    """Do ``action`` as the logged-in user; returns the status and how many rows it wrote."""
    method, path, data = ACTIONS[action]
    path = path.format(**case)
    table = WRITES.get(action)
    before = await table.count() if table else 0
    if method == "GET":
        response = await client.get(path)
    else:
        values = {k: str(v) for k, v in case.items()}
        response = await post(client, path, {k: v.format(**values) for k, v in data.items()})
    if response.status_code == 404:
        assert "Mets" not in response.text
    written = (await table.count() - before) if table else 0
    return response.status_code, written


@pytest.mark.parametrize("who", list(MATRIX))
async def test_access_matrix(notes_client, case, who):
    """One role's row of the matrix: every action, in an order where no write changes what a
    later action meets (the step, which hands the case over, comes last)."""
    await prepare(who, case)
    assert (await log_in(notes_client, LOGINS.get(who, who))).status_code == 303
    got, wrote = {}, {}
    for action in ACTIONS:
        got[action], wrote[action] = await attempt(notes_client, case, action)
    assert got == MATRIX[who]
    assert wrote == {action: int(action in WRITES and got[action] == 303) for action in ACTIONS}
    task = await PlanTask.select(PlanTask.status).where(PlanTask.id == case["task"]).first()
    assert task["status"] == ("done" if MATRIX[who]["tick task"] == 303 else "open")
    if 404 in got.values():
        denied = await AuditEvent.count().where(
            (AuditEvent.outcome == "denied")
            & (AuditEvent.object_type == "case")
            & (AuditEvent.object_id == str(case["case"]))
        )
        assert denied == list(got.values()).count(404)
    assert (await Case.select(Case.stage).where(Case.id == case["case"]).first())["stage"] == "I"
