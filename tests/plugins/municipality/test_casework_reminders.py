"""The daily reminder of overdue agreements: one job a day, one notification per agreement and
day, none for agreements done or not yet due."""

from datetime import UTC, date, datetime

import pytest

from core.jobs.tables import Job
from core.notifications.tables import Notification
from plugins.municipality.casework.reminders import OVERDUE, enqueue_reminders, remind
from plugins.municipality.casework.tables import Agreement
from tests.helpers import post
from tests.plugins.municipality.casework_fixtures import mari_fixture  # noqa: F401
from tests.plugins.municipality.test_casework_round_tables import NEXT_WEEK, YESTERDAY, convened

pytestmark = pytest.mark.anyio


async def test_overdue_agreements_are_reminded_once_a_day(
    municipality_client, municipality_plugins, mari
):
    client = municipality_client
    case_id, table_id = await convened(client, mari)
    page = f"/municipality/cases/{case_id}/round-tables/{table_id}"
    await post(client, f"{page}/invitees", {"user": str(mari["tartu.police"])})
    for text, who, due in (
        ("Politsei vestleb perega.", "tartu.police", YESTERDAY),
        ("Korraldaja helistab koolile.", "tartu.casemanager", NEXT_WEEK),
    ):
        added = await post(
            client,
            f"{page}/agreements",
            {"text": text, "responsible": str(mari[who]), "due_on": due},
        )
        assert added.status_code == 303

    now = datetime.now(UTC)
    await enqueue_reminders(now)
    await enqueue_reminders(now)
    assert await Job.count().where(Job.kind == "municipality.agreement_reminders") == 1
    payload = {"day": date.today().isoformat()}
    await remind(payload)
    await remind(payload)
    reminded = await Notification.select().where(Notification.message == OVERDUE)
    assert [row["user"] for row in reminded] == [mari["tartu.police"]]
    overdue = await Agreement.select().where(Agreement.responsible == mari["tartu.police"]).first()
    assert reminded[0]["url"] == f"{page}#agreement-{overdue['id']}"
